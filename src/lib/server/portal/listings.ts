// What the portal shows of other areas, read-only: open volunteer calls (written by the calls pages)
// and newly certified organisations (issued by the certificates code). Kept here so that the home
// page, the organisation profile and the feed ask the same questions the same way.
import type { DB } from '../db/client';

export interface OpenCall {
	id: number;
	title: string;
	municipality: string;
	created_at: number;
	organisation_name: string;
	organisation_slug: string;
	/** The next shift's start. */
	next_start: number;
}

/**
 * Calls that are open (approved by a coordinator) and still have a shift ahead, newest first.
 * Only what a visitor may see: no applicants, no contact details.
 */
export async function openCalls(
	db: DB,
	options: { organisationId?: number; limit: number },
	now = Date.now()
): Promise<OpenCall[]> {
	let q = db
		.selectFrom('volunteer_calls')
		.innerJoin('organisations', 'organisations.id', 'volunteer_calls.organisation_id')
		.innerJoin('volunteer_shifts', 'volunteer_shifts.call_id', 'volunteer_calls.id')
		.select((eb) => [
			'volunteer_calls.id',
			'volunteer_calls.title',
			'volunteer_calls.municipality',
			'volunteer_calls.created_at',
			'organisations.name as organisation_name',
			'organisations.slug as organisation_slug',
			eb.fn.min<number>('volunteer_shifts.starts_at').as('next_start')
		])
		.where('volunteer_calls.status', '=', 'open')
		.where('volunteer_shifts.starts_at', '>', now);
	if (options.organisationId !== undefined) q = q.where('volunteer_calls.organisation_id', '=', options.organisationId);
	const rows = await q
		.groupBy([
			'volunteer_calls.id',
			'volunteer_calls.title',
			'volunteer_calls.municipality',
			'volunteer_calls.created_at',
			'organisations.name',
			'organisations.slug'
		])
		.orderBy('volunteer_calls.created_at', 'desc')
		.orderBy('volunteer_calls.id', 'desc')
		.limit(Math.min(options.limit, 100))
		.execute();
	return rows.map((r) => ({ ...r, next_start: Number(r.next_start) }));
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
