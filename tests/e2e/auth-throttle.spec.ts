// Sign-in throttling against the real server (issue 13): simultaneous requests, each from the
// client address the test chooses (127.x.y.z loopback addresses), so that nothing here locks the
// address the other suites sign in from.
import { expect, test } from '@playwright/test';
import { FORM_HEADERS, formBody, freshLoopback, msg, rawRequest, signUp, tag } from './security-helpers';

function postSignIn(email: string, password: string, localAddress: string, headers: Record<string, string> = {}) {
	return rawRequest({
		path: '/en/signin',
		headers: { ...FORM_HEADERS, ...headers },
		body: formBody([
			['email', email],
			['password', password]
		]),
		localAddress
	});
}

test.describe('sign-in throttling', () => {
	test('30 simultaneous wrong passwords from one address: 5 are checked, 25 refused, and the owner still signs in from another address', async () => {
		const t = tag();
		const owner = await signUp(`Throttle owner ${t}`, `throttle-${t}@example.test`, null);
		const { email, password } = owner.account!;
		await owner.dispose();
		const attacker = freshLoopback();

		const answers = await Promise.all(
			Array.from({ length: 30 }, () => postSignIn(email, 'not the password, surely', attacker))
		);
		const statuses = answers.map((a) => a.status);
		expect(statuses.filter((s) => s === 400)).toHaveLength(5);
		expect(statuses.filter((s) => s === 429)).toHaveLength(25);
		expect(answers.find((a) => a.status === 429)!.body).toContain(msg('signin_throttled', { minutes: 1 }));

		// The right password from the attacker's address is refused too: no guess gets through.
		expect((await postSignIn(email, password, attacker)).status).toBe(429);
		// The owner, elsewhere, is not locked out.
		const own = await postSignIn(email, password, freshLoopback());
		expect(own.status).toBe(303);
		expect(String(own.headers.location)).not.toContain('/signin');
	});

	test('a request forwarded by a proxy on this machine while ADDRESS_HEADER is unset is refused with a message', async () => {
		const t = tag();
		const owner = await signUp(`Proxy owner ${t}`, `proxy-${t}@example.test`, null);
		const { email, password } = owner.account!;
		await owner.dispose();
		const answer = await postSignIn(email, password, freshLoopback(), { 'X-Forwarded-For': '198.51.100.7' });
		expect(answer.status).toBe(503);
		expect(answer.body).toContain(msg('authsec_proxy_unset'));
	});
});
