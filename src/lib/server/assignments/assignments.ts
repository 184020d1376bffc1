// An assignment as a reader sees it: instructions and rubric in their language (English when the
// locale has no translation), with what may be handed in.
import type { DB } from '../db/client';
import type { AssignmentScope } from '../../../../db/schema';
import { textFor } from '../../i18n/script';
import { readAccepted, readRubric, readRubricTexts, type FileKind } from './format';

export interface RubricCriterion {
	id: string;
	title: string;
	levels: { label: string; points: number }[];
}

export interface AssignmentView {
	id: number;
	moduleId: number;
	/** 'organisation': handed in once per organisation, by its confirmed members (threads.ts). */
	scope: AssignmentScope;
	title: string;
	bodyHtml: string;
	fallback: boolean;
	accepted: FileKind[];
	acceptsText: boolean;
	maxBytes: number;
	template: string | null;
	rubric: RubricCriterion[];
	maxPoints: number;
}

/** The rubric's structure joined with its texts in one locale. */
export function joinRubric(structure: string, texts: string): RubricCriterion[] {
	const labels = readRubricTexts(texts);
	return readRubric(structure).map((c, i) => ({
		id: c.id,
		title: labels[i]?.title ?? c.id,
		levels: c.points.map((points, j) => ({ points, label: labels[i]?.levels[j] ?? String(points) }))
	}));
}

/** The live assignment of a module, or null. */
export async function forModule(db: DB, moduleId: number, locale: string): Promise<AssignmentView | null> {
	const row = await db
		.selectFrom('assignments')
		.selectAll()
		.where('module_id', '=', moduleId)
		.where('archived', '=', 0)
		.executeTakeFirst();
	return row ? view(db, row, locale) : null;
}

/** An assignment by id (archived ones too: a trainer still reviews what was handed in). */
export async function byId(db: DB, id: number, locale: string): Promise<AssignmentView | null> {
	const row = await db.selectFrom('assignments').selectAll().where('id', '=', id).executeTakeFirst();
	return row ? view(db, row, locale) : null;
}

async function view(
	db: DB,
	row: {
		id: number;
		module_id: number;
		scope: AssignmentScope;
		accepted: string;
		accepts_text: number;
		max_bytes: number;
		rubric: string;
		template: string | null;
	},
	locale: string
): Promise<AssignmentView | null> {
	const texts = await db.selectFrom('assignment_texts').selectAll().where('assignment_id', '=', row.id).execute();
	const picked = textFor(locale, texts);
	if (!picked) return null;
	const rubric = joinRubric(row.rubric, picked.text.rubric);
	return {
		id: row.id,
		moduleId: row.module_id,
		scope: row.scope,
		title: picked.text.title,
		bodyHtml: picked.text.body_html,
		fallback: picked.fallback,
		accepted: readAccepted(row.accepted),
		acceptsText: row.accepts_text === 1,
		maxBytes: row.max_bytes,
		template: row.template,
		rubric,
		maxPoints: rubric.reduce((sum, c) => sum + Math.max(...c.levels.map((l) => l.points)), 0)
	};
}
