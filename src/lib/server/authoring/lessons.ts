// Trainers edit lessons in the browser. Edits are drafts per locale, which learners never see;
// publishing makes a new lesson version from the current one plus the drafts, so learners' records
// keep pointing at the version they saw. Every save and publication bumps the lesson's revision:
// a form saved against an older revision is refused (someone else changed the lesson meanwhile).
import { createHash } from 'node:crypto';
import type { DB } from '../db/client';
import { renderMarkdown, writeWithMarkdown, type RenderOutcome } from '../catalogue/markdown';
import { bumpContentGeneration } from '../catalogue/content/generation';
import { latinToCyrillicMarkup } from '../../i18n/translit';
import { CONTENT_LOCALES, type ContentLocale } from '../catalogue/content/schema';
import { cleanText, slugify } from '../platform/form-text';
import {
	MAX_BODY_BYTES,
	claimRevision,
	lineDiff,
	overlayDrafts,
	type PublishResult,
	type SaveResult
} from './versioning';
import * as structureTexts from './structure-texts';
import * as translations from './translation-status';

export { courseOutline } from './outline';

export { MAX_BODY_BYTES };
export type { PublishResult, SaveResult };

/** Admins may author every course; trainers the courses they are assigned to. */
export async function canAuthor(db: DB, user: { id: number; role: string }, courseId: number): Promise<boolean> {
	if (user.role === 'admin') return true;
	if (user.role !== 'trainer') return false;
	const row = await db
		.selectFrom('course_authors')
		.select('user_id')
		.where('course_id', '=', courseId)
		.where('user_id', '=', user.id)
		.executeTakeFirst();
	return Boolean(row);
}

export async function assignAuthor(db: DB, courseId: number, userId: number): Promise<void> {
	await db
		.insertInto('course_authors')
		.values({ course_id: courseId, user_id: userId })
		.onConflict((oc) => oc.doNothing())
		.execute();
}

export async function unassignAuthor(db: DB, courseId: number, userId: number): Promise<void> {
	await db.deleteFrom('course_authors').where('course_id', '=', courseId).where('user_id', '=', userId).execute();
}

/** Course ids a user may author. */
export async function authorCourseIds(db: DB, user: { id: number; role: string }): Promise<number[]> {
	if (user.role === 'admin')
		return (await db.selectFrom('courses').select('id').where('archived', '=', 0).execute()).map((r) => r.id);
	if (user.role !== 'trainer') return [];
	return (await db.selectFrom('course_authors').select('course_id').where('user_id', '=', user.id).execute()).map(
		(r) => r.course_id
	);
}

