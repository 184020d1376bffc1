// The build is shared with everyone working in this checkout: wait for a build already running, and
// build only when the sources are newer than the last build (src/cli/build-state.ts).
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { STAMP, buildIsFresh } from '../../src/cli/build-state';

const BUILD_WAIT_MS = 15 * 60 * 1000;

/** Process ids of `vite build` runs in this checkout (other checkouts build into their own folders). */
function runningViteBuilds(): number[] {
	const found: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
		try {
			const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
			const vite = args.findIndex((a) => /(^|\/)vite(\.js)?$/.test(a));
			if (vite >= 0 && args[vite + 1] === 'build' && readlinkSync(`/proc/${entry}/cwd`) === process.cwd())
				found.push(Number(entry));
		} catch {
			// the process ended while we looked
		}
	}
	return found;
}

async function waitForOtherBuilds(log: (line: string) => void): Promise<void> {
	const deadline = Date.now() + BUILD_WAIT_MS;
	let said = false;
	for (let pids = runningViteBuilds(); pids.length > 0; pids = runningViteBuilds()) {
		if (Date.now() > deadline) throw new Error(`a build (pid ${pids.join(', ')}) is still running after ${BUILD_WAIT_MS / 60000} minutes`);
		if (!said) log(`Waiting for the build already running (pid ${pids.join(', ')})...`);
		said = true;
		await sleep(2000);
	}
}

/**
 * Waits for a running build, then builds when build/index.js is missing or older than the sources.
 * A build that fails because another one started at the same moment (they share .svelte-kit/) is
 * tried once more after that one ends.
 */
export async function ensureBuild(log: (line: string) => void): Promise<{ built: boolean; seconds: number }> {
	const started = performance.now();
	for (let attempt = 1; ; attempt++) {
		await waitForOtherBuilds(log);
		if (buildIsFresh()) return { built: attempt > 1, seconds: attempt > 1 ? (performance.now() - started) / 1000 : 0 };
		log('Building (build/index.js is missing or older than the sources)...');
		// stdout of the build goes to stderr: stdout is kept for the result table.
		const result = spawnSync('npm', ['run', 'build'], { stdio: ['ignore', process.stderr, 'inherit'] });
		if (result.status === 0) {
			writeFileSync(STAMP, new Date().toISOString());
			return { built: true, seconds: (performance.now() - started) / 1000 };
		}
		if (attempt >= 2) throw new Error(`the build failed (exit ${result.status ?? result.signal})`);
		log('The build failed; trying once more after any other build has finished...');
		await sleep(3000);
	}
}
