import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import type { DB } from '$lib/server/db/client';
import type { SessionUser } from '$lib/server/auth/session';
import { getCourseBySlug, type CourseInfo } from '$lib/server/catalogue/courses';
import { completeLesson, enrol } from '$lib/server/learning/progress';
import { PageCache, sharedViewer, storable, viewKey, type StoredPage } from '$lib/server/http/page-cache';
import { notify } from '$lib/server/people/notices';
import { T0, insertUser } from './helpers';
import { freshContentDb, importOk, removeTempDirs, writeDemo } from './content-fixture';

const bytes = (n: number) => new Uint8Array(n);
const page = (n: number): StoredPage => ({ status: 200, headers: [], body: bytes(n), encoded: {} });

describe('the page cache', () => {
	it('keeps pages up to its size and drops the least recently used first', () => {
		const cache = new PageCache(10_000);
		cache.set('a', page(4000));
		cache.set('b', page(4000));
		expect(cache.get('a')).toBeDefined();
		cache.set('c', page(4000));
		expect(cache.get('b')).toBeUndefined();
		expect(cache.get('a')).toBeDefined();
		expect(cache.get('c')).toBeDefined();
		expect(cache.size.bytes).toBeLessThanOrEqual(10_000);
	});

	it('counts compressed copies in its size', () => {
		const cache = new PageCache(10_000);
		const a = page(4000);
		cache.set('a', a);
		cache.set('b', page(3000));
		cache.addEncoded('a', a, 'br', bytes(1000));
		expect(cache.get('a')?.encoded.br?.byteLength).toBe(1000);
		cache.addEncoded('b', cache.get('b')!, 'gzip', bytes(2500));
		expect(cache.get('a')).toBeUndefined();
	});
});

describe('what may be stored', () => {
	const response = (status = 200, headers: Record<string, string> = {}) =>
		new Response(null, { status, headers: { 'content-type': 'text/html', ...headers } });

	it('stores a plain HTML page', () => {
		expect(storable(response())).toBe(true);
	});

	it('refuses errors, cookies, other types and pages with a nonce', () => {
		expect(storable(response(404))).toBe(false);
		expect(storable(response(200, { 'set-cookie': 'a=b' }))).toBe(false);
		expect(storable(response(200, { 'content-type': 'application/json' }))).toBe(false);
		expect(storable(response(200, { 'content-security-policy': "script-src 'self' 'nonce-abc'" }))).toBe(false);
	});

	it('renders a shared page for a viewer without the name or e-mail address, so neither can be stored', () => {
		const viewer = {
			id: 7,
			name: 'Ana Petrović',
			email: 'ana@example.org',
			role: 'learner' as const,
			organisationId: null
		};
		const shared = sharedViewer(viewer);
		expect(JSON.stringify(shared)).not.toContain('Ana Petrović');
		expect(JSON.stringify(shared)).not.toContain('ana@example.org');
		expect(shared).toMatchObject({ id: 7, role: 'learner' });
	});
});

describe('the view of a lesson page', () => {
	let db: DB;
	let course: CourseInfo;
	let ana: SessionUser;
	let bojan: SessionUser;

	const user = async (name: string): Promise<SessionUser> => {
		const email = `${name.toLowerCase()}@example.org`;
		const id = await insertUser(db, { name, email });
		return { id, name, email, role: 'learner', organisationId: null };
	};
	const event = (who: SessionUser | null, lesson: string, method = 'GET') =>
		({
			request: new Request(`http://localhost/en/courses/demo/intro/${lesson}`, { method }),
			url: new URL(`http://localhost/en/courses/demo/intro/${lesson}`),
			route: { id: '/(learn)/courses/[course]/[module]/[lesson]' },
			params: { course: 'demo', module: 'intro', lesson },
			locals: { db, user: who, session: null }
		}) as unknown as RequestEvent;

	beforeEach(async () => {
		db = await freshContentDb();
		await importOk(db, writeDemo());
		course = (await getCourseBySlug(db, 'demo', 'en'))!;
		ana = await user('Ana');
		bojan = await user('Bojan');
		for (const u of [ana, bojan]) await enrol(db, u.id, course.id, T0);
	});
	afterEach(removeTempDirs);

	const first = () => course.modules[0].lessons[0];

	it('is the same for two learners at the same point, so they share one rendering', async () => {
		const a = await viewKey(event(ana, first().slug));
		expect(a).not.toBeNull();
		expect(await viewKey(event(bojan, first().slug))).toBe(a);
	});

	it('changes when the learner completes the lesson', async () => {
		const before = await viewKey(event(ana, first().slug));
		await completeLesson(db, ana.id, course, first().id, T0);
		const after = await viewKey(event(ana, first().slug));
		expect(after).not.toBe(before);
		expect(await viewKey(event(bojan, first().slug))).toBe(before);
	});

	it('differs by the unread notices count the header shows, so no one sees the count of another', async () => {
		const before = await viewKey(event(ana, first().slug));
		await notify(db, ana.id, 'coordinator-message', { subject: 'Hi', body: 'Hello', cohort: 'C', from: 'X' }, '/');
		const after = await viewKey(event(ana, first().slug));
		expect(after).not.toBe(before);
		expect(await viewKey(event(bojan, first().slug))).toBe(before);
	});

	it('depends on the role, and is not made for a locked lesson, a missing lesson, a visitor or a POST', async () => {
		const trainer = { ...ana, role: 'trainer' as const };
		expect(await viewKey(event(trainer, first().slug))).not.toBe(await viewKey(event(ana, first().slug)));
		expect(await viewKey(event(ana, course.modules[0].lessons[1].slug))).toBeNull();
		expect(await viewKey(event(ana, 'no-such-lesson'))).toBeNull();
		expect(await viewKey(event(null, first().slug))).toBeNull();
		expect(await viewKey(event(ana, first().slug, 'POST'))).toBeNull();
	});
});

describe('the view of a course page', () => {
	let db: DB;
	let course: CourseInfo;

	const learner = async (name: string): Promise<SessionUser> => {
		const email = `${name.toLowerCase()}@example.org`;
		const id = await insertUser(db, { name, email });
		return { id, name, email, role: 'learner', organisationId: null };
	};
	const event = (who: SessionUser) =>
		({
			request: new Request('http://localhost/en/courses/demo'),
			url: new URL('http://localhost/en/courses/demo'),
			route: { id: '/(learn)/courses/[course]' },
			params: { course: 'demo' },
			locals: { db, user: who, session: null }
		}) as unknown as RequestEvent;

	beforeEach(async () => {
		db = await freshContentDb();
		await importOk(db, writeDemo());
		course = (await getCourseBySlug(db, 'demo', 'en'))!;
	});
	afterEach(removeTempDirs);

	it('is shared by learners at the same point and parts when one of them moves on', async () => {
		const [ana, bojan] = [await learner('Ana'), await learner('Bojan')];
		for (const u of [ana, bojan]) await enrol(db, u.id, course.id, T0);
		const shared = await viewKey(event(ana));
		expect(shared).not.toBeNull();
		expect(await viewKey(event(bojan))).toBe(shared);
		await completeLesson(db, ana.id, course, course.modules[0].lessons[0].id, T0);
		expect(await viewKey(event(ana))).not.toBe(shared);
		expect(await viewKey(event(bojan))).toBe(shared);
	});
});
