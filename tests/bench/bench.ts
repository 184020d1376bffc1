// `npm run bench`: builds when needed, seeds a synthetic cohort and the programme around it into a
// temporary database, starts the production server (build/index.js) on a loopback port, measures P1–P7
// (P7: the programme results report of issue 19), prints one table and writes
// tests/.tmp/bench-results.json. Budgets are reported, never enforced: the exit code is 0 whenever it
// ran. Options: see options.ts (`npm run bench -- --help`).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import * as quizzes from '../../src/lib/server/learning/quizzes';
import * as dashboard from '../../src/lib/server/cohorts/dashboard';
import { sendLearnerReminders } from '../../src/lib/server/people/learner-reminders';
import { sendDueReminders } from '../../src/lib/server/volunteering/reminders';
import { ensureBuild } from './build';
import { parseOptions, USAGE, type BenchOptions } from './options';
import { prepareDatabase, seed, COURSE_SLUG } from './seed';
import { seedProgramme } from './programme';
import { copyWithoutIndicatorIndexes, measureReport, writePlans, type ReportTiming } from './indicators';
import { belgradeDate } from '../../src/lib/server/platform/region-time';
import { wrongFormFields } from './answers';
import { seededRandom } from './random';
import { isAlive, killChildren, startApp } from './processes';
import { cookieOf, fetchPage, PAGE_HEADERS, measureQuizSubmissions, sequentialTimes } from './measure';
import { measurePage, visitsInTurn, type PageResult, type PageSpec } from './pages';
import { checkWithoutJs, findChromium, launch, weighPage, type NoJsCheck, type PageWeight } from './browser';
import { profileWorkload, type ProfileSummary } from './profile';
import { dashboardBreakdown } from './breakdown';
import { roundRobin, runLoad } from './load';
import { formatTable, int, kb, ms, sideBySide, writeResults, type Row } from './report';
import { ENGINE_LABEL, postgresServer, preparePostgres, type BenchTarget, type Engine } from './engines';
import { config } from '../../src/lib/server/platform/config';

const RESULTS = resolve('tests/.tmp/bench-results.json');
const log = (line: string) => process.stderr.write(`${line}\n`);

let options: BenchOptions;
try {
	const parsed = parseOptions(process.argv.slice(2));
	if (parsed === 'help') {
		console.log(USAGE);
		process.exit(0);
	}
	options = parsed;
} catch (e) {
	console.error(e instanceof Error ? e.message : e);
	process.exit(2);
}

// Everything the run makes lives in one temporary folder, removed at the end; children are ended
// however the run ends.
// The folder name carries the process id, so that a run killed outright (its exit handler never ran)
// is cleaned up by the next one.
for (const entry of readdirSync(tmpdir())) {
	const owner = /^civicsteps-bench-(\d+)-/.exec(entry)?.[1];
	if (owner && !isAlive(Number(owner))) rmSync(join(tmpdir(), entry), { recursive: true, force: true });
}
const tmp = mkdtempSync(join(tmpdir(), `civicsteps-bench-${process.pid}-`));
process.on('exit', () => {
	killChildren();
	rmSync(tmp, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		log(`\nInterrupted (${signal}); stopping.`);
		process.exit(130);
	});
}

const load1 = loadavg()[0];

const build = await ensureBuild(log);
const databasePath = join(tmp, 'bench.sqlite');
log(`Preparing the database in ${tmp} (migrations and content import, with the app's code)...`);
const db = await prepareDatabase(databasePath);
const seeded = await seed(db, databasePath, options.learners);
log(`Seeded ${int(seeded.rows.learners)} learners, ${int(seeded.rows.lessonProgress)} lesson-progress rows, ${int(seeded.rows.quizAttempts)} quiz attempts, ${int(seeded.rows.quizAnswers)} quiz answers in ${seeded.seconds.toFixed(1)} s.`);
const programme = await seedProgramme(db, seeded, options.learners);
const pr = programme.rows;
log(`Seeded the programme around it in ${programme.seconds.toFixed(1)} s: ${int(pr.organisations)} organisations, ${int(pr.tutorialEnrolments)} enrolments in "${programme.tutorial.slug}", ${int(pr.submissions)} hand-ins, ${int(pr.certificates)} learner certificates, ${int(pr.demographics)} demographic answers, ${int(pr.volunteers)} volunteers, ${int(pr.calls)} calls.`);
// The reminders a running programme would have sent already: the server's first sweeps (30 s and 60 s
// after it starts) then find nothing due. Otherwise the learner sweep sends its reminders in the middle
// of P1, one transaction each, and on PostgreSQL (about 4 s for 190 of them) every one of those writes
// made the dashboard's page key be worked out again: 83 dashboards/s, where 963 without the sweep.
const reminders = await sendLearnerReminders(db);
await sendDueReminders(db);
log(`Sent the reminders already due (${int(reminders.starting + reminders.inactive)} to learners), as the running programme would have.`);
const presented = await quizzes.presentQuiz(db, seeded.quizTarget.versionId, 'en');
if (!presented) throw new Error('the quiz of module 1 has no text');
const quizFields = wrongFormFields(seeded.quizTarget.keys, presented, seeded.quizTarget.passMark, seededRandom(7));
const cohort = await db.selectFrom('cohorts').selectAll().where('id', '=', seeded.cohortId).executeTakeFirstOrThrow();
const statusCounts = await dashboard.summary(db, cohort, seeded.course);
await db.destroy();

