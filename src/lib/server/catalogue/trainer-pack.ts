// The trainer pack of a module (its session plan and the templates it hands out) and a learner's
// assignment template, as PDF in one language (English where a text is not translated). A pack takes
// a few hundred milliseconds to render and weighs about 30 KB, so the last few dozen are kept, until
// the next content import changes the documents.
import type { DB } from '../db/client';
import { textFor } from '../../i18n/script';
import { parseStoredJson } from '../db/json';
import { canReview } from '../assignments/reviews';
import { documentsPdf, type PrintedDocument } from './document-pdf';
import { perDatabase } from '../platform/cache';
import { contentGeneration } from './content/generation';
import * as v from 'valibot';

type Viewer = { id: number; role: string };

const printed = perDatabase<string, Buffer | null>({ max: 48 });

/** A PDF from the cache, made by `make` when the content changed since or it was never made. */
async function cached(db: DB, key: unknown[], make: () => Promise<Buffer | null>): Promise<Buffer | null> {
	const generation = await contentGeneration(db);
	return printed(db).getOrLoad(JSON.stringify([generation, ...key]), make);
}

/** Trainers of the course (authors, cohort trainers), administrators and coordinators. */
export async function canUsePack(db: DB, user: Viewer, courseId: number): Promise<boolean> {
	return user.role === 'coordinator' || canReview(db, user, courseId);
}

async function documents(db: DB, courseId: number, names: string[]) {
	if (names.length === 0) return [];
	return db
		.selectFrom('course_documents')
		.selectAll()
		.where('course_id', '=', courseId)
		.where('name', 'in', names)
		.execute();
}

function pick(
	rows: { name: string; locale: string; title: string; body_md: string }[],
	name: string,
	locale: string
): PrintedDocument | null {
	const chosen = textFor(
		locale,
		rows.filter((r) => r.name === name)
	)?.text;
	return chosen ? { title: chosen.title, body: chosen.body_md } : null;
}

/** The modules of a course that have a session plan, by slug. */
export async function modulesWithPack(db: DB, courseId: number): Promise<Set<string>> {
	const rows = await db
		.selectFrom('course_documents')
		.select('name')
		.distinct()
		.where('course_id', '=', courseId)
		.where('name', 'like', 'session:%')
		.execute();
	return new Set(rows.map((r) => r.name.slice('session:'.length)));
}

export interface PackLabels {
	title: string;
	subtitle: string;
	footer: string;
}

/** Which pack, in which language, with the labels printed on it. */
export interface PackRequest {
	courseId: number;
	moduleSlug: string;
	/** The module's assignment template (a name in templates/), printed after the plan's own. */
	assignmentTemplate: string | null;
	locale: string;
	labels: PackLabels;
}

/**
 * The module's pack as PDF, or null when it has no session plan: the plan, then each template it
 * names, then the module's assignment template if it is another one.
 */
export function packPdf(db: DB, pack: PackRequest): Promise<Buffer | null> {
	return cached(db, ['pack', pack], () => makePack(db, pack));
}

async function makePack(db: DB, { courseId, moduleSlug, assignmentTemplate, locale, labels }: PackRequest) {
	const sessionName = `session:${moduleSlug}`;
	const session = await documents(db, courseId, [sessionName]);
	const plan = pick(session, sessionName, locale);
	if (!plan) return null;
	const named = parseStoredJson(v.array(v.string()), session[0].templates, 'course_documents.templates');
	const slugs = [...new Set([...named, ...(assignmentTemplate ? [assignmentTemplate] : [])])];
	const rows = await documents(
		db,
		courseId,
		slugs.map((s) => `template:${s}`)
	);
	const templates = slugs
		.map((s) => pick(rows, `template:${s}`, locale))
		.filter((d): d is PrintedDocument => d !== null);
	return documentsPdf({ ...labels, documents: [plan, ...templates], lang: locale });
}

/** One template in a language: its title and Markdown, or null. */
export async function template(
	db: DB,
	courseId: number,
	slug: string,
	locale: string
): Promise<PrintedDocument | null> {
	const name = `template:${slug}`;
	return pick(await documents(db, courseId, [name]), name, locale);
}

/** One template as PDF, or null. */
export function templatePdf(
	db: DB,
	courseId: number,
	slug: string,
	locale: string,
	labels: Omit<PackLabels, 'title'>
): Promise<Buffer | null> {
	return cached(db, ['template', courseId, slug, locale, labels], async () => {
		const doc = await template(db, courseId, slug, locale);
		return doc
			? documentsPdf({ ...labels, title: doc.title, documents: [{ title: '', body: doc.body }], lang: locale })
			: null;
	});
}
