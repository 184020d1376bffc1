// `--profile`: the server runs with --cpu-prof; this reads the profile it writes on exit and lists
// where its CPU time went, by function (self time) and by origin (app code, a package, Node itself).
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startApp } from './processes';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
	startTime: number;
	endTime: number;
}

export interface ProfileSummary {
	file: string;
	/** Sampled CPU time in ms, idle excluded. */
	busyMs: number;
	functions: { name: string; ms: number; share: number }[];
	origins: { name: string; ms: number; share: number }[];
}

function originOf(url: string, functionName: string): string {
	if (!url) return functionName.startsWith('(') ? functionName : '(native)';
	if (url.startsWith('node:')) return 'node:internal';
	const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
	if (pkg) return pkg[1];
	if (url.includes('/build/')) return 'build/ (app and bundled SvelteKit, Svelte, Kysely...)';
	return url.replace(/^file:\/\//, '');
}

function shortUrl(url: string): string {
	return url.replace(/^file:\/\/.*?\/(node_modules|build)\//, '$1/').replace(/^file:\/\//, '');
}

/** Self time per function and per origin, counting only samples taken `skipMs` after the profile began. */
export function summariseProfile(dir: string, skipMs = 0, top = 15): ProfileSummary | null {
	const file = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort().pop();
	if (!file) return null;
	const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const selfUs = new Map<number, number>();
	let at = 0;
	profile.samples.forEach((id, i) => {
		const delta = profile.timeDeltas[i] ?? 0;
		at += delta;
		if (at >= skipMs * 1000) selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
	});
	const functions = new Map<string, number>();
	const origins = new Map<string, number>();
	let busy = 0;
	for (const [id, us] of selfUs) {
		const node = byId.get(id);
		if (!node) continue;
		const { functionName, url, lineNumber } = node.callFrame;
		if (functionName === '(idle)') continue;
		busy += us;
		const name = `${functionName || '(anonymous)'} ${url ? `${shortUrl(url)}:${lineNumber + 1}` : ''}`.trim();
		functions.set(name, (functions.get(name) ?? 0) + us);
		const origin = originOf(url, functionName);
		origins.set(origin, (origins.get(origin) ?? 0) + us);
	}
	const rank = (map: Map<string, number>) =>
		[...map.entries()]
			.sort((a, b) => b[1] - a[1])
			.slice(0, top)
			.map(([name, us]) => ({ name, ms: Math.round(us / 1000), share: busy ? us / busy : 0 }));
	return { file: join(dir, file), busyMs: Math.round(busy / 1000), functions: rank(functions), origins: rank(origins) };
}

/**
 * Profiles one workload: a fresh server with --cpu-prof, the workload, then the server stopped so
 * that it writes its profile. Samples from before the workload (start-up, warm-up) are left out.
 */
export async function profileWorkload(
	databasePath: string,
	dir: string,
	warm: (origin: string) => Promise<void>,
	work: (origin: string, pid: number) => Promise<void>,
	databaseUrl: string | null = null
): Promise<ProfileSummary | null> {
	mkdirSync(dir, { recursive: true });
	const spawned = performance.now();
	const app = await startApp(databasePath, dir, databaseUrl);
	let skipMs = 0;
	try {
		await warm(app.origin);
		skipMs = performance.now() - spawned;
		await work(app.origin, app.pid);
	} finally {
		await app.stop();
	}
	return summariseProfile(dir, skipMs);
}
