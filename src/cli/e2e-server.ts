// The server the end-to-end tests drive: the real build (rebuilt when sources changed), on a fresh
// database with the demo data, on its own port.
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';

process.env.PORT = process.env.E2E_PORT ?? '4173';
// One database per port, so that two runs on different ports never share one.
const dir = resolve('tests/.tmp', process.env.PORT);
rmSync(dir, { recursive: true, force: true });
process.env.DATABASE_PATH = resolve(dir, 'e2e.sqlite');
process.env.ORIGIN = `http://localhost:${process.env.PORT}`;
process.env.DEMO = 'on';
// The suites sign up hundreds of accounts from 127.0.0.1; the per-address sign-up limit is tested
// in the unit tests (tests/unit/auth-security.spec.ts).
process.env.SIGNUP_LIMIT = '100000';
await import('./start.js');
