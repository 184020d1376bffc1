// Helpers for the security suites (access-matrix.spec.ts, hostile-input.spec.ts, xss.spec.ts).
// They talk to the real server over HTTP (Playwright request contexts, or node:http where raw bytes
// or a separate client address are needed), read the e2e database read-only to find ids and count
// rows, and build small private worlds (own course, accounts, cohorts, organisations) with unique
// tags, so that they never disturb the other suites that share the database.
import { readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';
import { expect, request, type APIRequestContext, type APIResponse } from '@playwright/test';
import { rawQuery, withDb } from './db';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PORT = Number(process.env.E2E_PORT ?? 4173);
export const BASE = `http://localhost:${PORT}`;
export const ROUTES_DIR = join(ROOT, 'src', 'routes');

// ---------------------------------------------------------------------------------------------
// Small things

/** A short tag no other test uses: lowercase letters only (safe in slugs, e-mails and searches). */
export function tag(): string {
	const n = Date.now() * 1000 + Math.floor(Math.random() * 1000);
	return `s${n.toString(36).replace(/[0-9]/g, (d) => 'abcdefghij'[Number(d)])}`.slice(-9);
}

export function isoDay(offset = 0): string {
	return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

export function escapeRegExp(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Runs `fn` over `items` with at most `limit` at a time; results in order. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const i = next++;
			results[i] = await fn(items[i], i);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
	return results;
}

const EN: Record<string, string> = JSON.parse(readFileSync(join(ROOT, 'messages', 'en.json'), 'utf8'));
/** An English message (messages/en.json), with {params} filled in. */
export function msg(key: string, params: Record<string, string | number> = {}): string {
	const text = EN[key];
	if (typeof text !== 'string') throw new Error(`no message ${key}`);
	return text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}

// ---------------------------------------------------------------------------------------------
// The database, read

/**
 * Rows of a statement on this port's e2e database (tests/e2e/db.ts), written with `?` for its values.
 * The statements here are plain SQL that SQLite and PostgreSQL read alike.
 */
export function dbAll<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]> {
	return withDb(async (db) => (await rawQuery<T>(sql, params).execute(db)).rows);
}

export async function dbGet<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T | undefined> {
	return (await dbAll<T>(sql, ...params))[0];
}

export async function dbCount(sql: string, ...params: unknown[]): Promise<number> {
	const row = await dbGet<Record<string, number>>(sql, ...params);
	return row ? Number(Object.values(row)[0]) : 0;
}

export async function userId(email: string): Promise<number> {
	const row = await dbGet<{ id: number }>('SELECT id FROM users WHERE email = ?', email.toLowerCase());
	if (!row) throw new Error(`no user ${email}`);
	return row.id;
}

// ---------------------------------------------------------------------------------------------
// Routes, found in src/routes at test time

export interface RouteInfo {
	/** The route as SvelteKit names it, e.g. /cohorts/[id]/edit (groups removed). */
	route: string;
	page: boolean;
	/** HTTP methods exported by +server.ts. */
	methods: string[];
	/** Form actions of +page.server.ts ("default" for the default action). */
	actions: string[];
}

/** Top-level keys of `export const actions = { ... }` (whatever their shape: async, arrow, shorthand). */
export function actionNames(source: string): string[] {
	const start = source.search(/export\s+const\s+actions\b/);
	if (start < 0) return [];
	const rest = source.slice(start);
	const lines = rest.slice(rest.indexOf('\n') + 1).split('\n');
	const block: string[] = [];
	for (const line of lines) {
		if (/^\}/.test(line)) break;
		block.push(line);
	}
	const indents = block
		.filter((l) => l.trim() !== '' && !/^\s*(\/\/|\*|\/\*)/.test(l))
		.map((l) => /^\s*/.exec(l)![0].length);
	if (indents.length === 0) return [];
	const top = Math.min(...indents);
	const names: string[] = [];
	for (const line of block) {
		if (/^\s*/.exec(line)![0].length !== top) continue;
		const m = /^\s*(?:async\s+)?(?:'([^']+)'|"([^"]+)"|([A-Za-z_$][\w$]*))\s*(?::|,|\(|$)/.exec(line);
		const name = m?.[1] ?? m?.[2] ?? m?.[3];
		if (name && !names.includes(name)) names.push(name);
	}
	return names;
}

