// Request bodies are bounded before they are parsed (security review, issue 13): one unauthenticated
// urlencoded body of 1.4 million empty fields (about 4 MB) used to exhaust `npm start`'s 96 MB heap
// and end the server for good. Public forms take a few kilobytes and a few dozen fields; the answer
// is a 413 with the usual error page, and the server keeps serving.
import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { serverDatabaseEnv } from './server-db';
import { BASE, DEMO, PORT, msg, rawRequest, ROOT, signIn } from './security-helpers';

test.use({ trace: 'off' });

const EMPTY_FIELDS = Buffer.from('a=&'.repeat(1_400_000));
const TOO_LARGE = msg('error_413_text');

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

/** A POST with a chunked body (no Content-Length), as a client streaming its upload would send. */
function chunkedPost(
	origin: string,
	path: string,
	body: Buffer,
	headers: Record<string, string> = {}
): Promise<{ status: number; body: string }> {
	const url = new URL(path, origin);
	return new Promise((resolve, reject) => {
		const req = http.request(
			{
				host: url.hostname,
				port: url.port,
				path: url.pathname + url.search,
				method: 'POST',
				agent: false,
				headers: {
					Origin: origin,
					Accept: 'text/html',
					'Content-Type': 'application/x-www-form-urlencoded',
					'Transfer-Encoding': 'chunked',
					...headers
				}
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
				res.on('error', reject);
			}
		);
		req.setTimeout(45_000, () => req.destroy(new Error(`timeout: POST ${path}`)));
		// The server may answer before it has read everything; a reset after the answer is fine.
		req.on('error', (e) => (/EPIPE|ECONNRESET/.test(String(e)) ? undefined : reject(e)));
		for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.subarray(i, i + 64 * 1024));
		req.end();
	});
}

test('a 4 MB body of empty fields to sign-in and sign-up is refused, and the server (96 MB heap, as npm start) keeps serving', async () => {
	test.setTimeout(120_000);
	// A copy of the build, run as `npm start` runs it, on the e2e database.
	const dir = mkdtempSync(join(ROOT, 'tests', '.tmp', 'body-limits-'));
	cpSync(join(ROOT, 'build'), join(dir, 'build'), { recursive: true });
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const log: string[] = [];
	const child: ChildProcess = spawn(
		process.execPath,
		['--max-semi-space-size=4', '--max-old-space-size=96', join(dir, 'build', 'index.js')],
		{
			cwd: ROOT,
			env: {
				...process.env,
				HOST: '127.0.0.1',
				PORT: String(port),
				ORIGIN: origin,
				...serverDatabaseEnv(PORT),
				DEMO: 'off',
				BODY_SIZE_LIMIT: '12M'
			},
			stdio: ['ignore', 'pipe', 'pipe']
		}
	);
	child.stdout?.on('data', (c: Buffer) => log.push(c.toString()));
	child.stderr?.on('data', (c: Buffer) => log.push(c.toString()));
	try {
		await expect
			.poll(async () => (await fetch(`${origin}/en`).catch(() => null))?.status ?? 0, { timeout: 30_000 })
			.toBe(200);
		for (const path of ['/en/signin', '/en/signup']) {
			const answer = await chunkedPost(origin, path, EMPTY_FIELDS).catch((e: Error) => ({
				status: 0,
				body: String(e)
			}));
			expect(answer.status, `${path}: ${log.join('').slice(-500)}`).toBe(413);
			expect(answer.body).toContain(TOO_LARGE);
			const withLength = await fetch(origin + path, {
				method: 'POST',
				headers: { Origin: origin, Accept: 'text/html', 'Content-Type': 'application/x-www-form-urlencoded' },
				body: EMPTY_FIELDS
			}).catch(() => null);
			expect(withLength?.status, `${path} with Content-Length: ${log.join('').slice(-500)}`).toBe(413);
			expect(child.exitCode, log.join('').slice(-500)).toBeNull();
			expect((await fetch(`${origin}/en`)).status).toBe(200);
		}
	} finally {
		child.kill('SIGTERM');
		rmSync(dir, { recursive: true, force: true });
	}
});

test('public forms refuse too many fields and a large chunked body; signed-in forms keep their own, larger limits', async () => {
	const headers = { Origin: BASE, Accept: 'text/html', 'Content-Type': 'application/x-www-form-urlencoded' };
	// A few hundred fields: small in bytes, too many for a form of four.
	const many = Array.from({ length: 300 }, (_, i) => `f${i}=x`).join('&');
	for (const path of ['/en/signin', '/en/signup']) {
		const r = await rawRequest({ path, headers, body: `email=a%40example.org&password=x&${many}` });
		expect(r.status, path).toBe(413);
		expect(r.body).toContain(TOO_LARGE);
	}
	// 64 KB of text to sign-in, without a Content-Length: the byte count, not the header, decides.
	const chunked = await chunkedPost(
		BASE,
		'/en/signin',
		Buffer.from(`email=a%40example.org&password=${'x'.repeat(64 * 1024)}`)
	);
	expect(chunked.status).toBe(413);
	expect(chunked.body).toContain(TOO_LARGE);
	// An ordinary sign-in still works, and so does a learner's form with a long text.
	const learner = await signIn(DEMO.learner2);
	const profile = await learner.post('/en/account?/password', [
		['current', 'x'.repeat(100 * 1024)],
		['password', 'y']
	]);
	expect(profile.status()).toBe(400);
	// A learner's body past the signed-in limit is refused the same way.
	const huge = await rawRequest({
		path: '/en/account?/password',
		headers: { ...headers, Cookie: await learner.cookie() },
		body: `current=${'x'.repeat(3 * 1024 * 1024)}`
	});
	expect(huge.status).toBe(413);
	expect(huge.body).toContain(TOO_LARGE);
	await learner.dispose();
	expect((await rawRequest({ method: 'GET', path: '/en', headers: { Accept: 'text/html' } })).status).toBe(200);
});
