// `npm run backup [-- --out <file>]`: a consistent copy of the database, safe to take while the
// server runs, plus a copy of the issuer key beside it (certificates cannot be verified without it).
// By default into a `backups` folder beside the database: db/backups/civicsteps-<time>.sqlite.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { config } from '../lib/server/platform/config';
import { backupDatabase, copyKeyFile, defaultBackupName, keyFileFor } from '../lib/server/platform/backup';
import { postgresBackupAdvice } from '../lib/server/platform/postgres-backup';

const { values } = parseArgs({ options: { out: { type: 'string' } } });

// On PostgreSQL pg_dump and archived WAL do this job: say how and succeed, so that a scheduled
// `npm run backup` left over from SQLite does not page anyone, while its log says what to set up.
if (config.onPostgres) {
	console.log(postgresBackupAdvice(config.database, config.issuerKeyPath));
	process.exit(0);
}

try {
	let out: string;
	if (values.out) out = resolve(values.out);
	else {
		const dir = join(dirname(config.databasePath), 'backups');
		mkdirSync(dir, { recursive: true, mode: 0o700 });
		// Backups hold personal data and the private key: keep them out of git even where the
		// repository's .gitignore does not list the folder.
		if (!existsSync(join(dir, '.gitignore'))) writeFileSync(join(dir, '.gitignore'), '*\n');
		out = join(dir, defaultBackupName());
	}
	const started = performance.now();
	const result = await backupDatabase(config.databasePath, out);
	const ms = Math.round(performance.now() - started);
	console.log(`Backup of ${config.databasePath}`);
	console.log(`  written to ${result.file} (${(result.bytes / 1024).toFixed(0)} KB, ${ms} ms, mode 0600)`);
	const key = keyFileFor(out);
	if (copyKeyFile(config.issuerKeyPath, key)) console.log(`  issuer key  ${key} (mode 0600)`);
	else console.warn(`  no issuer key at ${config.issuerKeyPath}: nothing to copy (it is made on the first start)`);
	console.log('\n  table            rows');
	for (const [table, n] of Object.entries(result.counts)) console.log(`  ${table.padEnd(16)} ${String(n).padStart(6)}`);
} catch (e) {
	console.error(`Backup failed: ${e instanceof Error ? e.message : String(e)}`);
	process.exit(1);
}
