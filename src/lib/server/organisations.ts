// Participating civil-society organisations and their public profile fields.
import type { DB } from './db';
import type { Organisation } from '../../../db/schema';
import { sql } from 'kysely';
import { cleanText, foldForSearch, isHttpUrl, slugify } from './text';

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

/** Reads and checks the profile fields of a form. Error values are message codes. */
export function parseOrganisationForm(form: FormData): {
	input: OrganisationInput;
	values: Record<OrganisationField, string>;
	errors: OrganisationErrors;
} {
	const get = (k: string) => cleanText(form.get(k));
	const values = {
		name: get('name'),
		municipality: get('municipality'),
		description: get('description'),
		website: get('website'),
		social_links: get('social_links')
	};
	const errors: OrganisationErrors = {};
	if (!values.name) errors.name = 'org_name_required';
	else if ([...values.name].length > LIMITS.name) errors.name = 'too_long';
	if ([...values.municipality].length > LIMITS.municipality) errors.municipality = 'too_long';
	if ([...values.description].length > LIMITS.description) errors.description = 'too_long';
	if (values.website && !isHttpUrl(values.website)) errors.website = 'url_invalid';
	const links = values.social_links
		.split('\n')
		.map((l) => l.trim())
		.filter(Boolean);
	if (links.length > LIMITS.links || links.some((l) => !isHttpUrl(l))) errors.social_links = 'links_invalid';
	return {
		input: {
			name: values.name,
			municipality: values.municipality,
			description: values.description,
			website: values.website,
			socialLinks: links
		},
		values,
		errors
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

export async function createOrganisation(db: DB, input: OrganisationInput): Promise<Organisation> {
	const now = Date.now();
	return db
		.insertInto('organisations')
		.values({
			slug: await uniqueSlug(db, input.name),
			name: input.name,
			municipality: input.municipality,
			description: input.description,
			website: input.website,
			social_links: input.socialLinks.join('\n'),
			search_text: foldForSearch(`${input.name} ${input.municipality}`),
			created_at: now,
			updated_at: now
		})
		.returningAll()
		.executeTakeFirstOrThrow();
}

export async function updateOrganisation(db: DB, id: number, input: OrganisationInput): Promise<boolean> {
	const r = await db
		.updateTable('organisations')
		.set({
			name: input.name,
			municipality: input.municipality,
			description: input.description,
			website: input.website,
			social_links: input.socialLinks.join('\n'),
			search_text: foldForSearch(`${input.name} ${input.municipality}`),
			updated_at: Date.now()
		})
		.where('id', '=', id)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) > 0;
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
	const q = foldForSearch(cleanText(query)).slice(0, 100);
	let base = db.selectFrom('organisations').selectAll();
	if (q) {
		const like = `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
		base = base.where(sql<boolean>`search_text like ${like} escape '\\'`);
	}
	return base.orderBy('name').limit(500).execute();
}

/** Who may edit an organisation's public profile: coordinators, admins and its own members. */
export function canEditProfile(user: { role: string; organisationId: number | null } | null, organisationId: number): boolean {
	if (!user) return false;
	return user.role === 'admin' || user.role === 'coordinator' || user.organisationId === organisationId;
}
