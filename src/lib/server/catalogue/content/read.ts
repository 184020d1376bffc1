// Reads and validates one course folder. Every problem is reported with its file and the field or
// line, and a course with any error is not imported at all.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import * as script from '../../../i18n/script';
import {
	SOURCE_LOCALES,
	type ContentLocale,
	type CourseSource,
	type LessonSource,
	type ModuleSource,
	type QuestionKey,
	type QuestionText,
	type QuizSource
} from './schema';
import { checkQuiz, drawOf, sameStructure } from '../quiz-schema';
import { keyOf, optionFeedback, optionTexts, questionFromYaml, quizFromYaml, quizProblemLines } from './quiz-yaml';
import { ContentErrors, localeFile, readFrontMatter, yamlError } from './front-matter';
import { readAssignment } from './assignment-read';
import { checkTemplateNames, readSession, readTemplates } from './trainer-read';

export { ContentErrors, readFrontMatter } from './front-matter';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const NUMBERED = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

type Data = Record<string, unknown>;

function readYamlFile(file: string, errors: ContentErrors): Data | null {
	try {
		const data = parseYaml(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
		if (!data || typeof data !== 'object' || Array.isArray(data)) {
			errors.add(file, 'must be a YAML mapping');
			return null;
		}
		return data as Data;
	} catch (e) {
		errors.add(file, yamlError(e));
		return null;
	}
}

function text(data: Data, key: string, file: string, errors: ContentErrors, required = true): string {
	const value = data[key];
	if (value === undefined || value === null || value === '') {
		if (required) errors.add(file, `missing ${key}`);
		return '';
	}
	if (typeof value !== 'string' && typeof value !== 'number') {
		errors.add(file, `${key} must be text`);
		return '';
	}
	return String(value).trim();
}

function stringList(value: unknown, label: string, file: string, errors: ContentErrors): string[] {
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' && typeof v !== 'number')) {
		errors.add(file, `${label} must be a list of texts`);
		return [];
	}
	return value.map((v) => String(v).trim());
}

function hashOf(...parts: unknown[]): string {
	return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

/** Reads a source in every locale that has a file; sr-Cyrl is generated from sr-Latn. */
function readLocalised<T>(
	file: string,
	read: (path: string) => T | null,
	cyrillic: (latin: T) => T
): Partial<Record<ContentLocale, T>> {
	const out: Partial<Record<ContentLocale, T>> = {};
	for (const locale of [...SOURCE_LOCALES, 'sr-Cyrl'] as const) {
		const path = localeFile(file, locale);
		if (existsSync(path)) {
			const value = read(path);
			if (value) out[locale] = value;
		} else if (locale === 'sr-Cyrl' && out['sr-Latn']) {
			out[locale] = cyrillic(out['sr-Latn']);
		}
	}
	return out;
}

function positiveInt(
	value: unknown,
	label: string,
	file: string,
	errors: ContentErrors,
	min = 0,
	max = 10000
): number | null {
	if (value === undefined || value === null) return null;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
		errors.add(file, `${label} must be a whole number from ${min} to ${max}`);
		return null;
	}
	return value;
}

function flag(value: unknown, label: string, file: string, errors: ContentErrors): boolean {
	if (value === undefined || value === null) return false;
	if (typeof value !== 'boolean') errors.add(file, `${label} must be true or false`);
	return value === true;
}

function readLesson(file: string, position: number, slug: string, errors: ContentErrors): LessonSource | null {
	let minutes = 0;
	const texts = readLocalised(
		file,
		(path) => {
			const fm = readFrontMatter(path, errors);
			if (!fm) return null;
			const title = text(fm.data, 'title', path, errors);
			if (path === file) {
				minutes = positiveInt(fm.data.minutes, 'minutes', path, errors, 1, 600) ?? 0;
				if (!fm.data.minutes) errors.add(path, 'missing minutes');
			}
			if (!fm.body) errors.add(path, 'the lesson has no text');
			if ([...fm.body].length > 200_000) errors.add(path, 'the lesson is longer than 200 KB');
			return { title, body: fm.body };
		},
		script.deriveCyrillic
	);
	if (!texts.en) return null;
	return { file, slug, position, minutes, texts, hash: hashOf(texts, minutes) };
}

