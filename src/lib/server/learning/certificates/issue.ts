// Certificates: issued to a learner when the course's certificate rule is met, and to an
// organisation when a coordinator approves it (organisations.ts); verifiable by anyone at
// /verify/<code>; revocable with a reason. Each carries a signed Open Badges 3.0 credential made at
// issue time (store.ts).
import { sql, type ExpressionBuilder } from 'kysely';
import type { DB } from '../../db/client';
import type { Certificate, Database } from '../../../../../db/schema';
import { DELETED_ACCOUNT_HASH } from '../../people/audit';
import type { CourseInfo } from '../../catalogue/courses';
import type { CourseState } from '../progress';
import { cleanText } from '../../platform/form-text';
import { fold } from '../../../i18n/script';
import { normaliseCode, storeCertificate, type IssueContext } from './store';
import { allAccepted } from '../../assignments/submissions';
import { notify } from '../../people/notices';
import { mailNotice } from '../../people/notice-mail';

export { generateCode, normaliseCode, type IssueContext } from './store';
export {
	decideOrganisation,
	eligibleOrganisations,
	organisationBadges,
	type DecisionResult,
	type EligibleOrganisation
} from './organisations';

/** Whether a learner's state meets the course's certificate rule (all modules, or the listed ones). */
export function meetsCertificateRule(course: CourseInfo, state: CourseState): boolean {
	if (!state.enrolled || state.modules.length === 0) return false;
	const required =
		course.certificateModules === 'all'
			? state.modules
			: state.modules.filter((s) => (course.certificateModules as string[]).includes(s.module.slug));
	return required.length > 0 && required.every((s) => s.complete);
}

/**
 * Issues the learner's certificate for a course when the rule is met and they have none yet.
 * Returns the certificate (new or existing) or null when not eligible. Safe to call after every step,
 * and inside the transaction that recorded the step (see learning/submit.ts).
 */
export async function issueIfEligible(
	db: DB,
	user: { id: number; name: string; email: string },
	course: CourseInfo,
	state: CourseState,
	locale: string,
	ctx: IssueContext = {}
): Promise<Certificate | null> {
	const mine = () =>
		db
			.selectFrom('certificates')
			.selectAll()
			.where('user_id', '=', user.id)
			.where('course_id', '=', course.id)
			.where('kind', '=', 'learner')
			.executeTakeFirst();
	if (!course.issuesCertificate) return null;
	const existing = await mine();
	if (existing) return existing;
	if (!meetsCertificateRule(course, state)) return null;
	if (course.requiresAssignments && !(await allAccepted(db, user.id, course.id))) return null;
	// The organisation printed is the one the learner is a confirmed member of, read here rather than
	// taken from the caller: a membership only requested at sign-up is not printed.
	const organisation = await db
		.selectFrom('users')
		.innerJoin('organisations', 'organisations.id', 'users.organisation_id')
		.select('organisations.name')
		.where('users.id', '=', user.id)
		.executeTakeFirst();
	const inserted = await storeCertificate(
		db,
		{
			kind: 'learner',
			course_id: course.id,
			user_id: user.id,
			organisation_id: null,
			recipient_name: user.name,
			organisation_name: organisation?.name ?? null,
			course_title: course.title,
			locale
		},
		{
			recipientName: user.name,
			email: user.email,
			organisationName: organisation?.name ?? null,
			kind: 'learner',
			courseSlug: course.slug,
			courseTitle: course.title,
			courseSummary: course.summary,
			locale,
			criteria: course.requiresAssignments
				? 'Completed every lesson, passed every module quiz that the course requires and had every practical assignment accepted by a trainer.'
				: 'Completed every lesson and passed every module quiz that the course requires.'
		},
		ctx
	);
	if (inserted) {
		// The learner's notice, in the transaction that issued it (when the caller holds one).
		await notify(
			db,
			user.id,
			'course-certificate-issued',
			issuedNotice(inserted),
			`/verify/${inserted.code}`,
			inserted.issued_at
		);
		fresh.add(inserted);
	}
	// A concurrent request may have issued it first: return that one.
	return inserted ?? (await mine()) ?? null;
}

// Certificates issued by this process and not yet e-mailed about: the e-mail goes out after the
// caller's transaction commits (mailIssued), once, and never for a certificate issued earlier.
const fresh = new WeakSet<Certificate>();

const issuedNotice = (c: Certificate) => ({ course: c.course_title, code: c.code });

/**
 * E-mails the learner about a certificate issueIfEligible has just issued (nothing for one that
 * already existed). Call it after the transaction that issued it has committed.
 */
export async function mailIssued(db: DB, certificate: Certificate | null): Promise<void> {
	if (!certificate || !fresh.has(certificate) || certificate.user_id === null) return;
	fresh.delete(certificate);
	await mailNotice(
		db,
		certificate.user_id,
		'course-certificate-issued',
		issuedNotice(certificate),
		`/verify/${certificate.code}`,
		certificate.locale
	);
}

