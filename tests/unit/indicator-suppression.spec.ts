import { describe, expect, it } from 'vitest';
import { suppress } from '$lib/server/indicators/suppression';
import type { RawCell, RawTable } from '$lib/indicators/report';

const people = (n: number): RawCell => ({ value: n, people: n });
const label = (code: string) => ({ kind: 'gender' as const, code });

// people-by-gender measures: enrolled, started, completed, certified, completion-rate
const row = (code: string, e: number, s: number, c: number, z: number) => ({
	label: label(code),
	cells: [people(e), people(s), people(c), people(z), { value: e ? (100 * c) / e : 0, people: e }]
});

describe('the "< 5" rule (suppression)', () => {
	it('hides every count of fewer than five people, zero included, and the shares built on them', () => {
		const raw: RawTable = {
			id: 'people-by-gender',
			rows: [row('woman', 20, 18, 10, 8), row('man', 12, 10, 4, 0), row('other', 9, 6, 6, 6)],
			total: [people(41), people(34), people(20), people(14), { value: (100 * 20) / 41, people: 41 }]
		};
		const table = suppress(raw);
		// completed: only "man" (4) is small, so the smallest shown one (6, "other") is hidden with it.
		// certified: 0 is small; the smallest shown (6) is hidden with it; the total 14 stays.
		expect(table.rows.map((r) => r.cells)).toEqual([
			[20, 18, 10, 8, 50],
			[12, 10, null, null, null],
			[9, 6, null, null, null]
		]);
		expect(table.total).toEqual([41, 34, 20, 14, 48.8]);
	});

	it('hides the total when a single small row has no other row to hide with it', () => {
		const raw: RawTable = {
			id: 'people-by-gender',
			rows: [row('woman', 3, 3, 3, 3)],
			total: [people(3), people(3), people(3), people(3), { value: 100, people: 3 }]
		};
		const table = suppress(raw);
		expect(table.rows[0].cells).toEqual([null, null, null, null, null]);
		expect(table.total).toEqual([null, null, null, null, null]);
	});

	it('leaves two small cells as they are: neither can be worked out from the total', () => {
		const raw: RawTable = {
			id: 'people-by-gender',
			rows: [row('woman', 30, 30, 30, 30), row('man', 2, 2, 2, 2), row('other', 3, 3, 3, 3)],
			total: [people(35), people(35), people(35), people(35), { value: 100, people: 35 }]
		};
		const table = suppress(raw);
		expect(table.rows.map((r) => r.cells[0])).toEqual([30, null, null]);
		expect(table.total?.[0]).toBe(35);
	});

	it('shows counts of organisations and calls however small: organisations are public', () => {
		const raw: RawTable = {
			id: 'orgs-by-municipality',
			rows: [
				{ label: { kind: 'municipality', code: 'zvecan' }, cells: [1, 0, 0].map((value) => ({ value, people: null })) }
			],
			total: [1, 0, 0].map((value) => ({ value, people: null }))
		};
		expect(suppress(raw).rows[0].cells).toEqual([1, 0, 0]);
	});

	it('hides hours worked by fewer than five volunteers, and a second cell with a single hidden one', () => {
		const cell = (hours: number, volunteers: number): RawCell => ({ value: hours, people: volunteers });
		const raw: RawTable = {
			id: 'volunteers-by-age',
			rows: [
				{ label: { kind: 'age', code: '18-24' }, cells: [people(10), people(8), cell(120.25, 8)] },
				{ label: { kind: 'age', code: '25-34' }, cells: [people(7), people(5), cell(40, 5)] },
				{ label: { kind: 'age', code: '35-54' }, cells: [people(6), people(2), cell(300, 2)] }
			],
			total: [people(23), people(15), cell(460.25, 15)]
		};
		expect(suppress(raw).rows.map((r) => r.cells)).toEqual([
			[10, 8, 120.3],
			[7, null, null],
			[6, null, null]
		]);
	});
});
