// The rest of a programme's life around seed.ts's cohort, for the programme results report (issue 19):
// 200 organisations (at 10,000 learners) whose municipalities are typed in several spellings and
// scripts, the getting-started course taken by most learners over eighteen months (lessons, quizzes
// with retries, cohorts), outreach assignments handed in and reviewed, learner and organisation
// certificates (a few revoked), the optional demographic answers, volunteer profiles, calls with
// shifts, applications and hours. Written with Kysely in a few large multi-row inserts inside one
// transaction, ids given explicitly so that rows can refer to each other without reading them back.
//
// The learners seed.ts set apart for the page measurements (lesson, quiz and browser pools) are left
// exactly as it made them, so that P1–P5 measure the same pages as before.
import type { Insertable } from 'kysely';
import type { Database } from '../../db/schema';
import type { DB } from '../../src/lib/server/db/client';
import * as courses from '../../src/lib/server/catalogue/courses';
import type { CourseInfo } from '../../src/lib/server/catalogue/courses';
import type { QuestionKey } from '../../src/lib/server/catalogue/content/schema';
import { belgradeDate } from '../../src/lib/server/platform/region-time';
import { makeAttempt, type GradedAttempt } from './answers';
import { hex32, pick, seededRandom, type Random } from './random';
import type { SeedResult } from './seed';

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;
/** How far back the programme goes: about eighteen months. */
const PROGRAMME_DAYS = 540;
export const TUTORIAL_SLUG = 'getting-started';

/** Municipalities as organisations typed them: several spellings, both scripts, stray spaces, none. */
const MUNICIPALITY_TEXTS: [string, number][] = [
	['Mitrovica North', 10],
	['North Mitrovica', 6],
	['Mitrovicë e Veriut', 6],
	['Mitrovica e Veriut', 3],
	['Severna Mitrovica', 6],
	['Северна Митровица', 4],
	['Kosovska Mitrovica', 2],
	['  mitrovica north ', 1],
	['Zvečan', 6],
	['Zvecan', 3],
	['Zveçan', 3],
	['Звечан', 3],
	['Zubin Potok', 5],
	['Zubin potok', 2],
	['Зубин Поток', 2],
	['Leposavić', 5],
	['Leposavic', 2],
	['Leposaviq', 3],
	['Лепосавић', 2],
	['Mitrovica South', 2],
	['Vushtrri', 1],
	['Vučitrn', 1],
	['Prishtinë', 1],
	['', 3]
];
const ORGANISATION_KINDS = [
	'Youth Centre',
	"Women's Association",
	'Environmental Group',
	'Neighbourhood Council',
	'Disability Rights Network',
	'Culture Club',
	'Roma Community Forum',
	'Civic Initiative',
	'Sports Association',
	'Media Lab'
];
const LOCALES: [string, number][] = [
	['sq', 35],
	['sr-Latn', 30],
	['sr-Cyrl', 15],
	['en', 20]
];
const GENDERS: [string | null, number][] = [
	['woman', 47],
	['man', 40],
	['other', 2],
	['prefer-not', 8],
	[null, 3]
];
const AGES: [string | null, number][] = [
	['under-18', 3],
	['18-24', 30],
	['25-34', 29],
	['35-54', 25],
	['55-plus', 7],
	['prefer-not', 4],
	[null, 2]
];
const COMMUNITIES: [string, number][] = [
	['serbian', 52],
	['albanian', 30],
	['bosniak', 6],
	['roma', 3],
	['ashkali', 1],
	['egyptian', 1],
	['turkish', 1],
	['gorani', 2],
	['other', 1],
	['prefer-not', 3]
];
const VOLUNTEER_MUNICIPALITIES: [string, number][] = [
	['mitrovica-north', 40],
	['zvecan', 20],
	['zubin-potok', 14],
	['leposavic', 16],
	['other', 10]
];
const SKILLS = ['events', 'social-media', 'translation', 'teaching', 'first-aid', 'logistics'];

function weighted<T>(random: Random, items: readonly [T, number][]): T {
	const total = items.reduce((sum, [, w]) => sum + w, 0);
	let r = random() * total;
	for (const [item, w] of items) {
		r -= w;
		if (r < 0) return item;
	}
	return items[items.length - 1][0];
}

