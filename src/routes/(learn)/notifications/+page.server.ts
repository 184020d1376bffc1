import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/i18n/href';
import { noticeHref } from '$lib/notices/texts';
import { requireUser } from '$lib/server/http/guard';
import { redirectDone } from '$lib/server/http/prg';
import * as notices from '$lib/server/people/notices';

// Anybody signed in, whatever their role, reads their own notices here; no id of a person travels in
// the address or the forms, and a notice id that is not theirs is a 404.
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const db = event.locals.db;
	const [list, unread] = await Promise.all([
		notices.pageFor(db, user.id, notices.pageParam(event.url.searchParams.get('page'))),
		notices.unreadCount(db, user.id)
	]);
	return { ...list, unread, keep: notices.PAGE_SIZE * notices.MAX_PAGES, lastPage: list.page === notices.MAX_PAGES };
};

function noticeId(form: FormData): number {
	const raw = form.get('id');
	if (typeof raw !== 'string' || !/^\d{1,12}$/.test(raw)) error(404, { message: m.error_404_text() });
	return Number(raw);
}

export const actions: Actions = {
	/** Opening a notice marks it read and follows its link (a path on this site only). */
	open: async (event) => {
		const user = requireUser(event);
		const opened = await notices.openNotice(event.locals.db, user.id, noticeId(await event.request.formData()));
		if (!opened) error(404, { message: m.error_404_text() });
		const href = noticeHref(opened.link);
		if (!href) redirectDone(event, 'read');
		redirect(303, localizeHref(href));
	},
	read: async (event) => {
		const user = requireUser(event);
		const opened = await notices.openNotice(event.locals.db, user.id, noticeId(await event.request.formData()));
		if (!opened) error(404, { message: m.error_404_text() });
		redirectDone(event, 'read');
	},
	readAll: async (event) => {
		const user = requireUser(event);
		await notices.markAllRead(event.locals.db, user.id);
		redirectDone(event, 'all-read');
	}
};
