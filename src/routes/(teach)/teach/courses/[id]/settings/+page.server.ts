import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { localizeHref } from '$lib/i18n/href';
import { loadAuthoredCourse } from '$lib/server/http/authoring-pages';
import * as courses from '$lib/server/catalogue/courses';
import * as settings from '$lib/server/authoring/course-settings';

// The course's trainers (its authors) and admins: the load and the action each check.
export const load: PageServerLoad = async (event) => {
	const { course } = await loadAuthoredCourse(event);
	const db = event.locals.db;
	const [info, current, modules] = await Promise.all([
		courses.getCourseById(db, course.id, getLocale()),
		settings.settingsOf(db, course.id),
		settings.settingsModules(db, course.id, getLocale())
	]);
	if (!info || !current) error(404, { message: m.error_404_text() });
	return {
		course: { id: course.id, title: info.title },
		settings: current,
		modules,
		ranges: { passMark: settings.PASS_MARK_RANGE, orgMin: settings.ORG_MIN_RANGE },
		saved: event.url.searchParams.get('done') === 'saved'
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { user, course } = await loadAuthoredCourse(event);
		const form = await event.request.formData();
		const input: settings.SettingsInput = {
			passMark: form.get('pass_mark'),
			issuesCertificate: form.get('issues_certificate'),
			requiresAssignments: form.get('requires_assignments'),
			certificateScope: form.get('certificate_scope'),
			certificateModules: form.getAll('certificate_modules'),
			orgMinCertified: form.get('org_min_certified'),
			orgAssignmentModule: form.get('org_assignment_module')
		};
		const result = await settings.saveSettings(event.locals.db, course.id, input, user.id);
		if (!result.ok) {
			const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 200) : '');
			return fail(400, {
				errors: result.errors,
				values: {
					passMark: text(input.passMark),
					issuesCertificate: input.issuesCertificate === 'on',
					requiresAssignments: input.requiresAssignments === 'on',
					certificateScope: input.certificateScope === 'some' ? 'some' : 'all',
					certificateModules: input.certificateModules.map(text).slice(0, 200),
					orgMinCertified: text(input.orgMinCertified),
					orgAssignmentModule: text(input.orgAssignmentModule)
				}
			});
		}
		redirect(303, localizeHref(`/teach/courses/${course.id}/settings?done=saved`));
	}
};
