// Volunteer profiles (issue 18): any account becomes a volunteer by filling one in. The profile holds
// what organisations need to find and reach a volunteer (where, which languages and skills, when),
// the age band (minors need a parent's or guardian's consent, and organisations must know they are
// minors) and the volunteer's explicit consent to be contacted by the organisations they apply to.
// Contact details are never public; a hidden profile cannot apply, and deleting it withdraws the
// volunteer's open applications.
import type { DB } from '../db/client';
import * as v from 'valibot';
import { fieldErrors, formStrings, maxChars } from '../platform/form-schema';
import { parseStoredJson } from '../db/json';
import { MARKUP_ERROR, hasMarkup } from '../platform/form-text';
import {
	AGE_BANDS,
	AVAILABILITY,
	LANGUAGES,
	MINOR_BAND,
	MUNICIPALITIES,
	SKILLS,
	isOneOf,
	type AgeBand,
	type Availability,
	type Language,
	type Municipality,
	type Skill
} from '../../volunteering/options';

export const PROFILE_LIMITS = { skillsOther: 300, phone: 30, guardianName: 100, guardianContact: 150 } as const;

export type ProfileField =
	| 'municipality'
	| 'languages'
	| 'skills'
	| 'skills_other'
	| 'availability'
	| 'age_band'
	| 'phone'
	| 'contact_consent'
	| 'guardian_name'
	| 'guardian_contact'
	| 'guardian_consent';
export type ProfileErrors = Partial<Record<ProfileField, string>>;

/** What the form shows again: exactly what was sent (lists of codes, ticks as booleans). */
export interface ProfileFormValues {
	municipality: string;
	languages: string[];
	skills: string[];
	skills_other: string;
	availability: string[];
	age_band: string;
	phone: string;
	contact_consent: boolean;
	guardian_name: string;
	guardian_contact: string;
	guardian_consent: boolean;
}

export interface ProfileInput {
	municipality: Municipality;
	languages: Language[];
	skills: Skill[];
	skillsOther: string;
	availability: Availability[];
	ageBand: AgeBand;
	phone: string;
	guardianName: string;
	guardianContact: string;
}

export interface VolunteerProfile extends ProfileInput {
	userId: number;
	minor: boolean;
	hidden: boolean;
	contactConsentAt: number;
	guardianConsentAt: number | null;
	createdAt: number;
	updatedAt: number;
}

// Digits, spaces and the usual separators, an optional leading +, and at least six digits: enough
// for every Kosovo or Serbian number as people write them, and nothing that could carry markup.
const PHONE = /^\+?[0-9 ()./-]+$/;
const isPlausiblePhone = (value: string) => PHONE.test(value) && (value.match(/\d/g)?.length ?? 0) >= 6;

// Free text is plain text: something that looks like an HTML tag or comment is refused, kept in the form.
const plainText = v.check((s: string) => !hasMarkup(s), MARKUP_ERROR);

const textSchema = v.object({
	municipality: v.pipe(
		v.string(),
		v.check((s) => s !== '', 'volp_municipality_required'),
		v.check((s) => s === '' || isOneOf(MUNICIPALITIES, s), 'volp_choice_invalid')
	),
	age_band: v.pipe(
		v.string(),
		v.check((s) => s !== '', 'volp_age_required'),
		v.check((s) => s === '' || isOneOf(AGE_BANDS, s), 'volp_choice_invalid')
	),
	skills_other: v.pipe(v.string(), maxChars(PROFILE_LIMITS.skillsOther), plainText),
	phone: v.pipe(
		v.string(),
		maxChars(PROFILE_LIMITS.phone),
		v.check((s) => s === '' || isPlausiblePhone(s), 'volp_phone_invalid')
	),
	guardian_name: v.pipe(v.string(), maxChars(PROFILE_LIMITS.guardianName), plainText),
	guardian_contact: v.pipe(v.string(), maxChars(PROFILE_LIMITS.guardianContact), plainText)
});

