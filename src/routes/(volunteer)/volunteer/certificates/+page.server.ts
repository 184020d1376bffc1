import type { PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { requireUser } from '$lib/server/http/guard';
import * as recognition from '$lib/server/volunteering/recognition';

// A signed-in person's own volunteer certificates and confirmed hours (only theirs: nothing here
// takes an id). Opening the page also issues any certificate the hours have earned and did not get
// (onHoursConfirmed is idempotent), in the reader's language: a catch-up for a missed issuance.
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const db = event.locals.db;
	event.setHeaders({ 'cache-control': 'private, no-store' });
	await recognition.onHoursConfirmed(db, user.id, { locale: getLocale() });
	const [certificates, progress] = await Promise.all([
		recognition.listForVolunteer(db, user.id),
		recognition.progress(db, user.id)
	]);
	return { certificates, minutes: progress.minutes, next: progress.next };
};
