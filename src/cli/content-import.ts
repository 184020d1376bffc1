// `npm run content:import`: validates content/ and imports every course without errors. Prints every
// error with its file and field; exits non-zero when any course has one (that course is not
// imported and its live version stays).
import { closeDb, getDb } from '../lib/server/db/client';
import { config } from '../lib/server/platform/config';
import { importContent } from '../lib/server/catalogue/content/import';

const db = await getDb();
const report = await importContent(db, config.contentDir);
for (const c of report.courses) {
	console.log(
		c.skipped
			? `  ${c.slug}: NOT imported (errors below)`
			: `  ${c.slug}: imported (${c.newLessonVersions} new lesson versions, ${c.newQuizVersions} new quiz versions)`
	);
}
for (const e of report.errors) console.error(e);
await closeDb();
if (!report.ok) process.exitCode = 1;
