// Markdown rendering, bounded (security review, issue 13). marked took 116 s on 90,000 times `_a`
// (175 KB, within the size limit) and overflowed the stack on 100,000 times `>`: on the server's only
// event loop that froze every user, or ended in a 500. Every rendering of trainer-written Markdown
// (preview, save, publish, content import) therefore runs in a worker thread with a time limit;
// a worker past it is terminated and replaced, and the text is refused with a message. Learners'
// pages read the HTML stored when a version was published, so they never wait for this.
//
// The worker's code is a string (`eval: true`) holding the renderer factory's own source: there is
// no worker file to find in the built server, whose chunks are laid out by the bundler.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { createRenderer, type RenderContext, type RenderResult } from './markdown-renderer';
import { m } from '../../paraglide/messages.js';

export type { RenderContext, RenderResult };

export type RenderOutcome = ({ ok: true } & RenderResult) | { ok: false; reason: 'too_complex' };

/** Deepest nesting of quotes and list items one line may open; marked recurses once per level. */
export const MAX_NESTING = 64;

/**
 * Milliseconds one text may take to render (MARKDOWN_TIME_LIMIT_MS, default 5 s). A 200 KB lesson
 * of ordinary Markdown takes about 0.3 s, 1 s on a busy machine; the texts this stops take minutes.
 */
export function markdownTimeLimit(): number {
	const value = Number(process.env.MARKDOWN_TIME_LIMIT_MS);
	return Number.isFinite(value) && value > 0 ? value : 5000;
}

/** How many block quotes and list items the leading markers of the deepest line open. */
export function nestingDepth(source: string): number {
	let deepest = 0;
	let depth = 0;
	let atLineStart = true;
	for (let i = 0; i < source.length; i++) {
		const c = source.charCodeAt(i);
		if (c === 10) {
			depth = 0;
			atLineStart = true;
			continue;
		}
		if (!atLineStart) continue;
		if (c === 32 || c === 9) continue;
		if (c === 62) {
			// `>`
			depth++;
		} else if (
			(c === 45 || c === 43 || c === 42) &&
			(source.charCodeAt(i + 1) === 32 || source.charCodeAt(i + 1) === 9)
		) {
			// `- `, `+ `, `* `
			depth++;
		} else if (c >= 48 && c <= 57) {
			let j = i;
			while (j < source.length && j - i < 9 && source.charCodeAt(j) >= 48 && source.charCodeAt(j) <= 57) j++;
			const mark = source.charCodeAt(j);
			if ((mark === 46 || mark === 41) && (source.charCodeAt(j + 1) === 32 || source.charCodeAt(j + 1) === 9)) {
				depth++;
				i = j;
			} else atLineStart = false;
		} else atLineStart = false;
		if (depth > deepest) deepest = depth;
	}
	return deepest;
}

// -------------------------------------------------------------------------------------------------
// The worker

function workerSource(): string {
	return `
const { parentPort, workerData } = require('node:worker_threads');
const { posix } = require('node:path');
// The factory's source may call esbuild's name helper (tsx keeps function names).
var __name = (target) => target;
(async () => {
	const { Marked } = await import(workerData.marked);
	const sanitizeHtml = (await import(workerData.sanitizeHtml)).default;
	const render = (${createRenderer.toString()})({ Marked, sanitizeHtml, posix });
	parentPort.on('message', ({ id, source, context }) => {
		let reply;
		try {
			const result = render(source, context);
			reply = { id, ok: true, html: result.html, removed: result.removed };
		} catch {
			// A stack overflow on deep nesting, or anything else marked cannot handle.
			reply = { id, ok: false };
		}
		parentPort.postMessage(reply);
	});
	parentPort.postMessage({ ready: true });
})().catch((e) => {
	throw e;
});
`;
}

let modules: { marked: string; sanitizeHtml: string } | null = null;
function moduleUrls() {
	// Resolved here, beside this module (the built server's chunks or src/), not from the worker's
	// working directory.
	const require = createRequire(import.meta.url);
	modules ??= {
		marked: pathToFileURL(require.resolve('marked')).href,
		sanitizeHtml: pathToFileURL(require.resolve('sanitize-html')).href
	};
	return modules;
}

interface Job {
	id: number;
	source: string;
	context: RenderContext;
	resolve: (outcome: RenderOutcome) => void;
}

const REFUSED: RenderOutcome = { ok: false, reason: 'too_complex' };

/** One worker: started when needed, stopped after a minute without work or when a text overruns. */
class Slot {
	private worker: Worker | null = null;
	private ready = false;
	job: Job | null = null;
	private timer: NodeJS.Timeout | null = null;
	private idle: NodeJS.Timeout | null = null;

	constructor(private readonly next: () => void) {}

	run(job: Job): void {
		this.job = job;
		if (this.idle) clearTimeout(this.idle);
		this.idle = null;
		if (!this.worker) this.start();
		this.worker!.ref();
		if (this.ready) this.dispatch();
	}

