// What the portal shows of other areas, read-only: open volunteer calls (written by the calls pages)
// and newly certified organisations (issued by the certificates code). Kept here so that the home
// page, the organisation profile and the feed ask the same questions the same way.
import type { DB } from '../db/client';
import { nextStart, openCallsWithShiftAhead } from '../volunteering/call-queries';

export interface OpenCall {
	id: number;
	title: string;
	municipality: string;
	created_at: number;
	/** When the call went public: its approval by a coordinator, else (opened at once) its creation. */
	published_at: number;
	organisation_name: string;
	organisation_slug: string;
	/** The next shift's start. */
	next_start: number;
}

/**
 * Calls that are open (approved by a coordinator) and still have a shift ahead, the most recently
 * published first; "open with a shift ahead" is defined once, in call-queries. Only what a visitor
 * may see: no applicants, no contact details.
 */
export async function openCalls(
	db: DB,
	options: { organisationId?: number; limit: number },
	now = Date.now()
): Promise<OpenCall[]> {
	let q = openCallsWithShiftAhead(db, now).select((eb) => [
		'c.id',
		'c.title',
		'c.municipality',
		'c.created_at',
		eb.fn.coalesce('c.reviewed_at', 'c.created_at').as('published_at'),
		'o.name as organisation_name',
		'o.slug as organisation_slug',
		nextStart(eb, now)
	]);
	if (options.organisationId !== undefined) q = q.where('c.organisation_id', '=', options.organisationId);
	const rows = await q
		.orderBy('published_at', 'desc')
		.orderBy('c.id', 'desc')
		.limit(Math.min(options.limit, 100))
		.execute();
	return rows.map((r) => ({ ...r, published_at: Number(r.published_at), next_start: Number(r.next_start) }));
}

export interface CertifiedOrganisation {
	name: string;
	slug: string;
	course_title: string;
	issued_at: number;
	code: string;
}

/** The latest valid organisation certificates, with their organisations. */
export function newlyCertified(db: DB, limit: number): Promise<CertifiedOrganisation[]> {
	return db
		.selectFrom('certificates')
		.innerJoin('organisations', 'organisations.id', 'certificates.organisation_id')
		.select([
			'organisations.name',
			'organisations.slug',
			'certificates.course_title',
			'certificates.issued_at',
			'certificates.code'
		])
		.where('certificates.kind', '=', 'organisation')
		.where('certificates.revoked_at', 'is', null)
		.orderBy('certificates.issued_at', 'desc')
		.orderBy('certificates.id', 'desc')
		.limit(limit)
		.execute();
}
