// The audit log: who changed a role, (de)activated or deleted an account, revoked a certificate or
// decided on an organisation, and when. Admins read it; nothing deletes from it.
import type { DB } from './db';

export type AuditAction =
	| 'role_changed'
	| 'user_deactivated'
	| 'user_reactivated'
	| 'certificate_revoked'
	| 'organisation_approved'
	| 'organisation_declined'
	| 'account_deleted'
	| 'translation_marked_current';

export async function record(db: DB, actorId: number | null, action: AuditAction, subject: string, detail = '', now = Date.now()): Promise<void> {
	await db.insertInto('audit_log').values({ at: now, actor_id: actorId, action, subject: subject.slice(0, 200), detail: detail.slice(0, 500) }).execute();
}

export const AUDIT_PAGE_SIZE = 100;

export async function list(db: DB, page = 1) {
	const rows = await db
		.selectFrom('audit_log')
		.leftJoin('users', 'users.id', 'audit_log.actor_id')
		.select(['audit_log.id', 'audit_log.at', 'audit_log.action', 'audit_log.subject', 'audit_log.detail', 'users.name as actor'])
		.orderBy('audit_log.id', 'desc')
		.limit(AUDIT_PAGE_SIZE)
		.offset((Math.max(1, page) - 1) * AUDIT_PAGE_SIZE)
		.execute();
	const total = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
	return { rows, total: Number(total.n) };
}
