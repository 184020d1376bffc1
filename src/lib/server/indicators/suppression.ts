// The privacy rule of the programme's results (issue 19): a figure about fewer than five people is
// never shown, anywhere (page, CSV, PDF, snapshot), and cannot be worked out from what is shown.
//
// 1. Primary: a cell about fewer than SMALL_COUNT distinct people (its `people`) is hidden. Zero is
//    fewer than five, and hidden too: "nobody in this group" is also something about a small group.
// 2. Complementary: in an additive column (rows add up to the total), a single hidden cell could be
//    found by subtracting the shown cells from the total. Then the smallest shown cell of the column
//    is hidden with it; if no other cell is left, the total is hidden. A hidden total hides nothing
//    further: the rows are then all hidden or of their own size.
// 3. Shares (rateOf) are hidden when their numerator or denominator is, since share × denominator
//    gives the numerator back.
// Cells about no people (organisations, calls) are shown as they are: organisations are public.
import {
	MEASURES,
	SMALL_COUNT,
	TABLES,
	type Cell,
	type RawCell,
	type RawTable,
	type Table
} from '$lib/indicators/report';

function small(cell: RawCell): boolean {
	return cell.people !== null && cell.people < SMALL_COUNT;
}

/** Rounds a shown figure: shares and days to one decimal, hours to one decimal, counts as they are. */
function shown(value: number): number {
	return Math.round(value * 10) / 10;
}

export function suppress(raw: RawTable): Table {
	const measures = TABLES[raw.id].measures;
	const hidden = raw.rows.map((row) => row.cells.map(small));
	const totalHidden = raw.total ? raw.total.map(small) : null;

	measures.forEach((id, col) => {
		const measure = MEASURES[id];
		if (!measure.additive || !raw.total || !totalHidden || totalHidden[col]) return;
		const hiddenRows = hidden.filter((cells) => cells[col]).length;
		if (hiddenRows !== 1) return;
		let smallest = -1;
		raw.rows.forEach((row, i) => {
			if (hidden[i][col]) return;
			if (smallest < 0 || row.cells[col].value < raw.rows[smallest].cells[col].value) smallest = i;
		});
		if (smallest >= 0) hidden[smallest][col] = true;
		else totalHidden[col] = true;
	});

	const finish = (cells: RawCell[], hide: boolean[]): Cell[] => {
		const out: Cell[] = cells.map((cell, col) => (hide[col] ? null : shown(cell.value)));
		measures.forEach((id, col) => {
			const rate = MEASURES[id].rateOf;
			if (!rate) return;
			const [numerator, denominator] = rate.map((m) => measures.indexOf(m));
			if ((numerator >= 0 && out[numerator] === null) || (denominator >= 0 && out[denominator] === null))
				out[col] = null;
		});
		return out;
	};

	return {
		id: raw.id,
		rows: raw.rows.map((row, i) => ({ label: row.label, cells: finish(row.cells, hidden[i]) })),
		total: raw.total && totalHidden ? finish(raw.total, totalHidden) : null
	};
}
