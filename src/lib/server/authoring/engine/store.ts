// Where each kind of versioned text keeps its revision, drafts and versions. The engine asks only
// these questions of the tables, so one function answers each of them for every kind.
import type { DB } from '../../db/client';
import type { StructureKind } from '../../../../../db/schema';

/** Everything trainers draft and publish in the browser. */
export type TextKind = 'lesson' | 'quiz' | StructureKind;

/** The row that carries the `edit_revision` of a text of this kind. */
const REVISIONED = { lesson: 'lessons', quiz: 'quizzes', course: 'courses', module: 'modules' } as const;

/** The version and draft tables, and the column naming the text (course and module texts share theirs). */
const TABLES = {
	lesson: { versions: 'lesson_versions', drafts: 'lesson_drafts', owner: 'lesson_id' },
	quiz: { versions: 'quiz_versions', drafts: 'quiz_drafts', owner: 'quiz_id' },
	course: { versions: 'structure_versions', drafts: 'structure_drafts', owner: 'target_id' },
	module: { versions: 'structure_versions', drafts: 'structure_drafts', owner: 'target_id' }
} as const;

const shared = (kind: TextKind) => kind === 'course' || kind === 'module';

// The casts below name one of the tables for the types only; every kind's tables have the columns used.
function versionRows(db: DB, kind: TextKind, id: number) {
	const t = TABLES[kind];
	const q = db
		.selectFrom(`${t.versions} as v` as 'structure_versions as v')
		.where(`v.${t.owner}` as 'v.target_id', '=', id);
	return shared(kind) ? q.where('v.kind', '=', kind as StructureKind) : q;
}

/**
 * The optimistic edit check: moves the text's revision on by one, but only if it is still the one
 * the editor loaded. False means someone else saved in between (or there is no such text).
 */
export async function claimRevision(db: DB, kind: TextKind, id: number, expected: number): Promise<boolean> {
	// A revision from a form that is no whole number (NaN, 1.5, 1e308) matches no row; PostgreSQL
	// would refuse it as a bigint parameter instead of comparing, so it is not sent.
	if (!Number.isSafeInteger(expected)) return false;
	const result = await db
		.updateTable(REVISIONED[kind] as 'lessons')
		.set((eb) => ({ edit_revision: eb('edit_revision', '+', 1) }))
		.where('id', '=', id)
		.where('edit_revision', '=', expected)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

/** The text's revision now, or -1 when there is no such text. */
export async function currentRevision(db: DB, kind: TextKind, id: number): Promise<number> {
	const row = await db
		.selectFrom(REVISIONED[kind] as 'lessons')
		.select('edit_revision')
		.where('id', '=', id)
		.executeTakeFirst();
	return row?.edit_revision ?? -1;
}

/** The number the next version of this text gets. Call it inside the transaction that inserts it. */
export async function nextVersionNumber(db: DB, kind: TextKind, id: number): Promise<number> {
	const last = await versionRows(db, kind, id)
		.select((eb) => eb.fn.max('v.number').as('n'))
		.executeTakeFirst();
	return Number(last?.n ?? 0) + 1;
}

/**
 * The hash of the newest version the content import made of a lesson or quiz: the import compares
 * with it, not with the current version, so an edit made in the browser stays until the file changes.
 */
export async function lastImportedHash(db: DB, kind: 'lesson' | 'quiz', id: number): Promise<string | null> {
	const t = TABLES[kind];
	const row = await db
		.selectFrom(t.versions as 'lesson_versions')
		.select('hash')
		.where(t.owner as 'lesson_id', '=', id)
		.where('imported', '=', 1)
		.orderBy('number', 'desc')
		.limit(1)
		.executeTakeFirst();
	return row?.hash ?? null;
}

/** How many versions the text has. */
export async function versionCount(db: DB, kind: TextKind, id: number): Promise<number> {
	const row = await versionRows(db, kind, id)
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export interface HistoryRow {
	id: number;
	number: number;
	created_at: number;
	author: string | null;
	/** Quizzes keep no note. */
	note?: string;
}

/** The versions, newest first, with who published them (null: the content import). */
export async function history(db: DB, kind: TextKind, id: number): Promise<HistoryRow[]> {
	const rows = versionRows(db, kind, id)
		.leftJoin('users', 'users.id', 'v.created_by')
		.select(['v.id', 'v.number', 'v.created_at', 'users.name as author'])
		.orderBy('v.number', 'desc');
	return kind === 'quiz' ? rows.execute() : rows.select('v.note').execute();
}

/** The version's number, if it is a version of this text. */
export async function versionNumber(db: DB, kind: TextKind, id: number, versionId: number): Promise<number | null> {
	// As in claimRevision: an id that is no whole number is no version's, on either engine.
	if (!Number.isSafeInteger(versionId)) return null;
	const row = await versionRows(db, kind, id).select('v.number').where('v.id', '=', versionId).executeTakeFirst();
	return row?.number ?? null;
}

/** Whether any locale of the text has a draft waiting. */
export async function hasDrafts(db: DB, kind: TextKind, id: number): Promise<boolean> {
	const t = TABLES[kind];
	let q = db
		.selectFrom(t.drafts as 'structure_drafts')
		.select('locale')
		.where(t.owner as 'target_id', '=', id);
	if (shared(kind)) q = q.where('kind', '=', kind as StructureKind);
	return Boolean(await q.executeTakeFirst());
}

/** Drops the text's drafts (they have been published, or a restore replaced them). */
export async function clearDrafts(db: DB, kind: TextKind, id: number): Promise<void> {
	const t = TABLES[kind];
	let q = db.deleteFrom(t.drafts as 'structure_drafts').where(t.owner as 'target_id', '=', id);
	if (shared(kind)) q = q.where('kind', '=', kind as StructureKind);
	await q.execute();
}

/** Points a lesson or quiz at its new version; course and module texts are live as written. */
export async function makeCurrent(db: DB, kind: TextKind, id: number, versionId: number): Promise<void> {
	if (kind === 'lesson' || kind === 'quiz')
		await db
			.updateTable(REVISIONED[kind] as 'lessons')
			.set({ current_version_id: versionId })
			.where('id', '=', id)
			.execute();
}
