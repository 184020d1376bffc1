// The first half of `npm start` (see start.js), run in a process of its own: build when the sources
// are newer than the build, migrate, make the signing key, import content/, create demo data once.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { STAMP, buildIsFresh } from './build-state';
import { closeDb, getDb } from '../lib/server/db/client';
import { config } from '../lib/server/platform/config';
import { seedDemo } from '../lib/server/platform/demo';
import { importContent } from '../lib/server/catalogue/content/import';
import { loadIssuerKey } from '../lib/server/learning/certificates/credential';
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

const db = await getDb();
console.log(`Database: ${config.databasePath}`);
// The certificate signing key is made on the first start, beside the database (never in the repository).
await loadIssuerKey(config.issuerKeyPath);
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
await closeDb();
