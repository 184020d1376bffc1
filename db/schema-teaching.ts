// The tables of teaching work: cohorts, course authoring (drafts, published structure, translation
// checks) and practical assignments with their submissions. Split from schema.ts by domain; the one
// `Database` type there joins both files.
import type { Generated } from 'kysely';

export interface CohortTable {
	id: Generated<number>;
	name: string;
	course_id: number;
	starts_at: number;
	ends_at: number;
	invite_token: string;
	archived: Generated<number>;
	created_by: number | null;
	created_at: number;
	updated_at: number;
}

export interface CohortTrainerTable {
	cohort_id: number;
	user_id: number;
}

export interface CohortOrganisationTable {
	cohort_id: number;
	organisation_id: number;
}

export interface CohortMemberTable {
	cohort_id: number;
	user_id: number;
	joined_at: number;
}

export interface CourseAuthorTable {
	course_id: number;
	user_id: number;
}

export interface LessonDraftTable {
	lesson_id: number;
	locale: string;
	title: string;
	body_md: string;
	updated_by: number | null;
	updated_at: number;
}

export type StructureKind = 'course' | 'module';

/** A draft of a course's or module's texts in one locale; learners never see it. */
export interface StructureDraftTable {
	kind: StructureKind;
	/** courses.id or modules.id, by kind. */
	target_id: number;
	locale: string;
	title: string;
	summary: string;
	/** JSON list of strings (modules only). */
	objectives: Generated<string>;
	body_md: string;
	updated_by: number | null;
	updated_at: number;
}

/** A published state of a course's or module's texts, all locales at once. */
export interface StructureVersionTable {
	id: Generated<number>;
	kind: StructureKind;
	target_id: number;
	number: number;
	/** JSON: locale → { title, summary, objectives, body }. */
	texts: string;
	created_at: number;
	/** null: the content import (or the texts as they were before versions existed). */
	created_by: number | null;
	note: Generated<string>;
}

/** A trainer's check that a translation still fits the current English (see translation-status.ts). */
export interface TranslationCheckTable {
	kind: 'lesson' | 'quiz' | 'course' | 'module';
	target_id: number;
	locale: string;
	/** Hash of the English text checked against. */
	source_hash: string;
	/** Hash of the translation checked. */
	translation_hash: string;
	checked_by: number | null;
	checked_at: number;
}

export interface AssignmentTable {
	id: Generated<number>;
	module_id: number;
	/** JSON list of accepted file kinds (pdf, docx, odt, png, jpg); a Markdown answer: accepts_text. */
	accepted: string;
	max_bytes: number;
	/** JSON: criterion ids and each level's points. */
	rubric: string;
	template: string | null;
	/** The hash of the assignment.md last imported ('' when made in the browser). */
	hash: string;
	archived: Generated<number>;
	/** 'organisation': one thread per organisation, handed in by any confirmed member on its behalf. */
	scope: Generated<AssignmentScope>;
	/** Moves on with every save in the browser editor: a save against an older one is refused. */
	edit_revision: Generated<number>;
	/** 1: a Markdown answer may be handed in (besides the accepted files). */
	accepts_text: Generated<number>;
}

export interface AssignmentTextTable {
	assignment_id: number;
	locale: string;
	title: string;
	body_md: string;
	body_html: string;
	/** JSON: criterion titles and level labels. */
	rubric: string;
}

export type AssignmentScope = 'learner' | 'organisation';

export type SubmissionStatus = 'submitted' | 'needs_revision' | 'accepted';

export interface SubmissionTable {
	id: Generated<number>;
	assignment_id: number;
	user_id: number;
	version: number;
	text_md: string;
	/** The answer rendered when handed in; null when empty or too complex to render in time. */
	text_html: string | null;
	file_name: string | null;
	file_kind: string | null;
	file_bytes: number | null;
	file_key: string | null;
	status: Generated<SubmissionStatus>;
	submitted_at: number;
	feedback: Generated<string>;
	scores: string | null;
	reviewed_by: number | null;
	reviewed_at: number | null;
	/** Set for an organisation's assignment: the thread is the organisation's; user_id is who handed it in. */
	organisation_id: number | null;
	/** The language the version was handed in in (the learner's language for their certificate). */
	locale: Generated<string>;
}
