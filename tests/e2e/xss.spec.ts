// Stored XSS: the classic OWASP payloads (script tags, event handlers, javascript: and data: URLs,
// SVG and MathML tricks, style expressions, attribute and tag break-outs, entity- and
// unicode-escaped variants…) stored through the real forms — user names (sign-up), organisation
// profiles (admin and the members' own edit form), course texts and lesson Markdown (trainer editor,
// published), quiz texts (quiz builder, published), a cohort name — then rendered in Chromium on
// every page that shows them.
//
// Every payload sets window.__xss (and most call alert). A page fails when a dialog opens, when
// window.__xss is set, when the browser reports a Content Security Policy violation (the CSP caught
// an injected script: the markup got through), or when the DOM holds anything that could run (an
// on* attribute, a javascript: or data:text/html address, an <iframe>/<object>/<embed>/<base>, a
// script that the page's CSP does not name by its nonce or hash). It must also show the payload as text, so that the check is
// not vacuous. A last test checks the security headers.
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { ready } from './helpers';
import {
	accountWithRole,
	addMembers,
	assignAuthor,
	BASE,
	Client,
	completeLesson,
	coursePath,
	createCohort,
	confirmMember,
	createOrganisation,
	dbGet,
	DEMO,
	enrol,
	followDone,
	FORM_HEADERS,
	formBody,
	importTinyCourse,
	lessonPath,
	locationOf,
	msg,
	pool,
	quizForm,
	quizOptions,
	quizPath,
	signIn,
	signUp,
	tag,
	type CohortFixture,
	type CourseFixture,
	type Fields
} from './security-helpers';

test.use({ trace: 'off' });

// ---------------------------------------------------------------------------------------------
// Payloads. `@@` becomes `window.__xss=<n>`.

const TEMPLATES = [
	'<script>@@;alert(1)</script>',
	'<img src=x onerror="@@;alert(2)">',
	'<svg onload="@@;alert(3)">',
	'<svg><script>@@</script></svg>',
	'"><script>@@;alert(5)</script>',
	"'><img src=x onerror=@@>",
	'<iframe src="javascript:parent.@@;alert(7)"></iframe>',
	'<body onload="@@;alert(8)">',
	'<a href="javascript:@@;alert(9)">click9</a>',
	'<details open ontoggle="@@;alert(10)">',
	'<div style="background:url(javascript:@@)">d11</div>',
	'<div style="width:expression(@@)">d12</div>',
	"<style>@import 'javascript:@@';</style>",
	'<input autofocus onfocus="@@;alert(14)">',
	'<video><source onerror="@@;alert(15)"></video>',
	'<math><mtext><table><mglyph><style><img src=x onerror=@@>',
	'<object data="javascript:@@"></object>',
	'<embed src="javascript:@@">',
	'<a href="&#106;avascript:@@">click19</a>',
	'<a href="jav&#x09;ascript:@@">click20</a>',
	'\\u003cimg src=x onerror=@@\\u003e',
	'&lt;img src=x onerror=@@&gt;',
	'<IMG SRC=JaVaScRiPt:@@>',
	'<form action="javascript:@@"><button>go24</button></form>',
	'<meta http-equiv="refresh" content="0;url=javascript:@@">',
	'<base href="javascript:@@//">',
	"{{constructor.constructor('@@')()}}",
	'<noscript><p title="</noscript><img src=x onerror=@@>">',
	'<scr<script>ipt>@@</scr</script>ipt>',
	'</textarea><script>@@</script>',
	'</title><script>@@</script>',
	'<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click32</a>',
	'＜script＞@@＜/script＞',
	'<svg><animate onbegin=@@ attributeName=x dur=1s>',
	'" onmouseover="@@" x="',
	'javascript:@@',
	'<x onclick=@@>click37</x>',
	'<img src=x:alert(alt) onerror=eval(src) alt=38>',
	'<select autofocus onfocus=@@>'
];

const payload = (i: number, base = 0) => TEMPLATES[i].replace(/@@/g, `window.__xss=${base + i + 1}`);
const PAYLOADS = TEMPLATES.map((_, i) => payload(i));

/** Markdown-only tricks for the lesson body. */
const MARKDOWN = [
	'[m1](javascript:window.__xss=201)',
	'![m2](javascript:window.__xss=202)',
	'[m3](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MjAzPC9zY3JpcHQ+)',
	'<javascript:window.__xss=204>',
	'[m5][evil]\n\n[evil]: javascript:window.__xss=205',
	'[m6](jAvAsCrIpT:window.__xss=206)',
	'[m7](java&#x0A;script:window.__xss=207)',
	'<a href="javascript&colon;window.__xss=208">m8</a>',
	'<!--><img src=x onerror=window.__xss=209>-->',
	'```html\n<script>window.__xss=210</script>\n```',
	'[m11](<javascript:window.__xss=211>)',
	'<img src="https://example.org/x.png" onerror="window.__xss=212">',
	'[m13](vbscript:window.__xss=213)',
	'<a href="  javascript:window.__xss=214">m14</a>',
	'<svg><a xlink:href="javascript:window.__xss=215"><text x="0" y="15">m15</text></a></svg>'
];

