// The one cache helper: bounded entries, and concurrent work for one key done once.
import { describe, expect, it } from 'vitest';
import { Cache } from '$lib/server/platform/cache';

const later = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 5));

describe('Cache', () => {
	it('is bounded: the least recently used entry goes first', () => {
		const cache = new Cache<string, number>({ max: 2 });
		cache.set('a', 1);
		cache.set('b', 2);
		cache.get('a');
		cache.set('c', 3);
		expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([1, undefined, 3]);
	});

	it('loads a missing entry once for callers that ask together, and keeps it', async () => {
		const cache = new Cache<string, { n: number }>({ max: 10 });
		let loads = 0;
		const load = () => later({ n: ++loads });
		const [a, b] = await Promise.all([cache.getOrLoad('k', load), cache.getOrLoad('k', load)]);
		expect(a).toBe(b);
		expect(await cache.getOrLoad('k', load)).toBe(a);
		expect(loads).toBe(1);
	});

	it('keeps nothing of a failed load, so the next caller tries again', async () => {
		const cache = new Cache<string, number>({ max: 10 });
		await expect(cache.getOrLoad('x', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		expect(await cache.getOrLoad('x', () => later(3))).toBe(3);
	});
});
