// The page cache's remembered keys: a page is answered without running its view only while the
// database has not changed, a write that a page shows changes it at once, and a personal page
// (the home page's greeting, the quiz page's submission key) never reaches another viewer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { RequestEvent } from '@sveltejs/kit';
import { dataGeneration, migrate, openDatabase, type DB } from '$lib/server/db/client';
import type { SessionUser } from '$lib/server/auth/session';
import { getCourseBySlug, type CourseInfo } from '$lib/server/catalogue/courses';
import * as cohorts from '$lib/server/cohorts/cohorts';
import { completeLesson, enrol } from '$lib/server/learning/progress';
import * as quizzes from '$lib/server/learning/quizzes';
import { handlePageCache } from '$lib/server/http/page-cache';
import { T0, DAY, freshDb, insertUser } from './helpers';
import { freshContentDb, importOk, removeTempDirs, tempDir, writeDemo } from './content-fixture';

describe('the database generation', () => {
	let db: DB;
	beforeEach(async () => {
		db = await freshDb();
	});

	it('stays while only reads happen', async () => {
		const before = await dataGeneration(db);
		await db.selectFrom('users').selectAll().execute();
		expect(await dataGeneration(db)).toBe(before);
	});

	it('changes with every insert, update, delete and raw write, in a transaction or not', async () => {
		const seen = new Set([await dataGeneration(db)]);
		const id = await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
		seen.add(await dataGeneration(db));
		await db.updateTable('users').set({ name: 'Ana P.' }).where('id', '=', id).execute();
		seen.add(await dataGeneration(db));
		await db.transaction().execute((tx) => sql`update users set name = 'Ana' where id = ${id}`.execute(tx));
		seen.add(await dataGeneration(db));
		await db.deleteFrom('users').where('id', '=', id).execute();
		seen.add(await dataGeneration(db));
		expect(seen.size).toBe(5);
	});

	it('changes when another process commits to the same file', async () => {
		const path = join(tempDir(), 'shared.sqlite');
		const server = openDatabase(path);
		await migrate(server);
		const cli = openDatabase(path);
		try {
			const before = await dataGeneration(server);
			await insertUser(cli, { name: 'Bojan', email: 'bojan@example.org' });
			expect(await dataGeneration(server)).not.toBe(before);
		} finally {
			await cli.destroy();
			await server.destroy();
			removeTempDirs();
		}
	});
});

