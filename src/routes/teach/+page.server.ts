import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guard';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event, 'trainer');
	return { name: user.name };
};
