// "Preview as learner": a course walked through as its learners see it, for its authors (trainers
// assigned to it and admins). Every lesson is open and nothing is recorded: no enrolment, no
// progress, no quiz attempt (nothing here writes to the database). Two views: the published course,
// exactly as learners get it, or the drafts laid over it, which is what learners would get if every
// draft were published now (the same overlay that publishing uses).
import type { DB } from '../db/client';
import * as courses from './courses';
import * as authoring from '../authoring/lessons';
import * as structureTexts from '../authoring/structure-texts';
import * as builder from '../authoring/quiz-versions';
import * as quizzes from '../learning/quizzes';
import { reviewQuestions } from '../learning/review';
import * as grading from '../learning/grading';
import { appSecret } from '../platform/secret';
import type { QuestionKey, QuestionText } from './content/schema';
import { askedCount, drawOf, type QuizDraw } from './quiz-schema';
import { drawFromText } from './quiz-form';
import { drawPresentation, keysOnPaper } from '../learning/presentation';
import type { RenderOutcome } from './markdown';
import { textFor } from '../../i18n/script';
import { m } from '$lib/paraglide/messages';

export type PreviewView = 'published' | 'drafts';

/** A draft the renderer refuses (too complex) shows as a notice in its place; its editor says why. */
async function htmlOf(rendering: Promise<RenderOutcome>): Promise<string> {
	const outcome = await rendering;
	if (outcome.ok) return outcome.html;
	return `<p class="notice error">${m.sec_markdown_too_complex().replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`;
}

/** The view named in an address (`?view=drafts`); the published course otherwise. */
export function viewOf(value: string | null): PreviewView {
	return value === 'drafts' ? 'drafts' : 'published';
}

// The preview has the published course's shape, less what only learners' pages use; what exists
// only as a draft has no published version yet.
export type PreviewLesson = Pick<courses.LessonInfo, 'id' | 'slug' | 'title' | 'minutes'> & {
	/** The published version; null for a lesson that exists only as a draft. */
	versionId: number | null;
};

export type PreviewQuiz = Pick<courses.QuizInfo, 'id' | 'passMark' | 'maxAttempts'> & { versionId: number | null };

export type PreviewModule = Omit<courses.ModuleInfo, 'lessons' | 'quiz' | 'assignment'> & {
	lessons: PreviewLesson[];
	quiz: PreviewQuiz | null;
};

export type PreviewCourse = Pick<courses.CourseInfo, 'id' | 'slug' | 'title' | 'summary' | 'bodyHtml' | 'fallback'> & {
	modules: PreviewModule[];
};

function fromPublished(c: courses.CourseInfo): PreviewCourse {
	return {
		id: c.id,
		slug: c.slug,
		title: c.title,
		summary: c.summary,
		bodyHtml: c.bodyHtml,
		fallback: c.fallback,
		modules: c.modules.map((mod) => ({
			id: mod.id,
			slug: mod.slug,
			position: mod.position,
			title: mod.title,
			summary: mod.summary,
			objectives: mod.objectives,
			bodyHtml: mod.bodyHtml,
			fallback: mod.fallback,
			exerciseMinutes: mod.exerciseMinutes,
			lessons: mod.lessons.map((l) => ({
				id: l.id,
				slug: l.slug,
				title: l.title,
				minutes: l.minutes,
				versionId: l.versionId
			})),
			quiz: mod.quiz && {
				id: mod.quiz.id,
				versionId: mod.quiz.versionId,
				passMark: mod.quiz.passMark,
				maxAttempts: mod.quiz.maxAttempts
			}
		}))
	};
}

