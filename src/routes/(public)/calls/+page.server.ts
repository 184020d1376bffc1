import type { PageServerLoad } from './$types';
import * as calls from '$lib/server/volunteering/calls';

export const load: PageServerLoad = async ({ locals, url }) => {
	const param = (name: string) => (url.searchParams.get(name) ?? '').slice(0, 40);
	const filters = { municipality: param('municipality'), skill: param('skill'), language: param('language') };
	const page = /^\d{1,5}$/.test(param('page')) ? Number(param('page')) : 1;
	const list = await calls.listOpenCalls(locals.db, { ...filters, page });
	return { filters, ...list };
};
