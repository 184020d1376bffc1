import type { LayoutServerLoad } from './$types';
import * as notices from '$lib/server/people/notices';

// Layout data is loaded on every page and on every client-side navigation that re-runs it: the
// unread count is a single lookup in the notices_unread index.
export const load: LayoutServerLoad = async ({ locals }) => ({
	user: locals.user ? { name: locals.user.name, role: locals.user.role } : null,
	unreadNotices: locals.user ? (locals.unreadNotices ?? (await notices.unreadCount(locals.db, locals.user.id))) : 0
});
