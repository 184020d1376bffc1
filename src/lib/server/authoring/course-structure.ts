// Course structure as authors shape it: new courses, modules and lessons, their order, and the outline
// the authoring pages show (the texts themselves are versioned: lessons.ts, structure-texts.ts).
import { createHash } from 'node:crypto';
import type { DB } from '../db/client';
import { bumpContentGeneration } from '../catalogue/content/generation';
import { cleanText, slugify } from '../platform/form-text';
import * as structureTexts from './structure-texts';

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

export type MoveResult = { ok: true; stamp: string } | { ok: false; reason: 'not_found' | 'edge' | 'changed' };

/** The most places one move may go (a drag across a long module); more is refused as `edge`. */
export const MAX_MOVE_STEPS = 500;

/**
 * A short fingerprint of an order of siblings, so that an undo can tell whether anyone moved,
 * added or archived one of them since (the undo link carries the stamp of the order it undoes).
 */
export function orderStamp(ids: readonly number[]): string {
	return createHash('sha256').update(ids.join(',')).digest('hex').slice(0, 12);
}

/**
 * Moves a module or lesson `steps` places up or down among its siblings and returns the stamp of
 * the new order. With `expectedStamp` (an undo) it is refused as `changed` unless the siblings are
 * still in that order, checked in the same transaction as the move.
 */
export async function reorder(
	db: DB,
	kind: 'module' | 'lesson',
	id: number,
	direction: 'up' | 'down',
	options: { steps?: number; expectedStamp?: string } = {}
): Promise<MoveResult> {
	const steps = options.steps ?? 1;
	if (!Number.isInteger(steps) || steps < 1 || steps > MAX_MOVE_STEPS) return { ok: false, reason: 'edge' };
	return db.transaction().execute(async (tx) => {
		let siblings: { id: number }[];
		if (kind === 'module') {
			const row = await tx.selectFrom('modules').select('course_id').where('id', '=', id).executeTakeFirst();
			if (!row) return { ok: false as const, reason: 'not_found' as const };
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
			if (!row) return { ok: false as const, reason: 'not_found' as const };
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
		if (options.expectedStamp !== undefined && orderStamp(order) !== options.expectedStamp)
			return { ok: false as const, reason: 'changed' as const };
		const index = order.indexOf(id);
		const target = direction === 'up' ? index - steps : index + steps;
		if (index < 0) return { ok: false as const, reason: 'not_found' as const };
		if (target < 0 || target >= order.length) return { ok: false as const, reason: 'edge' as const };
		order.splice(index, 1);
		order.splice(target, 0, id);
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
		return { ok: true as const, stamp: orderStamp(order) };
	});
}

/** Moves a module or lesson one place up or down among its siblings; false when it cannot. */
export async function move(db: DB, kind: 'module' | 'lesson', id: number, direction: 'up' | 'down'): Promise<boolean> {
	return (await reorder(db, kind, id, direction)).ok;
}
