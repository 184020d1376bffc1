// Helpers for the assignment tests and for every test that completes the outreach course, whose
// certificate also needs the portfolio accepted: the learner hands each assignment in through its
// form and the demo trainer accepts it through the review form. Rubrics come from content/.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Browser, type Page } from '@playwright/test';
import { TRAINER, signIn } from './helpers';
import { frontMatter, type CourseContent } from './learning-helpers';

/** A one-page PDF as far as the server's content check goes (its signature). */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

export interface AssignmentContent {
	moduleSlug: string;
	title: string;
	/** 'organisation': handed in once per organisation by a confirmed member (the outreach plan). */
	scope: 'learner' | 'organisation';
	rubric: { id: string; title: string; levels: { label: string; points: number }[] }[];
}

/** The assignments of a course as content/ describes them, in module order. */
export function readAssignments(course: CourseContent): AssignmentContent[] {
	return course.modules
		.filter((mod) => existsSync(join(mod.dir, 'assignment.md')))
		.map((mod) => {
			const data = frontMatter(join(mod.dir, 'assignment.md'));
			return {
				moduleSlug: mod.slug,
				title: String(data.title),
				scope: data.scope === 'organisation' ? 'organisation' : 'learner',
				rubric: data.rubric as AssignmentContent['rubric']
			};
		});
}

export const assignmentPath = (course: string, module: string, locale = 'en') =>
	`/${locale}/courses/${course}/${module}/assignment`;

/** Posts the hand-in form as a browser without JavaScript does (multipart); returns the response. */
export function handIn(
	page: Page,
	course: string,
	module: string,
	parts: { text?: string; file?: { name: string; mimeType: string; buffer: Buffer } }
) {
	const origin = new URL(page.url()).origin;
	return page.request.post(`${origin}${assignmentPath(course, module)}?/submit`, {
		headers: { Origin: origin, Accept: 'text/html' },
		multipart: { text: parts.text ?? '', ...(parts.file ? { file: parts.file } : {}) },
		maxRedirects: 0
	});
}

/** The id of the newest version the learner handed in with a file (its download link names it). */
export async function newestSubmissionId(page: Page, course: string, module: string): Promise<number> {
	const origin = new URL(page.url()).origin;
	const html = await (await page.request.get(`${origin}${assignmentPath(course, module)}`)).text();
	const id = Number(/\/submissions\/(\d+)\/file/.exec(html)?.[1]);
	expect(id, `a handed-in file on ${module}`).toBeGreaterThan(0);
	return id;
}

/** A trainer's review through the review form: every criterion at `level` (default: the highest). */
export function review(
	trainer: Page,
	submissionId: number,
	assignment: AssignmentContent,
	decision: 'accept' | 'revise',
	feedback = '',
	level?: number
) {
	const origin = new URL(trainer.url()).origin;
	const fields = new URLSearchParams({ decision, feedback });
	for (const c of assignment.rubric) fields.set(`level-${c.id}`, String(level ?? c.levels.length - 1));
	return trainer.request.post(`${origin}/en/teach/reviews/${submissionId}`, {
		headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
		data: fields.toString(),
		maxRedirects: 0
	});
}

/**
 * The signed-in learner hands in their own pieces of the portfolio and the demo trainer accepts
 * every one. The organisation's piece (the outreach plan) is not the person's: see organisationPlanAccepted.
 */
export function portfolioAccepted(browser: Browser, page: Page, course: CourseContent): Promise<void> {
	return handedInAndAccepted(
		browser,
		page,
		course,
		readAssignments(course).filter((a) => a.scope === 'learner')
	);
}

/** The signed-in confirmed member hands in the organisation's assignment and the demo trainer accepts it. */
export function organisationPlanAccepted(browser: Browser, page: Page, course: CourseContent): Promise<void> {
	return handedInAndAccepted(
		browser,
		page,
		course,
		readAssignments(course).filter((a) => a.scope === 'organisation')
	);
}

async function handedInAndAccepted(
	browser: Browser,
	page: Page,
	course: CourseContent,
	pieces: AssignmentContent[]
): Promise<void> {
	const context = await browser.newContext();
	try {
		const trainer = await context.newPage();
		await signIn(trainer, TRAINER.email, TRAINER.password);
		for (const assignment of pieces) {
			const sent = await handIn(page, course.slug, assignment.moduleSlug, {
				text: 'Our part of the portfolio.',
				file: { name: 'portfolio.pdf', mimeType: 'application/pdf', buffer: PDF }
			});
			expect(sent.status(), `hand-in of ${assignment.moduleSlug}`).toBe(303);
			const id = await newestSubmissionId(page, course.slug, assignment.moduleSlug);
			expect((await review(trainer, id, assignment, 'accept')).status(), `review of ${assignment.moduleSlug}`).toBe(
				303
			);
		}
	} finally {
		await context.close();
	}
}
