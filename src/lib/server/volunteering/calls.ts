// Calls for volunteers (issue 18): confirmed members of an organisation post a call with 1–10
// shifts; coordinators review an organisation's calls until one has been approved (spam: review and
// a rate limit per organisation); the public sees open calls with the places left on each shift.
// Who may do what is checked here against the users table, inside the transaction that writes: the
// session's copy of a role or membership could be a request old.
import type { DB } from '../db/client';
import type { CallStatus } from '../../../../db/schema';
import { notify } from '../people/notices';
import { cleanText, hasMarkup } from '../platform/form-text';
import { CALL_LIMITS, type CallErrors, type CallInput } from './call-form';
import { applicationCounts } from './call-queries';
import { isStaff } from './access';

export { CALL_LIMITS };
const DAY_MS = 24 * 60 * 60 * 1000;

interface Actor {
	id: number;
	role: string;
	organisationId: number | null;
}

/** Coordinators and admins manage every call; a confirmed member (never a requester) their organisation's. */
export function mayManage(user: { role: string; organisationId: number | null } | null, organisationId: number) {
	if (!user) return false;
	return user.role === 'admin' || user.role === 'coordinator' || user.organisationId === organisationId;
}

async function actorOf(db: DB, userId: number): Promise<Actor | null> {
	const row = await db
		.selectFrom('users')
		.select(['id', 'role', 'organisation_id', 'active'])
		.where('id', '=', userId)
		.executeTakeFirst();
	if (!row || !row.active) return null;
	return { id: row.id, role: row.role, organisationId: row.organisation_id };
}

/** Courses a call may require: those that issue a certificate and are not archived, with their title. */
export async function courseChoices(db: DB, locale: string): Promise<{ id: number; title: string }[]> {
	const rows = await db
		.selectFrom('courses')
		.innerJoin('course_texts', 'course_texts.course_id', 'courses.id')
		.select(['courses.id', 'course_texts.locale', 'course_texts.title'])
		.where('courses.archived', '=', 0)
		.where('courses.issues_certificate', '=', 1)
		.where('course_texts.locale', 'in', [locale, 'en'])
		.orderBy('courses.id')
		.execute();
	const byId = new Map<number, string>();
	for (const r of rows) if (r.locale === locale || !byId.has(r.id)) byId.set(r.id, r.title);
	return [...byId].map(([id, title]) => ({ id, title }));
}

export type SaveResult =
	| { ok: true; id: number; status: CallStatus }
	| { ok: false; reason: 'forbidden' | 'not_found' | 'closed' }
	| { ok: false; reason: 'invalid' | 'limited'; errors: CallErrors };

function callColumns(input: CallInput) {
	return {
		title: input.title,
		description: input.description,
		municipality: input.municipality,
		place: input.place,
		skills: JSON.stringify(input.skills),
		languages: JSON.stringify(input.languages),
		required_course_id: input.requiredCourseId,
		minors_allowed: input.minorsAllowed ? 1 : 0
	};
}

async function courseAllowed(db: DB, courseId: number | null): Promise<boolean> {
	if (courseId === null) return true;
	const row = await db
		.selectFrom('courses')
		.select('id')
		.where('id', '=', courseId)
		.where('archived', '=', 0)
		.where('issues_certificate', '=', 1)
		.executeTakeFirst();
	return Boolean(row);
}

/** Whether the organisation has had a call approved by a coordinator (then new calls open at once). */
async function trusted(db: DB, organisationId: number): Promise<boolean> {
	const row = await db
		.selectFrom('volunteer_calls')
		.select('id')
		.where('organisation_id', '=', organisationId)
		.where('status', 'in', ['open', 'closed'])
		.where('reviewed_at', 'is not', null)
		.limit(1)
		.executeTakeFirst();
	return Boolean(row);
}

async function countCalls(db: DB, organisationId: number, where: { status?: CallStatus; since?: number }) {
	let q = db
		.selectFrom('volunteer_calls')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('organisation_id', '=', organisationId);
	if (where.status) q = q.where('status', '=', where.status);
	if (where.since !== undefined) q = q.where('created_at', '>', where.since);
	return Number((await q.executeTakeFirstOrThrow()).n);
}

