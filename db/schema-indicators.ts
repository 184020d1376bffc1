// The tables of the programme's results for the funder (issue 19): the optional demographic answers
// and the frozen reports. Split from schema.ts by domain; the one `Database` type there joins the files.
import type { Generated } from 'kysely';

export interface DemographicsTable {
	user_id: number;
	/** Codes from src/lib/indicators/options.ts; null = not answered. */
	gender: string | null;
	age_band: string | null;
	/** Only with `community_consent_at`; withdrawing the consent sets both to null. */
	community: string | null;
	community_consent_at: number | null;
	asked_at: number;
	updated_at: number;
}

export interface IndicatorSnapshotTable {
	id: Generated<number>;
	title: string;
	/** JSON ReportFilters. */
	filters: string;
	/** JSON IndicatorReport, already suppressed. */
	report: string;
	locale: string;
	created_by: number | null;
	created_at: number;
}
