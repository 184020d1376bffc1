// Files other than images in course zips: a PDF handout a lesson links to goes into the export and
// comes back with an import, served where the lesson's link leads. It is checked as an upload is
// (its bytes must be a PDF, at most 2 MB); a file of a type a course does not hold is refused.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import { onPostgres } from '$lib/server/db/postgres';
import { exportCourseZip } from '$lib/server/catalogue/content/export';
import { MAX_IMAGE_BYTES } from '$lib/server/platform/uploads';
import { GET as getContentAsset } from '../../src/routes/(public)/content-assets/[course]/[...path]/+server';
import * as runtime from '$lib/paraglide/runtime';
import { demoCourse, importOk, writeFiles } from './content-fixture';
import { installation } from './zip-installation';

/** A PDF by its signature, with `fill` so that two files differ. */
function pdf(fill: number, size = 512): Uint8Array {
	const bytes = new Uint8Array(size).fill(fill);
	bytes.set(strToU8('%PDF-1.7\n'));
	return bytes;
}

const map = new Uint8Array(256).fill(1);
map.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const handout = pdf(7);
const HANDOUT = 'demo/01-intro/files/handout.pdf';

const courseId = async (db: DB) =>
	(await db.selectFrom('courses').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow()).id;

/** What a browser gets for the links of the mission lesson that lead to course files. */
async function linkedFiles(db: DB) {
	const { body_html } = await db
		.selectFrom('lessons')
		.innerJoin('lesson_texts', 'lesson_texts.version_id', 'lessons.current_version_id')
		.select('lesson_texts.body_html')
		.where('lessons.slug', '=', 'mission')
		.where('lesson_texts.locale', '=', 'en')
		.executeTakeFirstOrThrow();
	const out: { href: string; status: number; type: string | null; bytes: Uint8Array }[] = [];
	for (const [, href] of body_html.matchAll(/<a[^>]*\shref="(\/content-assets\/[^"]+)"/g)) {
		const [, course, path] = /^\/content-assets\/([^/]+)\/(.+)$/.exec(href)!;
		const response = await getContentAsset({ params: { course, path }, locals: { db } } as never);
		out.push({
			href,
			status: response.status,
			type: response.headers.get('content-type'),
			bytes: new Uint8Array(await response.arrayBuffer())
		});
	}
	return out;
}

/** The demo course with a PDF handout beside the mission lesson, which links to it. */
async function sourceCourse() {
	const first = await installation();
	const files = demoCourse();
	files['demo/01-intro/02-mission.md'] = files['demo/01-intro/02-mission.md'].replace(
		'## ',
		'Print [the handout](files/handout.pdf) before you start.\n\n## '
	);
	writeFiles(first.content, files);
	mkdirSync(join(first.content, 'demo/01-intro/images'));
	writeFileSync(join(first.content, 'demo/01-intro/images/map.png'), map);
	mkdirSync(join(first.content, 'demo/01-intro/files'));
	writeFileSync(join(first.content, HANDOUT), handout);
	await importOk(first.db, first.content);
	return { first, zip: await exportCourseZip(first.db, await courseId(first.db)) };
}

describe('attachments in export and import', () => {
	it('export writes the PDF a lesson links to into the zip', async () => {
		const { first, zip } = await sourceCourse();
		expect((await linkedFiles(first.db)).map((f) => f.status)).toEqual([200]);
		expect(unzipSync(zip)[HANDOUT]).toEqual(handout);
	});

	it('export → import on a fresh installation serves the same PDF, and exports the same bytes', async () => {
		const { zip } = await sourceCourse();
		const second = await installation();
		expect(await second.importZip(zip)).toEqual({ ok: true, slug: 'demo' });
		const linked = await linkedFiles(second.db);
		expect(linked.map((f) => [f.href, f.status, f.type])).toEqual([
			['/content-assets/demo/01-intro/files/handout.pdf', 200, 'application/pdf']
		]);
		expect(linked[0].bytes).toEqual(handout);
		expect(await exportCourseZip(second.db, await courseId(second.db))).toEqual(zip);
	});
});

describe('bad attachments in a course zip', () => {
	async function refused(extra: Record<string, Uint8Array>) {
		const site = await installation();
		const entries = Object.fromEntries(Object.entries(demoCourse()).map(([p, t]) => [p, strToU8(t)]));
		const result = await site.importZip(zipSync({ ...entries, 'demo/01-intro/images/map.png': map, ...extra }));
		const courses = await site.db.selectFrom('courses').select('id').execute();
		// Nothing stored: in the uploads folder on SQLite, in the database on PostgreSQL.
		const files = onPostgres(site.db)
			? (await site.db.selectFrom('stored_files').select('key').execute()).map((r) => r.key)
			: existsSync(site.uploads)
				? readdirSync(site.uploads, { recursive: true })
				: [];
		return { errors: result.ok ? [] : result.errors, courses: courses.length, files };
	}

	it('refuses a file named .pdf that is not a PDF, and saves nothing', async () => {
		const r = await refused({ [HANDOUT]: strToU8('<html><script>alert(1)</script></html>') });
		expect(r.errors).toEqual([`${HANDOUT}: not a PDF document`]);
		expect(r.courses).toBe(0);
		expect(r.files).toEqual([]);
	});

	it('refuses a PDF over 2 MB', async () => {
		const r = await refused({ [HANDOUT]: pdf(8, MAX_IMAGE_BYTES + 1) });
		expect(r.errors).toEqual([`${HANDOUT}: larger than 2 MB`]);
		expect(r.courses).toBe(0);
	});

	it('refuses a PDF in the folder of uploaded images', async () => {
		const r = await refused({ 'demo/uploads/handout.pdf': handout });
		expect(r.errors).toEqual(['demo/uploads/handout.pdf: the uploads folder holds only uploaded images']);
		expect(r.courses).toBe(0);
	});

	it('refuses a file of a type a course does not hold', async () => {
		const r = await refused({ 'demo/01-intro/files/notes.docx': strToU8('PK') });
		expect(r.errors).toEqual(['demo/01-intro/files/notes.docx: not allowed in a course archive']);
		expect(r.courses).toBe(0);
	});
});

describe('the reasons of a refused zip', () => {
	const original = runtime.getLocale;
	afterEach(() => runtime.overwriteGetLocale(original));

	it('are given in the language of the person importing', async () => {
		const site = await installation();
		const entries = Object.fromEntries(Object.entries(demoCourse()).map(([p, t]) => [p, strToU8(t)]));
		runtime.overwriteGetLocale(() => 'sq');
		const result = await site.importZip(
			zipSync({ ...entries, [HANDOUT]: strToU8('not a pdf'), 'demo/01-intro/run.js': strToU8('alert(1)') })
		);
		expect(result.ok ? [] : result.errors).toEqual(['demo/01-intro/run.js: nuk lejohet në arkivin e një kursi']);
		runtime.overwriteGetLocale(() => 'sr-Latn');
		expect(await site.importZip(zipSync({ ...entries, [HANDOUT]: strToU8('not a pdf') }))).toEqual({
			ok: false,
			errors: [`${HANDOUT}: nije PDF dokument`]
		});
		expect(await site.importZip(strToU8('not a zip'))).toEqual({
			ok: false,
			errors: ['datoteka nije čitljiva zip arhiva']
		});
	});
});
