import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { idParam } from '$lib/server/http/guard';
import { loadCohort } from '$lib/server/http/cohort-pages';
import { learnerDetail } from '$lib/server/cohorts/insight';
import * as learners from '$lib/server/cohorts/learners';
import { mailConfigured, sendMail } from '$lib/server/platform/mail';
import { config } from '$lib/server/platform/config';
import * as flash from '$lib/server/http/flash';
import { redirectDone } from '$lib/server/http/prg';
import { localizeHref } from '$lib/i18n/href';

type IssuedLink = { userId: number; link: string; sent: boolean };

export const load: PageServerLoad = async (event) => {
	const { cohort, course, access, user } = await loadCohort(event);
	const db = event.locals.db;
	const userId = idParam(event.params.user);
	const detail = await learnerDetail(db, cohort, course, userId);
	if (!detail) error(404, { message: m.error_404_text() });
	const canManage = access === 'manage';
	const done = event.url.searchParams.get('done');
	const issued =
		canManage && done === 'link'
			? await flash.take<IssuedLink>(db, user.id, event.url.searchParams.get('result'))
			: null;
	return {
		cohort: { id: cohort.id, name: cohort.name },
		canManage,
		learner: detail,
		userId,
		targets: canManage ? await learners.moveTargets(db, cohort) : [],
		mayReissue: canManage && (await learners.mayReissue(db, cohort.id, userId)),
		issued: issued && issued.userId === userId ? issued : null,
		mail: mailConfigured()
	};
};

export const actions: Actions = {
	move: async (event) => {
		const { cohort, user } = await loadCohort(event, 'manage');
		const userId = idParam(event.params.user);
		const form = await event.request.formData();
		const to = String(form.get('to') ?? '');
		if (!/^\d{1,9}$/.test(to)) return fail(400, { action: 'move' as const, message: m.coh_move_pick() });
		const result = await learners.move(event.locals.db, cohort, Number(to), userId, user.id);
		if (!result.ok) {
			if (result.reason === 'not_member') error(404, { message: m.error_404_text() });
			return fail(400, {
				action: 'move' as const,
				message: result.reason === 'other_course' ? m.coh_move_other_course() : m.coh_move_pick()
			});
		}
		redirect(303, localizeHref(`/cohorts/${to}/learners/${userId}?done=moved`));
	},
	link: async (event) => {
		const { cohort, user } = await loadCohort(event, 'manage');
		const userId = idParam(event.params.user);
		const result = await learners.reissueLink(event.locals.db, cohort, userId, user.id);
		if (!result.ok) return fail(403, { action: 'link' as const, message: m.coh_link_not_allowed() });
		const link = `${config.origin}/set-password/${result.token}`;
		const sent = await sendMail(
			result.email,
			m.mail_set_password_subject(),
			m.mail_set_password_body({ name: result.name, cohort: cohort.name, link })
		);
		// The link is a secret: it waits in memory for this coordinator, not in the address.
		redirectDone(event, 'link', {
			result: await flash.put(event.locals.db, user.id, { userId, link, sent } satisfies IssuedLink)
		});
	}
};