function questionText(q: Data): QuestionText {
	const list = (v: unknown) => (Array.isArray(v) ? v.map((x) => String(x ?? '').trim()) : []);
	const feedback = optionFeedback(q.options);
	return {
		prompt: String(q.prompt ?? '').trim(),
		options: optionTexts(q.options),
		items: list(q.items),
		explanation: String(q.explanation ?? '').trim(),
		...(feedback ? { feedback } : {})
	};
}

function readQuiz(file: string, errors: ContentErrors): QuizSource | null {
	const en = readYamlFile(file, errors);
	if (!en) return null;
	const quiz = quizFromYaml(en, (message) => errors.add(file, message));
	if (!quiz) return null;
	for (const line of quizProblemLines(checkQuiz(quiz), quiz)) errors.add(file, line);
	const keys = quiz.questions.map(keyOf);
	// With a problem reported the course is not imported; these values only have to be well typed.
	const whole = (n: unknown) => (typeof n === 'number' ? n : null);
	const [passMark, maxAttempts] = [whole(quiz.passMark), whole(quiz.maxAttempts)];
	const waitMinutes = whole(quiz.waitMinutes) ?? 0;
	const attemptsPerDay = whole(quiz.attemptsPerDay);
	const draw = drawOf(quiz.draw);

	const texts: QuizSource['texts'] = {};
	const accepted = (q: Data) => (Array.isArray(q.accepted) ? q.accepted.map((a) => String(a).trim()) : []);
	const setLocale = (locale: ContentLocale, data: Data, path: string) => {
		const qs = Array.isArray(data.questions) ? (data.questions as Data[]) : [];
		if (locale === 'en') {
			texts.en = { title: String(data.title ?? '').trim(), questions: qs.map(questionText) };
			qs.forEach((q, i) => {
				if (keys[i]?.type === 'short_text') keys[i].accepted.en = accepted(q).filter(Boolean);
			});
			return;
		}
		// A translation is matched to the English quiz by question id: each of its questions must have
		// the English structure (type, number of options or items, correct answer). A question it leaves
		// out is shown in English, marked "not yet translated".
		const byId = new Map<string, Data>();
		qs.forEach((q, i) => {
			const where = `question ${i + 1}`;
			const n = keys.findIndex((k) => k.id === q?.id);
			const key = keys[n] as QuestionKey | undefined;
			const t = questionFromYaml(q && typeof q === 'object' ? q : {});
			const same =
				key !== undefined &&
				!byId.has(key.id) &&
				sameStructure(quiz.questions[n], t) &&
				JSON.stringify(keyOf(t).correct) === JSON.stringify(key.correct);
			if (!same)
				errors.add(
					path,
					`${where}: differs from the English quiz (id, type, number of options or items, or correct answer)`
				);
			else byId.set(key.id, q);
			if (!q?.prompt || !q?.explanation) errors.add(path, `${where}: missing prompt or explanation`);
			if (key?.type === 'short_text' && accepted(q).filter(Boolean).length === 0) {
				errors.add(path, `${where}: accepted answers are missing or empty`);
			}
		});
		const english = texts.en?.questions ?? [];
		texts[locale] = {
			title: String(data.title ?? '').trim(),
			questions: keys.map((key, i) => {
				const q = byId.get(key.id);
				return q ? questionText(q) : { ...english[i], untranslated: true };
			})
		};
		keys.forEach((key) => {
			const q = byId.get(key.id);
			if (q && key.type === 'short_text') key.accepted[locale] = accepted(q).filter(Boolean);
		});
	};
	setLocale('en', en, file);
	for (const locale of ['sq', 'sr-Latn', 'sr-Cyrl'] as const) {
		const path = localeFile(file, locale);
		if (existsSync(path)) {
			const data = readYamlFile(path, errors);
			if (data) setLocale(locale, data, path);
		} else if (locale === 'sr-Cyrl' && texts['sr-Latn']) {
			texts['sr-Cyrl'] = script.deriveCyrillic(texts['sr-Latn']);
			for (const key of keys) {
				if (key.type === 'short_text' && key.accepted['sr-Latn'])
					key.accepted['sr-Cyrl'] = script.deriveCyrillic(key.accepted['sr-Latn']);
			}
		}
	}
	return {
		file,
		passMark,
		maxAttempts,
		waitMinutes,
		attemptsPerDay,
		draw,
		questions: keys,
		texts,
		// The settings added later count only when set, so a quiz file without them keeps its hash.
		hash: hashOf(
			keys,
			texts,
			passMark,
			maxAttempts,
			waitMinutes,
			...(attemptsPerDay !== null || draw !== null ? [attemptsPerDay, draw] : [])
		)
	};
}

