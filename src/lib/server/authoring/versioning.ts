// What every text trainers edit in the browser shares (lessons, quizzes, course and module texts):
// the optimistic edit check, drafts laid over the published texts with Serbian Cyrillic following
// the Latin text, and a readable line diff between two versions.
import { diffLines } from 'diff';
import type { DB } from '../db/client';

/** The largest Markdown text accepted from the editor, in bytes. */
export const MAX_BODY_BYTES = 200 * 1024;

/** Tables whose rows carry an `edit_revision`, bumped by every saved draft and publication. */
export type RevisionedTable = 'lessons' | 'quizzes' | 'courses' | 'modules';

/**
 * The optimistic edit check: moves a row's revision on by one, but only if it is still the one the
 * editor loaded. False means someone else saved in between (or there is no such row).
 */
export async function claimRevision(db: DB, table: RevisionedTable, id: number, expected: number): Promise<boolean> {
	// The four tables share `id` and `edit_revision`; the cast only names one of them for the types.
	const result = await db
		.updateTable(table as 'lessons')
		.set((eb) => ({ edit_revision: eb('edit_revision', '+', 1) }))
		.where('id', '=', id)
		.where('edit_revision', '=', expected)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

/** The row's revision now, or -1 when there is no such row. */
export async function currentRevision(db: DB, table: RevisionedTable, id: number): Promise<number> {
	const row = await db
		.selectFrom(table as 'lessons')
		.select('edit_revision')
		.where('id', '=', id)
		.executeTakeFirst();
	return row?.edit_revision ?? -1;
}

export type SaveResult =
	| { ok: true; revision: number }
	| { ok: false; reason: 'conflict'; revision: number }
	| { ok: false; reason: 'too_large' | 'title_required' | 'too_complex' };

export type PublishResult =
	| { ok: true; versionId: number; number: number }
	| { ok: false; reason: 'conflict' | 'nothing' | 'not_found' | 'too_complex' };

export interface DiffPart {
	added: boolean;
	removed: boolean;
	text: string;
}

/** A line diff, as the version history shows it. */
export function lineDiff(before: string, after: string): DiffPart[] {
	return diffLines(before, after).map((part) => ({
		added: Boolean(part.added),
		removed: Boolean(part.removed),
		text: part.value
	}));
}

/**
 * The texts per locale that publishing would make: the drafts laid over the published texts.
 * Serbian Cyrillic follows the Latin text (transliterated) when the Latin text was drafted and
 * nobody drafted the Cyrillic by hand; `followLatin` makes it follow whatever the Latin text is.
 */
export function overlayDrafts<T>(
	published: ReadonlyMap<string, T>,
	drafts: ReadonlyMap<string, T>,
	toCyrillic: (latin: T) => T,
	followLatin = false
): Map<string, T> {
	const texts = new Map(published);
	for (const [locale, text] of drafts) texts.set(locale, text);
	const latin = texts.get('sr-Latn');
	if (latin !== undefined && !drafts.has('sr-Cyrl') && (drafts.has('sr-Latn') || followLatin))
		texts.set('sr-Cyrl', toCyrillic(latin));
	return texts;
}
