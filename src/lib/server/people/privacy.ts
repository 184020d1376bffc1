// Personal-data rights (Kosovo's Law No. 06/L-082, aligned with the GDPR): a learner downloads all
// their data, and deletes their account. Deletion anonymises rather than deletes rows, so that course
// statistics stay true while nothing identifies the person; their certificates are revoked and
// stripped of the name, because a certificate that names nobody cannot vouch for anybody.
import type { DB } from '../db/client';
import { verifyPassword } from '../auth/password';
import * as audit from './audit';
import { removeStoredFile } from '../assignments/files';
import { accountKeyPatterns } from '../auth/throttle';
import { parseStoredJson } from '../db/json';
import { answersSchema } from '../learning/attempt-json';
import { deleteVolunteering, volunteeringExport } from '../volunteering/personal-data';
import { deleteDemographics, demographicsExport } from './demographics';

/** Everything stored about a user, as plain JSON. */
export async function exportUserData(db: DB, userId: number) {
	const user = await db
		.selectFrom('users')
		.leftJoin('organisations', 'organisations.id', 'users.organisation_id')
		.leftJoin('organisations as requested', 'requested.id', 'users.requested_organisation_id')
		.select([
			'users.id',
			'users.name',
			'users.email',
			'users.role',
			'users.locale',
			'users.created_at',
			'organisations.name as organisation',
			'requested.name as requestedOrganisation'
		])
		.where('users.id', '=', userId)
		.executeTakeFirst();
	if (!user) return null;
	const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
	const [enrolments, progress, attempts, certificates, sessions, cohorts, handedIn] = await Promise.all([
		db
			.selectFrom('enrolments')
			.innerJoin('courses', 'courses.id', 'enrolments.course_id')
			.select(['courses.slug', 'enrolments.enrolled_at', 'enrolments.last_activity_at', 'enrolments.completed_at'])
			.where('user_id', '=', userId)
			.execute(),
		db
			.selectFrom('lesson_progress')
			.innerJoin('lessons', 'lessons.id', 'lesson_progress.lesson_id')
			.innerJoin('lesson_versions', 'lesson_versions.id', 'lesson_progress.lesson_version_id')
			.select(['lessons.slug', 'lesson_versions.number as version', 'lesson_progress.completed_at'])
			.where('lesson_progress.user_id', '=', userId)
			.execute(),
		db
			.selectFrom('quiz_attempts')
			.select([
				'quiz_id',
				'quiz_version_id',
				'attempt_no',
				'answers',
				'score',
				'passed',
				'submitted_at',
				'locale',
				'answered_offline'
			])
			.where('user_id', '=', userId)
			.execute(),
		db
			.selectFrom('certificates')
			.select([
				'code',
				'course_title',
				'recipient_name',
				'organisation_name',
				'issued_at',
				'revoked_at',
				'revoked_reason'
			])
			.where('user_id', '=', userId)
			.execute(),
		db
			.selectFrom('sessions')
			.select(['created_at', 'last_verified_at', 'user_agent', 'ip'])
			.where('user_id', '=', userId)
			.execute(),
		db
			.selectFrom('cohort_members')
			.innerJoin('cohorts', 'cohorts.id', 'cohort_members.cohort_id')
			.select(['cohorts.name', 'cohort_members.joined_at'])
			.where('cohort_members.user_id', '=', userId)
			.execute(),
		db
			.selectFrom('submissions')
			.select(['assignment_id', 'version', 'text_md', 'file_name', 'status', 'submitted_at', 'feedback'])
			.where('user_id', '=', userId)
			.orderBy('id')
			.execute()
	]);
	// Steps the learner's devices sent after working offline (issue 21).
	const offlineSteps = await db
		.selectFrom('offline_operations')
		.select(['kind', 'outcome', 'reason', 'answered_at', 'received_at'])
		.where('user_id', '=', userId)
		.orderBy('received_at')
		.execute();
	const volunteering = await volunteeringExport(db, userId);
	const demographics = await demographicsExport(db, userId);
	return {
		exportedAt: new Date().toISOString(),
		profile: {
			name: user.name,
			email: user.email,
			role: user.role,
			preferredLanguage: user.locale,
			organisation: user.organisation,
			requestedOrganisation: user.requestedOrganisation,
			createdAt: iso(user.created_at)
		},
		enrolments: enrolments.map((e) => ({
			course: e.slug,
			enrolledAt: iso(e.enrolled_at),
			lastActivityAt: iso(e.last_activity_at),
			completedAt: iso(e.completed_at)
		})),
		lessonsCompleted: progress.map((p) => ({ lesson: p.slug, version: p.version, completedAt: iso(p.completed_at) })),
		quizAttempts: attempts.map((a) => ({
			quiz: a.quiz_id,
			quizVersion: a.quiz_version_id,
			attempt: a.attempt_no,
			answers: parseStoredJson(answersSchema, a.answers, 'quiz_attempts.answers'),
			score: a.score,
			passed: Boolean(a.passed),
			submittedAt: iso(a.submitted_at),
			language: a.locale,
			answeredOffline: a.answered_offline === 1
		})),
		offlineSteps: offlineSteps.map((o) => ({
			kind: o.kind,
			outcome: o.outcome,
			reason: o.reason,
			doneOnDeviceAt: iso(o.answered_at),
			receivedAt: iso(o.received_at)
		})),
		certificates: certificates.map((c) => ({
			code: c.code,
			course: c.course_title,
			name: c.recipient_name,
			organisation: c.organisation_name,
			issuedAt: iso(c.issued_at),
			revokedAt: iso(c.revoked_at),
			revokedReason: c.revoked_reason
		})),
		cohorts: cohorts.map((c) => ({ name: c.name, joinedAt: iso(c.joined_at) })),
		assignments: handedIn.map((h) => ({
			assignment: h.assignment_id,
			version: h.version,
			text: h.text_md,
			file: h.file_name,
			status: h.status,
			submittedAt: iso(h.submitted_at),
			feedback: h.feedback
		})),
		volunteering,
		// The optional answers about gender, age and community (issue 19); null when never asked.
		demographics,
		signIns: sessions.map((s) => ({
			createdAt: iso(s.created_at),
			lastActiveAt: iso(s.last_verified_at),
			device: s.user_agent,
			ip: s.ip
		}))
	};
}

