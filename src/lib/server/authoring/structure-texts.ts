// Course and module texts (title, summary, objectives, introduction) edited in the browser, the way
// lessons are: edits are drafts per locale that learners never see; publishing writes the published
// texts (course_texts, module_texts, which learner pages read) from the drafts laid over what is
// published now, and records a version: a snapshot of every language, with who and when. A restore
// publishes an old snapshot as a new version. Every draft and publication bumps the course's or
// module's revision, so a form saved against an older one is refused instead of overwriting.
//
// The content import writes the published texts too, and records its own version (no author).
import type { DB } from '../db/client';
import type { StructureKind } from '../../../../db/schema';
import { renderMarkdown, writeWithMarkdown, type RenderedMarkdown, type RenderOutcome } from '../catalogue/markdown';
import { CONTENT_LOCALES, type ContentLocale } from '../catalogue/content/schema';
import { cleanText } from '../platform/form-text';
import * as engine from './engine';
import { paragraphDiff, overlayDrafts, type PublishResult, type SaveResult } from './engine';
import { moduleAssetBase, structureContext, type StructureContext } from './structure-context';
import * as v from 'valibot';
import { parseStoredJson } from '../db/json';
import { objectivesSchema } from '../catalogue/course-schema';

export type { StructureKind, StructureContext };
export { moduleAssetBase, structureContext };

export interface StructureText {
	title: string;
	summary: string;
	/** Modules only; always empty for a course. */
	objectives: string[];
	body: string;
}

/** A text as its tables store it (objectives as JSON). */
const structureText = (r: { title: string; summary: string; objectives: string; body_md: string }): StructureText => ({
	title: r.title,
	summary: r.summary,
	objectives: parseStoredJson(objectivesSchema, r.objectives, 'objectives'),
	body: r.body_md
});

/** A structure version's texts as stored: per locale. */
const versionTextsSchema = v.record(
	v.string(),
	v.object({ title: v.string(), summary: v.string(), objectives: objectivesSchema, body: v.string() })
);

export const MAX_OBJECTIVES = 20;

/** The published texts per locale, with when each last changed. */
async function publishedTexts(
	db: DB,
	kind: StructureKind,
	id: number
): Promise<Map<string, StructureText & { updatedAt: number }>> {
	const rows =
		kind === 'course'
			? (
					await db
						.selectFrom('course_texts')
						.select(['locale', 'title', 'summary', 'body_md', 'updated_at'])
						.where('course_id', '=', id)
						.execute()
				).map((r) => ({ ...r, objectives: '[]' }))
			: await db
					.selectFrom('module_texts')
					.select(['locale', 'title', 'summary', 'objectives', 'body_md', 'updated_at'])
					.where('module_id', '=', id)
					.execute();
	return new Map(rows.map((r) => [r.locale, { ...structureText(r), updatedAt: r.updated_at }]));
}

async function draftTexts(db: DB, kind: StructureKind, id: number): Promise<Map<string, StructureText>> {
	const rows = await db
		.selectFrom('structure_drafts')
		.select(['locale', 'title', 'summary', 'objectives', 'body_md'])
		.where('kind', '=', kind)
		.where('target_id', '=', id)
		.execute();
	return new Map(rows.map((r) => [r.locale, structureText(r)]));
}

const plain = (t: StructureText): StructureText => ({
	title: t.title,
	summary: t.summary,
	objectives: t.objectives,
	body: t.body
});
const same = (a: StructureText, b: StructureText) => JSON.stringify(plain(a)) === JSON.stringify(plain(b));

/** Renders an introduction as learners see it (sanitised), or refuses it (too complex). */
export function renderIntro(body: string, assetBase: string): Promise<RenderOutcome> {
	return renderMarkdown(body, { assetBase });
}

export interface EditorText {
	locale: ContentLocale;
	text: StructureText;
	/** From a saved draft rather than the published text. */
	draft: boolean;
	published: StructureText | null;
}

/** What the editor shows for a locale: the draft if there is one, else the published text. */
export async function editorText(db: DB, kind: StructureKind, id: number, locale: ContentLocale): Promise<EditorText> {
	const [published, drafts] = await Promise.all([publishedTexts(db, kind, id), draftTexts(db, kind, id)]);
	const pub = published.get(locale);
	const draft = drafts.get(locale);
	return {
		locale,
		text: draft ?? (pub ? plain(pub) : { title: '', summary: '', objectives: [], body: '' }),
		draft: Boolean(draft),
		published: pub ? plain(pub) : null
	};
}

