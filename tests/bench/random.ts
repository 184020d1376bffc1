// A small seeded generator, so that every run seeds the same database for the same options.

export type Random = () => number;

/** mulberry32: fast, good enough for synthetic data, reproducible. */
export function seededRandom(seed: number): Random {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function pick<T>(random: Random, items: readonly T[]): T {
	return items[Math.floor(random() * items.length)];
}

/** 32 lower-case hex digits, the shape of a quiz form's submission key. */
export function hex32(random: Random): string {
	let out = '';
	for (let i = 0; i < 4; i++) out += Math.floor(random() * 0x100000000).toString(16).padStart(8, '0');
	return out;
}
