// Which organisations get a row of their own in "People by organisation" (issue 19). A row's mere
// presence would tell that an organisation has someone in the cohort or period, so only those with
// at least five people in the population get one; everyone else who is a confirmed member is in one
// row, "Organisations with fewer than five people here".
//
// That row spans municipalities, so a municipality's row in "People by municipality" minus the rows
// of its shown organisations leaves its share of it (its remainder). A remainder of 1 to 4 in any
// column would be a small group worked out by subtracting: then the municipality's smallest shown
// organisation joins the grouped row too, until every column of the remainder is 0 or at least five.
import { SMALL_COUNT } from '$lib/indicators/report';

export interface OrganisationFigures {
	id: number;
	/** The row of "People by municipality" the organisation's people are in. */
	municipality: string;
	/** The additive counts of people of its row (enrolled first; then started, completed, certified). */
	counts: number[];
}

const risky = (n: number) => n > 0 && n < SMALL_COUNT;

/** The ids of the organisations shown with a row of their own; all others are grouped. */
export function shownOrganisations(organisations: OrganisationFigures[]): Set<number> {
	const shown = new Set(organisations.filter((o) => o.counts[0] >= SMALL_COUNT).map((o) => o.id));
	const byMunicipality = new Map<string, OrganisationFigures[]>();
	for (const o of organisations) {
		const list = byMunicipality.get(o.municipality);
		if (list) list.push(o);
		else byMunicipality.set(o.municipality, [o]);
	}
	for (const list of byMunicipality.values()) {
		for (;;) {
			const own = list.filter((o) => shown.has(o.id));
			if (own.length === 0) break;
			const remainder = list[0].counts.map((_, col) =>
				list.reduce((sum, o) => (shown.has(o.id) ? sum : sum + o.counts[col]), 0)
			);
			if (!remainder.some(risky)) break;
			// The smallest by people enrolled; of equal ones, the latest registered (the larger id).
			own.sort((a, b) => a.counts[0] - b.counts[0] || b.id - a.id);
			shown.delete(own[0].id);
		}
	}
	return shown;
}
