// The trainer's side of assignments: the review queue of a course (optionally one cohort) and the
// review of one submission. Anyone who may not review the course gets a 404, as for a missing one.
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { localizeHref } from '$lib/i18n/href';
import * as assignments from '../assignments';
import * as courses from '../catalogue/courses';
import { idParam, requireUser } from './guard';
import { reviewPath, reviewQueuePath, submissionFilePath } from '$lib/paths';

export async function queuePage(event: RequestEvent) {
	const user = requireUser(event, 'trainer');
	const db = event.locals.db;
	const courseId = idParam(event.params.id);
	const course = await courses.getCourseById(db, courseId, getLocale());
	const scope = course ? await assignments.reviewScope(db, user, courseId) : null;
	if (!course || !scope) error(404, { message: m.error_404_text() });
	const trainerId = scope === 'cohorts' ? user.id : null;
	const cohorts = await assignments.reviewCohorts(db, courseId, trainerId);
	const asked = event.url.searchParams.get('cohort');
	const cohort = cohorts.find((c) => String(c.id) === asked) ?? null;
	const items = await assignments.queue(db, courseId, getLocale(), cohort?.id ?? null, trainerId);
	return {
		course: { id: course.id, title: course.title },
		cohorts,
		cohortId: cohort?.id ?? null,
		items: items.map((i) => ({ ...i, href: reviewPath(i.submissionId) })),
		done: event.url.searchParams.get('done')
	};
}

export async function reviewPage(event: RequestEvent) {
	const user = requireUser(event, 'trainer');
	const view = await assignments.reviewView(event.locals.db, user, idParam(event.params.id), getLocale());
	if (view === 'outside_scope') error(403, { message: m.orgasg_outside_scope() });
	if (!view) error(404, { message: m.error_404_text() });
	const s = view.submission;
	return {
		...view,
		answerHtml: s.html,
		fileHref: s.file ? submissionFilePath(s.id) : null,
		queueHref: reviewQueuePath(view.courseId)
	};
}

export async function saveReview(event: RequestEvent) {
	const user = requireUser(event, 'trainer');
	const db = event.locals.db;
	const submissionId = idParam(event.params.id);
	const form = await event.request.formData();
	const levels: Record<string, unknown> = {};
	for (const [key, value] of form) if (key.startsWith('level-')) levels[key.slice(6)] = value;
	const feedback = form.get('feedback');
	const result = await assignments.review(db, user, { submissionId, decision: form.get('decision'), feedback, levels });
	if (!result.ok) {
		if (result.reason === 'not_found') error(404, { message: m.error_404_text() });
		if (result.reason === 'outside_scope') error(403, { message: m.orgasg_outside_scope() });
		const found = await assignments.reviewView(db, user, submissionId, getLocale());
		const view = typeof found === 'object' ? found : null;
		const criterion = view?.assignment.rubric.find((c) => c.id === result.criterion)?.title ?? result.criterion ?? '';
		const message = {
			score_missing: m.asg_error_score_missing({ criterion }),
			score_out_of_range: m.asg_error_score_out_of_range({ criterion }),
			feedback_required: m.asg_error_feedback_required(),
			feedback_too_long: m.asg_error_feedback_too_long(),
			not_latest: m.asg_review_not_latest(),
			already_reviewed: m.asg_review_already(),
			rubric_changed: m.asg_review_rubric_changed()
		}[result.reason];
		const status =
			result.reason === 'not_latest' || result.reason === 'already_reviewed' || result.reason === 'rubric_changed'
				? 409
				: 400;
		return fail(status, {
			message,
			feedback: typeof feedback === 'string' ? feedback : '',
			levels: levels as Record<string, string>
		});
	}
	// An organisation's assignment counts for the organisation, not for the member who handed it in.
	if (result.decision === 'accepted' && result.organisationId === null)
		await assignments.issueAfterAcceptance(db, result.learnerId, result.courseId);
	redirect(303, localizeHref(`${reviewQueuePath(result.courseId)}?done=${result.decision}`));
}
