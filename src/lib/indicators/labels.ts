// The words of a programme results report (issue 19): section, table and measure names, each
// measure's one-sentence definition, and row labels. One module for the page, the CSV and the PDF,
// so that the three say the same thing in each of the four languages.
import { m } from '$lib/paraglide/messages';
import { localeNames } from '$lib/i18n/locales';
import { municipalityLabel } from '$lib/volunteering/options';
import { communityLabel, demographicAgeLabel, genderLabel } from './options';
import type { Label, MeasureId, SectionId, TableId, Unit } from './report';

const SECTION_TITLES: Record<SectionId, () => string> = {
	organisations: m.ind_section_organisations,
	people: m.ind_section_people,
	learning: m.ind_section_learning,
	volunteering: m.ind_section_volunteering
};

const TABLE_TITLES: Record<TableId, () => string> = {
	'orgs-by-municipality': m.ind_table_orgs_by_municipality,
	'people-summary': m.ind_table_people_summary,
	'people-by-organisation': m.ind_table_people_by_organisation,
	'people-by-municipality': m.ind_table_people_by_municipality,
	'people-by-gender': m.ind_table_people_by_gender,
	'people-by-age': m.ind_table_people_by_age,
	'people-by-language': m.ind_table_people_by_language,
	'people-by-community': m.ind_table_people_by_community,
	'quiz-first-attempt': m.ind_table_quiz_first_attempt,
	assignments: m.ind_table_assignments,
	'lessons-per-week': m.ind_table_lessons_per_week,
	'volunteering-summary': m.ind_table_volunteering_summary,
	'volunteers-by-municipality': m.ind_table_volunteers_by_municipality,
	'volunteers-by-age': m.ind_table_volunteers_by_age
};

const TABLE_NOTES: Record<TableId, () => string> = {
	'orgs-by-municipality': m.ind_note_orgs_by_municipality,
	'people-summary': m.ind_note_people_summary,
	'people-by-organisation': m.ind_note_people_by_organisation,
	'people-by-municipality': m.ind_note_people_by_municipality,
	'people-by-gender': m.ind_note_people_by_gender,
	'people-by-age': m.ind_note_people_by_age,
	'people-by-language': m.ind_note_people_by_language,
	'people-by-community': m.ind_note_people_by_community,
	'quiz-first-attempt': m.ind_note_quiz_first_attempt,
	assignments: m.ind_note_assignments,
	'lessons-per-week': m.ind_note_lessons_per_week,
	'volunteering-summary': m.ind_note_volunteering_summary,
	'volunteers-by-municipality': m.ind_note_volunteers_by_municipality,
	'volunteers-by-age': m.ind_note_volunteers_by_age
};

const MEASURE_NAMES: Record<MeasureId, () => string> = {
	'orgs-participating': m.ind_measure_orgs_participating,
	'orgs-with-certified-member': m.ind_measure_orgs_with_certified_member,
	'orgs-certified': m.ind_measure_orgs_certified,
	enrolled: m.ind_measure_enrolled,
	started: m.ind_measure_started,
	completed: m.ind_measure_completed,
	certified: m.ind_measure_certified,
	'completion-rate': m.ind_measure_completion_rate,
	'median-days': m.ind_measure_median_days,
	'completed-in-period': m.ind_measure_completed_in_period,
	'certified-in-period': m.ind_measure_certified_in_period,
	'first-attempts': m.ind_measure_first_attempts,
	'passed-first': m.ind_measure_passed_first,
	'first-pass-rate': m.ind_measure_first_pass_rate,
	accepted: m.ind_measure_accepted,
	'review-days': m.ind_measure_review_days,
	lessons: m.ind_measure_lessons,
	'volunteers-registered': m.ind_measure_volunteers_registered,
	'volunteers-active': m.ind_measure_volunteers_active,
	'calls-posted': m.ind_measure_calls_posted,
	'calls-filled': m.ind_measure_calls_filled,
	hours: m.ind_measure_hours
};

const DEFINITIONS: Record<MeasureId, () => string> = {
	'orgs-participating': m.ind_def_orgs_participating,
	'orgs-with-certified-member': m.ind_def_orgs_with_certified_member,
	'orgs-certified': m.ind_def_orgs_certified,
	enrolled: m.ind_def_enrolled,
	started: m.ind_def_started,
	completed: m.ind_def_completed,
	certified: m.ind_def_certified,
	'completion-rate': m.ind_def_completion_rate,
	'median-days': m.ind_def_median_days,
	'completed-in-period': m.ind_def_completed_in_period,
	'certified-in-period': m.ind_def_certified_in_period,
	'first-attempts': m.ind_def_first_attempts,
	'passed-first': m.ind_def_passed_first,
	'first-pass-rate': m.ind_def_first_pass_rate,
	accepted: m.ind_def_accepted,
	'review-days': m.ind_def_review_days,
	lessons: m.ind_def_lessons,
	'volunteers-registered': m.ind_def_volunteers_registered,
	'volunteers-active': m.ind_def_volunteers_active,
	'calls-posted': m.ind_def_calls_posted,
	'calls-filled': m.ind_def_calls_filled,
	hours: m.ind_def_hours
};

export const sectionTitle = (id: SectionId): string => SECTION_TITLES[id]();
export const tableTitle = (id: TableId): string => TABLE_TITLES[id]();
export const tableNote = (id: TableId): string => TABLE_NOTES[id]();
export const measureName = (id: MeasureId): string => MEASURE_NAMES[id]();
export const measureDefinition = (id: MeasureId): string => DEFINITIONS[id]();

/** What a shown figure reads as: "< 5" for a hidden one. `format` writes a number in the page's
 * language (the CSV passes plain digits). */
export function cellText(value: number | null, format: (n: number) => string = String, unit: Unit = 'people'): string {
	if (value !== null) return format(value);
	// "< 5" where the figure counts people; a share, days, hours or lessons hidden for their sake are
	// not "fewer than five" of anything, and saying so would be a false figure in a funder's report.
	return unit === 'people' ? m.ind_small() : m.ind_hidden();
}

/** A row's label in the current language. `formatDate` writes a week's Monday ('YYYY-MM-DD'). */
export function labelText(label: Label, formatDate: (isoDay: string) => string = (d) => d): string {
	switch (label.kind) {
		case 'all':
			return m.ind_label_all();
		case 'not-given':
			return m.ind_label_not_given();
		case 'no-organisation':
			return m.ind_label_no_organisation();
		case 'small-organisations':
			return m.indp_label_small_organisations();
		case 'municipality':
			return municipalityLabel(label.code);
		case 'gender':
			return genderLabel(label.code);
		case 'age':
			return demographicAgeLabel(label.code);
		case 'community':
			return communityLabel(label.code);
		case 'language':
			return label.code in localeNames ? localeNames[label.code as keyof typeof localeNames] : label.code;
		case 'week':
			return m.ind_label_week({ date: formatDate(label.start) });
		case 'text':
			return label.text;
	}
}
