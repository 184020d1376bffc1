// The closed lists of the optional demographic questions (issue 19), shared by the server
// (validation, aggregation) and the pages (labels). Stored as these codes; every label comes from the
// message catalogue. 'prefer-not' is always an answer; "not answered" is stored as null.
import { m } from '$lib/paraglide/messages';
import { AGE_BANDS as VOLUNTEER_AGE_BANDS, ageBandLabel } from '$lib/volunteering/options';

export const PREFER_NOT = 'prefer-not';

export const GENDERS = ['woman', 'man', 'other', PREFER_NOT] as const;
export type Gender = (typeof GENDERS)[number];

/** The volunteer network's bands, so that learners and volunteers are counted alike. */
export const AGE_BANDS = [...VOLUNTEER_AGE_BANDS, PREFER_NOT] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** The communities of Kosovo as its statistics name them; special-category data, asked only with consent. */
export const COMMUNITIES = [
	'albanian',
	'serbian',
	'bosniak',
	'roma',
	'ashkali',
	'egyptian',
	'turkish',
	'gorani',
	'other',
	PREFER_NOT
] as const;
export type Community = (typeof COMMUNITIES)[number];

const GENDER_LABELS: Record<Gender, () => string> = {
	woman: m.dem_opt_gender_woman,
	man: m.dem_opt_gender_man,
	other: m.dem_opt_gender_other,
	'prefer-not': m.dem_opt_prefer_not
};
const COMMUNITY_LABELS: Record<Community, () => string> = {
	albanian: m.dem_opt_comm_albanian,
	serbian: m.dem_opt_comm_serbian,
	bosniak: m.dem_opt_comm_bosniak,
	roma: m.dem_opt_comm_roma,
	ashkali: m.dem_opt_comm_ashkali,
	egyptian: m.dem_opt_comm_egyptian,
	turkish: m.dem_opt_comm_turkish,
	gorani: m.dem_opt_comm_gorani,
	other: m.dem_opt_comm_other,
	'prefer-not': m.dem_opt_prefer_not
};

export function genderLabel(code: string): string {
	return code in GENDER_LABELS ? GENDER_LABELS[code as Gender]() : code;
}
export function communityLabel(code: string): string {
	return code in COMMUNITY_LABELS ? COMMUNITY_LABELS[code as Community]() : code;
}
export function demographicAgeLabel(code: string): string {
	return code === PREFER_NOT ? m.dem_opt_prefer_not() : ageBandLabel(code);
}
