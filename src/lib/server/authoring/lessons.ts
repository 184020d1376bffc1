// Lessons as versioned texts (see engine/): a lesson's text per locale is a title and a Markdown
// body. Edits are drafts per locale, which learners never see; publishing makes a new lesson version
// from the current one plus the drafts, so learners' records keep pointing at the version they saw.
import { createHash } from 'node:crypto';
import type { DB } from '../db/client';
import {
	renderMarkdown,
	writeWithMarkdown,
	type RenderContext,
	type RenderedMarkdown,
	type RenderOutcome
} from '../catalogue/markdown';
import { CONTENT_LOCALES, type ContentLocale } from '../catalogue/content/schema';
import { cleanText } from '../platform/form-text';
import * as engine from './engine';
import { MAX_BODY_BYTES, type PublishResult, type SaveResult } from './engine';

export { courseOutline } from './outline';

export { MAX_BODY_BYTES };
export type { PublishResult, SaveResult };
// Authors and course structure lived here before the engine; their call sites import them from here.
export * from './authors';
export * from './course-structure';

/** The lesson with its course and module, for routes. */
export async function lessonContext(db: DB, lessonId: number) {
	return db
		.selectFrom('lessons')
		.innerJoin('modules', 'modules.id', 'lessons.module_id')
		.innerJoin('courses', 'courses.id', 'modules.course_id')
		.select([
			'lessons.id',
			'lessons.slug',
			'lessons.current_version_id',
			'lessons.edit_revision',
			'lessons.position',
			'modules.slug as moduleSlug',
			'modules.position as modulePosition',
			'courses.id as courseId',
			'courses.slug as courseSlug'
		])
		.where('lessons.id', '=', lessonId)
		.where('lessons.archived', '=', 0)
		.executeTakeFirst();
}

export interface EditorText {
	locale: ContentLocale;
	title: string;
	body: string;
	/** From a saved draft rather than the published version. */
	draft: boolean;
	published: { title: string; body: string } | null;
}

/** What the editor shows for a locale: the draft if there is one, else the published text. */
export async function editorText(
	db: DB,
	lessonId: number,
	versionId: number | null,
	locale: ContentLocale
): Promise<EditorText> {
	const [draft, published] = await Promise.all([
		db
			.selectFrom('lesson_drafts')
			.select(['title', 'body_md'])
			.where('lesson_id', '=', lessonId)
			.where('locale', '=', locale)
			.executeTakeFirst(),
		versionId === null
			? Promise.resolve(undefined)
			: db
					.selectFrom('lesson_texts')
					.select(['title', 'body_md'])
					.where('version_id', '=', versionId)
					.where('locale', '=', locale)
					.executeTakeFirst()
	]);
	const pub = published ? { title: published.title, body: published.body_md } : null;
	return {
		locale,
		title: draft?.title ?? pub?.title ?? '',
		body: draft?.body_md ?? pub?.body ?? '',
		draft: Boolean(draft),
		published: pub
	};
}

/** Saves a draft if the lesson is still at the revision the editor loaded. */
export async function saveDraft(
	db: DB,
	input: {
		lessonId: number;
		locale: ContentLocale;
		title: unknown;
		body: unknown;
		expectedRevision: number;
		userId: number;
	},
	now = Date.now()
): Promise<SaveResult> {
	const title = cleanText(input.title).slice(0, 200);
	const body = typeof input.body === 'string' ? input.body.replace(/\r\n?/g, '\n') : '';
	const refused = await engine.refuseDraft(title, body);
	if (refused) return { ok: false, reason: refused };
	return engine.saveDraft(db, 'lesson', input.lessonId, input.expectedRevision, async (tx) => {
		const values = { title, body_md: body, updated_by: input.userId, updated_at: now };
		await tx
			.insertInto('lesson_drafts')
			.values({ lesson_id: input.lessonId, locale: input.locale, ...values })
			.onConflict((oc) => oc.columns(['lesson_id', 'locale']).doUpdateSet(values))
			.execute();
	});
}

function assetBase(ctx: { courseSlug: string; modulePosition: number; moduleSlug: string }): string {
	return `/content-assets/${ctx.courseSlug}/${String(ctx.modulePosition).padStart(2, '0')}-${ctx.moduleSlug}/`;
}

/** Renders Markdown as learners will see it, with what the sanitiser removed (or refuses it: too complex). */
export function preview(
	body: string,
	ctx: { courseSlug: string; modulePosition: number; moduleSlug: string },
	locale?: ContentLocale
): Promise<RenderOutcome> {
	return renderMarkdown(body, { assetBase: assetBase(ctx), locale });
}

type LessonText = { title: string; body: string };

/**
 * Writes the texts of a new lesson version, each rendered for learners in its language. Publishing
 * and the content import both make lesson versions; `md` is their writeWithMarkdown's renderer.
 */
