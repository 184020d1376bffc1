// A small seeded generator, so that every run seeds the same database for the same options.

import type { Random } from '../../src/lib/server/platform/seeded-random';

export { seededRandom, type Random } from '../../src/lib/server/platform/seeded-random';

export function pick<T>(random: Random, items: readonly T[]): T {
	return items[Math.floor(random() * items.length)];
}

/** 32 lower-case hex digits, the shape of a quiz form's submission key. */
export function hex32(random: Random): string {
	let out = '';
	for (let i = 0; i < 4; i++) out += Math.floor(random() * 0x100000000).toString(16).padStart(8, '0');
	return out;
}