// ---------------------------------------------------------------------------------------------
// The world: every payload stored through the forms

interface World {
	tag: string;
	course: CourseFixture;
	cohort: CohortFixture;
	orgs: { id: number; slug: string; name: string }[];
	learners: { client: Client; name: string }[];
	quizLearner: Client;
	reviewer: { client: Client; failed: number; passed: number };
	trainer: Client;
	admin: Client;
	coordinator: Client;
	codes: string[];
	orgCode: string;
	questionIds: string[];
	markers: Record<'lesson' | 'course' | 'module' | 'quiz', string>;
	refusedUrls: string[];
}

let world: World;

async function expectStatus(
	response: { status(): number; text(): Promise<string> },
	status: number,
	what: string
): Promise<void> {
	if (response.status() !== status) {
		const body = await response.text();
		throw new Error(
			`${what}: expected ${status}, got ${response.status()} ${(body.match(/class="(?:error|notice error)"[^<]*/g) ?? []).join(' ')}`
		);
	}
}

async function postForm(client: Client, path: string, fields: Fields, status: number, what: string) {
	const response = await client.post(path, fields);
	await expectStatus(response, status, what);
	return response;
}

test.beforeAll(async () => {
	test.setTimeout(180_000);
	const T = tag();
	const admin = await signIn(DEMO.admin, 'admin');
	const coordinator = await signIn(DEMO.coordinator, 'coordinator');
	const course = await importTinyCourse(admin, `xss-${T}`);
	const trainer = await accountWithRole(admin, 'trainer', `XSS trainer ${T}`, `xss-trainer-${T}@example.test`);
	await assignAuthor(admin, course, trainer.account!.id);
	const m1 = course.modules[0];

	// Organisation profiles, by the admin: names, municipalities, descriptions, web sites and links.
	const urlPayloads = [
		`https://x.example/"><script>window.__xss=101</script>`,
		`https://x.example/'onmouseover='window.__xss=102'`,
		`https://x.example/"><img/src=x/onerror=window.__xss=103>`,
		`https://x.example/?q=</a><svg/onload=window.__xss=104>`
	];
	const orgCount = 5;
	const orgs = await Promise.all(
		Array.from({ length: orgCount }, (_, k) =>
			createOrganisation(admin, {
				name: `${PAYLOADS[k].slice(0, 120)} ${T}`,
				municipality: PAYLOADS[k + orgCount].slice(0, 100),
				description: PAYLOADS.filter((_, i) => i % orgCount === k).join('\n\n'),
				website: urlPayloads[k % urlPayloads.length],
				social_links: urlPayloads.join('\n')
			})
		)
	);
	// javascript:, data: and vbscript: addresses are refused outright.
	const refusedUrls = [
		'javascript:window.__xss=105',
		'JaVaScRiPt:window.__xss=106',
		'data:text/html,<script>window.__xss=107</script>',
		'vbscript:window.__xss=108',
		' javascript:window.__xss=109'
	];
	for (const url of refusedUrls) {
		for (const field of ['website', 'social_links']) {
			await postForm(
				admin,
				`/en/admin/organisations/${orgs[0].id}`,
				[
					['name', orgs[0].name],
					['municipality', ''],
					['description', ''],
					['website', field === 'website' ? url : ''],
					['social_links', field === 'social_links' ? url : '']
				],
				400,
				`${field} ${url}`
			);
		}
	}
	// One profile edited through the profile's own form (by the coordinator here).
	const edited = orgs[orgCount - 1];
	const editedName = `${PAYLOADS[30]} ${T}`;
	const editResponse = await postForm(
		coordinator,
		`/en/organisations/${edited.slug}/edit`,
		[
			['name', editedName],
			['municipality', PAYLOADS[31]],
			['description', PAYLOADS.slice(20, 30).join('\n')],
			['website', urlPayloads[0]],
			['social_links', urlPayloads.slice(1).join('\n')]
		],
		303,
		'profile edit'
	);
	expect(locationOf(editResponse)).toBe(`/en/organisations/${edited.slug}?saved=1`);
	edited.name = editedName;

	// Course and module texts, lesson Markdown and the quiz, by the trainer, published.
	const markers = {
		lesson: `Lesson marker ${T}`,
		course: `Course marker ${T}`,
		module: `Module marker ${T}`,
		quiz: `Quiz marker ${T}`
	};
	// Markdown tricks first; the MathML/<style> payload last, since an unclosed <style> makes the
	// sanitiser drop everything after it (safe, but it would hide the payloads behind it).
	const swallower = TEMPLATES.findIndex((t) => t.startsWith('<math>'));
	const body = (marker: string) =>
		[marker, ...MARKDOWN, ...PAYLOADS.filter((_, i) => i !== swallower), PAYLOADS[swallower]].join('\n\n');
	const textRevision = async (kind: 'course' | 'module', id: number) =>
		String(
			(await dbGet<{ r: number }>(
				`SELECT edit_revision AS r FROM ${kind === 'course' ? 'courses' : 'modules'} WHERE id = ?`,
				id
			))!.r
		);
	await postForm(
		trainer,
		`/en/teach/texts/course/${course.id}?/save`,
		[
			['locale', 'en'],
			['revision', await textRevision('course', course.id)],
			['title', `XSS course ${T} ${payload(1, 300)}`],
			['summary', payload(0, 300)],
			['body', body(markers.course)]
		],
		303,
		'course texts'
	);
	await postForm(
		trainer,
		`/en/teach/texts/course/${course.id}?/publish`,
		[
			['locale', 'en'],
			['revision', await textRevision('course', course.id)],
			['note', payload(8, 300)]
		],
		303,
		'course texts publish'
	);
	await postForm(
		trainer,
		`/en/teach/texts/module/${m1.id}?/save`,
		[
			['locale', 'en'],
			['revision', await textRevision('module', m1.id)],
			['title', `XSS module ${T} ${payload(2, 300)}`],
			['summary', payload(3, 300)],
			['objectives', PAYLOADS.slice(0, 5).join('\n')],
			['body', body(markers.module)]
		],
		303,
		'module texts'
	);
	await postForm(
		trainer,
		`/en/teach/texts/module/${m1.id}?/publish`,
		[
			['locale', 'en'],
			['revision', await textRevision('module', m1.id)]
		],
		303,
		'module texts publish'
	);
	// A draft left unpublished, for the preview with drafts.
	await postForm(
		trainer,
		`/en/teach/texts/module/${m1.id}?/save`,
		[
			['locale', 'en'],
			['revision', await textRevision('module', m1.id)],
			['title', `XSS module draft ${T} ${payload(9, 300)}`],
			['summary', payload(10, 300)],
			['objectives', PAYLOADS.slice(5, 10).join('\n')],
			['body', body(markers.module)]
		],
		303,
		'module texts draft'
	);
	const lessonRevision = async () =>
		(await dbGet<{ r: number }>('SELECT edit_revision AS r FROM lessons WHERE id = ?', m1.lessonId))!.r;
	await postForm(
		trainer,
		`/en/teach/lessons/${m1.lessonId}?/save`,
		[
			['locale', 'en'],
			['revision', String(await lessonRevision())],
			['title', `XSS lesson ${T} ${payload(4, 300)}`],
			['body', body(markers.lesson)]
		],
		303,
		'lesson save'
	);
	await postForm(
		trainer,
		`/en/teach/lessons/${m1.lessonId}?/publish`,
		[
			['locale', 'en'],
			['revision', String(await lessonRevision())],
			['note', payload(5, 300)]
		],
		303,
		'lesson publish'
	);
	const questionIds = PAYLOADS.map((_, i) => `x${i}`);
	const quizRevision = async () =>
		(await dbGet<{ r: number }>('SELECT edit_revision AS r FROM quizzes WHERE id = ?', m1.quizId))!.r;
	await postForm(
		trainer,
		`/en/teach/quizzes/${m1.quizId}?/save`,
		[
			['locale', 'en'],
			['revision', String(await quizRevision())],
			['count', String(PAYLOADS.length)],
			['title', `${markers.quiz} ${payload(6, 300)}`],
			['pass_mark', '70'],
			['max_attempts', ''],
			['wait_minutes', '0'],
			...PAYLOADS.flatMap(
				(p, i) =>
					[
						[`q-${i}-id`, questionIds[i]],
						[`q-${i}-type`, 'single'],
						[`q-${i}-prompt`, `Q${i} ${p}`],
						[`q-${i}-options`, `${p}\nRight ${i}`],
						[`q-${i}-correct`, '2'],
						[`q-${i}-explanation`, `E${i} ${p}`]
					] as Fields
			)
		],
		303,
		'quiz save'
	);
	await postForm(
		trainer,
		`/en/teach/quizzes/${m1.quizId}?/publish`,
		[
			['locale', 'en'],
			['revision', String(await quizRevision())]
		],
		303,
		'quiz publish'
	);

	// A learner per payload, named with it, members of the organisations; each passes the quiz.
	// Each question's second option is "Right i", the first its payload; options are posted by the id
	// the page gives them. `right` false answers every question with the payload option.
	const answers = (html: string, right: boolean): Fields =>
		questionIds.map((id, i) => [
			`q.${id}`,
			quizOptions(html, id).find((o) => (o.text === `Right ${i}`) === right)!.value
		]);
	const submit = async (client: Client, right = true) => {
		const { submission, version, html } = await quizForm(client, course, 0);
		const response = await postForm(
			client,
			quizPath(course, 0),
			[['submission', submission], ['version', version], ...answers(html, right)],
			303,
			'quiz'
		);
		return Number(/\/attempts\/(\d+)$/.exec(locationOf(response))![1]);
	};
	const learners = await pool(PAYLOADS, 6, async (p, i) => {
		const name = `${p} ${T}`;
		const client = await signUp(name, `xss-${T}-${i}@example.test`, orgs[i % orgCount].id, `learner ${i}`);
		// A sign-up only requests membership: confirmed, so that the organisation is printed.
		await confirmMember(coordinator, orgs[i % orgCount], client.account!.id);
		await enrol(client, course);
		await completeLesson(client, course, 0);
		await submit(client);
		return { client, name };
	});
	const codes = await Promise.all(
		learners.map(
			async (l) =>
				(await dbGet<{ code: string }>(
					'SELECT code FROM certificates WHERE user_id = ? AND course_id = ?',
					l.client.account!.id,
					course.id
				))!.code
		)
	);
	const reviewerClient = await signUp(`XSS reviewer ${T}`, `xss-reviewer-${T}@example.test`, orgs[0].id, 'reviewer');
	await confirmMember(coordinator, orgs[0], reviewerClient.account!.id);
	await enrol(reviewerClient, course);
	await completeLesson(reviewerClient, course, 0);
	const failed = await submit(reviewerClient, false);
	const passed = await submit(reviewerClient);
	const quizLearner = await signUp(`XSS quiz taker ${T}`, `xss-quiz-${T}@example.test`, null, 'quiz taker');
	await enrol(quizLearner, course);
	await completeLesson(quizLearner, course, 0);

	// A cohort with a payload for a name, taught by the trainer, with everyone in it.
	const cohort = await createCohort(coordinator, `XSS cohort ${T} ${payload(7, 300)}`, course, [trainer.account!.id]);
	await addMembers(coordinator, cohort, [
		...learners.map((l) => l.client.account!.id),
		reviewerClient.account!.id,
		quizLearner.account!.id
	]);

	// The first organisation (several certified members) is certified too.
	const approved = await coordinator.post('/en/coordinate?/approve', [
		['course', course.slug],
		['organisation', String(orgs[0].id)]
	]);
	await followDone(coordinator, approved, 'approve organisation');
	const orgCode = (await dbGet<{ code: string }>(
		"SELECT code FROM certificates WHERE organisation_id = ? AND course_id = ? AND kind = 'organisation'",
		orgs[0].id,
		course.id
	))!.code;
	expect(locationOf(approved), 'approve organisation').toBe(`/en/coordinate?done=approved&code=${orgCode}`);

	world = {
		tag: T,
		course,
		cohort,
		orgs,
		learners,
		quizLearner,
		reviewer: { client: reviewerClient, failed, passed },
		trainer,
		admin,
		coordinator,
		codes,
		orgCode,
		questionIds,
		markers,
		refusedUrls
	};
});

