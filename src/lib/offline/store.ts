// The worker's IndexedDB (through `idb`): saved courses, the outbox in the order it was made, the last
// 20 sent items, and the server's texts per language.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { SavedCourse } from './device';
import type { Queued, Sent } from './queue';
import type { Texts } from './texts';

interface OfflineDB extends DBSchema {
	courses: { key: string; value: SavedCourse };
	outbox: { key: number; value: Queued; indexes: { op: string } };
	sent: { key: number; value: Sent & { id?: number } };
	texts: { key: string; value: { locale: string; texts: Texts } };
}

export const SENT_KEPT = 20;

let opened: Promise<IDBPDatabase<OfflineDB>> | null = null;

export function db(): Promise<IDBPDatabase<OfflineDB>> {
	opened ??= openDB<OfflineDB>('civicsteps-offline', 1, {
		upgrade(d) {
			d.createObjectStore('courses', { keyPath: 'slug' });
			const outbox = d.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true });
			// One queued entry per operation: the same form sent twice offline stays one.
			outbox.createIndex('op', 'op', { unique: true });
			d.createObjectStore('sent', { keyPath: 'id', autoIncrement: true });
			d.createObjectStore('texts', { keyPath: 'locale' });
		}
	});
	return opened;
}

/** Adds an operation unless the same op is already queued. */
export async function enqueue(item: Queued): Promise<void> {
	const tx = (await db()).transaction('outbox', 'readwrite');
	if (!(await tx.store.index('op').getKey(item.op))) await tx.store.add(item);
	await tx.done;
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
