import { describe, expect, it } from 'vitest';
import { suppress, suppressReport } from '$lib/server/indicators/suppression';
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
			id: 'people-by-language',
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
			id: 'people-by-language',
			rows: [row('woman', 3, 3, 3, 3)],
			total: [people(3), people(3), people(3), people(3), { value: 100, people: 3 }]
		};
		const table = suppress(raw);
		expect(table.rows[0].cells).toEqual([null, null, null, null, null]);
		expect(table.total).toEqual([null, null, null, null, null]);
	});

	it('leaves two small cells as they are: neither can be worked out from the total', () => {
		const raw: RawTable = {
			id: 'people-by-language',
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

describe('the "< 5" rule across a column, between tables, and for answers about oneself', () => {
	const gender = (code: string, e: number, c: number) => ({
		label: label(code),
		cells: [people(e), people(e), people(c), people(c), { value: e ? (100 * c) / e : 0, people: e }]
	});

	it('keeps hiding while the hidden cells of a column add up to fewer than five people', () => {
		// Completed: 2 and 0 are small; shown alone, 7 − 5 would say the two groups hold 2 together.
		const raw: RawTable = {
			id: 'people-by-organisation',
			rows: [
				{
					label: { kind: 'text', text: 'Alfa' },
					cells: [people(6), people(6), people(5), people(5), { value: 83.3, people: 6 }]
				},
				{
					label: { kind: 'text', text: 'Beta' },
					cells: [people(5), people(5), people(2), people(0), { value: 40, people: 5 }]
				},
				{
					label: { kind: 'no-organisation' },
					cells: [people(2), people(1), people(0), people(0), { value: 0, people: 2 }]
				}
			],
			total: [people(13), people(12), people(7), people(5), { value: 53.8, people: 13 }]
		};
		expect(suppress(raw).rows.map((r) => r.cells)).toEqual([
			[6, 6, null, null, null],
			[null, null, null, null, null],
			[null, null, null, null, null]
		]);
	});

	it('never takes a cell about no people as the second hidden cell', () => {
		// Registered "not given" is 0 by definition (people: null): hiding it would protect nothing.
		const reg = (code: string | null, n: number, known = false) => ({
			label: code ? { kind: 'municipality' as const, code } : { kind: 'not-given' as const },
			cells: [{ value: n, people: known ? null : n }, people(n), { value: n, people: n }]
		});
		const raw: RawTable = {
			id: 'volunteers-by-municipality',
			rows: [
				reg('mitrovica-north', 12),
				reg('zvecan', 10),
				reg('leposavic', 3),
				reg('zubin-potok', 8),
				reg(null, 0, true)
			],
			total: [people(33), people(33), { value: 33, people: 33 }]
		};
		// Registered: Leposavić (3) is hidden, and with it the smallest cell about people: Zubin Potok (8).
		expect(suppress(raw).rows.map((r) => r.cells[0])).toEqual([12, 10, null, null, 0]);
	});

	it('hides a group that holds nearly everyone when the answers are about oneself', () => {
		// A cohort of six, all Roma: "6 of 6" says everyone's community as surely as "1" would.
		const raw: RawTable = {
			id: 'people-by-community',
			rows: [gender('roma', 6, 5), gender('serbian', 0, 0), { ...gender('x', 0, 0), label: { kind: 'not-given' } }],
			total: [people(6), people(6), people(5), people(5), { value: 83.3, people: 6 }]
		};
		const table = suppress(raw);
		expect(table.rows.map((r) => r.cells[0])).toEqual([null, null, null]);
		expect(table.total?.[0]).toBe(6);
	});

	it('hides an outcome that fewer than five of a group lack, when the group is about oneself', () => {
		// 20 women enrolled and started, 17 completed and certified: "the three who did not" would be a
		// small group. Hidden, and in each column the men's figure with it (a single unknown).
		const raw: RawTable = {
			id: 'people-by-gender',
			rows: [gender('woman', 20, 17), gender('man', 30, 10)],
			total: [people(50), people(50), people(27), people(27), { value: 54, people: 50 }]
		};
		expect(suppress(raw).rows.map((r) => r.cells)).toEqual([
			[20, 20, null, null, null],
			[30, 30, null, null, null]
		]);
	});

	it('follows links: the same people in two tables are hidden together, a municipality with its organisations', () => {
		const org = (text: string, n: number) => ({
			label: { kind: 'text' as const, text },
			cells: [people(n), people(n), people(n), people(n), { value: 100, people: n }]
		});
		const muni = (code: string, n: number) => ({
			label: { kind: 'municipality' as const, code },
			cells: [people(n), people(n), people(n), people(n), { value: 100, people: n }]
		});
		const none = (n: number) => ({
			label: { kind: 'no-organisation' as const },
			cells: [people(n), people(n), people(n), people(n), { value: 100, people: n }]
		});
		const all = (n: number) => [people(n), people(n), people(n), people(n), { value: 100, people: n }];
		// Organisations: A 3 (Zvečan), B 20 (Zvečan), C 30 (Leposavić), none 6; total 59.
		const byOrg: RawTable = {
			id: 'people-by-organisation',
			rows: [org('A', 3), org('B', 20), org('C', 30), none(6)],
			total: all(59)
		};
		const byMuni: RawTable = {
			id: 'people-by-municipality',
			rows: [muni('zvecan', 23), muni('leposavic', 30), none(6)],
			total: all(59),
			links: [
				{
					whole: { table: 'people-by-municipality', row: 0 },
					parts: [
						{ table: 'people-by-organisation', row: 0 },
						{ table: 'people-by-organisation', row: 1 }
					]
				},
				{ whole: { table: 'people-by-municipality', row: 1 }, parts: [{ table: 'people-by-organisation', row: 2 }] },
				{ whole: { table: 'people-by-municipality', row: 2 }, parts: [{ table: 'people-by-organisation', row: 3 }] }
			]
		};
		const [o, m] = suppressReport([byOrg, byMuni]);
		// In the organisations A (3) is hidden, and the smallest other, "none" (6), with it. "None" is
		// the same people in the municipalities: hidden there too, and then Zvečan's 23 could be found
		// from 59 − 30 − … so the rule keeps going until no sum has a single unknown.
		const enrolled = (t: typeof o) => t.rows.map((r) => r.cells[0]);
		expect(enrolled(o)).toEqual([null, null, 30, null]);
		expect(enrolled(m)).toEqual([null, 30, null]);
		// Nothing hidden can be found again: each sum has two unknowns or more.
		expect(o.total?.[0]).toBe(59);
	});
});

describe('the rules together on answers about oneself', () => {
	it('hides the outcomes of groups that fewer than five lack, and what would give them away', () => {
		const row = (code: string, e: number, s: number, c: number, z: number) => ({
			label: { kind: 'gender' as const, code },
			cells: [people(e), people(s), people(c), people(z), { value: e ? (100 * c) / e : 0, people: e }]
		});
		const table = suppress({
			id: 'people-by-gender',
			rows: [row('woman', 20, 18, 10, 8), row('man', 12, 10, 4, 0), row('other', 9, 6, 6, 6)],
			total: [people(41), people(34), people(20), people(14), { value: (100 * 20) / 41, people: 41 }]
		});
		// Small: man completed 4, certified 0. Fewer than five of the group lack it: started for all
		// three (2, 2, 3 did not start), completed and certified of "other" (3 did not). Every column's
		// hidden cells then hold five people or more, so nothing else is hidden.
		expect(table.rows.map((r) => r.cells)).toEqual([
			[20, null, 10, 8, 50],
			[12, null, null, null, null],
			[9, null, null, null, null]
		]);
		expect(table.total).toEqual([41, 34, 20, 14, 48.8]);
	});
});
