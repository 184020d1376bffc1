// The list of migrations, imported statically so that the bundled server and the command-line
// tools apply the same set without reading the folder at run time. Add each new file here.
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation';
import * as m0002 from './0002_learning';
import * as m0003 from './0003_certificates';
import * as m0004 from './0004_cohorts';
import * as m0005 from './0005_authoring';
import * as m0006 from './0006_privacy';
import * as m0007 from './0007_structure_versions';
import * as m0008 from './0008_membership';
import * as m0009 from './0009_audit_subjects';
import * as m0010 from './0010_checks_and_activity';
import * as m0011 from './0011_attempt_state_index';
import * as m0012 from './0012_quiz_draws_and_limits';
import * as m0014 from './0014_assignments';
import * as m0015 from './0015_assignment_editing';
import * as m0016 from './0016_organisation_assignments';
import * as m0017 from './0017_workload_and_trainer_pack';
import * as m0018 from './0018_submission_threads';
import * as m0019 from './0019_volunteering';
import * as m0020 from './0020_volunteer_certificates';
import * as m0021 from './0021_indicators';
import * as m0025 from './0025_indicator_indexes';
import * as m0026 from './0026_everyday';
import * as m0035 from './0035_hours_reason';
import * as m0036 from './0036_offline';
import * as m0037 from './0037_shared_state';
import * as m0038 from './0038_folded_search';

export const migrations: Record<string, Migration> = {
	'0001_foundation': m0001,
	'0002_learning': m0002,
	'0003_certificates': m0003,
	'0004_cohorts': m0004,
	'0005_authoring': m0005,
	'0006_privacy': m0006,
	'0007_structure_versions': m0007,
	'0008_membership': m0008,
	'0009_audit_subjects': m0009,
	'0010_checks_and_activity': m0010,
	'0011_attempt_state_index': m0011,
	'0012_quiz_draws_and_limits': m0012,
	'0014_assignments': m0014,
	'0015_assignment_editing': m0015,
	'0016_organisation_assignments': m0016,
	'0017_workload_and_trainer_pack': m0017,
	'0018_submission_threads': m0018,
	'0019_volunteering': m0019,
	'0020_volunteer_certificates': m0020,
	'0021_indicators': m0021,
	'0025_indicator_indexes': m0025,
	'0026_everyday': m0026,
	'0035_hours_reason': m0035,
	'0036_offline': m0036,
	'0037_shared_state': m0037,
	'0038_folded_search': m0038
};
