// What learners hand in. Every submission is a new version; the latest one carries the status
// (submitted, needs revision, accepted). Nothing is ever overwritten: a refused submission stores
// nothing and leaves earlier versions as they were. An organisation's assignment has one thread per
// organisation (threads.ts): every check below runs against that thread.
import type { DB } from '../db/client';
import type { Selectable } from 'kysely';
import type { SubmissionStatus, SubmissionTable } from '../../../../db/schema';
import { cleanText } from '../platform/form-text';
import { checkFile, downloadName, readStoredFile, removeStoredFile, storeFile } from './files';
import { ASSIGNMENT_LIMITS, FILE_TYPES, readScores, type FileKind } from './format';
import { getCourseById } from '../catalogue/courses';
import { computeCourseState, readRecord } from '../learning/progress';
import { answerHtml } from './answers';
import { CONTENT_LOCALES, type ContentLocale } from '../catalogue/content/schema';
import { confirmedOrganisation, inThread, threadOf, type Thread } from './threads';

export type SubmitRefusal =
	| 'empty'
	| 'text_too_long'
	| 'too_large'
	| 'wrong_type'
	| 'zip_bomb'
	| 'accepted'
	| 'not_enrolled'
	| 'not_member'
	| 'not_found'
	| 'locked'
	| 'text_not_accepted'
	| 'too_many_versions';
export type SubmitResult = { ok: true; version: number; submissionId: number } | { ok: false; reason: SubmitRefusal };

export interface SubmitInput {
	userId: number;
	assignmentId: number;
	text: unknown;
	/** An empty file input arrives as a nameless, empty file: that is "no file". */
	file: { name: string; bytes: Uint8Array } | null;
	/** The language of the page it was handed in from (see certify.ts). */
	locale?: string;
}

/** The course an assignment belongs to, when it is live. */
export function courseOf(db: DB, assignmentId: number) {
	return db
		.selectFrom('assignments')
		.innerJoin('modules', 'modules.id', 'assignments.module_id')
		.select([
			'modules.course_id',
			'assignments.module_id',
			'assignments.accepted',
			'assignments.accepts_text',
			'assignments.max_bytes',
			'assignments.scope'
		])
		.where('assignments.id', '=', assignmentId)
		.where('assignments.archived', '=', 0)
		.executeTakeFirst();
}

/** Hands in a new version, after every check; the file is stored only when all have passed. */
export async function submit(db: DB, input: SubmitInput, now = Date.now()): Promise<SubmitResult> {
	const assignment = await courseOf(db, input.assignmentId);
	if (!assignment) return { ok: false, reason: 'not_found' };
	const enrolled = await db
		.selectFrom('enrolments')
		.select('user_id')
		.where('user_id', '=', input.userId)
		.where('course_id', '=', assignment.course_id)
		.executeTakeFirst();
	if (!enrolled) return { ok: false, reason: 'not_enrolled' };
	if (!(await moduleOpen(db, input.userId, assignment.course_id, assignment.module_id)))
		return { ok: false, reason: 'locked' };
	const thread = await threadOf(db, { id: input.assignmentId, scope: assignment.scope }, input.userId);
	if (!thread) return { ok: false, reason: 'not_member' };
	const text = cleanText(input.text);
	const file = input.file && input.file.bytes.length > 0 ? input.file : null;
	if (!text && !file) return { ok: false, reason: 'empty' };
	if (text && !assignment.accepts_text) return { ok: false, reason: 'text_not_accepted' };
	if ([...text].length > ASSIGNMENT_LIMITS.textChars) return { ok: false, reason: 'text_too_long' };
	let kind: FileKind | null = null;
	if (file) {
		if (file.bytes.length > assignment.max_bytes) return { ok: false, reason: 'too_large' };
		const checked = checkFile(file.bytes);
		if (!checked.ok) return checked;
		if (!(JSON.parse(assignment.accepted) as string[]).includes(checked.kind))
			return { ok: false, reason: 'wrong_type' };
		kind = checked.kind;
	}
	const latest = await latestOf(db, thread);
	if (latest?.status === 'accepted') return { ok: false, reason: 'accepted' };
	if ((latest?.version ?? 0) >= ASSIGNMENT_LIMITS.versions) return { ok: false, reason: 'too_many_versions' };
	// Rendered once, here, outside the write (a transaction must not wait for the renderer's worker).
	const html = await answerHtml(text, contentLocaleOr(input.locale));
	const key = file && kind ? await storeFile(db, file.bytes, kind) : null;
	try {
		const result = await write(db, input, thread, { text, html, file, kind, key }, now);
		// Refused in the write: the file stored for it belongs to no version.
		if (!result.ok && key) await removeStoredFile(db, key);
		return result;
	} catch (error) {
		if (key) await removeStoredFile(db, key).catch(() => undefined);
		throw error;
	}
}

