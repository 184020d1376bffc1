// `npm run restore -- <backup> [--force]`: puts a backup made by `npm run backup` in place of the
// database at DATABASE_PATH, and its issuer key (when one lies beside it) at ISSUER_KEY_PATH.
// Stop the server first: a running server keeps the old file open and would go on writing to it.
// We cannot reliably tell whether it runs, so replacing an existing database needs --force.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { config } from '../lib/server/platform/config';
import { migrations } from '../../db/migrations/index';
import { copyKeyFile, keyDiffers, keyFileFor, restoreDatabase } from '../lib/server/platform/backup';
import { postgresRestoreAdvice } from '../lib/server/platform/postgres-backup';

// On PostgreSQL nothing was restored: say how, and fail, so that a script relying on it stops here.
if (config.onPostgres) {
	console.error(postgresRestoreAdvice(config.database));
	process.exit(1);
}

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: { force: { type: 'boolean', default: false } }
});
if (positionals.length !== 1) {
	console.error('usage: npm run restore -- <backup.sqlite> [--force]   (stop the server first)');
	process.exit(2);
}

try {
	const backup = resolve(positionals[0]);
	// Checked before anything is replaced, so that a refusal leaves database and key as they were.
	if (!values.force && keyDiffers(keyFileFor(backup), config.issuerKeyPath)) {
		throw new Error(`${config.issuerKeyPath} holds a different issuer key than the backup; confirm with --force`);
	}
	const result = await restoreDatabase(backup, config.databasePath, {
		overwrite: values.force,
		knownMigrations: Object.keys(migrations)
	});
	console.log(`Restored ${backup}`);
	console.log(`  into ${result.file} (integrity check: ok)`);
	if (copyKeyFile(keyFileFor(backup), config.issuerKeyPath, values.force)) {
		console.log(`  issuer key restored to ${config.issuerKeyPath} (mode 0600)`);
	} else {
		console.warn(`  no issuer key beside the backup (${keyFileFor(backup)}): the key at ${config.issuerKeyPath}`);
		console.warn('  stays; credentials signed with another key will not verify.');
	}
	if (result.unknownMigrations.length > 0) {
		console.warn(`  the backup comes from a newer CivicSteps (migrations ${result.unknownMigrations.join(', ')});`);
		console.warn('  start it with that version.');
	}
	console.log('\n  table            rows');
	for (const [table, n] of Object.entries(result.counts)) console.log(`  ${table.padEnd(16)} ${String(n).padStart(6)}`);
	console.log('\nStart the server again: npm start');
} catch (e) {
	console.error(`Restore failed: ${e instanceof Error ? e.message : String(e)}`);
	process.exit(1);
}
