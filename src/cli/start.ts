// `npm start`: build when the sources are newer than the build, migrate, import content/, create
// demo data once, then serve the built app (adapter-node reads PORT, HOST, ORIGIN).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { STAMP, buildIsFresh } from './build-state';
import { pathToFileURL } from 'node:url';
import { closeDb, getDb } from '../lib/server/db';
import { config } from '../lib/server/config';
import { seedDemo } from '../lib/server/demo';
import { importContent } from '../lib/server/content/import';
import { loadIssuerKey } from '../lib/server/credentials';

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

process.env.PORT ??= '3000';
// Roster uploads and lesson images are larger than adapter-node's 512 KB default; each form checks
// its own limit and answers with a clear message.
process.env.BODY_SIZE_LIMIT ??= '12M';
// adapter-node assumes https when ORIGIN is unset; on this machine the app is plain http.
process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;
await import(pathToFileURL(resolve('build/index.js')).href);
console.log(`CivicSteps is running on ${process.env.ORIGIN}`);