/** The texts per locale as publishing the drafts now would make them, and whether there are drafts. */
export async function pendingTexts(db: DB, kind: StructureKind, id: number) {
	const [published, drafts] = await Promise.all([publishedTexts(db, kind, id), draftTexts(db, kind, id)]);
	return {
		texts: overlayDrafts(new Map([...published].map(([l, t]) => [l, plain(t)])), drafts),
		drafted: drafts.size > 0
	};
}

/** Reads the editor's form fields: trimmed, limited; objectives one per line. */
export function readText(
	input: { title: unknown; summary: unknown; objectives?: unknown; body: unknown },
	kind: StructureKind
): StructureText {
	return {
		title: cleanText(input.title).slice(0, 200),
		summary: cleanText(input.summary).slice(0, 1000),
		objectives:
			kind === 'module'
				? cleanText(input.objectives)
						.split('\n')
						.map((o) => o.trim().slice(0, 300))
						.filter(Boolean)
						.slice(0, MAX_OBJECTIVES)
				: [],
		body: typeof input.body === 'string' ? input.body.replace(/\r\n?/g, '\n') : ''
	};
}

/** Saves a draft in one locale if the course or module is still at the revision the editor loaded. */
export async function saveDraft(
	db: DB,
	input: {
		kind: StructureKind;
		id: number;
		locale: ContentLocale;
		text: StructureText;
		expectedRevision: number;
		userId: number;
	},
	now = Date.now()
): Promise<SaveResult> {
	const { text } = input;
	const refused = await engine.refuseDraft(text.title, text.body);
	if (refused) return { ok: false, reason: refused };
	return engine.saveDraft(db, input.kind, input.id, input.expectedRevision, async (tx) => {
		const values = {
			title: text.title,
			summary: text.summary,
			objectives: JSON.stringify(text.objectives),
			body_md: text.body,
			updated_by: input.userId,
			updated_at: now
		};
		await tx
			.insertInto('structure_drafts')
			.values({ kind: input.kind, target_id: input.id, locale: input.locale, ...values })
			.onConflict((oc) => oc.columns(['kind', 'target_id', 'locale']).doUpdateSet(values))
			.execute();
	});
}

