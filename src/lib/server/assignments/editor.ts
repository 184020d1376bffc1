// Trainers create, edit and remove a module's assignment in the browser (issue 16). Not a text of the
// versioned-text engine: learners' hand-ins point at the assignment itself, not at a version of it,
// so a save takes effect at once. What the engine gives, this keeps in its own way: a save is one
// transaction, refused when the assignment changed since the editor loaded it (`edit_revision`), and
// nothing handed in is ever lost:
// - texts, accepted files and size may change at any time; hand-ins keep pointing at the assignment;
// - the rubric's structure (criteria, their levels and points) may not change once a version has
//   been reviewed, because reviews store the level chosen per criterion: the save is refused;
// - removing an assignment with hand-ins archives it (reviewers still see them); creating one again
//   in that module brings it back, hand-ins included. One made in the browser without hand-ins is
//   deleted; one from content/ is archived too, so that the next import does not bring it back.
import type { DB } from '../db/client';
import { deriveCyrillic, isDerived } from '../../i18n/script';
import { renderMarkdown } from '../catalogue/markdown';
import { bumpContentGeneration } from '../catalogue/content/generation';
import type { ContentLocale } from '../catalogue/content/schema';
import { ASSIGNMENT_LIMITS, readAccepted, readRubric, readRubricTexts, type Rubric } from './format';
import {
	checkEnglish,
	checkTranslation,
	remapTexts,
	toForm,
	type EditorForm,
	type FormRefusal,
	type Structure,
	type Texts
} from './editor-form';

/** The module an assignment belongs to, with what its texts' links need (the module's folder). */
export async function moduleContext(db: DB, moduleId: number) {
	return db
		.selectFrom('modules')
		.innerJoin('courses', 'courses.id', 'modules.course_id')
		.select(['modules.id', 'modules.slug', 'modules.position', 'modules.course_id', 'courses.slug as course_slug'])
		.where('modules.id', '=', moduleId)
		.where('modules.archived', '=', 0)
		.executeTakeFirst();
}
type ModuleContext = NonNullable<Awaited<ReturnType<typeof moduleContext>>>;

const assetBase = (mod: ModuleContext) =>
	`/content-assets/${mod.course_slug}/${String(mod.position).padStart(2, '0')}-${mod.slug}/`;

const DEFAULT_STRUCTURE: Structure = {
	accepted: ['pdf', 'docx', 'odt'],
	acceptsText: true,
	maxBytes: ASSIGNMENT_LIMITS.maxBytes,
	rubric: [],
	template: null
};

function rowOf(db: DB, moduleId: number) {
	return db.selectFrom('assignments').selectAll().where('module_id', '=', moduleId).executeTakeFirst();
}
type Row = NonNullable<Awaited<ReturnType<typeof rowOf>>>;

const structureOf = (row: Row): Structure => ({
	accepted: readAccepted(row.accepted),
	acceptsText: row.accepts_text === 1,
	maxBytes: row.max_bytes,
	rubric: readRubric(row.rubric),
	template: row.template
});

/**
 * The templates an assignment of the course may offer: the course's printable templates (content/
 * templates/, by slug) and the file it offers now, if it is one from beside assignment.md.
 */
export async function templateChoices(
	db: DB,
	courseId: number,
	current: string | null,
	locale: ContentLocale
): Promise<{ value: string; title: string }[]> {
	const rows = await db
		.selectFrom('course_documents')
		.select(['name', 'locale', 'title'])
		.where('course_id', '=', courseId)
		.where('name', 'like', 'template:%')
		.where('locale', 'in', [locale, 'en'])
		.execute();
	const titles = new Map<string, string>();
	for (const r of rows) {
		const slug = r.name.slice('template:'.length);
		if (r.locale === locale || !titles.has(slug)) titles.set(slug, r.title);
	}
	const choices = [...titles]
		.map(([value, title]) => ({ value, title }))
		.sort((a, b) => a.title.localeCompare(b.title));
	if (current && !titles.has(current)) choices.push({ value: current, title: current });
	return choices;
}

