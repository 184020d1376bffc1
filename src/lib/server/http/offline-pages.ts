// The routes of learning without a connection (issue 21): the texts and the course manifest the
// service worker reads, the endpoint a device sends its waiting steps to, and the device page.
// The protocol between them is described in README ("Learning without a connection").
import { error, json, redirect, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { deLocalizeHref, localizeHref } from '$lib/i18n/href';
import * as offline from '../learning/offline';
import * as progress from '../learning/progress';
import { loadCourseOr404 } from './learning-pages';
import { requireUser } from './guard';

/** Every text the service worker shows, in the request's language (public: no personal data). */
export function workerTexts() {
	return {
		locale: getLocale(),
		texts: {
			savedCopy: m.offline_sw_saved_copy({ date: '{date}' }),
			queued: m.offline_sw_queued(),
			queuedQuiz: m.offline_sw_queued_quiz(),
			savedCourse: m.offline_sw_saved_course({ date: '{date}', pages: '{pages}', size: '{size}' }),
			saved: m.offline_sw_saved(),
			saveFailed: m.offline_sw_save_failed(),
			removed: m.offline_sw_removed(),
			remove: m.offline_sw_remove(),
			savedCourses: m.offline_sw_saved_courses(),
			nothingSaved: m.offline_sw_nothing_saved(),
			waitingHeading: m.offline_sw_waiting_heading(),
			nothingWaiting: m.offline_sw_nothing_waiting(),
			stateWaiting: m.offline_sw_state_waiting(),
			stateSignIn: m.offline_sw_state_signin(),
			signIn: m.offline_sw_signin(),
			stateOtherUser: m.offline_sw_state_other_user(),
			stateRefused: m.offline_sw_state_refused({ reason: '{reason}' }),
			dismiss: m.offline_sw_dismiss(),
			sendNow: m.offline_sw_send_now(),
			sent: m.offline_sw_sent(),
			sentSome: m.offline_sw_sent_some({ sent: '{sent}', left: '{left}' }),
			sentHeading: m.offline_sw_sent_heading(),
			stateSent: m.offline_sw_state_sent(),
			seeResult: m.offline_sw_see_result(),
			offlinePage: m.offline_sw_offline_page(),
			kindLesson: m.offline_sw_kind_lesson({ title: '{title}' }),
			kindQuiz: m.offline_sw_kind_quiz({ title: '{title}' }),
			sizeKB: m.offline_sw_size_kb({ size: '{size}' }),
			sizeMB: m.offline_sw_size_mb({ size: '{size}' }),
			serverError: m.offline_sw_server_error(),
			saveSignIn: m.offline_sw_save_signin()
		}
	};
}

/** GET /courses/[course]/offline.json: what the device saves of a course (learning/offline.ts manifest). */
export async function courseManifest(event: RequestEvent): Promise<Response> {
	const user = event.locals.user;
	if (!user) return json({ error: 'signin' }, { status: 401 });
	const course = await loadCourseOr404(event.locals.db, event.params.course ?? '');
	const state = await progress.getCourseState(event.locals.db, user.id, course);
	if (!state.enrolled) error(404, { message: m.error_404_text() });
	const manifest = offline.manifest(course, state, user.id, getLocale());
	return json({ ...manifest, pages: manifest.pages.map((p) => localizeHref(p)) });
}

const MESSAGES: Record<offline.Refusal, () => string> = {
	locked: m.offline_refused_locked,
	passed: m.offline_refused_passed,
	exhausted: m.offline_refused_exhausted,
	waiting: m.offline_refused_waiting,
	changed: m.offline_refused_changed,
	not_enrolled: m.offline_refused_not_enrolled,
	invalid: m.offline_refused_invalid
};

/** What the learner reads about an answer (on the device page and in the device's list). */
export function answerMessage(answer: offline.Answer): string {
	if (answer.outcome === 'refused') return MESSAGES[answer.reason]();
	if (answer.duplicate) return m.offline_done_duplicate();
	if (answer.kind === 'lesson') return m.offline_done_lesson();
	return answer.passed
		? m.offline_done_quiz_passed({ score: answer.score ?? 0 })
		: m.offline_done_quiz_failed({ score: answer.score ?? 0 });
}

/**
 * POST /offline/send: one step a device did offline (the form's fields, plus `_action`, `_user`,
 * `_at`). Always answers JSON: done or refused with a message in the request's language; 401 or 409
 * when the person signed in is not the one who did it (the device keeps it and asks to sign in).
 */
export async function sendOperation(event: RequestEvent): Promise<Response> {
	const user = event.locals.user;
	if (!user) return json({ outcome: 'signin', message: m.offline_signin() }, { status: 401 });
	let form: FormData;
	try {
		form = await event.request.formData();
	} catch (e) {
		return invalid((e as { status?: unknown })?.status === 413 ? 413 : 400);
	}
	const action = form.get('_action');
	const op = form.get('op');
	const who = form.get('_user');
	const at = form.get('_at');
	if (typeof action !== 'string' || typeof op !== 'string' || action.length > 500) return invalid();
	if (typeof who === 'string' && who !== '' && who !== String(user.id))
		return json({ outcome: 'signin', reason: 'other_user', message: m.offline_other_user() }, { status: 409 });
	// The device's own fields go; the form's fields stay exactly as the page posted them.
	for (const name of ['_action', '_user', '_at', 'next']) form.delete(name);
	const answeredAt = typeof at === 'string' && /^\d{1,15}$/.test(at) ? Number(at) : null;
	// An address that is no URL at all ("http://[") makes URL parsing throw: the sender's mistake.
	let path: string;
	try {
		path = deLocalizeHref(action);
	} catch {
		return invalid();
	}
	const answer = await offline.receive(event.locals.db, user, {
		op,
		action: path,
		form,
		answeredAt,
		locale: getLocale()
	});
	const body = {
		...answer,
		message: answerMessage(answer),
		href: localizeHref(answer.href)
	};
	return json(body);
}

function invalid(status = 400): Response {
	return json({ outcome: 'refused', reason: 'invalid', message: m.offline_refused_invalid() }, { status });
}

/** The device page: what the server received from the learner's devices (the device's part is the worker's). */
export async function devicePage(event: RequestEvent) {
	const user = event.locals.user;
	const received = user ? await offline.listReceived(event.locals.db, user.id, getLocale()) : [];
	return {
		signedIn: user !== null,
		noWorker: event.url.searchParams.has('nosw'),
		received: received.map((item) => ({
			...item,
			href: localizeHref(item.href),
			message: answerMessage(
				item.outcome === 'done'
					? {
							outcome: 'done',
							kind: item.kind,
							href: item.href,
							duplicate: false,
							score: item.score,
							passed: item.passed
						}
					: { outcome: 'refused', kind: item.kind, reason: item.reason ?? 'invalid', href: item.href }
			)
		}))
	};
}

/** A form of the device page or the save page reached the server: no worker took it (none in this browser). */
export function noWorker(): never {
	redirect(303, localizeHref('/offline?nosw=1'));
}

/** The save page without a worker: it explains what saving needs. */
export async function savePage(event: RequestEvent) {
	const user = requireUser(event);
	const course = await loadCourseOr404(event.locals.db, event.params.course ?? '');
	const state = await progress.getCourseState(event.locals.db, user.id, course);
	return { course: { slug: course.slug, title: course.title }, enrolled: state.enrolled };
}
