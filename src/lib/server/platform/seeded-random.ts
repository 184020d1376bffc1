// One small seeded generator for the app (a quiz attempt's paper) and the benchmark's synthetic data.

export type Random = () => number;

/** mulberry32: numbers in [0, 1) from a 32-bit seed; small, even, reproducible (not for secrets). */
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
