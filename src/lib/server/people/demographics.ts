// The optional demographic questions (issue 19): gender, age band and community, which the
// programme's aggregate figures count. Asked once ("Not now" also counts as asked), every answer
// optional, 'prefer-not' always an answer, editable and withdrawable at any time on My account.
//
// Community (ethnicity) is special-category data under Kosovo's Law No. 06/L-082 on the Protection
// of Personal Data: it is stored only together with the person's explicit consent, given by ticking
// a separate box (unticked by default). Withdrawing the consent erases the community. Nothing but the
// person themselves ever sees a row of this table: the indicators count it only in aggregates.
import type { DB } from '../db/client';
import { cleanText } from '../platform/form-text';
import { MINOR_BAND, isOneOf } from '../../volunteering/options';
import {
	AGE_BANDS,
	COMMUNITIES,
	GENDERS,
	PREFER_NOT,
	type AgeBand,
	type Community,
	type Gender
} from '../../indicators/options';

/** A person's answers; null = not answered. */
export interface DemographicAnswers {
	gender: Gender | null;
	ageBand: AgeBand | null;
	/** Only ever set together with `communityConsentAt`. */
	community: Community | null;
}

export interface Demographics extends DemographicAnswers {
	communityConsentAt: number | null;
	askedAt: number;
	updatedAt: number;
}

export type DemographicsField = 'gender' | 'age_band' | 'community';
/** Message codes (dem_err_…) per field. */
export type DemographicsErrors = Partial<Record<DemographicsField, string>>;

/** What the form shows again: exactly what was sent (codes, the consent as a boolean). */
export interface DemographicsFormValues {
	gender: string;
	age_band: string;
	community: string;
	consent: boolean;
}

export type SaveInput = DemographicAnswers & { consent: boolean };

/** The person's row, or null when they have never been asked. Only for the person themselves. */
export async function getDemographics(db: DB, userId: number): Promise<Demographics | null> {
	const row = await db.selectFrom('demographics').selectAll().where('user_id', '=', userId).executeTakeFirst();
	if (!row) return null;
	return {
		gender: isOneOf(GENDERS, row.gender) ? row.gender : null,
		ageBand: isOneOf(AGE_BANDS, row.age_band) ? row.age_band : null,
		community:
			isOneOf(COMMUNITIES, row.community) && (row.community_consent_at !== null || row.community === PREFER_NOT)
				? row.community
				: null,
		communityConsentAt: row.community_consent_at,
		askedAt: row.asked_at,
		updatedAt: row.updated_at
	};
}

/** Whether the questions were asked (answered or "Not now"): one primary-key read, for the landing page. */
export async function wasAsked(db: DB, userId: number): Promise<boolean> {
	const row = await db.selectFrom('demographics').select('user_id').where('user_id', '=', userId).executeTakeFirst();
	return row !== undefined;
}

/** The form's values for a stored row (empty for a person never asked). */
export function formValuesOf(row: Demographics | null): DemographicsFormValues {
	return {
		gender: row?.gender ?? '',
		age_band: row?.ageBand ?? '',
		community: row?.community ?? '',
		consent: row?.communityConsentAt != null
	};
}

// A code is at most a few characters; anything longer is not on a list, and is not shown again whole.
const MAX_CODE = 40;
const codeOf = (form: FormData, name: string) => cleanText(form.get(name)).slice(0, MAX_CODE);

/**
 * Reads and checks the form. Every answer is optional (empty = not answered); a code not on its
 * list is refused; naming a community needs the consent box ("prefer not to say" names none and
 * needs no consent). A person under 18 is not asked: a guardian would have to consent. The consent
 * without a community stores nothing: there is nothing to consent to.
 */
export function parseDemographicsForm(form: FormData): {
	input: SaveInput | null;
	values: DemographicsFormValues;
	errors: DemographicsErrors;
} {
	const values: DemographicsFormValues = {
		gender: codeOf(form, 'gender'),
		age_band: codeOf(form, 'age_band'),
		community: codeOf(form, 'community'),
		consent: form.get('community_consent') === 'yes'
	};
	const errors: DemographicsErrors = {};
	if (values.gender !== '' && !isOneOf(GENDERS, values.gender)) errors.gender = 'dem_err_choice_invalid';
	if (values.age_band !== '' && !isOneOf(AGE_BANDS, values.age_band)) errors.age_band = 'dem_err_choice_invalid';
	if (values.community !== '' && !isOneOf(COMMUNITIES, values.community)) errors.community = 'dem_err_choice_invalid';
	else if (values.community !== '' && values.community !== PREFER_NOT && values.age_band === MINOR_BAND)
		errors.community = 'dem_err_minor_community';
	else if (values.community !== '' && values.community !== PREFER_NOT && !values.consent)
		errors.community = 'dem_err_consent_required';
	if (Object.keys(errors).length > 0) return { input: null, values, errors };
	return {
		input: {
			gender: (values.gender || null) as Gender | null,
			ageBand: (values.age_band || null) as AgeBand | null,
			community: (values.community || null) as Community | null,
			consent: values.consent
		},
		values,
		errors
	};
}

