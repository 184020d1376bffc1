// Certificates: issued to a learner when the course's certificate rule is met, and to an
// organisation when a coordinator approves it; verifiable by anyone at /verify/<code>; revocable with
// a reason. Each carries a signed Open Badges 3.0 credential made at issue time.
import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import type { DB } from '../../db/client';
import type { Certificate } from '../../../../../db/schema';
import type { CourseInfo } from '../../catalogue/courses';
import type { CourseState } from '../progress';
import { buildCredential, loadIssuerKey, signCredential } from './credential';
import { config } from '../../platform/config';
import { cleanText } from '../../platform/form-text';

// No 0/O, 1/I/L: a code read aloud or typed from paper cannot be mistaken.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A 12-character code in three groups (about 59 bits of randomness), e.g. 7KQ4-M2XP-9HTW. */
export function generateCode(): string {
	let s = '';
	for (let i = 0; i < 12; i++) s += ALPHABET[randomInt(ALPHABET.length)];
	return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/** Reads a code as typed (any case, spaces or no dashes); null when it cannot be one of ours. */
export function normaliseCode(input: string): string | null {
	const plain = input.toUpperCase().replace(/[\s-]/g, '');
	if (plain.length !== 12 || [...plain].some((c) => !ALPHABET.includes(c))) return null;
	return `${plain.slice(0, 4)}-${plain.slice(4, 8)}-${plain.slice(8)}`;
}

/** Whether a learner's state meets the course's certificate rule (all modules, or the listed ones). */
export function meetsCertificateRule(course: CourseInfo, state: CourseState): boolean {
	if (!state.enrolled || state.modules.length === 0) return false;
	const required =
		course.certificateModules === 'all'
			? state.modules
			: state.modules.filter((s) => (course.certificateModules as string[]).includes(s.module.slug));
	return required.length > 0 && required.every((s) => s.complete);
}

type NewCertificate = Omit<
	Certificate,
	'id' | 'code' | 'note' | 'revoked_at' | 'revoked_reason' | 'revoked_by' | 'credential'
> & { note?: string };

/**
 * Inserts the certificate and signs its credential in one transaction: the credential names the
 * row's id as its place in the revocation list, so it is signed once the id exists, and nobody sees
 * the row before it has its credential.
 */
async function insertWithUniqueCode(
	db: DB,
	values: NewCertificate,
	credentialFor: (code: string, statusIndex: number) => Promise<string>
): Promise<Certificate | null> {
	for (let attempt = 0; attempt < 5; attempt++) {
		const code = generateCode();
		try {
			const row = await db.transaction().execute(async (tx) => {
				const inserted = await tx
					.insertInto('certificates')
					.values({
						...values,
						code,
						credential: '',
						note: values.note ?? '',
						revoked_at: null,
						revoked_reason: null,
						revoked_by: null
					})
					.onConflict((oc) => oc.doNothing())
					.returningAll()
					.executeTakeFirst();
				if (!inserted) return undefined;
				const credential = await credentialFor(code, inserted.id);
				await tx.updateTable('certificates').set({ credential }).where('id', '=', inserted.id).execute();
				return { ...inserted, credential };
			});
			if (row) return row;
			// Nothing inserted: either this recipient already has one, or the code was taken.
			const existing = await db.selectFrom('certificates').select('id').where('code', '=', code).executeTakeFirst();
			if (!existing) return null;
		} catch (e) {
			if (!String(e).includes('UNIQUE')) throw e;
		}
	}
	throw new Error('could not find a free certificate code');
}

export interface IssueContext {
	origin?: string;
	issuerName?: string;
	keyPath?: string;
	now?: number;
}

/**
 * Issues the learner's certificate for a course when the rule is met and they have none yet.
 * Returns the certificate (new or existing) or null when not eligible. Safe to call after every step.
 */
export async function issueIfEligible(
	db: DB,
	user: { id: number; name: string; email: string; organisationId: number | null },
	course: CourseInfo,
	state: CourseState,
	locale: string,
	ctx: IssueContext = {}
): Promise<Certificate | null> {
	const existing = await db
		.selectFrom('certificates')
		.selectAll()
		.where('user_id', '=', user.id)
		.where('course_id', '=', course.id)
		.where('kind', '=', 'learner')
		.executeTakeFirst();
	if (existing) return existing;
	if (!meetsCertificateRule(course, state)) return null;
	// The organisation printed is the one the learner is a confirmed member of, read here rather than
	// taken from the caller: a membership only requested at sign-up is not printed.
	const organisation = await db
		.selectFrom('users')
		.innerJoin('organisations', 'organisations.id', 'users.organisation_id')
		.select('organisations.name')
		.where('users.id', '=', user.id)
		.executeTakeFirst();
	const origin = ctx.origin ?? config.origin;
	const issuerName = ctx.issuerName ?? config.issuerName;
	const issuedAt = ctx.now ?? Date.now();
	const key = await loadIssuerKey(ctx.keyPath ?? config.issuerKeyPath);
	const inserted = await insertWithUniqueCode(
		db,
		{
			kind: 'learner',
			course_id: course.id,
			user_id: user.id,
			organisation_id: null,
			recipient_name: user.name,
			organisation_name: organisation?.name ?? null,
			course_title: course.title,
			locale,
			issuer_name: issuerName,
			issued_at: issuedAt
		},
		(code, statusIndex) =>
			signCredential(
				buildCredential({
					origin,
					code,
					statusIndex,
					issuerName,
					recipientName: user.name,
					email: user.email,
					organisationName: organisation?.name ?? null,
					kind: 'learner',
					courseSlug: course.slug,
					courseTitle: course.title,
					courseSummary: course.summary,
					locale,
					criteria: 'Completed every lesson and passed every module quiz that the course requires.',
					issuedAt: new Date(issuedAt)
				}),
				key
			)
	);
	// A concurrent request may have issued it first: return that one.
	return (
		inserted ??
		(await db
			.selectFrom('certificates')
			.selectAll()
			.where('user_id', '=', user.id)
			.where('course_id', '=', course.id)
			.executeTakeFirst()) ??
		null
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
			'issued_at',
			'revoked_at',
			'revoked_reason'
		]);
	if (q) {
		const code = normaliseCode(q);
		const like = `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
		base = base.where((eb) =>
			eb.or([eb('code', '=', code ?? q.toUpperCase()), sql<boolean>`recipient_name like ${like} escape '\\'`])
		);
	}
	return base.orderBy('issued_at', 'desc').limit(limit).execute();
}

export interface EligibleOrganisation {
	organisationId: number;
	name: string;
	slug: string;
	municipality: string;
	certifiedMembers: number;
	decision: 'approved' | 'declined' | null;
	decisionNote: string | null;
	certificateCode: string | null;
}

/**
 * Organisations with at least the course's number of certified members (valid learner certificates
 * held by current members), with the latest decision and any organisation certificate.
 */
export async function eligibleOrganisations(db: DB, course: CourseInfo): Promise<EligibleOrganisation[]> {
	const counts = await db
		.selectFrom('certificates')
		.innerJoin('users', 'users.id', 'certificates.user_id')
		.innerJoin('organisations', 'organisations.id', 'users.organisation_id')
		.select((eb) => [
			'organisations.id',
			'organisations.name',
			'organisations.slug',
			'organisations.municipality',
			eb.fn.countAll<number>().as('n')
		])
		.where('certificates.kind', '=', 'learner')
		.where('certificates.course_id', '=', course.id)
		.where('certificates.revoked_at', 'is', null)
		.groupBy(['organisations.id', 'organisations.name', 'organisations.slug', 'organisations.municipality'])
		.having((eb) => eb.fn.countAll(), '>=', course.orgMinCertified)
		.orderBy('organisations.name')
		.execute();
	if (counts.length === 0) return [];
	const ids = counts.map((c) => c.id);
	const [decisions, certs] = await Promise.all([
		db
			.selectFrom('organisation_decisions')
			.select(['organisation_id', 'decision', 'note', 'decided_at', 'id'])
			.where('course_id', '=', course.id)
			.where('organisation_id', 'in', ids)
			.orderBy('decided_at')
			.orderBy('id')
			.execute(),
		db
			.selectFrom('certificates')
			.select(['organisation_id', 'code'])
			.where('kind', '=', 'organisation')
			.where('course_id', '=', course.id)
			.where('organisation_id', 'in', ids)
			.execute()
	]);
	const latest = new Map(decisions.map((d) => [d.organisation_id, d]));
	const certOf = new Map(certs.map((c) => [c.organisation_id, c.code]));
	return counts.map((c) => ({
		organisationId: c.id,
		name: c.name,
		slug: c.slug,
		municipality: c.municipality,
		certifiedMembers: Number(c.n),
		decision: latest.get(c.id)?.decision ?? null,
		decisionNote: latest.get(c.id)?.note ?? null,
		certificateCode: certOf.get(c.id) ?? null
	}));
}

export type DecisionResult =
	| { ok: true; certificate: Certificate | null }
	| { ok: false; reason: 'not_eligible' | 'already_certified' | 'note_required' };

/** A coordinator approves (issuing the organisation certificate) or declines an eligible organisation. */
export async function decideOrganisation(
	db: DB,
	input: {
		organisationId: number;
		course: CourseInfo;
		decision: 'approved' | 'declined';
		note: unknown;
		byUserId: number;
		locale: string;
	},
	ctx: IssueContext = {}
): Promise<DecisionResult> {
	const note = cleanText(input.note).slice(0, 1000);
	if (input.decision === 'declined' && !note) return { ok: false, reason: 'note_required' };
	const eligible = (await eligibleOrganisations(db, input.course)).find(
		(o) => o.organisationId === input.organisationId
	);
	if (!eligible) return { ok: false, reason: 'not_eligible' };
	if (eligible.certificateCode) return { ok: false, reason: 'already_certified' };
	const now = ctx.now ?? Date.now();
	await db
		.insertInto('organisation_decisions')
		.values({
			organisation_id: input.organisationId,
			course_id: input.course.id,
			decision: input.decision,
			note,
			decided_by: input.byUserId,
			decided_at: now
		})
		.execute();
	if (input.decision === 'declined') return { ok: true, certificate: null };
	const origin = ctx.origin ?? config.origin;
	const issuerName = ctx.issuerName ?? config.issuerName;
	const key = await loadIssuerKey(ctx.keyPath ?? config.issuerKeyPath);
	const certificate = await insertWithUniqueCode(
		db,
		{
			kind: 'organisation',
			course_id: input.course.id,
			user_id: null,
			organisation_id: input.organisationId,
			recipient_name: eligible.name,
			organisation_name: eligible.municipality || null,
			course_title: input.course.title,
			locale: input.locale,
			issuer_name: issuerName,
			issued_at: now,
			note
		},
		(code, statusIndex) =>
			signCredential(
				buildCredential({
					origin,
					code,
					statusIndex,
					subjectId: `${origin}/organisations/${eligible.slug}`,
					issuerName,
					recipientName: eligible.name,
					email: null,
					organisationName: null,
					kind: 'organisation',
					courseSlug: input.course.slug,
					courseTitle: input.course.title,
					courseSummary: input.course.summary,
					locale: input.locale,
					criteria: `At least ${input.course.orgMinCertified} members completed the course, and a programme coordinator approved the organisation.`,
					issuedAt: new Date(now)
				}),
				key
			)
	);
	if (!certificate) return { ok: false, reason: 'already_certified' };
	return { ok: true, certificate };
}

/** Valid organisation certificates per organisation (for the public directory). */
export async function organisationBadges(db: DB, organisationIds?: number[]) {
	let q = db
		.selectFrom('certificates')
		.select(['organisation_id', 'code', 'course_title', 'issued_at'])
		.where('kind', '=', 'organisation')
		.where('revoked_at', 'is', null);
	if (organisationIds) q = q.where('organisation_id', 'in', organisationIds.length ? organisationIds : [-1]);
	const rows = await q.orderBy('issued_at').execute();
	const map = new Map<number, { code: string; courseTitle: string; issuedAt: number }[]>();
	for (const r of rows) {
		if (r.organisation_id === null) continue;
		const list = map.get(r.organisation_id) ?? [];
		list.push({ code: r.code, courseTitle: r.course_title, issuedAt: r.issued_at });
		map.set(r.organisation_id, list);
	}
	return map;
}
