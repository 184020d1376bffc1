// Notices: what somebody should know (a review of their hand-in, a certificate, a cohort starting, a
// coordinator's message, a reminder, a decision on a volunteering application). Every notice is
// stored for the in-app list (the header shows the unread count on every page, without JavaScript);
// an e-mail goes out as well when SMTP is configured. A person can switch each kind off, in the app
// and by e-mail separately (notice_settings; no row = both on).
//
// A notice stores a kind and parameters, not text, so it reads in whichever language its reader uses.
import type { DB } from '../db/client';
import { mailConfigured } from '../platform/mail';

export const NOTICE_LIMIT = 50;

/** The switches a person sees on the notices settings page, in that order. */
export const SWITCHES = [
	'assignment-reviewed',
	'certificate-issued',
	'cohort-starting',
	'coordinator-message',
	'inactivity-reminder',
	'volunteering'
] as const;
export type NoticeSwitch = (typeof SWITCHES)[number];

/** The switch a notice kind falls under: learning kinds have their own, the rest are volunteering. */
export function switchOf(kind: string): NoticeSwitch {
	if (kind === 'course-certificate-issued') return 'certificate-issued';
	return (SWITCHES as readonly string[]).includes(kind) && kind !== 'volunteering'
		? (kind as NoticeSwitch)
		: 'volunteering';
}

export interface Notice {
	id: number;
	kind: string;
	params: Record<string, string | number>;
	link: string;
	createdAt: number;
	read: boolean;
}

export interface NoticeSetting {
	inApp: boolean;
	byEmail: boolean;
}

/** A person's setting for one switch (both on unless they turned one off). */
export async function settingFor(db: DB, userId: number, kind: string): Promise<NoticeSetting> {
	const row = await db
		.selectFrom('notice_settings')
		.select(['in_app', 'by_email'])
		.where('user_id', '=', userId)
		.where('kind', '=', switchOf(kind))
		.executeTakeFirst();
	return { inApp: row ? row.in_app === 1 : true, byEmail: row ? row.by_email === 1 : true };
}

/** All of a person's switches. */
export async function settingsOf(db: DB, userId: number): Promise<Record<NoticeSwitch, NoticeSetting>> {
	const rows = await db
		.selectFrom('notice_settings')
		.select(['kind', 'in_app', 'by_email'])
		.where('user_id', '=', userId)
		.execute();
	const out = {} as Record<NoticeSwitch, NoticeSetting>;
	for (const s of SWITCHES) {
		const row = rows.find((r) => r.kind === s);
		out[s] = { inApp: row ? row.in_app === 1 : true, byEmail: row ? row.by_email === 1 : true };
	}
	return out;
}

export async function saveSettings(
	db: DB,
	userId: number,
	settings: Partial<Record<NoticeSwitch, NoticeSetting>>
): Promise<void> {
	await db.transaction().execute(async (tx) => {
		for (const s of SWITCHES) {
			const v = settings[s];
			if (!v) continue;
			await tx
				.insertInto('notice_settings')
				.values({ user_id: userId, kind: s, in_app: v.inApp ? 1 : 0, by_email: v.byEmail ? 1 : 0 })
				.onConflict((oc) =>
					oc.columns(['user_id', 'kind']).doUpdateSet({ in_app: v.inApp ? 1 : 0, by_email: v.byEmail ? 1 : 0 })
				)
				.execute();
		}
	});
}

/** Stores an in-app notice unless the person switched its kind off in the app. */
export async function notify(
	db: DB,
	userId: number,
	kind: string,
	params: Record<string, string | number>,
	link: string,
	now = Date.now()
): Promise<void> {
	if (!(await settingFor(db, userId, kind)).inApp) return;
	await db
		.insertInto('notices')
		.values({ user_id: userId, kind, params: JSON.stringify(params), link, created_at: now, read_at: null })
		.execute();
}

/**
 * Where and in which language to e-mail a person about a notice of this kind, or null when SMTP is
 * not configured, the account is inactive, or the person switched e-mail off for the kind.
 * Call it outside write transactions and send with platform/mail.ts sendMail.
 */
export async function mailTarget(
	db: DB,
	userId: number,
	kind: string
): Promise<{ to: string; locale: string | null } | null> {
	if (!mailConfigured()) return null;
	if (!(await settingFor(db, userId, kind)).byEmail) return null;
	const user = await db
		.selectFrom('users')
		.select(['email', 'locale', 'active'])
		.where('id', '=', userId)
		.executeTakeFirst();
	if (!user || user.active !== 1) return null;
	return { to: user.email, locale: user.locale };
}

/**
 * Records that the once-only notice `key` went to a person; true when it had not gone out before.
 * Call it inside the transaction that writes the notice, so that two runs cannot both send it.
 */
export async function once(db: DB, userId: number, key: string, now = Date.now()): Promise<boolean> {
	const res = await db
		.insertInto('notices_sent')
		.values({ user_id: userId, key, sent_at: now })
		.onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
		.executeTakeFirst();
	return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** How many notices the person has not read (the header's badge). One index lookup. */
export async function unreadCount(db: DB, userId: number): Promise<number> {
	const row = await db
		.selectFrom('notices')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('user_id', '=', userId)
		.where('read_at', 'is', null)
		.executeTakeFirst();
	return Number(row?.n ?? 0);
}

/** The newest notices of a user, at most `limit` (NOTICE_LIMIT). */
export async function listFor(db: DB, userId: number, limit = NOTICE_LIMIT, offset = 0): Promise<Notice[]> {
	const rows = await db
		.selectFrom('notices')
		.select(['id', 'kind', 'params', 'link', 'created_at', 'read_at'])
		.where('user_id', '=', userId)
		.orderBy('created_at', 'desc')
		.orderBy('id', 'desc')
		.limit(Math.min(limit, NOTICE_LIMIT))
		.offset(offset)
		.execute();
	return rows.map((r) => ({
		id: r.id,
		kind: r.kind,
		params: JSON.parse(r.params) as Record<string, string | number>,
		link: r.link,
		createdAt: r.created_at,
		read: r.read_at !== null
	}));
}

export async function markAllRead(db: DB, userId: number, now = Date.now()): Promise<void> {
	await db
		.updateTable('notices')
		.set({ read_at: now })
		.where('user_id', '=', userId)
		.where('read_at', 'is', null)
		.execute();
}

/** Marks one of the person's own notices read (someone else's id changes nothing). */
export async function markRead(db: DB, userId: number, id: number, now = Date.now()): Promise<void> {
	await db
		.updateTable('notices')
		.set({ read_at: now })
		.where('id', '=', id)
		.where('user_id', '=', userId)
		.where('read_at', 'is', null)
		.execute();
}
