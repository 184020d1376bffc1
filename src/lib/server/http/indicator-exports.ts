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
	const resolved = await resolveScope(event.locals.db, filters, getLocale());
	if (!resolved.ok) error(400, { message: m.rex_bad_filters() });
	const report = await buildReport(event.locals.db, resolved.scope, resolved.names);
	return respond(event, user.id, format, report, null);
}

/** A frozen report, with the figures it was frozen with. */
export async function exportSnapshot(event: RequestEvent, format: ExportFormat): Promise<Response> {
	const user = requireUser(event, 'coordinator');
	const id = idParam(event.params.id);
	const snapshot = await getSnapshot(event.locals.db, id);
	if (!snapshot) error(404, { message: m.error_404_text() });
	return respond(event, user.id, format, snapshot.report, { id: snapshot.id, title: snapshot.title });
}
