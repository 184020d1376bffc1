// Small concurrency tools for the worker, apart from it so that they can be tested.

/**
 * One run at a time per key (saves of one course): a call waits for the runs before it with the same
 * key, failed or not; different keys run side by side. The map forgets a key once its last run ends.
 */
export function perKey<A extends unknown[], T>(
	run: (key: string, ...args: A) => Promise<T>
): ((key: string, ...args: A) => Promise<T>) & { running(): Promise<unknown>[] } {
	const chains = new Map<string, Promise<unknown>>();
	const call = (key: string, ...args: A): Promise<T> => {
		const before = chains.get(key) ?? Promise.resolve();
		const mine = before.catch(() => undefined).then(() => run(key, ...args));
		const settled = mine.catch(() => undefined);
		chains.set(key, settled);
		void settled.then(() => {
			if (chains.get(key) === settled) chains.delete(key);
		});
		return mine;
	};
	return Object.assign(call, { running: () => [...chains.values()] });
}

/**
 * A promise made once and shared (the IndexedDB connection), made again after it fails or after
 * `reset()` (the connection was closed, blocked or terminated): a failed open is never kept.
 */
export function resettable<T>(make: () => Promise<T>): (() => Promise<T>) & { reset(): void } {
	let kept: Promise<T> | null = null;
	const get = (): Promise<T> => {
		if (kept) return kept;
		const made = make();
		kept = made;
		made.catch(() => {
			if (kept === made) kept = null;
		});
		return made;
	};
	return Object.assign(get, {
		reset: () => {
			kept = null;
		}
	});
}

/**
 * Course caches (`course:{slug}:{saved}`) that no saved course points at: left by a save that was
 * cut off. Only those of `slug` when given (another course's save may be filling its own right now).
 */
export function orphanCaches(names: string[], records: { slug: string; saved: string }[], slug?: string): string[] {
	const kept = new Set(records.map((r) => `course:${r.slug}:${r.saved}`));
	const prefix = slug === undefined ? 'course:' : `course:${slug}:`;
	return names.filter((name) => name.startsWith(prefix) && !kept.has(name));
}
