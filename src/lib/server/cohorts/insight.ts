// What a cohort finds hard: for every quiz question, the share that answered right on their first
// attempt and the wrong answers chosen most often. Counted in SQL from one row per answer.
import type { DB } from '../db/client';
import type { Cohort } from '../../../../db/schema';
import type { CourseInfo } from '../catalogue/courses';
import type { QuestionKey, QuestionText } from '../catalogue/content/schema';
import { parseStoredJson } from '../db/json';
import { answerKeySchema, questionTextsSchema } from '../catalogue/quiz-schema';

export interface QuestionInsight {
	moduleTitle: string;
	questionId: string;
	prompt: string;
	firstAttempts: number;
	rightFirstTime: number;
	/** Percentage answered right first time. */
	share: number;
	wrongAnswers: { answer: string; count: number }[];
}

function describe(
	key: QuestionKey | undefined,
	text: QuestionText | undefined,
	answer: string,
	labels: { true: string; false: string }
): string {
	if (!key || !text) return answer;
	if (key.type === 'single' || key.type === 'multiple') {
		return answer
			.split(',')
			.map((n) => text.options[Number(n) - 1] ?? n)
			.join('; ');
	}
	if (key.type === 'true_false') return answer === 'true' ? labels.true : labels.false;
	if (key.type === 'ordering')
		return answer
			.split(',')
			.map((i, pos) => `${pos + 1}. ${text.items[Number(i)] ?? i}`)
			.join('  ');
	return answer;
}

/** Insight for every current quiz question of the cohort's course, hardest first. */
export async function quizInsight(
	db: DB,
	cohort: Cohort,
	course: CourseInfo,
	locale: string,
	labels: { true: string; false: string }
): Promise<QuestionInsight[]> {
	const quizzes = course.modules.filter((mod) => mod.quiz);
	if (quizzes.length === 0) return [];
	const versionIds = quizzes.map((mod) => mod.quiz!.versionId);
	// The cohort's members' answers to the course's quizzes, counted two ways below.
	const members = db
		.selectFrom('quiz_answers as qa')
		.innerJoin('cohort_members as cm', 'cm.user_id', 'qa.user_id')
		.where('cm.cohort_id', '=', cohort.id)
		.where(
			'qa.quiz_id',
			'in',
			quizzes.map((mod) => mod.quiz!.id)
		);
	const [versions, texts, firsts, wrongs] = await Promise.all([
		db.selectFrom('quiz_versions').select(['id', 'quiz_id', 'answer_key']).where('id', 'in', versionIds).execute(),
		db
			.selectFrom('quiz_texts')
			.select(['version_id', 'locale', 'questions'])
			.where('version_id', 'in', versionIds)
			.where('locale', 'in', [locale, 'en'])
			.execute(),
		members
			.select((eb) => [
				'qa.quiz_id',
				'qa.question_id',
				eb.fn.countAll<number>().as('n'),
				eb.fn.sum<number>(eb.case().when('qa.credit', '>=', 1).then(1).else(0).end()).as('right')
			])
			.where('qa.attempt_no', '=', 1)
			.groupBy(['qa.quiz_id', 'qa.question_id'])
			.execute(),
		members
			.select((eb) => ['qa.quiz_id', 'qa.question_id', 'qa.answer', eb.fn.countAll<number>().as('n')])
			.where('qa.credit', '<', 1)
			.groupBy(['qa.quiz_id', 'qa.question_id', 'qa.answer'])
			.orderBy('n', 'desc')
			.execute()
	]);
	const out: QuestionInsight[] = [];
	for (const mod of quizzes) {
		const version = versions.find((v) => v.id === mod.quiz!.versionId);
		if (!version) continue;
		const keys = parseStoredJson(answerKeySchema, version.answer_key, 'quiz_versions.answer_key');
		const textRow =
			texts.find((t) => t.version_id === version.id && t.locale === locale) ??
			texts.find((t) => t.version_id === version.id);
		const questionTexts = textRow
			? parseStoredJson(questionTextsSchema, textRow.questions, 'quiz_texts.questions')
			: [];
		keys.forEach((key, i) => {
			const first = firsts.find((f) => f.quiz_id === mod.quiz!.id && f.question_id === key.id);
			const n = Number(first?.n ?? 0);
			const right = Number(first?.right ?? 0);
			out.push({
				moduleTitle: mod.title,
				questionId: key.id,
				prompt: questionTexts[i]?.prompt ?? key.id,
				firstAttempts: n,
				rightFirstTime: right,
				share: n === 0 ? 100 : Math.round((100 * right) / n),
				wrongAnswers: wrongs
					.filter((w) => w.quiz_id === mod.quiz!.id && w.question_id === key.id)
					.slice(0, 3)
					.map((w) => ({ answer: describe(key, questionTexts[i], w.answer, labels), count: Number(w.n) }))
			});
		});
	}
	return out.sort((a, b) => a.share - b.share || b.firstAttempts - a.firstAttempts);
}

