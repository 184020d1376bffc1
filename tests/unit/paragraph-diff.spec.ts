// The version history's diff: only the paragraphs that changed, one unchanged paragraph of context
// on each side, and a count of the unchanged paragraphs left out between the changes.
import { describe, expect, it } from 'vitest';
import { MAX_DIFF_EDITS, paragraphDiff, paragraphs } from '$lib/server/authoring/engine';

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

	it('gives up past the edit bound: the whole old text out, the whole new text in', () => {
		const count = MAX_DIFF_EDITS + 10;
		const before = Array.from({ length: count }, (_, i) => `Old ${i}.`).join('\n\n');
		const after = Array.from({ length: count }, (_, i) => `New ${i}.`).join('\n\n');
		const parts = paragraphDiff(before, after);
		expect(parts.filter((p) => p.removed)).toHaveLength(count);
		expect(parts.filter((p) => p.added)).toHaveLength(count);
		expect(parts.every((p) => p.added || p.removed)).toBe(true);
	});
});
