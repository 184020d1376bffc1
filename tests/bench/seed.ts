// The benchmark database: migrated and filled with the real curriculum by the app's own code, then
// a synthetic cohort written directly with better-sqlite3 prepared statements in transactions.
//
// Learners follow the app's rules, so every page shows a state the app could have reached: lessons
// completed in order, a module's quiz passed before the next module's lessons, units_done and
// last_activity_at on the enrolment as progress.touchEnrolment keeps them. Sessions use the scheme
// of auth/session.ts (cookie `id.secret`, SHA-256 of the secret stored), so cookies need no sign-in.
import SQLite from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { migrate, openDatabase, type DB } from '../../src/lib/server/db/client';
import { importContent } from '../../src/lib/server/catalogue/content/import';
import { loadIssuerKey } from '../../src/lib/server/learning/certificates/credential';
import { config } from '../../src/lib/server/platform/config';
import * as courses from '../../src/lib/server/catalogue/courses';
import type { CourseInfo } from '../../src/lib/server/catalogue/courses';
import type { QuestionKey } from '../../src/lib/server/catalogue/content/schema';
import { makeAttempt, type GradedAttempt } from './answers';
import { hex32, pick, seededRandom, type Random } from './random';
import { ProgressBar } from './progress-bar';

export const COURSE_SLUG = 'outreach';
const DAY = 24 * 60 * 60 * 1000;
const CHUNK = 250;
const VARIANTS = 24;
const MUNICIPALITIES = ['Mitrovica North', 'Zvečan', 'Zubin Potok', 'Leposavić', 'Mitrovica South', 'Vushtrri'];

export interface Learner {
	userId: number;
	token: string;
	/** The learner's last attempt at module 1's quiz, if any (the attempt review page). */
	attemptId?: number;
}

export interface SeedResult {
	course: CourseInfo;
	cohortId: number;
	coordinator: Learner;
	/** Learners whose next open lesson is `lessonTarget` (P1, P2). */
	lessonPool: Learner[];
	lessonTarget: { moduleSlug: string; lessonSlug: string; lessonId: number; nextPath: string };
	/** A learner in the same place as the lesson pool, kept apart for the browser checks (P5). */
	browserLearner: Learner;
	/** Learners with every lesson of module 1 done and no quiz attempt (P3). */
	quizPool: Learner[];
	quizTarget: { moduleSlug: string; quizId: number; versionId: number; passMark: number; keys: QuestionKey[] };
	rows: { learners: number; lessonProgress: number; quizAttempts: number; quizAnswers: number; sessions: number };
	seconds: number;
}

/** Migrates and imports content/ with the app's own code, as `npm start` does. */
export async function prepareDatabase(path: string): Promise<DB> {
	process.env.DATABASE_PATH = path;
	const db = openDatabase(path);
	await migrate(db);
	const report = await importContent(db, 'content');
	if (!report.ok) throw new Error(`content/ did not import:\n  ${report.errors.join('\n  ')}`);
	await loadIssuerKey(config.issuerKeyPath);
	return db;
}

function makeSession(): { id: string; secret: string; hash: Buffer } {
	const id = encodeBase32LowerCaseNoPadding(randomBytes(20));
	const secret = encodeBase32LowerCaseNoPadding(randomBytes(20));
	return { id, secret, hash: createHash('sha256').update(secret).digest() };
}

type Pool = 'lesson' | 'quiz' | 'browser' | null;

interface Event {
	lessonIndex?: number;
	quiz?: { moduleIndex: number; passed: boolean };
}

/** How many lessons a learner has done: about 60 % of all on average, spread from none to all. */
function drawLessons(random: Random, total: number): number {
	return Math.min(total, Math.floor((total + 1) * Math.pow(random(), 2 / 3)));
}

