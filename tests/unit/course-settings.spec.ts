// Course settings in the browser (pass mark, the certificate and what it needs, what organisations
// need), bounded and audit-logged; and reordering with an undo that is refused once the order changed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import * as settings from '$lib/server/authoring/course-settings';
import { orderStamp, reorder } from '$lib/server/authoring/course-structure';
import { formatMoved, parseMoved } from '$lib/server/authoring/moved';
import { getCourseById } from '$lib/server/catalogue/courses';
import { T0, insertUser } from './helpers';
import { freshContentDb, importOk, removeTempDirs, writeDemo } from './content-fixture';

let db: DB;
let demoId: number;
let trainer: number;

beforeEach(async () => {
	db = await freshContentDb();
	await importOk(db, writeDemo());
	demoId = (await db.selectFrom('courses').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow()).id;
	trainer = await insertUser(db, { name: 'Tina Trainer', email: 'tina@example.org', role: 'trainer' });
});
afterEach(removeTempDirs);

const input = (over: Partial<settings.SettingsInput> = {}): settings.SettingsInput => ({
	passMark: '80',
	issuesCertificate: 'on',
	requiresAssignments: null,
	certificateScope: 'some',
	certificateModules: ['practice'],
	orgMinCertified: '3',
	orgAssignmentModule: '',
	...over
});

const auditRows = () => db.selectFrom('audit_log').select(['action', 'subject', 'detail', 'actor_id']).execute();

describe('course settings', () => {
	it('saves the settings, which certification then reads, and logs what changed', async () => {
		const result = await settings.saveSettings(db, demoId, input(), trainer, T0);
		expect(result.ok).toBe(true);
		expect(await settings.settingsOf(db, demoId)).toMatchObject({
			passMark: 80,
			issuesCertificate: true,
			requiresAssignments: false,
			certificateModules: ['practice'],
			orgMinCertified: 3,
			orgAssignmentModule: null
		});
		// What the certificate rule reads (learning/certificates/issue.ts).
		const course = await getCourseById(db, demoId, 'en');
		expect(course?.certificateModules).toEqual(['practice']);
		expect(course?.passMark).toBe(80);
		const [entry] = await auditRows();
		expect(entry).toMatchObject({ action: 'course_settings_changed', subject: 'demo', actor_id: trainer });
		expect(entry.detail).toContain('passMark: 70 → 80');
		expect(entry.detail).toContain('certificateModules: all → practice');

		// Saving the same again changes and logs nothing.
		expect(await settings.saveSettings(db, demoId, input(), trainer, T0)).toEqual({ ok: true, changed: [] });
		expect(await auditRows()).toHaveLength(1);
	});

	it('refuses numbers out of range or not whole, and modules not of this course, and saves nothing', async () => {
		const before = await settings.settingsOf(db, demoId);
		for (const passMark of ['0', '101', '7.5', '', 'abc', '99999', '-1'])
			expect(await settings.saveSettings(db, demoId, input({ passMark }), trainer)).toEqual({
				ok: false,
				errors: ['passMark']
			});
		expect(
			await settings.saveSettings(db, demoId, input({ orgMinCertified: '501', certificateModules: [] }), trainer)
		).toEqual({ ok: false, errors: ['orgMinCertified', 'certificateModules'] });
		expect(
			await settings.saveSettings(db, demoId, input({ certificateModules: ['practice', 'elsewhere'] }), trainer)
		).toEqual({ ok: false, errors: ['certificateModules'] });
		expect(await settings.saveSettings(db, demoId, input({ orgAssignmentModule: 'nowhere' }), trainer)).toEqual({
			ok: false,
			errors: ['orgAssignmentModule']
		});
		expect(await settings.settingsOf(db, demoId)).toEqual(before);
		expect(await auditRows()).toHaveLength(0);
	});

	it('counts every module again when "all" is chosen, whatever is ticked', async () => {
		await settings.saveSettings(db, demoId, input(), trainer);
		await settings.saveSettings(db, demoId, input({ certificateScope: 'all', certificateModules: ['x'] }), trainer);
		expect((await settings.settingsOf(db, demoId))?.certificateModules).toBe('all');
	});

	it('lists the modules in order with their quiz attempt rules', async () => {
		const modules = await settings.settingsModules(db, demoId, 'sq');
		expect(modules.map((mod) => [mod.slug, mod.title])).toEqual([
			['intro', 'Organizata juaj'],
			['practice', 'Në praktikë']
		]);
		expect(modules[0].quiz).toMatchObject({ passMark: expect.any(Number), waitMinutes: expect.any(Number) });
	});
});