async function fromDrafts(db: DB, courseId: number, locale: string): Promise<PreviewCourse | null> {
	const ctx = await structureTexts.structureContext(db, 'course', courseId);
	if (!ctx) return null;
	const [courseText, modules, lessons, quizRows] = await Promise.all([
		structureTexts.pendingTexts(db, 'course', courseId),
		db
			.selectFrom('modules')
			.select(['id', 'slug', 'position', 'exercise_minutes'])
			.where('course_id', '=', courseId)
			.where('archived', '=', 0)
			.orderBy('position')
			.orderBy('id')
			.execute(),
		db
			.selectFrom('lessons')
			.innerJoin('modules', 'modules.id', 'lessons.module_id')
			.select(['lessons.id', 'lessons.module_id', 'lessons.slug', 'lessons.minutes', 'lessons.current_version_id'])
			.where('modules.course_id', '=', courseId)
			.where('lessons.archived', '=', 0)
			.orderBy('lessons.position')
			.orderBy('lessons.id')
			.execute(),
		db
			.selectFrom('quizzes')
			.innerJoin('modules', 'modules.id', 'quizzes.module_id')
			.select(['quizzes.id', 'quizzes.module_id', 'quizzes.current_version_id'])
			.where('modules.course_id', '=', courseId)
			.where('quizzes.archived', '=', 0)
			.execute()
	]);
	const out: PreviewModule[] = [];
	for (const mod of modules) {
		const text = textFor(locale, (await structureTexts.pendingTexts(db, 'module', mod.id)).texts);
		if (!text) continue;
		const lessonViews: PreviewLesson[] = [];
		for (const l of lessons.filter((x) => x.module_id === mod.id)) {
			const t = textFor(locale, (await authoring.pendingTexts(db, l.id, l.current_version_id)).texts);
			if (t)
				lessonViews.push({
					id: l.id,
					slug: l.slug,
					title: t.text.title,
					minutes: l.minutes,
					versionId: l.current_version_id
				});
		}
		const q = quizRows.find((x) => x.module_id === mod.id);
		const pending = q ? await builder.pendingQuiz(db, q.id, q.current_version_id) : null;
		// As for learners: a module without lessons or quiz is not shown.
		if (lessonViews.length === 0 && !pending) continue;
		out.push({
			id: mod.id,
			slug: mod.slug,
			position: mod.position,
			exerciseMinutes: mod.exercise_minutes,
			title: text.text.title,
			summary: text.text.summary,
			objectives: text.text.objectives,
			bodyHtml: await htmlOf(
				structureTexts.renderIntro(
					text.text.body,
					structureTexts.moduleAssetBase(ctx.courseSlug, mod.position, mod.slug)
				)
			),
			fallback: text.fallback,
			lessons: lessonViews,
			quiz:
				q && pending
					? {
							id: q.id,
							versionId: q.current_version_id,
							passMark: pending.english.passMark,
							maxAttempts: pending.english.maxAttempts
						}
					: null
		});
	}
	const course = textFor(locale, courseText.texts);
	return {
		id: courseId,
		slug: ctx.courseSlug,
		title: course?.text.title ?? ctx.courseSlug,
		summary: course?.text.summary ?? '',
		bodyHtml: course ? await htmlOf(structureTexts.renderIntro(course.text.body, ctx.assetBase)) : '',
		fallback: course?.fallback ?? false,
		modules: out
	};
}

/** The course in a locale, published or with the drafts laid over it; null for an unknown course. */
export async function previewCourse(
	db: DB,
	courseId: number,
	locale: string,
	view: PreviewView
): Promise<PreviewCourse | null> {
	if (view === 'published') {
		const published = await courses.getCourseById(db, courseId, locale);
		return published && fromPublished(published);
	}
	return fromDrafts(db, courseId, locale);
}

export interface PreviewStep {
	kind: 'lesson' | 'quiz';
	moduleSlug: string;
	/** Lessons only. */
	lessonSlug: string | null;
	/** The lesson's title, or the module's for its quiz. */
	title: string;
}

/** Every lesson and quiz of the course in order, for previous and next. */
export function stepsOf(course: PreviewCourse): PreviewStep[] {
	return course.modules.flatMap((mod) => [
		...mod.lessons.map((l) => ({ kind: 'lesson' as const, moduleSlug: mod.slug, lessonSlug: l.slug, title: l.title })),
		...(mod.quiz ? [{ kind: 'quiz' as const, moduleSlug: mod.slug, lessonSlug: null, title: mod.title }] : [])
	]);
}

