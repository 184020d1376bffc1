// The folded search columns that rows written before migration 0038 lack: certificates' recipient
// name and the audit log's subject and details. A migration imports nothing from src/, and folding
// (src/lib/i18n/script.ts) is TypeScript, so the copies are filled here, once, at start-up. Rows
// written since carry theirs from the start (certificates/store.ts, people/audit.ts).
import type { DB } from '../db/client';
import { fold } from '../../i18n/script';
import { auditSearchText } from '../people/audit';

/** Rows filled per transaction: each batch holds the write turn briefly, so requests go on between. */
export const FILL_BATCH = 500;

export interface FillReport {
	certificates: number;
	auditEntries: number;
}

/**
 * Fills every missing folded search column, in batches of `batch` rows, each batch its own
 * transaction. Safe to run again, and by two instances at once: a row is only written while its
 * column is still empty, and the loop ends when no empty row is left.
 */
export async function fillSearchText(db: DB, batch = FILL_BATCH): Promise<FillReport> {
	const size = Math.max(1, Math.min(Math.floor(batch), 10_000));
	const certificates = await inBatches(db, size, async (tx) => {
		const rows = await tx
			.selectFrom('certificates')
			.select(['id', 'recipient_name'])
			.where('search_text', 'is', null)
			.orderBy('id')
			.limit(size)
			.execute();
		for (const row of rows) {
			await tx
				.updateTable('certificates')
				.set({ search_text: fold(row.recipient_name) })
				.where('id', '=', row.id)
				.where('search_text', 'is', null)
				.execute();
		}
		return rows.length;
	});
	const auditEntries = await inBatches(db, size, async (tx) => {
		const rows = await tx
			.selectFrom('audit_log')
			.select(['id', 'subject', 'detail'])
			.where('search_text', 'is', null)
			.orderBy('id')
			.limit(size)
			.execute();
		for (const row of rows) {
			await tx
				.updateTable('audit_log')
				.set({ search_text: auditSearchText(row.subject, row.detail) })
				.where('id', '=', row.id)
				.where('search_text', 'is', null)
				.execute();
		}
		return rows.length;
	});
	return { certificates, auditEntries };
}

/** Runs `fill` (which fills at most `size` rows and says how many) until a batch comes back short. */
async function inBatches(db: DB, size: number, fill: (tx: DB) => Promise<number>): Promise<number> {
	let total = 0;
	for (;;) {
		const filled = await db.transaction().execute(fill);
		total += filled;
		if (filled < size) return total;
	}
}