export function getByCode(db: DB, code: string) {
	return db.selectFrom('certificates').selectAll().where('code', '=', code).executeTakeFirst();
}

/**
 * The learner's certificate for a course when it was issued at `since` or later (the step just
 * submitted earned it) and still stands; null otherwise.
 */
export async function earnedSince(
	db: DB,
	userId: number,
	courseId: number,
	since: number
): Promise<{ code: string } | null> {
	const row = await db
		.selectFrom('certificates')
		.select('code')
		.where('user_id', '=', userId)
		.where('course_id', '=', courseId)
		.where('kind', '=', 'learner')
		.where('issued_at', '>=', since)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return row ?? null;
}

/** A learner's certificates, newest first. */
export function listForUser(db: DB, userId: number) {
	return db
		.selectFrom('certificates')
		.select(['id', 'code', 'course_id', 'course_title', 'issued_at', 'revoked_at'])
		.where('user_id', '=', userId)
		.where('kind', '=', 'learner')
		.orderBy('issued_at', 'desc')
		.execute();
}

export type RevokeResult = { ok: true } | { ok: false; reason: 'not_found' | 'already_revoked' | 'reason_required' };

/** Revokes a certificate with a reason; the verify page says so at once. */
export async function revoke(
	db: DB,
	code: string,
	reasonInput: unknown,
	byUserId: number,
	now = Date.now()
): Promise<RevokeResult> {
	const reason = cleanText(reasonInput).slice(0, 500);
	if (!reason) return { ok: false, reason: 'reason_required' };
	const cert = await getByCode(db, code);
	if (!cert) return { ok: false, reason: 'not_found' };
	if (cert.revoked_at !== null) return { ok: false, reason: 'already_revoked' };
	const r = await db
		.updateTable('certificates')
		.set({ revoked_at: now, revoked_reason: reason, revoked_by: byUserId })
		.where('id', '=', cert.id)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) > 0 ? { ok: true } : { ok: false, reason: 'already_revoked' };
}

export type UnrevokeResult =
	{ ok: true } | { ok: false; reason: 'not_found' | 'not_revoked' | 'reason_required' | 'too_long' | 'holder_deleted' };

/** The longest reason kept in the audit log for revoking or restoring a certificate. */
export const REASON_MAX = 300;

/**
 * Restores a certificate revoked by mistake. Never one whose holder deleted their account: deleting
 * revokes them all for good (people/privacy.ts), and the signed credential the holder may have kept
 * must stay revoked in the status list. Checked in the same statement that restores it.
 */
export async function unrevoke(db: DB, code: string, reasonInput: unknown): Promise<UnrevokeResult> {
	const reason = cleanText(reasonInput).trim();
	if (!reason) return { ok: false, reason: 'reason_required' };
	if ([...reason].length > REASON_MAX) return { ok: false, reason: 'too_long' };
	const cert = await getByCode(db, code);
	if (!cert) return { ok: false, reason: 'not_found' };
	if (cert.revoked_at === null) return { ok: false, reason: 'not_revoked' };
	const deletedHolder = (eb: ExpressionBuilder<Database, 'certificates'>) =>
		eb.exists(
			eb
				.selectFrom('users')
				.select('users.id')
				.whereRef('users.id', '=', 'certificates.user_id')
				.where('users.password_hash', '=', DELETED_ACCOUNT_HASH)
		);
	const r = await db
		.updateTable('certificates')
		.set({ revoked_at: null, revoked_reason: null, revoked_by: null })
		.where('id', '=', cert.id)
		.where('revoked_at', 'is not', null)
		.where((eb) => eb.not(deletedHolder(eb)))
		.executeTakeFirst();
	if (Number(r.numUpdatedRows) > 0) return { ok: true };
	const holder = await db.selectFrom('users').select('password_hash').where('id', '=', cert.user_id).executeTakeFirst();
	return { ok: false, reason: holder?.password_hash === DELETED_ACCOUNT_HASH ? 'holder_deleted' : 'not_revoked' };
}

/** Recent certificates for coordinators, optionally filtered by code or name. */
export async function search(db: DB, query: string, limit = 50) {
	const q = cleanText(query).slice(0, 100);
	let base = db
		.selectFrom('certificates')
		.select([
			'id',
			'code',
			'kind',
			'recipient_name',
			'organisation_name',
			'course_title',
			'hours',
			'issued_at',
			'revoked_at',
			'revoked_reason'
		]);
	if (q) {
		const code = normaliseCode(q);
		// The name is matched on its folded copy (store.ts), with the query folded alike: case, accents
		// and script are ignored the same way on SQLite and PostgreSQL (whose LIKE tells case apart).
		const like = `%${fold(q).replace(/[\\%_]/g, (c) => '\\' + c)}%`;
		base = base.where((eb) =>
			eb.or([eb('code', '=', code ?? q.toUpperCase()), sql<boolean>`search_text like ${like} escape '\\'`])
		);
	}
	return base.orderBy('issued_at', 'desc').limit(limit).execute();
}