/** The ticked codes of a checkbox list; null when something not on the list was sent. */
function codesOf<T extends string>(form: FormData, name: string, list: readonly T[]): T[] | null {
	const sent = form.getAll(name);
	// More entries than the list has can only be a forged form.
	if (sent.length > list.length * 2) return null;
	const out: T[] = [];
	for (const value of sent) {
		if (!isOneOf(list, value)) return null;
		if (!out.includes(value)) out.push(value);
	}
	return out;
}

const shown = (form: FormData, name: string) =>
	form
		.getAll(name)
		.filter((x): x is string => typeof x === 'string')
		.slice(0, 20)
		.map((x) => x.slice(0, 40));

/**
 * Reads and checks a profile form. Error values are message codes (volp_…, or too_long). A minor
 * needs a guardian's name, a way to reach them and their consent; the form keeps every value.
 */
export function parseProfileForm(form: FormData): {
	input: ProfileInput | null;
	values: ProfileFormValues;
	errors: ProfileErrors;
} {
	const texts = formStrings(form, [
		'municipality',
		'age_band',
		'skills_other',
		'phone',
		'guardian_name',
		'guardian_contact'
	] as const);
	const languages = codesOf(form, 'languages', LANGUAGES);
	const skills = codesOf(form, 'skills', SKILLS);
	const availability = codesOf(form, 'availability', AVAILABILITY);
	const contactConsent = form.get('contact_consent') === 'yes';
	const guardianConsent = form.get('guardian_consent') === 'yes';
	const values: ProfileFormValues = {
		...texts,
		languages: languages ?? shown(form, 'languages'),
		skills: skills ?? shown(form, 'skills'),
		availability: availability ?? shown(form, 'availability'),
		contact_consent: contactConsent,
		guardian_consent: guardianConsent
	};
	const errors: ProfileErrors = fieldErrors<ProfileField>(textSchema, texts);
	if (languages === null) errors.languages = 'volp_choice_invalid';
	else if (languages.length === 0) errors.languages = 'volp_languages_required';
	if (skills === null) errors.skills = 'volp_choice_invalid';
	if (availability === null) errors.availability = 'volp_choice_invalid';
	if (!contactConsent) errors.contact_consent = 'volp_contact_consent_required';
	const minor = texts.age_band === MINOR_BAND;
	if (minor) {
		if (!texts.guardian_name) errors.guardian_name ??= 'volp_guardian_name_required';
		if (!texts.guardian_contact) errors.guardian_contact ??= 'volp_guardian_contact_required';
		if (!guardianConsent) errors.guardian_consent = 'volp_guardian_consent_required';
	}
	if (Object.keys(errors).length > 0) return { input: null, values, errors };
	return {
		input: {
			municipality: texts.municipality as Municipality,
			languages: languages!,
			skills: skills!,
			skillsOther: texts.skills_other,
			availability: availability!,
			ageBand: texts.age_band as AgeBand,
			phone: texts.phone,
			// An adult's profile keeps no guardian details (they would be somebody else's personal data).
			guardianName: minor ? texts.guardian_name : '',
			guardianContact: minor ? texts.guardian_contact : ''
		},
		values,
		errors: {}
	};
}

/** The form's values for an existing profile (or an empty form). */
export function formValuesOf(profile: VolunteerProfile | null): ProfileFormValues {
	return {
		municipality: profile?.municipality ?? '',
		languages: profile?.languages ?? [],
		skills: profile?.skills ?? [],
		skills_other: profile?.skillsOther ?? '',
		availability: profile?.availability ?? [],
		age_band: profile?.ageBand ?? '',
		phone: profile?.phone ?? '',
		// Consent is given by ticking the box each time the form is sent: never pre-ticked.
		contact_consent: false,
		guardian_name: profile?.guardianName ?? '',
		guardian_contact: profile?.guardianContact ?? '',
		guardian_consent: false
	};
}

