import type { PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { requireUser } from '$lib/server/http/guard';
import { loadCourseOr404 } from '$lib/server/http/learning-pages';
import * as progress from '$lib/server/learning/progress';
import * as search from '$lib/server/catalogue/search';

// Lessons a learner cannot open yet are listed, marked as such, without a link: someone who searches
// a course wants to know whether and where it covers a topic, and a hidden lesson would read as "not
// in this course". Their text shows only as a snippet, as the course outline already shows titles.
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const db = event.locals.db;
	const course = await loadCourseOr404(db, event.params.course);
	const raw = event.url.searchParams.get('q');
	const base = { course: { slug: course.slug, title: course.title }, maxLength: search.QUERY_MAX };
	if (raw === null) return { ...base, query: '', problem: null, hits: null };
	const parsed = search.parseQuery(raw);
	if (!parsed.ok) return { ...base, query: parsed.query, problem: parsed.reason, hits: null };
	const [found, state] = await Promise.all([
		search.searchCourse(db, course, getLocale(), parsed.words),
		progress.getCourseState(db, user.id, course)
	]);
	const locks = new Map(state.modules.flatMap((mod) => mod.lessons.map((l) => [l.id, l.lockReason] as const)));
	return {
		...base,
		query: parsed.query,
		problem: null,
		hits: found.map((hit) => ({ ...hit, locked: locks.get(hit.lessonId) ?? null })),
		capped: found.length >= search.RESULTS_MAX
	};
};
