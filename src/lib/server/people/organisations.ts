// Participating civil-society organisations and their public profile fields.
import type { DB } from '../db/client';
import type { Organisation } from '../../../../db/schema';
import { sql } from 'kysely';
import * as v from 'valibot';
import { cleanText, isHttpUrl, slugify } from '../platform/form-text';
import { fieldErrors, formStrings, maxChars } from '../platform/form-schema';
import { fold } from '../../i18n/script';
import * as audit from './audit';

export const LIMITS = { name: 150, municipality: 100, description: 5000, links: 10 } as const;

export type OrganisationField = 'name' | 'municipality' | 'description' | 'website' | 'social_links';
export type OrganisationErrors = Partial<Record<OrganisationField, string>>;

export interface OrganisationInput {
	name: string;
	municipality: string;
	description: string;
	website: string;
	socialLinks: string[];
}

const FORM_FIELDS = ['name', 'municipality', 'description', 'website', 'social_links'] as const;

/** One link a line; blank lines and the spaces around a link do not count. */
const linesOf = (text: string) =>
	text
		.split('\n')
		.map((l) => l.trim())
		.filter(Boolean);

const organisationSchema = v.object({
	name: v.pipe(v.string(), v.nonEmpty('org_name_required'), maxChars(LIMITS.name)),
	municipality: v.pipe(v.string(), maxChars(LIMITS.municipality)),
	description: v.pipe(v.string(), maxChars(LIMITS.description)),
	website: v.pipe(
		v.string(),
		v.check((url) => !url || isHttpUrl(url), 'url_invalid')
	),
	social_links: v.pipe(
		v.string(),
		v.check((text) => {
			const links = linesOf(text);
			return links.length <= LIMITS.links && links.every(isHttpUrl);
		}, 'links_invalid')
	)
});

/** Reads and checks the profile fields of a form. Error values are message codes. */
export function parseOrganisationForm(form: FormData): {
	input: OrganisationInput;
	values: Record<OrganisationField, string>;
	errors: OrganisationErrors;
} {
	const values = formStrings(form, FORM_FIELDS);
	const { social_links, ...texts } = values;
	return {
		input: { ...texts, socialLinks: linesOf(social_links) },
		values,
		errors: fieldErrors(organisationSchema, values)
	};
}

export function listOrganisations(db: DB): Promise<Organisation[]> {
	return db.selectFrom('organisations').selectAll().orderBy('name').execute();
}

/** Id and name of every organisation, for the sign-up and admin selects. */
export function organisationChoices(db: DB): Promise<{ id: number; name: string }[]> {
	return db.selectFrom('organisations').select(['id', 'name']).orderBy('name').execute();
}

