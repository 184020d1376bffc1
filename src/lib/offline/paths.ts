// The paths of the offline protocol (issue 21; the server's half is src/lib/server/learning/offline.ts),
// matched without the DOM so that the service worker and the unit tests share them. A slug is
// `[a-z0-9-]{1,80}`; anything else is not ours, and the worker leaves such a request to the network.

export const LOCALES = ['en', 'sq', 'sr-Latn', 'sr-Cyrl'] as const;
export type Locale = (typeof LOCALES)[number];

const L = '(en|sq|sr-Latn|sr-Cyrl)';
const S = '([a-z0-9-]{1,80})';

const DEVICE = new RegExp(`^/${L}/offline/?$`);
const SAVE = new RegExp(`^/${L}/courses/${S}/offline/?$`);
const COURSE_PAGE = new RegExp(`^/${L}/courses/${S}(?:/.*)?$`);
const LESSON = new RegExp(`^/${L}/courses/${S}/${S}/${S}/?$`);
const QUIZ = new RegExp(`^/${L}/courses/${S}/${S}/quiz/?$`);

export function localeOf(pathname: string): Locale | null {
	const m = /^\/(en|sq|sr-Latn|sr-Cyrl)(?:\/|$)/.exec(pathname);
	return m ? (m[1] as Locale) : null;
}

/** `{L}/offline`: the device page. */
export function matchDevicePage(pathname: string): { locale: Locale } | null {
	const m = DEVICE.exec(pathname);
	return m ? { locale: m[1] as Locale } : null;
}

/** `{L}/courses/{c}/offline`: save (GET) or remove (POST) a course. */
export function matchSaveCourse(pathname: string): { locale: Locale; course: string } | null {
	const m = SAVE.exec(pathname);
	return m ? { locale: m[1] as Locale, course: m[2] } : null;
}

/** The course a page under `{L}/courses/{c}` belongs to (search and the save link excluded). */
export function courseOfPage(pathname: string): string | null {
	if (SAVE.test(pathname)) return null;
	const m = COURSE_PAGE.exec(pathname);
	if (!m || m[2] === 'search') return null;
	return m[2];
}

export type Action = { kind: 'lesson' | 'quiz'; locale: Locale; course: string; page: string };

/** The `_action` the server is told (protocol §7): the lesson's `?/complete`, the quiz's bare path. */
export function actionPath(action: Action): string {
	return action.kind === 'quiz' ? action.page : `${action.page}?/complete`;
}

/**
 * The two form posts a learner may make offline (protocol §1): a lesson's `?/complete` and a quiz's
 * default action. `page` is the path of the page the form sits on (the saved copy to take a title from).
 */
export function matchAction(pathname: string, search: string): Action | null {
	const quiz = QUIZ.exec(pathname);
	// A quiz form has no action attribute: it posts to the page's own URL, query included (`?queued=1`).
	if (quiz && !search.startsWith('?/')) {
		return { kind: 'quiz', locale: quiz[1] as Locale, course: quiz[2], page: pathname.replace(/\/$/, '') };
	}
	const lesson = LESSON.exec(pathname);
	if (
		lesson &&
		search === '?/complete' &&
		lesson[4] !== 'quiz' &&
		lesson[4] !== 'assignment' &&
		lesson[3] !== 'search'
	) {
		return { kind: 'lesson', locale: lesson[1] as Locale, course: lesson[2], page: pathname.replace(/\/$/, '') };
	}
	return null;
}

/** Where a queued operation is sent: `{L}/offline/send` in the language of the form's page. */
export function sendPath(action: string): string {
	return `/${localeOf(action) ?? 'en'}/offline/send`;
}

const SAFE_PATH = /^\/(?![/\\])[^\s\\]*$/;

/** A path on this site, or null: never `//host`, `/\\host`, a backslash or white space (a link from the server). */
export function safePath(href: string | null | undefined): string | null {
	return href && SAFE_PATH.test(href) ? href : null;
}

/** A same-origin path to go to after an offline action, or null (the form's `next` is untrusted). */
export function safeNext(next: string | null | undefined): string | null {
	if (!next || next.length > 400 || !safePath(next)) return null;
	return localeOf(next) ? next : null;
}

/** A saved page is refreshed from the network only at its bare path (a `queued` notice aside). */
export function refreshable(url: URL): boolean {
	return [...url.searchParams.keys()].every((name) => name === 'queued');
}

/** An operation id as the server puts it into forms: 32 hex digits. */
export function isOpId(op: unknown): op is string {
	return typeof op === 'string' && /^[0-9a-f]{32}$/i.test(op);
}
