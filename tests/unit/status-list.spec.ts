// The W3C Bitstring Status List encoding, read back the way the spec describes it (GZIP, multibase
// base64url, index 0 the left-most bit), with node:zlib rather than our own decoder.
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MIN_ENTRIES, encodeStatusList, statusBit } from '$lib/server/learning/certificates/status-list';

function bitsOf(encoded: string): Buffer {
	expect(encoded[0]).toBe('u');
	expect(encoded).toMatch(/^u[A-Za-z0-9_-]+$/);
	return gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
}

describe('encodeStatusList', () => {
	it('is at least 131,072 entries (16 KB) long even when nothing is revoked', () => {
		const bits = bitsOf(encodeStatusList([]));
		expect(bits.length * 8).toBe(MIN_ENTRIES);
		expect(bits.every((b) => b === 0)).toBe(true);
	});

	it('sets exactly the given indices, index 0 being the left-most bit', () => {
		const bits = bitsOf(encodeStatusList([0, 9, 131_071]));
		expect(bits[0]).toBe(0b1000_0000);
		expect(bits[1]).toBe(0b0100_0000);
		expect(bits[bits.length - 1]).toBe(0b0000_0001);
		expect(bits.reduce((n, b) => n + b.toString(2).replace(/0/g, '').length, 0)).toBe(3);
	});

	it('grows in whole blocks past the minimum, and reads back with statusBit', () => {
		const encoded = encodeStatusList([200_000]);
		expect(bitsOf(encoded).length * 8).toBe(2 * MIN_ENTRIES);
		expect(statusBit(encoded, 200_000)).toBe(true);
		expect(statusBit(encoded, 199_999)).toBe(false);
		expect(statusBit(encoded, 10 * MIN_ENTRIES)).toBe(false);
	});
});