export function exportedMethods(source: string): string[] {
	const found = new Set<string>();
	for (const m of source.matchAll(
		/export\s+(?:const|let|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD|fallback)\b/g
	))
		found.add(m[1]);
	for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
		for (const part of m[1].split(',')) {
			const name = part
				.split(/\s+as\s+/)
				.pop()!
				.trim();
			if (/^(GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD|fallback)$/.test(name)) found.add(name);
		}
	}
	return [...found].sort();
}

export function discoverRoutes(dir = ROUTES_DIR): RouteInfo[] {
	const out: RouteInfo[] = [];
	const walk = (d: string) => {
		const entries = readdirSync(d, { withFileTypes: true });
		const files = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
		const has = (...names: string[]) => names.find((n) => files.has(n));
		const page = Boolean(has('+page.svelte', '+page.server.ts', '+page.server.js', '+page.ts', '+page.js'));
		const serverFile = has('+server.ts', '+server.js');
		const pageServer = has('+page.server.ts', '+page.server.js');
		const methods = serverFile ? exportedMethods(readFileSync(join(d, serverFile), 'utf8')) : [];
		const actions = pageServer ? actionNames(readFileSync(join(d, pageServer), 'utf8')) : [];
		if (page || methods.length > 0) {
			const segments = relative(dir, d)
				.split(sep)
				.filter((s) => s && !/^\(.*\)$/.test(s));
			out.push({ route: `/${segments.join('/')}`, page, methods, actions });
		}
		for (const e of entries) if (e.isDirectory()) walk(join(d, e.name));
	};
	walk(dir);
	return out.sort((a, b) => (a.route < b.route ? -1 : 1));
}

/** "GET /route", "<METHOD> /route" for endpoints, "POST /route" (default action) and "POST /route?/name". */
export function routeKeys(routes: RouteInfo[] = discoverRoutes()): string[] {
	const keys = new Set<string>();
	for (const r of routes) {
		if (r.page) keys.add(`GET ${r.route}`);
		for (const m of r.methods) keys.add(`${m} ${r.route}`);
		for (const a of r.actions) keys.add(a === 'default' ? `POST ${r.route}` : `POST ${r.route}?/${a}`);
	}
	return [...keys].sort();
}

// ---------------------------------------------------------------------------------------------
// HTTP clients (Playwright request contexts)

export type Fields = [string, string][];

export function formBody(fields: Fields): string {
	return new URLSearchParams(fields).toString();
}

/** Headers of a browser's form post without JavaScript: same Origin, form-encoded, asking for HTML
 * (with a wildcard Accept, SvelteKit would answer an action with JSON and status 200). */
export const FORM_HEADERS = {
	Origin: BASE,
	Accept: 'text/html',
	'Content-Type': 'application/x-www-form-urlencoded'
} as const;

export interface Account {
	name: string;
	email: string;
	password: string;
	id: number;
}

/**
 * A request context that closes its connection after each answer: with thousands of requests on a
 * loaded machine, a kept-alive socket that the server closes meanwhile would fail the next request.
 */
export function newRequestContext(
	options: { storageState?: Awaited<ReturnType<APIRequestContext['storageState']>> } = {}
): Promise<APIRequestContext> {
	return request.newContext({ ...options, extraHTTPHeaders: { Connection: 'close' } });
}

export class Client {
	constructor(
		readonly label: string,
		readonly ctx: APIRequestContext,
		readonly account: Account | null
	) {}

	async get(path: string, headers: Record<string, string> = {}): Promise<APIResponse> {
		// A kept-alive connection that the server has just closed fails with ECONNRESET before the
		// request reaches the app; a GET is then simply sent again.
		for (let attempt = 1; ; attempt++) {
			try {
				return await this.ctx.get(BASE + path, { maxRedirects: 0, headers: { Accept: 'text/html', ...headers } });
			} catch (e) {
				if (attempt >= 3 || !/ECONNRESET|socket hang up|EPIPE/.test(String(e))) throw e;
			}
		}
	}

	post(path: string, fields: Fields = []): Promise<APIResponse> {
		return this.ctx.post(BASE + path, { maxRedirects: 0, headers: { ...FORM_HEADERS }, data: formBody(fields) });
	}