const course = seeded.course;
const localized = (path: string) => `/en${path}`;
const lessonPath = localized(`/courses/${COURSE_SLUG}/${seeded.lessonTarget.moduleSlug}/${seeded.lessonTarget.lessonSlug}`);
const coursePath = localized(`/courses/${COURSE_SLUG}`);
const quizPath = localized(`/courses/${COURSE_SLUG}/${seeded.quizTarget.moduleSlug}/quiz`);
const dashboardPath = localized(`/cohorts/${seeded.cohortId}`);
// P7: the coordinator's programme results page, for the whole programme and for the last quarter of
// one course (Kosovo's calendar days, as the page's filter form sends them).
const benchNow = Date.now();
const reportCases: { name: string; filters: { from: string | null; to: string | null; course: string | null; cohort: number | null } }[] = [
	{ name: 'whole programme', filters: { from: null, to: null, course: null, cohort: null } },
	{ name: `last 90 days, ${COURSE_SLUG}`, filters: { from: belgradeDate(benchNow - 90 * 24 * 3600 * 1000), to: belgradeDate(benchNow), course: COURSE_SLUG, cohort: null } }
];
const reportPath = (f: (typeof reportCases)[number]['filters']) => {
	const query = new URLSearchParams(Object.entries(f).flatMap(([k, v]) => (v === null ? [] : [[k, String(v)]]))).toString();
	return localized(`/coordinate/indicators${query ? `?${query}` : ''}`);
};
const warmup = options.quick ? 1 : 2;

// PostgreSQL gets the seeded file's rows before anything is measured: the measurements write (quiz
// submissions, sessions), and each engine must start from the same data.
const engines: Engine[] = options.database === 'both' ? ['sqlite', 'postgres'] : [options.database];
const targets: BenchTarget[] = [];
let postgresCopySeconds = 0;
for (const engine of engines) {
	if (engine === 'sqlite') {
		targets.push({ engine, label: ENGINE_LABEL.sqlite, databasePath, databaseUrl: null });
		continue;
	}
	const server = postgresServer(options.databaseUrl);
	log(`Copying the seeded database into PostgreSQL (database civic_ops_bench on ${new URL(server).host})...`);
	const copied = await preparePostgres(server, databasePath, { uploadsDir: config.uploadsDir, submissionsDir: config.submissionsDir }, log);
	postgresCopySeconds = copied.seconds;
	targets.push({ engine, label: ENGINE_LABEL.postgres, databasePath, databaseUrl: copied.url });
}

interface EngineRun {
	target: BenchTarget;
	rows: Row[];
	notes: string[];
	profiles: Record<string, ProfileSummary | null>;
	results: Record<string, unknown>;
	loadEnd: number;
}