export type DeleteResult = { ok: true } | { ok: false; reason: 'password_wrong' | 'confirm_missing' | 'last_admin' };

/** Deletes a user's account after checking their password: personal data erased or anonymised. */
export async function deleteAccount(
	db: DB,
	userId: number,
	password: unknown,
	confirmed: boolean,
	now = Date.now()
): Promise<DeleteResult> {
	const user = await db
		.selectFrom('users')
		.select(['password_hash', 'role', 'email'])
		.where('id', '=', userId)
		.executeTakeFirst();
	if (!user || !(await verifyPassword(user.password_hash, typeof password === 'string' ? password : '')))
		return { ok: false, reason: 'password_wrong' };
	if (!confirmed) return { ok: false, reason: 'confirm_missing' };
	const erased = await eraseAccount(db, userId, userId, now);
	if (erased.ok) return erased;
	return { ok: false, reason: erased.reason === 'last_admin' ? 'last_admin' : 'password_wrong' };
}

/**
 * The anonymisation itself, for self-deletion (deleteAccount) and for an admin deleting an account
 * (admin-users.ts): `actorId` is who is recorded as having done it. The last active admin stays.
 */
export async function eraseAccount(
	db: DB,
	userId: number,
	actorId: number,
	now = Date.now()
): Promise<{ ok: true } | { ok: false; reason: 'last_admin' | 'unknown' }> {
	const user = await db.selectFrom('users').select(['role', 'email']).where('id', '=', userId).executeTakeFirst();
	if (!user) return { ok: false, reason: 'unknown' };
	if (user.role === 'admin') {
		const admins = await db
			.selectFrom('users')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('role', '=', 'admin')
			.where('active', '=', 1)
			.executeTakeFirstOrThrow();
		if (Number(admins.n) <= 1) return { ok: false, reason: 'last_admin' };
	}
	const files = await db.transaction().execute(async (tx) => {
		await tx
			.updateTable('users')
			.set({
				name: 'Deleted user',
				email: `deleted-${userId}@deleted.invalid`,
				search_text: '',
				password_hash: audit.DELETED_ACCOUNT_HASH,
				role: 'learner',
				organisation_id: null,
				requested_organisation_id: null,
				requested_at: null,
				active: 0,
				updated_at: now
			})
			.where('id', '=', userId)
			.execute();
		await tx.deleteFrom('sessions').where('user_id', '=', userId).execute();
		await tx.deleteFrom('password_tokens').where('user_id', '=', userId).execute();
		// Pending e-mail changes name an address of the person (the row stays, so no cascade runs).
		await tx.deleteFrom('email_changes').where('user_id', '=', userId).execute();
		const keys = accountKeyPatterns(user.email);
		await tx
			.deleteFrom('sign_in_failures')
			// Every key that starts with the prefix (which ends in '|'; '}' is the next character).
			.where((eb) =>
				eb.or([
					eb('key', '=', keys.exact),
					eb.and([eb('key', '>=', keys.prefix), eb('key', '<', `${keys.prefix.slice(0, -1)}}`)])
				])
			)
			.execute();
		await tx.deleteFrom('cohort_members').where('user_id', '=', userId).execute();
		// What their devices sent while offline, with the device's times (issue 21).
		await tx.deleteFrom('offline_operations').where('user_id', '=', userId).execute();
		await tx.deleteFrom('course_authors').where('user_id', '=', userId).execute();
		// The account row stays (anonymised), so its foreign-key cascades do not run: the volunteer's
		// profile, applications, hours, event attendance and notices are deleted here.
		await deleteVolunteering(tx, userId);
		// The optional demographic answers, community and its consent included (issue 19).
		await deleteDemographics(tx, userId);
		// Attempts keep their scores for course statistics, without the typed answers.
		await tx.updateTable('quiz_attempts').set({ answers: '{}' }).where('user_id', '=', userId).execute();
		await tx.updateTable('quiz_answers').set({ answer: '' }).where('user_id', '=', userId).execute();
		await tx
			.updateTable('certificates')
			.set((eb) => ({
				recipient_name: '—',
				// The folded copy the certificate search reads goes too, or the erased name would still find it.
				search_text: '—',
				organisation_name: null,
				credential: '',
				revoked_at: eb.fn.coalesce('revoked_at', eb.val(now)),
				revoked_reason: eb.fn.coalesce('revoked_reason', eb.val('The holder deleted their account.')),
				revoked_by: eb.fn.coalesce('revoked_by', eb.val(userId))
			}))
			.where('user_id', '=', userId)
			.execute();
		// Hand-ins are the learner's own work: gone with the account, files included (after the commit,
		// so a rollback never leaves rows pointing at removed files). A version of an organisation's
		// assignment is the organisation's work and stays, under the anonymised account.
		const handedIn = await tx
			.deleteFrom('submissions')
			.where('user_id', '=', userId)
			.where('organisation_id', 'is', null)
			.returning('file_key')
			.execute();
		await audit.forgetSubject(tx, userId);
		await audit.record(tx, actorId, 'account_deleted', '', '', now, { subjectUserId: userId });
		return handedIn.flatMap((row) => (row.file_key ? [row.file_key] : []));
	});
	for (const key of files) await removeStoredFile(db, key);
	return { ok: true };
}
