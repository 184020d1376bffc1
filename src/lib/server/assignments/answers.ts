// A learner's Markdown answer as HTML, for the reviewer and for the learner's own history. It goes
// through the lessons' renderer (sanitised with the same allowlist, in the worker with its time
// limit): an answer is learner-written, so nothing in it may run in a trainer's browser.
import { renderMarkdown } from '../catalogue/markdown';
import type { ContentLocale } from '../catalogue/content/schema';

/** The answer rendered, or null when it is empty or too complex to render (then show it as text). */
export async function answerHtml(text: string, locale: ContentLocale = 'en'): Promise<string | null> {
	if (!text.trim()) return null;
	// Relative links and images have no place to point to in an answer: they stay as written.
	const outcome = await renderMarkdown(text, { assetBase: '', locale });
	return outcome.ok ? outcome.html.replace(/<img\b[^>]*>/g, pictureAsLink) : null;
}

// A picture would be fetched by the reviewer's browser as the page opens: from another site, telling
// it who reads the answer and when; from this one, with the reviewer's session. It is shown as a link
// instead. The renderer's output is sanitised, so attribute values are double-quoted and escaped.
function pictureAsLink(tag: string): string {
	const src = /\ssrc="([^"]*)"/.exec(tag)?.[1] ?? '';
	if (!src) return ''; // the sanitiser removed an address it refuses (e.g. protocol-relative)
	const alt = /\salt="([^"]*)"/.exec(tag)?.[1] || src;
	return `<a href="${src}" rel="nofollow noopener noreferrer">${alt}</a>`;
}
