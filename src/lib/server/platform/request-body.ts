// How much of a request body the server reads, and for whom (security review, issue 13). A form body
// is parsed into one object per field: 1.4 million empty fields (4 MB of `a=&`) exhausted the 96 MB
// heap of `npm start` and ended the server. So every body is counted byte by byte as it arrives (a
// chunked body has no Content-Length to trust) and its fields are counted before anything is parsed.
// Visitors get a few kilobytes; signed-in users enough for the largest text form; only the upload
// forms get more, and only for the roles that may use them (decided before a byte is read).
//
// The sizes below follow the forms' own limits (MAX_ZIP_BYTES, MAX_IMAGE_BYTES, MAX_ROSTER_BYTES,
// MAX_BODY_BYTES), written out rather than imported: this module is loaded by the server hook at
// start-up, and those modules would bring the zip, CSV and diff libraries with them.
// tests/unit/request-body.spec.ts checks that each limit still holds its form.
import type { RouteId } from '$app/types';
import type { Role } from '../../../../db/schema';

export interface BodyLimit {
	bytes: number;
	fields: number;
}

const KB = 1024;
const MB = 1024 * 1024;

/** Sign-in, sign-up, set-password: a handful of short fields. */
export const PUBLIC_BODY: BodyLimit = { bytes: 16 * KB, fields: 32 };

/**
 * Every other form of a signed-in user. The largest is a lesson or course text of MAX_BODY_BYTES
 * (200 KB of UTF-8), which a browser without JavaScript sends percent-encoded: up to three times as
 * long. The most fields: 500 people added to a cohort at once, or a quiz of 40 questions.
 */
export const SIGNED_IN_BODY: BodyLimit = { bytes: 2 * MB, fields: 2000 };

interface UploadForm {
	route: RouteId;
	action: string;
	roles: Role[];
	bytes: number;
}

/** The forms that carry a file, with room for the file and the form's other fields. */
const UPLOAD_FORMS: UploadForm[] = [
	{ route: '/(teach)/teach', action: 'import', roles: ['trainer', 'admin'], bytes: 10 * MB + 64 * KB },
	// The image comes with the lesson text, so that the form can be shown again with both.
	{
		route: '/(teach)/teach/lessons/[id]',
		action: 'upload',
		roles: ['trainer', 'admin'],
		bytes: 2 * MB + SIGNED_IN_BODY.bytes
	},
	{
		route: '/(coordinate)/cohorts/[id]/members',
		action: 'preview',
		roles: ['coordinator', 'admin'],
		bytes: 1 * MB + 64 * KB
	},
	// An assignment: a file of up to 10 MB (ASSIGNMENT_LIMITS.maxBytes) with the answer's text.
	{
		route: '/(learn)/courses/[course]/[module]/assignment',
		action: 'submit',
		roles: ['learner', 'trainer', 'coordinator', 'admin'],
		bytes: 10 * MB + SIGNED_IN_BODY.bytes
	},
	// The checked class list comes back as text, percent-encoded by a browser without JavaScript.
	{
		route: '/(coordinate)/cohorts/[id]/members',
		action: 'confirm',
		roles: ['coordinator', 'admin'],
		bytes: 9 * MB + 64 * KB
	}
];

/** The form action a URL names (`?/save`), or `default`. */
export function actionOf(url: URL): string {
	for (const key of url.searchParams.keys()) if (key.startsWith('/')) return key.slice(1);
	return 'default';
}

/** The limit for a body sent to a route's action by a user of this role (null: a visitor). */
export function bodyLimit(routeId: string | null, action: string, role: Role | null): BodyLimit {
	if (!role) return PUBLIC_BODY;
	const upload = UPLOAD_FORMS.find((f) => f.route === routeId && f.action === action && f.roles.includes(role));
	return upload ? { bytes: upload.bytes, fields: SIGNED_IN_BODY.fields } : SIGNED_IN_BODY;
}

/** How many fields a form body holds, counted on the raw bytes (nothing is decoded). */
export function countFields(bytes: Uint8Array, contentType: string): number {
	if (bytes.length === 0) return 0;
	const type = contentType.split(';')[0].trim().toLowerCase();
	if (type === 'application/x-www-form-urlencoded') {
		let n = 1;
		for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x26) n++;
		return n;
	}
	if (type === 'multipart/form-data') {
		const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
		if (!boundary) return 0;
		const marker = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
		const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
		let n = 0;
		for (let at = buffer.indexOf(marker); at >= 0; at = buffer.indexOf(marker, at + marker.length)) n++;
		// The last marker closes the body.
		return Math.max(0, n - 1);
	}
	return 0;
}

export type BodyRead =
	{ ok: true; bytes: Uint8Array<ArrayBuffer> } | { ok: false; reason: 'too_large' | 'too_many_fields' };

/**
 * Reads a request body up to a limit. Past it, the rest is read and dropped in the background (the
 * answer then reaches a client that is still sending, instead of a reset connection); the server's
 * own BODY_SIZE_LIMIT ends even that.
 */
export async function readBody(request: Request, limit: BodyLimit): Promise<BodyRead> {
	const stream = request.body;
	if (!stream) return { ok: true, bytes: new Uint8Array(0) };
	const reader = stream.getReader();
	const drop = () => {
		void (async () => {
			try {
				while (!(await reader.read()).done);
			} catch {
				// the connection ended, or the server's own limit was reached
			}
		})();
	};
	const declared = Number(request.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > limit.bytes) {
		drop();
		return { ok: false, reason: 'too_large' };
	}
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.length;
		if (size > limit.bytes) {
			drop();
			return { ok: false, reason: 'too_large' };
		}
		chunks.push(value);
	}
	const bytes = Buffer.concat(chunks, size);
	if (countFields(bytes, request.headers.get('content-type') ?? '') > limit.fields)
		return { ok: false, reason: 'too_many_fields' };
	return { ok: true, bytes };
}
