// The geometry of the programme results charts (issue 19) and how their figures read: bars in
// proportion to the largest value (shares to 100 %), no bar where a value is hidden ("< 5") but the
// text still written, sparse week labels, and numbers in the reader's language with one decimal for
// shares and days.
import { afterEach, describe, expect, it } from 'vitest';
import * as runtime from '$lib/paraglide/runtime';
import { CHART_WIDTH, fitLabel, layoutBars, layoutWeeks, scaleMax, weekTicks } from '$lib/indicators/chart';
import { dayText, figureText, filtersQuery, periodText } from '$lib/indicators/display';

describe('bars', () => {
	it('draws bars in proportion to the largest value, one line per series under each label', () => {
		const layout = layoutBars(
			[
				{ label: 'Zvečan', values: [20, 10] },
				{ label: 'Leposavić', values: [10, null] }
			],
			2,
			20
		);
		expect(layout.width).toBe(CHART_WIDTH);
		expect(layout.legend).toHaveLength(2);
		const [a, b] = layout.rows;
		// The longest bar leaves room for its value on the right.
		const full = a.bars[0].width;
		expect(full).toBeGreaterThan(CHART_WIDTH / 2);
		expect(full).toBeLessThan(CHART_WIDTH - 30);
		expect(a.bars[1].width).toBe(Math.round(full / 2));
		expect(b.bars[0].width).toBe(Math.round(full / 2));
		// A hidden value: no bar, its text at the start of the line.
		expect(b.bars[1]).toMatchObject({ width: 0, hidden: true, textX: 4 });
		// Values are written just after their bar.
		expect(a.bars[0].textX).toBe(full + 4);
		// Rows go down the chart and fit in it.
		expect(a.labelY).toBeLessThan(a.bars[0].y);
		expect(a.bars[1].y).toBeGreaterThan(a.bars[0].y);
		expect(b.labelY).toBeGreaterThan(a.bars[1].y);
		expect(layout.height).toBeGreaterThan(b.bars[1].textY);
	});

	it('scales shares to 100 and counts to the largest value shown', () => {
		expect(scaleMax([12.5, null, 40], true)).toBe(100);
		expect(scaleMax([12, null, 40], false)).toBe(40);
		expect(scaleMax([null, null], false)).toBe(0);
		const layout = layoutBars([{ label: 'Module 1', values: [50] }], 1, 100);
		const share = layout.rows[0].bars[0].width;
		const full = layoutBars([{ label: 'Module 1', values: [100] }], 1, 100).rows[0].bars[0].width;
		expect(share).toBe(Math.round(full / 2));
	});

	it('draws nothing for zero or when everything is hidden, and a sliver for a tiny value', () => {
		expect(layoutBars([{ label: 'x', values: [0] }], 1, 10).rows[0].bars[0].width).toBe(0);
		expect(layoutBars([{ label: 'x', values: [null] }], 1, 0).rows[0].bars[0]).toMatchObject({
			width: 0,
			hidden: true
		});
		expect(layoutBars([{ label: 'x', values: [1] }], 1, 100_000).rows[0].bars[0].width).toBe(1);
	});

	it('shortens long labels with an ellipsis and leaves short ones alone', () => {
		expect(fitLabel('Short')).toBe('Short');
		const long = 'Shoqata e të rinjve për zhvillimin e komunitetit në Mitrovicën e Veriut';
		const cut = fitLabel(long);
		expect([...cut].length).toBeLessThanOrEqual(42);
		expect(cut.endsWith('…')).toBe(true);
		expect(long.startsWith(cut.slice(0, -1))).toBe(true);
	});
});

