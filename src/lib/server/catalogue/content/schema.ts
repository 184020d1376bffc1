// The curriculum as read from content/ (before it reaches the database).

export const CONTENT_LOCALES = ['en', 'sq', 'sr-Latn', 'sr-Cyrl'] as const;
export type ContentLocale = (typeof CONTENT_LOCALES)[number];
/** Locales written by people; sr-Cyrl is made from sr-Latn unless a Cyrillic file exists. */
export const SOURCE_LOCALES = ['en', 'sq', 'sr-Latn'] as const;

export const QUESTION_TYPES = ['single', 'multiple', 'true_false', 'ordering', 'short_text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** What grading needs: never sent to the browser before the learner submits. */
export interface QuestionKey {
	id: string;
	type: QuestionType;
	/** single: 1-based option number; multiple: sorted numbers; true_false: boolean. */
	correct: number | number[] | boolean | null;
	optionCount: number;
	itemCount: number;
	/** short_text: accepted answers per locale. */
	accepted: Partial<Record<ContentLocale, string[]>>;
}

export interface QuestionText {
	prompt: string;
	options: string[];
	/** ordering: items in the correct order. */
	items: string[];
	explanation: string;
	/** In a translation: the question is not translated yet, its texts are the English ones. */
	untranslated?: boolean;
}

export interface QuizSource {
	file: string;
	passMark: number | null;
	maxAttempts: number | null;
	waitMinutes: number;
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

export interface ModuleSource {
	dir: string;
	slug: string;
	position: number;
	texts: Partial<Record<ContentLocale, { title: string; summary: string; objectives: string[]; body: string }>>;
	lessons: LessonSource[];
	quiz: QuizSource | null;
}

export interface CourseSource {
	dir: string;
	slug: string;
	passMark: number;
	certificateModules: 'all' | string[];
	organisationMinCertified: number;
	texts: Partial<Record<ContentLocale, { title: string; summary: string; body: string }>>;
	modules: ModuleSource[];
}
