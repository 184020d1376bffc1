// Honest workload and trainer documents in content/: a module's exercise time (`exercise_minutes`),
// its session plan (`session.md`) and the course's printable templates (`templates/`), read,
// validated with clear errors, imported, shown to learners and kept by export → import → export.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import { exportCourseZip, importCourseZip } from '$lib/server/catalogue/content/export';
import { getCourseBySlug } from '$lib/server/catalogue/courses';
import { freshContentDb, importOk, md, readDemo, removeTempDirs, writeDemo, writeFiles } from './content-fixture';
import { exerciseMinutes, setExerciseMinutes } from '$lib/server/authoring/module-settings';
import { insertUser } from './helpers';

const contentRoot = join(fileURLToPath(new URL('../../', import.meta.url)), 'content');
afterEach(removeTempDirs);

const moduleMd = (extra: Record<string, unknown>) =>
	md({ title: 'Your organisation', summary: 'Your organisation', objectives: ['Write a mission'], ...extra });
const template = (title: string, body = '| Name | Signature |\n|---|---|\n| | |') => md({ title }, body);

describe('exercise_minutes in module.md', () => {
	it('is read as the module’s exercise time, apart from the lessons’ reading time', () => {
		const { course, errors } = readDemo(writeDemo({ 'demo/01-intro/module.md': moduleMd({ exercise_minutes: 90 }) }));
		expect(errors).toEqual([]);
		expect(course?.modules.map((m) => m.exerciseMinutes)).toEqual([90, 0]);
	});

	it('refuses a value that is not a whole number of minutes, naming the file and the field', () => {
		for (const bad of ['about an hour', 1.5, -10, 7000]) {
			const { errors } = readDemo(writeDemo({ 'demo/01-intro/module.md': moduleMd({ exercise_minutes: bad }) }));
			expect(errors).toEqual(['demo/01-intro/module.md: exercise_minutes must be a whole number from 0 to 6000']);
		}
	});
});

describe('session plans and templates', () => {
	const withDocuments = (changes: Record<string, string> = {}) =>
		writeDemo({
			'demo/01-intro/session.md': md(
				{ title: 'Session plan', templates: ['attendance-sheet'] },
				'| Time | Part |\n|---|---|\n| 0:00 | Welcome |'
			),
			'demo/01-intro/session.sq.md': md({ title: 'Plani i sesionit' }, 'Hyrja.'),
			'demo/templates/attendance-sheet.md': template('Attendance sheet'),
			'demo/templates/attendance-sheet.sr-Latn.md': template('Lista prisutnih'),
			...changes
		});

	it('reads the plan with the templates it names, and templates/ is not taken for a module', () => {
		const { course, errors } = readDemo(withDocuments());
		expect(errors).toEqual([]);
		expect(course?.modules.map((m) => m.slug)).toEqual(['intro', 'practice']);
		expect(course?.modules[0].session?.templates).toEqual(['attendance-sheet']);
		expect(Object.keys(course?.modules[0].session?.texts ?? {})).toEqual(['en', 'sq']);
		expect(course?.templates.map((t) => [t.slug, t.texts['sr-Cyrl']?.title])).toEqual([
			['attendance-sheet', 'Листа присутних']
		]);
	});

	it('refuses a plan or an assignment naming a template that does not exist, and a template without title', () => {
		const { errors } = readDemo(
			withDocuments({
				'demo/01-intro/session.md': md({ title: 'Session plan', templates: ['consent-form'] }, 'Text.'),
				'demo/02-practice/assignment.md': md(
					{
						title: 'A plan',
						accepted: ['pdf'],
						template: 'outreach-plan',
						rubric: [
							{
								id: 'plan',
								title: 'Plan',
								levels: [
									{ points: 0, label: 'No' },
									{ points: 1, label: 'Yes' }
								]
							}
						]
					},
					'Hand in your plan.'
				),
				'demo/templates/Bad Name.md': template('Bad'),
				'demo/templates/attendance-sheet.md': md({}, 'No title.')
			})
		);
		expect(errors.sort()).toEqual(
			[
				'demo/01-intro/session.md: templates: no template "consent-form" in templates/',
				'demo/02-practice/assignment.md: template: no template "outreach-plan" in templates/',
				'demo/templates/Bad Name.md: a template is a Markdown file named slug.md (lowercase letters, digits, hyphens)',
				'demo/templates/attendance-sheet.md: missing title'
			].sort()
		);
	});

	it('travels through export → import → export, byte for byte', async () => {
		const db = await freshContentDb();
		await importOk(db, withDocuments({ 'demo/01-intro/module.md': moduleMd({ exercise_minutes: 45 }) }));
		const id = (await db.selectFrom('courses').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow()).id;
		const first = await exportCourseZip(db, id);
		const files = unzipSync(first);
		const text = (p: string) => new TextDecoder().decode(files[p]);
		expect(text('demo/01-intro/module.md')).toContain('exercise_minutes: 45');
		expect(text('demo/01-intro/session.md')).toContain('- attendance-sheet');
		expect(text('demo/01-intro/session.sq.md')).toContain('title: Plani i sesionit');
		expect(text('demo/templates/attendance-sheet.sr-Latn.md')).toContain('title: Lista prisutnih');
		expect(Object.keys(files)).not.toContain('demo/templates/attendance-sheet.sr-Cyrl.md');

		const other = await freshContentDb();
		const admin = await insertUser(other, { name: 'Ana Admin', email: 'admin@example.org', role: 'admin' });
		expect(await importCourseZip(other, first, { id: admin, role: 'admin' })).toEqual({ ok: true, slug: 'demo' });
		const otherId = (
			await other.selectFrom('courses').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow()
		).id;
		expect(Buffer.from(await exportCourseZip(other, otherId)).equals(Buffer.from(first))).toBe(true);
		expect((await getCourseBySlug(other, 'demo', 'en'))?.modules.map((m) => m.exerciseMinutes)).toEqual([45, 0]);
	});
});

