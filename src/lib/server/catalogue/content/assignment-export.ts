// A module's assignment back as assignment.md and its translations (see assignment-read.ts), so that
// a course exported and imported again keeps its assignments.
import type { DB } from '../../db/client';
import * as script from '../../../i18n/script';
import { readAccepted, readRubric, readRubricTexts } from '../../assignments/format';

type FrontMatter = (data: Record<string, unknown>, body: string) => string;

export async function exportAssignment(
	db: DB,
	moduleId: number,
	dir: string,
	frontMatter: FrontMatter
): Promise<[string, string][]> {
	const row = await db
		.selectFrom('assignments')
		.selectAll()
		.where('module_id', '=', moduleId)
		.where('archived', '=', 0)
		.executeTakeFirst();
	if (!row) return [];
	const rubric = readRubric(row.rubric);
	const texts = new Map(
		(await db.selectFrom('assignment_texts').selectAll().where('assignment_id', '=', row.id).execute()).map((t) => [
			t.locale,
			t
		])
	);
	const plain = (t: { title: string; body_md: string; rubric: string }) => [
		t.title,
		t.body_md,
		readRubricTexts(t.rubric)
	];
	const files: [string, string][] = [];
	for (const [locale, t] of texts) {
		const latin = texts.get('sr-Latn');
		if (locale === 'sr-Cyrl' && latin && script.isDerived(plain(t), plain(latin))) continue;
		const labels = readRubricTexts(t.rubric);
		const en = locale === 'en';
		const data: Record<string, unknown> = { title: t.title };
		if (en) {
			if (row.scope === 'organisation') data.scope = row.scope;
			data.accepted = readAccepted(row.accepted);
			if (!row.accepts_text) data.text = false;
			data.max_mb = Math.round((row.max_bytes / 1024 / 1024) * 100) / 100;
			if (row.template) data.template = row.template;
		}
		data.rubric = rubric.map((c, i) => ({
			id: c.id,
			title: labels[i]?.title ?? c.id,
			levels: c.points.map((points, j) =>
				en ? { points, label: labels[i]?.levels[j] ?? '' } : { label: labels[i]?.levels[j] ?? '' }
			)
		}));
		files.push([`${dir}/assignment${en ? '' : `.${locale}`}.md`, frontMatter(data, t.body_md)]);
	}
	return files;
}
