// The database as Kysely sees it: one interface per table. Timestamps are integer milliseconds
// since the Unix epoch (UTC), everywhere.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type {
	AssignmentTable,
	AssignmentTextTable,
	CohortMemberTable,
	CohortOrganisationTable,
	CohortTable,
	CohortTrainerTable,
	CourseAuthorTable,
	LessonDraftTable,
	StructureDraftTable,
	StructureVersionTable,
	SubmissionTable,
	TranslationCheckTable
} from './schema-teaching';
import type {
	NoticeTable,
	PortalEventAttendeeTable,
	PortalEventTable,
	VolunteerApplicationTable,
	VolunteerCallTable,
	VolunteerHoursTable,
	VolunteerProfileTable,
	VolunteerShiftTable
} from './schema-volunteering';
import type { DemographicsTable, IndicatorSnapshotTable } from './schema-indicators';
import type {
	CohortMessageRecipientTable,
	CohortMessageTable,
	EmailChangeTable,
	NoticeSentTable,
	NoticeSettingTable,
	OfflineOperationTable
} from './schema-everyday';
import type { FlashValueTable, StoredFileTable } from './schema-shared';

export * from './schema-teaching';
export * from './schema-volunteering';
export * from './schema-indicators';
export * from './schema-shared';
export * from './schema-everyday';

export type Role = 'learner' | 'trainer' | 'coordinator' | 'admin';

export interface OrganisationTable {
	id: Generated<number>;
	slug: string;
	name: string;
	municipality: Generated<string>;
	description: Generated<string>;
	website: Generated<string>;
	/** Social-media profile URLs, one per line. */
	social_links: Generated<string>;
	search_text: Generated<string>;
	created_at: number;
	updated_at: number;
}

export interface UserTable {
	id: Generated<number>;
	email: string;
	name: string;
	search_text: Generated<string>;
	password_hash: string;
	role: Generated<Role>;
	/** The organisation the user is a confirmed member of. */
	organisation_id: number | null;
	/** An organisation chosen at sign-up, waiting for confirmation (no rights, not printed). */
	requested_organisation_id: number | null;
	requested_at: number | null;
	active: Generated<number>;
	/** The language chosen on My account (e-mails, certificate default); null until chosen. */
	locale: string | null;
	created_at: number;
	updated_at: number;
}

export interface SessionTable {
	id: string;
	user_id: number;
	secret_hash: Uint8Array;
	created_at: number;
	last_verified_at: number;
	user_agent: string;
	ip: string;
}

export interface SignInFailureTable {
	key: string;
	failures: number;
	first_failed_at: number;
	locked_until: number;
}

export interface MetaTable {
	key: string;
	value: string;
}

export interface CourseTable {
	id: Generated<number>;
	slug: string;
	pass_mark: number;
	/** 'all' or a JSON list of module slugs that the certificate requires. */
	certificate_modules: string;
	org_min_certified: number;
	archived: Generated<number>;
	created_at: number;
	updated_at: number;
	/** Bumped by every saved draft and publication of the course's texts (the optimistic edit check). */
	edit_revision: Generated<number>;
	/** 1: the certificate also needs every assignment of the course accepted. */
	requires_assignments: Generated<number>;
	/** 0: the course issues no certificate (a tutorial) and does not count for organisations. */
	issues_certificate: Generated<number>;
	/** The module whose organisation-level assignment organisation certification requires, or null. */
	org_assignment_module: string | null;
}

export interface CourseTextTable {
	course_id: number;
	locale: string;
	title: string;
	summary: string;
	body_html: string;
	body_md: Generated<string>;
	updated_at: Generated<number>;
}

export interface ModuleTable {
	id: Generated<number>;
	course_id: number;
	slug: string;
	position: number;
	archived: Generated<number>;
	/** Bumped by every saved draft and publication of the module's texts. */
	edit_revision: Generated<number>;
	/** Minutes the module's exercises and assignment take, apart from reading its lessons. */
	exercise_minutes: Generated<number>;
}

/** A trainer's document of a course from content/: a module's session plan or a printable template. */
export interface CourseDocumentTable {
	course_id: number;
	/** 'session:<module slug>' or 'template:<slug>'. */
	name: string;
	locale: string;
	title: string;
	body_md: string;
	/** JSON list of template slugs a session plan hands out. */
	templates: Generated<string>;
}

