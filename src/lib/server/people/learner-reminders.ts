// Reminders of learning, from the same kind of unref'd timer as the volunteering reminders: a notice
// (and an e-mail when SMTP is set) the day before a cohort starts and on its first day, and, while a
// cohort runs, one reminder to a learner who has done nothing in its course for 7 days. Each goes
// out once: the occasion is claimed with notices.once() in the transaction that stores the notice,
// so two sweeps at once, or two server processes, never send it twice. A reminder after a week
// without activity is claimed per stretch (its key names the day of the last activity), so a learner
// who comes back and stops again is reminded again, once.
import type { DB } from '../db/client';
import { coursePath } from '$lib/paths';
import { notify, once } from './notices';
import { mailNotice } from './notice-mail';
import { scheduleSweep } from '../platform/sweep';

export const DAY_MS = 24 * 60 * 60 * 1000;
export const INACTIVE_DAYS = 7;
export const LEARNER_SWEEP_INTERVAL_MS = 60 * 60 * 1000;
/** Cohorts and reminders handled per sweep at most; the rest wait for the next sweep. */
const COHORT_BATCH = 200;
const REMINDER_BATCH = 500;

export interface LearnerSweepResult {
	starting: number;
	inactive: number;
	mailed: number;
}

interface Pending {
	userId: number;
	kind: 'cohort-starting' | 'inactivity-reminder';
	key: string;
	params: Record<string, string | number>;
	link: string;
	locale: string | null;
}

/** The course's title in a language (English, else any, when it has none in that one). */
async function courseTitles(db: DB, courseIds: number[]): Promise<(courseId: number, locale: string | null) => string> {
	const rows =
		courseIds.length === 0
			? []
			: await db
					.selectFrom('course_texts')
					.select(['course_id', 'locale', 'title'])
					.where('course_id', 'in', courseIds)
					.execute();
	return (courseId, locale) => {
		const mine = rows.filter((r) => r.course_id === courseId);
		const wanted = locale === 'sr-Cyrl' ? ['sr-Cyrl', 'sr-Latn'] : [locale ?? 'en'];
		return (
			wanted.map((l) => mine.find((r) => r.locale === l)).find(Boolean)?.title ??
			mine.find((r) => r.locale === 'en')?.title ??
			mine[0]?.title ??
			''
		);
	};
}

