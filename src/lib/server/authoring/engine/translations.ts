// Whether a translation is up to date, for everything trainers translate (lessons, quizzes, course and
// module texts). It compares content, not dates: a translation is current while the English text it
// was made from (the English of the version in which the translation last changed) is the English text
// now, so restoring that English makes it current again; or when a trainer checked it against the
// current English and marked it current (kept as hashes of both texts, void once either changes).
import { createHash } from 'node:crypto';
import type { DB } from '../../db/client';
import { record } from '../../people/audit';
import { CONTENT_LOCALES, type ContentLocale } from '../../catalogue/content/schema';
import type { TextKind } from './store';
import * as v from 'valibot';
import { parseStoredJson } from '../../db/json';

const storedTextsSchema = v.record(v.string(), v.unknown());

export type TranslatedKind = TextKind;
export type TranslationState = 'missing' | 'outdated' | 'current';

/** One published version: locale → its text in a comparable form. */
type Version = ReadonlyMap<string, string>;

const hashText = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

/** The published versions, oldest first, each as locale → comparable text. */
async function versionsOf(db: DB, kind: TranslatedKind, id: number): Promise<Version[]> {
	const grouped = (rows: { number: number; locale: string; text: string }[]) => {
		const versions = new Map<number, Map<string, string>>();
		for (const r of rows) {
			if (!versions.has(r.number)) versions.set(r.number, new Map());
			versions.get(r.number)!.set(r.locale, r.text);
		}
		return [...versions.entries()].sort(([a], [b]) => a - b).map(([, v]) => v);
	};
	if (kind === 'lesson') {
		const rows = await db
			.selectFrom('lesson_versions')
			.innerJoin('lesson_texts', 'lesson_texts.version_id', 'lesson_versions.id')
			.select(['lesson_versions.number', 'lesson_texts.locale', 'lesson_texts.title', 'lesson_texts.body_md'])
			.where('lesson_versions.lesson_id', '=', id)
			.execute();
		return grouped(rows.map((r) => ({ number: r.number, locale: r.locale, text: `${r.title}\n${r.body_md}` })));
	}
	if (kind === 'quiz') {
		const rows = await db
			.selectFrom('quiz_versions')
			.innerJoin('quiz_texts', 'quiz_texts.version_id', 'quiz_versions.id')
			.select(['quiz_versions.number', 'quiz_texts.locale', 'quiz_texts.title', 'quiz_texts.questions'])
			.where('quiz_versions.quiz_id', '=', id)
			.execute();
		return grouped(rows.map((r) => ({ number: r.number, locale: r.locale, text: `${r.title}\n${r.questions}` })));
	}
	const rows = await db
		.selectFrom('structure_versions')
		.select(['number', 'texts'])
		.where('kind', '=', kind)
		.where('target_id', '=', id)
		.orderBy('number')
		.execute();
	return rows.map(
		(r) =>
			new Map(
				Object.entries(parseStoredJson(storedTextsSchema, r.texts, 'structure_versions.texts')).map(([locale, t]) => [
					locale,
					JSON.stringify(t)
				])
			)
	);
}

interface Compared {
	locale: ContentLocale;
	status: TranslationState;
	/** The current English and translation, hashed (for a trainer's check). */
	sourceHash: string;
	translationHash: string;
}

function compare(
	versions: Version[],
	checks: { locale: string; source_hash: string; translation_hash: string }[]
): Compared[] {
	const latest = versions.at(-1) ?? new Map<string, string>();
	const english = latest.get('en') ?? '';
	return CONTENT_LOCALES.filter((l) => l !== 'en').map((locale) => {
		const text = latest.get(locale);
		const sourceHash = hashText(english);
		if (text === undefined) return { locale, status: 'missing' as const, sourceHash, translationHash: '' };
		// The version in which this translation last changed holds the English it was made from.
		let madeIn = versions.length - 1;
		while (madeIn > 0 && versions[madeIn - 1].get(locale) === text) madeIn--;
		const translationHash = hashText(text);
		const checked = checks.some(
			(c) => c.locale === locale && c.source_hash === sourceHash && c.translation_hash === translationHash
		);
		const current = versions[madeIn].get('en') === english || checked;
		return { locale, status: current ? ('current' as const) : ('outdated' as const), sourceHash, translationHash };
	});
}

async function compared(db: DB, kind: TranslatedKind, id: number): Promise<Compared[]> {
	const [versions, checks] = await Promise.all([
		versionsOf(db, kind, id),
		db
			.selectFrom('translation_checks')
			.select(['locale', 'source_hash', 'translation_hash'])
			.where('kind', '=', kind)
			.where('target_id', '=', id)
			.execute()
	]);
	return compare(versions, checks);
}

/** Per translated locale: missing, outdated or current (see the top of this file). */
export async function statusOf(
	db: DB,
	kind: TranslatedKind,
	id: number
): Promise<{ locale: ContentLocale; status: TranslationState }[]> {
	return (await compared(db, kind, id)).map(({ locale, status }) => ({ locale, status }));
}

/**
 * A trainer checked the published translation against the current English and found it still fits:
 * it counts as current until either text changes. Recorded in the audit log.
 */
export async function markCurrent(
	db: DB,
	input: { kind: TranslatedKind; id: number; locale: string; userId: number },
	now = Date.now()
): Promise<{ ok: true } | { ok: false; reason: 'missing' }> {
	const row = (await compared(db, input.kind, input.id)).find((c) => c.locale === input.locale);
	if (!row || row.status === 'missing') return { ok: false, reason: 'missing' };
	const values = {
		source_hash: row.sourceHash,
		translation_hash: row.translationHash,
		checked_by: input.userId,
		checked_at: now
	};
	await db.transaction().execute(async (tx) => {
		await tx
			.insertInto('translation_checks')
			.values({ kind: input.kind, target_id: input.id, locale: input.locale, ...values })
			.onConflict((oc) => oc.columns(['kind', 'target_id', 'locale']).doUpdateSet(values))
			.execute();
		await record(tx, input.userId, 'translation_marked_current', `${input.kind} ${input.id} ${input.locale}`, '', now);
	});
	return { ok: true };
}

/**
 * For course and module texts written before versions existed (nothing to compare yet): missing, or
 * outdated when the English changed after the translation last did.
 */
export function statusByTime(rows: { locale: string; updatedAt: number }[]) {
	const en = rows.find((r) => r.locale === 'en')?.updatedAt ?? 0;
	return CONTENT_LOCALES.filter((l) => l !== 'en').map((locale) => {
		const row = rows.find((r) => r.locale === locale);
		return {
			locale,
			status: !row ? ('missing' as const) : row.updatedAt < en ? ('outdated' as const) : ('current' as const)
		};
	});
}
