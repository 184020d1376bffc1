// Course texts name other modules by title, never by number: modules get reordered (a new opening
// module moved every number by one), and a "Module 1" written before then points at the wrong one.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const contentRoot = join(repo, 'content');

/** "Module 1", "module 03", "Modulin 6", "modula 03", "модулу 2", "modules 2 and 3" … */
const numericReference = /(?<!\p{L})(modules?|modul\p{L}*|модул\p{L}*)\s+0?\d{1,2}(?![\d\p{L}])/giu;

function filesUnder(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? filesUnder(path) : [path];
	});
}

/** Lessons, modules, courses, assignments, session plans, templates and quizzes, every language. */
const courseTexts = filesUnder(contentRoot).filter((f) => /\.(md|yaml)$/.test(f) && !f.endsWith('glossary.yaml'));

function numericReferences(text: string): string[] {
	return [...text.matchAll(numericReference)].map((m) => m[0]);
}

describe('module references in course texts', () => {
	it('finds numeric references in every language and leaves other numbers alone', () => {
		expect(numericReferences('In Module 1 you wrote your mission.')).toEqual(['Module 1']);
		expect(numericReferences('the goals from module 03 and modules 2')).toEqual(['module 03', 'modules 2']);
		expect(numericReferences('Në Modulin 1 shkruat; nga moduli 03')).toEqual(['Modulin 1', 'moduli 03']);
		expect(numericReferences('U Modulu 1 ste; iz modula 03; Modul 6')).toEqual(['Modulu 1', 'modula 03', 'Modul 6']);
		expect(numericReferences('у модулу 3 сте')).toEqual(['модулу 3']);
		expect(numericReferences('This module takes 3 hours; lesson 2; the modules in 2026; module 2FA')).toEqual([]);
	});

	it('has no course text that refers to a module by its number', () => {
		expect(courseTexts.length).toBeGreaterThan(100);
		const found = courseTexts.flatMap((file) =>
			readFileSync(file, 'utf8')
				.split('\n')
				.flatMap((line, i) => numericReferences(line).map((m) => `${relative(repo, file)}:${i + 1}: ${m}`))
		);
		expect(found).toEqual([]);
	});
});