/** The steps of one learner in order: lessons, and quiz attempts where the rules allow them. */
function planLearner(course: CourseInfo, random: Random, k: number, pool: Pool): { events: Event[]; complete: boolean; unitsDone: number } {
	const events: Event[] = [];
	let lessonIndex = 0;
	let moduleEnd = 0;
	let passedAll = true;
	let unitsDone = 0;
	for (const [moduleIndex, mod] of course.modules.entries()) {
		for (let i = 0; i < mod.lessons.length; i++, lessonIndex++) {
			if (lessonIndex < k) {
				events.push({ lessonIndex });
				unitsDone++;
			}
		}
		moduleEnd += mod.lessons.length;
		if (k < moduleEnd) return { events, complete: false, unitsDone };
		if (!mod.quiz) continue;
		let outcome: 'pass' | 'fail-pass' | 'fail' | 'none';
		if (pool === 'quiz') outcome = 'none';
		else if (k > moduleEnd || pool !== null) outcome = random() < 0.25 ? 'fail-pass' : 'pass';
		else {
			const r = random();
			outcome = r < 0.35 ? 'pass' : r < 0.5 ? 'fail-pass' : r < 0.75 ? 'fail' : 'none';
		}
		if (outcome === 'fail' || outcome === 'fail-pass') {
			const failures = random() < 0.7 ? 1 : 2;
			for (let f = 0; f < failures; f++) events.push({ quiz: { moduleIndex, passed: false } });
		}
		if (outcome === 'pass' || outcome === 'fail-pass') {
			events.push({ quiz: { moduleIndex, passed: true } });
			unitsDone++;
		} else {
			passedAll = false;
			break;
		}
	}
	return { events, complete: passedAll && k === course.lessonCount, unitsDone };
}

