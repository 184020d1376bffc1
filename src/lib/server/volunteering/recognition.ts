// Volunteer recognition: confirmed hours add up, and at HOUR_THRESHOLDS a volunteer certificate is
// issued. Called after every write that confirms hours (volunteering/hours.ts), and as a catch-up
// when the volunteer opens their certificates page, which also repairs an issuance that failed.
// The certificate is an ordinary row of `certificates` (kind 'volunteer', no course), stored and
// signed by the same code as course certificates, so the verify page, the PDF, the Open Badges
// credential and the revocation list treat it like any other.
import type { DB } from '../db/client';
import type { Certificate } from '../../../../db/schema';
import { HOUR_THRESHOLDS } from '$lib/volunteering/options';
import { m } from '$lib/paraglide/messages';
import { isLocale, type Locale } from '$lib/paraglide/runtime';
import { joinNames, organisationsOf } from '../learning/certificates/volunteer';
import { storeCertificate, type IssueContext } from '../learning/certificates/store';
import * as notices from '../people/notices';

export { joinNames, organisationsOf };

/** At most this many organisations are named on one certificate (the ones with the most hours). */
export const MAX_ORGANISATIONS = 20;

/**
 * Confirmed minutes of a volunteer per organisation, most first (ties by name). Logged and rejected
 * hours do not count. The one definition: volunteering/hours.ts re-exports it.
 */
export async function confirmedByOrganisation(
	db: DB,
	userId: number
): Promise<{ organisationId: number; name: string; minutes: number }[]> {
	const rows = await db
		.selectFrom('volunteer_hours')
		.innerJoin('organisations', 'organisations.id', 'volunteer_hours.organisation_id')
		.select([
			'organisations.id',
			'organisations.name',
			(eb) => eb.fn.sum<number>('volunteer_hours.minutes').as('minutes')
		])
		.where('volunteer_hours.user_id', '=', userId)
		.where('volunteer_hours.status', '=', 'confirmed')
		.groupBy(['organisations.id', 'organisations.name'])
		.execute();
	return rows
		.map((r) => ({ organisationId: r.id, name: r.name, minutes: Number(r.minutes) }))
		.sort((a, b) => b.minutes - a.minutes || a.name.localeCompare(b.name));
}

/** The total of a user's confirmed volunteer minutes, in all organisations. */
export async function confirmedMinutes(db: DB, userId: number): Promise<number> {
	const row = await db
		.selectFrom('volunteer_hours')
		.select((eb) => eb.fn.sum<number | null>('minutes').as('total'))
		.where('user_id', '=', userId)
		.where('status', '=', 'confirmed')
		.executeTakeFirst();
	return Number(row?.total ?? 0);
}

/**
 * The language of a certificate issued without a request from its holder (an organisation confirmed
 * the hours): the language the person last took a quiz or handed in work in, else English. Course
 * certificates use the language of the request that earned them; a volunteer's own visit does too.
 */
async function likelyLocale(db: DB, userId: number): Promise<Locale> {
	const [attempt, submission] = await Promise.all([
		db
			.selectFrom('quiz_attempts')
			.select(['locale', 'submitted_at as at'])
			.where('user_id', '=', userId)
			.orderBy('submitted_at', 'desc')
			.limit(1)
			.executeTakeFirst(),
		db
			.selectFrom('submissions')
			.select(['locale', 'submitted_at as at'])
			.where('user_id', '=', userId)
			.orderBy('submitted_at', 'desc')
			.limit(1)
			.executeTakeFirst()
	]);
	const latest = [attempt, submission].filter((r) => r !== undefined).sort((a, b) => b.at - a.at)[0];
	return latest && isLocale(latest.locale) ? latest.locale : 'en';
}

export interface RecognitionOptions {
	/** The holder's language when they are the one asking (their own page); else guessed. */
	locale?: string;
	ctx?: IssueContext;
}