describe('pages answered from the cache', () => {
	let db: DB;
	let course: CourseInfo;
	let renders: number;

	const person = async (name: string, role: SessionUser['role'] = 'learner'): Promise<SessionUser> => {
		const email = `${name.toLowerCase()}@example.org`;
		const id = await insertUser(db, { name, email, role });
		return { id, name, email, role, organisationId: null };
	};

	/** A request through the page cache; the "render" shows the viewer's name and the view's data. */
	async function visit(
		who: SessionUser,
		path: string,
		routeId: string,
		params: Record<string, string> = {},
		isDataRequest = false
	) {
		const url = new URL(`http://localhost${path}`);
		const event = {
			isDataRequest,
			request: new Request(url),
			url,
			route: { id: routeId },
			params,
			locals: { db, user: who, session: null }
		} as unknown as RequestEvent;
		const response = await handlePageCache({
			event,
			resolve: async (e) => {
				renders++;
				const shown = { viewer: e.locals.user?.name, data: e.locals.sharedPage?.data };
				const type = e.isDataRequest ? 'application/json' : 'text/html';
				return new Response(JSON.stringify(shown), { headers: { 'content-type': type } });
			}
		});
		return {
			text: await response.text(),
			type: response.headers.get('content-type'),
			viewRan: event.locals.sharedPage !== undefined
		};
	}

	beforeEach(async () => {
		db = await freshContentDb();
		await importOk(db, writeDemo());
		course = (await getCourseBySlug(db, 'demo', 'en'))!;
		renders = 0;
	});
	afterEach(removeTempDirs);

	const coursePage = (who: SessionUser) =>
		visit(who, '/en/courses/demo', '/(learn)/courses/[course]', { course: 'demo' });

	it('does not run the view again while nothing was written, and shows a lesson completion at once', async () => {
		const ana = await person('Ana');
		await enrol(db, ana.id, course.id, T0);
		const first = await coursePage(ana);
		expect(first.viewRan).toBe(true);
		const again = await coursePage(ana);
		expect(again.viewRan).toBe(false);
		expect(again.text).toBe(first.text);
		expect(renders).toBe(1);

		await completeLesson(db, ana.id, course, course.modules[0].lessons[0].id, T0);
		const after = await coursePage(ana);
		expect(after.viewRan).toBe(true);
		expect(after.text).not.toBe(first.text);
		expect(JSON.parse(after.text).data.state.modules[0].lessonsDone).toBe(1);
	});

	it('greets each learner on the home page by their own name, however often it is asked for', async () => {
		const [ana, bojan] = [await person('Ana'), await person('Bojan')];
		const home = (who: SessionUser) => visit(who, '/en', '/(public)');
		for (let round = 0; round < 2; round++) {
			expect(JSON.parse((await home(ana)).text).viewer).toBe('Ana');
			expect(JSON.parse((await home(bojan)).text).viewer).toBe('Bojan');
		}
		expect(renders).toBe(2);
	});

	it('gives each learner the quiz page with their own submission key', async () => {
		const [ana, bojan] = [await person('Ana'), await person('Bojan')];
		for (const who of [ana, bojan]) {
			await enrol(db, who.id, course.id, T0);
			for (const lesson of course.modules[0].lessons) await completeLesson(db, who.id, course, lesson.id, T0);
		}
		const mod = course.modules[0].slug;
		const quiz = (who: SessionUser) =>
			visit(who, `/en/courses/demo/${mod}/quiz`, '/(learn)/courses/[course]/[module]/quiz', {
				course: 'demo',
				module: mod
			});
		const keyOf = new Map<number, string>();
		for (let round = 0; round < 2; round++) {
			for (const who of [ana, bojan]) {
				const key = JSON.parse((await quiz(who)).text).data?.submissionKey as string | undefined;
				const fresh = await quizzes.submissionKey(db, who.id, course.modules[0].quiz!.id, 1);
				expect(key ?? keyOf.get(who.id)).toBe(fresh);
				if (key) keyOf.set(who.id, key);
			}
		}
		expect(keyOf.get(ana.id)).not.toBe(keyOf.get(bojan.id));
		// Each learner's page rendered once, then answered from the cache.
		expect(renders).toBe(2);
	});

	it('shows the coordinator a learner’s progress on the dashboard right after it is made', async () => {
		const coordinator = await person('Cora', 'coordinator');
		const ana = await person('Ana');
		await enrol(db, ana.id, course.id, T0);
		const cohort = await cohorts.createCohort(
			db,
			{ name: 'Spring', courseId: course.id, startsAt: T0, endsAt: T0 + 70 * DAY, trainerIds: [], organisationIds: [] },
			coordinator.id,
			T0
		);
		await cohorts.addMembers(db, cohort, [ana.id], T0);
		const dashboard = () =>
			visit(coordinator, `/en/cohorts/${cohort.id}`, '/(coordinate)/cohorts/[id]', { id: String(cohort.id) });
		const before = await dashboard();
		expect((await dashboard()).viewRan).toBe(false);
		await completeLesson(db, ana.id, course, course.modules[0].lessons[0].id, T0 + DAY);
		const after = await dashboard();
		expect(after.viewRan).toBe(true);
		expect(after.text).not.toBe(before.text);
		// Rendered without the coordinator's name: the page is shared by coordinators who see the same.
		expect(JSON.parse(after.text).viewer).toBe('');
	});

	it('answers the client router’s data request for a page with data, never with the stored page', async () => {
		const ana = await person('Ana');
		await enrol(db, ana.id, course.id, T0);
		await coursePage(ana);
		const data = await visit(ana, '/en/courses/demo', '/(learn)/courses/[course]', { course: 'demo' }, true);
		expect(data.type).toBe('application/json');
		expect(JSON.parse(data.text).viewer).toBe('Ana');
		expect((await coursePage(ana)).type).toBe('text/html');
	});
});
