import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, preparedQuery, type DB } from '$lib/server/db/client';
import SQLite from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCourseBySlug } from '$lib/server/catalogue/courses';
import { enrol, readRecord } from '$lib/server/learning/progress';
import { createSession, validateSessionToken } from '$lib/server/auth/session';
import { bumpContentGeneration, contentGeneration } from '$lib/server/catalogue/content/generation';
import { T0, freshDb, insertUser } from './helpers';
import { engine } from './engine';
import { answerBadValuesWith400 } from '$lib/server/http/guard';
import { m } from '$lib/paraglide/messages';
import { freshContentDb, importOk, removeTempDirs, writeDemo } from './content-fixture';

describe('queries compiled once (preparedQuery)', () => {
	let db: DB;
	beforeEach(async () => {
		db = await freshContentDb();
		await db
			.insertInto('meta')
			.values([
				{ key: 'a', value: 'one' },
				{ key: 'b', value: 'two' }
			])
			.execute();
	});
	afterEach(() => db.destroy());

	const valueOf = preparedQuery(
		(db: DB, key: string) => db.selectFrom('meta').select('value').where('key', '=', key),
		['placeholder']
	);

	it('answers each call with its own parameters, as Kysely does', async () => {
		expect(await valueOf(db, 'a')).toEqual([{ value: 'one' }]);
		expect(await valueOf(db, 'b')).toEqual([{ value: 'two' }]);
		expect(await valueOf(db, 'missing')).toEqual([]);
		expect(await valueOf(db, 'b')).toEqual(
			await db.selectFrom('meta').select('value').where('key', '=', 'b').execute()
		);
	});

	it('sees writes made since, and works inside a transaction', async () => {
		expect(await valueOf(db, 'c')).toEqual([]);
		await db.insertInto('meta').values({ key: 'c', value: 'three' }).execute();
		expect(await valueOf(db, 'c')).toEqual([{ value: 'three' }]);
		const inside = await db.transaction().execute(async (tx) => {
			await tx.updateTable('meta').set({ value: 'changed' }).where('key', '=', 'c').execute();
			return valueOf(tx, 'c');
		});
		expect(inside).toEqual([{ value: 'changed' }]);
	});

	it('puts each call’s value wherever its placeholder stands, also twice', async () => {
		const either = preparedQuery(
			(db: DB, key: string, other: string) =>
				db
					.selectFrom('meta')
					.select('value')
					.where((eb) => eb.or([eb('key', '=', key), eb('value', '=', key), eb('key', '=', other)]))
					.orderBy('value'),
			['p1', 'p2']
		);
		expect(await either(db, 'a', 'b')).toEqual([{ value: 'one' }, { value: 'two' }]);
		expect(await either(db, 'two', 'none')).toEqual([{ value: 'two' }]);
	});

	it('refuses a query whose parameters are not the placeholders given', async () => {
		const wrong = preparedQuery(
			(db: DB, key: string) => db.selectFrom('meta').select('value').where('key', '=', key).where('value', '!=', 'x'),
			['k']
		);
		await expect(async () => wrong(db, 'a')).rejects.toThrow(/placeholders/);
	});
});

