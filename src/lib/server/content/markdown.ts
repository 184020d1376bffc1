// Markdown → HTML for lessons and course texts: marked renders, sanitize-html keeps only an
// allowlist (no scripts, no event handlers, no iframes, no javascript: URLs), then relative images
// and links are pointed at the course's files and lessons.
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { m } from '../../paraglide/messages.js';

const marked = new Marked({ gfm: true, breaks: false, async: false });

export interface RenderContext {
	/** Public path prefix for files beside the Markdown, e.g. /content-assets/outreach/01-x/ */
	assetBase: string;
	/** Maps a relative link to another lesson (`../02-planning/01-goals.md`) to its URL, if any. */
	resolveLesson?: (relativePath: string) => string | null;
	/** The text's language, for the hidden words of task lists (English when not given). */
	locale?: 'en' | 'sq' | 'sr-Latn' | 'sr-Cyrl';
}

/**
 * Task-list items (`- [ ]`, `- [x]`) as plain list items: a visual box hidden from screen readers and
 * a hidden "to do: " / "done: ", instead of disabled checkboxes nobody can label.
 */
function taskItems(html: string, locale: RenderContext['locale'] = 'en'): string {
	return html
		.replace(/<li><input([^>]*)\/?>/g, (_, attrs: string) => {
			const done = /\bchecked\b/.test(attrs);
			const word = done ? m.daily_task_done({}, { locale }) : m.daily_task_todo({}, { locale });
			return `<li class="task${done ? ' done' : ''}"><span class="task-box" aria-hidden="true">${done ? '☑' : '☐'}</span><span class="visually-hidden">${word}: </span>`;
		})
		.replace(/<input[^>]*>/g, '');
}

const ALLOWED_TAGS = [
	'p', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'strong', 'em', 'del', 'a', 'blockquote',
	'code', 'pre', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'img', 'hr', 'br', 'input', 'span'
];

function isRelative(url: string): boolean {
	return !/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('/') && !url.startsWith('#');
}

/** Whether sanitising changed the rendered HTML, and which tags or attributes it dropped. */
export interface RenderResult {
	html: string;
	removed: string[];
}

export function renderMarkdown(source: string, context: RenderContext): RenderResult {
	const raw = marked.parse(source) as string;
	const removed = new Set<string>();
	const html = sanitizeHtml(raw, {
		allowedTags: ALLOWED_TAGS,
		allowedAttributes: {
			a: ['href', 'title'],
			img: ['src', 'alt', 'title', 'width', 'height', 'loading'],
			input: ['type', 'checked', 'disabled'],
			th: ['align'],
			td: ['align'],
			ol: ['start'],
			code: ['class']
		},
		allowedSchemes: ['http', 'https', 'mailto', 'tel'],
		allowedSchemesByTag: { img: ['http', 'https'] },
		allowProtocolRelative: false,
		disallowedTagsMode: 'discard',
		exclusiveFilter: (frame) => frame.tag === 'input' && frame.attribs.type !== 'checkbox',
		onOpenTag: (name, attribs) => {
			if (!ALLOWED_TAGS.includes(name)) removed.add(`<${name}>`);
			for (const attr of Object.keys(attribs)) {
				if (/^on/i.test(attr)) removed.add(`${attr}=`);
			}
			for (const attr of ['href', 'src']) {
				if (attribs[attr] && /^\s*(javascript|data|vbscript):/i.test(attribs[attr])) removed.add(`${attr}="${attribs[attr].split(':')[0]}:"`);
			}
		},
		transformTags: {
			img: (tagName, attribs) => {
				const src = attribs.src ?? '';
				return {
					tagName,
					attribs: { ...attribs, loading: 'lazy', src: src && isRelative(src) ? context.assetBase + src.replace(/^\.\//, '') : src }
				};
			},
			a: (tagName, attribs) => {
				const href = attribs.href ?? '';
				if (href && isRelative(href)) {
					const lesson = /\.md(#.*)?$/.test(href) ? context.resolveLesson?.(href) : null;
					return { tagName, attribs: { ...attribs, href: lesson ?? context.assetBase + href.replace(/^\.\//, '') } };
				}
				return { tagName, attribs };
			},
			input: (tagName, attribs) => ({ tagName, attribs: { ...attribs, disabled: '' } })
		}
	});
	// Wide tables scroll inside their own box on narrow screens rather than widening the page.
	return {
		html: taskItems(html, context.locale).replace(/<table>/g, '<div class="table-wrap"><table>').replace(/<\/table>/g, '</table></div>'),
		removed: [...removed]
	};
}
