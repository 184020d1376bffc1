// The one in-memory cache of the server: every cache is bounded (entries or bytes, least recently
// used out) and, where what it holds can change underneath, has a time to live. Caches of database
// data are kept per database handle, so tests that open a fresh database each time start empty
// without resetting anything, and a closed database's entries go with it.
import { LRUCache } from 'lru-cache';

export interface CacheOptions<K, V> {
	/** Most entries kept. */
	max: number;
	/** How long an entry stays valid, for data that can change elsewhere. */
	ttlMs?: number;
	/** Bounds the cache by size instead of (as well as) entries: `maxSize` in the unit `sizeOf` counts. */
	maxSize?: number;
	sizeOf?: (value: V, key: K) => number;
}

// lru-cache holds no null/undefined values; a box lets "looked up and not there" be cached too.
type Box<V> = { value: V };

export class Cache<K extends NonNullable<unknown>, V> {
	private readonly lru: LRUCache<K, Box<V>>;
	private readonly loading = new Map<K, Promise<V>>();

	constructor(options: CacheOptions<K, V>) {
		const { max, ttlMs, maxSize, sizeOf } = options;
		this.lru = new LRUCache<K, Box<V>>({
			max,
			...(ttlMs ? { ttl: ttlMs, ttlAutopurge: false } : {}),
			...(maxSize && sizeOf
				? { maxSize, sizeCalculation: (box: Box<V>, key: K) => Math.max(1, sizeOf(box.value, key)) }
				: {})
		});
	}

	get(key: K): V | undefined {
		return this.lru.get(key)?.value;
	}

	has(key: K): boolean {
		return this.lru.has(key);
	}

	set(key: K, value: V): void {
		this.lru.set(key, { value });
	}

	delete(key: K): void {
		this.lru.delete(key);
	}

	clear(): void {
		this.lru.clear();
	}

	get size(): number {
		return this.lru.size;
	}

	/** Total size of the entries, in `sizeOf`'s unit (entries when there is none). */
	get calculatedSize(): number {
		return this.lru.calculatedSize ?? this.lru.size;
	}

	/**
	 * The cached value, or `load()`'s, stored. Concurrent misses of one key share one load, so a burst
	 * of requests for a cold entry does the work once.
	 */
	async getOrLoad(key: K, load: () => Promise<V>): Promise<V> {
		const hit = this.lru.get(key);
		if (hit) return hit.value;
		const pending = this.loading.get(key);
		if (pending) return pending;
		const promise = load().then(
			(value) => {
				this.loading.delete(key);
				this.lru.set(key, { value });
				return value;
			},
			(e: unknown) => {
				this.loading.delete(key);
				throw e;
			}
		);
		this.loading.set(key, promise);
		return promise;
	}
}

/** A cache per database handle (see above), made on first use. */
export function perDatabase<K extends NonNullable<unknown>, V>(
	options: CacheOptions<K, V>
): (db: object) => Cache<K, V> {
	const caches = new WeakMap<object, Cache<K, V>>();
	return (db) => {
		let cache = caches.get(db);
		if (!cache) caches.set(db, (cache = new Cache(options)));
		return cache;
	};
}
