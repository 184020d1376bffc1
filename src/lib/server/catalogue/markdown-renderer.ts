// Markdown → HTML for lessons and course texts: marked renders, sanitize-html keeps only an
// allowlist (no scripts, no event handlers, no iframes, no javascript: URLs), then relative images
// and links are pointed at the course's files and lessons.
//
// The renderer runs in a worker thread with a time limit (markdown.ts): marked can take minutes on
// some inputs (90,000 times `_a`) or overflow the stack (100,000 times `>`). The worker gets this
// factory as source text (Function.prototype.toString), so it must stay self-contained: it uses
// only its parameters and globals, never anything imported or declared elsewhere in this module.
import type { Marked } from 'marked';
import type sanitizeHtml from 'sanitize-html';
import type { posix } from 'node:path';

/** Where a text's relative images and links point. Plain data: it crosses to the worker. */
export interface RenderContext {
	/** Public path prefix for files beside the Markdown, e.g. /content-assets/outreach/01-x/ */
	assetBase: string;
	/**
	 * Links to other lessons (`../02-planning/01-goals.md`), for texts of the content import:
	 * the lesson's module folder, and "module folder/file name" → the lesson's address.
	 */
	lessons?: { moduleDir: string; targets: Record<string, string> };
	/** The text's language: task-list items get hidden words in it (English when not given). */
	locale?: 'en' | 'sq' | 'sr-Latn' | 'sr-Cyrl';
	/** Those words, filled in from `locale` by markdown.ts (the worker has no message catalogue). */
	taskWords?: { todo: string; done: string };
}

/** Whether sanitising changed the rendered HTML, and which tags or attributes it dropped. */
export interface RenderResult {
	html: string;
	removed: string[];
}

export interface RendererDeps {
	Marked: typeof Marked;
	sanitizeHtml: typeof sanitizeHtml;
	posix: typeof posix;
}

/** The renderer, made from its libraries (in the worker, or directly in tests). */
export function createRenderer({
	Marked,
	sanitizeHtml,
	posix
}: RendererDeps): (source: string, context: RenderContext) => RenderResult {
	const marked = new Marked({ gfm: true, breaks: false, async: false });
	// Text a trainer marks as another language, `[outputs]{lang=en}` (as Pandoc writes a span): shown
	// without the marker, in a span that tells screen readers its language; the Cyrillic derivation
	// leaves it in Latin (src/lib/i18n/script.ts).
	marked.use({
		extensions: [
			{
				name: 'foreignSpan',
				level: 'inline',
				start: (src: string) => src.match(/\[[^[\]\n]*\]\{lang=/)?.index,
				tokenizer(src: string) {
					const match = /^\[([^[\]\n]+)\]\{lang=([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\}/.exec(src);
					if (!match) return undefined;
					return { type: 'foreignSpan', raw: match[0], lang: match[2], tokens: this.lexer.inlineTokens(match[1]) };
				},
				renderer(token) {
					return `<span lang="${token.lang}">${this.parser.parseInline(token.tokens ?? [])}</span>`;
				}
			}
		]
	});
	const ALLOWED_TAGS = [
		'p',
		'h2',
		'h3',
		'h4',
		'h5',
		'h6',
		'ul',
		'ol',
		'li',
		'strong',
		'em',
		'del',
		'a',
		'blockquote',
		'code',
		'pre',
		'table',
		'thead',
		'tbody',
		'tr',
		'th',
		'td',
		'img',
		'hr',
		'br',
		'input',
		'span'
	];

	const isRelative = (url: string): boolean => {
		return !/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('/') && !url.startsWith('#');
	};
	// As the content import lays out courses: a lesson link names its module's folder and its file.
	const resolveLesson = (href: string, lessons: NonNullable<RenderContext['lessons']>): string | null => {
		const target = posix.normalize(posix.join(lessons.moduleDir, href.replace(/#.*$/, '')));
		const [dirName, file] = target.split('/');
		const key = `${dirName}/${file}`;
		return Object.hasOwn(lessons.targets, key) ? lessons.targets[key] : null;
	};

	// Task-list items (`- [ ]`, `- [x]`) as plain list items: a visual box hidden from screen readers
	// and a hidden "to do: " / "done: ", instead of disabled checkboxes nobody can label (axe: label).
	const taskItems = (html: string, words: RenderContext['taskWords']): string =>
		html
			.replace(/<li><input([^>]*)\/?>/g, (_: string, attrs: string) => {
				const done = /\bchecked\b/.test(attrs);
				const word = (done ? words?.done : words?.todo) ?? (done ? 'done' : 'to do');
				return `<li class="task${done ? ' done' : ''}"><span class="task-box" aria-hidden="true">${done ? '☑' : '☐'}</span><span class="visually-hidden">${word}: </span>`;
			})
			.replace(/<input[^>]*>/g, '');

	return function renderMarkdown(source: string, context: RenderContext): RenderResult {
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
				code: ['class'],
				span: ['lang']
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
					if (attribs[attr] && /^\s*(javascript|data|vbscript):/i.test(attribs[attr]))
						removed.add(`${attr}="${attribs[attr].split(':')[0]}:"`);
				}
			},
			transformTags: {
				img: (tagName, attribs) => {
					const src = attribs.src ?? '';
					return {
						tagName,
						attribs: {
							...attribs,
							loading: 'lazy',
							src: src && isRelative(src) ? context.assetBase + src.replace(/^\.\//, '') : src
						}
					};
				},
				a: (tagName, attribs) => {
					const href = attribs.href ?? '';
					if (href && isRelative(href)) {
						const lesson = /\.md(#.*)?$/.test(href) && context.lessons ? resolveLesson(href, context.lessons) : null;
						return { tagName, attribs: { ...attribs, href: lesson ?? context.assetBase + href.replace(/^\.\//, '') } };
					}
					return { tagName, attribs };
				},
				input: (tagName, attribs) => ({ tagName, attribs: { ...attribs, disabled: '' } })
			}
		});
		// Wide tables scroll inside their own box on narrow screens rather than widening the page.
		return {
			html: taskItems(html, context.taskWords)
				.replace(/<table>/g, '<div class="table-wrap"><table>')
				.replace(/<\/table>/g, '</table></div>'),
			removed: [...removed]
		};
	};
}
