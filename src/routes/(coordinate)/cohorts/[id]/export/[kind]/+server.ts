import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { loadCohort } from '$lib/server/http/cohort-pages';
import * as dashboard from '$lib/server/cohorts/dashboard';
import { csvFile, quizInsight } from '$lib/server/cohorts/insight';

const statusText = {
	not_started: m.status_not_started,
	on_track: m.status_on_track,
	at_risk: m.status_at_risk,
	completed: m.status_completed
};
const cellText = {
	not_started: m.cell_not_started,
	in_progress: m.cell_in_progress,
	quiz_failed: m.cell_quiz_failed,
	passed: m.cell_passed
};

// CSV downloads of the matrix and of quiz results (UTF-8 with a byte-order mark).
export const GET: RequestHandler = async (event) => {
	const { cohort, course } = await loadCohort(event);
	const db = event.locals.db;
	let rows: (string | number | null)[][];
	if (event.params.kind === 'matrix') {
		rows = [
			[
				m.field_name(),
				m.field_organisation(),
				m.field_status(),
				'%',
				...course.modules.map((mod, i) => `M${i + 1} ${mod.title}`),
				m.sort_activity()
			]
		];
		for (let page = 1; ; page++) {
			const result = await dashboard.learnerPage(db, cohort, course, { page, sort: 'name' });
			for (const r of result.rows)
				rows.push([
					r.name,
					r.organisation,
					statusText[r.status](),
					r.percent,
					...r.cells.map((c) => cellText[c]()),
					r.lastActivityAt === null ? '' : new Date(r.lastActivityAt).toISOString()
				]);
			if (page * dashboard.PAGE_SIZE >= result.total) break;
		}
	} else if (event.params.kind === 'quiz') {
		rows = [
			[
				m.insight_module(),
				m.insight_question(),
				m.insight_first_attempts(),
				m.insight_right_first(),
				'%',
				m.insight_wrong_answers()
			]
		];
		for (const q of await quizInsight(db, cohort, course, getLocale(), {
			true: m.quiz_true(),
			false: m.quiz_false()
		})) {
			rows.push([
				q.moduleTitle,
				q.prompt,
				q.firstAttempts,
				q.rightFirstTime,
				q.share,
				q.wrongAnswers.map((w) => `${w.answer} (${w.count})`).join(' | ')
			]);
		}
	} else error(404, { message: m.error_404_text() });
	return new Response(csvFile(rows), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="cohort-${cohort.id}-${event.params.kind}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