	multipart(
		path: string,
		multipart: Record<string, string | { name: string; mimeType: string; buffer: Buffer }>
	): Promise<APIResponse> {
		return this.ctx.post(BASE + path, { maxRedirects: 0, headers: { Origin: BASE, Accept: 'text/html' }, multipart });
	}

	/** The session cookie header ("session=..."), for raw requests. */
	async cookie(): Promise<string> {
		const state = await this.ctx.storageState();
		return state.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
	}

	dispose(): Promise<void> {
		return this.ctx.dispose();
	}
}

/**
 * A form that changed something answers with a redirect to its page with `?done=…` (post/redirect/
 * get): checks that, follows it as the same client, and returns the page shown.
 */
export async function followDone(client: Client, response: APIResponse, what: string): Promise<string> {
	expect(response.status(), what).toBe(303);
	const location = locationOf(response);
	expect(location, `${what}: redirect to the page with what was done`).toMatch(/[?&]done=/);
	const page = await client.get(location.replace(BASE, ''));
	expect(page.status(), `${what}: the page after the redirect`).toBe(200);
	return page.text();
}

export async function anonymous(label = 'anonymous'): Promise<Client> {
	return new Client(label, await newRequestContext(), null);
}

/** Signs in through the sign-in form's action; the context keeps the session cookie. */
export async function signIn(account: Omit<Account, 'id'> & { id?: number }, label = account.email): Promise<Client> {
	const ctx = await newRequestContext();
	const response = await ctx.post(`${BASE}/en/signin`, {
		maxRedirects: 0,
		headers: { ...FORM_HEADERS },
		data: formBody([
			['email', account.email],
			['password', account.password]
		])
	});
	expect(response.status(), `sign-in of ${account.email}`).toBe(303);
	expect(response.headers()['location'] ?? '', `sign-in of ${account.email}`).not.toContain('/signin');
	return new Client(label, ctx, { ...account, id: account.id ?? (await userId(account.email)) } as Account);
}

export const DEMO = {
	admin: { name: 'Ana Admin', email: 'admin@example.org', password: 'civic-admin-demo' },
	trainer: { name: 'Teodora Trainer', email: 'trainer@example.org', password: 'civic-trainer-demo' },
	coordinator: { name: 'Kujtim Coordinator', email: 'coordinator@example.org', password: 'civic-coordinator-demo' },
	learner1: { name: 'Jelena Đorđević', email: 'learner1@example.org', password: 'civic-learner-demo' },
	learner2: { name: 'Arbër Gashi', email: 'learner2@example.org', password: 'civic-learner-demo' }
} as const;

export function password(): string {
	return `Amber lantern ${Math.random().toString(36).slice(2, 8)} drifts`;
}

/**
 * Signs up a new account through the sign-up action (name, e-mail, password, organisation id or
 * null) and returns its client, signed in.
 */
export async function signUp(
	name: string,
	email: string,
	organisationId: number | null,
	label = email
): Promise<Client> {
	const pw = password();
	const ctx = await newRequestContext();
	const response = await ctx.post(`${BASE}/en/signup`, {
		maxRedirects: 0,
		headers: { ...FORM_HEADERS },
		data: formBody([
			['name', name],
			['email', email],
			['password', pw],
			['organisation', organisationId === null ? '' : String(organisationId)]
		])
	});
	expect(
		response.status(),
		`sign-up of ${email}: ${response.status() === 400 ? (await response.text()).match(/class="error"[^<]*/g) : ''}`
	).toBe(303);
	return new Client(label, ctx, { name, email, password: pw, id: await userId(email) });
}

/** A coordinator or admin confirms a membership request through the organisation's page. */
export async function confirmMember(
	staff: Client,
	organisation: { id: number; slug: string },
	userId: number
): Promise<void> {
	const response = await staff.post(`/en/organisations/${organisation.slug}?/confirmMember`, [
		['user', String(userId)]
	]);
	await followDone(staff, response, `confirming user ${userId} in ${organisation.slug}`);
}

/** An admin changes a user's role through /admin/users/[id]?/role. */
export async function setRole(
	admin: Client,
	id: number,
	role: 'learner' | 'trainer' | 'coordinator' | 'admin'
): Promise<void> {
	const response = await admin.post(`/en/admin/users/${id}?/role`, [['role', role]]);
	await followDone(admin, response, `role ${role} for user ${id}`);
}

