// Reads a course's trainer documents: each module's `session.md` (a face-to-face session plan, naming
// the templates it hands out) and the printable templates in `templates/` (`consent-form.md` …),
// each with its translations beside it. They are printed in the trainer pack and, for a template an
// assignment names, offered to learners.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as script from '../../../i18n/script';
import { ContentErrors, localeFile, readFrontMatter } from './front-matter';
import { SOURCE_LOCALES, type ContentLocale, type DocumentSource } from './schema';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** The longest document text: a session plan or a template is a page or two. */
const MAX_CHARS = 20_000;

function readDocument(
	file: string,
	slug: string,
	errors: ContentErrors,
	withTemplates: boolean
): DocumentSource | null {
	const texts: DocumentSource['texts'] = {};
	let templates: string[] = [];
	for (const locale of SOURCE_LOCALES) {
		const path = localeFile(file, locale);
		if (!existsSync(path)) continue;
		const fm = readFrontMatter(path, errors);
		if (!fm) continue;
		const title = typeof fm.data.title === 'string' ? fm.data.title.trim() : '';
		if (!title) errors.add(path, 'missing title');
		if (!fm.body) errors.add(path, 'the document has no text');
		if (fm.body.length > MAX_CHARS) errors.add(path, `the document is longer than ${MAX_CHARS} characters`);
		if (locale === 'en' && withTemplates && fm.data.templates !== undefined) {
			const list = fm.data.templates;
			if (!Array.isArray(list) || list.some((t) => typeof t !== 'string' || !SLUG.test(t))) {
				errors.add(path, 'templates must be a list of template names (the file names in templates/, without .md)');
			} else templates = list as string[];
		}
		texts[locale as ContentLocale] = { title, body: fm.body };
	}
	if (!texts.en) {
		errors.add(file, 'missing the English file');
		return null;
	}
	if (texts['sr-Latn']) texts['sr-Cyrl'] = script.deriveCyrillic(texts['sr-Latn']);
	return { slug, templates, texts };
}

/** A module's session plan, or null when the module has none. */
export function readSession(dir: string, slug: string, errors: ContentErrors): DocumentSource | null {
	const file = join(dir, 'session.md');
	return existsSync(file) ? readDocument(file, slug, errors, true) : null;
}

/** The course's templates (`templates/<slug>.md`), in name order. */
export function readTemplates(courseDir: string, errors: ContentErrors): DocumentSource[] {
	const dir = join(courseDir, 'templates');
	if (!existsSync(dir)) return [];
	const out: DocumentSource[] = [];
	for (const entry of readdirSync(dir).sort()) {
		if (/\.(sq|sr-Latn|sr-Cyrl)\.md$/.test(entry)) continue;
		const match = /^(.+)\.md$/.exec(entry);
		if (!match || !SLUG.test(match[1])) {
			errors.add(join(dir, entry), 'a template is a Markdown file named slug.md (lowercase letters, digits, hyphens)');
			continue;
		}
		const doc = readDocument(join(dir, entry), match[1], errors, false);
		if (doc) out.push(doc);
	}
	return out;
}

/** Every template a session plan or an assignment names must exist in templates/. */
export function checkTemplateNames(
	course: {
		dir: string;
		templates: DocumentSource[];
		modules: { dir: string; session: DocumentSource | null; assignment: { template: string | null } | null }[];
	},
	errors: ContentErrors
): void {
	const known = new Set(course.templates.map((t) => t.slug));
	for (const mod of course.modules) {
		for (const t of mod.session?.templates ?? []) {
			if (!known.has(t)) errors.add(join(mod.dir, 'session.md'), `templates: no template "${t}" in templates/`);
		}
		const named = mod.assignment?.template;
		if (named && SLUG.test(named) && !known.has(named)) {
			errors.add(join(mod.dir, 'assignment.md'), `template: no template "${named}" in templates/`);
		}
	}
}