async function write(
	db: DB,
	input: SubmitInput,
	thread: Thread,
	answer: { text: string; html: string | null; file: SubmitInput['file']; kind: FileKind | null; key: string | null },
	now: number
): Promise<SubmitResult> {
	const { text, html, file, kind, key } = answer;
	return db.transaction().execute(async (tx) => {
		// Checked again inside the write: a review may have accepted the previous version meanwhile,
		// or the member left the organisation. The version is counted here too, so that two members
		// handing in at once write versions 1 and 2 of one thread (the unique index is the backstop).
		if (thread.organisationId !== null && (await confirmedOrganisation(tx, input.userId)) !== thread.organisationId)
			return { ok: false, reason: 'not_member' } as const;
		const last = await latestOf(tx, thread);
		if (last?.status === 'accepted') return { ok: false, reason: 'accepted' } as const;
		const version = (last?.version ?? 0) + 1;
		if (version > ASSIGNMENT_LIMITS.versions) return { ok: false, reason: 'too_many_versions' } as const;
		const row = await tx
			.insertInto('submissions')
			.values({
				assignment_id: input.assignmentId,
				user_id: input.userId,
				organisation_id: thread.organisationId,
				locale: input.locale ?? 'en',
				version,
				text_md: text,
				text_html: html,
				file_name: file ? file.name.slice(0, 200) : null,
				file_kind: kind,
				file_bytes: file ? file.bytes.length : null,
				file_key: key,
				submitted_at: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		return { ok: true, version, submissionId: row.id } as const;
	});
}

const contentLocaleOr = (locale: string | undefined): ContentLocale =>
	(CONTENT_LOCALES as readonly string[]).includes(locale ?? '') ? (locale as ContentLocale) : 'en';

/** Whether the module is open to the learner: the lock rule of its lessons and quiz (earlier modules done). */
export async function moduleOpen(db: DB, userId: number, courseId: number, moduleId: number): Promise<boolean> {
	const course = await getCourseById(db, courseId, 'en');
	if (!course) return false;
	const state = computeCourseState(course, await readRecord(db, userId, courseId));
	return Boolean(state.modules.find((s) => s.module.id === moduleId)?.open);
}

function latestOf(db: DB, thread: Thread) {
	return db
		.selectFrom('submissions')
		.select(['id', 'version', 'status'])
		.where(inThread(thread))
		.orderBy('version', 'desc')
		.limit(1)
		.executeTakeFirst();
}

export interface SubmissionView {
	id: number;
	version: number;
	text: string;
	/** The answer rendered when it was handed in (null: show `text` as plain text). */
	html: string | null;
	file: { name: string; kind: string; bytes: number } | null;
	status: SubmissionStatus;
	submittedAt: number;
	feedback: string;
	scores: Record<string, number> | null;
	reviewedAt: number | null;
	/** Who handed the version in: named on an organisation's thread, where members take turns. */
	submittedBy: string | null;
}

/** The columns of a submission a view is made from (`submitted_by`: the name of who handed it in). */
type Row = Pick<
	Selectable<SubmissionTable>,
	| 'id'
	| 'version'
	| 'text_md'
	| 'text_html'
	| 'file_name'
	| 'file_kind'
	| 'file_bytes'
	| 'status'
	| 'submitted_at'
	| 'feedback'
	| 'scores'
	| 'reviewed_at'
> & { submitted_by?: string | null };

export function toView(r: Row): SubmissionView {
	return {
		id: r.id,
		version: r.version,
		text: r.text_md,
		html: r.text_html,
		file: r.file_kind
			? { name: downloadName(r.file_name, r.file_kind as FileKind), kind: r.file_kind, bytes: r.file_bytes ?? 0 }
			: null,
		status: r.status,
		submittedAt: r.submitted_at,
		feedback: r.feedback,
		scores: readScores(r.scores),
		reviewedAt: r.reviewed_at,
		submittedBy: r.submitted_by ?? null
	};
}

const COLUMNS = [
	'id',
	'version',
	'text_md',
	'text_html',
	'file_name',
	'file_kind',
	'file_bytes',
	'status',
	'submitted_at',
	'feedback',
	'scores',
	'reviewed_at'
] as const;

/** The versions of one thread, newest first (a learner's own, or their organisation's). */
export async function history(db: DB, thread: Thread): Promise<SubmissionView[]> {
	const rows = await db
		.selectFrom('submissions')
		.innerJoin('users', 'users.id', 'submissions.user_id')
		.select(COLUMNS.map((c) => `submissions.${c}` as const))
		.select(['users.name as submitted_by'])
		.where(inThread(thread))
		.orderBy('submissions.version', 'desc')
		.execute();
	return rows.map((r) => toView({ ...r, submitted_by: thread.organisationId === null ? null : r.submitted_by }));
}

/**
 * Whether every live learner's assignment of a course has its latest version accepted for this
 * learner. An organisation's assignment does not count for the person: it counts for the
 * organisation's certification (see learning/certificates/organisations.ts).
 */
export async function allAccepted(db: DB, userId: number, courseId: number): Promise<boolean> {
	const open = await db
		.selectFrom('assignments')
		.innerJoin('modules', 'modules.id', 'assignments.module_id')
		.select('assignments.id')
		.where('modules.course_id', '=', courseId)
		.where('modules.archived', '=', 0)
		.where('assignments.archived', '=', 0)
		.where('assignments.scope', '=', 'learner')
		.where((eb) =>
			eb.not(
				eb.exists(
					eb
						.selectFrom('submissions as s')
						.select('s.id')
						.whereRef('s.assignment_id', '=', 'assignments.id')
						.where('s.user_id', '=', userId)
						.where('s.status', '=', 'accepted')
				)
			)
		)
		.executeTakeFirst();
	return !open;
}

/**
 * A submission's file for a viewer, or null (the route answers 404 alike for "no such file" and
 * "not yours", so that nobody learns which submissions exist). The learner who handed it in may
 * read it, and whoever may review it or coordinates the learner's cohort (see canSeeWork). A
 * version of an organisation's thread is read by the organisation's confirmed members instead.
 */
export async function fileFor(
	db: DB,
	submissionId: number,
	viewer: { id: number; role: string },
	mayReview: (courseId: number, learnerId: number, organisationId: number | null) => Promise<boolean>
): Promise<{ bytes: Uint8Array; type: string; name: string } | null> {
	const row = await db
		.selectFrom('submissions')
		.innerJoin('assignments', 'assignments.id', 'submissions.assignment_id')
		.innerJoin('modules', 'modules.id', 'assignments.module_id')
		.select([
			'submissions.user_id',
			'submissions.file_key',
			'submissions.file_kind',
			'submissions.file_name',
			'submissions.organisation_id',
			'modules.course_id'
		])
		.where('submissions.id', '=', submissionId)
		.executeTakeFirst();
	if (!row?.file_key || !row.file_kind) return null;
	const own =
		row.organisation_id === null
			? row.user_id === viewer.id
			: (await confirmedOrganisation(db, viewer.id)) === row.organisation_id;
	if (!own && !(await mayReview(row.course_id, row.user_id, row.organisation_id))) return null;
	const bytes = await readStoredFile(db, row.file_key);
	if (!bytes) return null;
	const kind = row.file_kind as FileKind;
	return { bytes, type: FILE_TYPES[kind], name: downloadName(row.file_name, kind) };
}

/** The latest version's status and feedback of each of these assignments in a learner's threads. */
export async function latestStatuses(
	db: DB,
	userId: number,
	assignmentIds: number[]
): Promise<Map<number, { status: SubmissionStatus; feedback: string; version: number }>> {
	if (assignmentIds.length === 0) return new Map();
	const rows = await db
		.selectFrom('submissions as s')
		.select(['s.assignment_id', 's.status', 's.feedback', 's.version'])
		.where('s.assignment_id', 'in', assignmentIds)
		.where((eb) =>
			eb.or([
				eb.and([eb('s.user_id', '=', userId), eb('s.organisation_id', 'is', null)]),
				eb('s.organisation_id', '=', eb.selectFrom('users').select('organisation_id').where('id', '=', userId))
			])
		)
		.where((eb) =>
			eb(
				's.version',
				'=',
				eb
					.selectFrom('submissions as t')
					.select((e) => e.fn.max('t.version').as('v'))
					.whereRef('t.assignment_id', '=', 's.assignment_id')
					// The same thread: the organisation's, or the learner's own.
					.where((e) =>
						e.or([
							e('t.organisation_id', '=', e.ref('s.organisation_id')),
							e.and([
								e('t.organisation_id', 'is', null),
								e('s.organisation_id', 'is', null),
								e('t.user_id', '=', e.ref('s.user_id'))
							])
						])
					)
			)
		)
		.execute();
	return new Map(rows.map((r) => [r.assignment_id, { status: r.status, feedback: r.feedback, version: r.version }]));
}
