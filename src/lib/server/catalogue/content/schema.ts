// The curriculum as read from content/ (before it reaches the database).

export const CONTENT_LOCALES = ['en', 'sq', 'sr-Latn', 'sr-Cyrl'] as const;
export type ContentLocale = (typeof CONTENT_LOCALES)[number];
/** Locales written by people; sr-Cyrl is made from sr-Latn unless a Cyrillic file exists. */
export const SOURCE_LOCALES = ['en', 'sq', 'sr-Latn'] as const;

export const QUESTION_TYPES = ['single', 'multiple', 'true_false', 'ordering', 'short_text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

// The stored quiz shapes are inferred from their schemas (quiz-schema.ts), not written twice.
export type { QuestionKey, QuestionText } from '../quiz-schema';
import type { QuestionKey, QuestionText, QuizDraw } from '../quiz-schema';

export interface QuizSource {
	file: string;
	passMark: number | null;
	maxAttempts: number | null;
	waitMinutes: number;
	attemptsPerDay: number | null;
	draw: QuizDraw | null;
	questions: QuestionKey[];
	texts: Partial<Record<ContentLocale, { title: string; questions: QuestionText[] }>>;
	hash: string;
}

export interface LessonSource {
	file: string;
	slug: string;
	position: number;
	minutes: number;
	texts: Partial<Record<ContentLocale, { title: string; body: string }>>;
	hash: string;
}

export interface AssignmentSource {
	file: string;
	scope: 'learner' | 'organisation';
	accepted: import('../../assignments/format').FileKind[];
	/** Whether a Markdown answer may be handed in (`text: false` turns it off). */
	acceptsText: boolean;
	maxBytes: number;
	template: string | null;
	rubric: { id: string; points: number[] }[];
	texts: Partial<Record<ContentLocale, { title: string; body: string; rubric: { title: string; levels: string[] }[] }>>;
	hash: string;
}

/** A trainer's document: a module's session plan or one of the course's printable templates. */
export interface DocumentSource {
	slug: string;
	/** A session plan's templates to hand out (by slug); empty for a template. */
	templates: string[];
	texts: Partial<Record<ContentLocale, { title: string; body: string }>>;
}

export interface ModuleSource {
	dir: string;
	slug: string;
	position: number;
	/** Minutes the module's exercises and assignment take (`exercise_minutes`), apart from reading. */
	exerciseMinutes: number;
	session: DocumentSource | null;
	texts: Partial<Record<ContentLocale, { title: string; summary: string; objectives: string[]; body: string }>>;
	lessons: LessonSource[];
	quiz: QuizSource | null;
	assignment: AssignmentSource | null;
}

export interface CourseSource {
	dir: string;
	slug: string;
	passMark: number;
	certificateModules: 'all' | string[];
	organisationMinCertified: number;
	/** The module whose organisation-level assignment organisation certification requires. */
	organisationAssignment: string | null;
	/** The certificate also needs every assignment accepted. */
	requiresAssignments: boolean;
	/** false: a tutorial without certificate, which does not count for organisations. */
	issuesCertificate: boolean;
	texts: Partial<Record<ContentLocale, { title: string; summary: string; body: string }>>;
	modules: ModuleSource[];
	templates: DocumentSource[];
}