describe('the shipped courses', () => {
	let db: DB;
	// Importing the whole of content/ takes seconds on a busy machine: once for both tests.
	beforeAll(async () => {
		db = await freshContentDb();
		await importOk(db, contentRoot);
	}, 60_000);

	it('state an exercise time for every module, 30 to 50 hours of work in all in the outreach course (eight modules, 34 lessons)', async () => {
		const outreach = (await getCourseBySlug(db, 'outreach', 'en'))!;
		expect(outreach.modules.every((m) => m.exerciseMinutes >= 60)).toBe(true);
		const hours = (outreach.totalMinutes + outreach.exerciseMinutes) / 60;
		expect(hours).toBeGreaterThanOrEqual(30);
		expect(hours).toBeLessThanOrEqual(50);
		const tour = (await getCourseBySlug(db, 'getting-started', 'en'))!;
		expect(tour.modules.every((m) => m.exerciseMinutes > 0 && m.exerciseMinutes <= 60)).toBe(true);
	});

	it('give every outreach module a session plan in three languages, and three assignments a template', async () => {
		const rows = await db.selectFrom('course_documents').select(['name', 'locale']).execute();
		const sessions = rows.filter((r) => r.name.startsWith('session:'));
		expect(new Set(sessions.map((r) => r.name)).size).toBe(8);
		for (const name of [
			'template:consent-form',
			'template:volunteer-role',
			'template:outreach-plan',
			'template:advocacy-ask',
			'template:attendance-sheet'
		]) {
			expect(
				rows
					.filter((r) => r.name === name)
					.map((r) => r.locale)
					.sort()
			).toEqual(['en', 'sq', 'sr-Cyrl', 'sr-Latn']);
		}
		const templates = await db.selectFrom('assignments').select('template').where('template', 'is not', null).execute();
		expect(templates.map((t) => t.template).sort()).toEqual(['advocacy-ask', 'outreach-plan', 'volunteer-role']);
	});
});

describe('the exercise time set in the browser', () => {
	it('shows on the course page at once, refuses what is not 0–6000 minutes, and survives an import of the unchanged file', async () => {
		const db = await freshContentDb();
		const root = writeDemo({ 'demo/01-intro/module.md': moduleMd({ exercise_minutes: 45 }) });
		await importOk(db, root);
		const intro = (await getCourseBySlug(db, 'demo', 'en'))!.modules[0];
		for (const bad of ['', 'an hour', '-5', '1.5', '6001', null]) {
			expect(await setExerciseMinutes(db, intro.id, bad)).toEqual({ ok: false, reason: 'invalid' });
		}
		expect(await setExerciseMinutes(db, intro.id, ' 120 ')).toEqual({ ok: true });
		expect((await getCourseBySlug(db, 'demo', 'sq'))!.modules[0].exerciseMinutes).toBe(120);
		await importOk(db, root);
		expect(await exerciseMinutes(db, intro.id)).toBe(120);
		// Once the file itself says something else, the file wins, as for texts.
		writeFiles(root, { 'demo/01-intro/module.md': moduleMd({ exercise_minutes: 60 }) });
		await importOk(db, root);
		expect(await exerciseMinutes(db, intro.id)).toBe(60);
	});
});
