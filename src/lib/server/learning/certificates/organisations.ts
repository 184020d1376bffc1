// Organisation certificates: an organisation with enough certified members is listed for the
// coordinators, who approve it (issuing its certificate) or decline it with a note. When the course
// names an organisation assignment (course.md `certificate: organisation_assignment`), the
// organisation's own thread of it must also end in an accepted version.
import type { DB } from '../../db/client';
import type { Certificate } from '../../../../../db/schema';
import type { CourseInfo } from '../../catalogue/courses';
import { config } from '../../platform/config';
import { cleanText } from '../../platform/form-text';
import { storeCertificate, type IssueContext } from './store';
import { organisationsAccepted } from '../../assignments/threads';

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
 * held by current members) and, when the course requires one, their organisation assignment
 * accepted; with the latest decision and any organisation certificate.
 */
export async function eligibleOrganisations(db: DB, course: CourseInfo): Promise<EligibleOrganisation[]> {
	// A tutorial without certificates (getting started) does not count towards an organisation's.
	if (!course.issuesCertificate) return [];
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
	const required = await requiredAssignment(db, course);
	const accepted =
		required === null
			? null
			: await organisationsAccepted(
					db,
					required,
					counts.map((c) => c.id)
				);
	const ready = accepted === null ? counts : counts.filter((c) => accepted.has(c.id));
	if (ready.length === 0) return [];
	const ids = ready.map((c) => c.id);
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
	return ready.map((c) => ({
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

/**
 * The assignment organisation certification requires, or null. When the named module's assignment
 * is gone (archived), the rule still stands and nothing meets it (-1 matches no thread), rather than
 * certifying organisations without the work the course asks for.
 */
async function requiredAssignment(db: DB, course: CourseInfo): Promise<number | null> {
	if (!course.orgAssignmentModule) return null;
	const row = await db
		.selectFrom('assignments')
		.innerJoin('modules', 'modules.id', 'assignments.module_id')
		.select('assignments.id')
		.where('modules.course_id', '=', course.id)
		.where('modules.slug', '=', course.orgAssignmentModule)
		.where('assignments.archived', '=', 0)
		.where('assignments.scope', '=', 'organisation')
		.executeTakeFirst();
	return row?.id ?? -1;
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
	const certificate = await storeCertificate(
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
			note
		},
		{
			subjectId: `${ctx.origin ?? config.origin}/organisations/${eligible.slug}`,
			recipientName: eligible.name,
			email: null,
			organisationName: null,
			kind: 'organisation',
			courseSlug: input.course.slug,
			courseTitle: input.course.title,
			courseSummary: input.course.summary,
			locale: input.locale,
			criteria: `At least ${input.course.orgMinCertified} members completed the course${input.course.orgAssignmentModule ? ", a trainer accepted the organisation's own assignment" : ''}, and a programme coordinator approved the organisation.`
		},
		{ ...ctx, now }
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
