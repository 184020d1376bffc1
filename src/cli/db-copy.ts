// `npm run db:copy -- --from <sqlite file> --to postgres://… [--force] [--uploads DIR] [--submissions DIR]`:
// moves a deployment from SQLite to PostgreSQL (README, "Moving to PostgreSQL"). Stop the server
// first: rows written to the SQLite file during the copy would not reach the target.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../lib/server/db/client';
import { isPostgresUrl } from '../lib/server/db/postgres';
import { CopyRefused, copyDatabase, formatCounts } from '../lib/server/platform/db-copy';

const USAGE =
	'usage: npm run db:copy -- --from <file.sqlite> --to postgres://user@host:5432/database [--force]\n' +
	'         [--uploads DIR] [--submissions DIR]\n' +
	'  The folders default to UPLOADS_DIR and SUBMISSIONS_DIR, else uploads/ and submissions/ beside the file,\n' +
	'  where the app keeps them on SQLite.';

let values;
try {
	({ values } = parseArgs({
		options: {
			from: { type: 'string' },
			to: { type: 'string' },
			force: { type: 'boolean', default: false },
			uploads: { type: 'string' },
			submissions: { type: 'string' }
		}
	}));
} catch (e) {
	console.error(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
	process.exit(2);
}
if (!values.from || !values.to || !isPostgresUrl(values.to)) {
	console.error(USAGE);
	process.exit(2);
}
const from = resolve(values.from);
// openDatabase would create a missing file; a typo must not copy an empty database.
if (!existsSync(from)) {
	console.error(`No database file at ${from}`);
	process.exit(2);
}

const source = openDatabase(from);
const target = openDatabase(values.to);
const label = (() => {
	const url = new URL(values.to);
	url.password = url.password ? '***' : '';
	return url.toString();
})();
try {
	console.log(`Copying ${from} to ${label}`);
	const started = performance.now();
	const report = await copyDatabase(source, target, {
		force: values.force,
		// As the app finds them (platform/config.ts), with the source file as DATABASE_PATH.
		uploadsDir: resolve(values.uploads ?? (process.env.UPLOADS_DIR || join(dirname(from), 'uploads'))),
		submissionsDir: resolve(values.submissions ?? (process.env.SUBMISSIONS_DIR || join(dirname(from), 'submissions'))),
		log: (line) => console.log(line)
	});
	console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s; the counts agree:\n`);
	console.log(formatCounts(report));
	for (const warning of report.warnings) console.warn(`\nWarning: ${warning}`);
	console.log(`\nStart the app with DATABASE_URL=${label} (and the same ISSUER_KEY_PATH or ISSUER_KEY).`);
} catch (e) {
	const message = e instanceof Error ? e.message : String(e);
	console.error(e instanceof CopyRefused ? `Refused: ${message}` : `The copy failed: ${message}`);
	process.exitCode = 1;
} finally {
	await source.destroy();
	await target.destroy();
}
