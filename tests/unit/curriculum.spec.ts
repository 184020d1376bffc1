// The real curriculum in content/: it must read without errors, be translated everywhere, and the
// outreach course must have the shape the programme promised.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ContentErrors, listCourseDirs, readCourse } from '$lib/server/catalogue/content/read';
import { renderMarkdown } from '$lib/server/catalogue/markdown';
import { QUESTION_TYPES, type CourseSource } from '$lib/server/catalogue/content/schema';
import { askedCount } from '$lib/server/catalogue/quiz-schema';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const contentRoot = join(repo, 'content');

function read(slug: string): { course: CourseSource | null; errors: string[] } {
	const errors = new ContentErrors(repo);
	const course = readCourse(join(contentRoot, slug), errors);
	return { course, errors: errors.list };
}

/** Rough word count of a Markdown body: Markdown symbols and link targets removed. */
function countWords(markdown: string): number {
	const plain = markdown
		.replace(/`{3}[\s\S]*?`{3}/g, ' ')
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/gm, ' ')
		.replace(/[#*_>|`~]/g, ' ')
		.replace(/^\s*(?:[-+]|\d+\.)\s+/gm, ' ');
	return plain.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

const courses = listCourseDirs(contentRoot).map((dir) => relative(contentRoot, dir));

describe('content/', () => {
	it('holds the outreach and getting-started courses', () => {
		expect(courses).toEqual(expect.arrayContaining(['outreach', 'getting-started']));
	});

	it.each(courses)('%s reads without errors', (slug) => {
		const { course, errors } = read(slug);
		expect(errors).toEqual([]);
		expect(course).not.toBeNull();
	});

	it.each(['outreach', 'getting-started'])(
		'%s has an Albanian and a Serbian Latin file beside every English one',
		(slug) => {
			const courseDir = join(contentRoot, slug);
			const english: string[] = [join(courseDir, 'course.md')];
			for (const entry of readdirSync(courseDir).sort()) {
				const dir = join(courseDir, entry);
				if (!statSync(dir).isDirectory() || !/^\d{2}-/.test(entry)) continue;
				for (const file of readdirSync(dir).sort()) {
					if (file === 'module.md' || file === 'quiz.yaml' || /^\d{2}-[a-z0-9-]+\.md$/.test(file))
						english.push(join(dir, file));
				}
			}
			const missing: string[] = [];
			for (const file of english) {
				for (const locale of ['sq', 'sr-Latn']) {
					const translated = file.replace(/\.(md|yaml)$/, `.${locale}.$1`);
					if (!existsSync(translated)) missing.push(relative(repo, translated));
				}
			}
			expect(missing).toEqual([]);
		}
	);

	it.each(['outreach', 'getting-started'])('%s has every module, lesson and quiz in all four languages', (slug) => {
		const { course } = read(slug);
		const incomplete: string[] = [];
		const all = ['en', 'sq', 'sr-Latn', 'sr-Cyrl'] as const;
		for (const mod of course?.modules ?? []) {
			for (const l of all) if (!mod.texts[l]?.title) incomplete.push(`${mod.slug} module.md ${l}`);
			for (const lesson of mod.lessons)
				for (const l of all) if (!lesson.texts[l]?.body) incomplete.push(`${mod.slug}/${lesson.slug} ${l}`);
			for (const l of all) {
				// Same number of questions in every language (readCourse checks ids, types and answers).
				if (mod.quiz?.texts[l]?.questions.length !== mod.quiz?.questions.length)
					incomplete.push(`${mod.slug} quiz ${l}`);
			}
		}
		expect(incomplete).toEqual([]);
	});

	it.each(courses)('%s lessons render without raw HTML and without a level-1 heading', async (slug) => {
		const { course } = read(slug);
		const problems: string[] = [];
		for (const mod of course?.modules ?? []) {
			for (const lesson of mod.lessons) {
				for (const [locale, text] of Object.entries(lesson.texts)) {
					const outcome = await renderMarkdown(text.body, { assetBase: '/content-assets/x/' });
					if (!outcome.ok) {
						problems.push(`${relative(repo, lesson.file)} ${locale}: refused as too complex`);
						continue;
					}
					const { html, removed } = outcome;
					if (removed.length) problems.push(`${relative(repo, lesson.file)} ${locale}: removed ${removed.join(', ')}`);
					if (/<h1[\s>]/.test(html) || /^# /m.test(text.body))
						problems.push(`${relative(repo, lesson.file)} ${locale}: has a # heading`);
				}
			}
		}
		expect(problems).toEqual([]);
	});
});

describe('the outreach course', () => {
	const { course } = read('outreach');

	it('has 8 modules with 3 to 7 lessons each, opening with the one on Northern Kosovo', () => {
		expect(course?.modules).toHaveLength(8);
		expect(course?.modules[0].slug).toBe('northern-kosovo');
		const wrong = (course?.modules ?? [])
			.filter((m) => m.lessons.length < 3 || m.lessons.length > 7)
			.map((m) => `${m.slug}: ${m.lessons.length} lessons`);
		expect(wrong).toEqual([]);
	});

	// A quiz asks 6 to 12 questions (12 for the longest module, of seven lessons); a pool holds up to twice as many.
	it('has a quiz of 6 to 12 questions in every module, using all five question types', () => {
		const problems: string[] = [];
		for (const mod of course?.modules ?? []) {
			if (!mod.quiz) {
				problems.push(`${mod.slug}: no quiz`);
				continue;
			}
			const n = askedCount(mod.quiz.questions, mod.quiz.draw);
			if (n < 6 || n > 12) problems.push(`${mod.slug}: ${n} questions`);
			const pool = mod.quiz.questions.length;
			if (pool > 2 * n) problems.push(`${mod.slug}: a pool of ${pool} for ${n} questions`);
			const types = new Set(mod.quiz.questions.map((q) => q.type));
			const absent = QUESTION_TYPES.filter((t) => !types.has(t));
			if (absent.length) problems.push(`${mod.slug}: no ${absent.join(', ')} question`);
		}
		expect(problems).toEqual([]);
	});

	it('has English lessons of 600 to 1,200 words', () => {
		const problems: string[] = [];
		for (const mod of course?.modules ?? []) {
			for (const lesson of mod.lessons) {
				const words = countWords(lesson.texts.en?.body ?? '');
				if (words < 600 || words > 1200) problems.push(`${relative(repo, lesson.file)}: ${words} words`);
			}
		}
		expect(problems).toEqual([]);
	});
});

describe('countWords (the rough counter used above)', () => {
	it('counts words, not Markdown symbols, link targets or table rules', () => {
		expect(
			countWords(
				'## A heading\n\n- **Bold** item\n- [a link](https://example.org/long/path)\n\n| A | B |\n|---|---:|\n| one | two |\n\n> A tip.'
			)
		).toBe(12);
	});
});
