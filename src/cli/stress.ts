// `npm run stress [-- --learners 200 --duration 60]`: many learners at once against the built server,
// which is killed with SIGKILL halfway and started again on the same database. Afterwards every step
// the server acknowledged (a 303 to the next step or to the stored attempt) must be in the database.
// `--quick` (20 learners, 8 s, kill after 4 s) is the version `npm test` runs.
//
// Loopback only: the server listens on 127.0.0.1 on a free port, with a fresh database in a temp
// folder (DEMO=off). Learners are made directly in the database with a session each, so that no
// request pays for argon2; they take `getting-started`, then `outreach`, answering from content/.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import SQLite from 'better-sqlite3';
import { migrate, openDatabase } from '../lib/server/db';
import { importContent } from '../lib/server/content/import';
import { ContentErrors, readCourse } from '../lib/server/content/read';
import type { QuestionKey, QuestionText } from '../lib/server/content/types';
import { loadIssuerKey } from '../lib/server/credentials';
import { createUserWithRole } from '../lib/server/users';
import { createSession } from '../lib/server/auth/session';
import { enrol } from '../lib/server/progress';
import { backupDatabase } from '../lib/server/backup';

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
const LEARNERS = Math.round(bounded(values.learners, values.quick ? 20 : 200, 1, 2000));
const DURATION_S = bounded(values.duration, values.quick ? 8 : 60, 2, 600);
const KILL_AT_S = bounded(values['kill-at'], DURATION_S / 2, 0.5, DURATION_S);
const COURSES = ['getting-started', 'outreach'];
/** Share of first attempts at a quiz answered wrongly on purpose, so that retakes happen too. */
const FIRST_TRY_FAILS = 0.3;
const REQUEST_TIMEOUT_MS = 15_000;
const MAX_TRIES_PER_STEP = 40;

// ---- the build, copied so that a rebuild by someone else cannot pull files from under the server
function viteBuildRunning(): boolean {
	for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
		try {
			const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
			if (args.some((a) => /vite(\.js)?$/.test(a)) && args.includes('build') && readlinkSync(`/proc/${pid}/cwd`) === process.cwd()) return true;
		} catch {
			// the process ended meanwhile, or is not ours to read
		}
	}
	return false;
}

async function snapshotBuild(into: string): Promise<string> {
	for (let i = 0; i < 300 && existsSync('/proc') && viteBuildRunning(); i++) {
		if (i === 0) console.log('Waiting for the running vite build to finish...');
		await sleep(1000);
	}
	if (!existsSync('build/index.js')) {
		console.log('No build yet: npm run build');
		if (spawnSync('npm', ['run', 'build'], { stdio: 'inherit' }).status !== 0) throw new Error('the build failed');
	}
	// Inside the project, so that the server still finds node_modules.
	cpSync('build', into, { recursive: true });
	return join(into, 'index.js');
}

// ---- the curriculum as the learners see it
type Step =
	| { kind: 'lesson'; course: string; module: string; lesson: string }
	| { kind: 'quiz'; course: string; module: string; keys: QuestionKey[]; texts: QuestionText[] };

function readPlan(courses: string[]): Step[] {
	const steps: Step[] = [];
	for (const slug of courses) {
		const course = readCourse(resolve('content', slug), new ContentErrors(process.cwd()));
		if (!course) throw new Error(`cannot read content/${slug}`);
		for (const mod of course.modules) {
			for (const lesson of mod.lessons) steps.push({ kind: 'lesson', course: slug, module: mod.slug, lesson: lesson.slug });
			const texts = mod.quiz?.texts.en?.questions;
			if (mod.quiz && texts) steps.push({ kind: 'quiz', course: slug, module: mod.slug, keys: mod.quiz.questions, texts });
		}
	}
	return steps;
}