/** Signs up an account, gives it a role, and signs it in again. */
export async function accountWithRole(
	admin: Client,
	role: 'trainer' | 'coordinator' | 'admin',
	name: string,
	email: string
): Promise<Client> {
	const first = await signUp(name, email, null);
	await setRole(admin, first.account!.id, role);
	const client = await signIn(first.account!, `${role} ${email}`);
	await first.dispose();
	return client;
}

export function locationOf(response: APIResponse): string {
	return response.headers()['location'] ?? '';
}

// ---------------------------------------------------------------------------------------------
// A tiny course of our own, imported as a zip by the admin (never one of the shared courses)

export interface CourseFixture {
	id: number;
	slug: string;
	modules: { id: number; slug: string; lessonId: number; lessonSlug: string; quizId: number }[];
}

/** Question id of the only question of each quiz; option 2 is right. */
export const QUESTION_ID = 'pick';

/**
 * A course with two modules (one lesson and a one-question quiz each). The certificate needs only
 * module 1, so passing the first quiz certifies the learner; module 2 stays locked for everyone else.
 */
export function tinyCourseZip(slug: string, title: string): Uint8Array {
	const quiz = `title: Check\nmax_attempts: null\nwait_minutes: 0\nquestions:\n  - id: ${QUESTION_ID}\n    type: single\n    prompt: Which option is right?\n    options:\n      - The wrong one\n      - The right one\n    correct: 2\n    explanation: The second option is right.\n`;
	const files: Record<string, string> = {
		[`${slug}/course.md`]: `---\ntitle: ${title}\nsummary: A tiny course of the security tests.\npass_mark: 70\ncertificate:\n  modules: [first]\n  organisation_min_certified: 2\n---\nA tiny course.\n`,
		[`${slug}/01-first/module.md`]: `---\ntitle: First module\nsummary: The first module.\nobjectives:\n  - Pass the quiz\n---\nThe first module.\n`,
		[`${slug}/01-first/01-start.md`]: `---\ntitle: Start here\nminutes: 1\n---\nThe first lesson.\n`,
		[`${slug}/01-first/quiz.yaml`]: quiz,
		[`${slug}/02-second/module.md`]: `---\ntitle: Second module\nsummary: The second module.\nobjectives:\n  - Read on\n---\nThe second module.\n`,
		[`${slug}/02-second/01-more.md`]: `---\ntitle: More\nminutes: 1\n---\nThe second lesson.\n`,
		[`${slug}/02-second/quiz.yaml`]: quiz
	};
	return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
}

export function zipOf(files: Record<string, string | Uint8Array>): Buffer {
	return Buffer.from(
		zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? strToU8(v) : v])))
	);
}

export async function courseFixture(slug: string): Promise<CourseFixture> {
	const course = await dbGet<{ id: number }>('SELECT id FROM courses WHERE slug = ?', slug);
	if (!course) throw new Error(`no course ${slug}`);
	const modules = await dbAll<{ id: number; slug: string }>(
		'SELECT id, slug FROM modules WHERE course_id = ? ORDER BY position',
		course.id
	);
	return {
		id: course.id,
		slug,
		modules: await Promise.all(
			modules.map(async (m) => {
				const lesson = (await dbGet<{ id: number; slug: string }>(
					'SELECT id, slug FROM lessons WHERE module_id = ? ORDER BY position LIMIT 1',
					m.id
				))!;
				const quiz = (await dbGet<{ id: number }>('SELECT id FROM quizzes WHERE module_id = ?', m.id))!;
				return { id: m.id, slug: m.slug, lessonId: lesson.id, lessonSlug: lesson.slug, quizId: quiz.id };
			})
		)
	};
}

/** The admin imports the tiny course through /teach?/import. */
export async function importTinyCourse(
	admin: Client,
	slug: string,
	title = `Security course ${slug}`
): Promise<CourseFixture> {
	const response = await admin.multipart('/en/teach?/import', {
		archive: { name: `${slug}.zip`, mimeType: 'application/zip', buffer: Buffer.from(tinyCourseZip(slug, title)) }
	});
	const html = await followDone(admin, response, `import of ${slug}`);
	expect(html).toContain(msg('import_done', { slug }));
	return courseFixture(slug);
}

export const coursePath = (c: CourseFixture) => `/en/courses/${c.slug}`;
export const lessonPath = (c: CourseFixture, m = 0) =>
	`/en/courses/${c.slug}/${c.modules[m].slug}/${c.modules[m].lessonSlug}`;
