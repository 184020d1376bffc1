// Frozen reports (issue 19): a report stored with its figures and the date it was made, so that the
// numbers sent to the funder can be shown again unchanged. The stored figures are the suppressed
// ones: a snapshot never holds a count of fewer than five people. Freezing is written to the audit log.
import * as v from 'valibot';
import { TABLE_IDS, type IndicatorReport, type Label, type ReportFilters } from '$lib/indicators/report';
import type { DB } from '../db/client';
import { parseStoredJson } from '../db/json';
import { record } from '../people/audit';
import { cleanText } from '../platform/form-text';

const filtersSchema = v.object({
	from: v.nullable(v.string()),
	to: v.nullable(v.string()),
	course: v.nullable(v.string()),
	cohort: v.nullable(v.number())
});
const cells = v.array(v.nullable(v.number()));
const reportSchema = v.object({
	version: v.literal(1),
	generatedAt: v.number(),
	filters: filtersSchema,
	scope: v.object({ courseTitle: v.nullable(v.string()), cohortName: v.nullable(v.string()) }),
	tables: v.array(
		v.object({
			id: v.picklist(TABLE_IDS),
			// The kinds of Label, each with its own fields; checked as an object with a kind.
			rows: v.array(v.object({ label: v.looseObject({ kind: v.string() }), cells })),
			total: v.nullable(cells),
			period: v.optional(v.object({ from: v.nullable(v.string()), to: v.nullable(v.string()) }))
		})
	)
});

function readFilters(text: string, id: number): ReportFilters {
	return parseStoredJson(filtersSchema, text, `indicator_snapshots.filters of ${id}`);
}

function readReport(text: string, id: number): IndicatorReport {
	const report = parseStoredJson(reportSchema, text, `indicator_snapshots.report of ${id}`);
	return {
		...report,
		tables: report.tables.map((t) => ({ ...t, rows: t.rows.map((r) => ({ label: r.label as Label, cells: r.cells })) }))
	};
}

export const TITLE_MAX = 120;
/** Freezing is deliberate: a coordinator who freezes more than this in a day is stopped. */
export const FREEZES_PER_DAY = 20;
const DAY = 24 * 60 * 60 * 1000;

export interface SnapshotSummary {
	id: number;
	title: string;
	createdAt: number;
	createdBy: string | null;
	filters: ReportFilters;
}

export interface Snapshot extends SnapshotSummary {
	locale: string;
	report: IndicatorReport;
}

export type FreezeResult =
	{ ok: true; id: number } | { ok: false; reason: 'title_missing' | 'title_too_long' | 'too_many' };

/** A title as stored: cleaned like other free text (NFC; control characters such as NUL, BEL and
 * ESC, and the bidirectional overrides U+202A–U+202E and U+2066–U+2069, removed), and on one line:
 * line breaks and tabs become a space. It is shown on pages and printed in the PDF and the CSV. */
export function cleanTitle(title: string): string {
	return cleanText(title)
		.replace(/[\t\n]+/g, ' ')
		.replace(/ {2,}/g, ' ')
		.trim();
}

export async function freeze(
	db: DB,
	userId: number,
	title: string,
	report: IndicatorReport,
	locale: string,
	now = Date.now()
): Promise<FreezeResult> {
	const clean = cleanTitle(title);
	if (clean === '') return { ok: false, reason: 'title_missing' };
	if (clean.length > TITLE_MAX) return { ok: false, reason: 'title_too_long' };
	return db.transaction().execute(async (tx) => {
		const recent = await tx
			.selectFrom('indicator_snapshots')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('created_by', '=', userId)
			.where('created_at', '>', now - DAY)
			.executeTakeFirstOrThrow();
		if (Number(recent.n) >= FREEZES_PER_DAY) return { ok: false, reason: 'too_many' } as const;
		const row = await tx
			.insertInto('indicator_snapshots')
			.values({
				title: clean,
				filters: JSON.stringify(report.filters),
				report: JSON.stringify(report),
				locale,
				created_by: userId,
				created_at: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await record(tx, userId, 'indicators_frozen', `snapshot ${row.id}`, clean, now);
		return { ok: true, id: row.id } as const;
	});
}

export async function listSnapshots(db: DB, limit = 100): Promise<SnapshotSummary[]> {
	const rows = await db
		.selectFrom('indicator_snapshots as s')
		.leftJoin('users as u', 'u.id', 's.created_by')
		.select(['s.id', 's.title', 's.created_at', 's.filters', 'u.name'])
		.orderBy('s.created_at', 'desc')
		.orderBy('s.id', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => ({
		id: r.id,
		title: r.title,
		createdAt: r.created_at,
		createdBy: r.name,
		filters: readFilters(r.filters, r.id)
	}));
}

export async function getSnapshot(db: DB, id: number): Promise<Snapshot | null> {
	const r = await db
		.selectFrom('indicator_snapshots as s')
		.leftJoin('users as u', 'u.id', 's.created_by')
		.select(['s.id', 's.title', 's.created_at', 's.filters', 's.report', 's.locale', 'u.name'])
		.where('s.id', '=', id)
		.executeTakeFirst();
	if (!r) return null;
	return {
		id: r.id,
		title: r.title,
		createdAt: r.created_at,
		createdBy: r.name,
		filters: readFilters(r.filters, r.id),
		locale: r.locale,
		report: readReport(r.report, r.id)
	};
}
