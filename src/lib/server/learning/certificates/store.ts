// Storing a certificate: a unique code, the row, and its signed Open Badges credential, written
// together so that nobody sees a row without its credential.
import { randomInt } from 'node:crypto';
import type { DB } from '../../db/client';
import type { Certificate } from '../../../../../db/schema';
import { buildCredential, loadIssuerKey, signCredential, type CredentialInput } from './credential';
import { config } from '../../platform/config';
import { isUniqueViolation } from '../../db/errors';
import { fold } from '../../../i18n/script';

// No 0/O, 1/I/L: a code read aloud or typed from paper cannot be mistaken.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A 12-character code in three groups (about 59 bits of randomness), e.g. 7KQ4-M2XP-9HTW. */
export function generateCode(): string {
	let s = '';
	for (let i = 0; i < 12; i++) s += ALPHABET[randomInt(ALPHABET.length)];
	return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/** Reads a code as typed (any case, spaces or no dashes); null when it cannot be one of ours. */
export function normaliseCode(input: string): string | null {
	const plain = input.toUpperCase().replace(/[\s-]/g, '');
	if (plain.length !== 12 || [...plain].some((c) => !ALPHABET.includes(c))) return null;
	return `${plain.slice(0, 4)}-${plain.slice(4, 8)}-${plain.slice(8)}`;
}

export interface IssueContext {
	origin?: string;
	issuerName?: string;
	keyPath?: string;
	now?: number;
}

type NewCertificate = Omit<
	Certificate,
	| 'id'
	| 'code'
	| 'note'
	| 'revoked_at'
	| 'revoked_reason'
	| 'revoked_by'
	| 'credential'
	| 'search_text'
	| 'issuer_name'
	| 'issued_at'
	| 'hours'
	| 'organisations'
> & { note?: string; hours?: number | null; organisations?: string };

/** What the credential says beyond the row: the fields the issuer, code and time do not fix. */
export type CredentialFields = Omit<CredentialInput, 'origin' | 'code' | 'statusIndex' | 'issuerName' | 'issuedAt'>;

/**
 * Inserts a certificate with a fresh code and signs its credential, in one transaction (the caller's,
 * when `db` is one): the credential names the row's id as its place in the revocation list, so it is
 * signed once the id exists. Null when the recipient already holds this certificate.
 */
export async function storeCertificate(
	db: DB,
	values: NewCertificate,
	fields: CredentialFields,
	ctx: IssueContext = {}
): Promise<Certificate | null> {
	const origin = ctx.origin ?? config.origin;
	const issuerName = ctx.issuerName ?? config.issuerName;
	const issuedAt = ctx.now ?? Date.now();
	const key = await loadIssuerKey(ctx.keyPath ?? config.issuerKeyPath);
	const insert = async (tx: DB, code: string) => {
		const inserted = await tx
			.insertInto('certificates')
			.values({
				...values,
				code,
				issuer_name: issuerName,
				issued_at: issuedAt,
				credential: '',
				note: values.note ?? '',
				hours: values.hours ?? null,
				organisations: values.organisations ?? '[]',
				search_text: fold(values.recipient_name),
				revoked_at: null,
				revoked_reason: null,
				revoked_by: null
			})
			.onConflict((oc) => oc.doNothing())
			.returningAll()
			.executeTakeFirst();
		if (!inserted) return undefined;
		const credential = await signCredential(
			buildCredential({ ...fields, origin, code, statusIndex: inserted.id, issuerName, issuedAt: new Date(issuedAt) }),
			key
		);
		await tx.updateTable('certificates').set({ credential }).where('id', '=', inserted.id).execute();
		return { ...inserted, credential };
	};
	for (let attempt = 0; attempt < 5; attempt++) {
		const code = generateCode();
		try {
			const row = db.isTransaction ? await insert(db, code) : await db.transaction().execute((tx) => insert(tx, code));
			if (row) return row;
			// Nothing inserted: either this recipient already has one, or the code was taken.
			const existing = await db.selectFrom('certificates').select('id').where('code', '=', code).executeTakeFirst();
			if (!existing) return null;
		} catch (e) {
			if (!isUniqueViolation(e)) throw e;
		}
	}
	throw new Error('could not find a free certificate code');
}