export type SaveResult =
	{ ok: true } | { ok: false; reason: 'consent_required' | 'choice_invalid' | 'minor_community' };

/**
 * Saves a person's answers (all of them: an empty answer clears the stored one). A community is
 * stored only with the consent; a consent already given keeps its date while the community stays the
 * same, and is dated anew when the community changes.
 */
export async function saveDemographics(
	db: DB,
	userId: number,
	input: SaveInput,
	now = Date.now()
): Promise<SaveResult> {
	// Checked again here, not only by the form: the rule must hold for every caller.
	if (
		(input.gender !== null && !isOneOf(GENDERS, input.gender)) ||
		(input.ageBand !== null && !isOneOf(AGE_BANDS, input.ageBand)) ||
		(input.community !== null && !isOneOf(COMMUNITIES, input.community))
	)
		return { ok: false, reason: 'choice_invalid' };
	const names = input.community !== null && input.community !== PREFER_NOT;
	if (names && input.ageBand === MINOR_BAND) return { ok: false, reason: 'minor_community' };
	if (names && !input.consent) return { ok: false, reason: 'consent_required' };
	const community = input.community;
	// "Prefer not to say" tells nothing about the person's community: stored without a consent.
	const consentAt = names ? now : null;
	// One statement (insert or update): two simultaneous saves cannot both insert.
	await db
		.insertInto('demographics')
		.values({
			user_id: userId,
			gender: input.gender,
			age_band: input.ageBand,
			community,
			community_consent_at: consentAt,
			asked_at: now,
			updated_at: now
		})
		.onConflict((oc) =>
			oc.column('user_id').doUpdateSet((eb) => ({
				gender: input.gender,
				age_band: input.ageBand,
				community,
				// The consent is to this community: kept while it stays, given anew when it changes.
				community_consent_at: names
					? eb
							.case()
							.when('demographics.community', '=', community)
							.then(eb.fn.coalesce('demographics.community_consent_at', eb.val(now)))
							.else(eb.val(now))
							.end()
					: null,
				updated_at: now
			}))
		)
		.execute();
	return { ok: true };
}

/** "Not now": remembers that the person was asked, with no answers; an existing row stays as it is. */
export async function declineDemographics(db: DB, userId: number, now = Date.now()): Promise<void> {
	await db
		.insertInto('demographics')
		.values({
			user_id: userId,
			gender: null,
			age_band: null,
			community: null,
			community_consent_at: null,
			asked_at: now,
			updated_at: now
		})
		.onConflict((oc) => oc.column('user_id').doNothing())
		.execute();
}

/** Erases every answer and the consent; the person is still not asked again. False when there was nothing. */
export async function withdrawAll(db: DB, userId: number, now = Date.now()): Promise<boolean> {
	const result = await db
		.updateTable('demographics')
		.set({ gender: null, age_band: null, community: null, community_consent_at: null, updated_at: now })
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

/** Withdraws the consent to the community, which erases the community. False when there was nothing. */
export async function withdrawCommunityConsent(db: DB, userId: number, now = Date.now()): Promise<boolean> {
	const result = await db
		.updateTable('demographics')
		.set({ community: null, community_consent_at: null, updated_at: now })
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

/** The person's row for the personal-data export (codes and ISO dates); null when never asked. */
export async function demographicsExport(db: DB, userId: number) {
	const row = await getDemographics(db, userId);
	if (!row) return null;
	const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
	return {
		gender: row.gender,
		ageBand: row.ageBand,
		community: row.community,
		communityConsentAt: iso(row.communityConsentAt),
		askedAt: iso(row.askedAt),
		updatedAt: iso(row.updatedAt)
	};
}

/** Erases the row with the account (the users row is anonymised, so no cascade runs). */
export async function deleteDemographics(tx: DB, userId: number): Promise<void> {
	await tx.deleteFrom('demographics').where('user_id', '=', userId).execute();
}