/** The spam limits: at most 3 pending calls at once, 10 calls made in any 24 hours. */
async function limitError(db: DB, organisationId: number, status: CallStatus, now: number, creating: boolean) {
	if (creating && (await countCalls(db, organisationId, { since: now - DAY_MS })) >= CALL_LIMITS.perDay)
		return 'vcall_err_too_many_today';
	if (
		status === 'pending' &&
		(await countCalls(db, organisationId, { status: 'pending' })) >= CALL_LIMITS.pendingPerOrganisation
	)
		return 'vcall_err_too_many_pending';
	return null;
}

/**
 * Posts a call of an organisation. It waits for a coordinator ('pending') unless the organisation
 * already has an approved call. The rate limits are counted in the transaction that inserts, so
 * simultaneous posts cannot all slip under them.
 */
export function createCall(
	db: DB,
	userId: number,
	organisationId: number,
	input: CallInput,
	locale: string,
	now = Date.now()
): Promise<SaveResult> {
	return db.transaction().execute(async (tx): Promise<SaveResult> => {
		const actor = await actorOf(tx, userId);
		const org = await tx.selectFrom('organisations').select('id').where('id', '=', organisationId).executeTakeFirst();
		if (!org) return { ok: false, reason: 'not_found' };
		if (!actor || !mayManage(actor, organisationId)) return { ok: false, reason: 'forbidden' };
		if (!(await courseAllowed(tx, input.requiredCourseId)))
			return { ok: false, reason: 'invalid', errors: { required_course: 'vcall_err_course' } };
		if (input.shifts.length < 1 || input.shifts.length > CALL_LIMITS.shifts || input.shifts.some((s) => s.id !== null))
			return { ok: false, reason: 'invalid', errors: { shifts: 'vcall_err_no_shifts' } };
		const status: CallStatus = (await trusted(tx, organisationId)) ? 'open' : 'pending';
		const limited = await limitError(tx, organisationId, status, now, true);
		if (limited) return { ok: false, reason: 'limited', errors: { form: limited } };
		const { id } = await tx
			.insertInto('volunteer_calls')
			.values({
				organisation_id: organisationId,
				created_by: actor.id,
				locale,
				...callColumns(input),
				status,
				reviewed_by: null,
				reviewed_at: null,
				created_at: now,
				updated_at: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await tx
			.insertInto('volunteer_shifts')
			.values(input.shifts.map((s) => ({ call_id: id, starts_at: s.startsAt, ends_at: s.endsAt, places: s.places })))
			.execute();
		return { ok: true, id, status };
	});
}

/**
 * Saves an edited call. A shift that has applications is never deleted (the volunteers' history
 * would go with it) and its places never drop below those already accepted; both are refused with a
 * message on the form. A declined call that is edited goes back to review. When a shift's start or
 * end moves, its reminders are sent again for the new time and the volunteers who applied or were
 * accepted are told.
 */
export function updateCall(db: DB, userId: number, callId: number, input: CallInput, now = Date.now()) {
	return db.transaction().execute(async (tx): Promise<SaveResult> => {
		const call = await tx
			.selectFrom('volunteer_calls')
			.select(['id', 'organisation_id', 'status', 'title'])
			.where('id', '=', callId)
			.executeTakeFirst();
		if (!call) return { ok: false, reason: 'not_found' };
		const actor = await actorOf(tx, userId);
		if (!actor || !mayManage(actor, call.organisation_id)) return { ok: false, reason: 'forbidden' };
		if (call.status === 'closed') return { ok: false, reason: 'closed' };
		if (!(await courseAllowed(tx, input.requiredCourseId)))
			return { ok: false, reason: 'invalid', errors: { required_course: 'vcall_err_course' } };
		if (input.shifts.length < 1 || input.shifts.length > CALL_LIMITS.shifts)
			return { ok: false, reason: 'invalid', errors: { shifts: 'vcall_err_no_shifts' } };
		const existing = await tx.selectFrom('volunteer_shifts').selectAll().where('call_id', '=', callId).execute();
		const counts = await applicationCounts(
			tx,
			existing.map((s) => s.id)
		);
		const kept = new Set(input.shifts.flatMap((s) => (s.id === null ? [] : [s.id])));
		const errors: CallErrors = {};
		for (const s of input.shifts) {
			if (s.id === null) continue;
			if (!existing.some((e) => e.id === s.id)) errors[`shift-id-${s.id}`] = 'vcall_err_shift_unknown';
			else if (s.places < (counts.get(s.id)?.accepted ?? 0))
				errors[`shift-id-${s.id}`] = 'vcall_err_places_below_accepted';
		}
		const removed = existing.filter((e) => !kept.has(e.id));
		if (removed.some((e) => (counts.get(e.id)?.applications ?? 0) > 0)) errors.shifts = 'vcall_err_remove_applied';
		if (Object.keys(errors).length > 0) return { ok: false, reason: 'invalid', errors };

		const status: CallStatus = call.status === 'declined' ? 'pending' : call.status;
		if (call.status === 'declined') {
			const limited = await limitError(tx, call.organisation_id, status, now, false);
			if (limited) return { ok: false, reason: 'limited', errors: { form: limited } };
		}
		await tx
			.updateTable('volunteer_calls')
			.set({ ...callColumns(input), status, updated_at: now })
			.where('id', '=', callId)
			.execute();
		if (removed.length > 0)
			await tx
				.deleteFrom('volunteer_shifts')
				.where(
					'id',
					'in',
					removed.map((e) => e.id)
				)
				.execute();
		for (const s of input.shifts) {
			if (s.id === null)
				await tx
					.insertInto('volunteer_shifts')
					.values({ call_id: callId, starts_at: s.startsAt, ends_at: s.endsAt, places: s.places })
					.execute();
			else {
				await tx
					.updateTable('volunteer_shifts')
					.set({ starts_at: s.startsAt, ends_at: s.endsAt, places: s.places })
					.where('id', '=', s.id)
					.where('call_id', '=', callId)
					.execute();
				const before = existing.find((e) => e.id === s.id);
				if (before && (before.starts_at !== s.startsAt || before.ends_at !== s.endsAt))
					await shiftMoved(tx, { id: s.id, startsAt: s.startsAt }, { id: callId, title: input.title }, now);
			}
		}
		return { ok: true, id: callId, status };
	});
}

/** A shift's times changed: its reminders go out again, and who applied or was accepted is told. */
async function shiftMoved(
	tx: DB,
	shift: { id: number; startsAt: number },
	call: { id: number; title: string },
	now: number
) {
	await tx.updateTable('volunteer_applications').set({ reminded_at: null }).where('shift_id', '=', shift.id).execute();
	const people = await tx
		.selectFrom('volunteer_applications')
		.select('user_id')
		.where('shift_id', '=', shift.id)
		.where('status', 'in', ['applied', 'accepted'])
		.orderBy('id')
		.execute();
	for (const p of people)
		await notify(
			tx,
			p.user_id,
			'shift-changed',
			{ call: call.title, callId: call.id, starts: shift.startsAt },
			`/calls/${call.id}`,
			now
		);
}

export type ReviewResult =
	| { ok: true }
	| {
			ok: false;
			reason:
				| 'not_found'
				| 'forbidden'
				| 'not_pending'
				| 'note_required'
				| 'note_too_long'
				| 'already_closed'
				| 'volp_err_markup';
	  };

async function reviewable(tx: DB, userId: number, callId: number) {
	const actor = await actorOf(tx, userId);
	const call = await tx
		.selectFrom('volunteer_calls')
		.select(['id', 'title', 'status', 'created_by', 'organisation_id'])
		.where('id', '=', callId)
		.executeTakeFirst();
	return { actor, call };
}

/** A coordinator approves a pending call: it opens, and its author is told. */
export function approveCall(db: DB, userId: number, callId: number, now = Date.now()): Promise<ReviewResult> {
	return db.transaction().execute(async (tx): Promise<ReviewResult> => {
		const { actor, call } = await reviewable(tx, userId, callId);
		if (!call) return { ok: false, reason: 'not_found' };
		if (!actor || !isStaff(actor)) return { ok: false, reason: 'forbidden' };
		if (call.status !== 'pending') return { ok: false, reason: 'not_pending' };
		await tx
			.updateTable('volunteer_calls')
			.set({ status: 'open', review_note: '', reviewed_by: actor.id, reviewed_at: now, updated_at: now })
			.where('id', '=', callId)
			.execute();
		if (call.created_by !== null)
			await notify(tx, call.created_by, 'call-approved', { call: call.title, callId }, `/calls/${callId}`, now);
		return { ok: true };
	});
}

/** A coordinator declines a pending call with a note saying why; its author is told. */
export function declineCall(db: DB, userId: number, callId: number, note: unknown, now = Date.now()) {
	const text = cleanText(note);
	return db.transaction().execute(async (tx): Promise<ReviewResult> => {
		const { actor, call } = await reviewable(tx, userId, callId);
		if (!call) return { ok: false, reason: 'not_found' };
		if (!actor || !isStaff(actor)) return { ok: false, reason: 'forbidden' };
		if (call.status !== 'pending') return { ok: false, reason: 'not_pending' };
		if (!text) return { ok: false, reason: 'note_required' };
		if ([...text].length > CALL_LIMITS.reviewNote) return { ok: false, reason: 'note_too_long' };
		if (hasMarkup(text)) return { ok: false, reason: 'volp_err_markup' };
		await tx
			.updateTable('volunteer_calls')
			.set({ status: 'declined', review_note: text, reviewed_by: actor.id, reviewed_at: now, updated_at: now })
			.where('id', '=', callId)
			.execute();
		if (call.created_by !== null)
			await notify(
				tx,
				call.created_by,
				'call-declined',
				{ call: call.title, callId, note: text },
				`/calls/${callId}`,
				now
			);
		return { ok: true };
	});
}

/**
 * Closes a pending or open call: its organisation's members, coordinators and admins may. In the
 * same transaction the applications still waiting are declined (no message), and those volunteers
 * and the ones accepted for shifts still to come are told, so nobody waits or comes in vain.
 */
export function closeCall(db: DB, userId: number, callId: number, now = Date.now()): Promise<ReviewResult> {
	return db.transaction().execute(async (tx): Promise<ReviewResult> => {
		const { actor, call } = await reviewable(tx, userId, callId);
		if (!call) return { ok: false, reason: 'not_found' };
		if (!actor || !mayManage(actor, call.organisation_id)) return { ok: false, reason: 'forbidden' };
		if (call.status === 'closed' || call.status === 'declined') return { ok: false, reason: 'already_closed' };
		await tx
			.updateTable('volunteer_calls')
			.set({ status: 'closed', updated_at: now })
			.where('id', '=', callId)
			.execute();
		const shiftIds = (await tx.selectFrom('volunteer_shifts').select('id').where('call_id', '=', callId).execute()).map(
			(r) => r.id
		);
		if (shiftIds.length === 0) return { ok: true };
		const told = await tx
			.selectFrom('volunteer_applications as a')
			.innerJoin('volunteer_shifts as s', 's.id', 'a.shift_id')
			.select(['a.id', 'a.user_id', 'a.status'])
			.where('a.shift_id', 'in', shiftIds)
			.where((eb) =>
				eb.or([eb('a.status', '=', 'applied'), eb.and([eb('a.status', '=', 'accepted'), eb('s.starts_at', '>', now)])])
			)
			.orderBy('a.id')
			.execute();
		await tx
			.updateTable('volunteer_applications')
			.set({ status: 'declined', decision_message: '', decided_by: actor.id, decided_at: now, updated_at: now })
			.where('shift_id', 'in', shiftIds)
			.where('status', '=', 'applied')
			.execute();
		// One notice per person, even when they had several shifts of the call.
		for (const userId of new Set(told.map((a) => a.user_id)))
			await notify(tx, userId, 'call-closed', { call: call.title, callId }, `/calls/${callId}`, now);
		return { ok: true };
	});
}

export * from './call-queries';