test.afterAll(async () => {
	if (!world) return;
	for (const c of [
		world.admin,
		world.coordinator,
		world.trainer,
		world.quizLearner,
		world.reviewer.client,
		...world.learners.map((l) => l.client)
	])
		await c.dispose();
});

// ---------------------------------------------------------------------------------------------
// Looking at pages

interface Visit {
	url: string;
	/** Texts the page must show (as text: proof the payload was rendered, escaped). */
	texts?: string[];
	/** At least this many of `texts` (lists that page or cut). Default: all. */
	atLeast?: number;
	/** Something to do on the page before checking (e.g. press Preview). */
	action?: (page: Page) => Promise<void>;
}

interface Findings {
	dialogs: string[];
	console: string[];
}

async function newContext(browser: Browser, who: Client | null): Promise<BrowserContext> {
	const context = await browser.newContext(who ? { storageState: await who.ctx.storageState() } : {});
	await context.addInitScript(() => {
		const w = window as unknown as { __cspViolations: string[] };
		w.__cspViolations = [];
		document.addEventListener('securitypolicyviolation', (e) =>
			w.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}: ${e.sample}`)
		);
	});
	return context;
}

/** What could run on the page now: injected handlers, script addresses, frames, foreign scripts.
 * `allowed`: the script hashes the page's CSP names ('sha256-…'). */
async function scanDom(allowed: string[]): Promise<string[]> {
	const bad: string[] = [];
	const digest = async (text: string) =>
		`'sha256-${btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))))}'`;
	const urlAttributes =
		/^(href|src|action|formaction|data|xlink:href|srcdoc|poster|background|codebase|cite|dynsrc|lowsrc)$/i;
	for (const el of Array.from(document.querySelectorAll('*'))) {
		const tagName = el.tagName.toLowerCase();
		for (const name of el.getAttributeNames()) {
			const value = el.getAttribute(name) ?? '';
			if (/^on/i.test(name)) bad.push(`<${tagName} ${name}="${value.slice(0, 60)}">`);
			if (
				urlAttributes.test(name) &&
				/^(javascript|vbscript|data:text\/html)/i.test(value.replace(/[\u0000-\u0020]/g, ''))
			)
				bad.push(`<${tagName} ${name}="${value.slice(0, 60)}">`);
			if (name === 'style' && /expression\s*\(|javascript:|behaviou?r\s*:/i.test(value))
				bad.push(`<${tagName} style="${value.slice(0, 60)}">`);
			if (name === 'srcdoc') bad.push(`<${tagName} srcdoc>`);
		}
		if (['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base'].includes(tagName))
			bad.push(`<${tagName}>`);
		if (tagName === 'meta' && /refresh/i.test(el.getAttribute('http-equiv') ?? ''))
			bad.push('<meta http-equiv=refresh>');
		// A script file of this site's own (the offline worker's registration, or SvelteKit's) is not
		// markup a payload made; one from anywhere else is.
		const src = tagName === 'script' ? (el as HTMLScriptElement).src : '';
		const ownFile =
			src !== '' &&
			new URL(src).origin === location.origin &&
			(new URL(src).pathname === '/sw-register.js' || new URL(src).pathname.startsWith('/_app/immutable/'));
		if (
			tagName === 'script' &&
			!ownFile &&
			!(el as HTMLScriptElement).nonce &&
			!allowed.includes(await digest(el.textContent ?? ''))
		)
			bad.push(`<script> without the page's nonce or hash: ${src || (el.textContent ?? '').slice(0, 60)}`);
		if (tagName === 'style' && /__xss|javascript:|expression\s*\(/i.test(el.textContent ?? ''))
			bad.push(`<style>${(el.textContent ?? '').slice(0, 60)}`);
	}
	return bad;
}

async function inspect(page: Page, visit: Visit, findings: Findings): Promise<string[]> {
	const problems: string[] = [];
	// The policy of the document on screen, also after an action that loads another page.
	let csp = '';
	page.on('response', (r) => {
		if (r.request().isNavigationRequest() && r.frame() === page.mainFrame())
			csp = r.headers()['content-security-policy'] ?? '';
	});
	const response = await page.goto(visit.url);
	await ready(page);
	if (visit.action) await visit.action(page);
	if (response?.status() !== 200) problems.push(`status ${response?.status()}`);
	// Let autofocus, ontoggle, onbegin and onload handlers have their chance.
	await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
	const state = await page.evaluate(() => {
		const w = window as unknown as { __xss?: unknown; __cspViolations?: string[] };
		return { xss: w.__xss, csp: w.__cspViolations ?? [] };
	});
	if (state.xss !== undefined) problems.push(`a payload ran: window.__xss = ${JSON.stringify(state.xss)}`);
	for (const v of state.csp) problems.push(`CSP violation (injected markup reached the page): ${v}`);
	for (const d of findings.dialogs.splice(0)) problems.push(`a dialog opened: ${d}`);
	for (const m of findings.console.splice(0)) problems.push(`console: ${m}`);
	const hashes = csp.match(/'sha256-[^']+'/g) ?? [];
	for (const b of await page.evaluate(scanDom, hashes)) problems.push(`dangerous markup in the page: ${b}`);
	if (visit.texts?.length) {
		const text = await page.locator('body').innerText();
		const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
		const shown = visit.texts.filter((t) => norm(text).includes(norm(t)));
		const needed = visit.atLeast ?? visit.texts.length;
		if (shown.length < needed) {
			const missing = visit.texts.filter((t) => !shown.includes(t)).slice(0, 3);
			problems.push(
				`shows ${shown.length} of ${visit.texts.length} stored texts (needs ${needed}); missing e.g. ${missing.map((m) => JSON.stringify(m.slice(0, 80))).join(', ')}`
			);
		}
	}
	return problems.map((p) => `${visit.url}: ${p}`);
}

/** Visits pages as someone (or anonymously), `parallel` pages at a time; returns every problem. */
async function visitAll(browser: Browser, who: Client | null, visits: Visit[], parallel = 3): Promise<string[]> {
	const context = await newContext(browser, who);
	try {
		const lanes = Array.from({ length: Math.min(parallel, visits.length) }, (_, lane) =>
			visits.filter((_, i) => i % parallel === lane)
		);
		const results = await Promise.all(
			lanes.map(async (lane) => {
				const page = await context.newPage();
				const findings: Findings = { dialogs: [], console: [] };
				page.on('dialog', (d) => {
					findings.dialogs.push(`${d.type()}: ${d.message()}`);
					void d.dismiss().catch(() => undefined);
				});
				page.on('console', (m) => {
					if (/Content.Security.Policy|__xss/i.test(m.text()))
						findings.console.push(`${m.type()}: ${m.text().slice(0, 200)}`);
				});
				page.on('pageerror', (e) => {
					if (/__xss/.test(e.message)) findings.console.push(`page error: ${e.message}`);
				});
				const out: string[] = [];
				for (const v of lane) out.push(...(await inspect(page, v, findings)));
				await page.close();
				return out;
			})
		);
		return results.flat();
	} finally {
		await context.close();
	}
}

function expectClean(problems: string[]): void {
	expect(problems, `Stored XSS checks failed:\n${problems.join('\n')}`).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// The pages

test('the checks catch a payload that runs, markup that CSP blocks, and a payload that is not shown', async ({
	browser
}) => {
	// A page made up here (not the app), so that the checks are known to see what they look for.
	const context = await newContext(browser, null);
	const page = await context.newPage();
	const findings: Findings = { dialogs: [], console: [] };
	page.on('dialog', (d) => {
		findings.dialogs.push(d.message());
		void d.dismiss().catch(() => undefined);
	});
	const html = (body: string) => `<!doctype html><html><head><title>t</title></head><body>${body}</body></html>`;
	await page.route(`${BASE}/__selftest/open`, (route) =>
		route.fulfill({
			contentType: 'text/html',
			body: html(
				'<img src="data:," onerror="window.__xss=1;alert(1)"><a href="javascript:void 0">x</a><iframe></iframe>' +
					'<script src="https://evil.invalid/x.js"></script>'
			)
		})
	);
	await page.route(`${BASE}/__selftest/csp`, (route) =>
		route.fulfill({
			contentType: 'text/html',
			headers: { 'content-security-policy': "script-src 'self'" },
			body: html('<img src="data:," onerror="window.__xss=2">')
		})
	);
	const open = await inspect(page, { url: `${BASE}/__selftest/open`, texts: ['not on the page'] }, findings);
	expect(open.join('\n')).toContain('a payload ran');
	expect(open.join('\n')).toContain('a dialog opened');
	expect(open.join('\n')).toContain('dangerous markup in the page: <img onerror');
	expect(open.join('\n')).toContain('<a href="javascript:void 0">');
	expect(open.join('\n')).toContain('<iframe>');
	expect(open.join('\n')).toContain("<script> without the page's nonce or hash: https://evil.invalid/x.js");
	expect(open.join('\n')).toContain('shows 0 of 1 stored texts');
	const csp = await inspect(page, { url: `${BASE}/__selftest/csp` }, findings);
	expect(csp.join('\n')).toContain('CSP violation');
	expect(csp.join('\n')).not.toContain('a payload ran');
	await context.close();
});

test('payloads in user names stay text on every page that shows them', async ({ browser }) => {
	test.setTimeout(180_000);
	const w = world;
	const names = w.learners.map((l) => l.name);
	const c = w.cohort;
	// Pages that list everyone show every payload at once. Pages about one person take turns, so
	// that each payload is also seen on one of them: account, admin user page, verification, cohort
	// learner page.
	const turn = (k: number) => w.learners.map((l, i) => ({ ...l, i, code: w.codes[i] })).filter(({ i }) => i % 4 === k);
	const problems = (
		await Promise.all([
			pool(turn(0), 2, async (l) =>
				visitAll(
					browser,
					l.client,
					[{ url: '/en/account', texts: [l.name] }, ...(l.i === 0 ? [{ url: '/en/learning', texts: [c.name] }] : [])],
					1
				)
			).then((x) => x.flat()),
			visitAll(
				browser,
				w.admin,
				[
					{ url: `/en/admin/users?q=${w.tag}`, texts: names },
					...turn(1).map((l) => ({ url: `/en/admin/users/${l.client.account!.id}`, texts: [l.name] })),
					{ url: `/en/coordinate/certificates?q=${w.tag}`, texts: names },
					{ url: '/en/admin/audit' }
				],
				2
			),
			visitAll(
				browser,
				w.coordinator,
				[
					{ url: '/en/cohorts', texts: [c.name] },
					{ url: `/en/cohorts/${c.id}`, texts: [c.name, ...names] },
					{ url: `/en/cohorts/${c.id}/members`, texts: names },
					{ url: `/en/cohorts/${c.id}/edit` },
					...turn(3).map((l) => ({ url: `/en/cohorts/${c.id}/learners/${l.client.account!.id}`, texts: [l.name] }))
				],
				2
			),
			visitAll(browser, w.trainer, [{ url: `/en/cohorts/${c.id}?sort=progress`, texts: [c.name, ...names] }], 1),
			visitAll(
				browser,
				null,
				[
					...turn(2).map((l) => ({ url: `/en/verify/${l.code}`, texts: [l.name] })),
					{ url: `/en/join/${c.token}`, texts: [c.name] }
				],
				2
			)
		])
	).flat();
	expectClean(problems);
});

test('payloads in organisation profiles stay text in the directory, the profiles and the admin pages', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const w = world;
	const names = w.orgs.map((o) => o.name);
	const member = w.learners[0].client;
	const problems = (
		await Promise.all([
			visitAll(browser, null, [
				{ url: `/en/organisations?q=${w.tag}`, texts: names },
				...w.orgs.map((o) => ({ url: `/en/organisations/${o.slug}`, texts: [o.name] })),
				{ url: `/en/verify/${w.orgCode}`, texts: [w.orgs[0].name] },
				{ url: '/en/signup' }
			]),
			visitAll(browser, w.admin, [
				{ url: '/en/admin/organisations', texts: names },
				...w.orgs.map((o) => ({ url: `/en/admin/organisations/${o.id}`, texts: [o.name] })),
				{ url: '/en/coordinate', texts: names.slice(1), atLeast: 1 },
				{ url: `/en/coordinate/certificates?q=${w.orgCode}`, texts: [w.orgs[0].name] },
				{ url: `/en/cohorts/${w.cohort.id}?organisation=${w.orgs[0].id}` }
			]),
			visitAll(browser, member, [
				{ url: '/en/account', texts: [w.orgs[0].name] },
				{ url: `/en/organisations/${w.orgs[0].slug}/edit` },
				{ url: `/en/organisations/${w.orgs[0].slug}`, texts: [w.orgs[0].name] }
			])
		])
	).flat();
	expectClean(problems);
	// The javascript:, data: and vbscript: addresses were refused (400) in setup; none is stored.
	for (const o of w.orgs) {
		const row = (await dbGet<{ website: string; social_links: string }>(
			'SELECT website, social_links FROM organisations WHERE id = ?',
			o.id
		))!;
		expect(`${row.website}\n${row.social_links}`).not.toMatch(/^\s*(javascript|data|vbscript):/im);
	}
});

test('payloads in course texts and lesson Markdown are sanitised on the learner pages and in the editor', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const w = world;
	const c = w.course;
	const m1 = c.modules[0];
	const learner = w.learners[1].client;
	// The course's own text is folded away under "About this course".
	const openAbout = (page: Page) => page.locator('details > summary', { hasText: msg('course_about') }).click();
	const preview: Visit = {
		url: `/en/teach/lessons/${m1.lessonId}`,
		texts: [w.markers.lesson],
		action: async (page) => {
			await page.getByRole('button', { name: msg('editor_preview'), exact: true }).click();
			await expect(page.locator('.prose').getByText(w.markers.lesson, { exact: true })).toBeVisible();
		}
	};
	const problems = (
		await Promise.all([
			visitAll(browser, learner, [
				{
					url: lessonPath(c, 0),
					texts: [
						w.markers.lesson,
						'm1',
						'm6',
						'm8',
						'click9',
						'd11',
						'click19',
						'click20',
						'go24',
						'click32',
						'click37'
					]
				},
				{ url: coursePath(c), texts: [w.markers.course, 'm1', 'click9', 'click37'], action: openAbout },
				{ url: '/en/courses', texts: [`XSS course ${w.tag}`] },
				{ url: '/en/learning', texts: [`XSS course ${w.tag}`] }
			]),
			visitAll(browser, null, [{ url: coursePath(c), texts: [w.markers.course], action: openAbout }]),
			visitAll(browser, w.trainer, [
				{ url: '/en/teach', texts: [`XSS course ${w.tag}`] },
				{ url: `/en/teach/lessons/${m1.lessonId}` },
				{ url: `/en/teach/lessons/${m1.lessonId}/history` },
				{ url: `/en/teach/texts/course/${c.id}` },
				{ url: `/en/teach/texts/module/${m1.id}` },
				{ url: `/en/teach/texts/course/${c.id}/history` },
				{ url: `/en/teach/courses/${c.id}/preview`, texts: [w.markers.course], action: openAbout },
				{ url: `/en/teach/courses/${c.id}/preview?view=drafts`, texts: [`XSS module draft ${w.tag}`] },
				{ url: `/en/teach/courses/${c.id}/preview/${m1.slug}/${m1.lessonSlug}?view=drafts`, texts: [w.markers.lesson] },
				preview
			])
		])
	).flat();
	expectClean(problems);
	// The editor's live preview (JSON for the script) gives the same sanitised HTML.
	const live = await w.trainer.post(`/teach/lessons/${m1.lessonId}/preview`, [
		['body', [w.markers.lesson, ...MARKDOWN, ...PAYLOADS].join('\n\n')]
	]);
	expect(live.status()).toBe(200);
	const { html } = (await live.json()) as { html: string };
	expect(html).toContain(w.markers.lesson);
	// (Escaped text may read "onerror=" — only real tags and attributes count.)
	expect(html, 'the live preview').not.toMatch(
		/<(script|iframe|object|embed|base|meta|style|svg|math|form|input|body|link)\b/i
	);
	expect(html, 'the live preview').not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
	expect(html, 'the live preview').not.toMatch(
		/<[a-z][^>]*\s(href|src|action|formaction|xlink:href)\s*=\s*["']?\s*(javascript|vbscript|data):/i
	);
});

test('payloads in quiz texts stay text on the quiz, the attempt review, the builder and the cohort insight', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const w = world;
	const c = w.course;
	const prompts = PAYLOADS.map((p, i) => `Q${i} ${p}`);
	const explanations = PAYLOADS.map((p, i) => `E${i} ${p}`);
	const review = (attempt: number) => `${quizPath(c, 0)}/attempts/${attempt}`;
	const problems = (
		await Promise.all([
			visitAll(browser, w.quizLearner, [{ url: quizPath(c, 0), texts: [...prompts, ...PAYLOADS] }]),
			visitAll(browser, w.reviewer.client, [
				{ url: review(w.reviewer.failed), texts: [...prompts, ...explanations] },
				{ url: review(w.reviewer.passed), texts: explanations },
				{ url: quizPath(c, 0) }
			]),
			visitAll(browser, w.trainer, [
				{ url: `/en/teach/quizzes/${c.modules[0].quizId}` },
				{ url: `/en/teach/courses/${c.id}/preview/${c.modules[0].slug}/quiz`, texts: [...prompts, ...PAYLOADS] },
				{
					// The preview's graded result, with the explanations.
					url: `/en/teach/courses/${c.id}/preview/${c.modules[0].slug}/quiz`,
					texts: [...prompts, ...explanations],
					action: async (page) => {
						for (const radio of await page
							.locator('label', { hasText: /^\s*Right \d+\s*$/ })
							.locator('input[type="radio"]')
							.all())
							await radio.check();
						await page.getByRole('button', { name: msg('quiz_submit'), exact: true }).click();
						await expect(page.getByRole('status').filter({ hasText: msg('preview_quiz_not_recorded') })).toBeVisible();
					}
				},
				{ url: `/en/cohorts/${w.cohort.id}/insight`, texts: prompts, atLeast: Math.ceil(prompts.length / 2) }
			]),
			visitAll(browser, w.coordinator, [
				{ url: `/en/cohorts/${w.cohort.id}/insight`, texts: prompts, atLeast: Math.ceil(prompts.length / 2) }
			])
		])
	).flat();
	expectClean(problems);
});

test('pages send a strict Content-Security-Policy, nosniff and a Referrer-Policy', async ({ request }) => {
	const w = world;
	const learnerState = await w.learners[0].client.ctx.storageState();
	const adminState = await w.admin.ctx.storageState();
	const cookie = (state: { cookies: { name: string; value: string }[] }) =>
		state.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
	const pages: { path: string; cookie?: string; method?: 'POST'; fields?: Fields; status: number }[] = [
		{ path: '/en', status: 200 },
		{ path: '/en/signin', status: 200 },
		{ path: '/en/no-such-page', status: 404 },
		{ path: `/en/verify/${w.codes[0]}`, status: 200 },
		{ path: `/en/organisations/${w.orgs[0].slug}`, status: 200 },
		{ path: coursePath(w.course), status: 200 },
		{ path: lessonPath(w.course, 0), cookie: cookie(learnerState), status: 200 },
		{ path: '/en/account', cookie: cookie(learnerState), status: 200 },
		{ path: `/en/admin/users?q=${w.tag}`, cookie: cookie(adminState), status: 200 },
		{ path: '/en/admin/users', cookie: cookie(learnerState), status: 403 },
		{ path: '/en/signup', method: 'POST', fields: [['name', '<script>x</script>']], status: 400 }
	];
	const problems: string[] = [];
	for (const p of pages) {
		const headers: Record<string, string> = { Accept: 'text/html', ...(p.cookie ? { Cookie: p.cookie } : {}) };
		const response =
			p.method === 'POST'
				? await request.post(BASE + p.path, {
						headers: { ...FORM_HEADERS, ...headers },
						data: formBody(p.fields ?? []),
						maxRedirects: 0
					})
				: await request.get(BASE + p.path, { headers, maxRedirects: 0 });
		const h = response.headers();
		const where = `${p.method ?? 'GET'} ${p.path}`;
		if (response.status() !== p.status) problems.push(`${where}: status ${response.status()}, expected ${p.status}`);
		const csp = h['content-security-policy'];
		if (!csp) {
			problems.push(`${where}: no Content-Security-Policy`);
		} else {
			const directives = new Map(
				csp
					.split(';')
					.map((d) => d.trim().split(/\s+/))
					.filter((d) => d[0])
					.map(([name, ...values]) => [name.toLowerCase(), values] as const)
			);
			const script = directives.get('script-src') ?? directives.get('default-src');
			if (!directives.has('script-src')) problems.push(`${where}: CSP without script-src`);
			if (
				!script ||
				script.some((v) =>
					["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'http:', 'https:', "'unsafe-hashes'"].includes(v)
				)
			)
				problems.push(`${where}: script-src ${script?.join(' ')}`);
			// Pages that run no script (learner and public pages: csr = false) need no nonce at all.
			const inlineScript = /<script(?![^>]*\ssrc=)[^>]*>/i.test(await response.text());
			if (inlineScript && !script?.some((v) => v.startsWith("'nonce-") || v.startsWith("'sha")))
				problems.push(`${where}: script-src without a nonce or hash for SvelteKit's own script`);
			if (directives.get('frame-ancestors')?.join(' ') !== "'none'")
				problems.push(`${where}: frame-ancestors ${directives.get('frame-ancestors')?.join(' ')}`);
			if (directives.get('object-src')?.join(' ') !== "'none'")
				problems.push(`${where}: object-src ${directives.get('object-src')?.join(' ')}`);
			if (!["'self'", "'none'"].includes(directives.get('base-uri')?.join(' ') ?? ''))
				problems.push(`${where}: base-uri ${directives.get('base-uri')?.join(' ')}`);
			if (directives.get('default-src')?.join(' ') !== "'self'")
				problems.push(`${where}: default-src ${directives.get('default-src')?.join(' ')}`);
		}
		if (h['x-content-type-options'] !== 'nosniff')
			problems.push(`${where}: X-Content-Type-Options ${h['x-content-type-options']}`);
		if (
			!['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'].includes(
				h['referrer-policy'] ?? ''
			)
		)
			problems.push(`${where}: Referrer-Policy ${h['referrer-policy']}`);
	}
	// Files and JSON are never sniffed into HTML either.
	for (const path of [
		`/verify/${w.codes[0]}/status`,
		`/verify/${w.codes[0]}/credential.jwt`,
		`/verify/${w.codes[0]}/certificate.pdf`,
		'/issuer',
		'/issuer/jwks.json'
	]) {
		const h = (await request.get(BASE + path)).headers();
		if (h['x-content-type-options'] !== 'nosniff')
			problems.push(`GET ${path}: X-Content-Type-Options ${h['x-content-type-options']}`);
		if (/html/i.test(h['content-type'] ?? '')) problems.push(`GET ${path}: served as ${h['content-type']}`);
	}
	expect(problems, problems.join('\n')).toEqual([]);
});
