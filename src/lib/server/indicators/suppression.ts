// The privacy rule of the programme's results (issue 19): a figure about fewer than five people is
// never shown, anywhere (page, CSV, PDF, snapshot), and cannot be worked out from what is shown.
// It runs over the whole report at once, because tables share people.
//
// 1. Primary: a cell about fewer than SMALL_COUNT distinct people (its `people`) is hidden. Zero is
//    fewer than five, and hidden too: "nobody in this group" is also something about a small group.
// 2. Answers about oneself (TABLES[id].demographic: gender, age, community): a cell is also hidden
//    when fewer than five of the total are outside it ("all six are Roma" says as much as "one is"),
//    and an outcome (started, completed, certified) when fewer than five of the group's enrolled lack
//    it ("17 of the 20 women completed" names a group of three).
// 3. Sums: within a table the rows of an additive measure add up to its total; across tables a
//    municipality is the sum of its organisations, and the same group of people can be a row of two
//    tables (RawTable.links). Where such a sum has exactly one hidden term, or hidden terms that add
//    up to fewer than five people, the smallest shown term about people is hidden as well (or, when
//    there is none, the sum itself); this repeats until every sum is safe.
// 4. Shares are hidden when their numerator or denominator is: share × denominator gives it back.
// Cells about no people (organisations certified, calls) are never hidden: they are public.
import {
	MEASURES,
	SMALL_COUNT,
	TABLES,
	type Cell,
	type CellRef,
	type MeasureId,
	type RawCell,
	type RawTable,
	type Table
} from '$lib/indicators/report';

/** Rounds a shown figure: shares, days and hours to one decimal, counts as they are. */
function shown(value: number): number {
	return Math.round(value * 10) / 10;
}

const small = (cell: RawCell) => cell.people !== null && cell.people < SMALL_COUNT;

type Slot = { cell: RawCell; hidden: boolean };

/** One equation "whole = sum of parts" over one measure. */
interface Sum {
	whole: Slot;
	parts: Slot[];
	/** Counts of people add up; lessons, hours and hand-ins add up too but not their people. */
	people: boolean;
}

export function suppressReport(raws: RawTable[]): Table[] {
	const slots = new Map<string, Slot[]>();
	const key = (table: string, row: number | 'total') => `${table}|${row}`;
	for (const raw of raws) {
		raw.rows.forEach((row, i) =>
			slots.set(
				key(raw.id, i),
				row.cells.map((cell) => ({ cell, hidden: small(cell) }))
			)
		);
		if (raw.total)
			slots.set(
				key(raw.id, 'total'),
				raw.total.map((cell) => ({ cell, hidden: small(cell) }))
			);
	}
	const slotOf = (ref: CellRef, measure: MeasureId): Slot | undefined => {
		const column = TABLES[ref.table].measures.indexOf(measure);
		return column < 0 ? undefined : slots.get(key(ref.table, ref.row))?.[column];
	};

	// 2. Answers about oneself.
	for (const raw of raws) {
		if (!TABLES[raw.id].demographic || !raw.total) continue;
		const measures = TABLES[raw.id].measures;
		const total = slots.get(key(raw.id, 'total'))!;
		raw.rows.forEach((_, i) => {
			const row = slots.get(key(raw.id, i))!;
			measures.forEach((id, col) => {
				const measure = MEASURES[id];
				if (measure.unit === 'people' && measure.additive && !total[col].hidden) {
					if (total[col].cell.value - row[col].cell.value < SMALL_COUNT) row[col].hidden = true;
				}
				// The first measure is the group (enrolled); the other counts are outcomes within it.
				if (col > 0 && measure.unit === 'people' && MEASURES[measures[0]].unit === 'people') {
					const outside = row[0].cell.value - row[col].cell.value;
					if (outside > 0 && outside < SMALL_COUNT) row[col].hidden = true;
				}
			});
		});
	}

	// 3. Sums within tables and across them.
	const sums: Sum[] = [];
	for (const raw of raws) {
		const measures = TABLES[raw.id].measures;
		measures.forEach((id, col) => {
			const measure = MEASURES[id];
			if (!measure.additive) return;
			const people = measure.unit === 'people';
			if (raw.total) {
				sums.push({
					whole: slots.get(key(raw.id, 'total'))![col],
					parts: raw.rows.map((_, i) => slots.get(key(raw.id, i))![col]),
					people
				});
			}
			for (const link of raw.links ?? []) {
				if (link.whole.table !== raw.id) continue;
				const whole = slotOf(link.whole, id);
				const parts = link.parts.map((p) => slotOf(p, id));
				if (whole && parts.every((p): p is Slot => p !== undefined)) sums.push({ whole, parts, people });
			}
		});
	}
	for (let changed = true, rounds = 0; changed && rounds < 10_000; rounds++) {
		changed = false;
		for (const sum of sums) if (secure(sum)) changed = true;
	}

	// 4. Shares follow their parts.
	return raws.map((raw) => {
		const measures = TABLES[raw.id].measures;
		const finish = (row: Slot[]): Cell[] => {
			const out: Cell[] = row.map((slot) => (slot.hidden ? null : shown(slot.cell.value)));
			measures.forEach((id, col) => {
				const rate = MEASURES[id].rateOf;
				if (!rate) return;
				const [numerator, denominator] = rate.map((m) => measures.indexOf(m));
				if ((numerator >= 0 && out[numerator] === null) || (denominator >= 0 && out[denominator] === null))
					out[col] = null;
			});
			return out;
		};
		const table: Table = {
			id: raw.id,
			rows: raw.rows.map((row, i) => ({ label: row.label, cells: finish(slots.get(key(raw.id, i))!) })),
			total: raw.total ? finish(slots.get(key(raw.id, 'total'))!) : null
		};
		if (raw.period) table.period = raw.period;
		return table;
	});
}

/** Hides one more term of a sum that could be solved; true when it did. */
function secure(sum: Sum): boolean {
	const hiddenParts = sum.parts.filter((p) => p.hidden);
	const unknowns = hiddenParts.length + (sum.whole.hidden ? 1 : 0);
	if (unknowns === 0) return false;
	const solvable = unknowns === 1;
	// With the whole shown, the hidden parts together are known: fewer than five people is too few.
	const tooFew =
		sum.people &&
		!sum.whole.hidden &&
		hiddenParts.reduce((n, p) => n + p.cell.value, 0) < SMALL_COUNT &&
		sum.whole.cell.value >= SMALL_COUNT;
	if (!solvable && !tooFew) return false;
	let pick: Slot | undefined;
	for (const part of sum.parts) {
		if (part.hidden || part.cell.people === null) continue;
		if (!pick || part.cell.value < pick.cell.value) pick = part;
	}
	if (pick) {
		pick.hidden = true;
		return true;
	}
	if (!sum.whole.hidden && sum.whole.cell.people !== null) {
		sum.whole.hidden = true;
		return true;
	}
	return false;
}

/** One table on its own (its links to other tables are not followed). */
export function suppress(raw: RawTable): Table {
	return suppressReport([raw])[0];
}
