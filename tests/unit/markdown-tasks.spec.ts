// Task lists (`- [ ]`, `- [x]`) are rendered as a plain list with a visual box and a hidden word
// saying "to do" or "done" in the lesson's language: no unlabeled, disabled checkboxes.
import { describe, expect, it } from 'vitest';
import { renderMarkdown as renderBounded, type RenderContext } from '$lib/server/catalogue/markdown';

async function renderMarkdown(source: string, context: RenderContext): Promise<{ html: string }> {
	const outcome = await renderBounded(source, context);
	if (!outcome.ok) throw new Error('refused');
	return outcome;
}

describe('task lists', () => {
	it('render without form controls, with the state as text', async () => {
		const { html } = await renderMarkdown('- [ ] Call the school\n- [x] Book the room\n', { assetBase: '/a/' });
		expect(html).not.toContain('<input');
		expect(html).toContain(
			'<li class="task"><span class="task-box" aria-hidden="true">☐</span><span class="visually-hidden">to do: </span> Call the school</li>'
		);
		expect(html).toContain(
			'<li class="task done"><span class="task-box" aria-hidden="true">☑</span><span class="visually-hidden">done: </span> Book the room</li>'
		);
	});

	it('say the state in the lesson’s language', async () => {
		expect((await renderMarkdown('- [x] Gati\n', { assetBase: '/a/', locale: 'sq' })).html).toContain(
			'<span class="visually-hidden">e kryer: </span>'
		);
		expect((await renderMarkdown('- [ ] Pozvati\n', { assetBase: '/a/', locale: 'sr-Cyrl' })).html).toContain(
			'<span class="visually-hidden">треба урадити: </span>'
		);
	});

	it('still drop any other input', async () => {
		const { html } = await renderMarkdown('<input type="text" value="x">', { assetBase: '/a/' });
		expect(html).not.toContain('<input');
	});
});
