// Security review, issue 13: Markdown that froze the server (`_a` × 90,000 took 116 s of the only
// event loop) or crashed it (`>` × 100,000: "Maximum call stack size exceeded", a 500). Rendering
// runs in a worker with a time limit; such texts are refused, ordinary ones render as before.
import { describe, expect, it } from 'vitest';
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { posix } from 'node:path';
import {
	MAX_NESTING,
	nestingDepth,
	renderMarkdown,
	writeWithMarkdown,
	type RenderContext
} from '$lib/server/catalogue/markdown';
import { createRenderer } from '$lib/server/catalogue/markdown-renderer';

const context: RenderContext = { assetBase: '/content-assets/outreach/01-x/' };
const REFUSED = { ok: false, reason: 'too_complex' };

/** The pathological texts run into the limit: a shorter one keeps the test short. */
async function withLimit<T>(ms: number, run: () => Promise<T>): Promise<T> {
	const before = process.env.MARKDOWN_TIME_LIMIT_MS;
	process.env.MARKDOWN_TIME_LIMIT_MS = String(ms);
	try {
		return await run();
	} finally {
		if (before === undefined) delete process.env.MARKDOWN_TIME_LIMIT_MS;
		else process.env.MARKDOWN_TIME_LIMIT_MS = before;
	}
}

describe('bounded Markdown rendering', () => {
	it('refuses texts that take marked minutes, instead of freezing the server', async () => {
		await withLimit(1000, async () => {
			expect(await renderMarkdown('_a'.repeat(90_000), context)).toEqual(REFUSED);
			expect(await renderMarkdown('*a'.repeat(60_000), context)).toEqual(REFUSED);
		});
	}, 30_000);

	it('refuses deeply nested quotes and lists instead of overflowing the stack', async () => {
		expect(await renderMarkdown('>'.repeat(100_000), context)).toEqual(REFUSED);
		expect(await renderMarkdown('> '.repeat(5_000) + 'deep', context)).toEqual(REFUSED);
		expect(await renderMarkdown('- '.repeat(10_000) + 'deep', context)).toEqual(REFUSED);
		expect(await renderMarkdown('1. '.repeat(10_000) + 'deep', context)).toEqual(REFUSED);
		// Nesting by indentation, one level per line: refused by the worker (stack or time).
		const indented = Array.from({ length: 3000 }, (_, i) => `${'  '.repeat(i)}- item`).join('\n');
		expect(await withLimit(1000, () => renderMarkdown(indented, context))).toEqual(REFUSED);
		expect(nestingDepth('> > - 1. quoted list\n\n>>> three')).toBe(4);
		expect(nestingDepth('-5 degrees\n2024 was a year\n*emphasis*')).toBe(0);
	}, 30_000);

	it('still renders ordinary nesting and texts, the same as the renderer itself', async () => {
		const direct = createRenderer({ Marked, sanitizeHtml, posix });
		const texts = [
			'## Goals\n\n- **One** goal\n  - nested *twice*\n    1. and thrice\n\n> Tip: keep it short.\n> > Quoted twice.',
			`${'> '.repeat(MAX_NESTING)}deep but allowed`,
			`# Title\n\n${'Paragraph with _emphasis_, **strong**, `code` and [a link](https://example.org). '.repeat(2000)}\n\n| A | B |\n|---|---|\n| 1 | 2 |`
		];
		for (const text of texts) {
			const outcome = await renderMarkdown(text, context);
			expect(outcome).toEqual({ ok: true, ...direct(text, context) });
		}
	});

	it('serves another text while one runs into the time limit', async () => {
		const [slow, quick] = await withLimit(1000, () =>
			Promise.all([renderMarkdown('_a'.repeat(90_000), context), renderMarkdown('Hello *world*', context)])
		);
		expect(slow).toEqual(REFUSED);
		expect(quick).toEqual({ ok: true, html: '<p>Hello <em>world</em></p>\n', removed: [] });
		// And the pool works after a worker was replaced.
		expect(await renderMarkdown('Again', context)).toMatchObject({ ok: true, html: '<p>Again</p>\n' });
	}, 30_000);

	it('writes rendered HTML in a second pass, and refuses a write when a text is too complex', async () => {
		let passes = 0;
		const ok = await writeWithMarkdown(async (md) => {
			passes++;
			const html = md.html('**bold**', context);
			md.complete();
			return html;
		});
		expect(ok).toEqual({ ok: true, value: '<p><strong>bold</strong></p>\n' });
		expect(passes).toBe(2);
		const refused = await writeWithMarkdown(async (md) => {
			md.html('>'.repeat(100_000), context);
			md.complete();
			return 'written';
		});
		expect(refused).toEqual(REFUSED);
	});
});