export async function writeTexts(
	tx: DB,
	md: RenderedMarkdown,
	versionId: number,
	texts: Iterable<readonly [string, LessonText]>,
	context: Omit<RenderContext, 'locale'>
): Promise<void> {
	for (const [locale, t] of texts) {
		await tx
			.insertInto('lesson_texts')
			.values({
				version_id: versionId,
				locale,
				title: t.title,
				body_md: t.body,
				body_html: md.html(t.body, { ...context, locale: locale as ContentLocale })
			})
			.execute();
	}
}

async function versionTexts(db: DB, versionId: number | null): Promise<Map<string, LessonText>> {
	if (versionId === null) return new Map();
	const rows = await db
		.selectFrom('lesson_texts')
		.select(['locale', 'title', 'body_md'])
		.where('version_id', '=', versionId)
		.execute();
	return new Map(rows.map((r) => [r.locale, { title: r.title, body: r.body_md }]));
}

async function lessonDrafts(db: DB, lessonId: number): Promise<Map<string, LessonText>> {
	const rows = await db
		.selectFrom('lesson_drafts')
		.select(['locale', 'title', 'body_md'])
		.where('lesson_id', '=', lessonId)
		.execute();
	return new Map(rows.map((r) => [r.locale, { title: r.title, body: r.body_md }]));
}

/** The lesson's texts per locale as publishing its drafts now would make them; `drafted` when it has drafts. */
export async function pendingTexts(db: DB, lessonId: number, versionId: number | null) {
	const [base, drafts] = await Promise.all([versionTexts(db, versionId), lessonDrafts(db, lessonId)]);
	return { texts: engine.overlayDrafts(base, drafts), published: base, drafted: drafts.size > 0 };
}

/** Publishes the lesson's drafts (or, with `restoreFrom`, an old version's texts) as a new version. */
export async function publish(
	db: DB,
	input: { lessonId: number; expectedRevision: number; userId: number; note?: string; restoreFrom?: number },
	now = Date.now()
): Promise<PublishResult> {
	const ctx = await lessonContext(db, input.lessonId);
	if (!ctx) return { ok: false, reason: 'not_found' };
	const restoring = input.restoreFrom !== undefined;
	const written = await writeWithMarkdown((md) =>
		engine.publishVersion(db, 'lesson', input.lessonId, input.expectedRevision, {
			async gather(tx) {
				const drafts = restoring ? new Map<string, LessonText>() : await lessonDrafts(tx, input.lessonId);
				if (!restoring && drafts.size === 0) return engine.refuse('nothing');
				const base = await versionTexts(tx, input.restoreFrom ?? ctx.current_version_id);
				const texts = engine.overlayDrafts(base, drafts, restoring);
				return CONTENT_LOCALES.filter((l) => texts.has(l)).map((l) => [l, texts.get(l)!] as const);
			},
			async write(tx, ordered, number) {
				const hash = createHash('sha256').update(JSON.stringify(ordered)).digest('hex').slice(0, 16);
				const version = await tx
					.insertInto('lesson_versions')
					.values({
						lesson_id: input.lessonId,
						number,
						hash,
						created_at: now,
						created_by: input.userId,
						note: cleanText(input.note ?? '').slice(0, 300)
					})
					.returning('id')
					.executeTakeFirstOrThrow();
				await writeTexts(tx, md, version.id, ordered, { assetBase: assetBase(ctx) });
				md.complete();
				return version.id;
			}
		})
	);
	return written.ok ? written.value : { ok: false, reason: 'too_complex' };
}

/** The lesson's versions, newest first, with who published them. */
export function history(db: DB, lessonId: number) {
	return engine.history(db, 'lesson', lessonId);
}

/** A paragraph diff (changes with a little context) of a locale's text between two versions of a lesson. */
export async function diffVersions(db: DB, lessonId: number, fromId: number, toId: number, locale: string) {
	const rows = await db
		.selectFrom('lesson_texts')
		.innerJoin('lesson_versions', 'lesson_versions.id', 'lesson_texts.version_id')
		.select(['lesson_texts.version_id', 'lesson_texts.title', 'lesson_texts.body_md'])
		.where('lesson_versions.lesson_id', '=', lessonId)
		.where('lesson_texts.version_id', 'in', [fromId, toId])
		.where('lesson_texts.locale', '=', locale)
		.execute();
	const from = rows.find((r) => r.version_id === fromId);
	const to = rows.find((r) => r.version_id === toId);
	const a = from ? `# ${from.title}\n\n${from.body_md}\n` : '';
	const b = to ? `# ${to.title}\n\n${to.body_md}\n` : '';
	return engine.paragraphDiff(a, b);
}

/** Per locale: missing, outdated or current, comparing content (see engine/translations.ts). */
export function translationStatus(db: DB, lessonId: number) {
	return engine.translations.statusOf(db, 'lesson', lessonId);
}
