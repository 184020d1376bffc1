import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/http/guard';
import * as network from '$lib/server/volunteering/network';
import { networkCsv } from '$lib/server/volunteering/network-csv';
import { ageBandLabel, languageLabel, municipalityLabel } from '$lib/volunteering/options';

const TEXT: Record<string, () => string> = {
	all: m.net_filter_all,
	months: m.net_csv_months,
	generated_at: m.net_csv_generated,
	total: m.net_vol_total,
	minors: m.net_vol_minors,
	joined: m.net_vol_joined,
	hidden: m.net_vol_hidden,
	confirmed_in_period: m.net_hours_in_period,
	confirmed_total: m.net_hours_total,
	pending: m.net_hours_pending,
	calls_open: m.net_calls_open,
	calls_pending: m.net_calls_pending,
	calls_closed: m.net_calls_closed,
	calls_upcoming: m.net_calls_upcoming,
	calls_filled: m.net_calls_filled,
	calls_unfilled: m.net_calls_unfilled,
	places_offered: m.net_places_offered,
	places_filled: m.net_places_filled
};

// The network's figures as CSV (UTF-8 with a byte-order mark), with the page's filters. Figures
// only: no row is a person.
export const GET: RequestHandler = async (event) => {
	requireUser(event, 'coordinator');
	const filter = network.parseFilter(event.url.searchParams);
	const view = await network.networkView(event.locals.db, filter);
	const csv = networkCsv(view, {
		municipality: municipalityLabel,
		ageBand: ageBandLabel,
		language: languageLabel,
		text: (key) => (Object.hasOwn(TEXT, key) ? TEXT[key]() : key)
	});
	const name = `volunteer-network-${filter.municipality ?? 'all'}-${filter.months}m.csv`;
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'no-store'
		}
	});
};