/** One learner in a cohort: lessons done, quiz attempts with scores, last activity. */
export async function learnerDetail(db: DB, cohort: Cohort, course: CourseInfo, userId: number) {
	const member = await db
		.selectFrom('cohort_members as cm')
		.innerJoin('users as u', 'u.id', 'cm.user_id')
		.leftJoin('organisations as o', 'o.id', 'u.organisation_id')
		.leftJoin('enrolments as e', (join) => join.onRef('e.user_id', '=', 'cm.user_id').on('e.course_id', '=', course.id))
		.select([
			'u.id',
			'u.name',
			'o.name as organisation',
			'e.last_activity_at',
			'e.has_activity',
			'e.units_done',
			'e.completed_at',
			'cm.joined_at'
		])
		.where('cm.cohort_id', '=', cohort.id)
		.where('cm.user_id', '=', userId)
		.executeTakeFirst();
	if (!member) return null;
	const lessonIds = course.modules.flatMap((mod) => mod.lessons.map((l) => l.id));
	const quizIds = course.modules.flatMap((mod) => (mod.quiz ? [mod.quiz.id] : []));
	const [done, attempts] = await Promise.all([
		lessonIds.length
			? db
					.selectFrom('lesson_progress')
					.select(['lesson_id', 'completed_at'])
					.where('user_id', '=', userId)
					.where('lesson_id', 'in', lessonIds)
					.execute()
			: Promise.resolve([]),
		quizIds.length
			? db
					.selectFrom('quiz_attempts')
					.select(['quiz_id', 'attempt_no', 'score', 'passed', 'submitted_at'])
					.where('user_id', '=', userId)
					.where('quiz_id', 'in', quizIds)
					.orderBy('submitted_at')
					.execute()
			: Promise.resolve([])
	]);
	const doneAt = new Map(done.map((d) => [d.lesson_id, d.completed_at]));
	return {
		name: member.name,
		organisation: member.organisation,
		lastActivityAt: member.has_activity ? member.last_activity_at : null,
		joinedAt: member.joined_at,
		completedAt: member.completed_at,
		modules: course.modules.map((mod) => ({
			title: mod.title,
			lessons: mod.lessons.map((l) => ({ title: l.title, completedAt: doneAt.get(l.id) ?? null })),
			attempts: mod.quiz
				? attempts
						.filter((a) => a.quiz_id === mod.quiz!.id)
						.map((a) => ({ number: a.attempt_no, score: a.score, passed: Boolean(a.passed), at: a.submitted_at }))
				: []
		}))
	};
}

/** A CSV cell: quoted when needed, and never starting like a formula (spreadsheet injection). */
export function csvCell(value: string | number | null): string {
	let s = value === null ? '' : String(value);
	if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
	return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** UTF-8 with a byte-order mark, so that spreadsheet programs show Cyrillic and ë correctly. */
export function csvFile(rows: (string | number | null)[][]): string {
	return '\uFEFF' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