/**
 * Issues the volunteer certificates a user's confirmed hours have earned and not yet received, each
 * with a notice to its holder; returns the new ones. Safe to call any number of times, and at once:
 * it runs in one transaction (the caller's, when `db` is one), and the unique index on
 * (user_id, hours) for volunteer certificates lets only one of two racing calls insert a threshold.
 */
export async function onHoursConfirmed(db: DB, userId: number, opts: RecognitionOptions = {}): Promise<Certificate[]> {
	const run = async (tx: DB): Promise<Certificate[]> => {
		const byOrganisation = await confirmedByOrganisation(tx, userId);
		const minutes = byOrganisation.reduce((sum, r) => sum + r.minutes, 0);
		const reached = HOUR_THRESHOLDS.filter((h) => minutes >= h * 60);
		if (reached.length === 0) return [];
		const held = await tx
			.selectFrom('certificates')
			.select('hours')
			.where('user_id', '=', userId)
			.where('kind', '=', 'volunteer')
			.execute();
		const missing = reached.filter((h) => !held.some((c) => c.hours === h));
		if (missing.length === 0) return [];
		// A deleted (anonymised) or deactivated account earns nothing new.
		const user = await tx
			.selectFrom('users')
			.select(['id', 'name', 'email'])
			.where('id', '=', userId)
			.where('active', '=', 1)
			.executeTakeFirst();
		if (!user) return [];
		const locale: Locale = isLocale(opts.locale) ? opts.locale : await likelyLocale(tx, userId);
		const organisations = byOrganisation.slice(0, MAX_ORGANISATIONS).map((r) => r.name);
		const names = joinNames(organisations, locale);
		const issued: Certificate[] = [];
		for (const hours of missing) {
			const title = m.vcert_name({ hours }, { locale });
			const cert = await storeCertificate(
				tx,
				{
					kind: 'volunteer',
					course_id: null,
					user_id: user.id,
					organisation_id: null,
					recipient_name: user.name,
					organisation_name: null,
					course_title: title,
					locale,
					hours,
					organisations: JSON.stringify(organisations)
				},
				{
					recipientName: user.name,
					email: user.email,
					organisationName: null,
					kind: 'volunteer',
					courseSlug: `volunteering-${hours}h`,
					courseTitle: title,
					courseSummary: m.vcert_description({ hours }, { locale }),
					locale,
					criteria: m.vcert_criteria({ hours, organisations: names }, { locale }),
					volunteering: { hours, organisations }
				},
				opts.ctx
			);
			// Null: a concurrent call issued this threshold first, and notified the holder.
			if (!cert) continue;
			await notices.notify(
				tx,
				user.id,
				'certificate-issued',
				{ hours, code: cert.code },
				`/verify/${cert.code}`,
				cert.issued_at
			);
			issued.push(cert);
		}
		return issued;
	};
	return db.isTransaction ? run(db) : db.transaction().execute(run);
}

export interface VolunteerCertificateItem {
	code: string;
	hours: number;
	organisations: string[];
	issuedAt: number;
	revokedAt: number | null;
}

/** A volunteer's certificates, highest threshold first. */
export async function listForVolunteer(db: DB, userId: number): Promise<VolunteerCertificateItem[]> {
	const rows = await db
		.selectFrom('certificates')
		.select(['code', 'hours', 'organisations', 'issued_at', 'revoked_at'])
		.where('user_id', '=', userId)
		.where('kind', '=', 'volunteer')
		.orderBy('hours', 'desc')
		.execute();
	return rows.map((r) => ({
		code: r.code,
		hours: r.hours ?? 0,
		organisations: organisationsOf(r),
		issuedAt: r.issued_at,
		revokedAt: r.revoked_at
	}));
}

/** Confirmed hours so far and the next threshold to reach (null once every one is reached). */
export async function progress(db: DB, userId: number): Promise<{ minutes: number; next: number | null }> {
	const minutes = await confirmedMinutes(db, userId);
	return { minutes, next: HOUR_THRESHOLDS.find((h) => minutes < h * 60) ?? null };
}
