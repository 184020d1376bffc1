// The worker's IndexedDB (through `idb`): saved courses, the outbox in the order it was made, the last
// 20 sent items, the server's texts per language, and who was last seen signed in (`meta`).
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { SavedCourse } from './device';
import { replaceQueued, type Queued, type Sent } from './queue';
import type { Texts } from './texts';
import { resettable } from './lock';

/** The learner the last page from the network was for (null: signed out), and the last one signed in. */
export type Account = { current: number | null; last: number | null };

interface OfflineDB extends DBSchema {
	courses: { key: string; value: SavedCourse };
	outbox: { key: number; value: Queued; indexes: { key: string } };
	sent: { key: number; value: Sent & { id?: number } };
	texts: { key: string; value: { locale: string; texts: Texts } };
	meta: { key: string; value: Account };
}

export const SENT_KEPT = 20;
const OPEN_TIMEOUT = 3_000;

/**
 * The connection, opened once; a failed, blocked or slow open is not kept (the next call tries
 * again), and a connection that blocks a newer worker's upgrade or is terminated is closed and forgotten.
 */
export const db = resettable(
	() =>
		new Promise<IDBPDatabase<OfflineDB>>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error('IndexedDB did not open')), OPEN_TIMEOUT);
			const opening = openDB<OfflineDB>('civicsteps-offline', 2, {
				upgrade(d, oldVersion, _newVersion, tx) {
					if (oldVersion < 1) {
						d.createObjectStore('courses', { keyPath: 'slug' });
						d.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true });
						d.createObjectStore('sent', { keyPath: 'id', autoIncrement: true });
						d.createObjectStore('texts', { keyPath: 'locale' });
					}
					if (oldVersion < 2) {
						// Version 2: one entry per (learner, operation), since a lesson's op is the same for everyone.
						const outbox = tx.objectStore('outbox');
						const names = outbox.indexNames as unknown as DOMStringList;
						if (names.contains('op')) outbox.deleteIndex('op' as never);
						outbox.createIndex('key', 'key', { unique: true });
						d.createObjectStore('meta');
						void (async () => {
							let cursor = await outbox.openCursor();
							while (cursor) {
								const item = cursor.value;
								await cursor.update({ ...item, key: `${item.user ?? ''}:${item.op}` });
								cursor = await cursor.continue();
							}
						})();
					}
				},
				blocked() {
					db.reset();
				},
				blocking() {
					db.reset();
					void opening.then((d) => d.close());
				},
				terminated() {
					db.reset();
				}
			});
			opening.then(
				(d) => (clearTimeout(timer), resolve(d)),
				(error: unknown) => (clearTimeout(timer), reject(error))
			);
		})
);

/** Adds a step; the same (learner, operation) already there is replaced by the newer one (latest answers win). */
export async function enqueue(item: Queued): Promise<void> {
	const tx = (await db()).transaction('outbox', 'readwrite');
	const existing = await tx.store.index('key').get(item.key);
	if (existing) await tx.store.put(replaceQueued(existing, item));
	else await tx.store.add(item);
	await tx.done;
}

/**
 * Writes a send's result unless the step was replaced meanwhile (answered again while it was on its
 * way): then the newer one stays, to be sent next time (the server answers an op it has with its answer).
 */
export async function settle(sent: Queued, next: Queued | null): Promise<boolean> {
	const tx = (await db()).transaction('outbox', 'readwrite');
	const now = await tx.store.get(sent.id!);
	const same = now !== undefined && now.at === sent.at;
	if (same) {
		if (next) await tx.store.put(next);
		else await tx.store.delete(sent.id!);
	}
	await tx.done;
	return same;
}

export async function rememberSent(item: Sent): Promise<void> {
	const tx = (await db()).transaction('sent', 'readwrite');
	await tx.store.add(item);
	const keys = await tx.store.getAllKeys();
	for (const key of keys.slice(0, Math.max(0, keys.length - SENT_KEPT))) await tx.store.delete(key);
	await tx.done;
}

export async function lastSent(): Promise<Sent[]> {
	return (await (await db()).getAll('sent')).reverse();
}

export async function readAccount(): Promise<Account> {
	return (await (await db()).get('meta', 'account')) ?? { current: null, last: null };
}

export async function writeAccount(current: number | null): Promise<Account> {
	const tx = (await db()).transaction('meta', 'readwrite');
	const before = (await tx.store.get('account')) ?? { current: null, last: null };
	const account = { current, last: current ?? before.last };
	if (before.current !== account.current || before.last !== account.last) await tx.store.put(account, 'account');
	await tx.done;
	return account;
}
