// Load generation with autocannon: every response's time is kept, so that any percentile can be
// read (autocannon's own summary has p97.5 but no p95).
import autocannon, { type AutocannonRequestSpec } from 'autocannon';

export interface LoadResult {
	/** Responses per second over the run (all statuses). */
	rps: number;
	/** Responses with a 2xx status per second. */
	okRps: number;
	responses: number;
	statuses: Record<string, number>;
	errors: number;
	timeouts: number;
	latency: { p50: number; p95: number; p99: number; max: number; mean: number };
	seconds: number;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export async function runLoad(options: {
	url: string;
	connections: number;
	duration: number;
	requests: AutocannonRequestSpec[];
}): Promise<LoadResult> {
	const times: number[] = [];
	const statuses: Record<string, number> = {};
	const instance = autocannon({
		url: options.url,
		connections: options.connections,
		duration: options.duration,
		pipelining: 1,
		timeout: 30,
		requests: options.requests
	});
	instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
		times.push(responseTime);
		statuses[status] = (statuses[status] ?? 0) + 1;
	});
	const result = await instance;
	times.sort((a, b) => a - b);
	const seconds = result.duration;
	const ok = Object.entries(statuses).reduce((sum, [status, n]) => (status.startsWith('2') ? sum + n : sum), 0);
	return {
		rps: times.length / seconds,
		okRps: ok / seconds,
		responses: times.length,
		statuses,
		errors: result.errors,
		timeouts: result.timeouts,
		latency: {
			p50: percentile(times, 50),
			p95: percentile(times, 95),
			p99: percentile(times, 99),
			max: times[times.length - 1] ?? NaN,
			mean: times.reduce((a, b) => a + b, 0) / Math.max(1, times.length)
		},
		seconds
	};
}

/** A request spec that sends each request with the next cookie of `cookies`, round-robin. */
export function roundRobin(path: string, cookies: string[], headers: Record<string, string> = {}): AutocannonRequestSpec {
	let next = 0;
	return {
		method: 'GET',
		path,
		setupRequest: (request) => ({ ...request, headers: { ...request.headers, ...headers, cookie: cookies[next++ % cookies.length] } })
	};
}
