// Where each role lands after signing in, and the home page's first block (people/landing.ts); the
// language of a certificate's PDF chosen at download time (certificates/pdf-language.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import { getCourseBySlug, type CourseInfo } from '$lib/server/catalogue/courses';
import { completeLesson, enrol } from '$lib/server/learning/progress';
import { createCohort } from '$lib/server/cohorts/cohorts';
import { continueStep, homeLanding, landingPath } from '$lib/server/people/landing';
import { inLanguage, pdfLocale } from '$lib/server/learning/certificates/pdf-language';
import type { Certificate } from '../../db/schema';
import { DAY, T0, insertUser } from './helpers';
import { freshContentDb, importOk, removeTempDirs, writeDemo } from './content-fixture';

let db: DB;
let course: CourseInfo;
let ana: number;

beforeEach(async () => {
	db = await freshContentDb();
	await importOk(db, writeDemo());
	course = (await getCourseBySlug(db, 'demo', 'en'))!;
	ana = await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
});
afterEach(removeTempDirs);

const lessonHref = (m: number, l: number) =>
	`/courses/demo/${course.modules[m].slug}/${course.modules[m].lessons[l].slug}`;

describe('where a learner lands', () => {
	it('on the home page before any course, then on the next step of the course, one lesson further each time', async () => {
		const learner = { id: ana, role: 'learner' };
		expect(await landingPath(db, learner, 'en')).toBe('/');
		expect(await homeLanding(db, learner, 'en')).toEqual({ role: 'learner', next: null, enrolled: false });

		await enrol(db, ana, course.id, T0);
		expect(await landingPath(db, learner, 'en')).toBe(lessonHref(0, 0));
		expect(await homeLanding(db, learner, 'en')).toEqual({
			role: 'learner',
			enrolled: true,
			next: {
				href: lessonHref(0, 0),
				courseTitle: 'Demo course',
				title: course.modules[0].lessons[0].title,
				kind: 'lesson'
			}
		});

		await completeLesson(db, ana, course, course.modules[0].lessons[0].id, T0 + DAY);
		expect(await landingPath(db, learner, 'en')).toBe(lessonHref(0, 1));
	});

	it('names the step in the learner’s language', async () => {
		await enrol(db, ana, course.id, T0);
		const sq = await getCourseBySlug(db, 'demo', 'sq');
		const step = await continueStep(db, ana, 'sq');
		expect(step?.courseTitle).toBe('Kurs demonstrues');
		expect(step?.title).toBe(sq!.modules[0].lessons[0].title);
	});
});

describe('where staff land', () => {
	it('sends a trainer to teaching, a coordinator to cohorts and an admin to administration', async () => {
		const trainer = await insertUser(db, { name: 'Tea', email: 'tea@example.org', role: 'trainer' });
		const coordinator = await insertUser(db, { name: 'Co', email: 'co@example.org', role: 'coordinator' });
		const admin = await insertUser(db, { name: 'Ad', email: 'ad@example.org', role: 'admin' });
		expect(await landingPath(db, { id: trainer, role: 'trainer' }, 'en')).toBe('/teach');
		expect(await landingPath(db, { id: coordinator, role: 'coordinator' }, 'en')).toBe('/cohorts');
		expect(await landingPath(db, { id: admin, role: 'admin' }, 'en')).toBe('/admin/users');
	});

	it('shows a trainer their courses with the hand-ins waiting, and a coordinator the cohorts', async () => {
		const trainer = await insertUser(db, { name: 'Tea', email: 'tea@example.org', role: 'trainer' });
		const coordinator = await insertUser(db, { name: 'Co', email: 'co@example.org', role: 'coordinator' });
		expect(await homeLanding(db, { id: trainer, role: 'trainer' }, 'en')).toEqual({
			role: 'trainer',
			waiting: 0,
			courses: []
		});
		await db.insertInto('course_authors').values({ course_id: course.id, user_id: trainer }).execute();
		expect(await homeLanding(db, { id: trainer, role: 'trainer' }, 'en')).toEqual({
			role: 'trainer',
			waiting: 0,
			courses: [{ id: course.id, title: 'Demo course', waiting: 0 }]
		});

		expect(await homeLanding(db, { id: coordinator, role: 'coordinator' }, 'en')).toEqual({
			role: 'coordinator',
			cohorts: []
		});
		const cohort = await createCohort(
			db,
			{ name: 'Spring', courseId: course.id, startsAt: T0, endsAt: T0 + 30 * DAY, trainerIds: [], organisationIds: [] },
			coordinator,
			T0
		);
		expect(await homeLanding(db, { id: coordinator, role: 'coordinator' }, 'sq')).toEqual({
			role: 'coordinator',
			cohorts: [{ id: cohort.id, name: 'Spring', courseTitle: 'Kurs demonstrues', members: 0 }]
		});
	});
});

describe('the language of a certificate’s PDF', () => {
	const certificate = (userId: number | null, locale: string): Certificate => ({
		id: 1,
		code: 'AAAA-BBBB-CCCC',
		search_text: null,
		kind: 'learner',
		course_id: course.id,
		user_id: userId,
		organisation_id: null,
		recipient_name: 'Ana',
		organisation_name: null,
		course_title: 'Demo course',
		locale,
		issuer_name: 'CivicSteps',
		issued_at: T0,
		credential: '',
		note: '',
		revoked_at: null,
		revoked_reason: null,
		revoked_by: null,
		hours: null,
		organisations: '[]'
	});

	it('is the one asked for, else the holder’s preferred language, else the one it was issued in', async () => {
		const cert = certificate(ana, 'en');
		expect(await pdfLocale(db, cert, null)).toBe('en');
		await db.updateTable('users').set({ locale: 'sr-Latn' }).where('id', '=', ana).execute();
		expect(await pdfLocale(db, cert, null)).toBe('sr-Latn');
		expect(await pdfLocale(db, cert, 'sq')).toBe('sq');
		// Anything else asked for is ignored.
		expect(await pdfLocale(db, cert, 'xx')).toBe('sr-Latn');
		await db.updateTable('users').set({ locale: 'klingon' }).where('id', '=', ana).execute();
		expect(await pdfLocale(db, cert, null)).toBe('en');
		expect(await pdfLocale(db, certificate(null, 'sq'), null)).toBe('sq');
	});

	it('prints the course title in the chosen language, and the issued one in the language it was issued in', async () => {
		const cert = certificate(ana, 'en');
		expect(await inLanguage(db, cert, 'en')).toBe(cert);
		expect(await inLanguage(db, cert, 'sq')).toMatchObject({ locale: 'sq', course_title: 'Kurs demonstrues' });
		expect(cert.locale).toBe('en');
	});
});
