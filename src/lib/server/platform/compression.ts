// Compression of pages, JSON and CSV. adapter-node compresses only its prebuilt static files; a
// lesson page goes from about 10 KB to about 4 KB, which matters on a weak mobile connection.
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';

export type Encoding = 'br' | 'gzip';
/** Bytes a Response can take as its body. */
export type Bytes = Uint8Array<ArrayBuffer>;

/** The encoding to answer with, from the request's Accept-Encoding (brotli first). */
export function pickEncoding(accept: string): Encoding | null {
	return /\bbr\b/.test(accept) ? 'br' : /\bgzip\b/.test(accept) ? 'gzip' : null;
}

/** Bodies smaller than this gain too little to be worth compressing. */
export const MIN_COMPRESS_BYTES = 1024;

// Brotli at quality 4 compresses about as fast as gzip -6 and smaller; higher qualities cost more
// CPU per request than they save on the wire for pages of this size.
export function compress(body: Uint8Array, encoding: Encoding): Bytes {
	const packed =
		encoding === 'br'
			? brotliCompressSync(body, {
					params: { [zlib.BROTLI_PARAM_QUALITY]: 4, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length }
				})
			: gzipSync(body, { level: 6 });
	return new Uint8Array(packed);
}

/** A copy of `headers` describing `body` compressed with `encoding`. */
export function encodedHeaders(headers: Headers, encoding: Encoding, length: number): Headers {
	const out = new Headers(headers);
	out.set('content-encoding', encoding);
	out.set('content-length', String(length));
	out.append('vary', 'Accept-Encoding');
	return out;
}