export const quizPath = (c: CourseFixture, m = 0) => `/en/courses/${c.slug}/${c.modules[m].slug}/quiz`;
export const attemptPath = (c: CourseFixture, m: number, attempt: number | string) =>
	`${quizPath(c, m)}/attempts/${attempt}`;

export async function assignAuthor(admin: Client, course: CourseFixture, trainerId: number): Promise<void> {
	const response = await admin.post('/en/teach?/assign', [
		['course', String(course.id)],
		['trainer', String(trainerId)]
	]);
	await followDone(admin, response, 'assign author');
}

export async function enrol(client: Client, course: CourseFixture): Promise<void> {
	const response = await client.post(`${coursePath(course)}?/enrol`);
	expect(response.status(), `enrol ${client.label}`).toBe(303);
}

export async function completeLesson(client: Client, course: CourseFixture, m = 0): Promise<void> {
	const response = await client.post(`${lessonPath(course, m)}?/complete`);
	expect(response.status(), `complete lesson ${client.label}`).toBe(303);
}

/** The hidden fields of the quiz form now (a fresh submission key and the version), and the page. */
export async function quizForm(
	client: Client,
	course: CourseFixture,
	m = 0
): Promise<{ submission: string; version: string; html: string }> {
	const response = await client.get(quizPath(course, m));
	const html = await response.text();
	expect(response.status(), `quiz page for ${client.label}`).toBe(200);
	const submission = /name="submission" value="([a-f0-9]{32})"/.exec(html)?.[1];
	const version = /name="version" value="(\d+)"/.exec(html)?.[1];
	expect(submission, 'submission key on the quiz page').toBeTruthy();
	expect(version, 'version on the quiz page').toBeTruthy();
	return { submission: submission!, version: version!, html };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" };

/**
 * The value a quiz page posts for an option, found by the option's text: options are posted by an
 * opaque id, in an order drawn per attempt, so neither the position shown nor the file's tells it.
 */
export function optionValue(html: string, questionId: string, text: string): string {
	const found = quizOptions(html, questionId).find((o) => o.text === text);
	if (!found) throw new Error(`no option "${text}" for question ${questionId} on the quiz page`);
	return found.value;
}

/** A question's options as the quiz page shows them: the value each posts and its text. */
export function quizOptions(html: string, questionId: string): { value: string; text: string }[] {
	const choice =
		/<input type="(?:radio|checkbox)" name="([^"]+)" value="([^"]+)"[^>]*>((?:[^<]|<!--[^>]*-->)*)<\/label>/g;
	return [...html.matchAll(choice)]
		.filter(([, name]) => name === `q.${questionId}`)
		.map(([, , value, label]) => ({
			value,
			text: label
				.replace(/<!--[^>]*-->/g, '')
				.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, e: string) => ENTITIES[e])
				.trim()
		}));
}

/** The fixture quiz's options in the file's order, by question id. */
export const FIXTURE_OPTIONS: Record<string, string[]> = { pick: ['The wrong one', 'The right one'] };

/**
 * Submits the quiz with `answers` (question id → option number in the file's order, looked up in
 * `options`); returns the attempt id.
 */
export async function submitQuiz(
	client: Client,
	course: CourseFixture,
	m: number,
	answers: Record<string, string>,
	options: Record<string, string[]> = FIXTURE_OPTIONS
): Promise<number> {
	const { submission, version, html } = await quizForm(client, course, m);
	const response = await client.post(quizPath(course, m), [
		['submission', submission],
		['version', version],
		...Object.entries(answers).map(
			([id, n]) => [`q.${id}`, optionValue(html, id, options[id][Number(n) - 1])] as [string, string]
		)
	]);
	expect(response.status(), `quiz submission by ${client.label}`).toBe(303);
	const attempt = /\/quiz\/attempts\/(\d+)$/.exec(locationOf(response))?.[1];
	expect(attempt, `attempt id in ${locationOf(response)}`).toBeTruthy();
	return Number(attempt);
}

