// `npm run verify-credential <file>`: checks a downloaded CivicSteps credential offline. The public
// key comes from --jwks <file> (a copy of /issuer/jwks.json) or else from this installation's issuer
// key. Exits 0 when the signature is valid, 1 when it is not.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { jwksOf, jwksSchema, loadIssuerKey, verifyCredential } from '../lib/server/learning/certificates/credential';
import { parseStoredJson } from '../lib/server/db/json';
import { config } from '../lib/server/platform/config';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { jwks: { type: 'string' } } });
if (positionals.length !== 1) {
	console.error('usage: npm run verify-credential -- <credential.jwt> [--jwks issuer-jwks.json]');
	process.exit(2);
}
try {
	const token = readFileSync(positionals[0], 'utf8');
	const jwks = values.jwks
		? parseStoredJson(jwksSchema, readFileSync(values.jwks, 'utf8'), values.jwks)
		: jwksOf(await loadIssuerKey(config.issuerKeyPath));
	const result = await verifyCredential(token, jwks);
	if (result.valid) {
		const c = result.credential as {
			id?: string;
			name?: string;
			validFrom?: string;
			credentialSubject?: { name?: string };
			issuer?: { name?: string };
			credentialStatus?: { statusListCredential?: string; statusListIndex?: string };
		};
		console.log('VALID: the signature matches the issuer key.');
		console.log(`  credential: ${c.id}`);
		console.log(`  awarded to: ${c.credentialSubject?.name ?? '(not named)'}`);
		console.log(`  achievement: ${c.name}`);
		console.log(`  issued by: ${c.issuer?.name} on ${c.validFrom}`);
		const status = c.credentialStatus?.statusListCredential
			? `bit ${c.credentialStatus.statusListIndex} of ${c.credentialStatus.statusListCredential}`
			: `${c.id}/status`;
		console.log(`  whether it was revoked since: ${status}`);
	} else {
		console.log(`INVALID: ${result.reason}.`);
		process.exitCode = 1;
	}
} catch (e) {
	console.error(`verify-credential: ${e instanceof Error ? e.message : e}`);
	process.exitCode = 2;
}
