// In-app notices: what somebody should know about their volunteering (a decision on an application,
// a reminder of tomorrow's shift or event) when no e-mail goes out, and alongside it when one does.
// A notice stores a kind and parameters, not text, so it reads in whichever language its reader uses.
import type { DB } from '../db/client';

export const NOTICE_LIMIT = 50;

export interface Notice {
	id: number;
	kind: string;
	params: Record<string, string | number>;
	link: string;
	createdAt: number;
	read: boolean;
}

export async function notify(
	db: DB,
	userId: number,
	kind: string,
	params: Record<string, string | number>,
	link: string,
	now = Date.now()
): Promise<void> {
	await db
		.insertInto('notices')
		.values({ user_id: userId, kind, params: JSON.stringify(params), link, created_at: now, read_at: null })
		.execute();
}

/** The newest notices of a user, at most NOTICE_LIMIT. */
export async function listFor(db: DB, userId: number): Promise<Notice[]> {
	const rows = await db
		.selectFrom('notices')
		.select(['id', 'kind', 'params', 'link', 'created_at', 'read_at'])
		.where('user_id', '=', userId)
		.orderBy('created_at', 'desc')
		.orderBy('id', 'desc')
		.limit(NOTICE_LIMIT)
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