export function getOrganisation(db: DB, id: number): Promise<Organisation | undefined> {
	return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

async function uniqueSlug(db: DB, name: string, exceptId?: number): Promise<string> {
	const base = slugify(name);
	for (let i = 1; ; i++) {
		const slug = i === 1 ? base : `${base}-${i}`;
		let q = db.selectFrom('organisations').select('id').where('slug', '=', slug);
		if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
		if (!(await q.executeTakeFirst())) return slug;
	}
}

/**
 * Whether another organisation already has this name, compared as the roster import matches names:
 * case, script (Latin/Cyrillic Serbian) and diacritics folded, so "Zvečan", "ЗВЕЧАН" and "zvecan"
 * are one name. A class list naming an organisation must find exactly one.
 */
export async function nameTaken(db: DB, name: string, exceptId?: number): Promise<boolean> {
	const key = fold(name);
	let q = db.selectFrom('organisations').select(['id', 'name']);
	if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
	return (await q.execute()).some((o) => fold(o.name) === key);
}

export type SaveOrganisationResult<T> = ({ ok: true } & T) | { ok: false; errors: OrganisationErrors };

/** The columns a profile form writes, with the folded text the directory searches. */
function profileColumns(input: OrganisationInput) {
	return {
		name: input.name,
		municipality: input.municipality,
		description: input.description,
		website: input.website,
		social_links: input.socialLinks.join('\n'),
		search_text: fold(`${input.name} ${input.municipality}`)
	};
}

/** Creates an organisation; `byUserId` (null for demo data) goes to the audit log. */
export async function createOrganisation(
	db: DB,
	input: OrganisationInput,
	byUserId: number | null = null
): Promise<SaveOrganisationResult<{ organisation: Organisation }>> {
	const now = Date.now();
	return db.transaction().execute(async (tx) => {
		if (await nameTaken(tx, input.name)) return { ok: false as const, errors: { name: 'org_name_taken' } };
		const organisation = await tx
			.insertInto('organisations')
			.values({
				slug: await uniqueSlug(tx, input.name),
				...profileColumns(input),
				created_at: now,
				updated_at: now
			})
			.returningAll()
			.executeTakeFirstOrThrow();
		if (byUserId !== null) await audit.record(tx, byUserId, 'organisation_created', input.name, '', now);
		return { ok: true as const, organisation };
	});
}

const FIELDS: [keyof Organisation, (i: OrganisationInput) => string][] = [
	['name', (i) => i.name],
	['municipality', (i) => i.municipality],
	['description', (i) => i.description],
	['website', (i) => i.website],
	['social_links', (i) => i.socialLinks.join('\n')]
];

/**
 * Saves an organisation's public profile. Every change goes to the audit log with who made it and
 * which fields changed (old and new name, since the name is printed on certificates).
 */
export async function updateOrganisation(
	db: DB,
	id: number,
	input: OrganisationInput,
	byUserId: number
): Promise<SaveOrganisationResult<object> | { ok: false; reason: 'not_found' }> {
	const now = Date.now();
	return db.transaction().execute(async (tx) => {
		const before = await tx.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
		if (!before) return { ok: false as const, reason: 'not_found' as const };
		if (await nameTaken(tx, input.name, id)) return { ok: false as const, errors: { name: 'org_name_taken' } };
		const changed = FIELDS.filter(([column, value]) => before[column] !== value(input)).map(([column]) => column);
		if (changed.length === 0) return { ok: true as const };
		await tx
			.updateTable('organisations')
			.set({
				...profileColumns(input),
				updated_at: now
			})
			.where('id', '=', id)
			.execute();
		const detail = changed.map((c) => (c === 'name' ? `name: ${before.name} → ${input.name}` : c)).join('; ');
		await audit.record(tx, byUserId, 'organisation_changed', input.name, detail, now);
		return { ok: true as const };
	});
}

/** Members of an organisation, by name. */
export function listMembers(db: DB, organisationId: number) {
	return db
		.selectFrom('users')
		.select(['id', 'name', 'role', 'active'])
		.where('organisation_id', '=', organisationId)
		.orderBy('name')
		.execute();
}

export function getOrganisationBySlug(db: DB, slug: string): Promise<Organisation | undefined> {
	return db.selectFrom('organisations').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** The public directory: organisations matching a search on name or municipality (any script). */
export function searchDirectory(db: DB, query: string): Promise<Organisation[]> {
	const q = fold(cleanText(query)).slice(0, 100);
	let base = db.selectFrom('organisations').selectAll();
	if (q) {
		const like = `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
		base = base.where(sql<boolean>`search_text like ${like} escape '\\'`);
	}
	return base.orderBy('name').limit(500).execute();
}

/**
 * Who may edit an organisation's public profile: coordinators, admins and its confirmed members
 * (`organisationId` is confirmed membership only; a request made at sign-up grants nothing).
 */
export function canEditProfile(
	user: { role: string; organisationId: number | null } | null,
	organisationId: number
): boolean {
	if (!user) return false;
	return user.role === 'admin' || user.role === 'coordinator' || user.organisationId === organisationId;
}
