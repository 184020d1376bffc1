// The first half of `npm start` (see start.js), run in a process of its own: build when the sources
// are newer than the build, migrate, make the signing key, import content/, create demo data once.
// On PostgreSQL several instances may start together: the preparation runs under one lock
// (db/startup.ts), so the second finds it done.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { STAMP, buildIsFresh } from './build-state';
import { closeDb, getDb, openDatabase } from '../lib/server/db/client';
import { withStartupLock } from '../lib/server/db/startup';
import { config } from '../lib/server/platform/config';
import { seedDemo } from '../lib/server/platform/demo';
import { fillSearchText } from '../lib/server/platform/search-text';
import { importContent } from '../lib/server/catalogue/content/import';
import { loadIssuerKey } from '../lib/server/learning/certificates/credential';
import { claimIssuerKid, otherKidMessage } from '../lib/server/learning/certificates/issuer-key';
import { proxySettingProblem } from '../lib/server/auth/client-address';

function buildIfNeeded(): void {
	if (buildIsFresh()) return;
	console.log('Building CivicSteps (first start or changed sources)...');
	const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
	if (result.status !== 0) {
		console.error('The build failed; see above.');
		process.exit(result.status ?? 1);
	}
	writeFileSync(STAMP, new Date().toISOString());
}

// Behind a TLS proxy without ADDRESS_HEADER every visitor would share one sign-in throttle: refuse
// to start rather than run like that.
const proxyProblem = proxySettingProblem();
if (proxyProblem) {
	console.error(`CivicSteps will not start: ${proxyProblem}`);
	process.exit(1);
}

buildIfNeeded();

/** A reason not to start, told in one sentence rather than a stack trace. */
class Refusal extends Error {}

async function prepare(): Promise<void> {
	const db = await getDb();
	// The certificate signing key: ISSUER_KEY, or the file at ISSUER_KEY_PATH, made on the first start
	// beside the database (never in the repository) except on PostgreSQL outside demo mode.
	const key = await loadIssuerKey(config.issuerKeyPath).catch((e: Error) => {
		throw new Refusal(e.message);
	});
	const claimed = await claimIssuerKid(db, key.kid);
	if (!claimed.ok) throw new Refusal(otherKidMessage(key.kid, claimed.stored));
	// Rows from before the folded search columns (migration 0038) get theirs, once.
	const filled = await fillSearchText(db);
	if (filled.certificates + filled.auditEntries > 0)
		console.log(
			`Search text filled in for ${filled.certificates} certificates and ${filled.auditEntries} audit entries.`
		);
	const imported = await importContent(db, config.contentDir);
	if (!imported.ok) {
		console.error('Some courses in content/ have errors and were not imported (the version already live stays):');
		for (const e of imported.errors) console.error(`  ${e}`);
	}
	if (config.demo) {
		const accounts = await seedDemo(db);
		if (accounts.length > 0) {
			console.log('\nDemo accounts (created once; listed in README.md):');
			for (const a of accounts) console.log(`  ${a.role.padEnd(12)} ${a.email.padEnd(26)} ${a.password}`);
			console.log('');
		}
	}
}

console.log(`Database: ${config.databaseLabel}`);
// A handle of its own holds the lock while the application's handle (getDb) migrates and prepares.
const lock = openDatabase(config.database);
try {
	await withStartupLock(lock, prepare);
} catch (e) {
	if (!(e instanceof Refusal)) throw e;
	console.error(`CivicSteps will not start: ${e.message}`);
	process.exitCode = 1;
} finally {
	await lock.destroy();
	await closeDb();
}
