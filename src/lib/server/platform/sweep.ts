/**
 * Runs `work` every `intervalMs` in the running server, and once `firstAfterMs` after start-up.
 * The timers do not keep the process alive; a sweep never overlaps the previous one; failures are
 * logged (prefixed with `name`) and the next sweep tries again. Returns the interval timer.
 */
export function scheduleSweep(
	name: string,
	work: () => Promise<unknown>,
	intervalMs: number,
	firstAfterMs: number
): ReturnType<typeof setInterval> {
	let running = false;
	const sweep = async () => {
		if (running) return;
		running = true;
		try {
			await work();
		} catch (e) {
			console.error(`${name}: sweep failed`, e instanceof Error ? e.message : e);
		} finally {
			running = false;
		}
	};
	const timer = setInterval(() => void sweep(), intervalMs);
	timer.unref();
	setTimeout(() => void sweep(), firstAfterMs).unref();
	return timer;
}