/** Seeds the cohort into the database at `path` (already prepared). */
export async function seed(db: DB, path: string, learners: number, now = Date.now()): Promise<SeedResult> {
	const started = performance.now();
	const course = await courses.getCourseBySlug(db, COURSE_SLUG, 'en');
	if (!course) throw new Error(`course ${COURSE_SLUG} is not in content/`);
	const quizKeys = new Map<number, { keys: QuestionKey[]; passMark: number }>();
	for (const mod of course.modules) {
		if (!mod.quiz) continue;
		// P3 measures grading and storing: its learners submit again and again within seconds, so the
		// limits a trainer sets (a wait after a fail, attempts a day) are lifted for the bench's quizzes.
		await db.updateTable('quiz_versions').set({ wait_minutes: 0, attempts_per_day: null, max_attempts: null }).where('id', '=', mod.quiz.versionId).execute();
		const v = await db.selectFrom('quiz_versions').select(['answer_key', 'pass_mark']).where('id', '=', mod.quiz.versionId).executeTakeFirstOrThrow();
		quizKeys.set(mod.quiz.id, { keys: JSON.parse(v.answer_key) as QuestionKey[], passMark: v.pass_mark });
	}
	const firstQuizModule = course.modules.find((mod) => mod.quiz);
	if (!firstQuizModule?.quiz || firstQuizModule !== course.modules[0]) throw new Error('the benchmark expects a quiz in the first module');
	const flatLessons = course.modules.flatMap((mod) => mod.lessons.map((lesson) => ({ mod, lesson })));

	// The lesson measured: the third lesson of the third module (or the nearest that exists), an
	// ordinary page in the middle of the course, never the first of its module.
	const targetModule = course.modules[Math.min(2, course.modules.length - 1)];
	const targetLesson = targetModule.lessons[Math.min(2, targetModule.lessons.length - 1)];
	const targetIndex = flatLessons.findIndex((x) => x.lesson.id === targetLesson.id);
	const after = flatLessons[targetIndex + 1];
	const nextPath = after && after.mod === targetModule ? `/courses/${course.slug}/${after.mod.slug}/${after.lesson.slug}` : `/courses/${course.slug}/${targetModule.slug}/quiz`;

	const random = seededRandom(20260101 + learners);
	const variants = new Map<number, { pass: GradedAttempt[]; fail: GradedAttempt[] }>();
	for (const [quizId, { keys, passMark }] of quizKeys) {
		variants.set(quizId, {
			pass: Array.from({ length: VARIANTS }, () => makeAttempt(keys, passMark, true, random)),
			fail: Array.from({ length: VARIANTS }, () => makeAttempt(keys, passMark, false, random))
		});
	}

	const sqlite = new SQLite(path);
	sqlite.pragma('foreign_keys = ON');
	// Only for seeding: a crash here just means seeding again.
	sqlite.pragma('synchronous = OFF');
	const insert = {
		organisation: sqlite.prepare('insert into organisations (slug, name, municipality, search_text, created_at, updated_at) values (?, ?, ?, ?, ?, ?)'),
		user: sqlite.prepare("insert into users (email, name, search_text, password_hash, role, organisation_id, active, created_at, updated_at) values (?, ?, ?, '!unset', ?, ?, 1, ?, ?)"),
		session: sqlite.prepare("insert into sessions (id, user_id, secret_hash, created_at, last_verified_at, user_agent, ip) values (?, ?, ?, ?, ?, 'bench', '127.0.0.1')"),
		cohort: sqlite.prepare('insert into cohorts (name, course_id, starts_at, ends_at, invite_token, archived, created_by, created_at, updated_at) values (?, ?, ?, ?, ?, 0, ?, ?, ?)'),
		cohortOrganisation: sqlite.prepare('insert into cohort_organisations (cohort_id, organisation_id) values (?, ?)'),
		member: sqlite.prepare('insert into cohort_members (cohort_id, user_id, joined_at) values (?, ?, ?)'),
		enrolment: sqlite.prepare('insert into enrolments (user_id, course_id, enrolled_at, last_activity_at, completed_at, units_done, has_activity) values (?, ?, ?, ?, ?, ?, ?)'),
		progress: sqlite.prepare('insert into lesson_progress (user_id, lesson_id, lesson_version_id, completed_at) values (?, ?, ?, ?)'),
		attempt: sqlite.prepare("insert into quiz_attempts (user_id, quiz_id, quiz_version_id, attempt_no, submission_key, locale, answers, results, score, passed, submitted_at) values (?, ?, ?, ?, ?, 'en', ?, ?, ?, ?, ?)"),
		answer: sqlite.prepare('insert into quiz_answers (attempt_id, quiz_id, user_id, attempt_no, question_id, answer, credit) values (?, ?, ?, ?, ?, ?, ?)')
	};

	// A cohort 8 weeks into its 12: learners more than 25 points behind the time elapsed, or idle
	// for 14 days, show as at risk.
	const startsAt = now - 56 * DAY;
	const endsAt = now + 28 * DAY;
	const setup = sqlite.transaction(() => {
		const organisationIds: number[] = [];
		for (let i = 1; i <= 40; i++) {
			const name = `Bench organisation ${String(i).padStart(2, '0')}`;
			const municipality = MUNICIPALITIES[i % MUNICIPALITIES.length];
			const r = insert.organisation.run(`bench-organisation-${i}`, name, municipality, `${name} ${municipality}`.toLowerCase(), now, now);
			organisationIds.push(Number(r.lastInsertRowid));
		}
		const coordinatorId = Number(insert.user.run('bench-coordinator@example.org', 'Bench Coordinator', 'bench coordinator', 'coordinator', null, now, now).lastInsertRowid);
		const session = makeSession();
		insert.session.run(session.id, coordinatorId, session.hash, now, now);
		const cohortId = Number(insert.cohort.run('Bench cohort', course.id, startsAt, endsAt, hex32(random), coordinatorId, now, now).lastInsertRowid);
		for (const id of organisationIds) insert.cohortOrganisation.run(cohortId, id);
		return { organisationIds, cohortId, coordinator: { userId: coordinatorId, token: `${session.id}.${session.secret}` } };
	});
	const { organisationIds, cohortId, coordinator } = setup();

	const poolSize = Math.max(Math.ceil(learners * 0.05), Math.min(50, Math.floor(learners / 6)));
	const lessonPool: Learner[] = [];
	const quizPool: Learner[] = [];
	const apart: { browser?: Learner } = {};
	const seedLearner = (i: number) => {
		const pool: Pool = i < poolSize ? 'lesson' : i === poolSize ? 'browser' : i <= 2 * poolSize ? 'quiz' : null;
		const number = String(i + 1).padStart(6, '0');
		const name = `Learner ${number}`;
		const email = `bench-learner-${number}@example.org`;
		const organisationId = random() < 0.9 ? pick(random, organisationIds) : null;
		const enrolledAt = startsAt - Math.floor(random() * 7 * DAY);
		const userId = Number(insert.user.run(email, name, `${name} ${email}`.toLowerCase(), 'learner', organisationId, enrolledAt, enrolledAt).lastInsertRowid);
		const session = makeSession();
		insert.session.run(session.id, userId, session.hash, now, now);
		const learner: Learner = { userId, token: `${session.id}.${session.secret}` };
		if (pool === 'lesson') lessonPool.push(learner);
		else if (pool === 'quiz') quizPool.push(learner);
		else if (pool === 'browser') apart.browser = learner;
		insert.member.run(cohortId, userId, enrolledAt);

		const k = pool === 'lesson' || pool === 'browser' ? targetIndex : pool === 'quiz' ? course.modules[0].lessons.length : drawLessons(random, course.lessonCount);
		const plan = planLearner(course, random, k, pool);
		// Most learners were active in the last ten days; about one in five stopped over two weeks ago.
		const firstAt = Math.max(enrolledAt, startsAt) + Math.floor(random() * 10 * DAY);
		const idle = pool === null && random() < 0.2;
		const lastAt = idle ? firstAt + Math.floor(random() * Math.max(0, now - 15 * DAY - firstAt)) : Math.max(firstAt, now - Math.floor(random() * 10 * DAY));
		const n = plan.events.length;
		const attemptsSoFar = new Map<number, number>();
		plan.events.forEach((event, j) => {
			const at = Math.round(firstAt + ((lastAt - firstAt) * (j + 1)) / n);
			if (event.lessonIndex !== undefined) {
				const { lesson } = flatLessons[event.lessonIndex];
				insert.progress.run(userId, lesson.id, lesson.versionId, at);
				return;
			}
			const quiz = course.modules[event.quiz!.moduleIndex].quiz!;
			const graded = pick(random, event.quiz!.passed ? variants.get(quiz.id)!.pass : variants.get(quiz.id)!.fail);
			const attemptNo = (attemptsSoFar.get(quiz.id) ?? 0) + 1;
			attemptsSoFar.set(quiz.id, attemptNo);
			const attemptId = Number(
				insert.attempt.run(userId, quiz.id, quiz.versionId, attemptNo, hex32(random), graded.answersJson, graded.resultsJson, graded.score, graded.passed ? 1 : 0, at).lastInsertRowid
			);
			for (const row of graded.rows) insert.answer.run(attemptId, quiz.id, userId, attemptNo, row.questionId, row.answer, row.credit);
			if (event.quiz!.moduleIndex === 0) learner.attemptId = attemptId;
		});
		insert.enrolment.run(userId, course.id, enrolledAt, n > 0 ? lastAt : enrolledAt, plan.complete ? lastAt : null, plan.unitsDone, n > 0 ? 1 : 0);
	};
	const chunk = sqlite.transaction((from: number, to: number) => {
		for (let i = from; i < to; i++) seedLearner(i);
	});
	const bar = new ProgressBar('Seeding learners', learners);
	for (let from = 0; from < learners; from += CHUNK) {
		const to = Math.min(learners, from + CHUNK);
		chunk(from, to);
		bar.update(to);
	}
	bar.done();

	const count = (table: string) => (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
	const rows = {
		learners,
		lessonProgress: count('lesson_progress'),
		quizAttempts: count('quiz_attempts'),
		quizAnswers: count('quiz_answers'),
		sessions: count('sessions')
	};
	sqlite.pragma('wal_checkpoint(TRUNCATE)');
	sqlite.close();
	if (!apart.browser) throw new Error('too few learners to set one apart for the browser checks');
	const quizModule = course.modules[0];
	const quizInfo = quizKeys.get(quizModule.quiz!.id)!;
	return {
		course,
		cohortId,
		coordinator,
		lessonPool,
		lessonTarget: { moduleSlug: targetModule.slug, lessonSlug: targetLesson.slug, lessonId: targetLesson.id, nextPath },
		browserLearner: apart.browser,
		quizPool,
		quizTarget: { moduleSlug: quizModule.slug, quizId: quizModule.quiz!.id, versionId: quizModule.quiz!.versionId, passMark: quizInfo.passMark, keys: quizInfo.keys },
		rows,
		seconds: (performance.now() - started) / 1000
	};
}
