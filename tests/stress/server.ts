// The server under test: a copy of the build (so that a rebuild by someone else cannot pull files
// from under it), started and stopped as a child process.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

function viteBuildRunning(): boolean {
	for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
		try {
			const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
			if (
				args.some((a) => /vite(\.js)?$/.test(a)) &&
				args.includes('build') &&
				readlinkSync(`/proc/${pid}/cwd`) === process.cwd()
			)
				return true;
		} catch {
			// the process ended meanwhile, or is not ours to read
		}
	}
	return false;
}

export async function snapshotBuild(into: string): Promise<string> {
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

export class Server {
	child: ChildProcess | null = null;
	log: string[] = [];
	constructor(
		private entry: string,
		private env: NodeJS.ProcessEnv,
		private origin: string
	) {}

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
