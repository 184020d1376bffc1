// Coordinators' messages to a cohort, or to some of its learners: stored with their recipients (the
// history on the cohort's messages page), an in-app notice to each recipient inside the same
// transaction, and an e-mail to each after the commit when SMTP is set (never inside a transaction:
// a slow mail server must not hold the database). Plain text only, bounded, and throttled per cohort.
import type { DB } from '../db/client';
import { cleanText, hasMarkup } from '../platform/form-text';
import { sendMail } from '../platform/mail';
import * as notices from '../people/notices';
import { parseIdList } from '../db/id-lists';

export const SUBJECT_MAX = 120;
export const BODY_MAX = 2000;
/** Messages (reminders included) one cohort may be sent per day: a slip of the finger must not flood 300 inboxes. */
export const DAILY_LIMIT = 20;
/** The most learners one selection may name. */
export const MAX_SELECTION = 500;
const DAY = 24 * 60 * 60 * 1000;

export type MessageField = 'subject' | 'body' | 'recipients';
export type MessageProblem = 'required' | 'too_long' | 'markup' | 'none' | 'too_many' | 'not_members';

export interface MessageDraft {
	subject: string;
	body: string;
	/** null: the whole cohort. */
	userIds: number[] | null;
}

/** Reads the message form: subject, body and the ticked learners (`user`; none = the whole cohort when `to=all`). */
export function parseMessageForm(
	form: FormData
):
	| { ok: true; draft: MessageDraft }
	| { ok: false; errors: Partial<Record<MessageField, MessageProblem>>; values: { subject: string; body: string } } {
	// A subject is one line (an e-mail header, a line in the history).
	const subject = cleanText(form.get('subject'))
		.replace(/\s*\n\s*/g, ' ')
		.trim();
	const body = cleanText(form.get('body'));
	const errors: Partial<Record<MessageField, MessageProblem>> = {};
	if (!subject) errors.subject = 'required';
	else if ([...subject].length > SUBJECT_MAX) errors.subject = 'too_long';
	else if (hasMarkup(subject)) errors.subject = 'markup';
	if (!body) errors.body = 'required';
	else if ([...body].length > BODY_MAX) errors.body = 'too_long';
	else if (hasMarkup(body)) errors.body = 'markup';
	let userIds: number[] | null = null;
	if (form.get('to') !== 'all') {
		const ids = parseIdList(form.getAll('user'));
		if (ids === null || ids.length > MAX_SELECTION) errors.recipients = 'too_many';
		else if (ids.length === 0) errors.recipients = 'none';
		else userIds = ids;
	}
	if (Object.keys(errors).length > 0) return { ok: false, errors, values: { subject, body } };
	return { ok: true, draft: { subject, body, userIds } };
}

export type SendResult =
	| { ok: true; messageId: number; recipients: number; mailed: number }
	| { ok: false; reason: 'throttled' | 'none' | 'not_members' };

interface Personal {
	userId: number;
	/** What this recipient reads (a reminder names each learner's own next step). */
	subject: string;
	body: string;
}

/** How many messages the cohort was sent in the 24 hours before `now`. */
export async function sentToday(db: DB, cohortId: number, now = Date.now()): Promise<number> {
	const row = await db
		.selectFrom('cohort_messages')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('cohort_id', '=', cohortId)
		.where('created_at', '>', now - DAY)
		.executeTakeFirst();
	return Number(row?.n ?? 0);
}

async function memberIds(db: DB, cohortId: number, only: number[] | null): Promise<number[]> {
	let q = db
		.selectFrom('cohort_members')
		.innerJoin('users', 'users.id', 'cohort_members.user_id')
		.select('cohort_members.user_id')
		.where('cohort_members.cohort_id', '=', cohortId)
		.where('users.active', '=', 1);
	if (only) q = q.where('cohort_members.user_id', 'in', only.length ? only : [0]);
	return (await q.execute()).map((r) => r.user_id);
}

/**
 * Stores a message for the cohort's (selected) members and notifies each in the app; then e-mails
 * those who get e-mail. `personal` may give each recipient their own text (reminders); the history
 * keeps `draft`'s subject and body. Selected ids that are not active members are refused as a whole.
 */
export async function send(
	db: DB,
	cohort: { id: number; name: string },
	sender: { id: number; name: string },
	draft: MessageDraft,
	personal?: (userId: number) => Promise<{ subject: string; body: string }>,
	now = Date.now()
): Promise<SendResult> {
	const texts: Personal[] = [];
	// Worked out before the transaction: a reader may not use the connection the transaction holds.
	const own = new Map<number, { subject: string; body: string }>();
	if (personal) for (const id of await memberIds(db, cohort.id, draft.userIds)) own.set(id, await personal(id));
	const result = await db.transaction().execute(async (tx): Promise<SendResult> => {
		// Counted inside the writing transaction, so that two quick sends cannot both pass at 19.
		if ((await sentToday(tx, cohort.id, now)) >= DAILY_LIMIT) return { ok: false, reason: 'throttled' };
		const ids = await memberIds(tx, cohort.id, draft.userIds);
		if (ids.length === 0) return { ok: false, reason: 'none' };
		if (draft.userIds && ids.length !== draft.userIds.length) return { ok: false, reason: 'not_members' };
		const message = await tx
			.insertInto('cohort_messages')
			.values({
				cohort_id: cohort.id,
				sender_id: sender.id,
				subject: draft.subject,
				body: draft.body,
				created_at: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		for (let i = 0; i < ids.length; i += 200)
			await tx
				.insertInto('cohort_message_recipients')
				.values(ids.slice(i, i + 200).map((user_id) => ({ message_id: message.id, user_id })))
				.execute();
		for (const userId of ids) {
			const text = own.get(userId) ?? { subject: draft.subject, body: draft.body };
			texts.push({ userId, ...text });
			await notices.notify(
				tx,
				userId,
				'coordinator-message',
				{ subject: text.subject, body: text.body, cohort: cohort.name, from: sender.name },
				'/notifications',
				now
			);
		}
		return { ok: true, messageId: message.id, recipients: ids.length, mailed: 0 };
	});
	if (!result.ok) return result;
	let mailed = 0;
	for (const t of texts) {
		const target = await notices.mailTarget(db, t.userId, 'coordinator-message');
		if (target && (await sendMail(target.to, t.subject, `${t.body}\n\n— ${sender.name}, ${cohort.name}`))) mailed++;
	}
	return { ...result, mailed };
}

export const HISTORY_LIMIT = 50;

/** The cohort's latest messages, newest first, with their sender and how many received each. */
export async function history(db: DB, cohortId: number, limit = HISTORY_LIMIT) {
	const rows = await db
		.selectFrom('cohort_messages as cm')
		.leftJoin('users as u', 'u.id', 'cm.sender_id')
		.select((eb) => [
			'cm.id',
			'cm.subject',
			'cm.body',
			'cm.created_at',
			'u.name as sender',
			eb
				.selectFrom('cohort_message_recipients as r')
				.select(eb.fn.countAll<number>().as('n'))
				.whereRef('r.message_id', '=', 'cm.id')
				.as('recipients')
		])
		.where('cm.cohort_id', '=', cohortId)
		.orderBy('cm.created_at', 'desc')
		.orderBy('cm.id', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => ({
		id: r.id,
		subject: r.subject,
		body: r.body,
		createdAt: r.created_at,
		sender: r.sender,
		recipients: Number(r.recipients ?? 0)
	}));
}