async function textsOf(db: DB, assignmentId: number): Promise<Map<string, Texts>> {
	const rows = await db.selectFrom('assignment_texts').selectAll().where('assignment_id', '=', assignmentId).execute();
	return new Map(
		rows.map((r) => [r.locale, { title: r.title, body: r.body_md, rubric: readRubricTexts(r.rubric) }] as const)
	);
}

/** Hand-ins of the assignment: how many, and whether any has been reviewed. */
async function handIns(db: DB, assignmentId: number) {
	const row = await db
		.selectFrom('submissions')
		.select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('reviewed_at').as('reviewed')])
		.where('assignment_id', '=', assignmentId)
		.executeTakeFirstOrThrow();
	return { count: Number(row.n), reviewed: row.reviewed !== null };
}

export interface EditorState {
	/** -1: no assignment yet (the form creates one). */
	revision: number;
	exists: boolean;
	archived: boolean;
	submissions: number;
	/** The rubric's structure is fixed: a version has been reviewed. */
	rubricFixed: boolean;
	form: EditorForm;
	/** Beside a translation: the English values. */
	english: EditorForm | null;
	/** Which locales have texts. */
	locales: string[];
}

/** What the editor shows for a module's assignment in one locale. */
export async function editorState(db: DB, moduleId: number, locale: ContentLocale): Promise<EditorState> {
	const row = await rowOf(db, moduleId);
	if (!row)
		return {
			revision: -1,
			exists: false,
			archived: false,
			submissions: 0,
			rubricFixed: false,
			form: toForm(DEFAULT_STRUCTURE, null),
			english: null,
			locales: []
		};
	const [texts, work] = await Promise.all([textsOf(db, row.id), handIns(db, row.id)]);
	const structure = structureOf(row);
	const en = texts.get('en') ?? null;
	return {
		revision: row.edit_revision,
		exists: row.archived === 0,
		archived: row.archived === 1,
		submissions: work.count,
		rubricFixed: work.reviewed,
		form: toForm(structure, texts.get(locale) ?? null, locale === 'en'),
		english: locale === 'en' ? null : toForm(structure, en, false),
		locales: [...texts.keys()]
	};
}

export type SaveRefusal =
	FormRefusal | 'conflict' | 'too_complex' | 'english_first' | 'rubric_in_use' | 'not_found' | 'unknown_template';
export type SaveResult = { ok: true; revision: number } | { ok: false; reason: SaveRefusal; criterion?: number };

export interface SaveInput {
	moduleId: number;
	locale: ContentLocale;
	form: EditorForm;
	/** The revision the editor loaded (-1: there was no assignment). */
	expectedRevision: number;
}

const sameRubric = (a: Rubric, b: Rubric) => JSON.stringify(a) === JSON.stringify(b);

