// The page cache (src/lib/server/http/page-cache.ts) keeps a rendered lesson page for every learner at
// the same point. Learners at the same point who read in different languages must each get their
// own language, also at an address without a language in it (a typed or old link, answered in the
// language of the cookie or of Accept-Language).
import http from 'node:http';
import { strFromU8, unzipSync } from 'fflate';
import { expect, test, type Browser } from '@playwright/test';
import { importTestCourse, testCourse, zipFiles, type TestCourse } from './authoring-helpers';
import { courseCard, h1, msg, open, ready, signUpLearner, type Locale } from './learning-helpers';

/**
 * The authoring tests' course with a second lesson, in English only: the course, module and lesson
 * titles are then the same in every language, so only the interface around them differs.
 */
function twoLessonCourse(): TestCourse & { second: { slug: string; title: string } } {
	const course = testCourse();
	const files = Object.fromEntries(
		Object.entries(unzipSync(new Uint8Array(course.zip))).map(([path, bytes]) => [path, strFromU8(bytes)])
	);
	const second = { slug: 'next-steps', title: `Next steps ${course.tag}` };
	files[`${course.slug}/01-${course.module.slug}/02-${second.slug}.md`] =
		`---\ntitle: ${second.title}\nminutes: 5\n---\n\nThe second lesson.\n`;
	return { ...course, second, zip: zipFiles(files) };
}

/** A new learner enrolled in the course, on its first lesson; returns their session cookie only. */
async function enrolledLearner(browser: Browser, course: TestCourse): Promise<string> {
	const context = await browser.newContext();
	try {
		const page = await context.newPage();
		await signUpLearner(page, 'en', 'cache');
		await open(page, '/en/courses');
		await ready(page);
		await courseCard(page, course.title)
			.getByRole('button', { name: msg('en', 'course_enrol'), exact: true })
			.click();
		await expect(h1(page)).toHaveText(course.lesson.title);
		const session = (await context.cookies()).find((c) => c.name === 'session');
		expect(session, 'a session cookie').toBeTruthy();
		return `session=${session!.value}`;
	} finally {
		await context.close();
	}
}

/** GET as a script or an old link would (no locale cookie, no Sec-Fetch headers): status and body. */
function get(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		http
			.get(url, { headers: { accept: 'text/html', ...headers } }, (response) => {
				let body = '';
				response.setEncoding('utf8');
				response.on('data', (chunk: string) => (body += chunk));
				response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
			})
			.on('error', reject);
	});
}

test('learners at the same lesson in different languages each get their own language from the cache', async ({
	browser,
	baseURL
}) => {
	// Four sign-ups and an import: more than the default minute on a busy machine.
	test.setTimeout(180_000);
	const course = await importTestCourse(browser, twoLessonCourse());
	const path = `/courses/${course.slug}/${course.module.slug}/${course.lesson.slug}`;
	const readers: { locale: Locale; acceptLanguage: string }[] = [
		{ locale: 'sq', acceptLanguage: 'sq-AL,sq;q=0.9' },
		{ locale: 'en', acceptLanguage: 'en-GB,en;q=0.9' },
		{ locale: 'sr-Cyrl', acceptLanguage: 'sr-Cyrl-RS,sr-Cyrl;q=0.9' },
		{ locale: 'sr-Latn', acceptLanguage: 'sr-Latn,sr;q=0.9' }
	];
	const cookies = await Promise.all(readers.map(() => enrolledLearner(browser, course)));

	// Twice round: the first round fills the cache, the second is answered from it.
	for (let round = 0; round < 2; round++) {
		for (const [i, reader] of readers.entries()) {
			const page = await get(new URL(path, baseURL).href, {
				cookie: cookies[i],
				'accept-language': reader.acceptLanguage
			});
			expect(page.status, `${reader.locale}, round ${round + 1}`).toBe(200);
			expect(page.body, `${reader.locale}, round ${round + 1}: the page's language`).toContain(
				`<html lang="${reader.locale}"`
			);
			expect(page.body, `${reader.locale}, round ${round + 1}: the interface's language`).toContain(
				msg(reader.locale, 'nav_courses')
			);
			expect(page.body).toContain(course.lesson.title);
			for (const other of readers.filter((r) => msg(r.locale, 'nav_courses') !== msg(reader.locale, 'nav_courses'))) {
				expect(page.body, `${reader.locale}, round ${round + 1}: no ${other.locale} interface`).not.toContain(
					`>${msg(other.locale, 'nav_courses')}<`
				);
			}
		}
	}
});
