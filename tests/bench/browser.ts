// P5: what a page costs a learner's browser, measured in Chromium through the DevTools protocol,
// and whether the page works with JavaScript disabled.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { systemChromium } from '../../src/cli/system-chromium';

export interface PageWeight {
	path: string;
	status: number;
	requests: number;
	/** Bytes on the wire per kind (Network.loadingFinished encodedDataLength: body as sent plus response headers). */
	html: number;
	css: number;
	js: number;
	other: number;
	total: number;
	/** Content-Encoding of the document and of the largest script, as the server sent them. */
	htmlEncoding: string;
	jsEncoding: string;
	/** What Chromium asked for. */
	acceptEncoding: string;
	/** The heaviest responses, heaviest first. */
	largest: { path: string; kind: string; bytes: number }[];
}

export interface NoJsCheck {
	ok: boolean;
	detail: string;
}

/** Debian's Chromium (or CHROMIUM_PATH), else Playwright's own if installed; null when there is none. */
export function findChromium(): string | null {
	const candidates = [systemChromium()];
	try {
		candidates.push(chromium.executablePath());
	} catch {
		// Playwright's browser is not installed
	}
	return candidates.find((c): c is string => Boolean(c && existsSync(c))) ?? null;
}

export function launch(executablePath: string): Promise<Browser> {
	return chromium.launch({
		executablePath,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
	});
}

async function signedInContext(browser: Browser, origin: string, token: string, javaScriptEnabled: boolean): Promise<BrowserContext> {
	const context = await browser.newContext({ javaScriptEnabled, locale: 'en-GB' });
	await context.addCookies([
		{ name: 'session', value: token, url: origin },
		{ name: 'locale', value: 'en', url: origin }
	]);
	return context;
}

/** Loads `path` in a fresh context (empty cache) and adds up what crossed the wire, per kind. */
export async function weighPage(browser: Browser, origin: string, token: string, path: string): Promise<PageWeight> {
	const context = await signedInContext(browser, origin, token, true);
	try {
		const page = await context.newPage();
		const cdp = await context.newCDPSession(page);
		await cdp.send('Network.enable');
		await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
		const kinds = new Map<string, { kind: 'html' | 'css' | 'js' | 'other'; encoding: string; path: string }>();
		const sizes = new Map<string, number>();
		let acceptEncoding = '';
		cdp.on('Network.requestWillBeSentExtraInfo', (event) => {
			const header = Object.entries(event.headers).find(([name]) => name.toLowerCase() === 'accept-encoding');
			if (header && !acceptEncoding) acceptEncoding = String(header[1]);
		});
		cdp.on('Network.responseReceived', (event) => {
			const mime = event.response.mimeType;
			const kind =
				event.type === 'Document' ? 'html'
				: event.type === 'Stylesheet' || mime === 'text/css' ? 'css'
				: event.type === 'Script' || /javascript/.test(mime) ? 'js'
				: 'other';
			const encoding = Object.entries(event.response.headers).find(([name]) => name.toLowerCase() === 'content-encoding')?.[1];
			kinds.set(event.requestId, { kind, encoding: encoding ? String(encoding) : 'none', path: new URL(event.response.url).pathname });
		});
		cdp.on('Network.loadingFinished', (event) => sizes.set(event.requestId, event.encodedDataLength));
		const response = await page.goto(origin + path, { waitUntil: 'networkidle' });
		const weight: PageWeight = {
			path,
			status: response?.status() ?? 0,
			requests: 0,
			html: 0,
			css: 0,
			js: 0,
			other: 0,
			total: 0,
			htmlEncoding: 'none',
			jsEncoding: 'none',
			acceptEncoding,
			largest: []
		};
		let largestJs = 0;
		for (const [id, bytes] of sizes) {
			const info = kinds.get(id) ?? { kind: 'other' as const, encoding: 'none', path: '?' };
			weight.largest.push({ path: info.path, kind: info.kind, bytes });
			weight[info.kind] += bytes;
			weight.total += bytes;
			weight.requests++;
			if (info.kind === 'html') weight.htmlEncoding = info.encoding;
			if (info.kind === 'js' && bytes > largestJs) {
				largestJs = bytes;
				weight.jsEncoding = info.encoding;
			}
		}
		weight.acceptEncoding = acceptEncoding;
		weight.largest = weight.largest.sort((a, b) => b.bytes - a.bytes).slice(0, 5);
		return weight;
	} finally {
		await context.close();
	}
}

/**
 * With JavaScript off: the lesson's "Mark complete and continue" form posts and moves on to the
 * next step; the course page shows and its continue link leads to the learner's open lesson.
 */
export async function checkWithoutJs(
	browser: Browser,
	origin: string,
	token: string,
	lessonPath: string,
	nextPath: string,
	coursePath: string
): Promise<{ lesson: NoJsCheck; course: NoJsCheck }> {
	const context = await signedInContext(browser, origin, token, false);
	try {
		const page = await context.newPage();
		let lesson: NoJsCheck;
		try {
			const response = await page.goto(origin + lessonPath);
			if (response?.status() !== 200) throw new Error(`the lesson answered ${response?.status()}`);
			const button = page.getByRole('button', { name: 'Mark complete and continue' });
			await Promise.all([page.waitForURL((url) => url.pathname !== lessonPath, { timeout: 15_000 }), button.click()]);
			const landed = new URL(page.url()).pathname;
			if (landed !== nextPath) throw new Error(`the form led to ${landed}, not ${nextPath}`);
			const heading = (await page.getByRole('heading', { level: 1 }).first().textContent())?.trim() ?? '';
			lesson = { ok: true, detail: `posted, moved on to ${landed} ("${heading}")` };
		} catch (e) {
			lesson = { ok: false, detail: e instanceof Error ? e.message.split('\n')[0] : String(e) };
		}
		let course: NoJsCheck;
		try {
			const response = await page.goto(origin + coursePath);
			if (response?.status() !== 200) throw new Error(`the course page answered ${response?.status()}`);
			const link = page.getByRole('link', { name: /Continue where you left off|Start the course/ });
			await Promise.all([page.waitForURL((url) => url.pathname !== coursePath, { timeout: 15_000 }), link.click()]);
			const landed = new URL(page.url()).pathname;
			const heading = (await page.getByRole('heading', { level: 1 }).first().textContent())?.trim() ?? '';
			course = { ok: landed === nextPath, detail: `continue link led to ${landed} ("${heading}")` };
		} catch (e) {
			course = { ok: false, detail: e instanceof Error ? e.message.split('\n')[0] : String(e) };
		}
		return { lesson, course };
	} finally {
		await context.close();
	}
}
