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

/** Notices per page of the notifications list, and how many pages back it goes (the list is bounded). */
export const PAGE_SIZE = 20;
export const MAX_PAGES = 25;

/** The page number asked for in the address, kept within 1..MAX_PAGES (anything else is page 1). */
export function pageParam(value: string | null): number {
	if (!value || !/^\d{1,3}$/.test(value)) return 1;
	return Math.min(MAX_PAGES, Math.max(1, Number(value)));
}

/** One page of a person's notices, newest first, and whether an older page follows. */
export async function pageFor(
	db: DB,
	userId: number,
	page: number
): Promise<{ notices: Notice[]; page: number; hasOlder: boolean }> {
	const p = Math.min(MAX_PAGES, Math.max(1, Math.floor(page)));
	// One more than a page tells whether there is an older one, without counting them all.
	const rows = await listFor(db, userId, PAGE_SIZE + 1, (p - 1) * PAGE_SIZE);
	return { notices: rows.slice(0, PAGE_SIZE), page: p, hasOlder: rows.length > PAGE_SIZE && p < MAX_PAGES };
}

/**
 * Opens one of the person's own notices: marks it read and gives its link (null when the id is not
 * theirs or does not exist, so somebody else's notice reveals nothing).
 */
export async function openNotice(
	db: DB,
	userId: number,
	id: number,
	now = Date.now()
): Promise<{ link: string } | null> {
	const row = await db
		.selectFrom('notices')
		.select('link')
		.where('id', '=', id)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	if (!row) return null;
	await markRead(db, userId, id, now);
	return { link: row.link };
}

/**
 * Reads the settings form: a checkbox `app:<switch>` and `email:<switch>` per switch (a box not sent is
 * off). Without SMTP the e-mail boxes are not offered, so the stored e-mail choices are kept as they
 * are. Null when the form holds anything else (it is never more than two boxes per switch).
 */
export function parseSettingsForm(
	form: FormData,
	current: Record<NoticeSwitch, NoticeSetting>,
	mailAvailable: boolean
): Record<NoticeSwitch, NoticeSetting> | null {
	const allowed = new Set(SWITCHES.flatMap((s) => [`app:${s}`, `email:${s}`]));
	let fields = 0;
	for (const [key, value] of form) {
		if (++fields > allowed.size || !allowed.has(key) || value !== 'on') return null;
	}
	const out = {} as Record<NoticeSwitch, NoticeSetting>;
	for (const s of SWITCHES)
		out[s] = { inApp: form.has(`app:${s}`), byEmail: mailAvailable ? form.has(`email:${s}`) : current[s].byEmail };
	return out;
}
