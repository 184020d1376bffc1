// This group is for admins: anyone else is sent to sign in or gets a 403
// here, once for the group. Each load and action still checks for itself, as its resource needs:
// actions run before layouts.
import type { LayoutServerLoad } from './$types';
import { requireUser } from '$lib/server/http/guard';

export const load: LayoutServerLoad = (event) => {
	requireUser(event, 'admin');
};
