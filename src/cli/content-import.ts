// `npm run content:import`: validates content/ and imports every course without errors. Prints every
// error with its file and field; exits non-zero when any course has one (that course is not
// imported and its live version stays).
import { existsSync } from 'node:fs';
import { closeDb, getDb } from '../lib/server/db/client';
import { config } from '../lib/server/platform/config';
import { importContent } from '../lib/server/catalogue/content/import';
import { GlossaryError, glossaryFile, readGlossary } from '../lib/server/catalogue/glossary';

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
// The glossary is read by its page directly; checked here so that a broken edit is reported.
let glossaryOk = true;
try {
	if (existsSync(glossaryFile(config.contentDir))) readGlossary(glossaryFile(config.contentDir));
} catch (e) {
	if (!(e instanceof GlossaryError)) throw e;
	console.error(e.message);
	glossaryOk = false;
}
await closeDb();
if (!report.ok || !glossaryOk) process.exitCode = 1;
