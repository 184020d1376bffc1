// One signing key for every instance of a database. Certificates are verified against the key the
// issuer publishes (/issuer/keys/<kid>); an instance that signed with another key would hand out
// certificates that the other instances, and every verifier they answer, reject. So the first start
// records its key's id in `meta`, and an instance with another key refuses to start.
import type { DB } from '../../db/client';

export type KidCheck = { ok: true } | { ok: false; stored: string };

/** Records `kid` as the database's issuer key when none is recorded; says whether it is the recorded one. */
export async function claimIssuerKid(db: DB, kid: string): Promise<KidCheck> {
	await db
		.insertInto('meta')
		.values({ key: 'issuer_kid', value: kid })
		.onConflict((oc) => oc.column('key').doNothing())
		.execute();
	const row = await db.selectFrom('meta').select('value').where('key', '=', 'issuer_kid').executeTakeFirstOrThrow();
	return row.value === kid ? { ok: true } : { ok: false, stored: row.value };
}

/** Why an instance with another key must not start, and what to do. */
export function otherKidMessage(kid: string, stored: string): string {
	return (
		`The certificate signing key (${kid}) is not the one this database's certificates are signed with ` +
		`(${stored}). Two instances with different keys would issue certificates the other cannot verify: ` +
		`give this instance the same key (ISSUER_KEY, or the same file at ISSUER_KEY_PATH).`
	);
}
