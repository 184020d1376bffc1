// Images in course zips (issue 15): export writes every image the course's texts show (uploaded ones
// and those beside the Markdown), and an import keeps them where the served lessons find them. An
// archive with a bad image is refused whole, with the reason, and nothing is saved.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import { onPostgres } from '$lib/server/db/postgres';
import { exportCourseZip } from '$lib/server/catalogue/content/export';
import { MAX_IMAGE_BYTES, saveImage } from '$lib/server/platform/uploads';
import { GET as getContentAsset } from '../../src/routes/(public)/content-assets/[course]/[...path]/+server';
import { GET as getUpload } from '../../src/routes/(public)/uploads/[name]/+server';
import { move, publish, saveDraft } from '$lib/server/authoring/lessons';
import { T0, insertUser } from './helpers';
import { demoCourse, importOk, writeFiles } from './content-fixture';
import { installation } from './zip-installation';

/** A PNG by its signature, with `fill` so that two images differ. */
function png(fill: number, size = 256): Uint8Array {
	const bytes = new Uint8Array(size).fill(fill);
	bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	return bytes;
}

async function lessonHtml(db: DB, slug: string) {
	const row = await db
		.selectFrom('lessons')
		.innerJoin('lesson_texts', 'lesson_texts.version_id', 'lessons.current_version_id')
		.select('lesson_texts.body_html')
		.where('lessons.slug', '=', slug)
		.where('lesson_texts.locale', '=', 'en')
		.executeTakeFirstOrThrow();
	return row.body_html;
}

/** What a browser gets for each image of a page: status and bytes, served by the real routes. */
async function served(db: DB, html: string) {
	const out: { src: string; status: number; bytes: Uint8Array }[] = [];
	for (const [, src] of html.matchAll(/<img[^>]*\ssrc="([^"]+)"/g)) {
		const asset = /^\/content-assets\/([^/]+)\/(.+)$/.exec(src);
		const upload = /^\/uploads\/([^/]+)$/.exec(src);
		let response: Response;
		try {
			if (asset)
				response = await getContentAsset({ params: { course: asset[1], path: asset[2] }, locals: { db } } as never);
			else if (upload) response = await getUpload({ params: { name: upload[1] }, locals: { db } } as never);
			else throw new Error(`unexpected image address ${src}`);
		} catch (e) {
			out.push({ src, status: (e as { status?: number }).status ?? 500, bytes: new Uint8Array() });
			continue;
		}
		out.push({ src, status: response.status, bytes: new Uint8Array(await response.arrayBuffer()) });
	}
	return out;
}

const listAll = (dir: string): string[] =>
	existsSync(dir)
		? readdirSync(dir, { recursive: true, withFileTypes: true })
				.filter((e) => e.isFile())
				.map((e) => e.name)
		: [];

/** The names of the files an installation stores: its uploads folder, or its database on PostgreSQL. */
async function storedNames(site: { db: DB; uploads: string }): Promise<string[]> {
	if (!onPostgres(site.db)) return listAll(site.uploads);
	const rows = await site.db.selectFrom('stored_files').select('key').where('area', '=', 'uploads').execute();
	return rows.map((r) => r.key.split('/').pop()!);
}

const map = png(1);
const photo = png(2);

/** The demo course on a first installation, with an uploaded photo in a lesson and a map beside it. */
async function sourceCourse() {
	const first = await installation();
	const upload = await saveImage(first.db, photo);
	if (!upload.ok) throw new Error('upload refused');
	const files = demoCourse();
	files['demo/01-intro/02-mission.md'] = files['demo/01-intro/02-mission.md'].replace(
		'## ',
		`![Our team](${upload.url})\n\n## `
	);
	writeFiles(first.content, files);
	mkdirSync(join(first.content, 'demo/01-intro/images'));
	writeFileSync(join(first.content, 'demo/01-intro/images/map.png'), map);
	await importOk(first.db, first.content);
	const id = (await first.db.selectFrom('courses').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow())
		.id;
	return { first, upload: upload.url, zip: await exportCourseZip(first.db, id) };
}