/** Enrols, completes module 1's lesson and passes its quiz: the learner is certified. Returns the code. */
export async function certify(client: Client, course: CourseFixture): Promise<{ attempt: number; code: string }> {
	await enrol(client, course);
	await completeLesson(client, course, 0);
	const attempt = await submitQuiz(client, course, 0, { [QUESTION_ID]: '2' });
	const cert = await dbGet<{ code: string }>(
		'SELECT code FROM certificates WHERE user_id = ? AND course_id = ?',
		client.account!.id,
		course.id
	);
	expect(cert, `certificate of ${client.label}`).toBeTruthy();
	return { attempt, code: cert!.code };
}

// ---------------------------------------------------------------------------------------------
// Organisations and cohorts

export async function createOrganisation(
	admin: Client,
	fields: { name: string; municipality?: string; description?: string; website?: string; social_links?: string }
): Promise<{ id: number; slug: string; name: string }> {
	const response = await admin.post('/en/admin/organisations/new', [
		['name', fields.name],
		['municipality', fields.municipality ?? ''],
		['description', fields.description ?? ''],
		['website', fields.website ?? ''],
		['social_links', fields.social_links ?? '']
	]);
	expect(
		response.status(),
		`organisation ${fields.name}: ${response.status() === 400 ? (await response.text()).match(/class="error"[^<]*/g) : ''}`
	).toBe(303);
	const id = Number(/\/admin\/organisations\/(\d+)\?saved=1$/.exec(locationOf(response))?.[1]);
	const row = (await dbGet<{ slug: string; name: string }>('SELECT slug, name FROM organisations WHERE id = ?', id))!;
	return { id, slug: row.slug, name: row.name };
}

export async function organisationByName(name: string): Promise<{ id: number; slug: string; name: string }> {
	const row = await dbGet<{ id: number; slug: string; name: string }>(
		'SELECT id, slug, name FROM organisations WHERE name = ?',
		name
	);
	if (!row) throw new Error(`no organisation ${name}`);
	return row;
}

export interface CohortFixture {
	id: number;
	name: string;
	token: string;
}

/** A coordinator (or admin) creates a cohort through /cohorts/new?/save. */
export async function createCohort(
	coordinator: Client,
	name: string,
	course: CourseFixture,
	trainerIds: number[] = []
): Promise<CohortFixture> {
	const response = await coordinator.post('/en/cohorts/new?/save', [
		['name', name],
		['course', String(course.id)],
		['starts', isoDay(-1)],
		['ends', isoDay(30)],
		...trainerIds.map((t) => ['trainers', String(t)] as [string, string])
	]);
	expect(response.status(), `cohort ${name}`).toBe(303);
	const id = Number(/\/cohorts\/(\d+)\/members\?created=1$/.exec(locationOf(response))?.[1]);
	const row = (await dbGet<{ invite_token: string }>('SELECT invite_token FROM cohorts WHERE id = ?', id))!;
	return { id, name, token: row.invite_token };
}

export async function addMembers(coordinator: Client, cohort: CohortFixture, ids: number[]): Promise<void> {
	const response = await coordinator.post(
		`/en/cohorts/${cohort.id}/members?/add`,
		ids.map((id) => ['user', String(id)] as [string, string])
	);
	await followDone(coordinator, response, 'add members');
}

/** Confirms a class list of one new person; returns the set-password token of the new account. */
export async function rosterToken(
	coordinator: Client,
	cohort: CohortFixture,
	name: string,
	email: string
): Promise<string> {
	const response = await coordinator.post(`/en/cohorts/${cohort.id}/members?/confirm`, [
		['text', `name,email,organisation\n${name},${email},\n`]
	]);
	const html = await followDone(coordinator, response, `roster for ${email}`);
	const token = /\/set-password\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(html)?.[1];
	expect(token, 'set-password link after confirming the class list').toBeTruthy();
	return token!;
}

/** A 1×1 PNG. */
export const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
	'base64'
);

/** A trainer uploads an image in the lesson editor; returns its /uploads/... address. */
export async function uploadImage(trainer: Client, lessonId: number, bytes: Buffer = PNG): Promise<string> {
	const response = await trainer.multipart(`/en/teach/lessons/${lessonId}?/upload`, {
		title: 'Start here',
		body: 'Text',
		alt: 'dot',
		image: { name: 'dot.png', mimeType: 'image/png', buffer: bytes }
	});
	const html = await response.text();
	expect(response.status(), 'image upload').toBe(200);
	const url = /\/uploads\/[a-f0-9]{32}\.(?:png|jpg|webp)/.exec(html)?.[0];
	expect(url, 'uploaded image address').toBeTruthy();
	return url!;
}

