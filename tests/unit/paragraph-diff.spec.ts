// The version history's diff: only the paragraphs that changed, one unchanged paragraph of context
// on each side, and a count of the unchanged paragraphs left out between the changes.
import { describe, expect, it } from 'vitest';
import {
	MAX_DIFF_EDITS,
	MAX_DIFF_PARAGRAPHS,
	MAX_DIFF_SHOWN,
	MAX_DIFF_SHOWN_CHARS,
	paragraphDiff,
	paragraphs
} from '$lib/server/authoring/engine';

const doc = (n: number) => Array.from({ length: n }, (_, i) => `Paragraph ${i + 1}.`);
const show = (parts: ReturnType<typeof paragraphDiff>) =>
	parts.map((p) => (p.skipped ? `…${p.skipped}…` : `${p.added ? '+' : p.removed ? '-' : ' '}${p.text}`));

describe('paragraphs', () => {
	it('splits on blank lines, whatever the line endings, and drops empty ones', () => {
		expect(paragraphs('# Title\r\n\r\nOne\nstill one\n\n \n\nTwo  \n')).toEqual(['# Title', 'One\nstill one', 'Two']);
		expect(paragraphs('')).toEqual([]);
	});
});

describe('paragraphDiff', () => {
	it('shows a change in the middle of a long lesson with one paragraph around it, and counts the rest', () => {
		const before = doc(30);
		const after = [...before];
		after[14] = 'Paragraph 15, reworded.';
		expect(show(paragraphDiff(before.join('\n\n'), after.join('\n\n')))).toEqual([
			'…13…',
			' Paragraph 14.',
			'-Paragraph 15.',
			'+Paragraph 15, reworded.',
			' Paragraph 16.',
			'…14…'
		]);
	});

	it('keeps two changes apart with the count between them, and joins them when their context meets', () => {
		const before = doc(20);
		const apart = [...before];
		apart[2] = 'Changed 3.';
		apart[16] = 'Changed 17.';
		expect(show(paragraphDiff(before.join('\n\n'), apart.join('\n\n')))).toEqual([
			'…1…',
			' Paragraph 2.',
			'-Paragraph 3.',
			'+Changed 3.',
			' Paragraph 4.',
			'…11…',
			' Paragraph 16.',
			'-Paragraph 17.',
			'+Changed 17.',
			' Paragraph 18.',
			'…2…'
		]);
		const near = [...before];
		near[2] = 'Changed 3.';
		near[4] = 'Changed 5.';
		expect(show(paragraphDiff(before.join('\n\n'), near.join('\n\n'))).slice(0, 8)).toEqual([
			'…1…',
			' Paragraph 2.',
			'-Paragraph 3.',
			'+Changed 3.',
			' Paragraph 4.',
			'-Paragraph 5.',
			'+Changed 5.',
			' Paragraph 6.'
		]);
	});

	it('shows added paragraphs at the end, and nothing at all for equal texts', () => {
		const before = doc(5).join('\n\n');
		expect(show(paragraphDiff(before, `${before}\n\nA new last paragraph.`))).toEqual([
			'…4…',
			' Paragraph 5.',
			'+A new last paragraph.'
		]);
		expect(paragraphDiff(before, `${before}\n`)).toEqual([]);
		expect(show(paragraphDiff('', 'First words.'))).toEqual(['+First words.']);
	});

	it('takes a wider context when asked', () => {
		const before = doc(9);
		const after = [...before];
		after[4] = 'Middle.';
		expect(show(paragraphDiff(before.join('\n\n'), after.join('\n\n'), 2))).toEqual([
			'…2…',
			' Paragraph 3.',
			' Paragraph 4.',
			'-Paragraph 5.',
			'+Middle.',
			' Paragraph 6.',
			' Paragraph 7.',
			'…2…'
		]);
	});

	it('gives up past the edit bound with a summary, not both whole texts', () => {
		const count = MAX_DIFF_EDITS + 10;
		const before = Array.from({ length: count }, (_, i) => `Old ${i}.`).join('\n\n');
		const after = Array.from({ length: count }, (_, i) => `New ${i}.`).join('\n\n');
		const parts = paragraphDiff(before, after);
		expect(parts).toEqual([
			{ added: false, removed: false, text: '', skipped: 0, summary: { before: count, after: count } }
		]);
	});

	it("bounds the attacker's shape: 60,000 one-character paragraphs, every 34th changed", () => {
		const before = Array.from({ length: 60_000 }, () => 'a');
		const after = before.map((p, i) => (i % 34 === 0 ? 'b' : p));
		const parts = paragraphDiff(before.join('\n\n'), after.join('\n\n'));
		// Too many paragraphs to compare: one summary part, no texts.
		expect(parts).toEqual([
			{ added: false, removed: false, text: '', skipped: 0, summary: { before: 60_000, after: 60_000 } }
		]);
	});

	it('shows at most a bounded number of changes and characters, then counts the rest', () => {
		// Within the comparison bounds, but with many changed paragraphs.
		const count = MAX_DIFF_PARAGRAPHS;
		const before = Array.from({ length: count }, (_, i) => `Paragraph ${i}.`);
		const after = before.map((p, i) => (i % 10 === 0 ? `Changed ${i}.` : p));
		const parts = paragraphDiff(before.join('\n\n'), after.join('\n\n'));
		const shown = parts.filter((p) => p.added || p.removed);
		expect(shown.length).toBeLessThanOrEqual(MAX_DIFF_SHOWN);
		expect(parts.length).toBeLessThanOrEqual(3 * MAX_DIFF_SHOWN + 2);
		const last = parts.at(-1);
		expect(last?.more).toBe(2 * (count / 10) - shown.length);
		// A single huge paragraph is cut to the character budget.
		const huge = 'x'.repeat(150_000);
		const cut = paragraphDiff('short', huge);
		const chars = cut.reduce((n, p) => n + p.text.length, 0);
		expect(chars).toBeLessThanOrEqual(MAX_DIFF_SHOWN_CHARS + 1);
		expect(cut.some((p) => p.text.endsWith('…'))).toBe(true);
	});
});