const decode = (s: string) =>
	s.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
		.replace(/&#39;|&#x27;|&apos;/g, "'").replace(/&nbsp;|&#160;/g, '\u00a0').replace(/&amp;/g, '&').trim();

/** The form a learner sends: right answers, or (`wrong`) an attempt that fails. */
function answerQuiz(html: string, step: Extract<Step, { kind: 'quiz' }>, wrong: boolean): URLSearchParams | null {
	const submission = /name="submission" value="([a-f0-9]{32})"/.exec(html)?.[1];
	const version = /name="version" value="(\d+)"/.exec(html)?.[1];
	if (!submission || !version) return null;
	const form = new URLSearchParams({ submission, version });
	// Ordering items carry opaque ids; their labels say which item each select is for.
	const labels = new Map<string, string>();
	for (const m of html.matchAll(/<label[^>]*\bfor="(q\.[^".]+\.[^"]+)"[^>]*>([\s\S]*?)<\/label>/g)) labels.set(m[1], decode(m[2]));
	step.keys.forEach((key, i) => {
		const name = `q.${key.id}`;
		switch (key.type) {
			case 'single':
				form.append(name, String(wrong ? (Number(key.correct) % key.optionCount) + 1 : Number(key.correct)));
				break;
			case 'true_false':
				form.append(name, String(wrong ? !key.correct : Boolean(key.correct)));
				break;
			case 'multiple': {
				const right = key.correct as number[];
				const others = Array.from({ length: key.optionCount }, (_, n) => n + 1).filter((n) => !right.includes(n));
				for (const n of wrong ? (others.length ? others : right.slice(0, 1)) : right) form.append(name, String(n));
				break;
			}
			case 'short_text':
				form.append(name, wrong ? 'no idea' : (key.accepted.en?.[0] ?? ''));
				break;
			case 'ordering': {
				const items = step.texts[i].items;
				for (const [field, text] of labels) {
					if (!field.startsWith(`${name}.`)) continue;
					const index = items.indexOf(text);
					form.append(field, String(wrong ? items.length - index : index + 1));
				}
				break;
			}
		}
	});
	return form;
}

// ---- the server under test
class Server {
	child: ChildProcess | null = null;
	log: string[] = [];
	constructor(private entry: string, private env: NodeJS.ProcessEnv, private origin: string) {}

	/** Starts the server; resolves with the milliseconds until it listened and until it answered. */
	async start(): Promise<{ listening: number; answering: number }> {
		const started = performance.now();
		let listening = 0;
		const child = spawn(process.execPath, [this.entry], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
		this.child = child;
		const keep = (chunk: Buffer) => {
			const text = chunk.toString();
			if (!listening && text.includes('Listening on')) listening = performance.now() - started;
			this.log.push(...text.split('\n').filter(Boolean));
			if (this.log.length > 200) this.log.splice(0, this.log.length - 200);
		};
		child.stdout?.on('data', keep);
		child.stderr?.on('data', keep);
		while (performance.now() - started < 30_000) {
			if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${this.log.join('\n')}`);
			try {
				const res = await fetch(`${this.origin}/en`, { signal: AbortSignal.timeout(2000) });
				await res.arrayBuffer();
				if (res.status < 500) return { listening, answering: performance.now() - started };
			} catch {
				// not listening yet
			}
			await sleep(50);
		}
		throw new Error('the server did not answer within 30 s');
	}

	async stop(signal: NodeJS.Signals): Promise<void> {
		const child = this.child;
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise((r) => child.once('exit', r));
		child.kill(signal);
		if ((await Promise.race([exited, sleep(5000, 'timeout')])) === 'timeout') {
			child.kill('SIGKILL');
			await exited;
		}
	}
}

// ---- the learners
interface Learner { id: number; cookie: string }
const stats = { requests: 0, pageGets: 0, lessonPosts: 0, quizPosts: 0, networkErrors: 0, unexpected: 0, inFlight: 0, finished: 0, abandoned: 0, resumed: 0 };
const acked = { lessons: [] as { userId: number; course: string; module: string; lesson: string; afterKill: boolean }[], attempts: [] as { userId: number; attemptId: number; afterKill: boolean }[] };
const latencies: number[] = [];
let killed = false;

async function http(origin: string, learner: Learner, path: string, body?: URLSearchParams): Promise<{ status: number; location: string; text: string } | null> {
	stats.requests++;
	stats.inFlight++;
	const started = performance.now();
	try {
		const res = await fetch(`${origin}${path}`, {
			method: body ? 'POST' : 'GET',
			headers: { cookie: learner.cookie, origin, accept: 'text/html', ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
			body: body?.toString(),
			redirect: 'manual',
			signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS)
		});
		const text = await res.text();
		if (body && res.status === 303) latencies.push(performance.now() - started);
		return { status: res.status, location: res.headers.get('location') ?? '', text };
	} catch {
		stats.networkErrors++;
		return null;
	} finally {
		stats.inFlight--;
	}
}

async function runLearner(origin: string, learner: Learner, plan: Step[], clock: { deadline: number }): Promise<void> {
	let index = 0;
	let tries = 0;
	const failedOnce = new Set<string>();
	const again = async () => {
		tries++;
		await sleep(Math.min(1000, 20 * tries));
	};
	while (index < plan.length && Date.now() < clock.deadline) {
		if (tries >= MAX_TRIES_PER_STEP) {
			stats.abandoned++;
			return;
		}
		const step = plan[index];
		const base = `/en/courses/${step.course}/${step.module}`;
		if (step.kind === 'lesson') {
			stats.pageGets++;
			const page = await http(origin, learner, `${base}/${step.lesson}`);
			if (page?.status !== 200) {
				if (page) stats.unexpected++;
				await again();
				continue;
			}
			stats.lessonPosts++;
			const res = await http(origin, learner, `${base}/${step.lesson}?/complete`, new URLSearchParams());
			if (res?.status === 303 && !res.location.includes('locked=')) {
				acked.lessons.push({ userId: learner.id, ...step, afterKill: killed });
				index++;
				tries = 0;
			} else {
				if (res) stats.unexpected++;
				await again();
			}
			continue;
		}
		stats.pageGets++;
		const page = await http(origin, learner, `${base}/quiz`);
		if (page?.status !== 200) {
			if (page) stats.unexpected++;
			await again();
			continue;
		}
		const wrong = !failedOnce.has(base) && Math.random() < FIRST_TRY_FAILS;
		const form = answerQuiz(page.text, step, wrong);
		if (!form) {
			// No form: the quiz was passed by a submission whose answer the crash swallowed.
			stats.resumed++;
			index++;
			continue;
		}
		// A learner whose answer got lost sends the same form again, as after a back-and-resend:
		// the submission key lets the server return the attempt it may already have stored.
		let stored: string | null = null;
		for (let send = 0; send < 20 && Date.now() < clock.deadline; send++) {
			stats.quizPosts++;
			const res = await http(origin, learner, `${base}/quiz`, form);
			if (res?.status === 303 && /\/quiz\/attempts\/\d+$/.test(res.location)) stored = res.location;
			else if (res) stats.unexpected++;
			if (res) break;
			await sleep(Math.min(1000, 50 * (send + 1)));
		}
		if (!stored) {
			await again();
			continue;
		}
		acked.attempts.push({ userId: learner.id, attemptId: Number(stored.split('/').pop()), afterKill: killed });
		stats.pageGets++;
		await http(origin, learner, stored);
		if (wrong) failedOnce.add(base);
		else index++;
		tries = 0;
	}
	if (index >= plan.length) stats.finished++;
}

// ---- what a database file holds of the acknowledged steps
interface Found { integrity: string; lessons: number; attempts: number; progressRows: number; attemptRows: number }

function inspect(path: string, lessons: typeof acked.lessons, attempts: typeof acked.attempts): Found {
	const db = new SQLite(path);
	try {
		const integrity = String(db.pragma('integrity_check', { simple: true }));
		const lessonIds = new Map(
			(db.prepare('SELECT l.id, l.slug AS lesson, m.slug AS module, c.slug AS course FROM lessons l JOIN modules m ON m.id = l.module_id JOIN courses c ON c.id = m.course_id').all() as { id: number; lesson: string; module: string; course: string }[])
				.map((r) => [`${r.course}/${r.module}/${r.lesson}`, r.id])
		);
		const progress = new Set((db.prepare('SELECT user_id, lesson_id FROM lesson_progress').all() as { user_id: number; lesson_id: number }[]).map((r) => `${r.user_id}:${r.lesson_id}`));
		const stored = new Map((db.prepare('SELECT id, user_id FROM quiz_attempts').all() as { id: number; user_id: number }[]).map((r) => [r.id, r.user_id]));
		return {
			integrity,
			lessons: lessons.filter((a) => progress.has(`${a.userId}:${lessonIds.get(`${a.course}/${a.module}/${a.lesson}`)}`)).length,
			attempts: attempts.filter((a) => stored.get(a.attemptId) === a.userId).length,
			progressRows: progress.size,
			attemptRows: stored.size
		};
	} finally {
		db.close();
	}
}

// ---- the run
const freePort = () =>
	new Promise<number>((ok, fail) => {
		const s = createServer();
		s.once('error', fail);
		s.listen(0, '127.0.0.1', () => {
			const address = s.address();
			s.close(() => (typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port'))));
		});
	});

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
	if (!taken.includes('getting-started')) throw new Error(`getting-started was not imported: ${imported.errors.join('; ')}`);
	await loadIssuerKey(keyPath);
	const learners: Learner[] = [];
	for (let first = 0; first < LEARNERS; first += 8) {
		const batch = Array.from({ length: Math.min(8, LEARNERS - first) }, async (_, k) => {
			const n = first + k + 1;
			const user = await createUserWithRole(db, { name: `Stress Learner ${n}`, email: `stress-${n}@example.org`, password: randomBytes(18).toString('base64url'), role: 'learner' });
			const { token } = await createSession(db, user.id, { userAgent: 'civicsteps-stress' });
			for (const c of courses) await enrol(db, user.id, c.id);
			return { id: user.id, cookie: `session=${token}` };
		});
		learners.push(...(await Promise.all(batch)));
	}
	await db.destroy();
	const plan = readPlan(taken);

	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	server = new Server(entry, { ...process.env, HOST: '127.0.0.1', PORT: String(port), ORIGIN: origin, DATABASE_PATH: dbPath, ISSUER_KEY_PATH: keyPath, DEMO: 'off', CONTENT_DIR: resolve('content'), BODY_SIZE_LIMIT: '12M' }, origin);
	const firstStart = await server.start();
	console.log(`Set-up ${((performance.now() - setupStarted) / 1000).toFixed(1)} s (${LEARNERS} learners, ${taken.join(' + ')}: ${plan.length} steps each; server ready in ${firstStart.answering.toFixed(0)} ms)`);
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
	const online = { file: join(work, 'online-backup.sqlite'), ms: 0, lessons: 0, attempts: 0, found: null as Found | null };
	const srv = server;
	let sideError: unknown = null;
	const sideShow = (async () => {
		while (!allDone && Date.now() < loadStarted + KILL_AT_S * 1000) await sleep(20);
		crash.inFlight = stats.inFlight;
		crash.at = (Date.now() - loadStarted) / 1000;
		crash.learnersLeft = LEARNERS - stats.finished - stats.abandoned;
		killed = true;
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
		console.log(`  ${label.padEnd(20)}${String(requests).padStart(9)}${String(ack).padStart(14)}${String(got).padStart(9)}${String(ack - got).padStart(7)}  ${extra}`);
	console.log(`\n  ${''.padEnd(20)}${'requests'.padStart(9)}${'acknowledged'.padStart(14)}${'found'.padStart(9)}${'lost'.padStart(7)}`);
	row('lesson completions', stats.lessonPosts, acked.lessons.length, found.lessons, `(${afterKill(acked.lessons)} after the kill; ${found.progressRows} rows)`);
	row('quiz submissions', stats.quizPosts, acked.attempts.length, found.attempts, `(${afterKill(acked.attempts)} after the kill; ${uniqueAttempts} distinct attempts, ${found.attemptRows} rows)`);
	row('page views', stats.pageGets, 0, 0);
	const answered = stats.requests - stats.networkErrors;
	console.log(`\n  ${answered} requests answered in ${elapsed.toFixed(1)} s = ${(answered / elapsed).toFixed(0)} requests/s (server and learners share this machine)`);
	console.log(`  acknowledged writes: p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms`);
	console.log(`  SIGKILL at ${crash.at.toFixed(1)} s: ${crash.inFlight} requests in flight, ${crash.learnersLeft} learners still going, WAL file ${(crash.walBytes / 1024).toFixed(0)} KB`);
	console.log(`  restart on the same database: listening after ${crash.restart.listening.toFixed(0)} ms, first page served after ${crash.restart.answering.toFixed(0)} ms (behind the learners' retries)`);
	console.log(`  ${stats.networkErrors} requests failed on the connection (cut by the kill, or refused until the restart), ${stats.unexpected} unexpected answers, ${stats.resumed} quizzes found passed after the crash`);
	console.log(`  learners: ${stats.finished} finished every step, ${LEARNERS - stats.finished - stats.abandoned} stopped by the clock, ${stats.abandoned} gave up`);
	const backupLost = online.found ? online.lessons - online.found.lessons + (online.attempts - online.found.attempts) : 0;
	if (online.found) {
		console.log(`  online backup under load: ${online.ms.toFixed(0)} ms, integrity ${online.found.integrity}, ${online.lessons + online.attempts - backupLost} of the ${online.lessons + online.attempts} steps acknowledged before it are in it`);
	}
	console.log(`  integrity_check: ${found.integrity}`);

	const problems: string[] = [];
	if (lost > 0) problems.push(`${lost} acknowledged writes are missing`);
	if (found.integrity !== 'ok') problems.push('the database fails the integrity check');
	if (acked.lessons.length + acked.attempts.length === 0) problems.push('nothing was acknowledged');
	if (crash.learnersLeft > 0 && afterKill(acked.lessons) + afterKill(acked.attempts) === 0) problems.push('nothing was acknowledged after the restart');
	if (stats.abandoned > 0) problems.push(`${stats.abandoned} learners gave up on a step`);
	if (online.found && (backupLost > 0 || online.found.integrity !== 'ok')) problems.push('the online backup misses acknowledged steps or fails the integrity check');
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
