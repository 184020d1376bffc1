import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { redirectDone } from '$lib/server/http/prg';
import { getLocale } from '$lib/paraglide/runtime';
import { localizeHref } from '$lib/i18n/href';
import { requireUser } from '$lib/server/http/guard';
import * as authoring from '$lib/server/authoring/lessons';
import * as outline from '$lib/server/authoring/outline';
import * as courses from '$lib/server/catalogue/courses';
import * as users from '$lib/server/people/users';
import { MAX_ZIP_BYTES, importCourseZip } from '$lib/server/catalogue/content/export';
import { formatMoved, parseMoved } from '$lib/server/authoring/moved';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event, 'trainer');
	const db = event.locals.db;
	const isAdmin = user.role === 'admin';
	const ids = await authoring.authorCourseIds(db, user);
	return {
		name: user.name,
		isAdmin,
		courses: await outline.authoredCourses(db, ids, getLocale(), isAdmin),
		// The move that "Undo last move" would take back, right after it (?moved=…).
		moved: parseMoved(event.url.searchParams.get('moved')),
		trainers: isAdmin ? await users.activeTrainers(db) : []
	};
};

/** The course a structure action touches, checked for this user. */
async function courseOf(event: Parameters<Actions[string]>[0], kind: 'course' | 'module' | 'lesson', id: number) {
	const user = requireUser(event, 'trainer');
	const courseId = await courses.courseIdOf(event.locals.db, kind, id);
	if (courseId === undefined) error(404, { message: m.error_404_text() });
	if (!(await authoring.canAuthor(event.locals.db, user, courseId))) error(403, { message: m.error_403_text() });
	return user;
}

const idOf = (v: FormDataEntryValue | null) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : -1);

export const actions: Actions = {
	createCourse: async (event) => {
		const user = requireUser(event, 'trainer');
		const form = await event.request.formData();
		const result = await authoring.createCourse(
			event.locals.db,
			{ title: form.get('title'), summary: form.get('summary') },
			user
		);
		if (!result.ok) return fail(400, { message: m.editor_title_required() });
		redirectDone(event, 'created');
	},
	createModule: async (event) => {
		const form = await event.request.formData();
		const courseId = idOf(form.get('course'));
		const user = await courseOf(event, 'course', courseId);
		const result = await authoring.createModule(event.locals.db, courseId, form.get('title'), user.id);
		if (!result.ok) return fail(400, { message: m.editor_title_required() });
		redirectDone(event, 'created');
	},
	createLesson: async (event) => {
		const form = await event.request.formData();
		const moduleId = idOf(form.get('module'));
		const user = await courseOf(event, 'module', moduleId);
		const result = await authoring.createLesson(event.locals.db, moduleId, form.get('title'), user.id);
		if (!result.ok) return fail(400, { message: m.editor_title_required() });
		redirect(303, localizeHref(`/teach/lessons/${result.id}`));
	},
	move: async (event) => {
		const form = await event.request.formData();
		const kind = form.get('kind') === 'module' ? 'module' : 'lesson';
		const id = idOf(form.get('id'));
		const direction = form.get('direction') === 'up' ? 'up' : 'down';
		// A drag posts how many places it went; the buttons go one.
		const steps = form.has('steps') ? idOf(form.get('steps')) : 1;
		await courseOf(event, kind, id);
		const result = await authoring.reorder(event.locals.db, kind, id, direction, { steps });
		if (!result.ok) return fail(400, { message: m.ed_move_refused() });
		// The redirect says what to undo: the opposite move, valid while the order is still this one.
		redirectDone(event, 'moved', { moved: formatMoved({ kind, id, direction, steps, stamp: result.stamp }) });
	},
	undo: async (event) => {
		requireUser(event, 'trainer');
		const form = await event.request.formData();
		const undo = parseMoved(form.get('moved'));
		if (!undo) return fail(400, { message: m.ed_undo_refused() });
		await courseOf(event, undo.kind, undo.id);
		const back = undo.direction === 'up' ? 'down' : 'up';
		const result = await authoring.reorder(event.locals.db, undo.kind, undo.id, back, {
			steps: undo.steps,
			expectedStamp: undo.stamp
		});
		if (!result.ok) return fail(409, { message: m.ed_undo_refused() });
		redirectDone(event, 'undone');
	},
	assign: async (event) => {
		requireUser(event, 'admin');
		const form = await event.request.formData();
		const db = event.locals.db;
		const courseId = await courses.courseIdOf(db, 'course', idOf(form.get('course')));
		const trainer = await users.getUser(db, idOf(form.get('trainer')));
		if (courseId === undefined) error(404, { message: m.error_404_text() });
		if (trainer?.role !== 'trainer') return fail(400, { message: m.err_cohort_trainer_unknown() });
		await authoring.assignAuthor(db, courseId, trainer.id);
		redirectDone(event, 'saved');
	},
	import: async (event) => {
		const user = requireUser(event, 'trainer');
		const form = await event.request.formData();
		const file = form.get('archive');
		if (!(file instanceof File) || file.size === 0) return fail(400, { message: m.import_choose_file() });
		if (file.size > MAX_ZIP_BYTES) return fail(413, { message: m.import_too_large() });
		const bytes = new Uint8Array(await file.arrayBuffer());
		// Authors of a course may replace it and only admins create one; the domain decides which
		// course the zip holds from all its entries.
		const result = await importCourseZip(event.locals.db, bytes, user);
		if (!result.ok && result.forbidden) return fail(403, { message: m.sec13_import_forbidden() });
		if (!result.ok) return fail(400, { message: m.import_failed({ errors: result.errors.slice(0, 20).join(' · ') }) });
		redirectDone(event, 'imported', { slug: result.slug });
	}
};