// ---------------------------------------------------------------------------------------------
// Raw HTTP (node:http): exact bytes, no cookie jar, and an own client address when needed

export interface RawResponse {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: string;
}

let loopback = 0;
/**
 * A fresh 127.x.y.z address. Sign-in failures are throttled per client address (20 a window); the
 * hostile sign-ins come from their own loopback addresses so that they never lock out the address
 * the other tests sign in from.
 */
export function freshLoopback(): string {
	loopback++;
	return `127.${100 + (process.pid % 100)}.${(loopback >> 8) & 255}.${loopback & 255 || 1}`;
}

export function rawRequest(options: {
	method?: string;
	path: string;
	headers?: Record<string, string>;
	body?: string | Buffer;
	localAddress?: string;
	/** Another server than this port's e2e server (tests/e2e/instances.spec.ts). */
	port?: number;
}): Promise<RawResponse> {
	const port = options.port ?? PORT;
	const body =
		options.body === undefined
			? undefined
			: Buffer.isBuffer(options.body)
				? options.body
				: Buffer.from(options.body, 'utf8');
	// Spaces, quotes and non-ASCII characters in a path are sent percent-encoded, as a browser would.
	const path = options.path.replace(/[^\u0021-\u007e]|['"<>`{}|\\^]/g, (c) => encodeURIComponent(c));
	const attempt = () =>
		new Promise<RawResponse>((resolve, reject) => {
			const req = http.request(
				{
					host: '127.0.0.1',
					port,
					method: options.method ?? 'POST',
					path,
					// A new connection each time: a kept-alive socket that the server closes meanwhile would
					// fail the next request with ECONNRESET.
					agent: false,
					localAddress: options.localAddress,
					headers: {
						Host: `localhost:${port}`,
						...(body ? { 'Content-Length': String(body.length) } : {}),
						...options.headers
					}
				},
				(res) => {
					const chunks: Buffer[] = [];
					res.on('data', (c: Buffer) => chunks.push(c));
					res.on('end', () =>
						resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') })
					);
					res.on('error', reject);
				}
			);
			req.setTimeout(45_000, () => req.destroy(new Error(`timeout: ${options.method ?? 'POST'} ${options.path}`)));
			req.on('error', reject);
			req.end(body);
		});
	return attempt();
}

/** A multipart/form-data body by hand (so that a test can break it on purpose). */
export function multipartBody(
	parts: { name: string; value: string | Buffer; filename?: string; type?: string }[],
	boundary = `----sec${Date.now().toString(36)}`
): { body: Buffer; contentType: string } {
	const chunks: Buffer[] = [];
	for (const p of parts) {
		const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
		chunks.push(
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`
			)
		);
		chunks.push(Buffer.isBuffer(p.value) ? p.value : Buffer.from(p.value, 'utf8'));
		chunks.push(Buffer.from('\r\n'));
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

// ---------------------------------------------------------------------------------------------
// What a page says

const ERROR_TITLES = [
	'error_404_title',
	'error_403_title',
	'error_4xx_title',
	'error_500_title',
	'join_invalid_title',
	'set_password_link_problem',
	'verify_not_found_title'
]
	.filter((k) => k in EN)
	.map((k) => EN[k]);

function htmlEscape(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Whether a response tells the person what happened: a form message (notice, field error, invalid
 * field), the error page (its title), or a short plain-text answer from the framework.
 */
export function hasVisibleMessage(body: string, contentType = 'text/html'): boolean {
	if (!contentType.includes('html')) return body.trim().length > 0;
	if (/class="notice (?:error|success)"|role="alert"|role="status"|class="error"|aria-invalid="true"/.test(body))
		return true;
	return ERROR_TITLES.some((t) => body.includes(`<title>${htmlEscape(t)}`) || body.includes(`<title>${t}`));
}

/** A short description of a response for failure messages. */
export function summarise(
	status: number,
	headers: Record<string, string | string[] | undefined>,
	body: string
): string {
	const location = headers['location'];
	const title = /<title>([^<]*)<\/title>/.exec(body)?.[1];
	return `${status}${location ? ` → ${location}` : ''}${title ? ` “${title.trim()}”` : body && !/<html/i.test(body) ? ` “${body.slice(0, 80)}”` : ''}`;
}