export interface ModuleTextTable {
	module_id: number;
	locale: string;
	title: string;
	summary: string;
	/** JSON list of strings. */
	objectives: string;
	body_html: string;
	body_md: Generated<string>;
	updated_at: Generated<number>;
}

export interface LessonTable {
	id: Generated<number>;
	module_id: number;
	slug: string;
	position: number;
	minutes: number;
	current_version_id: number | null;
	archived: Generated<number>;
	/** Bumped by every saved draft and every publication: the optimistic edit check compares it. */
	edit_revision: Generated<number>;
}

export interface LessonVersionTable {
	id: Generated<number>;
	lesson_id: number;
	number: number;
	hash: string;
	created_at: number;
	created_by: number | null;
	/** 1: made by a course import (content/ or a zip), which compares with and archives only these. */
	imported: Generated<number>;
	note: Generated<string>;
}

export interface LessonTextTable {
	version_id: number;
	locale: string;
	title: string;
	body_md: string;
	body_html: string;
}

export interface QuizTable {
	id: Generated<number>;
	module_id: number;
	current_version_id: number | null;
	archived: Generated<number>;
	edit_revision: Generated<number>;
}

export interface QuizDraftTable {
	quiz_id: number;
	locale: string;
	/** JSON EditableQuiz. */
	data: string;
	updated_by: number | null;
	updated_at: number;
}

export interface QuizVersionTable {
	id: Generated<number>;
	quiz_id: number;
	number: number;
	hash: string;
	pass_mark: number;
	max_attempts: number | null;
	wait_minutes: number;
	/** Attempts a learner may start in any 24 hours; null: no daily limit. */
	attempts_per_day: number | null;
	/** JSON QuizDraw: how many questions an attempt draws (in all, or per topic); null: every question. */
	draw: string | null;
	/** JSON QuestionKey[]: correct answers, never sent to the browser before submitting. */
	answer_key: string;
	created_at: number;
	created_by: number | null;
	/** 1: made by a course import (content/ or a zip). */
	imported: Generated<number>;
}

export interface QuizTextTable {
	version_id: number;
	locale: string;
	title: string;
	/** JSON QuestionText[]. */
	questions: string;
}

export interface EnrolmentTable {
	id: Generated<number>;
	user_id: number;
	course_id: number;
	enrolled_at: number;
	last_activity_at: number;
	completed_at: number | null;
	/** Lessons completed plus quizzes passed, kept up to date as the learner goes. */
	units_done: Generated<number>;
	/** 1 once the learner did something in the course (being enrolled is not activity). */
	has_activity: Generated<number>;
}

export interface LessonProgressTable {
	user_id: number;
	lesson_id: number;
	lesson_version_id: number;
	completed_at: number;
}

export interface QuizAttemptTable {
	id: Generated<number>;
	user_id: number;
	quiz_id: number;
	quiz_version_id: number;
	attempt_no: number;
	submission_key: string;
	locale: string;
	/** JSON: the learner's answers per question id. */
	answers: string;
	/** JSON: per question id, the credit earned (0..1). */
	results: string;
	score: number;
	passed: number;
	submitted_at: number;
	/** JSON Presentation: the questions drawn and the order of their options as shown; null before 0012. */
	presentation: string | null;
	/** 1 when the learner answered it without a connection and their device sent it later (0036). */
	answered_offline: Generated<number>;
}

export type CertificateKind = 'learner' | 'organisation' | 'volunteer';

export interface CertificateTable {
	id: Generated<number>;
	/** Unguessable public code, e.g. 7KQ4-M2XP-9HTW. */
	code: string;
	kind: CertificateKind;
	/** Null for a volunteer certificate, which belongs to no course. */
	course_id: number | null;
	user_id: number | null;
	organisation_id: number | null;
	/** As it was when issued. */
	recipient_name: string;
	organisation_name: string | null;
	/** The course's title; for a volunteer certificate, the achievement's name in its language. */
	course_title: string;
	locale: string;
	issuer_name: string;
	issued_at: number;
	/** The signed Open Badges 3.0 credential (VC-JWT, compact JWS). */
	credential: string;
	note: Generated<string>;
	revoked_at: number | null;
	revoked_reason: string | null;
	revoked_by: number | null;
	/** A volunteer certificate: the threshold of confirmed hours it marks (20, 50, 100); else null. */
	hours: number | null;
	/** A volunteer certificate: JSON list of the names of the organisations that confirmed the hours. */
	organisations: Generated<string>;
	/** recipient_name folded (src/lib/i18n/script.ts fold) for search; null until filled in at start-up. */
	search_text: Generated<string | null>;
}