	private start(): void {
		const worker = new Worker(workerSource(), {
			eval: true,
			workerData: moduleUrls(),
			// A text that makes marked allocate without end ends the worker, not the server.
			resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 }
		});
		this.worker = worker;
		this.ready = false;
		worker.on('message', (message: { ready?: true; id?: number; ok?: boolean; html?: string; removed?: string[] }) => {
			if (worker !== this.worker) return;
			if (message.ready) {
				this.ready = true;
				if (this.job) this.dispatch();
				return;
			}
			const job = this.job;
			if (!job || message.id !== job.id) return;
			this.finish(message.ok ? { ok: true, html: message.html ?? '', removed: message.removed ?? [] } : REFUSED);
		});
		const gone = () => {
			if (worker !== this.worker) return;
			this.worker = null;
			this.finish(REFUSED);
		};
		worker.on('error', (e) => {
			// Out of memory on one text is that text's problem; a worker that cannot start is ours.
			if (!this.ready) console.error('The Markdown worker failed:', e);
			gone();
		});
		worker.on('exit', gone);
	}

	private dispatch(): void {
		const job = this.job!;
		this.worker!.postMessage({ id: job.id, source: job.source, context: job.context });
		this.timer = setTimeout(() => {
			// Overran: the worker is stuck in marked. It is ended and a fresh one takes the next text.
			const worker = this.worker;
			this.worker = null;
			void worker?.terminate();
			this.finish(REFUSED);
		}, markdownTimeLimit());
	}

	private finish(outcome: RenderOutcome): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		const job = this.job;
		this.job = null;
		job?.resolve(outcome);
		if (this.worker) {
			this.worker.unref();
			const worker = this.worker;
			this.idle = setTimeout(() => {
				if (this.worker === worker && !this.job) {
					this.worker = null;
					void worker.terminate();
				}
			}, 60_000);
			this.idle.unref();
		}
		this.next();
	}
}

/** Two workers: one text that runs into the time limit does not hold up another trainer's. */
class RenderPool {
	private readonly slots: Slot[];
	private readonly queue: Job[] = [];
	private ids = 0;

	constructor(size: number) {
		this.slots = Array.from({ length: size }, () => new Slot(() => this.pump()));
	}

	render(source: string, context: RenderContext): Promise<RenderOutcome> {
		return new Promise((resolve) => {
			this.queue.push({ id: ++this.ids, source, context, resolve });
			this.pump();
		});
	}

	private pump(): void {
		for (const slot of this.slots) {
			if (this.queue.length === 0) return;
			if (!slot.job) slot.run(this.queue.shift()!);
		}
	}
}

const pool = new RenderPool(2);

/**
 * Renders trainer-written Markdown within the time limit. A text nested too deeply, or one that
 * takes too long, is refused (`too_complex`): the caller shows a message and keeps the text.
 */
export async function renderMarkdown(source: string, context: RenderContext): Promise<RenderOutcome> {
	if (nestingDepth(source) > MAX_NESTING) return REFUSED;
	const locale = context.locale ?? 'en';
	const taskWords = { todo: m.daily_task_todo({}, { locale }), done: m.daily_task_done({}, { locale }) };
	return pool.render(source, { ...context, taskWords });
}

// -------------------------------------------------------------------------------------------------
// Writing rendered HTML inside a transaction

class RenderingNeeded extends Error {}

/**
 * The rendered HTML a transaction writes, looked up synchronously. A transaction must not wait for
 * the worker (it holds the database meanwhile), so it runs once to learn which texts it needs and
 * rolls back; they are rendered outside it, and it runs again.
 */
export class RenderedMarkdown {
	private readonly done = new Map<string, string>();
	private readonly missing = new Map<string, { source: string; context: RenderContext }>();

	/** The HTML of a text, or '' (and the text is noted) when it is not rendered yet. */
	html(source: string, context: RenderContext): string {
		const key = JSON.stringify([source, context.assetBase, context.lessons ?? null, context.locale ?? null]);
		const html = this.done.get(key);
		if (html !== undefined) return html;
		this.missing.set(key, { source, context });
		return '';
	}

	/** Call last in the transaction: rolls it back when some text still has to be rendered. */
	complete(): void {
		if (this.missing.size > 0) throw new RenderingNeeded();
	}

	async renderMissing(): Promise<boolean> {
		for (const [key, { source, context }] of this.missing) {
			const outcome = await renderMarkdown(source, context);
			if (!outcome.ok) return false;
			this.done.set(key, outcome.html);
		}
		this.missing.clear();
		return true;
	}
}

/** Runs a write that stores rendered Markdown (see RenderedMarkdown); `too_complex` if a text is refused. */
export async function writeWithMarkdown<T>(
	write: (md: RenderedMarkdown) => Promise<T>
): Promise<{ ok: true; value: T } | { ok: false; reason: 'too_complex' }> {
	const md = new RenderedMarkdown();
	for (let pass = 0; ; pass++) {
		try {
			return { ok: true, value: await write(md) };
		} catch (e) {
			// A text that keeps changing between passes (edited meanwhile) gets a few tries.
			if (!(e instanceof RenderingNeeded) || pass >= 4) throw e;
		}
		if (!(await md.renderMissing())) return { ok: false, reason: 'too_complex' };
	}
}
