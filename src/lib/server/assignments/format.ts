// The assignment's shape in one place: what content/ may say in an assignment.md front matter, and
// how the stored JSON columns are read back. The importer and the domain both go through here.
import * as v from 'valibot';
import { parseStoredJson } from '../db/json';

/** File kinds a learner may hand in; text (Markdown) is always accepted beside them. */
export const FILE_KINDS = ['pdf', 'docx', 'odt', 'png', 'jpg'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export const FILE_TYPES: Record<FileKind, string> = {
	pdf: 'application/pdf',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	odt: 'application/vnd.oasis.opendocument.text',
	png: 'image/png',
	jpg: 'image/jpeg'
};

const MB = 1024 * 1024;
export const ASSIGNMENT_LIMITS = {
	/** The largest file any assignment may accept (the upload form's body limit follows it). */
	maxBytes: 10 * MB,
	textChars: 50_000,
	/** Versions one thread keeps (every one is shown): enough to revise, not to flood a reviewer. */
	versions: 20,
	feedbackChars: 5_000,
	criteria: 10,
	levels: [2, 6],
	points: 100
} as const;

const text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const level = v.object({
	points: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(ASSIGNMENT_LIMITS.points)),
	label: text(300)
});
const criterion = v.object({
	id: v.pipe(v.string(), v.regex(SLUG, 'the id must be lowercase letters, digits and hyphens')),
	title: text(200),
	levels: v.pipe(v.array(level), v.minLength(ASSIGNMENT_LIMITS.levels[0]), v.maxLength(ASSIGNMENT_LIMITS.levels[1]))
});

export const ASSIGNMENT_SCOPES = ['learner', 'organisation'] as const;

/** The English assignment.md front matter. */
export const assignmentFrontMatter = v.object({
	title: text(200),
	/** `organisation`: handed in once per organisation, by a confirmed member on its behalf. */
	scope: v.optional(v.picklist(ASSIGNMENT_SCOPES), 'learner'),
	/** Files; may be empty when a Markdown answer is accepted. */
	accepted: v.array(v.picklist(FILE_KINDS)),
	text: v.optional(v.boolean(), true),
	max_mb: v.optional(v.pipe(v.number(), v.minValue(0.1), v.maxValue(ASSIGNMENT_LIMITS.maxBytes / MB)), 10),
	template: v.optional(
		v.pipe(
			v.string(),
			v.regex(
				/^[a-z0-9][a-z0-9._-]*\.(pdf|docx|odt)$|^[a-z0-9]+(?:-[a-z0-9]+)*$/,
				"a file beside assignment.md (pdf, docx or odt), or a template's name in the course's templates/"
			)
		)
	),
	rubric: v.pipe(v.array(criterion), v.minLength(1), v.maxLength(ASSIGNMENT_LIMITS.criteria))
});

/** A translation's front matter: the same criteria by id, the same number of levels; no points. */
export const translatedFrontMatter = v.object({
	title: text(200),
	rubric: v.array(v.object({ id: v.string(), title: text(200), levels: v.array(v.object({ label: text(300) })) }))
});

// ——— Stored: the rubric's structure and its texts ———

export const rubricSchema = v.array(v.object({ id: v.string(), points: v.array(v.number()) }));
export type Rubric = v.InferOutput<typeof rubricSchema>;
export const rubricTextsSchema = v.array(v.object({ title: v.string(), levels: v.array(v.string()) }));
export type RubricTexts = v.InferOutput<typeof rubricTextsSchema>;
export const acceptedSchema = v.array(v.picklist(FILE_KINDS));
export const scoresSchema = v.record(v.string(), v.number());
export type Scores = v.InferOutput<typeof scoresSchema>;

export const readRubric = (t: string) => parseStoredJson(rubricSchema, t, 'assignments.rubric');
export const readRubricTexts = (t: string) => parseStoredJson(rubricTextsSchema, t, 'assignment_texts.rubric');
export const readAccepted = (t: string) => parseStoredJson(acceptedSchema, t, 'assignments.accepted');
export const readScores = (t: string | null) =>
	t === null ? null : parseStoredJson(scoresSchema, t, 'submissions.scores');

/** A valibot issue as one line: `rubric.0.levels: Invalid length`. */
export function issueLine(issue: v.BaseIssue<unknown>): string {
	const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
	return path ? `${path}: ${issue.message}` : issue.message;
}
