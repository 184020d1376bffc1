import { describe, expect, it } from 'vitest';
import { safeNext } from '$lib/server/http/guard';

describe('safeNext (where to go after signing in)', () => {
	it('keeps a same-site path with its query string', () => {
		expect(safeNext('/account?x=1')).toBe('/account?x=1');
		expect(safeNext('/courses/outreach/lessons/3#quiz')).toBe('/courses/outreach/lessons/3#quiz');
		expect(safeNext('/')).toBe('/');
	});

	it('refuses protocol-relative URLs that would leave the site', () => {
		expect(safeNext('//evil.com')).toBe('/');
		expect(safeNext('//evil.com/account')).toBe('/');
	});

	it('refuses a backslash after the first slash, which browsers read as //', () => {
		expect(safeNext('/\\evil.com')).toBe('/');
		expect(safeNext('/\\/evil.com')).toBe('/');
	});

	it('refuses absolute URLs and other schemes', () => {
		for (const next of ['https://evil.com', 'http://evil.com/account', 'javascript:alert(1)', 'evil.com', 'account']) {
			expect(safeNext(next), next).toBe('/');
		}
	});

	it('refuses control characters, which browsers strip (turning "/\\t/evil.com" into "//evil.com")', () => {
		expect(safeNext('/\t/evil.com')).toBe('/');
		expect(safeNext('/\n/evil.com')).toBe('/');
	});

	it('refuses absurdly long values', () => {
		expect(safeNext('/' + 'a'.repeat(600))).toBe('/');
	});

	it('uses the given fallback when there is nothing usable', () => {
		expect(safeNext(null, '/dashboard')).toBe('/dashboard');
		expect(safeNext(undefined, '/dashboard')).toBe('/dashboard');
		expect(safeNext('', '/dashboard')).toBe('/dashboard');
		expect(safeNext('//evil.com', '/dashboard')).toBe('/dashboard');
	});
});