/** Records a version: a snapshot of the texts of every locale, in the order of CONTENT_LOCALES (numbered next unless `number` is given). */
export async function recordVersion(
	db: DB,
	kind: StructureKind,
	id: number,
	texts: ReadonlyMap<string, StructureText>,
	userId: number | null,
	now: number,
	note = '',
	number?: number
) {
	const snapshot = Object.fromEntries(
		CONTENT_LOCALES.filter((l) => texts.has(l)).map((l) => [l, plain(texts.get(l)!)])
	);
	number ??= await engine.nextVersionNumber(db, kind, id);
	const row = await db
		.insertInto('structure_versions')
		.values({
			kind,
			target_id: id,
			number,
			texts: JSON.stringify(snapshot),
			created_at: now,
			created_by: userId,
			note: cleanText(note).slice(0, 300)
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return { versionId: row.id, number };
}

async function versionSnapshot(
	db: DB,
	kind: StructureKind,
	id: number,
	versionId: number
): Promise<Map<string, StructureText> | null> {
	const row = await db
		.selectFrom('structure_versions')
		.select('texts')
		.where('id', '=', versionId)
		.where('kind', '=', kind)
		.where('target_id', '=', id)
		.executeTakeFirst();
	return row
		? new Map(Object.entries(parseStoredJson(versionTextsSchema, row.texts, 'structure_versions.texts')))
		: null;
}

/** Writes the published texts: changed locales get the new text and time, unchanged ones keep theirs. */
async function writePublished(
	tx: DB,
	md: RenderedMarkdown,
	ctx: StructureContext,
	texts: ReadonlyMap<string, StructureText>,
	now: number
) {
	const before = await publishedTexts(tx, ctx.kind, ctx.id);
	for (const locale of CONTENT_LOCALES) {
		const next = texts.get(locale);
		const old = before.get(locale);
		if (!next) {
			if (old) {
				if (ctx.kind === 'course')
					await tx.deleteFrom('course_texts').where('course_id', '=', ctx.id).where('locale', '=', locale).execute();
				else await tx.deleteFrom('module_texts').where('module_id', '=', ctx.id).where('locale', '=', locale).execute();
			}
			continue;
		}
		// An unchanged text keeps its time, so that a translation only turns outdated when the English
		// really changed.
		if (old && same(old, next)) continue;
		const values = {
			title: next.title,
			summary: next.summary,
			body_md: next.body,
			body_html: md.html(next.body, { assetBase: ctx.assetBase }),
			updated_at: now
		};
		if (ctx.kind === 'course') {
			await tx
				.insertInto('course_texts')
				.values({ course_id: ctx.id, locale, ...values })
				.onConflict((oc) => oc.columns(['course_id', 'locale']).doUpdateSet(values))
				.execute();
		} else {
			const row = { ...values, objectives: JSON.stringify(next.objectives) };
			await tx
				.insertInto('module_texts')
				.values({ module_id: ctx.id, locale, ...row })
				.onConflict((oc) => oc.columns(['module_id', 'locale']).doUpdateSet(row))
				.execute();
		}
	}
}

/** Publishes the drafts (or, with `restoreFrom`, an old version exactly as it was) as a new version. */
export async function publish(
	db: DB,
	input: {
		kind: StructureKind;
		id: number;
		expectedRevision: number;
		userId: number;
		note?: string;
		restoreFrom?: number;
	},
	now = Date.now()
): Promise<PublishResult> {
	const ctx = await structureContext(db, input.kind, input.id);
	if (!ctx) return { ok: false, reason: 'not_found' };
	const written = await writeWithMarkdown((md) =>
		engine.publishVersion(db, ctx.kind, ctx.id, input.expectedRevision, {
			async gather(tx) {
				if (input.restoreFrom !== undefined)
					return (await versionSnapshot(tx, ctx.kind, ctx.id, input.restoreFrom)) ?? engine.refuse('not_found');
				const pending = await pendingTexts(tx, ctx.kind, ctx.id);
				return pending.drafted ? pending.texts : engine.refuse('nothing');
			},
			// Texts that predate versions (written before they existed) become version 1 first, so that
			// what learners saw until now can still be compared and restored.
			async before(tx) {
				if ((await engine.versionCount(tx, ctx.kind, ctx.id)) > 0) return;
				const current = await publishedTexts(tx, ctx.kind, ctx.id);
				if (current.size > 0) await recordVersion(tx, ctx.kind, ctx.id, current, null, now);
			},
			async write(tx, texts, number) {
				await writePublished(tx, md, ctx, texts, now);
				md.complete();
				const version = await recordVersion(tx, ctx.kind, ctx.id, texts, input.userId, now, input.note ?? '', number);
				return version.versionId;
			}
		})
	);
	return written.ok ? written.value : { ok: false, reason: 'too_complex' };
}

/** The versions, newest first, with who published them (null: the content import). */
export function history(db: DB, kind: StructureKind, id: number) {
	return engine.history(db, kind, id);
}

/** A text written out for comparison: the title as a heading, then summary, objectives and introduction. */
function asLines(t: StructureText | undefined): string {
	if (!t) return '';
	const parts = [`# ${t.title}`, t.summary, t.objectives.map((o) => `- ${o}`).join('\n'), t.body].filter(Boolean);
	return `${parts.join('\n\n')}\n`;
}

/** A paragraph diff (changes with a little context) of one locale's texts between two versions. */
export async function diffVersions(
	db: DB,
	kind: StructureKind,
	id: number,
	fromId: number,
	toId: number,
	locale: string
) {
	const [from, to] = await Promise.all([versionSnapshot(db, kind, id, fromId), versionSnapshot(db, kind, id, toId)]);
	return paragraphDiff(asLines(from?.get(locale)), asLines(to?.get(locale)));
}

/** The published translations' status (comparing content, see engine/translations.ts), and which locales have a draft waiting. */
export async function translationStatus(db: DB, kind: StructureKind, id: number) {
	const [published, drafts, versions] = await Promise.all([
		publishedTexts(db, kind, id),
		draftTexts(db, kind, id),
		engine.versionCount(db, kind, id)
	]);
	return {
		status:
			versions > 0
				? await engine.translations.statusOf(db, kind, id)
				: engine.translations.statusByTime([...published].map(([locale, t]) => ({ locale, updatedAt: t.updatedAt }))),
		drafts: CONTENT_LOCALES.filter((l) => drafts.has(l))
	};
}