function readModule(dir: string, position: number, slug: string, errors: ContentErrors): ModuleSource | null {
	const moduleFile = join(dir, 'module.md');
	if (!existsSync(moduleFile)) {
		errors.add(dir, 'missing module.md');
		return null;
	}
	let exerciseMinutes = 0;
	const texts = readLocalised(
		moduleFile,
		(path) => {
			const fm = readFrontMatter(path, errors);
			if (!fm) return null;
			// Reading time is the lessons' minutes; this is the rest of the work (exercises, assignment).
			if (path === moduleFile)
				exerciseMinutes = positiveInt(fm.data.exercise_minutes, 'exercise_minutes', path, errors, 0, 6000) ?? 0;
			return {
				title: text(fm.data, 'title', path, errors),
				summary: text(fm.data, 'summary', path, errors, false),
				objectives: stringList(fm.data.objectives, 'objectives', path, errors),
				body: fm.body
			};
		},
		script.deriveCyrillic
	);
	const lessons: LessonSource[] = [];
	const seen = new Map<string, string>();
	for (const entry of readdirSync(dir).sort()) {
		const match = /^(\d{2})-([a-z0-9-]+)\.md$/.exec(entry);
		if (!match) {
			if (
				entry.endsWith('.md') &&
				!/\.(sq|sr-Latn|sr-Cyrl)\.md$/.test(entry) &&
				!['module.md', 'assignment.md', 'session.md'].includes(entry)
			) {
				errors.add(join(dir, entry), 'a lesson file is named NN-slug.md (two digits, a hyphen, lowercase slug)');
			}
			continue;
		}
		const [, num, lessonSlug] = match;
		if (!SLUG.test(lessonSlug)) {
			errors.add(join(dir, entry), 'the slug must be lowercase letters, digits and single hyphens');
			continue;
		}
		if (seen.has(lessonSlug)) {
			errors.add(join(dir, entry), `duplicate lesson slug "${lessonSlug}" (also ${seen.get(lessonSlug)})`);
			continue;
		}
		seen.set(lessonSlug, entry);
		const lesson = readLesson(join(dir, entry), Number(num), lessonSlug, errors);
		if (lesson) lessons.push(lesson);
	}
	if (lessons.length === 0) errors.add(dir, 'the module has no lessons');
	const quizFile = join(dir, 'quiz.yaml');
	const quiz = existsSync(quizFile) ? readQuiz(quizFile, errors) : null;
	const assignmentFile = join(dir, 'assignment.md');
	const assignment = existsSync(assignmentFile) ? readAssignment(assignmentFile, errors) : null;
	const session = readSession(dir, slug, errors);
	if (!texts.en) return null;
	return { dir, slug, position, exerciseMinutes, session, texts, lessons, quiz, assignment };
}