/** Every measurement on one engine: the server started on it, then the in-process breakdowns. */
async function measureEngine(target: BenchTarget): Promise<EngineRun> {
	const notes: string[] = [];
	const location = target.databaseUrl ?? databasePath;
	const onPostgres = target.engine === 'postgres';
	if (onPostgres) {
		notes.push(
			`PostgreSQL: the seeded SQLite database was copied into ${target.databaseUrl?.replace(/\/\/[^@]*@/, '//')} with npm run db:copy's code (${postgresCopySeconds.toFixed(1)} s, one transaction, then ANALYZE); ` +
				'the server got DATABASE_URL. Not run on PostgreSQL, as they mean SQLite: EXPLAIN QUERY PLAN (the full-scan counts of the P7 breakdown) and the P7 breakdown without the indexes of migration 0025.'
		);
	}
	log(`Starting the production server (node build/index.js)${targets.length > 1 || onPostgres ? ` on ${target.label}` : ''}...`);
	const app = await startApp(databasePath, null, target.databaseUrl);
	// The server's memory after each step, to see which step makes the peak.
	const memorySteps: { after: string; rssMb: number; peakMb: number }[] = [];
	const mb = (kbytes: number) => (kbytes * 1024) / 1e6;
	const noteMemory = (after: string) => {
		const m = app.memory();
		memorySteps.push({ after, rssMb: Math.round(mb(m.rssKb)), peakMb: Math.round(mb(m.hwmKb)) });
	};
	noteMemory('start');

	// P1: every learner page, each with the users who would see it (learners in turn, the coordinator
	// for the dashboard), against a bare server with the same bytes.
	const module1 = course.modules[0].slug;
	const lessonPool = seeded.lessonPool;
	const every = (path: string | ((l: (typeof lessonPool)[number]) => string), users = lessonPool) =>
		users.map((l) => ({ path: typeof path === 'string' ? path : path(l), token: l.token }));
	const pageSpecs: PageSpec[] = [
		{ name: 'home', visits: every(localized('')), expect: '<main' },
		{ name: 'catalogue', visits: every(localized('/courses')), expect: '<main' },
		{ name: 'course page', visits: every(coursePath), expect: '<main' },
		{ name: 'lesson', visits: every(lessonPath), expect: 'Mark complete and continue' },
		{ name: 'quiz', visits: every(quizPath, seeded.quizPool), expect: 'name="submission"' },
		{
			name: 'attempt review',
			visits: every((l) => localized(`/courses/${COURSE_SLUG}/${module1}/quiz/attempts/${l.attemptId}`), lessonPool.filter((l) => l.attemptId)),
			expect: '<main'
		},
		{ name: 'My learning', visits: every(localized('/learning')), expect: '<main' },
		{ name: 'dashboard', visits: every(dashboardPath, [seeded.coordinator]), expect: '<main' }
	];
	const lessonAlone = await sequentialTimes(app.origin, app.pid, lessonPath, seeded.lessonPool[0].token, 20, options.quick ? 20 : 100);
	noteMemory('lesson page one at a time');
	const pageResults: PageResult[] = [];
	for (const spec of pageSpecs) {
		if (options.pages && !options.pages.includes(spec.name)) continue;
		pageResults.push(await measurePage({ origin: app.origin, pid: app.pid, page: spec, connections: options.connections, duration: options.duration, warmup, log }));
	}
	const lessonResult = pageResults.find((r) => r.name === 'lesson');
	const courseResult = pageResults.find((r) => r.name === 'course page');
	noteMemory('P1/P2: pages');
	log('P4: coordinator dashboard, sequential requests...');
	const p4 = await sequentialTimes(app.origin, app.pid, dashboardPath, seeded.coordinator.token, 5, options.quick ? 10 : 30);

	noteMemory('P4');
	// P7: the page may not exist yet (issue 19 is being built): a 404 is reported, not measured.
	const p7Pages: { name: string; path: string; times: Awaited<ReturnType<typeof sequentialTimes>> | null; skipped: string }[] = [];
	for (const c of reportCases) {
		const path = reportPath(c.filters);
		const first = await fetchPage(app.origin, path, seeded.coordinator.token);
		if (first.status !== 200) {
			const why = first.status === 404 ? 'the page answered 404: /coordinate/indicators is not built yet' : `the page answered ${first.status}${first.headers.location ? ` (to ${first.headers.location})` : ''}`;
			log(`P7: ${c.name}: skipped, ${why}.`);
			p7Pages.push({ name: c.name, path, times: null, skipped: why });
			continue;
		}
		log(`P7: programme results page, ${c.name}, sequential requests...`);
		p7Pages.push({ name: c.name, path, times: await sequentialTimes(app.origin, app.pid, path, seeded.coordinator.token, 3, options.quick ? 5 : 20), skipped: '' });
	}
	noteMemory('P7');
	const p3 = await measureQuizSubmissions({
		origin: app.origin,
		pid: app.pid,
		path: quizPath,
		tokens: seeded.quizPool.map((l) => l.token),
		fields: quizFields,
		quizId: seeded.quizTarget.quizId,
		databasePath: location,
		connections: options.connections,
		duration: options.duration,
		log
	});

	noteMemory('P3');
	let p5: { lesson: PageWeight; course: PageWeight; noJs: { lesson: NoJsCheck; course: NoJsCheck } } | null = null;
	let p5Skipped = '';
	const chromiumPath = options.browser ? findChromium() : null;
	if (!options.browser) p5Skipped = 'skipped (--no-browser)';
	else if (!chromiumPath) p5Skipped = 'skipped: no Chromium (set CHROMIUM_PATH)';
	else {
		log(`P5: page weight and JavaScript-off checks in ${chromiumPath}...`);
		const browser = await launch(chromiumPath);
		try {
			const token = seeded.browserLearner.token;
			const lesson = await weighPage(browser, app.origin, token, lessonPath);
			const courseWeight = await weighPage(browser, app.origin, token, coursePath);
			const noJs = await checkWithoutJs(browser, app.origin, token, lessonPath, localized(seeded.lessonTarget.nextPath), coursePath);
			p5 = { lesson, course: courseWeight, noJs };
		} finally {
			await browser.close();
		}
	}

	if (p5) noteMemory('P5');
	const memory = app.memory();
	const serverErrors = app.log.filter((line) => /error/i.test(line));
	log('Stopping the server...');
	await app.stop();

	log('P4 breakdown: the dashboard\'s domain calls in this process...');
	const breakdown = await dashboardBreakdown(location, seeded.cohortId, COURSE_SLUG);
	log(`P7 breakdown: buildReport and its sections in this process${onPostgres ? '' : ', with the plans of their queries'}...`);
	const reportTimings: ReportTiming[] = await measureReport(location, reportCases, benchNow, options.quick ? 3 : 10, { id: seeded.coordinator.userId, role: 'coordinator' });
	const PLANS = resolve(onPostgres ? 'tests/.tmp/indicator-queries-postgres.txt' : 'tests/.tmp/indicator-plans.txt');
	writePlans(PLANS, reportTimings);
	// The before/after of migration 0025 is SQLite's (its plans name the scans); on PostgreSQL: null.
	let reportTimingsBefore: (ReportTiming | null)[] = reportTimings.map(() => null);
	const PLANS_BEFORE = resolve('tests/.tmp/indicator-plans-without-0025.txt');
	if (!onPostgres) {
		log('P7 breakdown again on a copy without migration 0025 (the indicator indexes), for the before/after...');
		const withoutIndexesPath = join(tmp, 'bench-without-0025.sqlite');
		await copyWithoutIndicatorIndexes(databasePath, withoutIndexesPath);
		const before = await measureReport(withoutIndexesPath, reportCases, benchNow, options.quick ? 3 : 10, { id: seeded.coordinator.userId, role: 'coordinator' });
		rmSync(withoutIndexesPath, { force: true });
		writePlans(PLANS_BEFORE, before);
		reportTimingsBefore = before;
	}

	// --profile: each load again on a fresh server with --cpu-prof (the table's numbers come from the
	// server above, which ran without the profiler).
	const profiles: Record<string, ProfileSummary | null> = {};
	if (options.profile) {
		const lessonCookies = seeded.lessonPool.map((l) => cookieOf(l.token));
		const lessonLoad = (origin: string, duration: number) =>
			runLoad({ url: origin, connections: options.connections, duration, requests: [roundRobin(lessonPath, lessonCookies, PAGE_HEADERS)] }).then(() => undefined);
		for (const spec of pageSpecs) {
			if (options.pages && !options.pages.includes(spec.name)) continue;
			const pageLoad = (origin: string, duration: number) =>
				runLoad({ url: origin, connections: options.connections, duration, requests: [visitsInTurn(spec.visits)] }).then(() => undefined);
			log(`Profiling ${spec.name} (P1)...`);
			profiles[spec.name] = await profileWorkload(databasePath, join(tmp, `profile-${target.engine}-${spec.name.replace(/\W+/g, '-')}`), (o) => pageLoad(o, warmup), (o) => pageLoad(o, options.duration), target.databaseUrl);
		}
		log('Profiling quiz submissions (P3)...');
		profiles.quiz = await profileWorkload(databasePath, join(tmp, `profile-${target.engine}-quiz`), (o) => lessonLoad(o, warmup), async (origin, pid) => {
			await measureQuizSubmissions({ origin, pid, path: quizPath, tokens: seeded.quizPool.map((l) => l.token), fields: quizFields, quizId: seeded.quizTarget.quizId, databasePath: location, connections: options.connections, duration: options.duration, log });
		}, target.databaseUrl);
		log('Profiling the dashboard (P4)...');
		const dashboardRequests = async (origin: string, count: number) => {
			for (let i = 0; i < count; i++) await fetchPage(origin, dashboardPath, seeded.coordinator.token);
		};
		profiles.dashboard = await profileWorkload(databasePath, join(tmp, `profile-${target.engine}-dashboard`), (o) => dashboardRequests(o, 5), (o) => dashboardRequests(o, 30), target.databaseUrl);
	}

	// ---- the table ----
	// pageJs: the lesson and course pages are learner pages, whose only script is the service worker's
	// registration (static/sw-register.js; issue 21 sets its budget at under 1 KB).
	const GOALS = { ratio: 0.1, courseHtml: 20_000, p95: 30, quizPerSecond: 1000, dashboard: 100, pageTotal: 60_000, pageJs: 1_000, rssMb: 150, report: 300 };
	const rssMb = mb(memory.hwmKb);
	const statusText = (s: Record<string, number>) => Object.entries(s).map(([code, n]) => `${code}×${int(n)}`).join(', ');
	const pageRow = (r: PageResult, i: number): Row => ({
		id: i === 0 ? 'P1' : '',
		measure: `${r.name}, req/s app vs bare`,
		value: `app ${int(r.app.okRps)}/s, bare ${int(r.bare.okRps)}/s, ratio ${r.ratio.toFixed(3)}; ${kb(r.htmlBytes)} HTML, ${kb(r.bytes)} ${r.encoding}`,
		goal: `ratio ≥ ${GOALS.ratio}`,
		met: r.ratio >= GOALS.ratio
	});
	const rows: Row[] = [
		...pageResults.map(pageRow),
		...(courseResult
			? [{ id: '', measure: 'course page HTML', value: kb(courseResult.htmlBytes), goal: `≤ ${kb(GOALS.courseHtml)}`, met: courseResult.htmlBytes <= GOALS.courseHtml }]
			: []),
		...(lessonResult
			? [
					{
						id: 'P2',
						measure: `lesson page latency, ${options.connections} connections`,
						value: `p50 ${ms(lessonResult.app.latency.p50)}, p95 ${ms(lessonResult.app.latency.p95)}, p99 ${ms(lessonResult.app.latency.p99)}`,
						goal: `p95 < ${GOALS.p95} ms`,
						met: lessonResult.app.latency.p95 < GOALS.p95
					}
				]
			: []),
		{
			id: 'P3',
			measure: 'quiz submissions graded and stored',
			value: `${int(p3.perSecond)}/s; ${int(p3.acknowledged)} acknowledged, ${int(p3.stored)} stored, ${p3.lost} lost`,
			goal: `≥ ${int(GOALS.quizPerSecond)}/s, 0 lost`,
			met: p3.perSecond >= GOALS.quizPerSecond && p3.lost === 0
		},
		{
			id: 'P4',
			measure: `dashboard of ${int(options.learners)} learners, server time`,
			value: `median ${ms(p4.median)}, p95 ${ms(p4.p95)} (${p4.count} requests)`,
			goal: `median < ${GOALS.dashboard} ms`,
			met: p4.median < GOALS.dashboard
		}
	];
	const weightRow = (name: string, w: PageWeight): Row => ({
		id: name === 'lesson' ? 'P5' : '',
		measure: `${name} page bytes (${w.requests} requests)`,
		value: `${kb(w.total)}: HTML ${kb(w.html)} (${w.htmlEncoding}), CSS ${kb(w.css)}, JS ${kb(w.js)} (${w.jsEncoding}), other ${kb(w.other)}`,
		goal: `≤ ${kb(GOALS.pageTotal)}, JS ≤ ${kb(GOALS.pageJs)}`,
		met: w.total <= GOALS.pageTotal && w.js <= GOALS.pageJs
	});
	if (p5) {
		rows.push(weightRow('lesson', p5.lesson), weightRow('course', p5.course), {
			id: '',
			measure: 'works with JavaScript off',
			value: `lesson: ${p5.noJs.lesson.ok ? 'yes' : 'NO'} (${p5.noJs.lesson.detail}); course: ${p5.noJs.course.ok ? 'yes' : 'NO'} (${p5.noJs.course.detail})`,
			goal: 'both work',
			met: p5.noJs.lesson.ok && p5.noJs.course.ok
		});
	} else rows.push({ id: 'P5', measure: 'page bytes, JavaScript off', value: p5Skipped, goal: `≤ ${kb(GOALS.pageTotal)}, JS ≤ ${kb(GOALS.pageJs)}`, met: null });
	p7Pages.forEach((p, i) => {
		rows.push({
			id: i === 0 ? 'P7' : '',
			measure: `programme results page, ${p.name}, server time`,
			value: p.times
				? `median ${ms(p.times.median)}, p95 ${ms(p.times.p95)}, server CPU ${ms(p.times.cpuMsPerRequest)} per request (${p.times.count} requests, ${kb(p.times.bytes)} HTML)`
				: `not measured: ${p.skipped}`,
			goal: `median < ${GOALS.report} ms`,
			met: p.times ? p.times.median < GOALS.report : null
		});
	});
	for (const [t, before] of reportTimings.map((t, i) => [t, reportTimingsBefore[i]] as const)) {
		rows.push({
			id: '',
			measure: `buildReport alone, ${t.name}; without the indexes of migration 0025`,
			value:
				`median ${ms(t.median)}, fastest ${ms(t.min)}, CPU ${ms(t.cpuMedian)} (${t.runs} runs, ${t.tables} tables): ${t.sections.map((s) => `${s.name} ${ms(s.ms)}`).join(', ')}; ` +
				(before ? `without: median ${ms(before.median)}, CPU ${ms(before.cpuMedian)}` : 'without: not run on PostgreSQL'),
			goal: `< ${GOALS.report} ms`,
			met: t.median < GOALS.report
		});
	}
	rows.push({
		id: 'P6',
		measure: 'peak server memory (VmHWM)',
		value: `${rssMb.toFixed(1)} MB (largest sampled VmRSS ${mb(memory.sampledKb).toFixed(1)} MB)`,
		goal: `≤ ${GOALS.rssMb} MB`,
		met: rssMb <= GOALS.rssMb
	});

	// ---- notes: how it was measured, and what a reader needs to judge the numbers ----
	const lessonTotal = course.lessonCount;
	notes.push(
		`Data: ${int(options.learners)} learners in one cohort on "${COURSE_SLUG}" (${course.modules.length} modules, ${lessonTotal} lessons, ${course.modules.filter((m) => m.quiz).length} quizzes); ` +
			`${int(seeded.rows.lessonProgress)} lesson-progress rows (${((100 * seeded.rows.lessonProgress) / (options.learners * lessonTotal)).toFixed(0)} % of all lessons), ` +
			`${int(seeded.rows.quizAttempts)} quiz attempts with ${int(seeded.rows.quizAnswers)} answers; seeded in ${seeded.seconds.toFixed(1)} s. ` +
			`The course has ${lessonTotal} real lessons, so ~600,000 progress rows for 10,000 learners is out of reach without inventing lessons (at most ${int(options.learners * lessonTotal)}); none were invented.`,
		`Cohort statuses (the dashboard's own rule): ${Object.entries(statusCounts).map(([k, v]) => `${k} ${int(v)}`).join(', ')}.`,
		`P1: each page with the cookies of its users in turn (${pageResults.map((r) => `${r.name} ${r.users}`).join(', ')}), Accept-Encoding "br, gzip", ${options.connections} connections, pipelining 1, ${warmup} s warm-up then ${options.duration} s; ` +
			`the bare server (a child process, same settings) answers every request with the bytes and headers the app sent for the page. P2 is the app run of the lesson page. ` +
			`Statuses: ${pageResults.map((r) => `${r.name} ${statusText(r.app.statuses)}`).join('; ')}. One request at a time, the lesson page takes ${ms(lessonAlone.median)} (median of ${lessonAlone.count}).`,
		`P3: POST ${quizPath} by ${p3.learners} learners in turn (module 1 done, quiz open, no attempt limit, no wait), each with a fresh submission key and wrong answers so that the quiz stays open; ` +
			`statuses ${statusText(p3.load.statuses)}; ${p3.unacknowledged} stored but unanswered when the run stopped; ${p3.passed} attempts passed (must be 0).`,
		`P4: GET ${dashboardPath} as the coordinator, one request at a time after 5 warm-up requests, ${int(p4.bytes)} bytes of HTML, statuses ${p4.statuses.join(', ')}.`,
		p5
			? `P5: cold cache, one fresh browser context per page; bytes are Network.loadingFinished encodedDataLength (bodies as sent plus response headers); Chromium asked for "${p5.lesson.acceptEncoding}". ` +
					`Heaviest responses: lesson page ${p5.lesson.largest.map((r) => `${r.path.replace(/^.*\//, '')} ${kb(r.bytes)}`).join(', ')}; ` +
					`course page ${p5.course.largest.map((r) => `${r.path.replace(/^.*\//, '')} ${kb(r.bytes)}`).join(', ')}. KB = 1000 bytes.`
			: `P5: ${p5Skipped}.`,
		`P7: GET ${p7Pages.map((p) => p.path).join(' and ')} as the coordinator, one request at a time after 3 warm-up requests (statuses ${p7Pages.map((p) => (p.times ? p.times.statuses.join('/') : p.skipped)).join('; ')}). ` +
			`Programme data around the cohort (seeded in ${programme.seconds.toFixed(1)} s): ${int(pr.organisations)} organisations (municipalities typed in several spellings and scripts), ` +
			`${int(pr.enrolments)} enrolments (${int(pr.tutorialEnrolments)} in "${programme.tutorial.slug}" over 18 months), ${int(pr.lessonProgress)} lesson-progress rows and ${int(pr.quizAttempts)} quiz attempts in all, ` +
			`${int(pr.cohorts)} cohorts, ${int(pr.submissions)} assignment hand-ins, ${int(pr.certificates)} learner and ${int(pr.organisationCertificates)} organisation certificates (${int(pr.revoked)} revoked), ` +
			`${int(pr.demographics)} demographic answers (${int(pr.community)} with community and consent), ${int(pr.volunteers)} volunteers, ${int(pr.calls)} calls with ${int(pr.shifts)} shifts and ${int(pr.applications)} applications, ` +
			`${int(pr.hoursConfirmed)} confirmed and ${int(pr.hoursLogged)} pending hour entries. The content has ${lessonTotal + programme.tutorial.lessonCount} lessons in two courses, so a learner has at most that many progress rows.`,
		`P7 breakdown (buildReport and each section's function run in the benchmark's own process, warm${onPostgres ? '' : ", with the server's 4 MB page cache"}; query times are wall clock; ${onPostgres ? `queries in ${PLANS}` : `plans in ${PLANS}, and without migration 0025 in ${PLANS_BEFORE}`}): ` +
			reportTimings
				.map((t, i) => {
					const slowest = [...t.queries].sort((a, b) => b.ms - a.ms).slice(0, 3);
					const scans = (timing: ReportTiming) => timing.queries.filter((q) => q.scans.length);
					const scanList = (timing: ReportTiming) => [...new Set(scans(timing).flatMap((q) => q.scans))].join(', ') || 'none';
					const before = reportTimingsBefore[i];
					return (
						`${t.name}: ${t.queries.length} SQL statements; slowest ${slowest.map((q) => `${ms(q.ms)} [${q.section}] ${q.sql.slice(0, 120)}…`).join(' | ') || 'none'}` +
						(before
							? `; ${scans(t).length} with full scans (${scanList(t)}); without 0025's indexes ${scans(before).length} (${scanList(before)}), sections ${before.sections.map((s) => `${s.name} ${ms(s.ms)}`).join(', ')}`
							: '')
					);
				})
				.join('. '),
		`P6: VmHWM of the server process from /proc at the end of the run (it covers every measurement above), MB = 10^6 bytes. ` +
			`RSS / peak after each step: ${memorySteps.map((s) => `${s.after} ${s.rssMb}/${s.peakMb}`).join(', ')} MB.`
	);
	const loadEnd = loadavg()[0];
	const pct = (share: number) => `${Math.round(100 * share)} %`;
	const loadRuns = [...pageResults.flatMap((r) => [r.app, r.bare]), p3.load];
	const busiest = Math.max(...loadRuns.map((r) => r.othersShare));
	const meanOthers = loadRuns.reduce((sum, r) => sum + r.othersShare, 0) / loadRuns.length;
	notes.unshift(
		`${busiest > 0.1 ? 'The machine was busy with other work: o' : 'O'}ther processes used ${pct(meanOthers)} on average (at most ${pct(busiest)}) of its ${cpus().length} cores during the load runs ` +
			`(load average ${load1.toFixed(1)} at the start, ${loadEnd.toFixed(1)} at the end).` +
			(busiest > 0.1 ? ' Requests per second and latencies are then lower than on an idle machine; the ratios and the CPU time per response below are the steadier figures.' : '')
	);
	notes.push(
		`Server CPU per response (from /proc, barely moved by other work on the machine), app / bare: ${pageResults.map((r) => `${r.name} ${ms(r.app.cpuMsPerResponse)} / ${ms(r.bare.cpuMsPerResponse)}`).join(', ')}; ` +
			`lesson page one at a time ${ms(lessonAlone.cpuMsPerRequest)}; quiz submission ${ms(p3.load.cpuMsPerResponse)}; dashboard one at a time ${ms(p4.cpuMsPerRequest)}. ` +
			`With ${options.connections} connections always busy, mean latency = ${options.connections} / throughput (Little's law): a p95 under ${GOALS.p95} ms needs more than ${int((1000 * options.connections) / GOALS.p95)} responses/s.`,
		`P4 breakdown (the dashboard's domain calls run in the benchmark's own process after the server stopped, warm): ${breakdown.calls.map((c) => `${c.name} ${ms(c.ms)}`).join(', ')}; ` +
			`${breakdown.queryCount} SQL statements, the slowest ${breakdown.slowestQueries.slice(0, 3).map((q) => `${ms(q.ms)}: ${q.sql.slice(0, 140)}…`).join(' | ')}`
	);
	const troubled = pageResults.filter((r) => r.app.errors || r.app.timeouts);
	if (troubled.length || p3.load.errors) notes.push(`Connection errors: ${troubled.map((r) => `${r.name} ${r.app.errors} (timeouts ${r.app.timeouts})`).join(', ')}; P3 ${p3.load.errors}.`);
	if (serverErrors.length) notes.push(`The server logged ${serverErrors.length} error lines; the last: ${serverErrors[serverErrors.length - 1]}`);
	if (build.built && target === targets[0]) notes.push(`Built first (${build.seconds.toFixed(0)} s).`);

	return {
		target,
		rows,
		notes,
		profiles,
		results: {
			database: target.engine,
			table: rows,
			p1: { pages: pageResults, lessonOneAtATime: lessonAlone },
			p2: lessonResult?.app.latency ?? null,
			p3: { ...p3, quizPath },
			p4: { dashboardPath, ...p4 },
			p5: p5 ?? { skipped: p5Skipped },
			p6: { ...memory, peakMb: rssMb, steps: memorySteps },
			p4Breakdown: breakdown,
			p7: { pages: p7Pages, report: reportTimings, reportWithout0025: reportTimingsBefore, programme: programme.rows, programmeSeconds: programme.seconds },
			profiles,
			notes
		},
		loadEnd
	};
}

const runs: EngineRun[] = [];
for (const target of targets) runs.push(await measureEngine(target));
const single = runs.length === 1 ? runs[0] : null;

const engineNote = single ? (single.target.engine === 'sqlite' ? '' : ` on ${single.target.label}`) : `, ${runs.map((r) => r.target.label).join(' and ')} side by side`;
console.log(`\nCivicSteps benchmark${engineNote}: ${int(options.learners)} learners, ${options.duration} s per load run, ${options.connections} connections${options.quick ? ' (quick)' : ''}; Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}`);
console.log(single ? formatTable(single.rows) : formatTable(sideBySide(runs.map((r) => r.rows)), runs.map((r) => r.target.label)));
for (const run of runs) {
	console.log(`\nNotes${single ? '' : ` (${run.target.label})`}:\n${run.notes.map((n) => `- ${n}`).join('\n')}`);
}
for (const run of runs) {
	for (const [name, profile] of Object.entries(run.profiles)) {
		if (!profile) continue;
		console.log(`\nServer CPU profile, ${name}${single ? '' : ` on ${run.target.label}`} (--profile): ${int(profile.busyMs)} ms busy; by origin:`);
		for (const o of profile.origins.slice(0, 8)) console.log(`  ${(100 * o.share).toFixed(1).padStart(5)} %  ${o.name}`);
		console.log('  top functions by self time:');
		for (const f of profile.functions) console.log(`  ${(100 * f.share).toFixed(1).padStart(5)} %  ${f.name}`);
	}
}

const common = {
	date: new Date().toISOString(),
	machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model.trim(), memoryMb: Math.round(totalmem() / 1e6), loadAverage: { start: load1, end: runs[runs.length - 1].loadEnd } },
	options,
	build,
	data: { ...seeded.rows, seedSeconds: seeded.seconds, courseLessons: seeded.course.lessonCount, statuses: statusCounts }
};
// One engine: the shape this file always had; both: each engine's results under its name.
writeResults(RESULTS, single ? { ...common, ...single.results } : { ...common, engines: Object.fromEntries(runs.map((r) => [r.target.engine, r.results])) });
log(`\nWrote ${RESULTS}`);
process.exit(0);