/** The UTC day of an instant, as the key of an inactivity stretch. */
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The notices due now: cohorts starting within a day, and learners a week without activity. */
async function dueReminders(db: DB, now: number): Promise<Pending[]> {
	// Cohort days are stored as UTC midnights; a cohort runs to the end of its last day.
	const cohorts = await db
		.selectFrom('cohorts')
		.innerJoin('courses', 'courses.id', 'cohorts.course_id')
		.select(['cohorts.id', 'cohorts.name', 'cohorts.course_id', 'cohorts.starts_at', 'cohorts.ends_at', 'courses.slug'])
		.where('cohorts.archived', '=', 0)
		.where('courses.archived', '=', 0)
		.where('cohorts.starts_at', '<=', now + DAY_MS)
		.where('cohorts.ends_at', '>', now - DAY_MS)
		.orderBy('cohorts.starts_at')
		.limit(COHORT_BATCH)
		.execute();
	const title = await courseTitles(db, [...new Set(cohorts.map((c) => c.course_id))]);
	const out: Pending[] = [];
	for (const c of cohorts) {
		if (out.length >= REMINDER_BATCH) break;
		const members = await db
			.selectFrom('cohort_members as cm')
			.innerJoin('users as u', 'u.id', 'cm.user_id')
			.leftJoin('enrolments as e', (j) => j.onRef('e.user_id', '=', 'cm.user_id').on('e.course_id', '=', c.course_id))
			.select([
				'cm.user_id',
				'cm.joined_at',
				'u.locale',
				'e.enrolled_at',
				'e.last_activity_at',
				'e.has_activity',
				'e.completed_at'
			])
			.where('cm.cohort_id', '=', c.id)
			.where('u.active', '=', 1)
			.where('u.role', '=', 'learner')
			.execute();
		if (members.length === 0) continue;
		const sent = new Set(
			(
				await db
					.selectFrom('notices_sent')
					.select(['user_id', 'key'])
					.where('user_id', 'in', (eb) =>
						eb.selectFrom('cohort_members').select('user_id').where('cohort_id', '=', c.id)
					)
					.where((eb) => eb.or([eb('key', '=', `cohort-starting:${c.id}`), eb('key', 'like', `inactive:${c.id}:%`)]))
					.execute()
			).map((r) => `${r.user_id} ${r.key}`)
		);
		const link = coursePath(c.slug);
		const starting = c.starts_at - DAY_MS <= now && now < c.starts_at + DAY_MS;
		const running = c.starts_at <= now && now < c.ends_at + DAY_MS;
		let handedIn: Map<number, number> | null = null;
		for (const member of members) {
			if (out.length >= REMINDER_BATCH) break;
			const course = title(c.course_id, member.locale);
			if (starting && !sent.has(`${member.user_id} cohort-starting:${c.id}`)) {
				out.push({
					userId: member.user_id,
					kind: 'cohort-starting',
					key: `cohort-starting:${c.id}`,
					params: { cohort: c.name, cohortId: c.id, course, starts: c.starts_at },
					link,
					locale: member.locale
				});
			}
			if (!running || (member.completed_at !== null && member.completed_at !== undefined)) continue;
			// Hand-ins count as activity too; they are read once per cohort, and only when needed.
			handedIn ??= await lastHandIns(db, c.id, c.course_id);
			const last = Math.max(
				c.starts_at,
				member.joined_at,
				member.enrolled_at ?? 0,
				member.has_activity ? (member.last_activity_at ?? 0) : 0,
				handedIn.get(member.user_id) ?? 0
			);
			if (now - last < INACTIVE_DAYS * DAY_MS) continue;
			const key = `inactive:${c.id}:${dayOf(last)}`;
			if (sent.has(`${member.user_id} ${key}`)) continue;
			out.push({
				userId: member.user_id,
				kind: 'inactivity-reminder',
				key,
				params: { cohort: c.name, cohortId: c.id, course, days: Math.floor((now - last) / DAY_MS) },
				link,
				locale: member.locale
			});
		}
	}
	return out;
}

/** The latest hand-in in a course of each member of a cohort. */
async function lastHandIns(db: DB, cohortId: number, courseId: number): Promise<Map<number, number>> {
	const rows = await db
		.selectFrom('submissions as s')
		.innerJoin('assignments as a', 'a.id', 's.assignment_id')
		.innerJoin('modules as m', 'm.id', 'a.module_id')
		.select((eb) => ['s.user_id', eb.fn.max<number>('s.submitted_at').as('last')])
		.where('m.course_id', '=', courseId)
		.where('s.user_id', 'in', (eb) =>
			eb.selectFrom('cohort_members').select('user_id').where('cohort_id', '=', cohortId)
		)
		.groupBy('s.user_id')
		.execute();
	return new Map(rows.map((r) => [r.user_id, Number(r.last)]));
}

/**
 * Sends the learning reminders due at `now`: in-app notices claimed once each, then the e-mails,
 * after the claims are committed.
 */
export async function sendLearnerReminders(db: DB, now = Date.now()): Promise<LearnerSweepResult> {
	const due = await dueReminders(db, now);
	const claimed: Pending[] = [];
	for (const p of due) {
		const won = await db.transaction().execute(async (tx) => {
			if (!(await once(tx, p.userId, p.key, now))) return false;
			await notify(tx, p.userId, p.kind, p.params, p.link, now);
			return true;
		});
		if (won) claimed.push(p);
	}
	let mailed = 0;
	for (const p of claimed) if (await mailNotice(db, p.userId, p.kind, p.params, p.link, p.locale)) mailed++;
	return {
		starting: claimed.filter((p) => p.kind === 'cohort-starting').length,
		inactive: claimed.filter((p) => p.kind === 'inactivity-reminder').length,
		mailed
	};
}

let timer: ReturnType<typeof setInterval> | undefined;

/** Runs sendLearnerReminders every hour in the running server (an unref'd timer; failures are logged). */
export function scheduleLearnerReminders(getDb: () => Promise<DB>, intervalMs = LEARNER_SWEEP_INTERVAL_MS): void {
	if (timer) return;
	timer = scheduleSweep('learner reminders', async () => sendLearnerReminders(await getDb()), intervalMs, 60_000);
}