/** A course that is not archived, for routes. */
export function courseContext(db: DB, courseId: number) {
	return db
		.selectFrom('courses')
		.select(['id', 'slug'])
		.where('id', '=', courseId)
		.where('archived', '=', 0)
		.executeTakeFirst();
}

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
	if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) return { ok: false, reason: 'too_large' };
	if (!title) return { ok: false, reason: 'title_required' };
	// A text that cannot be rendered in time is refused now, not when it is published.
	if (!(await renderMarkdown(body, { assetBase: '' })).ok) return { ok: false, reason: 'too_complex' };
	return db.transaction().execute(async (tx) => {
		if (!(await claimRevision(tx, 'lessons', input.lessonId, input.expectedRevision))) {
			const row = await tx
				.selectFrom('lessons')
				.select('edit_revision')
				.where('id', '=', input.lessonId)
				.executeTakeFirst();
			return { ok: false as const, reason: 'conflict' as const, revision: row?.edit_revision ?? -1 };
		}
		await tx
			.insertInto('lesson_drafts')
			.values({
				lesson_id: input.lessonId,
				locale: input.locale,
				title,
				body_md: body,
				updated_by: input.userId,
				updated_at: now
			})
			.onConflict((oc) =>
				oc
					.columns(['lesson_id', 'locale'])
					.doUpdateSet({ title, body_md: body, updated_by: input.userId, updated_at: now })
			)
			.execute();
		return { ok: true as const, revision: input.expectedRevision + 1 };
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
const lessonToCyrillic = (t: LessonText): LessonText => ({
	title: latinToCyrillicMarkup(t.title),
	body: latinToCyrillicMarkup(t.body)
});

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
	return { texts: overlayDrafts(base, drafts, lessonToCyrillic), published: base, drafted: drafts.size > 0 };
}

/** Publishes the lesson's drafts (or the given texts, for a restore) as a new version. */
export async function publish(
	db: DB,
	input: { lessonId: number; expectedRevision: number; userId: number; note?: string; restoreFrom?: number },
	now = Date.now()
): Promise<PublishResult> {
	const ctx = await lessonContext(db, input.lessonId);
	if (!ctx) return { ok: false, reason: 'not_found' };
	const written = await writeWithMarkdown((md) =>
		db.transaction().execute(async (tx): Promise<PublishResult> => {
			const drafts = input.restoreFrom ? new Map<string, LessonText>() : await lessonDrafts(tx, input.lessonId);
			// Checked before the revision moves, so that a refused publish changes nothing.
			if (!input.restoreFrom && drafts.size === 0) return { ok: false as const, reason: 'nothing' as const };
			if (!(await claimRevision(tx, 'lessons', input.lessonId, input.expectedRevision)))
				return { ok: false as const, reason: 'conflict' as const };
			const base = await versionTexts(tx, input.restoreFrom ?? ctx.current_version_id);
			const texts = overlayDrafts(base, drafts, lessonToCyrillic, Boolean(input.restoreFrom));
			const ordered = CONTENT_LOCALES.filter((l) => texts.has(l)).map((l) => [l, texts.get(l)!] as const);
			const hash = createHash('sha256').update(JSON.stringify(ordered)).digest('hex').slice(0, 16);
			const last = await tx
				.selectFrom('lesson_versions')
				.select((eb) => eb.fn.max('number').as('n'))
				.where('lesson_id', '=', input.lessonId)
				.executeTakeFirst();
			const number = Number(last?.n ?? 0) + 1;
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
			for (const [locale, t] of ordered) {
				await tx
					.insertInto('lesson_texts')
					.values({
						version_id: version.id,
						locale,
						title: t.title,
						body_md: t.body,
						body_html: md.html(t.body, { assetBase: assetBase(ctx), locale })
					})
					.execute();
			}
			md.complete();
			await tx
				.updateTable('lessons')
				.set({ current_version_id: version.id })
				.where('id', '=', input.lessonId)
				.execute();
			await tx.deleteFrom('lesson_drafts').where('lesson_id', '=', input.lessonId).execute();
			await bumpContentGeneration(tx);
			return { ok: true as const, versionId: version.id, number };
		})
	);
	return written.ok ? written.value : { ok: false, reason: 'too_complex' };
}

/** The lesson's versions, newest first, with who published them. */
export function history(db: DB, lessonId: number) {
	return db
		.selectFrom('lesson_versions')
		.leftJoin('users', 'users.id', 'lesson_versions.created_by')
		.select([
			'lesson_versions.id',
			'lesson_versions.number',
			'lesson_versions.created_at',
			'lesson_versions.note',
			'users.name as author'
		])
		.where('lesson_versions.lesson_id', '=', lessonId)
		.orderBy('lesson_versions.number', 'desc')
		.execute();
}

/** A line diff of a locale's text between two versions of a lesson. */
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
	return lineDiff(a, b);
}

/** Per locale: missing, outdated or current, comparing content (see translation-status.ts). */
export function translationStatus(db: DB, lessonId: number) {
	return translations.statusOf(db, 'lesson', lessonId);
}

// ——— Course structure: new courses, modules and lessons, and their order (texts: structure-texts.ts) ———

async function freeSlug(
	db: DB,
	table: 'courses' | 'modules' | 'lessons',
	base: string,
	scope?: { column: 'course_id' | 'module_id'; id: number }
): Promise<string> {
	for (let i = 1; ; i++) {
		const slug = i === 1 ? base : `${base}-${i}`;
		let q = db.selectFrom(table).select('id').where('slug', '=', slug);
		if (scope) q = q.where(scope.column as never, '=', scope.id as never);
		if (!(await q.executeTakeFirst())) return slug;
	}
}

