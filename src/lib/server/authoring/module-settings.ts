// A module's exercise time, set in the browser where its texts are edited. It is a setting, not a
// versioned text: it takes effect at once, and a later content import changes it only when the
// module.md value itself changed (see import.ts).
import type { DB } from '../db/client';
import { bumpContentGeneration } from '../catalogue/content/generation';

export const MAX_EXERCISE_MINUTES = 6000;

export async function exerciseMinutes(db: DB, moduleId: number): Promise<number> {
	const row = await db.selectFrom('modules').select('exercise_minutes').where('id', '=', moduleId).executeTakeFirst();
	return row?.exercise_minutes ?? 0;
}

/** Sets the minutes from a form value: a whole number from 0 to 6000, or `invalid`. */
export async function setExerciseMinutes(
	db: DB,
	moduleId: number,
	input: unknown
): Promise<{ ok: true } | { ok: false; reason: 'invalid' }> {
	const text = typeof input === 'string' ? input.trim() : '';
	const value = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
	if (!(value >= 0 && value <= MAX_EXERCISE_MINUTES)) return { ok: false, reason: 'invalid' };
	await db.transaction().execute(async (tx) => {
		await tx.updateTable('modules').set({ exercise_minutes: value }).where('id', '=', moduleId).execute();
		// The course pages cache the structure by content generation.
		await bumpContentGeneration(tx);
	});
	return { ok: true };
}
