// The eviction race of the page cache: a viewer's remembered key still finds its page when checked,
// the page is evicted before it is read, and a write lands before the page's load runs its view. The
// rendering then shows the data after the write; stored under the key of the data before it, another
// learner still at that point would be shown the first learner's progress.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import type { DB } from '$lib/server/db/client';
import type { SessionUser } from '$lib/server/auth/session';
import { getCourseBySlug, type CourseInfo } from '$lib/server/catalogue/courses';
import { completeLesson, enrol } from '$lib/server/learning/progress';
import { PageCache, pageCacheHandle, sharedData } from '$lib/server/http/page-cache';
import { cachedPages } from '$lib/server/http/shared-pages';
import { T0, insertUser } from './helpers';
import { freshContentDb, importOk, removeTempDirs, writeDemo } from './content-fixture';

/** A page store in which the next page checked is evicted right after the check said it is kept. */
class RacingCache extends PageCache {
	evictAfterCheck = false;
	override has(key: string): boolean {
		const kept = super.has(key);
		if (kept && this.evictAfterCheck) {
			this.evictAfterCheck = false;
			// As a burst of other pages would push it out: a cache this small keeps one page.
			super.set(`other:${key}`, { status: 200, headers: [], body: new Uint8Array(999_000), encoded: {} });
		}
		return kept;
	}
}

describe('a page evicted between the key check and the read', () => {
	let db: DB;
	let course: CourseInfo;
	const ROUTE = '/(learn)/courses/[course]';

	const learner = async (name: string): Promise<SessionUser> => {
		const email = `${name.toLowerCase()}@example.org`;
		const id = await insertUser(db, { name, email });
		return { id, name, email, role: 'learner', organisationId: null };
	};

	/** The course page through the cache; the "render" is the data its load returns. */
	async function coursePage(cache: RacingCache, who: SessionUser, beforeLoad: () => Promise<void> = async () => {}) {
		const url = new URL('http://localhost/en/courses/demo');
		const event = {
			isDataRequest: false,
			request: new Request(url),
			url,
			route: { id: ROUTE },
			params: { course: 'demo' },
			locals: { db, user: who, session: null }
		} as unknown as RequestEvent;
		const response = await pageCacheHandle(cache)({
			event,
			resolve: async (e) => {
				await beforeLoad();
				const data = await sharedData(e, cachedPages[ROUTE]!.view);
				return new Response(JSON.stringify(data), { headers: { 'content-type': 'text/html' } });
			}
		});
		return JSON.parse(await response.text()) as { state: { modules: { lessonsDone: number }[] } };
	}

	beforeEach(async () => {
		db = await freshContentDb();
		await importOk(db, writeDemo());
		course = (await getCourseBySlug(db, 'demo', 'en'))!;
	});
	afterEach(removeTempDirs);

	it('is answered but not stored, so a learner at the old point never sees another’s progress', async () => {
		const cache = new RacingCache(1_000_000);
		const [ana, bojan] = [await learner('Ana'), await learner('Bojan')];
		for (const who of [ana, bojan]) await enrol(db, who.id, course.id, T0);
		expect((await coursePage(cache, ana)).state.modules[0].lessonsDone).toBe(0);

		// Ana asks again: her remembered key is checked, the page goes, and she completes a lesson
		// (another tab) before the load runs.
		cache.evictAfterCheck = true;
		const again = await coursePage(cache, ana, () =>
			completeLesson(db, ana.id, course, course.modules[0].lessons[0].id, T0).then(() => undefined)
		);
		expect(again.state.modules[0].lessonsDone).toBe(1);

		// Bojan has done nothing: his page says so.
		expect((await coursePage(cache, bojan)).state.modules[0].lessonsDone).toBe(0);
	});
});