describe('reorder and undo', () => {
	const lessonIds = async (module: string) =>
		(
			await db
				.selectFrom('lessons')
				.innerJoin('modules', 'modules.id', 'lessons.module_id')
				.select(['lessons.id', 'lessons.slug'])
				.where('modules.slug', '=', module)
				.where('lessons.archived', '=', 0)
				.orderBy('lessons.position')
				.execute()
		).map((r) => r.slug);

	it('moves several places at once (a drag), and the undo puts it back while the order is unchanged', async () => {
		const [first, second] = await db
			.selectFrom('lessons')
			.innerJoin('modules', 'modules.id', 'lessons.module_id')
			.select(['lessons.id', 'lessons.slug'])
			.where('modules.slug', '=', 'practice')
			.orderBy('lessons.position')
			.execute();
		const moved = await reorder(db, 'lesson', first.id, 'down', { steps: 1 });
		expect(moved.ok).toBe(true);
		expect(await lessonIds('practice')).toEqual([second.slug, first.slug]);
		if (!moved.ok) return;
		expect(moved.stamp).toBe(orderStamp([second.id, first.id]));

		// The undo: the opposite move, checked against the stamp.
		expect((await reorder(db, 'lesson', first.id, 'up', { steps: 1, expectedStamp: moved.stamp })).ok).toBe(true);
		expect(await lessonIds('practice')).toEqual([first.slug, second.slug]);
		// The same undo again is refused: the order is no longer the one it undoes.
		expect(await reorder(db, 'lesson', first.id, 'up', { steps: 1, expectedStamp: moved.stamp })).toEqual({
			ok: false,
			reason: 'changed'
		});
		expect(await lessonIds('practice')).toEqual([first.slug, second.slug]);
	});

	it('refuses moves past either end or of more places than allowed', async () => {
		const [first] = await db
			.selectFrom('lessons')
			.innerJoin('modules', 'modules.id', 'lessons.module_id')
			.select(['lessons.id'])
			.where('modules.slug', '=', 'practice')
			.orderBy('lessons.position')
			.execute();
		expect(await reorder(db, 'lesson', first.id, 'down', { steps: 2 })).toEqual({ ok: false, reason: 'edge' });
		expect(await reorder(db, 'lesson', first.id, 'up', { steps: 1 })).toEqual({ ok: false, reason: 'edge' });
		expect(await reorder(db, 'lesson', first.id, 'down', { steps: 0 })).toEqual({ ok: false, reason: 'edge' });
		expect(await reorder(db, 'lesson', first.id, 'down', { steps: 501 })).toEqual({ ok: false, reason: 'edge' });
		expect(await reorder(db, 'module', 99_999, 'down')).toEqual({ ok: false, reason: 'not_found' });
	});
});

describe('the undo link', () => {
	it('reads back what a move wrote, and nothing malformed or out of bounds', () => {
		const move = { kind: 'lesson' as const, id: 12, direction: 'up' as const, steps: 2, stamp: 'abcdef012345' };
		const raw = formatMoved(move);
		expect(raw).toBe('lesson:12:up:2:abcdef012345');
		expect(parseMoved(raw)).toEqual({ ...move, raw });
		for (const bad of [
			null,
			'',
			'course:12:up:1:abcdef012345',
			'lesson:12:left:1:abcdef012345',
			'lesson:12:up:0:abcdef012345',
			'lesson:12:up:501:abcdef012345',
			'lesson:12:up:1:ABCDEF012345',
			'lesson:12:up:1:abcdef',
			`lesson:${'9'.repeat(12)}:up:1:abcdef012345`
		])
			expect(parseMoved(bad)).toBeNull();
	});
});
