import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { localizeHref } from '$lib/i18n/href';
import { coursePath } from '$lib/paths';
import { idParam, requireUser } from '$lib/server/http/guard';
import { cleanText } from '$lib/server/platform/form-text';
import * as profiles from '$lib/server/volunteering/profiles';
import * as applications from '$lib/server/volunteering/applications';
import { getCourseById } from '$lib/server/catalogue/courses';

/** The required course's title and address, in the reader's language; null if it is gone. */
async function courseLink(event: RequestEvent, courseId: number) {
	const course = await getCourseById(event.locals.db, courseId, getLocale());
	return course ? { title: course.title, href: coursePath(course.slug) } : null;
}

/** The open call, or a 404 (pending, declined and closed calls are not public). */
async function openCall(event: RequestEvent<{ id: string }>) {
	const call = await applications.callForApplying(event.locals.db, idParam(event.params.id));
	if (!call) error(404, { message: m.error_404_text() });
	return call;
}

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const call = await openCall(event);
	const db = event.locals.db;
	const profile = await profiles.getProfile(db, user.id);
	const wanted = Number(event.url.searchParams.get('shift'));
	const open = call.shifts.filter((s) => s.left > 0);
	const needsCourse =
		call.requiredCourseId !== null && !(await applications.hasCompletedCourse(db, user.id, call.requiredCourseId));
	const course = needsCourse ? await courseLink(event, call.requiredCourseId!) : null;
	return {
		call,
		profile: profile ? { hidden: profile.hidden, minor: profile.minor } : null,
		// A refusal known before the volunteer writes anything, shown at the top.
		blocker: !profile
			? ('no_profile' as const)
			: profile.hidden
				? ('profile_hidden' as const)
				: profile.minor && !call.minorsAllowed
					? ('minors_not_allowed' as const)
					: null,
		course,
		// A required course that cannot be linked to (archived): said in general words.
		courseUnlisted: needsCourse && course === null,
		values: {
			shift: String(open.find((s) => s.id === wanted)?.id ?? (open.length === 1 ? open[0].id : '')),
			message: ''
		}
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const callId = idParam(event.params.id);
		const form = await event.request.formData();
		const shiftText = cleanText(form.get('shift')).slice(0, 12);
		const message = cleanText(form.get('message'));
		// Kept as sent (bounded), so that nothing typed is lost when the answer is a refusal.
		const values = { shift: shiftText, message: [...message].slice(0, applications.MESSAGE_LIMIT + 100).join('') };
		const shiftId = /^\d{1,9}$/.test(shiftText) ? Number(shiftText) : 0;
		const result = await applications.apply(event.locals.db, { userId: user.id, callId, shiftId, message });
		if (result.ok) redirect(303, localizeHref('/volunteer?done=applied'));
		if (result.reason === 'not_found') error(404, { message: m.error_404_text() });
		if (result.reason === 'course_required')
			return fail(400, { values, reason: result.reason, course: await courseLink(event, result.courseId) });
		return fail(400, { values, reason: result.reason, course: null });
	}
};