describe('reads never see another request’s uncommitted writes', () => {
	let db: DB;
	beforeEach(async () => {
		db = await freshContentDb();
		await importOk(db, writeDemo());
	});
	afterEach(async () => {
		removeTempDirs();
		await db.destroy();
	});

	/**
	 * Runs `write` in a transaction that is later rolled back, and starts `read` (as a concurrent
	 * request would) while that transaction is still open. Returns what the read saw.
	 */
	async function readDuringRolledBack<T>(write: (tx: DB) => Promise<void>, read: () => Promise<T>): Promise<T> {
		let seen: Promise<T> | undefined;
		await expect(
			db.transaction().execute(async (tx) => {
				await write(tx);
				seen = read();
				// Another request's work goes on while this transaction is open (a quiz submission awaits
				// between its statements): let the read run now if it can.
				await new Promise((resolve) => setTimeout(resolve, 20));
				throw new Error('rolled back');
			})
		).rejects.toThrow('rolled back');
		return seen!;
	}

	it('a session created in a transaction that is rolled back never signs anyone in', async () => {
		const ana = await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
		let token = '';
		const seen = await readDuringRolledBack(
			async (tx) => {
				token = (await createSession(tx, ana, {}, T0)).token;
			},
			() => validateSessionToken(db, token, T0)
		);
		expect(seen).toBeNull();
	});

	it('a learner’s progress and attempts written in a rolled-back transaction are not read', async () => {
		const ana = await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
		const course = (await getCourseBySlug(db, 'demo', 'en'))!;
		const lesson = course.modules[0].lessons[0];
		const seen = await readDuringRolledBack(
			async (tx) => {
				await enrol(tx, ana, course.id, T0);
				await tx
					.insertInto('lesson_progress')
					.values({ user_id: ana, lesson_id: lesson.id, lesson_version_id: lesson.versionId, completed_at: T0 })
					.execute();
			},
			() => readRecord(db, ana, course.id)
		);
		expect(seen.enrolment).toBeNull();
		expect([...seen.completedLessonIds]).toEqual([]);
		expect(await readRecord(db, ana, course.id)).toMatchObject({ enrolment: null });
	});

	it('a content change that is rolled back is not announced to the page caches', async () => {
		const before = await contentGeneration(db);
		const seen = await readDuringRolledBack(
			(tx) => bumpContentGeneration(tx),
			() => contentGeneration(db)
		);
		expect(seen).toBe(before);
	});
});

describe('another process writing between a transaction’s read and its write (a CLI, a test)', () => {
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'civic-lock-'));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('does not fail the transaction with “database is locked”', async () => {
		const path = join(dir, 'app.db');
		const db = openDatabase(path);
		await migrate(db);
		const other = new SQLite(path);
		// The other process does not wait: it either writes at once or is told to come back.
		other.pragma('busy_timeout = 0');
		let otherWrote = true;
		await db.transaction().execute(async (tx) => {
			await tx.selectFrom('meta').select('key').execute();
			try {
				other.prepare("insert into meta (key, value) values ('other', 'x')").run();
			} catch (e) {
				expect((e as { code?: string }).code).toBe('SQLITE_BUSY');
				otherWrote = false;
			}
			await tx.insertInto('meta').values({ key: 'mine', value: 'y' }).execute();
		});
		// The transaction held the write lock from its start: the other process waited its turn.
		expect(otherWrote).toBe(false);
		other.prepare("insert into meta (key, value) values ('other', 'x')").run();
		const keys = (await db.selectFrom('meta').select('key').where('key', 'in', ['mine', 'other']).execute()).map(
			(r) => r.key
		);
		expect(keys.sort()).toEqual(['mine', 'other']);
		other.close();
		await db.destroy();
	});
});

describe('a value the column cannot hold', () => {
	// Ids and timestamps are bigint columns on PostgreSQL. A number read from a request that slipped
	// past a route's checks (1.5, NaN, 1e20) matches nothing on SQLite; PostgreSQL refuses to read it
	// as a bigint, and that must reach the visitor as a bad request, not as a server error.
	const bad = [1.5, Number.NaN, 1e20, Number.POSITIVE_INFINITY];

	it('matches no row on SQLite and is a bad request (400) on PostgreSQL', async () => {
		const db = await freshDb();
		await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
		// The command-line tools see PostgreSQL's own error; the web server asks for the 400.
		const raw = db.selectFrom('users').select('id').where('id', '=', 1.5).execute();
		if (engine === 'postgres') await expect(raw).rejects.toMatchObject({ code: '22P02' });
		else expect(await raw).toEqual([]);
		answerBadValuesWith400();
		for (const id of bad) {
			const query = db.selectFrom('users').select('id').where('id', '=', id);
			if (engine === 'postgres')
				await expect(query.execute()).rejects.toMatchObject({ status: 400, body: { message: m.error_4xx_text() } });
			else expect(await query.execute()).toEqual([]);
		}
		// Inside a transaction too, and the database is usable afterwards.
		const inTx = db.transaction().execute((tx) => tx.deleteFrom('users').where('id', '=', 2.5).execute());
		if (engine === 'postgres') await expect(inTx).rejects.toMatchObject({ status: 400 });
		else await inTx;
		expect(await db.selectFrom('users').select('name').execute()).toEqual([{ name: 'Ana' }]);
	});
});