describe('weeks', () => {
	it('labels a few weeks, evenly spread, always the first', () => {
		expect(weekTicks(0)).toEqual([]);
		expect(weekTicks(3)).toEqual([0, 1, 2]);
		// Narrow columns: labels far enough apart not to run into each other.
		expect(weekTicks(3, 36)).toEqual([0, 2]);
		expect(weekTicks(8, 10)).toEqual([0, 5]);
		expect(weekTicks(52)).toEqual([0, 13, 26, 39]);
		for (const n of [1, 5, 6, 13, 100, 400]) {
			const ticks = weekTicks(n);
			expect(ticks[0]).toBe(0);
			expect(ticks.length).toBeLessThanOrEqual(4);
			expect(ticks.every((t) => t < n)).toBe(true);
		}
	});

	it('puts columns side by side within the chart, tallest for the largest value', () => {
		const layout = layoutWeeks([4, 8, null, 0]);
		const [a, b, hidden, zero] = layout.columns;
		expect(b.height).toBe(layout.base - 14);
		expect(a.height).toBe(Math.round(b.height / 2));
		expect(a.y + a.height).toBe(layout.base);
		expect(b.x).toBeGreaterThan(a.x + a.width - 0.01);
		// A hidden week: a thin grey mark on the baseline, not a column.
		expect(hidden).toMatchObject({ hidden: true, height: 2 });
		expect(zero.height).toBe(0);
		const last = layout.columns[layout.columns.length - 1];
		expect(last.x + last.width).toBeLessThanOrEqual(CHART_WIDTH);
	});

	it('gives a few weeks columns of a sensible width', () => {
		const layout = layoutWeeks([1, 2]);
		expect(layout.columns[0].width).toBeLessThanOrEqual(36);
		expect(layout.columns[1].x - layout.columns[0].x).toBeLessThanOrEqual(36);
	});

	it('keeps many weeks inside the chart', () => {
		const layout = layoutWeeks(Array.from({ length: 300 }, (_, i) => i));
		const last = layout.columns[299];
		expect(last.x + last.width).toBeLessThanOrEqual(CHART_WIDTH + 0.5);
		expect(layout.columns.every((c) => c.width > 0)).toBe(true);
	});
});

describe('figures and dates as read', () => {
	const original = runtime.getLocale;
	afterEach(() => runtime.overwriteGetLocale(original));

	it('writes shares and days with one decimal, counts without, hidden ones as "< 5"', () => {
		runtime.overwriteGetLocale(() => 'en');
		expect(figureText('completion-rate', 62.5)).toBe('62.5');
		expect(figureText('completion-rate', 50)).toBe('50.0');
		expect(figureText('median-days', 3)).toBe('3.0');
		expect(figureText('enrolled', 1234)).toBe('1,234');
		expect(figureText('hours', 2.5)).toBe('2.5');
		expect(figureText('hours', 3)).toBe('3');
		expect(figureText('enrolled', null)).toBe('< 5');
		runtime.overwriteGetLocale(() => 'sq');
		expect(figureText('completion-rate', 62.5)).toBe('62,5');
		runtime.overwriteGetLocale(() => 'sr-Latn');
		expect(figureText('review-days', 1.25)).toMatch(/^1,[23]$/);
	});

	it('writes calendar days in the language, never moved by a time zone', () => {
		runtime.overwriteGetLocale(() => 'en');
		expect(dayText('2026-03-01')).toBe('1 March 2026');
		expect(dayText('2026-03-01', 'short')).toBe('1 Mar');
		expect(dayText('not a day')).toBe('not a day');
		expect(periodText({ from: '2026-01-01', to: '2026-03-31' })).toBe('1 January 2026 – 31 March 2026');
		expect(periodText({ from: '2026-01-01', to: null })).toBe('From 1 January 2026');
		expect(periodText({ from: null, to: '2026-03-31' })).toBe('Until 31 March 2026');
		expect(periodText({ from: null, to: null })).toBe('The whole programme');
	});

	it('puts only the filters that are set in a report’s query', () => {
		expect(filtersQuery({ from: null, to: null, course: null, cohort: null })).toBe('');
		expect(filtersQuery({ from: '2026-01-01', to: '2026-03-31', course: 'civic-basics', cohort: 7 })).toBe(
			'from=2026-01-01&to=2026-03-31&course=civic-basics&cohort=7'
		);
	});
});
