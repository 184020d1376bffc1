// The downloads of a programme results report (issue 19), shared by the four export routes: the live
// report (the page's query string) and a frozen one, each as CSV and PDF. Coordinators and admins
// only; every download is written to the audit log. Bad filters are the sender's mistake (400), an
// unknown snapshot is a 404: neither is ever a 500.
import { error, type RequestEvent } from '@sveltejs/kit';
import type { IndicatorReport } from '$lib/indicators/report';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { idParam, requireUser } from '$lib/server/http/guard';
import { reportCsv } from '$lib/server/indicators/csv';
import { exportFileName, recordExport, type ExportContext, type ExportFormat } from '$lib/server/indicators/export';
import { parseFilters, resolveScope } from '$lib/server/indicators/filters';
import { reportPdf } from '$lib/server/indicators/pdf';
import { buildReport } from '$lib/server/indicators/report';
import { getSnapshot } from '$lib/server/indicators/snapshots';
import { config } from '$lib/server/platform/config';

const TYPES: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', pdf: 'application/pdf' };

/** Exports one user may have under way at once. A report and its PDF are made on the main thread
 * (a PDF of 10,000 learners takes 300–450 ms): forty at once froze the whole site for seconds, so a
 * user's further downloads wait their turn. In-process, which is where the work is done. */
export const EXPORTS_PER_USER = 2;
const running = new Map<number, number>();

/**
 * Runs `work` in one of the user's export slots, or answers 429 with a plain message when all of them
 * are taken. The slot is given back however `work` ends (a response, a 400/404 thrown, a failure).
 */
export async function withExportSlot(userId: number, work: () => Promise<Response>): Promise<Response> {
	const now = running.get(userId) ?? 0;
	if (now >= EXPORTS_PER_USER) {
		return new Response(m.rep_export_busy(), {
			status: 429,
			headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5', 'cache-control': 'no-store' }
		});
	}
	running.set(userId, now + 1);
	try {
		return await work();
	} finally {
		const left = (running.get(userId) ?? 1) - 1;
		if (left > 0) running.set(userId, left);
		else running.delete(userId);
	}
}

async function respond(
	event: RequestEvent,
	userId: number,
	format: ExportFormat,
	report: IndicatorReport,
	snapshot: ExportContext['snapshot']
): Promise<Response> {
	const context: ExportContext = { programme: config.issuerName, snapshot };
	const body =
		format === 'csv' ? reportCsv(report, context) : new Uint8Array(await reportPdf(report, context, getLocale()));
	// A HEAD request (a link checker, a download manager asking the size) downloads nothing.
	if (event.request.method !== 'HEAD')
		await recordExport(event.locals.db, userId, format, report, snapshot?.id ?? null);
	return new Response(body, {
		headers: {
			'content-type': TYPES[format],
			'content-disposition': `attachment; filename="${exportFileName(report, format, snapshot?.id ?? null)}"`,
			'cache-control': 'no-store'
		}
	});
}

/** The report of the filters in the query string, as the page shows it. */
export async function exportLive(event: RequestEvent, format: ExportFormat): Promise<Response> {
	const user = requireUser(event, 'coordinator');
	const { filters, errors } = parseFilters(event.url.searchParams);
	if (Object.keys(errors).length > 0) error(400, { message: m.rex_bad_filters() });
	// Counting the report is part of the work: it runs in the slot too.
	return withExportSlot(user.id, async () => {
		const resolved = await resolveScope(event.locals.db, filters, getLocale());
		if (!resolved.ok) error(400, { message: m.rex_bad_filters() });
		const report = await buildReport(event.locals.db, resolved.scope, resolved.names);
		return respond(event, user.id, format, report, null);
	});
}

/** A frozen report, with the figures it was frozen with. */
export async function exportSnapshot(event: RequestEvent, format: ExportFormat): Promise<Response> {
	const user = requireUser(event, 'coordinator');
	const id = idParam(event.params.id);
	return withExportSlot(user.id, async () => {
		const snapshot = await getSnapshot(event.locals.db, id);
		if (!snapshot) error(404, { message: m.error_404_text() });
		return respond(event, user.id, format, snapshot.report, { id: snapshot.id, title: snapshot.title });
	});
}
