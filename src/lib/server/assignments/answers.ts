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
	return outcome.ok ? outcome.html : null;
}

/** Each version with its answer rendered (a learner has a few versions of an assignment). */
export async function withAnswerHtml<T extends { text: string }>(
	versions: T[],
	locale: ContentLocale = 'en'
): Promise<(T & { html: string | null })[]> {
	return Promise.all(versions.map(async (v) => ({ ...v, html: await answerHtml(v.text, locale) })));
}
