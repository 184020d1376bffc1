import { describe, expect, it } from 'vitest';
import {
	PUBLIC_BODY,
	SIGNED_IN_BODY,
	actionOf,
	bodyLimit,
	countFields,
	readBody
} from '$lib/server/platform/request-body';
import { ASSIGNMENT_LIMITS } from '$lib/server/assignments/format';
import { MAX_ZIP_BYTES } from '$lib/server/catalogue/content/export';
import { MAX_IMAGE_BYTES } from '$lib/server/platform/uploads';
import { MAX_ROSTER_BYTES } from '$lib/server/cohorts/roster';
import { MAX_BODY_BYTES } from '$lib/server/authoring/engine';

function post(body: Uint8Array | string, type = 'application/x-www-form-urlencoded', chunked = false): Request {
	const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
	// A stream has no Content-Length: the reader must count the bytes itself.
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			for (let i = 0; i < bytes.length; i += 1000) controller.enqueue(bytes.subarray(i, i + 1000));
			controller.close();
		}
	});
	return new Request('http://localhost/en/signin', {
		method: 'POST',
		headers: chunked ? { 'content-type': type } : { 'content-type': type, 'content-length': String(bytes.length) },
		body: chunked ? stream : bytes,
		duplex: 'half'
	} as RequestInit);
}

describe('request bodies', () => {
	it('a visitor gets a small limit; signed-in users a larger one; uploads more, only for their roles', () => {
		expect(bodyLimit('/signin', 'default', null)).toEqual(PUBLIC_BODY);
		expect(bodyLimit('/(teach)/teach', 'import', null)).toEqual(PUBLIC_BODY);
		expect(bodyLimit('/account', 'password', 'learner')).toEqual(SIGNED_IN_BODY);
		expect(bodyLimit('/(teach)/teach', 'import', 'learner')).toEqual(SIGNED_IN_BODY);
		expect(bodyLimit('/(teach)/teach', 'import', 'coordinator')).toEqual(SIGNED_IN_BODY);
		expect(bodyLimit('/(coordinate)/cohorts/[id]/members', 'preview', 'trainer')).toEqual(SIGNED_IN_BODY);
		expect(bodyLimit('/(teach)/teach', 'import', 'trainer').bytes).toBeGreaterThan(MAX_ZIP_BYTES);
		expect(bodyLimit('/(teach)/teach/lessons/[id]', 'upload', 'trainer').bytes).toBeGreaterThan(
			MAX_IMAGE_BYTES + 3 * MAX_BODY_BYTES
		);
		expect(bodyLimit('/(coordinate)/cohorts/[id]/members', 'preview', 'coordinator').bytes).toBeGreaterThan(
			MAX_ROSTER_BYTES
		);
		expect(bodyLimit('/(coordinate)/cohorts/[id]/members', 'confirm', 'admin').bytes).toBeGreaterThan(
			6 * MAX_ROSTER_BYTES
		);
		// An assignment's largest file with its Markdown answer (multipart: not percent-encoded).
		expect(bodyLimit('/(learn)/courses/[course]/[module]/assignment', 'submit', 'learner').bytes).toBeGreaterThan(
			ASSIGNMENT_LIMITS.maxBytes + 4 * ASSIGNMENT_LIMITS.textChars
		);
		expect(bodyLimit('/(learn)/courses/[course]/[module]/assignment', 'submit', null)).toEqual(PUBLIC_BODY);
		// A lesson text percent-encoded (up to three bytes per byte) fits the signed-in limit.
		expect(SIGNED_IN_BODY.bytes).toBeGreaterThan(3 * MAX_BODY_BYTES + 1000);
		expect(PUBLIC_BODY.bytes).toBeLessThanOrEqual(64 * 1024);
	});

	it('reads the action from the address', () => {
		expect(actionOf(new URL('http://x/en/teach?/import'))).toBe('import');
		expect(actionOf(new URL('http://x/en/signin?next=/en'))).toBe('default');
	});

	it('counts fields without decoding them', () => {
		expect(countFields(new TextEncoder().encode('a=1&b=2&c'), 'application/x-www-form-urlencoded')).toBe(3);
		expect(countFields(new Uint8Array(0), 'application/x-www-form-urlencoded')).toBe(0);
		const multipart =
			'--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--XyZ\r\nContent-Disposition: form-data; name="b"\r\n\r\n2\r\n--XyZ--\r\n';
		expect(countFields(new TextEncoder().encode(multipart), 'multipart/form-data; boundary=XyZ')).toBe(2);
	});

	it('refuses 1.4 million empty fields, with or without a Content-Length, before parsing them', async () => {
		const body = 'a=&'.repeat(1_400_000);
		expect(await readBody(post(body), PUBLIC_BODY)).toEqual({ ok: false, reason: 'too_large' });
		expect(await readBody(post(body, undefined, true), PUBLIC_BODY)).toEqual({ ok: false, reason: 'too_large' });
		expect(await readBody(post('a=&'.repeat(100_000), undefined, true), SIGNED_IN_BODY)).toEqual({
			ok: false,
			reason: 'too_many_fields'
		});
		expect(await readBody(post('a=&'.repeat(40)), PUBLIC_BODY)).toEqual({ ok: false, reason: 'too_many_fields' });
	});

	it('passes an ordinary form through unchanged', async () => {
		const read = await readBody(post('email=a%40example.org&password=x', undefined, true), PUBLIC_BODY);
		expect(read.ok).toBe(true);
		if (read.ok) expect(new TextDecoder().decode(read.bytes)).toBe('email=a%40example.org&password=x');
	});
});
