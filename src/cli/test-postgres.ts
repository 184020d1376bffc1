// `npm run test:postgres`: the unit and end-to-end suites again, on PostgreSQL. The server is
// TEST_DATABASE_URL (a PostgreSQL role allowed to create databases: each unit test and each e2e run
// gets its own); without it, a throwaway local cluster is started with .ci/pg-start, which needs
// Debian's `postgresql` package. The checks that do not depend on the engine (lint, svelte-check,
// the stress run) run once, in `npm test`.
import { spawnSync } from 'node:child_process';

function run(command: string, args: string[], env: NodeJS.ProcessEnv): void {
	const result = spawnSync(command, args, { stdio: 'inherit', env });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

let url = process.env.TEST_DATABASE_URL?.trim();
if (!url) {
	const started = spawnSync('bash', ['.ci/pg-start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
	if (started.status !== 0) {
		console.error('No PostgreSQL to test on: set TEST_DATABASE_URL=postgres://… or install PostgreSQL (see README).');
		process.exit(1);
	}
	url = started.stdout.trim().split('\n').pop() ?? '';
}
if (!/^postgres(ql)?:\/\//.test(url)) {
	console.error(`TEST_DATABASE_URL is not a postgres:// address: ${url}`);
	process.exit(1);
}
console.log(`Testing on PostgreSQL at ${url.replace(/:[^:@/]*@/, ':***@')}`);
const env = { ...process.env, TEST_DATABASE_URL: url };
// The page cache's memo keys on PostgreSQL's snapshot, which moves when any database of the server
// commits (src/lib/server/db/client.ts, dataGeneration): its tests need a server no other test
// writes to meanwhile, so they run after the rest, on their own.
const QUIET = 'tests/unit/page-cache-memo.spec.ts';
run('npx', ['vitest', 'run', '--exclude', QUIET], env);
run('npx', ['vitest', 'run', QUIET], env);
run('npx', ['tsx', 'src/cli/ensure-browser.ts'], env);
run('npx', ['playwright', 'test'], env);
