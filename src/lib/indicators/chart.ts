// The geometry of a report's charts (issue 19), drawn on the server as SVG by IndicatorChart.svelte.
// Kept apart from the component so that it can be tested: where each bar goes, how long it is, where
// its value is written, which weeks get an axis label. Sizes are in viewBox units; the viewBox is
// CHART_WIDTH wide so that a 360 px phone shows it at about its own size (the text stays readable),
// and a wide screen shows it no wider than the stylesheet allows.
import type { Cell } from './report';

export const CHART_WIDTH = 320;
/** Room on the right for the value written at the end of the longest bar. */
const VALUE_ROOM = 44;
const LABEL_LINE = 18;
const BAR = 12;
const BAR_GAP = 3;
const ROW_GAP = 9;
const LEGEND_LINE = 18;
/** A row label is cut to this many characters (the table beside the chart has it in full). */
export const LABEL_MAX = 42;

export interface BarGeom {
	series: number;
	y: number;
	/** 0 for a hidden ("< 5") or zero value: no bar is drawn. */
	width: number;
	/** Where the value (or "< 5") is written: just after the bar's end. */
	textX: number;
	textY: number;
	hidden: boolean;
}

export interface BarsLayout {
	width: number;
	height: number;
	legend: { series: number; y: number }[];
	rows: { label: string; labelY: number; bars: BarGeom[] }[];
}

/** Shortens a label that would not fit on one line, with an ellipsis. */
export function fitLabel(text: string, max = LABEL_MAX): string {
	const chars = [...text];
	return chars.length <= max
		? text
		: `${chars
				.slice(0, max - 1)
				.join('')
				.trimEnd()}…`;
}

/** The largest value of the chart's scale: 100 for shares (a full bar is everybody), else the largest value shown. */
export function scaleMax(values: Cell[], percent: boolean): number {
	if (percent) return 100;
	return Math.max(0, ...values.map((v) => v ?? 0));
}

/**
 * Horizontal bars: per row, its label on a line of its own (names of organisations and modules are
 * long), then one bar per series under it. Hidden values get no bar, only the "< 5" text.
 */
export function layoutBars(
	rows: { label: string; values: Cell[] }[],
	seriesCount: number,
	max: number,
	width = CHART_WIDTH
): BarsLayout {
	const plot = width - VALUE_ROOM;
	const legend = Array.from({ length: seriesCount }, (_, series) => ({ series, y: (series + 1) * LEGEND_LINE - 5 }));
	let y = seriesCount * LEGEND_LINE + 6;
	const out: BarsLayout['rows'] = [];
	for (const row of rows) {
		const labelY = y + LABEL_LINE - 4;
		y += LABEL_LINE;
		const bars: BarGeom[] = [];
		for (let series = 0; series < seriesCount; series++) {
			const value = row.values[series] ?? null;
			const hidden = value === null;
			const length = hidden || max <= 0 ? 0 : Math.max(0, Math.round((plot * Math.min(value, max)) / max));
			// A value above zero always shows a sliver, so that it does not read as nothing.
			const barWidth = !hidden && value > 0 ? Math.max(1, length) : 0;
			bars.push({ series, y, width: barWidth, textX: barWidth + 4, textY: y + BAR - 1, hidden });
			y += BAR + BAR_GAP;
		}
		y += ROW_GAP;
		out.push({ label: fitLabel(row.label), labelY, bars });
	}
	return { width, height: y, legend, rows: out };
}

export interface WeeksLayout {
	width: number;
	height: number;
	/** The baseline's y and the plot's left edge. */
	base: number;
	left: number;
	columns: { x: number; width: number; y: number; height: number; hidden: boolean }[];
	/** Which columns get a date under them: a few, evenly spread, the first always. */
	ticks: number[];
}

const WEEKS_HEIGHT = 150;
const WEEKS_LEFT = 40;
const WEEKS_TOP = 14;
const WEEKS_BASE = 124;
/** About how many dates fit under the axis of a chart CHART_WIDTH wide. */
const MAX_TICKS = 4;

/** The room a date under the axis needs ("16 Mar", "16. mar"). */
const TICK_ROOM = 50;

/** The indexes that get an axis label: every `step`-th week from the first, at most MAX_TICKS, far
 * enough apart (columns `slot` wide) that the dates do not run into each other. */
export function weekTicks(count: number, slot = TICK_ROOM, maxTicks = MAX_TICKS): number[] {
	if (count <= 0) return [];
	const step = Math.max(1, Math.ceil(count / maxTicks), Math.ceil(TICK_ROOM / slot));
	const out: number[] = [];
	for (let i = 0; i < count; i += step) out.push(i);
	return out;
}

/** Columns per week, from the left; a hidden week gets a thin grey mark on the baseline, no column. */
export function layoutWeeks(values: Cell[], width = CHART_WIDTH): WeeksLayout {
	const max = scaleMax(values, false);
	// A few weeks get columns of a sensible width, not one column across the whole chart.
	const slot = Math.min(36, (width - WEEKS_LEFT - 4) / Math.max(1, values.length));
	const gap = slot >= 6 ? Math.min(4, slot / 4) : 0;
	const plot = WEEKS_BASE - WEEKS_TOP;
	const columns = values.map((value, i) => {
		const x = round1(WEEKS_LEFT + i * slot);
		const w = round1(Math.max(0.5, slot - gap));
		if (value === null) return { x, width: w, y: WEEKS_BASE - 2, height: 2, hidden: true };
		const h = max > 0 ? Math.round((plot * value) / max) : 0;
		return { x, width: w, y: WEEKS_BASE - h, height: value > 0 ? Math.max(1, h) : 0, hidden: false };
	});
	return {
		width,
		height: WEEKS_HEIGHT,
		base: WEEKS_BASE,
		left: WEEKS_LEFT,
		columns,
		ticks: weekTicks(values.length, slot)
	};
}

function round1(n: number): number {
	return Math.round(n * 10) / 10;
}
