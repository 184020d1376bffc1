// Security review, issue 13: a trainer's Markdown could freeze the whole server (the preview of
// `_a` × 90,000 took 116 s of the only event loop) or crash the request (`>` × 100,000: "Maximum
// call stack size exceeded", a 500). Rendering now runs in a worker with a time limit: such a text
// gets a clear message, the form keeps it, and other people are served meanwhile.
import { expect, test } from '@playwright/test';
import {
	assignAuthor,
	BASE,
	DEMO,
	dbGet,
	importTinyCourse,
	msg,
	rawRequest,
	signIn,
	tag,
	userId
} from './security-helpers';

test.use({ trace: 'off' });

const SLOW = '_a'.repeat(90_000);
const DEEP = '>'.repeat(100_000);
const TOO_COMPLEX = msg('sec_markdown_too_complex');
const escaped = (s: string) =>
	s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&#39;');
/** Text inside an element, as Svelte writes it (only & and < are escaped). */
const asText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

test('a trainer previewing or saving Markdown that is too complex gets a message, and others are served meanwhile', async () => {
	test.setTimeout(90_000);
	const admin = await signIn(DEMO.admin);
	const course = await importTinyCourse(admin, `markdown-${tag()}`);
	await assignAuthor(admin, course, await userId(DEMO.trainer.email));
	const trainer = await signIn(DEMO.trainer);
	const lesson = `/en/teach/lessons/${course.modules[0].lessonId}`;

	// The slow text, with a visitor's page and another preview asked for while it runs.
	const [slow, home, other] = await Promise.all([
		trainer.post(`${lesson}?/preview`, [
			['title', 'Start here'],
			['body', SLOW]
		]),
		(async () => {
			await new Promise((r) => setTimeout(r, 300));
			return rawRequest({ method: 'GET', path: '/en', headers: { Accept: 'text/html' } });
		})(),
		(async () => {
			await new Promise((r) => setTimeout(r, 300));
			return trainer.post(`${lesson}?/preview`, [
				['title', 'Start here'],
				['body', 'Plain *text*']
			]);
		})()
	]);
	expect(home.status).toBe(200);
	expect(other.status()).toBe(200);
	expect(await other.text()).toContain('<em>text</em>');
	expect(slow.status()).toBe(422);
	const slowHtml = await slow.text();
	expect(slowHtml).toContain(escaped(TOO_COMPLEX));
	// The text stays in the form.
	expect(slowHtml).toContain('_a_a_a_a_a_a_a_a');

	for (const body of [SLOW, DEEP]) {
		const preview = await trainer.post(`${lesson}?/preview`, [
			['title', 'Start here'],
			['body', body]
		]);
		expect(preview.status()).toBe(422);
		expect(await preview.text()).toContain(escaped(TOO_COMPLEX));
		// The live preview (JSON) says the same.
		const live = await trainer.ctx.post(`${BASE}/teach/lessons/${course.modules[0].lessonId}/preview`, {
			maxRedirects: 0,
			headers: { Origin: BASE },
			multipart: { body }
		});
		expect(live.status()).toBe(422);
		expect(await live.json()).toEqual({ message: TOO_COMPLEX });
		// Saving refuses it too, and keeps the text in the form; nothing is saved.
		const revision = (await dbGet<{ edit_revision: number }>(
			'SELECT edit_revision FROM lessons WHERE id = ?',
			course.modules[0].lessonId
		))!.edit_revision;
		const save = await trainer.post(`${lesson}?/save`, [
			['locale', 'en'],
			['revision', String(revision)],
			['title', 'Start here'],
			['body', body]
		]);
		expect(save.status()).toBe(422);
		const saveHtml = await save.text();
		expect(saveHtml).toContain(escaped(TOO_COMPLEX));
		expect(saveHtml.includes(asText(body.slice(0, 50))), 'the text is kept in the form').toBe(true);
		expect(
			await dbGet('SELECT 1 AS found FROM lesson_drafts WHERE lesson_id = ?', course.modules[0].lessonId)
		).toBeUndefined();
	}

	// Ordinary Markdown still previews, saves and publishes.
	const revision = (await dbGet<{ edit_revision: number }>(
		'SELECT edit_revision FROM lessons WHERE id = ?',
		course.modules[0].lessonId
	))!.edit_revision;
	const save = await trainer.post(`${lesson}?/save`, [
		['locale', 'en'],
		['revision', String(revision)],
		['title', 'Start here'],
		['body', '> A quote\n> > nested\n\n- a\n  - b']
	]);
	expect(save.status()).toBe(303);
	const publish = await trainer.post(`${lesson}?/publish`, [
		['locale', 'en'],
		['revision', String(revision + 1)],
		['note', '']
	]);
	expect(publish.status()).toBe(303);
	const version = (await dbGet<{ body_html: string }>(
		'SELECT t.body_html FROM lessons l JOIN lesson_texts t ON t.version_id = l.current_version_id AND t.locale = ? WHERE l.id = ?',
		'en',
		course.modules[0].lessonId
	))!;
	expect(version.body_html).toContain('<blockquote>');
	expect(version.body_html).toContain('<li>b</li>');
	await Promise.all([admin.dispose(), trainer.dispose()]);
});
