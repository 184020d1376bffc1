// Trainers edit a module's assignment in the browser: created, edited per language, refused when
// stale or bad, and never at the cost of what learners handed in.
import { beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import type { CourseInfo } from '$lib/server/catalogue/courses';
import { getCourseBySlug } from '$lib/server/catalogue/courses';
import * as assignments from '$lib/server/assignments';
import * as editor from '$lib/server/assignments/editor';
import { readForm, type EditorForm } from '$lib/server/assignments/editor-form';
import { resolve } from 'node:path';
import { importContent } from '$lib/server/catalogue/content/import';
import { T0, HOUR } from './helpers';
import { outreachDb, passQuizzes, people } from './assignment-fixture';

let db: DB;
let course: CourseInfo;
let who: Awaited<ReturnType<typeof people>>;

// Importing the whole of content/ takes a few seconds on a busy machine.
beforeEach(async () => {
	({ db, course } = await outreachDb());
	who = await people(db, course.id);
	// The mission's module opens once the opening module is done (the lock rule of hand-ins).
	await passQuizzes(db, who.ana.id, course, course.modules.indexOf(mission()));
}, 30_000);

const level = (label: string, points: number | string) => ({ label, points: String(points) });
const blankLevels = (n: number) => Array.from({ length: n }, () => level('', ''));

function plan(overrides: Partial<EditorForm> = {}): EditorForm {
	return {
		title: 'Partner list',
		body: 'List **five** partners in Zvečan.',
		acceptsText: true,
		accepted: ['pdf', 'docx'],
		maxMb: '5',
		template: '',
		criteria: [
			{ id: '', title: 'Partners named', levels: [level('None', 0), level('Five', 2), ...blankLevels(4)] },
			{ id: '', title: '', levels: blankLevels(6) }
		],
		...overrides
	};
}

const without = () => course.modules.find((m) => !m.assignment)!;
const mission = () => course.modules.find((m) => m.slug === 'your-organisation')!;

async function state(moduleId: number, locale: 'en' | 'sq' | 'sr-Latn' | 'sr-Cyrl' = 'en') {
	return editor.editorState(db, moduleId, locale);
}

describe('creating and editing', () => {
	it('creates an assignment in a module without one; learners see it on the course page', async () => {
		const mod = without();
		expect((await state(mod.id)).revision).toBe(-1);
		expect(await editor.save(db, { moduleId: mod.id, locale: 'en', form: plan(), expectedRevision: -1 })).toEqual({
			ok: true,
			revision: 0
		});
		const view = (await assignments.forModule(db, mod.id, 'en'))!;
		expect(view).toMatchObject({ title: 'Partner list', accepted: ['pdf', 'docx'], acceptsText: true });
		expect(view.maxBytes).toBe(5 * 1024 * 1024);
		expect(view.bodyHtml).toContain('<strong>five</strong>');
		expect(view.rubric).toEqual([
			{
				id: 'partners-named',
				title: 'Partners named',
				levels: [
					{ label: 'None', points: 0 },
					{ label: 'Five', points: 2 }
				]
			}
		]);
		const again = (await getCourseBySlug(db, 'outreach', 'en'))!;
		expect(again.modules.find((m) => m.id === mod.id)!.assignment?.title).toBe('Partner list');
	});

	it('reads the form as a browser without JavaScript posts it', () => {
		const fields = new Map<string, string>([
			['title', ' Partner list '],
			['body', 'Text'],
			['accepts_text', 'on'],
			['max_mb', '2,5'],
			['criteria', '1'],
			['c0-title', 'Partners'],
			['c0-l0-label', 'None'],
			['c0-l0-points', '0']
		]);
		const form = readForm(
			(n) => fields.get(n) ?? null,
			(n) => (n === 'accepted' ? ['pdf', 'png'] : [])
		);
		expect(form).toMatchObject({ title: 'Partner list', acceptsText: true, accepted: ['pdf', 'png'], maxMb: '2,5' });
		expect(form.criteria[0].levels[0]).toEqual({ label: 'None', points: '0' });
		expect(form.criteria[0].levels).toHaveLength(6);
	});

	it('refuses a save made against an assignment someone else changed meanwhile, and keeps theirs', async () => {
		const mod = mission();
		const { revision } = await state(mod.id);
		const first = await editor.save(db, {
			moduleId: mod.id,
			locale: 'en',
			form: { ...(await state(mod.id)).form, title: 'Mission first' },
			expectedRevision: revision
		});
		expect(first.ok).toBe(true);
		const second = await editor.save(db, {
			moduleId: mod.id,
			locale: 'en',
			form: { ...(await state(mod.id)).form, title: 'Mission second' },
			expectedRevision: revision
		});
		expect(second).toEqual({ ok: false, reason: 'conflict' });
		expect((await assignments.forModule(db, mod.id, 'en'))!.title).toBe('Mission first');
		expect(await editor.remove(db, mod.id, revision)).toEqual({ ok: false, reason: 'conflict' });
	});

	it('offers the course’s printable templates, saves the one chosen and refuses any other', async () => {
		const mod = mission();
		const s = await state(mod.id);
		const choices = await editor.templateChoices(db, course.id, s.form.template || null, 'sq');
		expect(choices.map((c) => c.value)).toContain('outreach-plan');
		expect(choices.find((c) => c.value === 'consent-form')?.title).toBeTruthy();
		const refused = await editor.save(db, {
			moduleId: mod.id,
			locale: 'en',
			form: { ...s.form, template: '../../etc/passwd' },
			expectedRevision: s.revision
		});
		expect(refused).toEqual({ ok: false, reason: 'unknown_template' });
		const saved = await editor.save(db, {
			moduleId: mod.id,
			locale: 'en',
			form: { ...s.form, template: 'consent-form' },
			expectedRevision: s.revision
		});
		expect(saved.ok).toBe(true);
		expect((await assignments.forModule(db, mod.id, 'en'))!.template).toBe('consent-form');
		expect((await state(mod.id)).form.template).toBe('consent-form');
	});

	it('refuses bad input with its reason and changes nothing', async () => {
		const mod = without();
		const refused = async (form: EditorForm) =>
			editor.save(db, { moduleId: mod.id, locale: 'en', form, expectedRevision: -1 });
		const [c0, c1] = plan().criteria;
		expect(await refused(plan({ title: '' }))).toMatchObject({ reason: 'title_required' });
		expect(await refused(plan({ title: 'x'.repeat(201) }))).toMatchObject({ reason: 'too_long' });
		expect(await refused(plan({ body: 'x'.repeat(200 * 1024 + 1) }))).toMatchObject({ reason: 'too_long' });
		expect(await refused(plan({ accepted: ['pdf', 'exe'] }))).toMatchObject({ reason: 'unknown_file_type' });
		expect(await refused(plan({ maxMb: '11' }))).toMatchObject({ reason: 'size_over_cap' });
		expect(await refused(plan({ maxMb: 'lots' }))).toMatchObject({ reason: 'size_invalid' });
		expect(await refused(plan({ acceptsText: false, accepted: [] }))).toMatchObject({ reason: 'nothing_accepted' });
		expect(await refused(plan({ criteria: [c1] }))).toMatchObject({ reason: 'no_criteria' });
		const points = { ...c0, levels: [level('None', 0), level('All', 101), ...blankLevels(4)] };
		expect(await refused(plan({ criteria: [points] }))).toEqual({
			ok: false,
			reason: 'points_out_of_range',
			criterion: 1
		});
		expect(await refused(plan({ criteria: [c0, { ...c0, title: '' }] }))).toEqual({
			ok: false,
			reason: 'criterion_title_required',
			criterion: 2
		});
		const one = { ...c0, levels: [level('Only', 1), ...blankLevels(5)] };
		expect(await refused(plan({ criteria: [one] }))).toMatchObject({ reason: 'level_count', criterion: 1 });
		const unnamed = { ...c0, levels: [level('', 0), level('Five', 2), ...blankLevels(4)] };
		expect(await refused(plan({ criteria: [unnamed] }))).toMatchObject({ reason: 'level_label_required' });
		expect(await refused(plan({ body: '>'.repeat(100_000) }))).toMatchObject({ reason: 'too_complex' });
		expect(await assignments.forModule(db, mod.id, 'en')).toBeNull();
	});

	it('takes a files-only assignment, and refuses a written answer to it', async () => {
		const mod = mission();
		const s = await state(mod.id);
		expect(
			(
				await editor.save(db, {
					moduleId: mod.id,
					locale: 'en',
					form: { ...s.form, acceptsText: false },
					expectedRevision: s.revision
				})
			).ok
		).toBe(true);
		const sent = await assignments.submit(
			db,
			{ userId: who.ana.id, assignmentId: mod.assignment!.id, text: 'Our mission', file: null },
			T0
		);
		expect(sent).toEqual({ ok: false, reason: 'text_not_accepted' });
	});
});

describe('translations', () => {
	it('saves a translation’s texts, Serbian Cyrillic following the Latin, and keeps them when English gains a criterion', async () => {
		const mod = without();
		await editor.save(db, { moduleId: mod.id, locale: 'en', form: plan(), expectedRevision: -1 });
		expect(await editor.save(db, { moduleId: mod.id, locale: 'sq', form: plan(), expectedRevision: -1 })).toEqual({
			ok: false,
			reason: 'conflict'
		});
		let s = await state(mod.id, 'sr-Latn');
		const latin = {
			...s.form,
			title: 'Spisak partnera',
			body: 'Navedite pet partnera.',
			criteria: [
				{
					...s.form.criteria[0],
					title: 'Partneri',
					levels: [level('Nijedan', ''), level('Pet', ''), ...blankLevels(4)]
				}
			]
		};
		expect(
			(await editor.save(db, { moduleId: mod.id, locale: 'sr-Latn', form: latin, expectedRevision: s.revision })).ok
		).toBe(true);
		const cyrillic = (await assignments.forModule(db, mod.id, 'sr-Cyrl'))!;
		expect(cyrillic).toMatchObject({ title: 'Списак партнера', fallback: false });
		expect(cyrillic.rubric[0].levels.map((l) => l.label)).toEqual(['Ниједан', 'Пет']);

		s = await state(mod.id);
		const grown = {
			...s.form,
			criteria: [
				s.form.criteria[0],
				{ id: '', title: 'Contacts', levels: [level('No', 0), level('Yes', 1), ...blankLevels(4)] }
			]
		};
		expect(
			(await editor.save(db, { moduleId: mod.id, locale: 'en', form: grown, expectedRevision: s.revision })).ok
		).toBe(true);
		const sr = (await assignments.forModule(db, mod.id, 'sr-Latn'))!;
		expect(sr.rubric.map((c) => c.title)).toEqual(['Partneri', 'Contacts']);
	});

	it('asks for the English assignment before a translation', async () => {
		expect(await editor.save(db, { moduleId: without().id, locale: 'sq', form: plan(), expectedRevision: -1 })).toEqual(
			{ ok: false, reason: 'english_first' }
		);
	});
});

describe('what was handed in', () => {
	async function reviewedHandIn() {
		const mod = mission();
		const sent = await assignments.submit(
			db,
			{ userId: who.ana.id, assignmentId: mod.assignment!.id, text: 'Ours', file: null },
			T0
		);
		if (!sent.ok) throw new Error(sent.reason);
		const reviewed = await assignments.review(
			db,
			who.trainer,
			{ submissionId: sent.submissionId, decision: 'revise', feedback: 'More', levels: { mission: '1', map: '1' } },
			T0 + HOUR
		);
		expect(reviewed.ok).toBe(true);
		return { mod, submissionId: sent.submissionId };
	}

	it('refuses a change to a reviewed rubric’s points, takes one to its texts, and keeps every version', async () => {
		const { mod } = await reviewedHandIn();
		let s = await state(mod.id);
		expect(s).toMatchObject({ submissions: 1, rubricFixed: true });
		const morePoints = structuredClone(s.form);
		morePoints.criteria[0].levels[2].points = '5';
		expect(
			await editor.save(db, { moduleId: mod.id, locale: 'en', form: morePoints, expectedRevision: s.revision })
		).toEqual({
			ok: false,
			reason: 'rubric_in_use'
		});
		const renamed = structuredClone(s.form);
		renamed.criteria[0].title = 'The mission, in one sentence';
		expect(
			(await editor.save(db, { moduleId: mod.id, locale: 'en', form: renamed, expectedRevision: s.revision })).ok
		).toBe(true);
		s = await state(mod.id);
		expect((await assignments.forModule(db, mod.id, 'en'))!.rubric[0].title).toBe('The mission, in one sentence');
		const history = await assignments.history(db, assignments.learnerThread(mod.assignment!.id, who.ana.id));
		expect(history.map((h) => [h.version, h.status, h.scores])).toEqual([
			[1, 'needs_revision', { mission: 1, map: 1 }]
		]);
	});

	// Race: the review checked its scores against the rubric before its write; the editor replaced the
	// rubric (nothing was reviewed yet) in between, and the review stored scores for criteria gone.
	it('refuses a review whose rubric was changed while it was being written', async () => {
		const mod = mission();
		const sent = await assignments.submit(
			db,
			{ userId: who.ana.id, assignmentId: mod.assignment!.id, text: 'Ours', file: null },
			T0
		);
		if (!sent.ok) throw new Error(sent.reason);
		const s = await state(mod.id);
		const oneCriterion = structuredClone(s.form);
		oneCriterion.criteria = [oneCriterion.criteria[0]];
		// The editor's save lands just before the review's transaction starts.
		const racing = new Proxy(db, {
			get(target, prop, receiver) {
				if (prop !== 'transaction') {
					const value = Reflect.get(target, prop, receiver);
					return typeof value === 'function' ? value.bind(target) : value;
				}
				return () => {
					const tx = target.transaction();
					return {
						execute: async <T>(fn: Parameters<typeof tx.execute<T>>[0]) => {
							const saved = await editor.save(target, {
								moduleId: mod.id,
								locale: 'en',
								form: oneCriterion,
								expectedRevision: s.revision
							});
							expect(saved.ok).toBe(true);
							return tx.execute(fn);
						}
					};
				};
			}
		});
		const reviewed = await assignments.review(
			racing,
			who.trainer,
			{ submissionId: sent.submissionId, decision: 'accept', feedback: '', levels: { mission: '1', map: '1' } },
			T0 + HOUR
		);
		expect(reviewed).toEqual({ ok: false, reason: 'rubric_changed' });
		const [v] = await assignments.history(db, assignments.learnerThread(mod.assignment!.id, who.ana.id));
		expect(v).toMatchObject({ status: 'submitted', scores: null });
	});

	it('archives an assignment with hand-ins when removed (still reviewable) and brings it back with them', async () => {
		const { mod, submissionId } = await reviewedHandIn();
		const s = await state(mod.id);
		expect(await editor.remove(db, mod.id, s.revision)).toEqual({ ok: true, archived: true, handIns: 1 });
		expect(await assignments.forModule(db, mod.id, 'en')).toBeNull();
		expect(await assignments.reviewView(db, who.trainer, submissionId, 'en')).not.toBeNull();
		const back = await state(mod.id);
		expect(back).toMatchObject({ archived: true, exists: false, submissions: 1 });
		expect(
			(await editor.save(db, { moduleId: mod.id, locale: 'en', form: back.form, expectedRevision: back.revision })).ok
		).toBe(true);
		expect(await assignments.history(db, assignments.learnerThread(mod.assignment!.id, who.ana.id))).toHaveLength(1);
		expect((await assignments.forModule(db, mod.id, 'en'))!.id).toBe(mod.assignment!.id);
	});

	it('deletes an assignment nobody handed anything in for', async () => {
		const mod = without();
		await editor.save(db, { moduleId: mod.id, locale: 'en', form: plan(), expectedRevision: -1 });
		expect(await editor.remove(db, mod.id, 0)).toEqual({ ok: true, archived: false, handIns: 0 });
		expect((await state(mod.id)).revision).toBe(-1);
	});

	it('keeps an imported assignment removed, and a browser edit, when content/ is imported again', async () => {
		const removed = mission();
		expect(await editor.remove(db, removed.id, (await state(removed.id)).revision)).toEqual({
			ok: true,
			archived: true,
			handIns: 0
		});
		const edited = course.modules.find((m) => m.assignment && m.id !== removed.id)!;
		const s = await state(edited.id);
		await editor.save(db, {
			moduleId: edited.id,
			locale: 'en',
			form: { ...s.form, title: 'Edited in the browser' },
			expectedRevision: s.revision
		});
		expect((await importContent(db, resolve('content'))).ok).toBe(true);
		expect(await assignments.forModule(db, removed.id, 'en')).toBeNull();
		expect((await assignments.forModule(db, edited.id, 'en'))!.title).toBe('Edited in the browser');
	});

	it('leaves an unlocked learner able to hand in the edited assignment', async () => {
		const mod = without();
		await editor.save(db, { moduleId: mod.id, locale: 'en', form: plan(), expectedRevision: -1 });
		await passQuizzes(db, who.ana.id, course);
		const view = (await assignments.forModule(db, mod.id, 'en'))!;
		expect(
			await assignments.submit(db, { userId: who.ana.id, assignmentId: view.id, text: 'Five partners', file: null }, T0)
		).toMatchObject({
			ok: true
		});
	});
});
