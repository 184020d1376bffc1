// Shared steps of the learning routes: find the course or answer 404, read the learner's state.
import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { DB } from './db';
import * as courses from './courses';
import * as progress from './progress';

export async function loadCourseOr404(db: DB, slug: string) {
	const course = /^[a-z0-9-]{1,80}$/.test(slug) ? await courses.getCourseBySlug(db, slug, getLocale()) : null;
	if (!course) error(404, { message: m.error_404_text() });
	return course;
}

export async function loadModuleOr404(db: DB, userId: number | null, courseSlug: string, moduleSlug: string) {
	const course = await loadCourseOr404(db, courseSlug);
	const record = userId === null ? null : await progress.readRecord(db, userId, course.id);
	const state = record ? progress.computeCourseState(course, record) : await progress.getCourseState(db, null, course);
	const moduleState = state.modules.find((s) => s.module.slug === moduleSlug);
	if (!moduleState) error(404, { message: m.error_404_text() });
	return { course, record, state, moduleState };
}