/** Some organisations are much bigger than others: a skewed pick, small indexes more often. */
function skewed<T>(random: Random, items: readonly T[]): T {
	return items[Math.floor(items.length * Math.pow(random(), 1.6))];
}

const between = (random: Random, from: number, to: number) => Math.round(from + random() * Math.max(0, to - from));

/** Inserts in statements of at most ~30,000 bound values (SQLite allows 32,766). Rows share one shape. */
async function insertMany<T extends keyof Database>(db: DB, table: T, rows: Insertable<Database[T]>[]): Promise<void> {
	if (rows.length === 0) return;
	const size = Math.max(1, Math.floor(30_000 / Object.keys(rows[0]).length));
	for (let i = 0; i < rows.length; i += size) {
		// A generic table name is beyond Kysely's inference; the rows were typed by the caller.
		await db
			.insertInto(table)
			.values(rows.slice(i, i + size) as never)
			.execute();
	}
}

async function nextId(db: DB, table: 'users' | 'quiz_attempts' | 'submissions' | 'certificates' | 'cohorts' | 'organisations' | 'volunteer_calls' | 'volunteer_shifts' | 'volunteer_applications'): Promise<number> {
	const row = await db
		.selectFrom(table)
		.select((eb) => eb.fn.max<number | null>('id').as('id'))
		.executeTakeFirstOrThrow();
	return (row.id ?? 0) + 1;
}

export interface ProgrammeRows {
	organisations: number;
	enrolments: number;
	tutorialEnrolments: number;
	lessonProgress: number;
	quizAttempts: number;
	submissions: number;
	certificates: number;
	revoked: number;
	organisationCertificates: number;
	cohorts: number;
	demographics: number;
	community: number;
	volunteers: number;
	calls: number;
	shifts: number;
	applications: number;
	hoursConfirmed: number;
	hoursLogged: number;
}

export interface ProgrammeResult {
	rows: ProgrammeRows;
	tutorial: CourseInfo;
	seconds: number;
}

interface Learner {
	id: number;
	name: string;
	organisationId: number | null;
	locale: string;
}

