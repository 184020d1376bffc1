// Message codes returned by domain functions, shown to people in their language.
import { m } from '$lib/paraglide/messages';

const messages: Record<string, () => string> = {
	name_required: m.err_name_required,
	name_too_long: m.err_name_too_long,
	email_required: m.err_email_required,
	email_invalid: m.err_email_invalid,
	signup_refused: m.authsec_signup_refused,
	password_required: m.err_password_required,
	password_too_short: m.err_password_too_short,
	password_too_long: m.err_password_too_long,
	password_common: m.err_password_common,
	password_wrong: m.err_password_wrong,
	organisation_unknown: m.err_organisation_unknown,
	org_name_required: m.err_org_name_required,
	org_name_taken: m.sec13_err_org_name_taken,
	too_long: m.err_too_long,
	volp_err_markup: m.volp_err_markup,
	acct_err_name_control: m.acct_err_name_control,
	acct_err_email_same: m.acct_err_email_same,
	url_invalid: m.err_url_invalid,
	links_invalid: m.err_links_invalid,
	cohort_name_required: m.err_cohort_name_required,
	cohort_course_required: m.err_cohort_course_required,
	date_invalid: m.err_date_invalid,
	cohort_end_before_start: m.err_cohort_end_before_start,
	cohort_trainer_unknown: m.err_cohort_trainer_unknown,
	list_too_long: m.sec_list_too_long,
	quiz_pass_mark_invalid: m.err_quiz_pass_mark_invalid,
	quiz_attempts_invalid: m.err_quiz_attempts_invalid,
	quiz_wait_invalid: m.err_quiz_wait_invalid,
	quiz_per_day_invalid: m.quiz_sec_err_per_day,
	quiz_topic_invalid: m.quiz_sec_err_topic,
	quiz_draw_invalid: m.quiz_sec_err_draw,
	quiz_draw_too_many: m.quiz_sec_err_draw_many,
	quiz_feedback_count: m.quiz_sec_err_feedback,
	quiz_no_questions: m.err_quiz_no_questions,
	quiz_translation_structure: m.err_quiz_translation_structure,
	quiz_id_invalid: m.err_quiz_id_invalid,
	quiz_id_duplicate: m.err_quiz_id_duplicate,
	quiz_prompt_required: m.err_quiz_prompt_required,
	quiz_explanation_required: m.err_quiz_explanation_required,
	quiz_options_few: m.err_quiz_options_few,
	quiz_no_correct: m.err_quiz_no_correct,
	quiz_correct_out_of_range: m.err_quiz_correct_out_of_range,
	quiz_single_one_correct: m.err_quiz_single_one_correct,
	quiz_ordering_few: m.err_quiz_ordering_few,
	quiz_accepted_empty: m.err_quiz_accepted_empty,
	fixf_prompt_long: m.fixf_prompt_long,
	fixf_explanation_long: m.fixf_explanation_long,
	fixf_id_long: m.fixf_id_long,
	fixf_list_long: m.fixf_list_long,
	fixf_item_long: m.fixf_item_long,
	fixf_title_long: m.fixf_title_long
};

/** The localised text for an error code; unknown codes get a generic message. */
export function errorText(code: string | undefined | null): string {
	if (!code) return '';
	return (messages[code] ?? m.err_generic)();
}
