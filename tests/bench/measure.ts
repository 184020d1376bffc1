// The HTTP measurements besides the pages (pages.ts): P3 (quiz submissions, with a count of what
// was stored) and P4 (the coordinator's dashboard, one request at a time).
import { openDatabase } from '../../src/lib/server/db/client';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import type { AutocannonRequestSpec } from 'autocannon';
import { percentile, runLoad, type LoadResult } from './load';
import { cpuTimeMs, machineBusyMs } from './processes';

export const cookieOf = (token: string) => `session=${token}; locale=en`;
// What a browser sends for a page, less Accept-Encoding: the app does not compress pages (see notes)
// and the bare server does not either, so both answer with the same bytes.
export const PAGE_HEADERS = { accept: 'text/html,application/xhtml+xml', 'accept-language': 'en' };
// Response headers that belong to one connection or one response, not to the page.
const HOP_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'set-cookie']);

export interface PageSample {
	status: number;
	body: Buffer;
	headers: Record<string, string>;
}

/** One GET with a learner's cookie, as the load test sends it. */
export async function fetchPage(origin: string, path: string, token: string): Promise<PageSample> {
	const response = await fetch(origin + path, { headers: { ...PAGE_HEADERS, 'accept-encoding': 'identity', cookie: cookieOf(token) }, redirect: 'manual' });
	const body = Buffer.from(await response.arrayBuffer());
	const headers: Record<string, string> = {};
	response.headers.forEach((value, name) => {
		if (!HOP_HEADERS.has(name)) headers[name] = value;
	});
	return { status: response.status, body, headers };
}

/** Sequential requests (one at a time) after `warm` unmeasured ones: the time of the server alone. */
export async function sequentialTimes(origin: string, pid: number, path: string, token: string, warm: number, count: number) {
	const times: number[] = [];
	let cpuBefore = NaN;
	let bytes = 0;
	const statuses = new Set<number>();
	for (let i = 0; i < warm + count; i++) {
		if (i === warm) cpuBefore = cpuTimeMs(pid);
		const started = performance.now();
		const page = await fetchPage(origin, path, token);
		const elapsed = performance.now() - started;
		statuses.add(page.status);
		bytes = page.body.length;
		if (i >= warm) times.push(elapsed);
	}
	const cpuMsPerRequest = (cpuTimeMs(pid) - cpuBefore) / count;
	times.sort((a, b) => a - b);
	return { median: percentile(times, 50), p95: percentile(times, 95), min: times[0], max: times[times.length - 1], count, bytes, statuses: [...statuses], cpuMsPerRequest };
}

export interface CpuUse {
	/** Server CPU ms per response: unlike requests per second, barely moved by other work on the machine. */
	cpuMsPerResponse: number;
	/** Share of one core the server used. */
	serverCores: number;
	/** Share of the whole machine used by processes other than the server and this benchmark (0..1). */
	othersShare: number;
}

export async function withCpu(pid: number, run: () => Promise<LoadResult>): Promise<LoadResult & CpuUse> {
	const self = () => {
		const u = process.cpuUsage();
		return (u.user + u.system) / 1000;
	};
	const before = { server: cpuTimeMs(pid), machine: machineBusyMs(), self: self(), at: performance.now() };
	const result = await run();
	const server = cpuTimeMs(pid) - before.server;
	const wall = performance.now() - before.at;
	const others = machineBusyMs() - before.machine - server - (self() - before.self);
	return {
		...result,
		cpuMsPerResponse: server / Math.max(1, result.responses),
		serverCores: server / wall,
		othersShare: Math.max(0, others / (wall * cpus().length))
	};
}

export interface P3Result {
	load: LoadResult & CpuUse;
	acknowledged: number;
	stored: number;
	/** Acknowledged (303 to the attempt) but not in the database. */
	lost: number;
	/** Stored but not acknowledged: sent before the run stopped, answered after. */
	unacknowledged: number;
	passed: number;
	perSecond: number;
	learners: number;
}

/**
 * P3: quiz submissions by learners in turn, each with a fresh submission key and wrong answers (the
 * quiz stays open: no attempt limit, no waiting time). Afterwards the database is asked which
 * acknowledged keys were stored.
 */
export async function measureQuizSubmissions(options: {
	origin: string;
	pid: number;
	path: string;
	tokens: string[];
	fields: string;
	quizId: number;
	/** The SQLite file, or the postgres:// URL of the database the server uses. */
	databasePath: string;
	connections: number;
	duration: number;
	log: (line: string) => void;
}): Promise<P3Result> {
	const acknowledged = new Set<string>();
	let next = 0;
	const spec: AutocannonRequestSpec = {
		method: 'POST',
		path: options.path,
		setupRequest: (request, context) => {
			const key = randomBytes(16).toString('hex');
			context.key = key;
			return {
				...request,
				headers: {
					...request.headers,
					...PAGE_HEADERS,
					'content-type': 'application/x-www-form-urlencoded',
					origin: options.origin,
					cookie: cookieOf(options.tokens[next++ % options.tokens.length])
				},
				body: `submission=${key}&${options.fields}`
			};
		},
		onResponse: (status, _body, context, headers) => {
			const location = headers.location ?? headers.Location;
			if (status === 303 && typeof location === 'string' && location.includes('/quiz/attempts/')) acknowledged.add(String(context.key));
		}
	};
	const startedAt = Date.now();
	options.log(`P3: quiz submissions, ${options.connections} connections, ${options.duration} s...`);
	const load = await withCpu(options.pid, () => runLoad({ url: options.origin, connections: options.connections, duration: options.duration, requests: [spec] }));
	// Requests still in flight when the run stopped may be stored a moment later.
	await new Promise((resolve) => setTimeout(resolve, 1000));
	const db = openDatabase(options.databasePath);
	try {
		const rows = await db
			.selectFrom('quiz_attempts')
			.select(['submission_key as key', 'passed'])
			.where('quiz_id', '=', options.quizId)
			.where('submitted_at', '>=', startedAt - 1)
			.execute();
		const stored = new Set(rows.map((r) => r.key));
		let lost = 0;
		for (const key of acknowledged) if (!stored.has(key)) lost++;
		let unacknowledged = 0;
		for (const key of stored) if (!acknowledged.has(key)) unacknowledged++;
		return {
			load,
			acknowledged: acknowledged.size,
			stored: stored.size,
			lost,
			unacknowledged,
			passed: rows.filter((r) => r.passed).length,
			perSecond: acknowledged.size / load.seconds,
			learners: options.tokens.length
		};
	} finally {
		await db.destroy();
	}
}
