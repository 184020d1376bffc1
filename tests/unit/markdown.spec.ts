import { describe, expect, it } from 'vitest';
import { renderMarkdown, type RenderContext } from '$lib/server/catalogue/markdown';

const context: RenderContext = {
	assetBase: '/content-assets/outreach/01-your-organisation/',
	lessons: {
		moduleDir: '01-your-organisation',
		targets: { '01-your-organisation/02-who-you-serve.md': '/courses/outreach/your-organisation/who-you-serve' }
	}
};

async function render(source: string) {
	const outcome = await renderMarkdown(source, context);
	if (!outcome.ok) throw new Error('refused');
	return outcome;
}

describe('renderMarkdown', async () => {
	it('renders headings, lists, emphasis and blockquotes', async () => {
		const { html, removed } = await render('## Goals\n\n- **One** goal\n- *Two* goals\n\n> Tip: keep it short.');
		expect(html).toContain('<h2>Goals</h2>');
		expect(html).toContain('<li><strong>One</strong> goal</li>');
		expect(html).toContain('<em>Two</em>');
		expect(html).toContain('<blockquote>');
		expect(removed).toEqual([]);
	});

	it('removes <script> and reports it', async () => {
		const { html, removed } = await render('Hello <script>alert("x")</script> world');
		expect(html).not.toMatch(/script|alert/i);
		expect(removed).toContain('<script>');
	});

	it('removes event-handler attributes and reports them', async () => {
		const { html, removed } = await render('<img src="photo.png" onerror="alert(1)">\n\n<p onclick="steal()">Text</p>');
		expect(html).not.toMatch(/onerror|onclick|alert|steal/);
		expect(removed).toEqual(expect.arrayContaining(['onerror=', 'onclick=']));
	});

	it('removes javascript: links, whatever their case, and reports them', async () => {
		const { html, removed } = await render(
			'[click](javascript:alert(1)) and [this](JavaScript:void(0)) and <a href="javascript:x()">raw</a>'
		);
		expect(html).not.toMatch(/javascript/i);
		expect(html).toContain('<a>click</a>');
		expect(removed).toEqual(expect.arrayContaining(['href="javascript:"', 'href="JavaScript:"']));
	});

	it('removes iframes and their content, and reports them', async () => {
		const { html, removed } = await render('Before\n\n<iframe src="https://evil.example/"></iframe>\n\nAfter');
		expect(html).not.toMatch(/iframe|evil/);
		expect(html).toContain('<p>After</p>');
		expect(removed).toContain('<iframe>');
	});

	it('removes data: images and other disallowed tags', async () => {
		const { html, removed } = await render(
			'![x](data:image/png;base64,AAAA)\n\n<style>body{display:none}</style><form action="/x"><button>Go</button></form>'
		);
		expect(html).not.toMatch(/data:|style|form|button|display/);
		expect(removed).toEqual(expect.arrayContaining(['src="data:"', '<style>', '<form>', '<button>']));
	});

	it('reports nothing for safe Markdown', async () => {
		expect(
			(await render('Read [the guide](https://example.org/guide) or write to [us](mailto:info@example.org).')).removed
		).toEqual([]);
	});

	it('points relative images at the course module folder and makes them lazy', async () => {
		const { html } = await render('![Map of the town](images/map.png)\n\n![Chart](./images/chart.png)');
		expect(html).toContain(
			'<img src="/content-assets/outreach/01-your-organisation/images/map.png" alt="Map of the town" loading="lazy" />'
		);
		expect(html).toContain('src="/content-assets/outreach/01-your-organisation/images/chart.png"');
	});

	it('leaves absolute images and links as they are', async () => {
		const { html } = await render(
			'![Logo](https://example.org/logo.png) [Site](https://example.org/) [Top](#top) [Home](/)'
		);
		expect(html).toContain('src="https://example.org/logo.png"');
		expect(html).toContain('href="https://example.org/"');
		expect(html).toContain('href="#top"');
		expect(html).toContain('href="/"');
	});

	it('turns a relative link to another lesson into its page, and other relative links into files', async () => {
		const { html } = await render('See [who you serve](02-who-you-serve.md) and [the worksheet](files/worksheet.pdf).');
		expect(html).toContain('<a href="/courses/outreach/your-organisation/who-you-serve">who you serve</a>');
		expect(html).toContain(
			'<a href="/content-assets/outreach/01-your-organisation/files/worksheet.pdf">the worksheet</a>'
		);
	});

	it('wraps tables so that they scroll in their own box', async () => {
		const { html } = await render(
			'| Channel | Reach |\n|---|---:|\n| Radio | 500 |\n\nAfter.\n\n| A | B |\n|---|---|\n| 1 | 2 |'
		);
		expect(html.match(/<div class="table-wrap"><table>/g)).toHaveLength(2);
		expect(html.match(/<\/table><\/div>/g)).toHaveLength(2);
		expect(html).toContain('<td align="right">500</td>');
	});
});
