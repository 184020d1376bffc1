// The closed lists of the volunteer network, shared by the server (validation, matching) and the
// pages (labels). Stored as these codes; every label comes from the message catalogue, so a profile
// written in Albanian reads in Serbian. Adding a code means adding its label below and its messages.
import { m } from '$lib/paraglide/messages';

export const MUNICIPALITIES = ['mitrovica-north', 'zvecan', 'zubin-potok', 'leposavic', 'other'] as const;
export type Municipality = (typeof MUNICIPALITIES)[number];

export const SKILLS = [
	'events',
	'social-media',
	'photo-video',
	'writing',
	'translation',
	'teaching',
	'care',
	'environment',
	'it',
	'logistics'
] as const;
export type Skill = (typeof SKILLS)[number];

export const LANGUAGES = ['sq', 'sr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const AVAILABILITY = ['weekdays', 'evenings', 'weekends'] as const;
export type Availability = (typeof AVAILABILITY)[number];

/** 'under-18' is the only band of minors: they need a guardian's consent and CSOs see that they are minors. */
export const AGE_BANDS = ['under-18', '18-24', '25-34', '35-54', '55-plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const MINOR_BAND: AgeBand = 'under-18';

export const EVENT_KINDS = ['public-meeting', 'consultation', 'cso-event', 'training'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Hours at which a volunteer certificate is issued. */
export const HOUR_THRESHOLDS = [20, 50, 100] as const;

export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
	return typeof value === 'string' && (list as readonly string[]).includes(value);
}

const MUNICIPALITY_LABELS: Record<Municipality, () => string> = {
	'mitrovica-north': m.vol_opt_muni_mitrovica_north,
	zvecan: m.vol_opt_muni_zvecan,
	'zubin-potok': m.vol_opt_muni_zubin_potok,
	leposavic: m.vol_opt_muni_leposavic,
	other: m.vol_opt_muni_other
};
const SKILL_LABELS: Record<Skill, () => string> = {
	events: m.vol_opt_skill_events,
	'social-media': m.vol_opt_skill_social_media,
	'photo-video': m.vol_opt_skill_photo_video,
	writing: m.vol_opt_skill_writing,
	translation: m.vol_opt_skill_translation,
	teaching: m.vol_opt_skill_teaching,
	care: m.vol_opt_skill_care,
	environment: m.vol_opt_skill_environment,
	it: m.vol_opt_skill_it,
	logistics: m.vol_opt_skill_logistics
};
const LANGUAGE_LABELS: Record<Language, () => string> = {
	sq: m.vol_opt_lang_sq,
	sr: m.vol_opt_lang_sr,
	en: m.vol_opt_lang_en
};
const AVAILABILITY_LABELS: Record<Availability, () => string> = {
	weekdays: m.vol_opt_avail_weekdays,
	evenings: m.vol_opt_avail_evenings,
	weekends: m.vol_opt_avail_weekends
};
const AGE_LABELS: Record<AgeBand, () => string> = {
	'under-18': m.vol_opt_age_under_18,
	'18-24': m.vol_opt_age_18_24,
	'25-34': m.vol_opt_age_25_34,
	'35-54': m.vol_opt_age_35_54,
	'55-plus': m.vol_opt_age_55_plus
};
const EVENT_KIND_LABELS: Record<EventKind, () => string> = {
	'public-meeting': m.vol_opt_event_public_meeting,
	consultation: m.vol_opt_event_consultation,
	'cso-event': m.vol_opt_event_cso_event,
	training: m.vol_opt_event_training
};

function labeller<T extends string>(labels: Record<T, () => string>) {
	return (code: string): string => (code in labels ? labels[code as T]() : code);
}

export const municipalityLabel = labeller(MUNICIPALITY_LABELS);
export const skillLabel = labeller(SKILL_LABELS);
export const languageLabel = labeller(LANGUAGE_LABELS);
export const availabilityLabel = labeller(AVAILABILITY_LABELS);
export const ageBandLabel = labeller(AGE_LABELS);
export const eventKindLabel = labeller(EVENT_KIND_LABELS);
