// The assignment editor's form, read and checked before anything is written. It has a fixed number
// of rows so that it works without JavaScript: every criterion has room for six levels, and one empty
// criterion follows the last; rows left empty are ignored (emptying a criterion removes it).
// English carries the structure (what may be handed in, the rubric's points); a translation only
// its texts, criterion by criterion in the English order.
import { cleanText, slugify } from '../platform/form-text';
import { MAX_BODY_BYTES } from '../authoring/engine/texts';
import { ASSIGNMENT_LIMITS, FILE_KINDS, type FileKind, type Rubric, type RubricTexts } from './format';

export interface EditorLevel {
	label: string;
	/** As typed (the form is shown again with it when refused). */
	points: string;
}
export interface EditorCriterion {
	id: string;
	title: string;
	levels: EditorLevel[];
}
/** The editor's values, as the form shows them and as it sent them. */
export interface EditorForm {
	title: string;
	body: string;
	acceptsText: boolean;
	accepted: string[];
	maxMb: string;
	/** The template learners download: a course template's slug, or '' for none. */
	template: string;
	criteria: EditorCriterion[];
}

export interface Structure {
	accepted: FileKind[];
	acceptsText: boolean;
	maxBytes: number;
	rubric: Rubric;
	template: string | null;
}
export interface Texts {
	title: string;
	body: string;
	rubric: RubricTexts;
}

export type FormRefusal =
	| 'title_required'
	| 'body_required'
	| 'too_long'
	| 'unknown_file_type'
	| 'nothing_accepted'
	| 'size_invalid'
	| 'size_over_cap'
	| 'no_criteria'
	| 'too_many_criteria'
	| 'criterion_title_required'
	| 'level_count'
	| 'level_label_required'
	| 'points_out_of_range';

export type Checked =
	{ ok: true; structure: Structure | null; texts: Texts } | { ok: false; reason: FormRefusal; criterion?: number };

const MB = 1024 * 1024;
export const LEVEL_ROWS = ASSIGNMENT_LIMITS.levels[1];
const LIMITS = { title: 200, criterion: 200, label: 300 };

/** The form as it was posted; `get` reads one field, `getAll` a repeated one (the file kinds). */
export function readForm(get: (name: string) => unknown, getAll: (name: string) => unknown[]): EditorForm {
	const rows = Math.min(Number(get('criteria')) || 0, ASSIGNMENT_LIMITS.criteria + 1);
	const text = (name: string) => cleanText(get(name));
	return {
		title: text('title'),
		body: text('body'),
		acceptsText: get('accepts_text') === 'on',
		accepted: getAll('accepted')
			.map((k) => cleanText(k).slice(0, 20))
			.filter(Boolean),
		maxMb: text('max_mb').slice(0, 20),
		template: text('template').slice(0, 120),
		criteria: Array.from({ length: rows }, (_, i) => ({
			id: text(`c${i}-id`).slice(0, 80),
			title: text(`c${i}-title`),
			levels: Array.from({ length: LEVEL_ROWS }, (_, j) => ({
				label: text(`c${i}-l${j}-label`),
				points: text(`c${i}-l${j}-points`).slice(0, 20)
			}))
		}))
	};
}

const blankLevel = (l: EditorLevel) => !l.label && !l.points;
const blankCriterion = (c: EditorCriterion) => !c.title && c.levels.every(blankLevel);
const tooLong = (value: string, max: number) => [...value].length > max;

function checkTexts(form: EditorForm): FormRefusal | null {
	if (!form.title) return 'title_required';
	if (!form.body) return 'body_required';
	if (tooLong(form.title, LIMITS.title) || Buffer.byteLength(form.body, 'utf8') > MAX_BODY_BYTES) return 'too_long';
	return null;
}

/** Criterion ids: kept when the row had one, else made from the title; unique within the rubric. */
function criterionIds(criteria: EditorCriterion[]): string[] {
	const used = new Set<string>();
	return criteria.map((c, i) => {
		let id = /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(c.id) ? c.id : slugify(c.title).slice(0, 40) || `criterion-${i + 1}`;
		while (used.has(id)) id = `${id}-${i + 1}`;
		used.add(id);
		return id;
	});
}