export interface OrganisationDecisionTable {
	id: Generated<number>;
	organisation_id: number;
	course_id: number;
	decision: 'approved' | 'declined';
	note: string;
	decided_by: number | null;
	decided_at: number;
}

export interface PasswordTokenTable {
	id: string;
	user_id: number;
	secret_hash: Uint8Array;
	expires_at: number;
	used_at: number | null;
	created_by: number | null;
	created_at: number;
	/** 'set' (made by staff, 7 days) or 'reset' (asked for by e-mail, short-lived). */
	purpose: Generated<string>;
}

export interface QuizAnswerTable {
	attempt_id: number;
	quiz_id: number;
	user_id: number;
	attempt_no: number;
	question_id: string;
	/** The answer in a comparable text form (option numbers, order, folded text). */
	answer: string;
	credit: number;
}

export interface AuditLogTable {
	id: Generated<number>;
	at: number;
	actor_id: number | null;
	/** role_changed, user_deactivated, user_reactivated, certificate_revoked, organisation_approved,
	 * organisation_declined, account_deleted, organisation_changed, organisation_created,
	 * membership_confirmed, membership_declined, course_imported, translation_marked_current */
	action: string;
	subject: string;
	/** The account the entry is about, when it is about one (role and activation changes). */
	subject_user_id: number | null;
	detail: Generated<string>;
	/** subject and detail folded for search, a line break between (people/audit.ts auditSearchText); null
	 * until filled in at start-up (migration 0038, platform/search-text.ts). */
	search_text: Generated<string | null>;
}

export interface Database {
	organisations: OrganisationTable;
	users: UserTable;
	sessions: SessionTable;
	sign_in_failures: SignInFailureTable;
	meta: MetaTable;
	courses: CourseTable;
	course_texts: CourseTextTable;
	modules: ModuleTable;
	module_texts: ModuleTextTable;
	course_documents: CourseDocumentTable;
	lessons: LessonTable;
	lesson_versions: LessonVersionTable;
	lesson_texts: LessonTextTable;
	quizzes: QuizTable;
	quiz_versions: QuizVersionTable;
	quiz_texts: QuizTextTable;
	enrolments: EnrolmentTable;
	lesson_progress: LessonProgressTable;
	quiz_attempts: QuizAttemptTable;
	certificates: CertificateTable;
	organisation_decisions: OrganisationDecisionTable;
	cohorts: CohortTable;
	cohort_trainers: CohortTrainerTable;
	cohort_organisations: CohortOrganisationTable;
	cohort_members: CohortMemberTable;
	password_tokens: PasswordTokenTable;
	quiz_answers: QuizAnswerTable;
	course_authors: CourseAuthorTable;
	lesson_drafts: LessonDraftTable;
	quiz_drafts: QuizDraftTable;
	structure_drafts: StructureDraftTable;
	structure_versions: StructureVersionTable;
	audit_log: AuditLogTable;
	translation_checks: TranslationCheckTable;
	assignments: AssignmentTable;
	assignment_texts: AssignmentTextTable;
	submissions: SubmissionTable;
	volunteer_profiles: VolunteerProfileTable;
	volunteer_calls: VolunteerCallTable;
	volunteer_shifts: VolunteerShiftTable;
	volunteer_applications: VolunteerApplicationTable;
	volunteer_hours: VolunteerHoursTable;
	portal_events: PortalEventTable;
	portal_event_attendees: PortalEventAttendeeTable;
	notices: NoticeTable;
	demographics: DemographicsTable;
	indicator_snapshots: IndicatorSnapshotTable;
	notice_settings: NoticeSettingTable;
	notices_sent: NoticeSentTable;
	email_changes: EmailChangeTable;
	cohort_messages: CohortMessageTable;
	cohort_message_recipients: CohortMessageRecipientTable;
	offline_operations: OfflineOperationTable;
	flash_values: FlashValueTable;
	stored_files: StoredFileTable;
}

export type Organisation = Selectable<OrganisationTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type OrganisationUpdate = Updateable<OrganisationTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Session = Selectable<SessionTable>;
export type QuizAttempt = Selectable<QuizAttemptTable>;
export type Certificate = Selectable<CertificateTable>;
export type Cohort = Selectable<CohortTable>;
