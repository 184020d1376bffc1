// Reviewers (and the learner, in their history) see an answer's Markdown rendered, through the
// lessons' sanitising renderer: nothing a learner writes may run in a trainer's browser.
import { describe, expect, it } from 'vitest';
import { answerHtml } from '$lib/server/assignments';

const HOSTILE = [
	'## Our **mission**',
	'<script>alert(document.cookie)</script>',
	'[click me](javascript:alert(1)) and <a href="JaVaScRiPt:alert(2)">this</a>',
	'<img src="x" onerror="alert(3)"> <iframe src="https://evil.example"></iframe>',
	'<div onclick="alert(4)" style="position:fixed">raw html</div>',
	'<form action="https://evil.example"><input name="password"></form>'
].join('\n\n');

describe('an answer’s Markdown', () => {
	it('is rendered as lessons are, with no active content left', async () => {
		const html = (await answerHtml(HOSTILE))!;
		expect(html).toContain('<strong>mission</strong>');
		expect(html).toContain('raw html');
		for (const active of ['<script', 'javascript:', 'onerror', 'onclick', '<iframe', '<form', '<input', 'style='])
			expect(html.toLowerCase()).not.toContain(active.toLowerCase());
	});

	// A picture from another site would be fetched by the reviewer's browser as the page opens,
	// telling that site who reads the answer and when: it becomes a link the reviewer may follow.
	it('shows a picture as a link, not loaded, wherever it points', async () => {
		const html = (await answerHtml('![our map](https://tracker.example/map.png?who=1) and ![](//cdn.example/a.png)'))!;
		expect(html).not.toContain('<img');
		expect(html).toContain('href="https://tracker.example/map.png?who=1"');
		expect(html).toContain('our map');
		expect(html).not.toContain('cdn.example');
		// Nor is an address of this site requested with the reviewer's session as the page opens.
		const own = (await answerHtml('![export](/teach/courses/1/export)'))!;
		expect(own).not.toContain('<img');
		expect(own).toContain('href="/teach/courses/1/export"');
	});

	it('is shown as plain text when empty or too deeply nested to render in time', async () => {
		expect(await answerHtml('   ')).toBeNull();
		expect(await answerHtml('>'.repeat(100_000))).toBeNull();
		expect(await answerHtml('A *list*')).toBe('<p>A <em>list</em></p>\n');
	});
});