/** A new, empty course; the creating trainer may edit it. */
export async function createCourse(
	db: DB,
	input: { title: unknown; summary: unknown },
	user: { id: number; role: string },
	now = Date.now()
) {
	const title = cleanText(input.title).slice(0, 200);
	const summary = cleanText(input.summary).slice(0, 1000);
	if (!title) return { ok: false as const, reason: 'title_required' as const };
	return db.transaction().execute(async (tx) => {
		const slug = await freeSlug(tx, 'courses', slugify(title));
		const course = await tx
			.insertInto('courses')
			.values({
				slug,
				pass_mark: 70,
				certificate_modules: 'all',
				org_min_certified: 2,
				created_at: now,
				updated_at: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await tx
			.insertInto('course_texts')
			.values({ course_id: course.id, locale: 'en', title, summary, body_html: '', body_md: '', updated_at: now })
			.execute();
		await structureTexts.recordVersion(
			tx,
			'course',
			course.id,
			new Map([['en', { title, summary, objectives: [], body: '' }]]),
			user.id,
			now
		);
		if (user.role === 'trainer')
			await tx.insertInto('course_authors').values({ course_id: course.id, user_id: user.id }).execute();
		await bumpContentGeneration(tx);
		return { ok: true as const, id: course.id, slug };
	});
}

export async function createModule(
	db: DB,
	courseId: number,
	titleInput: unknown,
	userId: number | null = null,
	now = Date.now()
) {
	const title = cleanText(titleInput).slice(0, 200);
	if (!title) return { ok: false as const, reason: 'title_required' as const };
	return db.transaction().execute(async (tx) => {
		const last = await tx
			.selectFrom('modules')
			.select((eb) => eb.fn.max('position').as('p'))
			.where('course_id', '=', courseId)
			.executeTakeFirst();
		const slug = await freeSlug(tx, 'modules', slugify(title), { column: 'course_id', id: courseId });
		const mod = await tx
			.insertInto('modules')
			.values({ course_id: courseId, slug, position: Number(last?.p ?? 0) + 1 })
			.returning('id')
			.executeTakeFirstOrThrow();
		await tx
			.insertInto('module_texts')
			.values({
				module_id: mod.id,
				locale: 'en',
				title,
				summary: '',
				objectives: '[]',
				body_html: '',
				body_md: '',
				updated_at: now
			})
			.execute();
		await structureTexts.recordVersion(
			tx,
			'module',
			mod.id,
			new Map([['en', { title, summary: '', objectives: [], body: '' }]]),
			userId,
			now
		);
		await bumpContentGeneration(tx);
		return { ok: true as const, id: mod.id };
	});
}

/** A new lesson at the end of a module; learners see it once its first version is published. */
export async function createLesson(db: DB, moduleId: number, titleInput: unknown, userId: number, now = Date.now()) {
	const title = cleanText(titleInput).slice(0, 200);
	if (!title) return { ok: false as const, reason: 'title_required' as const };
	return db.transaction().execute(async (tx) => {
		const last = await tx
			.selectFrom('lessons')
			.select((eb) => eb.fn.max('position').as('p'))
			.where('module_id', '=', moduleId)
			.executeTakeFirst();
		const slug = await freeSlug(tx, 'lessons', slugify(title), { column: 'module_id', id: moduleId });
		const lesson = await tx
			.insertInto('lessons')
			.values({ module_id: moduleId, slug, position: Number(last?.p ?? 0) + 1, minutes: 10, current_version_id: null })
			.returning('id')
			.executeTakeFirstOrThrow();
		await tx
			.insertInto('lesson_drafts')
			.values({ lesson_id: lesson.id, locale: 'en', title, body_md: '', updated_by: userId, updated_at: now })
			.execute();
		return { ok: true as const, id: lesson.id };
	});
}

/** Moves a module or lesson one place up or down among its siblings. */
export async function move(db: DB, kind: 'module' | 'lesson', id: number, direction: 'up' | 'down'): Promise<boolean> {
	return db.transaction().execute(async (tx) => {
		let siblings: { id: number }[];
		if (kind === 'module') {
			const row = await tx.selectFrom('modules').select('course_id').where('id', '=', id).executeTakeFirst();
			if (!row) return false;
			siblings = await tx
				.selectFrom('modules')
				.select('id')
				.where('course_id', '=', row.course_id)
				.where('archived', '=', 0)
				.orderBy('position')
				.orderBy('id')
				.execute();
		} else {
			const row = await tx.selectFrom('lessons').select('module_id').where('id', '=', id).executeTakeFirst();
			if (!row) return false;
			siblings = await tx
				.selectFrom('lessons')
				.select('id')
				.where('module_id', '=', row.module_id)
				.where('archived', '=', 0)
				.orderBy('position')
				.orderBy('id')
				.execute();
		}
		const order = siblings.map((s) => s.id);
		const index = order.indexOf(id);
		const target = direction === 'up' ? index - 1 : index + 1;
		if (index < 0 || target < 0 || target >= order.length) return false;
		[order[index], order[target]] = [order[target], order[index]];
		// Renumbered as a whole, so that equal positions cannot turn a swap into nothing.
		for (const [i, sid] of order.entries()) {
			if (kind === 'module')
				await tx
					.updateTable('modules')
					.set({ position: i + 1 })
					.where('id', '=', sid)
					.execute();
			else
				await tx
					.updateTable('lessons')
					.set({ position: i + 1 })
					.where('id', '=', sid)
					.execute();
		}
		await bumpContentGeneration(tx);
		return true;
	});
}
