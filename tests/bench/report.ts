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
}

export const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
export const ms = (value: number) => `${value >= 100 ? Math.round(value) : value >= 1 ? value.toFixed(1) : value.toFixed(3)} ms`;
export const int = (value: number) => Math.round(value).toLocaleString('en-GB');

/** A plain-text table; wide cells wrap onto continuation lines so that it stays readable at 120 columns. */
export function formatTable(rows: Row[]): string {
	const header: Row = { id: '', measure: 'measure', value: 'value', goal: 'goal', met: null };
	const limits = { id: 3, measure: 26, value: 52, goal: 22, met: 4 };
	const wrap = (text: string, width: number): string[] => {
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
	};
	const metText = (r: Row, isHeader: boolean) => (isHeader ? 'met' : r.met === null ? 'n/a' : r.met ? 'yes' : 'NO');
	const cells = [header, ...rows].map((r, i) => [
		[r.id],
		wrap(r.measure, limits.measure),
		wrap(r.value, limits.value),
		wrap(r.goal, limits.goal),
		[metText(r, i === 0)]
	]);
	const widths = [0, 1, 2, 3, 4].map((c) => Math.max(...cells.map((row) => Math.max(...row[c].map((l) => l.length)))));
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