/** The English form: the structure and the English texts, or why it is refused. */
export function checkEnglish(form: EditorForm): Checked {
	const refused = checkTexts(form);
	if (refused) return { ok: false, reason: refused };
	if (form.accepted.some((k) => !(FILE_KINDS as readonly string[]).includes(k)))
		return { ok: false, reason: 'unknown_file_type' };
	const accepted = FILE_KINDS.filter((k) => form.accepted.includes(k));
	if (!form.acceptsText && accepted.length === 0) return { ok: false, reason: 'nothing_accepted' };
	let maxBytes: number = ASSIGNMENT_LIMITS.maxBytes;
	if (accepted.length > 0) {
		const mb = /^\d{1,3}([.,]\d{1,2})?$/.test(form.maxMb) ? Number(form.maxMb.replace(',', '.')) : NaN;
		if (!(mb > 0)) return { ok: false, reason: 'size_invalid' };
		if (mb * MB > ASSIGNMENT_LIMITS.maxBytes) return { ok: false, reason: 'size_over_cap' };
		maxBytes = Math.round(mb * MB);
	}
	const criteria = form.criteria.filter((c) => !blankCriterion(c));
	if (criteria.length === 0) return { ok: false, reason: 'no_criteria' };
	if (criteria.length > ASSIGNMENT_LIMITS.criteria) return { ok: false, reason: 'too_many_criteria' };
	const ids = criterionIds(criteria);
	const rubric: Rubric = [];
	const texts: RubricTexts = [];
	for (const [i, c] of criteria.entries()) {
		const criterion = form.criteria.indexOf(c) + 1;
		if (!c.title) return { ok: false, reason: 'criterion_title_required', criterion };
		if (tooLong(c.title, LIMITS.criterion)) return { ok: false, reason: 'too_long', criterion };
		const levels = c.levels.filter((l) => !blankLevel(l));
		const [fewest, most] = ASSIGNMENT_LIMITS.levels;
		if (levels.length < fewest || levels.length > most) return { ok: false, reason: 'level_count', criterion };
		const points: number[] = [];
		for (const l of levels) {
			if (!l.label) return { ok: false, reason: 'level_label_required', criterion };
			if (tooLong(l.label, LIMITS.label)) return { ok: false, reason: 'too_long', criterion };
			const p = /^\d{1,3}$/.test(l.points) ? Number(l.points) : -1;
			if (p < 0 || p > ASSIGNMENT_LIMITS.points) return { ok: false, reason: 'points_out_of_range', criterion };
			points.push(p);
		}
		rubric.push({ id: ids[i], points });
		texts.push({ title: c.title, levels: levels.map((l) => l.label) });
	}
	return {
		ok: true,
		structure: { accepted, acceptsText: form.acceptsText, maxBytes, rubric, template: form.template || null },
		texts: { title: form.title, body: form.body, rubric: texts }
	};
}

/** A translation's form against the English structure: a title per criterion, a label per level. */
export function checkTranslation(form: EditorForm, structure: Rubric): Checked {
	const refused = checkTexts(form);
	if (refused) return { ok: false, reason: refused };
	const texts: RubricTexts = [];
	for (const [i, c] of structure.entries()) {
		const row = form.criteria[i];
		if (!row?.title) return { ok: false, reason: 'criterion_title_required', criterion: i + 1 };
		if (tooLong(row.title, LIMITS.criterion)) return { ok: false, reason: 'too_long', criterion: i + 1 };
		const labels = c.points.map((_, j) => row.levels[j]?.label ?? '');
		if (labels.some((l) => !l)) return { ok: false, reason: 'level_label_required', criterion: i + 1 };
		if (labels.some((l) => tooLong(l, LIMITS.label))) return { ok: false, reason: 'too_long', criterion: i + 1 };
		texts.push({ title: row.title, levels: labels });
	}
	return { ok: true, structure: null, texts: { title: form.title, body: form.body, rubric: texts } };
}

/** A translation's rubric texts after the English structure changed: matched by criterion id. */
export function remapTexts(before: Rubric, texts: RubricTexts, after: Rubric, english: RubricTexts): RubricTexts {
	return after.map((c, i) => {
		const k = before.findIndex((b) => b.id === c.id);
		if (k < 0 || !texts[k]) return english[i];
		return { title: texts[k].title, levels: c.points.map((_, j) => texts[k].levels[j] ?? english[i].levels[j]) };
	});
}

/** The form's values for stored texts and structure (the editor's starting point; a missing translation is empty). */
export function toForm(structure: Structure, texts: Texts | null, extraRow = true): EditorForm {
	const criteria: EditorCriterion[] = structure.rubric.map((c, i) => ({
		id: c.id,
		title: texts?.rubric[i]?.title ?? '',
		levels: Array.from({ length: LEVEL_ROWS }, (_, j) => ({
			label: j < c.points.length ? (texts?.rubric[i]?.levels[j] ?? '') : '',
			points: j < c.points.length ? String(c.points[j]) : ''
		}))
	}));
	if (extraRow && criteria.length < ASSIGNMENT_LIMITS.criteria) criteria.push(emptyCriterion());
	return {
		title: texts?.title ?? '',
		body: texts?.body ?? '',
		acceptsText: structure.acceptsText,
		accepted: [...structure.accepted],
		maxMb: String(Math.round((structure.maxBytes / MB) * 100) / 100),
		template: structure.template ?? '',
		criteria
	};
}

export const emptyCriterion = (): EditorCriterion => ({
	id: '',
	title: '',
	levels: Array.from({ length: LEVEL_ROWS }, () => ({ label: '', points: '' }))
});

/** A refused form comes back as sent (rows keep their numbers), with an empty row at the end. */
export function withEmptyRow(form: EditorForm): EditorForm {
	const last = form.criteria.at(-1);
	const room = form.criteria.length < ASSIGNMENT_LIMITS.criteria + 1;
	return last && blankCriterion(last)
		? form
		: { ...form, criteria: room ? [...form.criteria, emptyCriterion()] : form.criteria };
}
