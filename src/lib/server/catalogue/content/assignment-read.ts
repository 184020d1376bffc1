// Reads a module's assignment.md and its translations. The English file holds the structure
// (accepted files, size, rubric with points); a translation must name the same criteria with the
// same number of levels, or the course is not imported.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import * as v from 'valibot';
import * as script from '../../../i18n/script';
import { assignmentFrontMatter, issueLine, translatedFrontMatter } from '../../assignments/format';
import { ContentErrors, localeFile, readFrontMatter } from './front-matter';
import type { AssignmentSource, ContentLocale } from './schema';

export function readAssignment(file: string, errors: ContentErrors): AssignmentSource | null {
	const fm = readFrontMatter(file, errors);
	if (!fm) return null;
	const parsed = v.safeParse(assignmentFrontMatter, fm.data);
	if (!parsed.success) {
		for (const issue of parsed.issues) errors.add(file, issueLine(issue));
		return null;
	}
	const en = parsed.output;
	if (!fm.body) errors.add(file, 'the assignment has no instructions');
	if (en.template?.includes('.') && !existsSync(join(dirname(file), en.template)))
		errors.add(file, `template: ${en.template} is not beside assignment.md`);
	if (!en.text && en.accepted.length === 0) errors.add(file, 'accepted: no file kind, and text: false');
	const ids = en.rubric.map((c) => c.id);
	if (new Set(ids).size !== ids.length) errors.add(file, 'rubric: two criteria have the same id');
	const texts: AssignmentSource['texts'] = {
		en: {
			title: en.title,
			body: fm.body,
			rubric: en.rubric.map((c) => ({ title: c.title, levels: c.levels.map((l) => l.label) }))
		}
	};
	for (const locale of ['sq', 'sr-Latn', 'sr-Cyrl'] as const) {
		const path = localeFile(file, locale);
		if (!existsSync(path)) {
			if (locale === 'sr-Cyrl' && texts['sr-Latn']) texts[locale] = script.deriveCyrillic(texts['sr-Latn']);
			continue;
		}
		const tf = readFrontMatter(path, errors);
		if (!tf) continue;
		const t = v.safeParse(translatedFrontMatter, tf.data);
		if (!t.success) {
			for (const issue of t.issues) errors.add(path, issueLine(issue));
			continue;
		}
		const same =
			t.output.rubric.length === en.rubric.length &&
			t.output.rubric.every((c, i) => c.id === en.rubric[i].id && c.levels.length === en.rubric[i].levels.length);
		if (!same) errors.add(path, 'rubric: differs from the English one (criterion ids, order or number of levels)');
		if (!tf.body) errors.add(path, 'the assignment has no instructions');
		texts[locale as ContentLocale] = {
			title: t.output.title,
			body: tf.body,
			rubric: t.output.rubric.map((c) => ({ title: c.title, levels: c.levels.map((l) => l.label) }))
		};
	}
	const structure = {
		scope: en.scope,
		accepted: en.accepted,
		// Only when off, so that the hash of files written before the setting existed stays as it was.
		...(en.text ? {} : { acceptsText: false }),
		maxBytes: Math.round(en.max_mb * 1024 * 1024),
		template: en.template ?? null,
		rubric: en.rubric.map((c) => ({ id: c.id, points: c.levels.map((l) => l.points) }))
	};
	const hash = createHash('sha256')
		.update(JSON.stringify([structure, texts]))
		.digest('hex')
		.slice(0, 16);
	return { file, ...structure, acceptsText: en.text, texts, hash };
}
