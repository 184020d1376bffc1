import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { loadCohort } from '$lib/server/http/cohort-pages';
import * as cohorts from '$lib/server/cohorts/cohorts';
import * as roster from '$lib/server/cohorts/roster';
import { mailConfigured, sendMail } from '$lib/server/platform/mail';
import { config } from '$lib/server/platform/config';
import * as flash from '$lib/server/http/flash';
import { redirectDone } from '$lib/server/http/prg';

type ImportedAccount = { name: string; email: string; link: string | null; sent: boolean };

export const load: PageServerLoad = async (event) => {
	const { cohort } = await loadCohort(event, 'manage');
	const params = event.url.searchParams;
	const q = (params.get('q') ?? '').slice(0, 100);
	const pageNo = /^\d{1,6}$/.test(params.get('page') ?? '') ? Math.max(1, Number(params.get('page'))) : 1;
	const db = event.locals.db;
	const picker = await cohorts.candidatePage(db, cohort.id, q, pageNo);
	return {
		cohort: { id: cohort.id, name: cohort.name },
		inviteUrl: `${config.origin}/join/${cohort.invite_token}`,
		q,
		candidates: picker.rows,
		candidateTotal: picker.total,
		candidatePages: Math.max(1, Math.ceil(picker.total / cohorts.CANDIDATE_PAGE_SIZE)),
		page: pageNo,
		// Without JavaScript, "select all shown" is a link that shows the list again with every box ticked.
		allPicked: params.get('all') === 'candidates',
		allMembers: params.get('all') === 'members',
		removed: params.get('done') === 'removed',
		members: await cohorts.members(db, cohort.id),
		created: event.url.searchParams.has('created'),
		imported:
			event.url.searchParams.get('done') === 'imported'
				? await flash.take<ImportedAccount[]>(db, event.locals.user!.id, event.url.searchParams.get('result'))
				: null,
		added: event.url.searchParams.get('done') === 'added' ? Number(event.url.searchParams.get('count')) || 0 : null,
		mail: mailConfigured()
	};
};

export const actions: Actions = {
	add: async (event) => {
		const { cohort } = await loadCohort(event, 'manage');
		const form = await event.request.formData();
		const result = await cohorts.addPeople(event.locals.db, cohort, form.getAll('user'));
		if (!result.ok)
			return fail(400, {
				action: 'add' as const,
				message: result.reason === 'too_many' ? m.sec_list_too_long() : m.members_pick_someone()
			});
		redirectDone(event, 'added', { count: result.added });
	},
	preview: async (event) => {
		await loadCohort(event, 'manage');
		const form = await event.request.formData();
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0)
			return fail(400, { action: 'preview' as const, message: m.roster_choose_file() });
		if (file.size > roster.MAX_ROSTER_BYTES)
			return fail(413, { action: 'preview' as const, message: m.roster_too_large() });
		const result = await roster.readRoster(event.locals.db, new Uint8Array(await file.arrayBuffer()));
		if (!result.ok) {
			const message =
				result.problem === 'header'
					? m.roster_bad_header({ found: result.detail ?? '' })
					: result.problem === 'too_large'
						? m.roster_too_large()
						: result.problem === 'too_many_rows'
							? m.roster_too_many_rows()
							: result.problem === 'empty'
								? m.roster_empty()
								: m.roster_unreadable();
			return fail(400, { action: 'preview' as const, message });
		}
		return {
			action: 'preview' as const,
			rows: result.rows,
			encoding: result.encoding,
			text: result.text,
			clean: result.rows.every((r) => r.problems.length === 0)
		};
	},
	confirm: async (event) => {
		const { cohort, user } = await loadCohort(event, 'manage');
		const form = await event.request.formData();
		const text = typeof form.get('text') === 'string' ? (form.get('text') as string) : '';
		if (text.length === 0 || text.length > roster.MAX_ROSTER_BYTES)
			return fail(400, { action: 'preview' as const, message: m.roster_choose_file() });
		// Checked again: the preview may be old, or the form changed on the way.
		const result = await roster.checkRosterText(event.locals.db, text);
		if (!result.ok || result.rows.some((r) => r.problems.length > 0)) {
			return fail(400, {
				action: 'preview' as const,
				message: m.roster_not_clean(),
				...(result.ok ? { rows: result.rows, text, encoding: 'utf-8' as const, clean: false } : {})
			});
		}
		const created = await roster.applyRoster(event.locals.db, cohort, result.rows, user.id);
		if (!created) return fail(400, { action: 'preview' as const, message: m.roster_not_clean() });
		const accounts: ImportedAccount[] = [];
		for (const a of created) {
			const link = a.token ? `${config.origin}/set-password/${a.token}` : null;
			const sent = link
				? await sendMail(
						a.email,
						m.mail_set_password_subject(),
						m.mail_set_password_body({ name: a.name, cohort: cohort.name, link })
					)
				: false;
			accounts.push({ name: a.name, email: a.email, link, sent });
		}
		// The links are secrets: they wait in memory for this coordinator, not in the address.
		redirectDone(event, 'imported', { result: await flash.put(event.locals.db, user.id, accounts) });
	}
};
