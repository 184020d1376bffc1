// P1: every learner page against a bare node:http server answering with the same bytes. Each page
// is asked for as a browser would: a signed-in user's cookies, Accept-Encoding with Brotli, so the
// app compresses (or replays a compressed copy) and the bare server sends those compressed bytes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AutocannonRequestSpec } from 'autocannon';
import { runLoad, type LoadResult } from './load';
import { cookieOf, PAGE_HEADERS, withCpu, type CpuUse } from './measure';
import { startBare } from './processes';

export const BROWSER_HEADERS = { ...PAGE_HEADERS, 'accept-encoding': 'br, gzip' };
// Response headers that belong to one connection or one response, not to the page.
const HOP_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'set-cookie']);

/** One page and who asks for it: each visit is a path and the cookie of the user asking. */
export interface PageSpec {
	name: string;
	visits: { path: string; token: string }[];
	/** Text the page must contain (checked once, uncompressed), so a redirect or an error is not measured. */
	expect: string;
}

export interface PageResult {
	name: string;
	path: string;
	users: number;
	/** Bytes as sent (compressed) and the HTML before compression. */
	bytes: number;
	htmlBytes: number;
	encoding: string;
	app: LoadResult & CpuUse;
	bare: LoadResult & CpuUse;
	ratio: number;
}

interface RawResponse {
	status: number;
	body: Buffer;
	headers: Record<string, string>;
}

/** One GET, the body as sent (no decompression: fetch would undo Brotli). */
export function getRaw(origin: string, path: string, token: string, headers: Record<string, string>): Promise<RawResponse> {
	return new Promise((resolve, reject) => {
		const req = request(origin + path, { headers: { ...headers, cookie: cookieOf(token) } }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => {
				const kept: Record<string, string> = {};
				for (const [name, value] of Object.entries(res.headers)) {
					if (!HOP_HEADERS.has(name) && typeof value === 'string') kept[name] = value;
				}
				resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: kept });
			});
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end();
	});
}

export function visitsInTurn(visits: PageSpec['visits']): AutocannonRequestSpec {
	const cookies = visits.map((v) => ({ path: v.path, cookie: cookieOf(v.token) }));
	let next = 0;
	return {
		method: 'GET',
		path: visits[0].path,
		setupRequest: (req) => {
			const visit = cookies[next++ % cookies.length];
			return { ...req, path: visit.path, headers: { ...req.headers, ...BROWSER_HEADERS, cookie: visit.cookie } };
		}
	};
}

/** Measures one page: the app under load, then a bare server with the bytes the app sent. */
export async function measurePage(options: {
	origin: string;
	pid: number;
	page: PageSpec;
	connections: number;
	duration: number;
	warmup: number;
	log: (line: string) => void;
}): Promise<PageResult> {
	const { page, origin } = options;
	const first = page.visits[0];
	const plain = await getRaw(origin, first.path, first.token, { ...PAGE_HEADERS, 'accept-encoding': 'identity' });
	if (plain.status !== 200 || !plain.body.includes(page.expect)) {
		throw new Error(`${page.name}: ${first.path} answered ${plain.status} without "${page.expect}"`);
	}
	// Kept for reading: what the page weighs is easiest to judge from its HTML.
	mkdirSync('tests/.tmp/bench-pages', { recursive: true });
	writeFileSync(`tests/.tmp/bench-pages/${page.name.replace(/\W+/g, '-')}.html`, plain.body);
	const sent = await getRaw(origin, first.path, first.token, BROWSER_HEADERS);
	const spec = visitsInTurn(page.visits);
	const load = (url: string, duration: number) =>
		runLoad({ url, connections: options.connections, duration, requests: [spec] });
	options.log(`P1: ${page.name} (${first.path}), ${options.connections} connections, ${options.warmup} s warm-up + ${options.duration} s, app then bare...`);
	await load(origin, options.warmup);
	const app = await withCpu(options.pid, () => load(origin, options.duration));
	const bare = await startBare(sent.body, sent.headers);
	try {
		await load(bare.origin, options.warmup);
		const baseline = await withCpu(bare.pid, () => load(bare.origin, options.duration));
		return {
			name: page.name,
			path: first.path,
			users: new Set(page.visits.map((v) => v.token)).size,
			bytes: sent.body.length,
			htmlBytes: plain.body.length,
			encoding: sent.headers['content-encoding'] ?? 'none',
			app,
			bare: baseline,
			ratio: app.okRps / baseline.okRps
		};
	} finally {
		await bare.stop();
	}
}