/** Reads one course folder; `errors` collects every problem found. */
export function readCourse(dir: string, errors: ContentErrors): CourseSource | null {
	const slug = dir.split(/[\\/]/).filter(Boolean).pop() ?? '';
	if (!SLUG.test(slug)) {
		errors.add(dir, 'a course folder name must be lowercase letters, digits and hyphens');
		return null;
	}
	const courseFile = join(dir, 'course.md');
	if (!existsSync(courseFile)) {
		errors.add(dir, 'missing course.md');
		return null;
	}
	let passMark = 70;
	let certificateModules: CourseSource['certificateModules'] = 'all';
	let organisationMinCertified = 2;
	let organisationAssignment: string | null = null;
	let requiresAssignments = false;
	let issuesCertificate = true;
	const texts = readLocalised(
		courseFile,
		(path) => {
			const fm = readFrontMatter(path, errors);
			if (!fm) return null;
			if (path === courseFile) {
				passMark = positiveInt(fm.data.pass_mark, 'pass_mark', path, errors, 1, 100) ?? 70;
				const cert = (fm.data.certificate ?? {}) as Data | false;
				requiresAssignments = flag(fm.data.requires_assignments, 'requires_assignments', path, errors);
				// `certificate: false`: a tutorial that issues none.
				if (cert === false) issuesCertificate = false;
				else if (typeof cert !== 'object') errors.add(path, 'certificate must be a mapping or false');
				else {
					if (cert.modules !== undefined && cert.modules !== 'all') {
						certificateModules = stringList(cert.modules, 'certificate.modules', path, errors);
					}
					organisationMinCertified =
						positiveInt(
							cert.organisation_min_certified,
							'certificate.organisation_min_certified',
							path,
							errors,
							1,
							1000
						) ?? 2;
					if (cert.organisation_assignment !== undefined) {
						if (typeof cert.organisation_assignment === 'string' && SLUG.test(cert.organisation_assignment))
							organisationAssignment = cert.organisation_assignment;
						else errors.add(path, 'certificate.organisation_assignment must be a module slug');
					}
				}
			}
			return {
				title: text(fm.data, 'title', path, errors),
				summary: text(fm.data, 'summary', path, errors, path === courseFile),
				body: fm.body
			};
		},
		script.deriveCyrillic
	);
	const modules: ModuleSource[] = [];
	const seen = new Map<string, string>();
	for (const entry of readdirSync(dir).sort()) {
		const path = join(dir, entry);
		if (!statSync(path).isDirectory() || ['images', 'assets', 'uploads', 'templates'].includes(entry)) continue;
		const match = NUMBERED.exec(entry);
		if (!match) {
			errors.add(path, 'a module folder is named NN-slug (two digits, a hyphen, lowercase slug)');
			continue;
		}
		const [, num, moduleSlug] = match;
		if (seen.has(moduleSlug)) {
			errors.add(path, `duplicate module slug "${moduleSlug}" (also ${seen.get(moduleSlug)})`);
			continue;
		}
		seen.set(moduleSlug, entry);
		const mod = readModule(path, Number(num), moduleSlug, errors);
		if (mod) modules.push(mod);
	}
	if (modules.length === 0) errors.add(dir, 'the course has no modules');
	if (Array.isArray(certificateModules)) {
		for (const s of certificateModules) {
			if (!seen.has(s)) errors.add(courseFile, `certificate.modules names an unknown module "${s}"`);
		}
	}
	const templates = readTemplates(dir, errors);
	checkTemplateNames({ dir, templates, modules }, errors);
	if (!texts.en) return null;
	if (requiresAssignments && !modules.some((m) => m.assignment))
		errors.add(courseFile, 'requires_assignments: the course has no assignment');
	if (organisationAssignment) {
		const named = modules.find((m) => m.slug === organisationAssignment);
		if (!named)
			errors.add(courseFile, `certificate.organisation_assignment names an unknown module "${organisationAssignment}"`);
		else if (named.assignment?.scope !== 'organisation')
			errors.add(
				courseFile,
				`certificate.organisation_assignment: module "${organisationAssignment}" has no assignment with scope: organisation`
			);
	}
	return {
		dir,
		slug,
		passMark,
		certificateModules,
		organisationMinCertified,
		organisationAssignment,
		requiresAssignments,
		issuesCertificate,
		texts,
		modules,
		templates
	};
}

/** Every course folder below `root`. */
export function listCourseDirs(root: string): string[] {
	if (!existsSync(root)) return [];
	return readdirSync(root)
		.filter((e) => !e.startsWith('.') && statSync(join(root, e)).isDirectory())
		.sort()
		.map((e) => join(root, e));
}
