// When a quiz takes a learner's next attempt: after a failed attempt the quiz's wait, and no more
// attempts in any 24 hours than its daily limit. The insert in submit.ts enforces the same rules;
// this tells the quiz page from when.

/** The window of the daily attempt limit: any 24 hours, the same wherever the learner is. */
export const DAY_MS = 24 * 60 * 60_000;

/** When the quiz takes an attempt again, or null when it does now (see submit.ts). */
export function nextAttemptAt(
	a: { lastPassed: boolean; lastSubmittedAt: number; times: number[] } | undefined,
	quiz: { waitMinutes: number; attemptsPerDay: number | null },
	now: number
): number | null {
	if (!a) return null;
	let at = 0;
	if (!a.lastPassed && quiz.waitMinutes > 0) at = a.lastSubmittedAt + quiz.waitMinutes * 60_000;
	const day = quiz.attemptsPerDay;
	if (day !== null && a.times.filter((t) => t > now - DAY_MS).length >= day) {
		// Free again when the oldest of the day's last attempts leaves the 24 hours.
		at = Math.max(at, a.times[a.times.length - day] + DAY_MS);
	}
	return at > now ? at : null;
}