/** Saves the form of one locale (English: with the structure) in one transaction. */
export async function save(db: DB, input: SaveInput): Promise<SaveResult> {
	const mod = await moduleContext(db, input.moduleId);
	if (!mod) return { ok: false, reason: 'not_found' };
	const before = await rowOf(db, input.moduleId);
	if (input.locale !== 'en' && !before) return { ok: false, reason: 'english_first' };
	const checked =
		input.locale === 'en' ? checkEnglish(input.form) : checkTranslation(input.form, structureOf(before!).rubric);
	if (!checked.ok) return checked;
	const template = checked.structure?.template ?? null;
	if (template !== null) {
		const choices = await templateChoices(db, mod.course_id, before?.template ?? null, 'en');
		if (!choices.some((c) => c.value === template)) return { ok: false, reason: 'unknown_template' };
	}
	// Rendered before the transaction: a write must not wait for the renderer's worker.
	const rendered = await renderMarkdown(checked.texts.body, { assetBase: assetBase(mod), locale: input.locale });
	if (!rendered.ok) return { ok: false, reason: 'too_complex' };
	const derived = input.locale === 'sr-Latn' ? deriveCyrillic(checked.texts) : null;
	const cyrillicHtml = derived
		? await renderMarkdown(derived.body, { assetBase: assetBase(mod), locale: 'sr-Cyrl' })
		: null;
	return db.transaction().execute(async (tx): Promise<SaveResult> => {
		const row = await rowOf(tx, input.moduleId);
		if ((row?.edit_revision ?? -1) !== input.expectedRevision) return { ok: false, reason: 'conflict' };
		const texts = row ? await textsOf(tx, row.id) : new Map<string, Texts>();
		let id = row?.id ?? 0;
		if (checked.structure) {
			const s = checked.structure;
			const values = {
				accepted: JSON.stringify(s.accepted),
				accepts_text: s.acceptsText ? 1 : 0,
				max_bytes: s.maxBytes,
				rubric: JSON.stringify(s.rubric),
				template: s.template,
				archived: 0
			};
			if (row) {
				const old = readRubric(row.rubric);
				if (!sameRubric(old, s.rubric)) {
					if ((await handIns(tx, row.id)).reviewed) return { ok: false, reason: 'rubric_in_use' };
					// Translations keep what they translated, criterion by criterion.
					for (const [locale, t] of texts) {
						if (locale === 'en') continue;
						await writeTexts(tx, row.id, locale, {
							...t,
							rubric: remapTexts(old, t.rubric, s.rubric, checked.texts.rubric)
						});
					}
				}
				await tx
					.updateTable('assignments')
					.set({ ...values, edit_revision: row.edit_revision + 1 })
					.where('id', '=', row.id)
					.execute();
			} else {
				id = (
					await tx
						.insertInto('assignments')
						.values({ ...values, module_id: input.moduleId, hash: '', edit_revision: 0 })
						.returning('id')
						.executeTakeFirstOrThrow()
				).id;
			}
		} else {
			await tx
				.updateTable('assignments')
				.set({ edit_revision: row!.edit_revision + 1 })
				.where('id', '=', id)
				.execute();
		}
		await writeTexts(tx, id, input.locale, checked.texts, rendered.html);
		// Serbian Cyrillic follows the Latin text unless someone wrote it by hand.
		const latin = texts.get('sr-Latn');
		const cyrillic = texts.get('sr-Cyrl');
		if (derived && cyrillicHtml?.ok && (!cyrillic || (latin && isDerived(cyrillic, latin))))
			await writeTexts(tx, id, 'sr-Cyrl', derived, cyrillicHtml.html);
		await bumpContentGeneration(tx);
		return { ok: true, revision: row ? row.edit_revision + 1 : 0 };
	});
}

/**
 * Writes a locale's texts. Without `html` (a translation re-matched to a changed English rubric)
 * only the rubric's texts change and the rendered instructions stay as they are.
 */
async function writeTexts(tx: DB, id: number, locale: string, t: Texts, html?: string) {
	const values = { title: t.title, body_md: t.body, rubric: JSON.stringify(t.rubric) };
	if (html === undefined) {
		await tx
			.updateTable('assignment_texts')
			.set(values)
			.where('assignment_id', '=', id)
			.where('locale', '=', locale)
			.execute();
		return;
	}
	await tx
		.insertInto('assignment_texts')
		.values({ ...values, assignment_id: id, locale, body_html: html })
		.onConflict((oc) => oc.columns(['assignment_id', 'locale']).doUpdateSet({ ...values, body_html: html }))
		.execute();
}

export type RemoveResult =
	{ ok: true; archived: boolean; handIns: number } | { ok: false; reason: 'conflict' | 'not_found' };

/** Removes the module's assignment: archived when something was handed in or it came from content/, else deleted. */
export async function remove(db: DB, moduleId: number, expectedRevision: number): Promise<RemoveResult> {
	return db.transaction().execute(async (tx): Promise<RemoveResult> => {
		const row = await rowOf(tx, moduleId);
		if (!row || row.archived === 1) return { ok: false, reason: 'not_found' };
		if (row.edit_revision !== expectedRevision) return { ok: false, reason: 'conflict' };
		const { count } = await handIns(tx, row.id);
		const archive = count > 0 || row.hash !== '';
		if (archive)
			await tx
				.updateTable('assignments')
				.set({ archived: 1, edit_revision: row.edit_revision + 1 })
				.where('id', '=', row.id)
				.execute();
		else await tx.deleteFrom('assignments').where('id', '=', row.id).execute();
		await bumpContentGeneration(tx);
		return { ok: true, archived: archive, handIns: count };
	});
}
