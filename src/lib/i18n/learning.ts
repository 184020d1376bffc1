import { m } from '$lib/paraglide/messages';

const lockMessages: Record<string, () => string> = {
	previous_lesson: m.lock_previous_lesson,
	previous_quiz: m.lock_previous_quiz,
	previous_module: m.lock_previous_module,
	not_enrolled: m.lock_not_enrolled,
	quiz_lessons: m.daily_lock_quiz_lessons
};

/** Why a step is locked, in the reader's language. */
export function lockText(reason: string | null | undefined): string {
	return reason ? (lockMessages[reason] ?? m.lock_previous_lesson)() : '';
}
