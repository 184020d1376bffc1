// The audit log, filtered, as CSV for a spreadsheet: the project's CSV helper (UTF-8 with a byte-order
// mark, RFC 4180 quoting, no cell that starts like a formula: names and details come from users).
// Times on Kosovo's clock, 'YYYY-MM-DD HH:MM'; a deleted account is "deleted account #id", as on the page.
import { m } from '$lib/paraglide/messages';
import { auditActionName } from '$lib/i18n/audit-actions';
import { csvFile } from '../cohorts/insight';
import { belgradeWallClock } from '../platform/region-time';
import { AUDIT_EXPORT_LIMIT, type AuditEntry } from './audit';

function instant(ms: number): string {
	const { date, time } = belgradeWallClock(ms);
	return `${date} ${time}`;
}

export function auditCsv(rows: AuditEntry[], more: boolean): string {
	const table: (string | number | null)[][] = [
		[m.audit_when(), m.audit_who(), m.audit_action(), m.adm_csv_code(), m.audit_subject(), m.audit_detail()]
	];
	for (const r of rows) {
		table.push([
			instant(r.at),
			r.actorDeletedId !== null ? m.authsec_audit_deleted_account({ id: r.actorDeletedId }) : (r.actor ?? ''),
			auditActionName(r.action),
			r.action,
			r.subjectDeletedId !== null ? m.authsec_audit_deleted_account({ id: r.subjectDeletedId }) : r.subject,
			r.detail
		]);
	}
	if (more) table.push([m.adm_csv_cut({ limit: AUDIT_EXPORT_LIMIT })]);
	return csvFile(table);
}
