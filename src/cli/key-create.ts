// `npm run key:create -- <path>`: makes the certificate signing key once, for a deployment where
// several instances share one database (PostgreSQL makes none at start). Never overwrites a key:
// certificates already issued are verified with it.
import { resolve } from 'node:path';
import { generateIssuerJwk, writeIssuerKeyFile } from '../lib/server/learning/certificates/credential';
import { config } from '../lib/server/platform/config';

const [given, ...rest] = process.argv.slice(2);
if (rest.length > 0 || given?.startsWith('-')) {
	console.error('Usage: npm run key:create -- [path]   (default: ISSUER_KEY_PATH)');
	process.exit(2);
}
const path = resolve(given ?? config.issuerKeyPath);
const key = await generateIssuerJwk();
if (!writeIssuerKeyFile(path, key)) {
	console.error(`${path} exists already; it is not replaced (certificates signed with it would no longer verify).`);
	process.exit(1);
}
console.log(`Signing key ${key.kid} written to ${path} (mode 0600).`);
console.log('Give every instance this key: ISSUER_KEY_PATH naming this file, or the file’s content in ISSUER_KEY.');
