// One signing key for every instance: ISSUER_KEY before ISSUER_KEY_PATH, no key made implicitly on
// PostgreSQL outside demo mode, `npm run key:create`, and the key id each start checks in `meta`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as credentials from '$lib/server/learning/certificates/credential';
import { claimIssuerKid, otherKidMessage } from '$lib/server/learning/certificates/issuer-key';
import { config } from '$lib/server/platform/config';
import { twoHandles, type TwoHandles } from './two-handles';

const ENV = ['ISSUER_KEY', 'ISSUER_KEY_PATH', 'DATABASE_URL', 'DEMO'] as const;
let saved: Record<string, string | undefined>;
let dir: string;
let handles: TwoHandles | undefined;

beforeEach(() => {
	saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
	dir = mkdtempSync(join(tmpdir(), 'civic-shared-key-'));
});
afterEach(async () => {
	for (const k of ENV) {
		if (saved[k] === undefined) delete process.env[k];
		else process.env[k] = saved[k];
	}
	rmSync(dir, { recursive: true, force: true });
	await handles?.close();
	handles = undefined;
});

describe('where the signing key comes from', () => {
	it('ISSUER_KEY (the private JWK as JSON) comes before the file at ISSUER_KEY_PATH', async () => {
		const fileKey = await credentials.loadIssuerKey(join(dir, 'file-key.json'));
		const shared = await credentials.generateIssuerJwk();
		process.env.ISSUER_KEY_PATH = join(dir, 'file-key.json');
		process.env.ISSUER_KEY = JSON.stringify(shared);
		const key = await credentials.loadIssuerKey(config.issuerKeyPath);
		expect(key.kid).toBe(shared.kid);
		expect(key.kid).not.toBe(fileKey.kid);
		expect(key.publicJwk).not.toHaveProperty('d');
		// Without it, the file.
		delete process.env.ISSUER_KEY;
		expect((await credentials.loadIssuerKey(config.issuerKeyPath)).kid).toBe(fileKey.kid);
	});

	it('refuses an ISSUER_KEY that is not an ES256 private key, naming the setting', async () => {
		process.env.ISSUER_KEY_PATH = join(dir, 'key.json');
		process.env.ISSUER_KEY = '{"kty":"EC","crv":"P-256","x":"a","y":"b"}';
		await expect(credentials.loadIssuerKey(config.issuerKeyPath)).rejects.toThrow('ISSUER_KEY');
		process.env.ISSUER_KEY = 'not json';
		await expect(credentials.loadIssuerKey(config.issuerKeyPath)).rejects.toThrow('ISSUER_KEY');
		expect(existsSync(join(dir, 'key.json'))).toBe(false);
	});

	it('makes no key at start on PostgreSQL outside demo mode, and says how to make one', async () => {
		const path = join(dir, 'never-made.json');
		process.env.DATABASE_URL = 'postgres://civicsteps@127.0.0.1:55432/civicsteps';
		process.env.DEMO = 'off';
		expect(credentials.mayCreateIssuerKey()).toBe(false);
		await expect(credentials.loadIssuerKey(path)).rejects.toThrow(`npm run key:create -- ${path}`);
		expect(existsSync(path)).toBe(false);
		// Demo mode (the quick start, the end-to-end server) makes one beside the database as before.
		delete process.env.DEMO;
		expect(credentials.mayCreateIssuerKey()).toBe(true);
		// SQLite makes one on the first start, as always.
		delete process.env.DATABASE_URL;
		process.env.DEMO = 'off';
		expect(credentials.mayCreateIssuerKey()).toBe(true);
		const made = await credentials.loadIssuerKey(path);
		expect(JSON.parse(readFileSync(path, 'utf8')).kid).toBe(made.kid);
	});
});

describe('npm run key:create', () => {
	const run = (...args: string[]) =>
		spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/key-create.ts', ...args], { encoding: 'utf8' });

	it('writes a key readable by its owner only, and never overwrites one', async () => {
		const path = join(dir, 'keys', 'issuer.json');
		const first = run(path);
		expect(first.status).toBe(0);
		const written = readFileSync(path, 'utf8');
		expect(statSync(path).mode & 0o777).toBe(0o600);
		const key = await credentials.loadIssuerKey(path, { mayCreate: false });
		expect(first.stdout).toContain(key.kid);
		const again = run(path);
		expect(again.status).toBe(1);
		expect(again.stderr).toContain('exists already');
		expect(readFileSync(path, 'utf8')).toBe(written);
	});

	it('refuses options it does not know', () => {
		const result = run('--force', join(dir, 'x.json'));
		expect(result.status).toBe(2);
		expect(existsSync(join(dir, 'x.json'))).toBe(false);
	});
});

describe('the key id in meta', () => {
	it('the first instance records its key; one with the same key starts, one with another is refused', async () => {
		handles = await twoHandles();
		const [a, b] = [await credentials.generateIssuerJwk(), await credentials.generateIssuerJwk()];
		expect(await claimIssuerKid(handles.one, a.kid!)).toEqual({ ok: true });
		expect(await claimIssuerKid(handles.other, a.kid!)).toEqual({ ok: true });
		expect(await claimIssuerKid(handles.other, b.kid!)).toEqual({ ok: false, stored: a.kid });
		expect(otherKidMessage(b.kid!, a.kid!)).toContain('issue certificates the other cannot verify');
		const rows = await handles.one.selectFrom('meta').select('value').where('key', '=', 'issuer_kid').execute();
		expect(rows).toEqual([{ value: a.kid }]);
	});

	it('two instances starting at once with different keys: exactly one is refused', async () => {
		handles = await twoHandles();
		const [a, b] = [await credentials.generateIssuerJwk(), await credentials.generateIssuerJwk()];
		const results = await Promise.all([claimIssuerKid(handles.one, a.kid!), claimIssuerKid(handles.other, b.kid!)]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
	});
});
