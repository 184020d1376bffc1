// `npm run stress [-- --learners 200 --duration 60]`: many learners at once against the built server,
// which is killed with SIGKILL halfway and started again on the same database. Afterwards every step
// the server acknowledged (a 303 to the next step or to the stored attempt) must be in the database.
// `--quick` (40 learners, 8 s, kill after 1.5 s) is the version `npm test` runs.
//
// Loopback only: the server listens on 127.0.0.1 on a free port, with a fresh database in a temp
// folder (DEMO=off). Learners are made directly in the database with a session each, so that no
// request pays for argon2; they take `getting-started`, then `outreach`, answering from content/.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { migrate, openDatabase } from '../../src/lib/server/db/client';
import { importContent } from '../../src/lib/server/catalogue/content/import';
import { loadIssuerKey } from '../../src/lib/server/learning/certificates/credential';
import { createUserWithRole } from '../../src/lib/server/people/users';
import { createSession } from '../../src/lib/server/auth/session';
import { enrol } from '../../src/lib/server/learning/progress';
import { backupDatabase } from '../../src/lib/server/platform/backup';
import { freePort } from '../bench/processes';
import { readPlan } from './plan';
import { liftQuizWaits } from './quiz-settings';
import { Server, snapshotBuild } from './server';
import { acked, latencies, phase, runLearner, stats, unexpectedAnswers, type Learner } from './learners';
import { inspect, type Found } from './inspect';

const { values } = parseArgs({
	options: {
		learners: { type: 'string' },
		duration: { type: 'string' },
		'kill-at': { type: 'string' },
		quick: { type: 'boolean', default: false },
		keep: { type: 'boolean', default: false }
	}
});
const bounded = (v: string | undefined, fallback: number, min: number, max: number) =>
	Math.min(max, Math.max(min, Number.isFinite(Number(v)) && v !== undefined ? Number(v) : fallback));
const LEARNERS = Math.round(bounded(values.learners, values.quick ? 40 : 200, 1, 2000));
const DURATION_S = bounded(values.duration, values.quick ? 8 : 60, 2, 600);
// The quick run kills early: the server got fast enough that 20 learners finished every step before a
// kill at 4 s, which then tested nothing.
const KILL_AT_S = bounded(values['kill-at'], values.quick ? 1.5 : DURATION_S / 2, 0.5, DURATION_S);
const COURSES = ['getting-started', 'outreach'];

const percentile = (list: number[], p: number) => {
	if (list.length === 0) return 0;
	const sorted = [...list].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

const work = mkdtempSync(join(tmpdir(), 'civicsteps-stress-'));
const appDir = resolve('tests/.tmp', `stress-${process.pid}`);
const dbPath = join(work, 'stress.sqlite');
const keyPath = join(work, 'issuer-key.json');
let server: Server | null = null;
let failed = false;
// Interrupted: take the server and the temp files down with us instead of leaving them behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.once(signal, () => {
		server?.child?.kill('SIGKILL');
		rmSync(appDir, { recursive: true, force: true });
		rmSync(work, { recursive: true, force: true });
		process.exit(130);
	});
}

