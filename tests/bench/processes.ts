// Child processes of the benchmark: the production server and the bare baseline server, both on
// loopback ports. Every child is registered so that it is ended when the benchmark ends, however it
// ends (finished, failed or interrupted).
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const children = new Set<ChildProcess>();

function register(child: ChildProcess): ChildProcess {
	children.add(child);
	child.once('exit', () => children.delete(child));
	return child;
}

/** Ends every child still running (synchronous, for process 'exit' handlers). */
export function killChildren(): void {
	for (const child of children) {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	}
	children.clear();
}

/** Asks a child to end (SIGTERM), and kills it after `graceMs`. */
async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
	await exited;
	clearTimeout(timer);
}

// A watchdog beside each server: if the benchmark itself is killed (SIGKILL, a crash of the terminal)
// and cannot run its exit handler, the watchdog ends the server, then itself. It leaves the server's
// own process exactly as `node build/index.js` would run it.
const WATCHDOG = `const [parent, child] = process.argv.slice(1).map(Number);
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
setInterval(() => {
	if (!alive(child)) process.exit(0);
	if (!alive(parent)) { try { process.kill(child, 'SIGKILL'); } catch {} process.exit(0); }
}, 1000);`;

export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		// EPERM: it exists, it just is not ours.
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function watch(pid: number): void {
	const watchdog = register(spawn(process.execPath, ['-e', WATCHDOG, String(process.pid), String(pid)], { stdio: 'ignore' }));
	watchdog.unref();
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

export interface Memory {
	/** Resident set size now (VmRSS), kB. */
	rssKb: number;
	/** Peak resident set size as the kernel counts it (VmHWM), kB. */
	hwmKb: number;
	/** Largest VmRSS seen by sampling every 250 ms, kB. */
	sampledKb: number;
}

function readStatus(pid: number): { rss: number; hwm: number } | null {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
		return { rss: field('VmRSS'), hwm: field('VmHWM') };
	} catch {
		return null;
	}
}

/** CPU time (user + system) a process has used so far, in ms; NaN when it is gone. */
export function cpuTimeMs(pid: number): number {
	try {
		// Fields after the command name (which may hold spaces, hence the last ')'): utime and stime are 14 and 15.
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
	} catch {
		return NaN;
	}
}

// USER_HZ: 100 on every Linux build this runs on (`getconf CLK_TCK`).
const CLOCK_TICKS = 100;

/** CPU time all processes on the machine have used so far (every core, idle and I/O wait left out), in ms. */
export function machineBusyMs(): number {
	try {
		const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
		const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
		return ((user + nice + system + irq + softirq + steal) * 1000) / CLOCK_TICKS;
	} catch {
		return NaN;
	}
}

export interface AppServer {
	pid: number;
	origin: string;
	/** The last lines the server wrote. */
	log: string[];
	memory(): Memory;
	stop(): Promise<void>;
}

/**
 * The V8 flags of `npm start` (package.json), so that the benchmark measures the server as it is
 * deployed: the memory budget (P6) depends on them.
 */
export function serverFlags(): string[] {
	const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts as Record<string, string>;
	return scripts.start.split(/\s+/).filter((word) => /^--max-[a-z-]+-size=\d+$/.test(word));
}

/** Starts `node build/index.js` (adapter-node) on a free loopback port and waits until it answers. */
export async function startApp(databasePath: string, cpuProfileDir: string | null = null, databaseUrl: string | null = null): Promise<AppServer> {
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const args = [...serverFlags(), ...(cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfileDir] : []), 'build/index.js'];
	const child = register(
		spawn(process.execPath, args, {
			env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: origin, DATABASE_PATH: databasePath, DATABASE_URL: databaseUrl ?? '', BODY_SIZE_LIMIT: '12M' },
			stdio: ['ignore', 'pipe', 'pipe']
		})
	);
	const log: string[] = [];
	const keep = (chunk: Buffer) => {
		for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) log.push(line);
		if (log.length > 200) log.splice(0, log.length - 200);
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	const pid = child.pid;
	if (pid === undefined) throw new Error('the server did not start');
	watch(pid);

	let rssKb = 0;
	let sampledKb = 0;
	let hwmKb = 0;
	const sample = () => {
		const s = readStatus(pid);
		if (s) {
			rssKb = s.rss;
			sampledKb = Math.max(sampledKb, s.rss);
			hwmKb = Math.max(hwmKb, s.hwm);
		}
	};
	const sampler = setInterval(sample, 250);
	sampler.unref();

	const deadline = Date.now() + 30_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${log.join('\n')}`);
		try {
			const response = await fetch(`${origin}/en`, { redirect: 'manual' });
			await response.arrayBuffer();
			if (response.status < 500) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error(`the server did not answer within 30 s:\n${log.join('\n')}`);
		await sleep(100);
	}
	return {
		pid,
		origin,
		log,
		memory: () => {
			sample();
			return { rssKb, hwmKb, sampledKb };
		},
		stop: async () => {
			sample();
			clearInterval(sampler);
			// SIGTERM lets adapter-node close gracefully (and lets --cpu-prof write its profile).
			await stopChild(child, 10_000);
		}
	};
}

export interface BareServer {
	pid: number;
	origin: string;
	stop(): Promise<void>;
}

/** Starts the bare node:http baseline in a child process, serving `body` with `headers`. */
export async function startBare(body: Buffer, headers: Record<string, string>): Promise<BareServer> {
	const child = register(
		fork(fileURLToPath(new URL('./bare-server.ts', import.meta.url)), [], {
			execArgv: ['--import', 'tsx'],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc']
		})
	);
	if (child.pid !== undefined) watch(child.pid);
	const port = await new Promise<number>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('the bare server did not start within 20 s')), 20_000);
		child.once('message', (message: { port: number }) => {
			clearTimeout(timer);
			resolve(message.port);
		});
		child.once('exit', (code) => reject(new Error(`the bare server exited (${code})`)));
		child.send({ body: body.toString('base64'), headers });
	});
	return { pid: child.pid ?? 0, origin: `http://127.0.0.1:${port}`, stop: () => stopChild(child) };
}
