// Who may import a course zip, decided from every entry of the archive (security review, issue 13):
// a zip that opens with a folder or an oversized file of the trainer's own course and then holds
// another course's files replaced that other course; a trainer could also create new courses.
// An import that goes through is recorded with the person in the history and the audit log.
import { strToU8, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import { importCourseZip } from '$lib/server/catalogue/content/export';
import { assignAuthor, history } from '$lib/server/authoring/lessons';
import * as structureTexts from '$lib/server/authoring/structure-texts';
import * as audit from '$lib/server/people/audit';
import { getCourseBySlug } from '$lib/server/catalogue/courses';
import { insertUser } from './helpers';
import { demoCourse, freshContentDb, importOk, removeTempDirs, writeDemo } from './content-fixture';

let db: DB;
let admin: { id: number; role: 'admin' };
let trainer: { id: number; role: 'trainer' };

/** The demo course's files under another folder name. */
function courseFiles(slug: string): Record<string, string> {
	return Object.fromEntries(Object.entries(demoCourse()).map(([p, t]) => [p.replace(/^demo\//, `${slug}/`), t]));
}

/** The demo course with a new title in English, as an attacker would upload it. */
function hijackedDemo(): Record<string, Uint8Array> {
	const files = demoCourse();
	files['demo/course.md'] = files['demo/course.md'].replace('Demo course', 'Taken over');
	return Object.fromEntries(Object.entries(files).map(([p, t]) => [p, strToU8(t)]));
}

const zipOf = (files: Record<string, string>) =>
	zipSync(Object.fromEntries(Object.entries(files).map(([p, t]) => [p, strToU8(t)])));

async function demoTitle() {
	return (await getCourseBySlug(db, 'demo', 'en'))!.title;
}

async function courseCount() {
	return Number(
		(
			await db
				.selectFrom('courses')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);
}

beforeEach(async () => {
	db = await freshContentDb();
	admin = { id: await insertUser(db, { name: 'Ana Admin', email: 'admin@example.org', role: 'admin' }), role: 'admin' };
	trainer = {
		id: await insertUser(db, { name: 'Teodora Trainer', email: 'trainer@example.org', role: 'trainer' }),
		role: 'trainer'
	};
	// "demo" is someone else's course; "own" is the trainer's.
	await importOk(db, writeDemo());
	expect(await importCourseZip(db, zipOf(courseFiles('own')), admin)).toEqual({ ok: true, slug: 'own' });
	const own = await db.selectFrom('courses').select('id').where('slug', '=', 'own').executeTakeFirstOrThrow();
	await assignAuthor(db, own.id, trainer.id);
});
afterEach(removeTempDirs);

describe('importing a course zip as a trainer', () => {
	it('refuses a zip whose first entry is the folder of their own course and whose files are another course', async () => {
		const attack = zipSync({ 'own/': new Uint8Array(0), ...hijackedDemo() });
		const result = await importCourseZip(db, attack, trainer);
		expect(result.ok).toBe(false);
		expect(result.ok ? '' : result.errors.join(' ')).toMatch(/exactly one course folder/);
		expect(await demoTitle()).toBe('Demo course');
	});

	it('refuses a zip whose first entry is an oversized file of their own course', async () => {
		const big: [Uint8Array, { level: 1 }] = [new Uint8Array(2 * 1024 * 1024 + 1), { level: 1 }];
		const attack = zipSync({ 'own/images/big.png': big, ...hijackedDemo() });
		const result = await importCourseZip(db, attack, trainer);
		expect(result.ok).toBe(false);
		expect(await demoTitle()).toBe('Demo course');
	});

	it('refuses another course even when it is the only folder in the zip', async () => {
		const result = await importCourseZip(db, zipSync(hijackedDemo()), trainer);
		expect(result).toMatchObject({ ok: false, forbidden: true });
		expect(await demoTitle()).toBe('Demo course');
	});

	it('refuses to create a new course, also behind a folder of their own course', async () => {
		const plain = await importCourseZip(db, zipOf(courseFiles('brand-new')), trainer);
		expect(plain).toMatchObject({ ok: false, forbidden: true });
		const hidden = await importCourseZip(
			db,
			zipSync({
				'own/': new Uint8Array(0),
				...Object.fromEntries(Object.entries(courseFiles('brand-new')).map(([p, t]) => [p, strToU8(t)]))
			}),
			trainer
		);
		expect(hidden.ok).toBe(false);
		expect(await courseCount()).toBe(2);
		expect(await getCourseBySlug(db, 'brand-new', 'en')).toBeFalsy();
	});

	it('replaces their own course, with them as author of the new versions and in the audit log', async () => {
		const files = courseFiles('own');
		files['own/02-practice/01-plan.md'] = files['own/02-practice/01-plan.md'].replace(
			'Write down one goal.',
			'Write down one clear goal.'
		);
		files['own/course.md'] = files['own/course.md'].replace('Demo course', 'Our own course');
		expect(await importCourseZip(db, zipOf(files), trainer)).toEqual({ ok: true, slug: 'own' });
		const course = (await getCourseBySlug(db, 'own', 'en'))!;
		expect(course.title).toBe('Our own course');
		const plan = await db
			.selectFrom('lessons')
			.innerJoin('modules', 'modules.id', 'lessons.module_id')
			.select('lessons.id')
			.where('modules.course_id', '=', course.id)
			.where('lessons.slug', '=', 'plan')
			.executeTakeFirstOrThrow();
		expect((await history(db, plan.id))[0].author).toBe('Teodora Trainer');
		expect((await structureTexts.history(db, 'course', course.id))[0].author).toBe('Teodora Trainer');
		const log = await audit.list(db);
		expect(log.rows[0]).toMatchObject({ action: 'course_imported', actor: 'Teodora Trainer', subject: 'own' });
	});
});

describe('importing a course zip as an administrator', () => {
	it('creates a new course, recorded with the administrator in history and audit log', async () => {
		expect(await importCourseZip(db, zipOf(courseFiles('fresh')), admin)).toEqual({ ok: true, slug: 'fresh' });
		const course = (await getCourseBySlug(db, 'fresh', 'en'))!;
		expect((await structureTexts.history(db, 'course', course.id))[0].author).toBe('Ana Admin');
		const welcome = await db
			.selectFrom('lessons')
			.innerJoin('modules', 'modules.id', 'lessons.module_id')
			.select('lessons.id')
			.where('modules.course_id', '=', course.id)
			.where('lessons.slug', '=', 'welcome')
			.executeTakeFirstOrThrow();
		expect((await history(db, welcome.id))[0].author).toBe('Ana Admin');
		const log = await audit.list(db);
		expect(log.rows[0]).toMatchObject({ action: 'course_imported', actor: 'Ana Admin', subject: 'fresh' });
		expect(log.rows[0].detail).toMatch(/new course/);
	});

	it('still refuses a zip with two course folders hidden behind a directory entry', async () => {
		const result = await importCourseZip(db, zipSync({ 'own/': new Uint8Array(0), ...hijackedDemo() }), admin);
		expect(result).toEqual({ ok: false, errors: ['the zip must hold exactly one course folder'] });
		expect(await demoTitle()).toBe('Demo course');
	});
});
