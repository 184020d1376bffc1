import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { requireUser } from '$lib/server/auth/guard';
import * as authoring from '$lib/server/authoring';
import * as courses from '$lib/server/courses';
import { MAX_ZIP_BYTES, importCourseZip } from '$lib/server/content/export';
import { unzipSync } from 'fflate';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event, 'trainer');
	const db = event.locals.db;
	const ids = await authoring.authorCourseIds(db, user);
	const list = [];
	for (const id of ids) {
		const course = await courses.getCourseById(db, id, getLocale());
		if (!course) continue;
		list.push({
			id: course.id,
			title: course.title,
			authors: user.role === 'admin' ? await authoring.authorsOf(db, course.id) : [],
			modules: course.modules.map((mod, i) => ({ number: i + 1, title: mod.title, quizId: mod.quiz?.id ?? null, lessons: mod.lessons.map((l) => ({ id: l.id, title: l.title })) }))
		});
	}
	const trainers = user.role === 'admin' ? await db.selectFrom('users').select(['id', 'name']).where('role', '=', 'trainer').where('active', '=', 1).orderBy('name').execute() : [];
	return { name: user.name, isAdmin: user.role === 'admin', courses: list, trainers };
};

export const actions: Actions = {
	import: async (event) => {
		const user = requireUser(event, 'trainer');
		const form = await event.request.formData();
		const file = form.get('archive');
		if (!(file instanceof File) || file.size === 0) return fail(400, { message: m.import_choose_file() });
		if (file.size > MAX_ZIP_BYTES) return fail(413, { message: m.import_too_large() });
		const bytes = new Uint8Array(await file.arrayBuffer());
		// A trainer may only replace a course they are assigned to; new courses need an admin.
		if (user.role !== 'admin') {
			let slug = '';
			try {
				slug = Object.keys(unzipSync(bytes, { filter: () => false }))[0]?.split('/')[0] ?? '';
			} catch {
				return fail(400, { message: m.import_failed({ errors: 'zip' }) });
			}
			const course = await event.locals.db.selectFrom('courses').select('id').where('slug', '=', slug).executeTakeFirst();
			if (!course || !(await authoring.canAuthor(event.locals.db, user, course.id))) error(403, { message: m.error_403_text() });
		}
		const result = await importCourseZip(event.locals.db, bytes);
		if (!result.ok) return fail(400, { message: m.import_failed({ errors: result.errors.slice(0, 20).join(' · ') }) });
		return { success: m.import_done({ slug: result.slug }) };
	},
	assign: async (event) => {
		requireUser(event, 'admin');
		const form = await event.request.formData();
		const courseId = Number(form.get('course'));
		const userId = Number(form.get('trainer'));
		const db = event.locals.db;
		const course = Number.isInteger(courseId) ? await db.selectFrom('courses').select('id').where('id', '=', courseId).executeTakeFirst() : undefined;
		const trainer = Number.isInteger(userId) ? await db.selectFrom('users').select('id').where('id', '=', userId).where('role', '=', 'trainer').executeTakeFirst() : undefined;
		if (!course) error(404, { message: m.error_404_text() });
		if (!trainer) return fail(400, { message: m.err_cohort_trainer_unknown() });
		await authoring.assignAuthor(db, course.id, trainer.id);
		return { success: m.saved() };
	}
};