/** Adds the programme around the cohort seed.ts made (`seeded`), in the database `db` (migrated). */
export async function seedProgramme(db: DB, seeded: SeedResult, learnerCount: number, now = Date.now()): Promise<ProgrammeResult> {
	const started = performance.now();
	const random = seededRandom(19_000_000 + learnerCount);
	const outreach = seeded.course;
	const tutorial = await courses.getCourseBySlug(db, TUTORIAL_SLUG, 'en');
	if (!tutorial) throw new Error(`course ${TUTORIAL_SLUG} is not in content/`);
	const programmeStart = now - PROGRAMME_DAYS * DAY;
	const kept = new Set([...seeded.lessonPool, ...seeded.quizPool, seeded.browserLearner, seeded.coordinator].map((l) => l.userId));

	await db.transaction().execute(async (trx) => {
		// ---- organisations: seed.ts made 40; one per 50 learners in all (200 at 10,000) ----
		const existing = await trx.selectFrom('organisations').select('id').orderBy('id').execute();
		const target = Math.max(existing.length, Math.round(learnerCount / 50));
		let orgId = await nextId(trx, 'organisations');
		const newOrganisations: Insertable<Database['organisations']>[] = [];
		for (let i = existing.length + 1; i <= target; i++) {
			const name = `${pick(random, ORGANISATION_KINDS)} ${String(i).padStart(3, '0')}`;
			const municipality = weighted(random, MUNICIPALITY_TEXTS);
			const at = programmeStart - between(random, 0, 200) * DAY;
			newOrganisations.push({ id: orgId++, slug: `bench-programme-organisation-${i}`, name, municipality, search_text: `${name} ${municipality}`.toLowerCase(), created_at: at, updated_at: at });
		}
		await insertMany(trx, 'organisations', newOrganisations);
		const organisationIds = [...existing.map((o) => o.id), ...newOrganisations.map((o) => o.id as number)];
		const organisationNames = new Map((await trx.selectFrom('organisations').select(['id', 'name']).execute()).map((o) => [o.id, o.name]));

		// ---- trainers, who review hand-ins and teach the tutorial's cohorts ----
		let userId = await nextId(trx, 'users');
		const trainers: number[] = [];
		const trainerRows: Insertable<Database['users']>[] = [];
		for (let i = 1; i <= 12; i++) {
			trainers.push(userId);
			trainerRows.push({ id: userId++, email: `bench-trainer-${i}@example.org`, name: `Bench Trainer ${i}`, search_text: `bench trainer ${i}`, password_hash: '!unset', role: 'trainer', organisation_id: null, active: 1, created_at: programmeStart, updated_at: programmeStart });
		}
		await insertMany(trx, 'users', trainerRows);

		// ---- learners: spread over every organisation (a few only asked to join one), a language each ----
		const users = await trx.selectFrom('users').select(['id', 'name', 'organisation_id']).where('role', '=', 'learner').orderBy('id').execute();
		const learners: Learner[] = [];
		for (const u of users) {
			if (kept.has(u.id)) {
				learners.push({ id: u.id, name: u.name, organisationId: u.organisation_id, locale: 'en' });
				continue;
			}
			const r = random();
			const organisationId = r < 0.88 ? skewed(random, organisationIds) : null;
			const requested = r >= 0.88 && r < 0.92 ? pick(random, organisationIds) : null;
			const locale = weighted(random, LOCALES);
			learners.push({ id: u.id, name: u.name, organisationId, locale });
			await trx
				.updateTable('users')
				.set({ organisation_id: organisationId, requested_organisation_id: requested, requested_at: requested ? now - between(random, 1, 30) * DAY : null })
				.where('id', '=', u.id)
				.execute();
			// The language the learner studies in: their quiz attempts (seed.ts wrote them in English).
			await trx.updateTable('quiz_attempts').set({ locale }).where('user_id', '=', u.id).execute();
		}
		const byId = new Map(learners.map((l) => [l.id, l]));
		const free = learners.filter((l) => !kept.has(l.id));

		// ---- the tutorial: most learners over eighteen months, in cohorts of two months ----
		const quizVariants = new Map<number, { pass: GradedAttempt[]; fail: GradedAttempt[] }>();
		for (const mod of tutorial.modules) {
			if (!mod.quiz) continue;
			const v = await trx.selectFrom('quiz_versions').select(['answer_key', 'pass_mark']).where('id', '=', mod.quiz.versionId).executeTakeFirstOrThrow();
			const keys = JSON.parse(v.answer_key) as QuestionKey[];
			quizVariants.set(mod.quiz.id, {
				pass: Array.from({ length: 12 }, () => makeAttempt(keys, v.pass_mark, true, random)),
				fail: Array.from({ length: 12 }, () => makeAttempt(keys, v.pass_mark, false, random))
			});
		}
		let cohortId = await nextId(trx, 'cohorts');
		const cohorts: { id: number; startsAt: number; endsAt: number; organisations: Set<number> }[] = [];
		const cohortRows: Insertable<Database['cohorts']>[] = [];
		for (let startsAt = programmeStart; startsAt < now - 60 * DAY; startsAt += 60 * DAY) {
			const c = { id: cohortId++, startsAt, endsAt: startsAt + 56 * DAY, organisations: new Set<number>() };
			cohorts.push(c);
			cohortRows.push({ id: c.id, name: `Getting started ${belgradeDate(startsAt).slice(0, 7)}`, course_id: tutorial.id, starts_at: c.startsAt, ends_at: c.endsAt, invite_token: hex32(random), archived: c.endsAt < now - 30 * DAY ? 1 : 0, created_by: seeded.coordinator.userId, created_at: startsAt - 7 * DAY, updated_at: startsAt - 7 * DAY });
		}
		await insertMany(trx, 'cohorts', cohortRows);
		await insertMany(
			trx,
			'cohort_trainers',
			cohorts.map((c, i) => ({ cohort_id: c.id, user_id: trainers[i % trainers.length] }))
		);
		const enrolments: Insertable<Database['enrolments']>[] = [];
		const progress: Insertable<Database['lesson_progress']>[] = [];
		const attempts: Insertable<Database['quiz_attempts']>[] = [];
		const answers: Insertable<Database['quiz_answers']>[] = [];
		const members: Insertable<Database['cohort_members']>[] = [];
		let attemptId = await nextId(trx, 'quiz_attempts');
		for (const learner of free) {
			if (random() >= 0.72) continue;
			const enrolledAt = between(random, programmeStart, now - 3 * DAY);
			const cohort = cohorts.find((c) => enrolledAt >= c.startsAt - 7 * DAY && enrolledAt < c.endsAt);
			if (cohort && random() < 0.6) {
				members.push({ cohort_id: cohort.id, user_id: learner.id, joined_at: enrolledAt });
				if (learner.organisationId) cohort.organisations.add(learner.organisationId);
			}
			// Lessons done, in order: none for one in eight, else mostly all six.
			const lessons = random() < 0.12 ? 0 : random() < 0.6 ? tutorial.lessonCount : between(random, 1, tutorial.lessonCount);
			const span = between(random, 1, 30) * DAY;
			const events: ({ lessonId: number; versionId: number } | { quiz: NonNullable<CourseInfo['modules'][number]['quiz']>; passed: boolean })[] = [];
			let index = 0;
			let passedAll = true;
			let units = 0;
			for (const mod of tutorial.modules) {
				for (const lesson of mod.lessons) {
					if (index++ < lessons) {
						events.push({ lessonId: lesson.id, versionId: lesson.versionId });
						units++;
					}
				}
				if (index > lessons || !mod.quiz) {
					if (index > lessons) passedAll = false;
					if (index > lessons) break;
					continue;
				}
				const r = random();
				const failures = r < 0.6 ? 0 : r < 0.85 ? 1 : r < 0.95 ? 2 : 1;
				for (let f = 0; f < failures; f++) events.push({ quiz: mod.quiz, passed: false });
				if (r >= 0.95) {
					passedAll = false;
					break;
				}
				events.push({ quiz: mod.quiz, passed: true });
				units++;
			}
			const complete = passedAll && lessons === tutorial.lessonCount;
			const lastAt = Math.min(now - HOUR, enrolledAt + span);
			const attemptNos = new Map<number, number>();
			events.forEach((event, j) => {
				const at = Math.round(enrolledAt + ((lastAt - enrolledAt) * (j + 1)) / events.length);
				if ('lessonId' in event) {
					progress.push({ user_id: learner.id, lesson_id: event.lessonId, lesson_version_id: event.versionId, completed_at: at });
					return;
				}
				const variants = quizVariants.get(event.quiz.id)!;
				const graded = pick(random, event.passed ? variants.pass : variants.fail);
				const attemptNo = (attemptNos.get(event.quiz.id) ?? 0) + 1;
				attemptNos.set(event.quiz.id, attemptNo);
				const id = attemptId++;
				attempts.push({ id, user_id: learner.id, quiz_id: event.quiz.id, quiz_version_id: event.quiz.versionId, attempt_no: attemptNo, submission_key: hex32(random), locale: learner.locale, answers: graded.answersJson, results: graded.resultsJson, score: graded.score, passed: graded.passed ? 1 : 0, submitted_at: at, presentation: null });
				for (const row of graded.rows) answers.push({ attempt_id: id, quiz_id: event.quiz.id, user_id: learner.id, attempt_no: attemptNo, question_id: row.questionId, answer: row.answer, credit: row.credit });
			});
			enrolments.push({ user_id: learner.id, course_id: tutorial.id, enrolled_at: enrolledAt, last_activity_at: events.length ? lastAt : enrolledAt, completed_at: complete ? lastAt : null, units_done: units, has_activity: events.length ? 1 : 0 });
		}
		await insertMany(trx, 'enrolments', enrolments);
		await insertMany(trx, 'lesson_progress', progress);
		await insertMany(trx, 'quiz_attempts', attempts);
		await insertMany(trx, 'quiz_answers', answers);
		await insertMany(trx, 'cohort_members', members);
		await insertMany(
			trx,
			'cohort_organisations',
			cohorts.flatMap((c) => [...c.organisations].map((o) => ({ cohort_id: c.id, organisation_id: o })))
		);

		// ---- outreach: hand-ins reviewed by trainers, certificates for who finished ----
		const outreachEnrolments = await trx
			.selectFrom('enrolments')
			.select(['user_id', 'enrolled_at', 'last_activity_at', 'completed_at'])
			.where('course_id', '=', outreach.id)
			.execute();
		const lessonsDone = new Map(
			(
				await trx
					.selectFrom('lesson_progress')
					.innerJoin('lessons', 'lessons.id', 'lesson_progress.lesson_id')
					.innerJoin('modules', 'modules.id', 'lessons.module_id')
					.where('modules.course_id', '=', outreach.id)
					.select(['lesson_progress.user_id', (eb) => eb.fn.countAll<number>().as('n')])
					.groupBy('lesson_progress.user_id')
					.execute()
			).map((r) => [r.user_id, Number(r.n)])
		);
		// Modules whose lessons are all done, for each count of lessons done in order.
		const moduleEnds: number[] = [];
		outreach.modules.reduce((sum, mod) => {
			moduleEnds.push(sum + mod.lessons.length);
			return sum + mod.lessons.length;
		}, 0);
		const learnerAssignments = outreach.modules.flatMap((mod, i) => (mod.assignment && mod.assignment.scope === 'learner' ? [{ index: i, id: mod.assignment.id }] : []));
		const orgModule = outreach.modules.findIndex((mod) => mod.assignment?.scope === 'organisation');
		const submissions: Insertable<Database['submissions']>[] = [];
		const certificates: Insertable<Database['certificates']>[] = [];
		let submissionId = await nextId(trx, 'submissions');
		let certificateId = await nextId(trx, 'certificates');
		const certifiedByOrganisation = new Map<number, number[]>();
		const orgCandidates = new Map<number, { userId: number; at: number }[]>();
		const review = (s: { assignmentId: number; userId: number; organisationId: number | null; locale: string; from: number; to: number; mustAccept: boolean }): number | null => {
			// One to three versions: a revision asked for now and then; the last may still wait for review.
			let at = between(random, s.from, Math.max(s.from, s.to));
			const versions = random() < 0.7 ? 1 : random() < 0.8 ? 2 : 3;
			let acceptedAt: number | null = null;
			for (let v = 1; v <= versions; v++) {
				const last = v === versions;
				// A hand-in that must be accepted (its learner is certified) was reviewed by now.
				const reviewedAt = Math.min(at + between(random, 2, 120) * HOUR, s.mustAccept ? Math.max(at, now - HOUR) : Infinity);
				const waiting = last && !s.mustAccept && (random() < 0.2 || reviewedAt > now);
				const status = !last ? 'needs_revision' : waiting ? 'submitted' : s.mustAccept || random() < 0.85 ? 'accepted' : 'needs_revision';
				submissions.push({ id: submissionId++, assignment_id: s.assignmentId, user_id: s.userId, version: v, text_md: 'An answer written for the benchmark.', text_html: null, file_name: null, file_kind: null, file_bytes: null, file_key: null, status, submitted_at: at, feedback: status === 'submitted' ? '' : 'Thank you.', scores: null, reviewed_by: status === 'submitted' ? null : pick(random, trainers), reviewed_at: status === 'submitted' ? null : reviewedAt, organisation_id: s.organisationId, locale: s.locale });
				if (status === 'accepted') acceptedAt = reviewedAt;
				if (status !== 'needs_revision' || last) break;
				at = Math.min(now - HOUR, reviewedAt + between(random, 1, 96) * HOUR);
			}
			return acceptedAt;
		};
		for (const e of outreachEnrolments) {
			const learner = byId.get(e.user_id);
			if (!learner || kept.has(learner.id)) continue;
			const done = lessonsDone.get(learner.id) ?? 0;
			const modulesDone = moduleEnds.filter((end) => end <= done).length;
			const span = Math.max(HOUR, e.last_activity_at - e.enrolled_at);
			let lastAccepted = 0;
			let allAccepted = true;
			for (const a of learnerAssignments) {
				if (a.index >= modulesDone) break;
				if (!e.completed_at && random() < 0.35) {
					allAccepted = false;
					continue;
				}
				const from = e.enrolled_at + Math.round((span * (a.index + 1)) / (outreach.modules.length + 1));
				const mustAccept = e.completed_at !== null && random() < 0.92;
				const accepted = review({ assignmentId: a.id, userId: learner.id, organisationId: null, locale: learner.locale, from, to: Math.min(now - HOUR, from + 3 * DAY), mustAccept });
				if (accepted === null) allAccepted = false;
				else lastAccepted = Math.max(lastAccepted, accepted);
			}
			if (orgModule >= 0 && modulesDone > orgModule && learner.organisationId) {
				const list = orgCandidates.get(learner.organisationId) ?? [];
				list.push({ userId: learner.id, at: e.enrolled_at + Math.round((span * (orgModule + 1)) / outreach.modules.length) });
				orgCandidates.set(learner.organisationId, list);
			}
			if (!e.completed_at || !allAccepted) continue;
			const issuedAt = Math.min(now - HOUR, Math.max(e.completed_at, lastAccepted) + HOUR);
			const isRevoked = random() < 0.03;
			if (!isRevoked && learner.organisationId) certifiedByOrganisation.set(learner.organisationId, [...(certifiedByOrganisation.get(learner.organisationId) ?? []), issuedAt]);
			certificates.push({ id: certificateId++, code: `BNCH-${String(certificateId).padStart(6, '0')}`, kind: 'learner', course_id: outreach.id, user_id: learner.id, organisation_id: null, recipient_name: learner.name, organisation_name: learner.organisationId ? (organisationNames.get(learner.organisationId) ?? null) : null, course_title: outreach.title, locale: learner.locale, issuer_name: 'CivicSteps', issued_at: issuedAt, credential: 'bench', note: '', revoked_at: isRevoked ? Math.min(now - HOUR, issuedAt + between(random, 1, 20) * DAY) : null, revoked_reason: isRevoked ? 'Issued by mistake (benchmark).' : null, revoked_by: isRevoked ? seeded.coordinator.userId : null, hours: null, organisations: '[]' });
		}
		// The organisation's outreach plan, handed in by one member; recognised with two certified members.
		const decisions: Insertable<Database['organisation_decisions']>[] = [];
		const orgAssignment = orgModule >= 0 ? outreach.modules[orgModule].assignment : null;
		for (const [organisationId, candidates] of orgCandidates) {
			if (!orgAssignment || random() < 0.25) continue;
			const by = pick(random, candidates);
			const accepted = review({ assignmentId: orgAssignment.id, userId: by.userId, organisationId, locale: byId.get(by.userId)?.locale ?? 'en', from: by.at, to: Math.min(now - HOUR, by.at + 5 * DAY), mustAccept: false });
			const certified = certifiedByOrganisation.get(organisationId) ?? [];
			if (accepted === null || certified.length < outreach.orgMinCertified || random() < 0.1) continue;
			const issuedAt = Math.min(now - HOUR, Math.max(accepted, ...certified) + DAY);
			const isRevoked = random() < 0.05;
			const name = organisationNames.get(organisationId) ?? '';
			certificates.push({ id: certificateId++, code: `BNCH-${String(certificateId).padStart(6, '0')}`, kind: 'organisation', course_id: outreach.id, user_id: null, organisation_id: organisationId, recipient_name: name, organisation_name: name, course_title: outreach.title, locale: 'en', issuer_name: 'CivicSteps', issued_at: issuedAt, credential: 'bench', note: '', revoked_at: isRevoked ? Math.min(now - HOUR, issuedAt + 10 * DAY) : null, revoked_reason: isRevoked ? 'Issued by mistake (benchmark).' : null, revoked_by: isRevoked ? seeded.coordinator.userId : null, hours: null, organisations: '[]' });
			decisions.push({ organisation_id: organisationId, course_id: outreach.id, decision: 'approved', note: '', decided_by: seeded.coordinator.userId, decided_at: issuedAt });
		}
		await insertMany(trx, 'submissions', submissions);
		await insertMany(trx, 'certificates', certificates);
		await insertMany(trx, 'organisation_decisions', decisions);

		// ---- the optional demographic answers: about 60 %, community only with consent ----
		const demographics: Insertable<Database['demographics']>[] = [];
		const ageOf = new Map<number, string>();
		for (const learner of free) {
			if (random() >= 0.6) continue;
			const askedAt = between(random, programmeStart, now - DAY);
			const notNow = random() < 0.08;
			const consent = !notNow && random() < 0.45;
			const age = notNow ? null : weighted(random, AGES);
			if (age && age !== 'prefer-not') ageOf.set(learner.id, age);
			demographics.push({ user_id: learner.id, gender: notNow ? null : weighted(random, GENDERS), age_band: age, community: consent ? weighted(random, COMMUNITIES) : null, community_consent_at: consent ? askedAt : null, asked_at: askedAt, updated_at: askedAt });
		}
		await insertMany(trx, 'demographics', demographics);

		// ---- volunteers (15 % of learners: 1,500 at 10,000), calls, shifts, applications, hours ----
		const volunteerCount = Math.round(learnerCount * 0.15);
		const shuffled = [...free];
		for (let i = shuffled.length - 1; i > 0; i--) {
			const j = Math.floor(random() * (i + 1));
			[shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
		}
		const volunteers = shuffled.slice(0, volunteerCount);
		const profiles: Insertable<Database['volunteer_profiles']>[] = volunteers.map((v) => {
			const at = between(random, programmeStart, now - DAY);
			const age = ageOf.get(v.id) ?? weighted(random, AGES.filter(([a]) => a && a !== 'prefer-not') as [string, number][]);
			const minor = age === 'under-18';
			return {
				user_id: v.id,
				municipality: weighted(random, VOLUNTEER_MUNICIPALITIES),
				languages: JSON.stringify(random() < 0.5 ? ['sr', 'en'] : random() < 0.5 ? ['sq'] : ['sq', 'sr']),
				skills: JSON.stringify([pick(random, SKILLS), pick(random, SKILLS)].filter((s, i, all) => all.indexOf(s) === i)),
				skills_other: '',
				availability: JSON.stringify([random() < 0.5 ? 'weekends' : 'evenings']),
				age_band: age,
				phone: '',
				contact_consent_at: at,
				guardian_name: minor ? 'A parent' : '',
				guardian_contact: minor ? 'parent@example.org' : '',
				guardian_consent_at: minor ? at : null,
				hidden: random() < 0.03 ? 1 : 0,
				created_at: at,
				updated_at: at
			};
		});
		await insertMany(trx, 'volunteer_profiles', profiles);
		const joinedAt = new Map(profiles.map((p) => [p.user_id, p.created_at]));
		const calls: Insertable<Database['volunteer_calls']>[] = [];
		const shifts: Insertable<Database['volunteer_shifts']>[] = [];
		const applications: Insertable<Database['volunteer_applications']>[] = [];
		const hours: Insertable<Database['volunteer_hours']>[] = [];
		let callId = await nextId(trx, 'volunteer_calls');
		let shiftId = await nextId(trx, 'volunteer_shifts');
		let applicationId = await nextId(trx, 'volunteer_applications');
		const memberOf = new Map<number, number[]>();
		for (const l of free) if (l.organisationId) memberOf.set(l.organisationId, [...(memberOf.get(l.organisationId) ?? []), l.id]);
		const hoursRow = (userId: number, organisationId: number, applicationId: number | null, at: number, minutes: number) => {
			const r = random();
			const status = at > now - 10 * DAY && r < 0.4 ? 'logged' : r < 0.93 ? 'confirmed' : 'rejected';
			const confirmer = memberOf.get(organisationId)?.[0] ?? seeded.coordinator.userId;
			hours.push({ user_id: userId, organisation_id: organisationId, application_id: applicationId, worked_on: belgradeDate(at), minutes, note: '', status, logged_by: userId, confirmed_by: status === 'logged' ? null : confirmer, confirmed_at: status === 'logged' ? null : Math.min(now - HOUR, at + between(random, 1, 5) * DAY), created_at: Math.min(now - HOUR, at + HOUR) });
		};
		const callCount = Math.round(volunteerCount / 5);
		for (let i = 0; i < callCount; i++) {
			const createdAt = between(random, programmeStart + 30 * DAY, now - 2 * DAY);
			const recent = createdAt > now - 150 * DAY;
			const r = random();
			const status = recent ? (r < 0.8 ? 'open' : r < 0.92 ? 'pending' : 'declined') : r < 0.85 ? 'closed' : 'declined';
			const organisationId = skewed(random, organisationIds);
			const id = callId++;
			calls.push({ id, organisation_id: organisationId, created_by: memberOf.get(organisationId)?.[0] ?? null, locale: weighted(random, LOCALES), title: `Helpers wanted ${i + 1}`, description: 'A call written for the benchmark.', municipality: weighted(random, VOLUNTEER_MUNICIPALITIES), place: '', skills: JSON.stringify([pick(random, SKILLS)]), languages: '[]', required_course_id: random() < 0.2 ? outreach.id : null, minors_allowed: random() < 0.3 ? 1 : 0, status, review_note: '', reviewed_by: status === 'pending' ? null : seeded.coordinator.userId, reviewed_at: status === 'pending' ? null : createdAt + between(random, 1, 72) * HOUR, created_at: createdAt, updated_at: createdAt });
			if (status === 'pending' || status === 'declined') continue;
			const shiftCount = between(random, 1, 4);
			for (let s = 0; s < shiftCount; s++) {
				const startsAt = createdAt + (7 + 7 * s) * DAY + between(random, 9, 17) * HOUR;
				const length = between(random, 2, 6) * HOUR;
				const places = between(random, 2, 8);
				const sid = shiftId++;
				shifts.push({ id: sid, call_id: id, starts_at: startsAt, ends_at: startsAt + length, places });
				const past = startsAt + length < now;
				const applicants = new Set<number>();
				const wanted = Math.round(places * (0.4 + random()));
				for (let tries = 0; applicants.size < wanted && tries < wanted * 3; tries++) {
					const v = pick(random, volunteers);
					if ((joinedAt.get(v.id) ?? now) < startsAt) applicants.add(v.id);
				}
				let accepted = 0;
				for (const volunteer of applicants) {
					const appliedAt = Math.max(createdAt, (joinedAt.get(volunteer) ?? createdAt) + HOUR);
					const r2 = random();
					const status = r2 < 0.07 ? 'withdrawn' : accepted < places && (past || r2 < 0.7) ? 'accepted' : past ? 'declined' : 'applied';
					if (status === 'accepted') accepted++;
					const aid = applicationId++;
					const decided = status === 'accepted' || status === 'declined';
					const attended = status === 'accepted' && past ? (random() < 0.92 ? 1 : 0) : null;
					applications.push({ id: aid, shift_id: sid, user_id: volunteer, message: '', status, decision_message: '', decided_by: decided ? (memberOf.get(organisationId)?.[0] ?? null) : null, decided_at: decided ? Math.min(now - HOUR, appliedAt + DAY) : null, attended, reminded_at: null, created_at: appliedAt, updated_at: appliedAt });
					if (attended === 1) hoursRow(volunteer, organisationId, aid, startsAt, length / 60_000);
				}
			}
		}
		// Hours an organisation logged outside any call: a third of the volunteers, a few times each.
		for (const v of volunteers) {
			if (random() >= 0.33) continue;
			const from = joinedAt.get(v.id) ?? programmeStart;
			for (let k = between(random, 1, 5); k > 0; k--) hoursRow(v.id, v.organisationId ?? skewed(random, organisationIds), null, between(random, from, now - DAY), between(random, 1, 8) * 60);
		}
		await insertMany(trx, 'volunteer_calls', calls);
		await insertMany(trx, 'volunteer_shifts', shifts);
		await insertMany(trx, 'volunteer_applications', applications);
		await insertMany(trx, 'volunteer_hours', hours);
	});

	const count = async (table: keyof Database) => {
		const row = await db
			.selectFrom(table)
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		return Number(row.n);
	};
	const countWhere = async (sqlCount: Promise<{ n: number | bigint } | undefined>) => Number((await sqlCount)?.n ?? 0);
	const rows: ProgrammeRows = {
		organisations: await count('organisations'),
		enrolments: await count('enrolments'),
		tutorialEnrolments: await countWhere(db.selectFrom('enrolments').where('course_id', '=', tutorial.id).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()),
		lessonProgress: await count('lesson_progress'),
		quizAttempts: await count('quiz_attempts'),
		submissions: await count('submissions'),
		certificates: await countWhere(db.selectFrom('certificates').where('kind', '=', 'learner').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()),
		revoked: await countWhere(db.selectFrom('certificates').where('revoked_at', 'is not', null).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()),
		organisationCertificates: await countWhere(db.selectFrom('certificates').where('kind', '=', 'organisation').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()),
		cohorts: await count('cohorts'),
		demographics: await count('demographics'),
		community: await countWhere(db.selectFrom('demographics').where('community', 'is not', null).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()),
		volunteers: await count('volunteer_profiles'),
		calls: await count('volunteer_calls'),
		shifts: await count('volunteer_shifts'),
		applications: await count('volunteer_applications'),
		hoursConfirmed: await countWhere(db.selectFrom('volunteer_hours').where('status', '=', 'confirmed').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()),
		hoursLogged: await countWhere(db.selectFrom('volunteer_hours').where('status', '=', 'logged').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())
	};
	return { rows, tutorial, seconds: (performance.now() - started) / 1000 };
}