/** A lesson's text as it would read: the stored page where it is unchanged, else the draft rendered. */
export async function lessonText(
	db: DB,
	course: PreviewCourse,
	mod: PreviewModule,
	lesson: PreviewLesson,
	locale: string,
	view: PreviewView
) {
	if (view === 'published')
		return lesson.versionId === null ? null : courses.getLessonText(db, lesson.versionId, locale);
	const pending = await authoring.pendingTexts(db, lesson.id, lesson.versionId);
	const chosen = textFor(locale, pending.texts);
	if (!chosen) return null;
	const published = pending.published.get(chosen.fallback ? 'en' : locale);
	if (
		lesson.versionId !== null &&
		published &&
		published.title === chosen.text.title &&
		published.body === chosen.text.body
	) {
		return courses.getLessonText(db, lesson.versionId, locale);
	}
	const html = await htmlOf(
		authoring.preview(chosen.text.body, { courseSlug: course.slug, modulePosition: mod.position, moduleSlug: mod.slug })
	);
	return { title: chosen.text.title, html, fallback: chosen.fallback };
}

interface QuizMaterial {
	keys: QuestionKey[];
	texts: QuestionText[];
	title: string;
	fallback: boolean;
	passMark: number;
	maxAttempts: number | null;
	draw: QuizDraw | null;
	/** What keys the shuffle of ordering items. */
	scope: number | string;
}

async function quizMaterial(
	db: DB,
	quiz: PreviewQuiz,
	locale: string,
	view: PreviewView
): Promise<QuizMaterial | null> {
	if (view === 'published') {
		if (quiz.versionId === null) return null;
		const data = await quizzes.loadVersion(db, quiz.versionId, locale);
		const key = await quizzes.versionKey(db, quiz.versionId);
		return data && key && { ...data, maxAttempts: quiz.maxAttempts, draw: key.draw, scope: quiz.versionId };
	}
	const pending = await builder.pendingQuiz(db, quiz.id, quiz.versionId);
	const chosen = pending && textFor(locale, pending.texts);
	if (!pending || !chosen) return null;
	return {
		keys: pending.keys,
		texts: chosen.text.questions,
		title: chosen.text.title,
		fallback: chosen.fallback,
		passMark: pending.english.passMark,
		maxAttempts: pending.english.maxAttempts,
		draw: drawOf(drawFromText(pending.english.draw)),
		scope: `draft-${quiz.id}`
	};
}

/** A preview's paper seed: 32 hex digits, as a learner's submission key. */
export const PAPER_SEED = /^[a-f0-9]{32}$/;
/** The paper of a preview that names none. */
export const FIXED_SEED = '0'.repeat(32);

/**
 * The quiz's questions as a learner's attempt gets them (no answers): drawn from the pool and shuffled
 * by `seed`, as the attempt's submission key draws a learner's paper, but nothing is stored; the same
 * seed shows the same paper, another seed another draw.
 */
export async function presentQuiz(
	db: DB,
	quiz: PreviewQuiz,
	locale: string,
	view: PreviewView,
	seed: string = FIXED_SEED
) {
	const data = await quizMaterial(db, quiz, locale, view);
	if (!data) return null;
	const secret = await appSecret(db);
	const paper = drawPresentation(data.keys, data.draw, `preview:${seed}`, secret);
	return {
		title: data.title,
		fallback: data.fallback,
		passMark: data.passMark,
		maxAttempts: data.maxAttempts,
		questionCount: askedCount(data.keys, data.draw),
		poolSize: data.keys.length,
		questions: quizzes.presentQuestions(data.keys, data.texts, data.scope, secret, paper)
	};
}

/**
 * Reads and grades a submitted preview quiz as a learner's attempt would be, against the paper of
 * the seed it was shown with, and stores nothing: the result is only shown. Null when the quiz is
 * not there (any more) in this view.
 */
export async function checkQuiz(
	db: DB,
	quiz: PreviewQuiz,
	locale: string,
	view: PreviewView,
	form: FormData,
	seed: string = FIXED_SEED
) {
	const data = await quizMaterial(db, quiz, locale, view);
	if (!data) return null;
	const secret = await appSecret(db);
	const paper = drawPresentation(data.keys, data.draw, `preview:${seed}`, secret);
	const keys = keysOnPaper(data.keys, paper);
	const parsed = quizzes.readAnswers(keys, form, data.scope, secret);
	if (!parsed.ok) return parsed;
	const graded = grading.grade(keys, parsed.answers, locale, data.passMark);
	return {
		ok: true as const,
		score: graded.score,
		passed: graded.passed,
		passMark: data.passMark,
		questions: reviewQuestions(data.keys, data.texts, parsed.answers, graded.results, paper)
	};
}
