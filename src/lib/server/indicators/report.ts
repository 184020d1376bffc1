// The programme results report (issue 19): every indicator for a scope, suppressed, in the order
// of TABLE_IDS. The page, the exports and the snapshots all take their figures from here.
import { TABLE_IDS, type IndicatorReport, type RawTable } from '$lib/indicators/report';
import type { DB } from '../db/client';
import { learningTables } from './learning';
import { organisationsTables } from './organisations';
import { peopleTables } from './people';
import type { Scope } from './scope';
import { suppressReport } from './suppression';
import { volunteeringTables } from './volunteering';

export async function buildReport(db: DB, scope: Scope, names: IndicatorReport['scope']): Promise<IndicatorReport> {
	const raw: RawTable[] = [
		...(await organisationsTables(db, scope)),
		...(await peopleTables(db, scope)),
		...(await learningTables(db, scope)),
		...(await volunteeringTables(db, scope))
	];
	raw.sort((a, b) => TABLE_IDS.indexOf(a.id) - TABLE_IDS.indexOf(b.id));
	return { version: 1, generatedAt: scope.now, filters: scope.filters, scope: names, tables: suppressReport(raw) };
}