describe('course images in export and import', () => {
	it('the source course shows both images', async () => {
		const { first } = await sourceCourse();
		for (const lesson of ['welcome', 'mission']) {
			for (const image of await served(first.db, await lessonHtml(first.db, lesson))) expect(image.status).toBe(200);
		}
	});

	it('export writes every image the lessons show into the zip', async () => {
		const { zip, upload } = await sourceCourse();
		const files = unzipSync(zip);
		expect(files['demo/01-intro/images/map.png']).toEqual(map);
		expect(files[`demo/uploads/${upload.split('/').pop()}`]).toEqual(photo);
	});

	it('export → import on a fresh installation serves the same images, and exports the same bytes', async () => {
		const { zip } = await sourceCourse();
		const second = await installation();
		expect(await second.importZip(zip)).toEqual({ ok: true, slug: 'demo' });
		const welcome = await served(second.db, await lessonHtml(second.db, 'welcome'));
		expect(welcome.map((i) => [i.src, i.status])).toEqual([['/content-assets/demo/01-intro/images/map.png', 200]]);
		expect(welcome[0].bytes).toEqual(map);
		const mission = await served(second.db, await lessonHtml(second.db, 'mission'));
		expect(mission.map((i) => i.status)).toEqual([200]);
		expect(mission[0].bytes).toEqual(photo);
		const id = (await second.db.selectFrom('courses').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow())
			.id;
		expect(await exportCourseZip(second.db, id)).toEqual(zip);
	});

	it('an import under another folder name serves its images under that course', async () => {
		const { zip } = await sourceCourse();
		const renamed = Object.fromEntries(
			Object.entries(unzipSync(zip)).map(([p, b]) => [p.replace(/^demo\//, 'copy/'), b])
		);
		const second = await installation();
		expect(await second.importZip(zipSync(renamed))).toEqual({ ok: true, slug: 'copy' });
		const html = await second.db
			.selectFrom('lessons')
			.innerJoin('modules', 'modules.id', 'lessons.module_id')
			.innerJoin('courses', 'courses.id', 'modules.course_id')
			.innerJoin('lesson_texts', 'lesson_texts.version_id', 'lessons.current_version_id')
			.select('lesson_texts.body_html')
			.where('courses.slug', '=', 'copy')
			.where('lessons.slug', '=', 'welcome')
			.where('lesson_texts.locale', '=', 'en')
			.executeTakeFirstOrThrow();
		const images = await served(second.db, html.body_html);
		expect(images.map((i) => [i.src, i.status])).toEqual([['/content-assets/copy/01-intro/images/map.png', 200]]);
		expect(images[0].bytes).toEqual(map);
	});

	it('a course edited in the browser: an image uploaded into a lesson, its module moved', async () => {
		const { first } = await sourceCourse();
		const trainer = await insertUser(first.db, { name: 'Tina', email: 'tina@example.org', role: 'trainer' });
		const chart = await saveImage(first.db, png(7));
		if (!chart.ok) throw new Error('upload refused');
		const plan = await first.db
			.selectFrom('lessons')
			.select(['id', 'edit_revision'])
			.where('slug', '=', 'plan')
			.executeTakeFirstOrThrow();
		const body = `## Plan\n\n![A chart](${chart.url})`;
		const input = {
			lessonId: plan.id,
			locale: 'en' as const,
			title: 'Plan',
			body,
			expectedRevision: plan.edit_revision,
			userId: trainer
		};
		const draft = await saveDraft(first.db, input, T0);
		const revision = draft.ok ? draft.revision : -1;
		expect((await publish(first.db, { lessonId: plan.id, expectedRevision: revision, userId: trainer }, T0)).ok).toBe(
			true
		);
		const practice = await first.db
			.selectFrom('modules')
			.select('id')
			.where('slug', '=', 'practice')
			.executeTakeFirstOrThrow();
		expect(await move(first.db, 'module', practice.id, 'up')).toBe(true);
		const id = (await first.db.selectFrom('courses').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow())
			.id;
		const zip = await exportCourseZip(first.db, id);
		// The map's lesson was rendered in 01-intro; the intro module is now the second.
		expect(unzipSync(zip)['demo/02-intro/images/map.png']).toEqual(map);

		const second = await installation();
		expect(await second.importZip(zip)).toEqual({ ok: true, slug: 'demo' });
		for (const [lesson, bytes] of [
			['welcome', map],
			['plan', png(7)]
		] as const) {
			const images = await served(second.db, await lessonHtml(second.db, lesson));
			expect(images.map((i) => i.status)).toEqual([200]);
			expect(images[0].bytes).toEqual(bytes);
		}
	});

	it('an exported zip unpacked into content/ is imported with its images', async () => {
		const { zip, upload } = await sourceCourse();
		const second = await installation();
		for (const [path, bytes] of Object.entries(unzipSync(zip))) {
			mkdirSync(dirname(join(second.content, path)), { recursive: true });
			writeFileSync(join(second.content, path), bytes);
		}
		await importOk(second.db, second.content);
		expect(await storedNames(second)).toEqual([upload.split('/').pop()]);
		for (const [lesson, bytes] of [
			['welcome', map],
			['mission', photo]
		] as const) {
			const images = await served(second.db, await lessonHtml(second.db, lesson));
			expect(images.map((i) => i.status)).toEqual([200]);
			expect(images[0].bytes).toEqual(bytes);
		}
	});
});

describe('bad images in a course zip', () => {
	const zipWith = (extra: Record<string, Uint8Array>) =>
		zipSync({ ...Object.fromEntries(Object.entries(demoCourse()).map(([p, t]) => [p, strToU8(t)])), ...extra });

	async function refused(extra: Record<string, Uint8Array>) {
		const site = await installation();
		const result = await site.importZip(zipWith(extra));
		const courses = await site.db.selectFrom('courses').select('id').execute();
		return { errors: result.ok ? [] : result.errors, courses: courses.length, files: await storedNames(site) };
	}

	it('refuses a text file named .png, and saves nothing', async () => {
		const r = await refused({ 'demo/01-intro/images/map.png': strToU8('<svg onload="alert(1)"></svg>') });
		expect(r.errors).toEqual(['demo/01-intro/images/map.png: not a PNG, JPEG or WebP image']);
		expect(r.courses).toBe(0);
		expect(r.files).toEqual([]);
	});

	it('refuses an image whose name says another type', async () => {
		const r = await refused({ 'demo/01-intro/images/map.webp': png(3) });
		expect(r.errors).toEqual(['demo/01-intro/images/map.webp: the name says webp, the file is png']);
		expect(r.courses).toBe(0);
	});

	it('refuses names that lead out of the course folder or hold odd characters', async () => {
		for (const [name, error] of [
			['demo/01-intro/../../etc/map.png', 'demo/01-intro/../../etc/map.png: not allowed in a course archive'],
			['demo/../map.png', 'demo/../map.png: not allowed in a course archive'],
			[
				'demo/images/my map;.png',
				'demo/images/my map;.png: a file name may hold only letters, digits, ".", "-" and "_"'
			],
			[
				'demo/images/.hidden.png',
				'demo/images/.hidden.png: a file name may hold only letters, digits, ".", "-" and "_"'
			]
		]) {
			const r = await refused({ [name]: png(4) });
			expect(r.errors).toEqual([error]);
			expect(r.courses).toBe(0);
			expect(r.files).toEqual([]);
		}
	});

	it('refuses an image over 2 MB, and saves nothing', async () => {
		const r = await refused({ 'demo/01-intro/images/big.png': png(5, MAX_IMAGE_BYTES + 1) });
		expect(r.errors).toEqual(['demo/01-intro/images/big.png: larger than 2 MB']);
		expect(r.courses).toBe(0);
		expect(r.files).toEqual([]);
	});

	it('refuses an upload whose bytes are not the ones its name was made from', async () => {
		const name = `${'0'.repeat(32)}.png`;
		const r = await refused({ [`demo/uploads/${name}`]: png(6) });
		expect(r.errors).toEqual([`demo/uploads/${name}: an uploaded image does not match its name`]);
		expect(r.courses).toBe(0);
		expect(r.files).toEqual([]);
	});
});
