// The result table (stdout) and bench/results.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Row {
	id: string;
	measure: string;
	value: string;
	goal: string;
	/** null: not measured (e.g. no Chromium). */
	met: boolean | null;
	/** With --database both: the value and verdict of each engine, in the order of the table's columns. */
	engines?: { value: string; met: boolean | null }[];
}

/**
 * One row per measurement with a column per engine: the engines' rows are made by the same code in the
 * same order, so row i of each is the same measurement. A row only one engine has (none today) stays
 * a row of its own.
 */
export function sideBySide(perEngine: Row[][]): Row[] {
	const [first, ...others] = perEngine;
	const same = others.every((rows) => rows.length === first.length && rows.every((r, i) => r.measure === first[i].measure));
	if (!same) return perEngine.flat();
	return first.map((row, i) => ({ ...row, engines: perEngine.map((rows) => ({ value: rows[i].value, met: rows[i].met })) }));
}

export const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
export const ms = (value: number) => `${value >= 100 ? Math.round(value) : value >= 1 ? value.toFixed(1) : value.toFixed(3)} ms`;
export const int = (value: number) => Math.round(value).toLocaleString('en-GB');

/**
 * A plain-text table; wide cells wrap onto continuation lines so that it stays readable at 120 columns.
 * With `engines` (--database both) a value column per engine, narrower, and a verdict per engine.
 */
export function formatTable(rows: Row[], engines: string[] = []): string {
	if (engines.length > 1) return formatEngines(rows, engines);
	const header: Row = { id: '', measure: 'measure', value: 'value', goal: 'goal', met: null };
	const limits = { id: 3, measure: 26, value: 52, goal: 22, met: 4 };
	const metText = (r: Row, isHeader: boolean) => (isHeader ? 'met' : verdict(r.met));
	const cells = [header, ...rows].map((r, i) => [
		[r.id],
		wrap(r.measure, limits.measure),
		wrap(r.value, limits.value),
		wrap(r.goal, limits.goal),
		[metText(r, i === 0)]
	]);
	return drawTable(cells, rows);
}

function wrap(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		if (line && line.length + 1 + word.length > width) {
			lines.push(line);
			line = word;
		} else line = line ? `${line} ${word}` : word;
	}
	lines.push(line);
	return lines;
}

const verdict = (met: boolean | null) => (met === null ? 'n/a' : met ? 'yes' : 'NO');

function formatEngines(rows: Row[], engines: string[]): string {
	const width = engines.length > 2 ? 30 : 40;
	const header = ['', 'measure', ...engines, 'goal', 'met'];
	const cells = [
		header.map((h) => [h]),
		...rows.map((r) => {
			const values = r.engines ?? [{ value: r.value, met: r.met }];
			return [
				[r.id],
				wrap(r.measure, 24),
				...engines.map((_, e) => wrap(values[e]?.value ?? '', width)),
				wrap(r.goal, 18),
				[values.map((v) => verdict(v.met)).join('/')]
			];
		})
	];
	return drawTable(cells, rows);
}

function drawTable(cells: string[][][], rows: Row[]): string {
	const widths = cells[0].map((_, c) => Math.max(...cells.map((row) => Math.max(...row[c].map((l) => l.length)))));
	const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
	const out = [rule];
	cells.forEach((row, i) => {
		const height = Math.max(...row.map((c) => c.length));
		for (let l = 0; l < height; l++) out.push(`| ${row.map((c, j) => (c[l] ?? '').padEnd(widths[j])).join(' | ')} |`);
		// cells[i + 1] shows rows[i]: a rule before every row that starts a measurement (has an id).
		if (i === cells.length - 1 || rows[i].id) out.push(rule);
	});
	return out.join('\n');
}

export function writeResults(path: string, results: unknown): void {
	mkdirSync(dirname(path), { recursive: true });
	writeFileSync(path, `${JSON.stringify(results, null, '\t')}\n`);
}
