// Which client a request comes from, for throttling. adapter-node gives the socket's address, or,
// with ADDRESS_HEADER (and XFF_DEPTH) set, the address a reverse proxy put in that header. Behind a
// proxy without that setting every request would seem to come from the proxy: all clients would
// share one throttling key, and one attacker could lock everyone out. That case is refused loudly
// instead of throttled on a shared key (README, "Deploying for real").

const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'];

export function isLoopback(address: string): boolean {
	return /^127\./.test(address) || address === '::1' || /^::ffff:127\./i.test(address);
}

/**
 * Checked at start: the reason the server must not start, or null. Node serves plain HTTP only, so
 * an https ORIGIN means a proxy in front that terminates TLS; without ADDRESS_HEADER the server
 * would see that proxy's address for every visitor.
 */
export function proxySettingProblem(env: Record<string, string | undefined> = process.env): string | null {
	if (env.ADDRESS_HEADER) return null;
	const origin = env.ORIGIN ?? '';
	if (!/^https:/i.test(origin)) return null;
	return (
		`ORIGIN is ${origin}, so CivicSteps runs behind a reverse proxy, but ADDRESS_HEADER is not set: ` +
		'every visitor would seem to come from the proxy and share one sign-in throttle. Set ADDRESS_HEADER ' +
		'to the header your proxy writes the client address into (e.g. ADDRESS_HEADER=X-Forwarded-For with ' +
		'XFF_DEPTH=1 for one proxy), as adapter-node documents.'
	);
}

/**
 * Checked per sign-in and sign-up: true when a request reached the server through a proxy on this
 * machine (it came from a loopback address and carries a forwarding header) while ADDRESS_HEADER is
 * not set. Only a loopback peer counts: a visitor who connects directly could send such a header
 * themselves, and must not be able to switch sign-in off for everyone.
 */
export function forwardedWithoutSetting(
	socketAddress: string,
	headers: Headers,
	env: Record<string, string | undefined> = process.env
): boolean {
	if (env.ADDRESS_HEADER) return false;
	return isLoopback(socketAddress) && FORWARDING_HEADERS.some((h) => headers.has(h));
}

let reported = false;

/** Logs the misconfiguration once per process, loudly. */
export function reportForwardedWithoutSetting(): void {
	if (reported) return;
	reported = true;
	console.error(
		'CONFIGURATION ERROR: a request came through a proxy (X-Forwarded-For or similar from a loopback ' +
			'address) but ADDRESS_HEADER is not set. Sign-in and sign-up are refused until it is set, because ' +
			'every visitor would otherwise share one throttling key. See README, "Deploying for real".'
	);
}