try {
	const setupStarted = performance.now();
	const entry = await snapshotBuild(join(appDir, 'build'));
	const db = openDatabase(dbPath);
	await migrate(db);
	const imported = await importContent(db, resolve('content'));
	const courses = await db.selectFrom('courses').select(['id', 'slug']).where('slug', 'in', COURSES).execute();
	const taken = COURSES.filter((slug) => courses.some((c) => c.slug === slug));
	if (!taken.includes('getting-started'))
		throw new Error(`getting-started was not imported: ${imported.errors.join('; ')}`);
	await loadIssuerKey(keyPath);
	const learners: Learner[] = [];
	for (let first = 0; first < LEARNERS; first += 8) {
		const batch = Array.from({ length: Math.min(8, LEARNERS - first) }, async (_, k) => {
			const n = first + k + 1;
			const user = await createUserWithRole(db, {
				name: `Stress Learner ${n}`,
				email: `stress-${n}@example.org`,
				password: randomBytes(18).toString('base64url'),
				role: 'learner'
			});
			const { token } = await createSession(db, user.id, { userAgent: 'civicsteps-stress' });
			for (const c of courses) await enrol(db, user.id, c.id);
			return { id: user.id, cookie: `session=${token}` };
		});
		learners.push(...(await Promise.all(batch)));
	}
	// Learners fail some first attempts on purpose and retake at once: a trainer lifts the waits first.
	const trainer = await createUserWithRole(db, {
		name: 'Stress Trainer',
		email: 'stress-trainer@example.org',
		password: randomBytes(18).toString('base64url'),
		role: 'trainer'
	});
	const lifted = await liftQuizWaits(
		db,
		courses.map((c) => c.id),
		trainer.id
	);
	await db.destroy();
	const plan = readPlan(taken);

	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	server = new Server(
		entry,
		{
			...process.env,
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: origin,
			DATABASE_PATH: dbPath,
			ISSUER_KEY_PATH: keyPath,
			DEMO: 'off',
			CONTENT_DIR: resolve('content'),
			BODY_SIZE_LIMIT: '12M'
		},
		origin
	);
	const firstStart = await server.start();
	console.log(
		`Set-up ${((performance.now() - setupStarted) / 1000).toFixed(1)} s (${LEARNERS} learners, ${taken.join(' + ')}: ${plan.length} steps each; ${lifted} quiz waits lifted by a trainer; server ready in ${firstStart.answering.toFixed(0)} ms)`
	);
	console.log(`Running ${DURATION_S} s against ${origin}, SIGKILL at ${KILL_AT_S} s...`);

	const loadStarted = Date.now();
	const clock = { deadline: loadStarted + DURATION_S * 1000 };
	let allDone = false;
	let loadEnded = 0;
	const running = Promise.all(learners.map((l) => runLearner(origin, l, plan, clock))).then(() => {
		allDone = true;
		loadEnded = Date.now();
	});
	const crash = { inFlight: 0, at: 0, learnersLeft: 0, walBytes: 0, restart: { listening: 0, answering: 0 } };
	const online = {
		file: join(work, 'online-backup.sqlite'),
		ms: 0,
		lessons: 0,
		attempts: 0,
		found: null as Found | null
	};
	const srv = server;
	let sideError: unknown = null;
	const sideShow = (async () => {
		while (!allDone && Date.now() < loadStarted + KILL_AT_S * 1000) await sleep(20);
		crash.inFlight = stats.inFlight;
		crash.at = (Date.now() - loadStarted) / 1000;
		crash.learnersLeft = LEARNERS - stats.finished - stats.abandoned;
		phase.killed = true;
		await srv.stop('SIGKILL');
		// The WAL as the kill left it: recent commits live there until a checkpoint copies them.
		crash.walBytes = existsSync(`${dbPath}-wal`) ? statSync(`${dbPath}-wal`).size : 0;
		crash.restart = await srv.start();
		// On a slow or busy machine the restart can eat the rest of a short run: leave the learners
		// a quarter of the duration after it, so that the run always shows writes after the crash.
		clock.deadline = Math.max(clock.deadline, Date.now() + DURATION_S * 250);
		// An online backup under load, halfway from the restart to the end: it must hold every step
		// acknowledged before it began.
		const backupAt = (Date.now() + clock.deadline) / 2;
		while (!allDone && Date.now() < backupAt) await sleep(20);
		const lessons = acked.lessons.slice();
		const attempts = acked.attempts.slice();
		const started = performance.now();
		await backupDatabase(dbPath, online.file);
		online.ms = performance.now() - started;
		online.lessons = lessons.length;
		online.attempts = attempts.length;
		online.found = inspect(online.file, lessons, attempts);
	})().catch((e: unknown) => {
		sideError = e;
	});
	await running;
	await sideShow;
	if (sideError) throw sideError;
	const elapsed = (loadEnded - loadStarted) / 1000;
	await server.stop('SIGTERM');

	const found = inspect(dbPath, acked.lessons, acked.attempts);
	const lost = acked.lessons.length - found.lessons + (acked.attempts.length - found.attempts);
	const afterKill = (list: { afterKill: boolean }[]) => list.filter((a) => a.afterKill).length;
	const uniqueAttempts = new Set(acked.attempts.map((a) => a.attemptId)).size;
	const row = (label: string, requests: number, ack: number, got: number, extra = '') =>
		console.log(
			`  ${label.padEnd(20)}${String(requests).padStart(9)}${String(ack).padStart(14)}${String(got).padStart(9)}${String(ack - got).padStart(7)}  ${extra}`
		);
	console.log(
		`\n  ${''.padEnd(20)}${'requests'.padStart(9)}${'acknowledged'.padStart(14)}${'found'.padStart(9)}${'lost'.padStart(7)}`
	);
	row(
		'lesson completions',
		stats.lessonPosts,
		acked.lessons.length,
		found.lessons,
		`(${afterKill(acked.lessons)} after the kill; ${found.progressRows} rows)`
	);
	row(
		'quiz submissions',
		stats.quizPosts,
		acked.attempts.length,
		found.attempts,
		`(${afterKill(acked.attempts)} after the kill; ${uniqueAttempts} distinct attempts, ${found.attemptRows} rows)`
	);
	row('page views', stats.pageGets, 0, 0);
	const answered = stats.requests - stats.networkErrors;
	console.log(
		`\n  ${answered} requests answered in ${elapsed.toFixed(1)} s = ${(answered / elapsed).toFixed(0)} requests/s (server and learners share this machine)`
	);
	console.log(
		`  acknowledged writes: p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms`
	);
	console.log(
		`  SIGKILL at ${crash.at.toFixed(1)} s: ${crash.inFlight} requests in flight, ${crash.learnersLeft} learners still going, WAL file ${(crash.walBytes / 1024).toFixed(0)} KB`
	);
	console.log(
		`  restart on the same database: listening after ${crash.restart.listening.toFixed(0)} ms, first page served after ${crash.restart.answering.toFixed(0)} ms (behind the learners' retries)`
	);
	console.log(
		`  ${stats.networkErrors} requests failed on the connection (cut by the kill, or refused until the restart), ${stats.unexpected} unexpected answers, ${stats.resumed} quizzes found passed after the crash`
	);
	console.log(
		`  learners: ${stats.finished} finished every step, ${LEARNERS - stats.finished - stats.abandoned} stopped by the clock, ${stats.abandoned} gave up`
	);
	const backupLost = online.found
		? online.lessons - online.found.lessons + (online.attempts - online.found.attempts)
		: 0;
	if (online.found) {
		console.log(
			`  online backup under load: ${online.ms.toFixed(0)} ms, integrity ${online.found.integrity}, ${online.lessons + online.attempts - backupLost} of the ${online.lessons + online.attempts} steps acknowledged before it are in it`
		);
	}
	console.log(`  integrity_check: ${found.integrity}`);

	const problems: string[] = [];
	if (lost > 0) problems.push(`${lost} acknowledged writes are missing`);
	if (found.integrity !== 'ok') problems.push('the database fails the integrity check');
	if (acked.lessons.length + acked.attempts.length === 0) problems.push('nothing was acknowledged');
	if (crash.learnersLeft === 0)
		problems.push(
			'every learner had finished before the kill, so the kill tested nothing (raise --learners or lower --kill-at)'
		);
	else if (afterKill(acked.lessons) + afterKill(acked.attempts) === 0)
		problems.push('nothing was acknowledged after the restart');
	if (stats.abandoned > 0) problems.push(`${stats.abandoned} learners gave up on a step`);
	if (stats.unexpected > 0)
		problems.push(`${stats.unexpected} unexpected answers, the first at: ${unexpectedAnswers.slice(0, 5).join('; ')}`);
	if (online.found && (backupLost > 0 || online.found.integrity !== 'ok'))
		problems.push('the online backup misses acknowledged steps or fails the integrity check');
	if (problems.length) {
		failed = true;
		console.error(`\nFAILED: ${problems.join('; ')}`);
		console.error(server.log.slice(-30).join('\n'));
	} else console.log('\nOK: every acknowledged step survived the SIGKILL.');
} catch (e) {
	failed = true;
	console.error(`Stress run failed: ${e instanceof Error ? e.message : String(e)}`);
	if (server) console.error(server.log.slice(-30).join('\n'));
} finally {
	await server?.stop('SIGKILL');
	rmSync(appDir, { recursive: true, force: true });
	if (values.keep) console.log(`Database kept in ${work}`);
	else rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
