import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { idParam, requireUser } from '$lib/server/http/guard';
import * as snapshots from '$lib/server/indicators/snapshots';

// A frozen report, shown from its stored figures: nothing here is counted again.
export const load: PageServerLoad = async (event) => {
	requireUser(event, 'coordinator');
	const snapshot = await snapshots.getSnapshot(event.locals.db, idParam(event.params.id));
	if (!snapshot) error(404, { message: m.error_404_text() });
	return { snapshot };
};
