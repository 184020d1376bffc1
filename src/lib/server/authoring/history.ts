// The version history of any text trainers edit, whatever its kind: its versions, the changes between
// two of them in one language, and a restore (an old version published again as a new one).
import type { DB } from '../db/client';
import type { ContentLocale } from '../catalogue/content/schema';
import * as engine from './engine';
import * as lessons from './lessons';
import * as quizVersions from './quiz-versions';
import * as structureTexts from './structure-texts';

export const versions = engine.history;

/** A paragraph diff (changes with a little context) of one locale's text between two versions of the text. */
export function diff(
	db: DB,
	kind: engine.TextKind,
	id: number,
	from: number,
	to: number,
	locale: ContentLocale
): Promise<engine.DiffPart[]> {
	if (kind === 'lesson') return lessons.diffVersions(db, id, from, to, locale);
	if (kind === 'quiz') return quizVersions.diffQuizVersions(db, from, to, locale);
	return structureTexts.diffVersions(db, kind, id, from, to, locale);
}

/**
 * Publishes one of the text's versions again as a new version, noted as a restore (quizzes keep no
 * note). Not found when the version is not one of this text's.
 */
export async function restore(
	db: DB,
	kind: engine.TextKind,
	id: number,
	input: { versionId: number; expectedRevision: number; userId: number; note: (number: number) => string }
): Promise<engine.PublishResult> {
	const number = await engine.versionNumber(db, kind, id, input.versionId);
	if (number === null) return { ok: false, reason: 'not_found' };
	const { versionId, expectedRevision, userId } = input;
	const note = input.note(number);
	if (kind === 'lesson')
		return lessons.publish(db, { lessonId: id, expectedRevision, userId, note, restoreFrom: versionId });
	if (kind === 'quiz') return quizVersions.restoreVersion(db, { quizId: id, versionId, expectedRevision, userId });
	return structureTexts.publish(db, { kind, id, expectedRevision, userId, note, restoreFrom: versionId });
}
