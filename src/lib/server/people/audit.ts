// The audit log: who changed a role, (de)activated or deleted an account, revoked a certificate,
// decided on an organisation, changed an organisation's profile, confirmed or declined a member,
// or imported a course, and when. Admins read it; nothing deletes from it.
import type { DB } from '../db/client';

export type AuditAction =
	| 'role_changed'
	| 'user_deactivated'
	| 'user_reactivated'
	| 'certificate_revoked'
	| 'organisation_approved'
	| 'organisation_declined'
	| 'account_deleted'
	| 'course_imported'
	| 'organisation_created'
	| 'organisation_changed'
	| 'membership_confirmed'
	| 'membership_declined'
	| 'translation_marked_current'
	| 'indicators_exported'
	| 'indicators_frozen'
	| 'cohort_member_removed'
	| 'cohort_member_moved'
	| 'password_link_issued'
	| 'certificate_unrevoked';

/** The password hash of a deleted account (privacy.deleteAccount): nothing can sign in with it. */
export const DELETED_ACCOUNT_HASH = '!deleted';

export async function record(
	db: DB,
	actorId: number | null,
	action: AuditAction,
	subject: string,
	detail = '',
	now = Date.now(),
	about: { subjectUserId?: number } = {}
): Promise<void> {
	await db
		.insertInto('audit_log')
		.values({
			at: now,
			actor_id: actorId,
			action,
			subject: subject.slice(0, 200),
			subject_user_id: about.subjectUserId ?? null,
			detail: detail.slice(0, 500)
		})
		.execute();
}

/** Erases a deleted account's name and e-mail from the entries about it (their action stays). */
export async function forgetSubject(db: DB, userId: number): Promise<void> {
	await db.updateTable('audit_log').set({ subject: '' }).where('subject_user_id', '=', userId).execute();
}

export const AUDIT_PAGE_SIZE = 100;

/** A page of the log, newest first. A deleted account, as actor or as subject, is given only by its
 * id (`actorDeletedId`, `subjectDeletedId`), which the page shows as "deleted account #id". */
export async function list(db: DB, page = 1) {
	const rows = await db
		.selectFrom('audit_log')
		.leftJoin('users as actor', 'actor.id', 'audit_log.actor_id')
		.leftJoin('users as about', 'about.id', 'audit_log.subject_user_id')
		.select([
			'audit_log.id',
			'audit_log.at',
			'audit_log.action',
			'audit_log.subject',
			'audit_log.detail',
			'audit_log.actor_id',
			'audit_log.subject_user_id',
			'actor.name as actor_name',
			'actor.password_hash as actor_hash',
			'about.password_hash as about_hash'
		])
		.orderBy('audit_log.id', 'desc')
		.limit(AUDIT_PAGE_SIZE)
		.offset((Math.max(1, page) - 1) * AUDIT_PAGE_SIZE)
		.execute();
	const total = await db
		.selectFrom('audit_log')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return {
		rows: rows.map((r) => {
			const actorDeleted = r.actor_hash === DELETED_ACCOUNT_HASH;
			const subjectDeleted = r.about_hash === DELETED_ACCOUNT_HASH;
			return {
				id: r.id,
				at: r.at,
				action: r.action,
				subject: subjectDeleted ? '' : r.subject,
				detail: r.detail,
				actor: actorDeleted ? null : r.actor_name,
				actorDeletedId: actorDeleted ? r.actor_id : null,
				subjectDeletedId: subjectDeleted ? r.subject_user_id : null
			};
		}),
		total: Number(total.n)
	};
}
