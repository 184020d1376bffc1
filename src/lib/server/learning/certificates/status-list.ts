// W3C Bitstring Status List v1.0: the issuer publishes one bit per certificate (1 = revoked) as a
// signed BitstringStatusListCredential; every credential's `credentialStatus` points at its bit. A
// verifier learns nothing about which certificate it checks from fetching the list, since the list
// is the same for everyone and at least 16 KB long (131,072 entries), as the spec asks.
import { gunzipSync, gzipSync } from 'fflate';
import { OB_CONTEXT, VC_CONTEXT, statusListUrl } from './credential';

export const MIN_ENTRIES = 131_072;

/** The bitstring with the given positions set, GZIP-compressed, as multibase base64url ('u…'). */
export function encodeStatusList(setIndices: Iterable<number>, minEntries = MIN_ENTRIES): string {
	const indices = [...setIndices];
	const highest = indices.reduce((a, b) => Math.max(a, b), -1);
	// Grows in whole blocks of the minimum size, so the length says little about how many were issued.
	const entries = Math.max(minEntries, Math.ceil((highest + 1) / minEntries) * minEntries);
	const bits = new Uint8Array(entries / 8);
	// Index 0 is the left-most bit of the first byte.
	for (const i of indices) bits[i >> 3] |= 0x80 >> (i & 7);
	return 'u' + Buffer.from(gzipSync(bits)).toString('base64url');
}

/** Reads one bit of an encodedList; false past its end. */
export function statusBit(encodedList: string, index: number): boolean {
	if (!encodedList.startsWith('u')) throw new Error('encodedList is not multibase base64url');
	const bits = gunzipSync(new Uint8Array(Buffer.from(encodedList.slice(1), 'base64url')));
	const byte = bits[index >> 3];
	return byte !== undefined && (byte & (0x80 >> (index & 7))) !== 0;
}

/** The unsigned BitstringStatusListCredential for revocation. */
export function statusListCredential(input: {
	origin: string;
	issuerName: string;
	revokedIndices: Iterable<number>;
	now: Date;
}) {
	const id = statusListUrl(input.origin);
	return {
		'@context': [VC_CONTEXT, OB_CONTEXT],
		id,
		type: ['VerifiableCredential', 'BitstringStatusListCredential'],
		issuer: { id: `${input.origin}/issuer`, type: ['Profile'], name: input.issuerName, url: input.origin },
		validFrom: input.now.toISOString(),
		credentialSubject: {
			id: `${id}#list`,
			type: 'BitstringStatusList',
			statusPurpose: 'revocation',
			encodedList: encodeStatusList(input.revokedIndices)
		}
	};
}