const codeList = v.array(v.string());
const listOf = <T extends string>(text: string, list: readonly T[], column: string): T[] =>
	parseStoredJson(codeList, text, column).filter((c): c is T => isOneOf(list, c));

/** A user's volunteer profile, or null when they have none. */
export async function getProfile(db: DB, userId: number): Promise<VolunteerProfile | null> {
	const row = await db.selectFrom('volunteer_profiles').selectAll().where('user_id', '=', userId).executeTakeFirst();
	if (!row) return null;
	return {
		userId: row.user_id,
		municipality: row.municipality as Municipality,
		languages: listOf(row.languages, LANGUAGES, 'volunteer_profiles.languages'),
		skills: listOf(row.skills, SKILLS, 'volunteer_profiles.skills'),
		skillsOther: row.skills_other,
		availability: listOf(row.availability, AVAILABILITY, 'volunteer_profiles.availability'),
		ageBand: row.age_band as AgeBand,
		phone: row.phone,
		guardianName: row.guardian_name,
		guardianContact: row.guardian_contact,
		minor: row.age_band === MINOR_BAND,
		hidden: row.hidden === 1,
		contactConsentAt: row.contact_consent_at,
		guardianConsentAt: row.guardian_consent_at,
		createdAt: row.created_at,
		updatedAt: row.updated_at
	};
}

/**
 * Creates or updates a user's profile (the caller has checked the form with parseProfileForm, which
 * requires the consents). The time of consent is when the form was sent with the boxes ticked.
 */
export async function saveProfile(
	db: DB,
	userId: number,
	input: ProfileInput,
	now = Date.now()
): Promise<{ ok: true; created: boolean }> {
	const minor = input.ageBand === MINOR_BAND;
	const columns = {
		municipality: input.municipality,
		languages: JSON.stringify(input.languages),
		skills: JSON.stringify(input.skills),
		skills_other: input.skillsOther,
		availability: JSON.stringify(input.availability),
		age_band: input.ageBand,
		phone: input.phone,
		contact_consent_at: now,
		guardian_name: minor ? input.guardianName : '',
		guardian_contact: minor ? input.guardianContact : '',
		guardian_consent_at: minor ? now : null,
		updated_at: now
	};
	return db.transaction().execute(async (tx) => {
		const existing = await tx
			.selectFrom('volunteer_profiles')
			.select('user_id')
			.where('user_id', '=', userId)
			.executeTakeFirst();
		if (existing) {
			await tx.updateTable('volunteer_profiles').set(columns).where('user_id', '=', userId).execute();
			return { ok: true as const, created: false };
		}
		await tx
			.insertInto('volunteer_profiles')
			.values({ user_id: userId, ...columns, hidden: 0, created_at: now })
			.execute();
		return { ok: true as const, created: true };
	});
}

/** Hides or shows a profile. A hidden profile cannot apply; applications already made stay. */
export async function setHidden(db: DB, userId: number, hidden: boolean, now = Date.now()): Promise<boolean> {
	const result = await db
		.updateTable('volunteer_profiles')
		.set({ hidden: hidden ? 1 : 0, updated_at: now })
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

/**
 * Deletes a volunteer profile. Applications to shifts that have not started are withdrawn (the
 * organisation no longer expects the volunteer); past ones stay, with the hours they earned.
 */
export async function deleteProfile(db: DB, userId: number, now = Date.now()): Promise<boolean> {
	return db.transaction().execute(async (tx) => {
		const gone = await tx.deleteFrom('volunteer_profiles').where('user_id', '=', userId).executeTakeFirst();
		if (Number(gone.numDeletedRows) === 0) return false;
		await tx
			.updateTable('volunteer_applications')
			.set({ status: 'withdrawn', updated_at: now })
			.where('user_id', '=', userId)
			.where('status', 'in', ['applied', 'accepted'])
			.where('shift_id', 'in', (eb) =>
				eb.selectFrom('volunteer_shifts').select('volunteer_shifts.id').where('volunteer_shifts.starts_at', '>', now)
			)
			.execute();
		return true;
	});
}
