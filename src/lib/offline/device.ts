// The device part of `{L}/offline` (protocol §5), rendered by the worker into the server's page (inside
// its section with an h2, so the lists have h3 headings): what
// is saved here, what waits to be sent, and what was sent. Plain forms, so that it needs no script.
import { escapeHtml as e, fill } from './html';
import { dateText, sizeText } from './size';
import { isOwn } from './account';
import type { Queued, Sent } from './queue';
import type { Texts } from './texts';

export type SavedCourse = {
	slug: string;
	title: string;
	user: number;
	locale: string;
	version: string;
	/** The name of its Cache Storage cache after `course:{slug}:`. */
	saved: string;
	pages: string[];
	bytes: number;
	savedAt: number;
	checkedAt: number;
};

/** The status line the query asks for, as plain text (null for none). */
export function statusFor(search: URLSearchParams, texts: Texts): string | null {
	if (search.has('saved')) return texts.saved;
	if (search.has('save-failed')) return search.get('signin') === '1' ? texts.saveSignIn : texts.saveFailed;
	if (search.has('removed')) return texts.removed;
	if (search.get('queued') === 'quiz') return texts.queuedQuiz;
	if (search.has('queued')) return texts.queued;
	const sent = /^(\d{1,4})-(\d{1,4})$/.exec(search.get('sent') ?? '');
	if (sent) return sent[2] === '0' ? texts.sent : fill(texts.sentSome, { sent: sent[1], left: sent[2] });
	if (search.has('offline')) return texts.offlinePage;
	return null;
}

function kindText(kind: 'lesson' | 'quiz', title: string, texts: Texts): string {
	return fill(kind === 'quiz' ? texts.kindQuiz : texts.kindLesson, { title });
}

function stateHtml(item: Queued, locale: string, texts: Texts): string {
	switch (item.state) {
		case 'waiting':
			return e(texts.stateWaiting);
		case 'signin':
		case 'other_user': {
			return `${e(item.state === 'signin' ? texts.stateSignIn : texts.stateOtherUser)} · ${signInLink(locale, texts)}`;
		}
		case 'refused': {
			const reason = e(fill(texts.stateRefused, { reason: item.message }));
			return item.href ? `<a href="${e(item.href)}">${reason}</a>` : reason;
		}
	}
}

/**
 * What the signed-in learner may see on a shared phone: their saved courses, their waiting steps (and
 * those of nobody in particular) and what was sent for them; the other accounts' waiting steps only as
 * a number. Another learner's saved course is not listed at all (its title would say what they study).
 */
export function deviceLists(
	queue: Queued[],
	sent: Sent[],
	courses: SavedCourse[],
	current: number | null
): { queue: Queued[]; sent: Sent[]; courses: SavedCourse[]; others: number } {
	const own = queue.filter((item) => isOwn(item, current));
	return {
		queue: own,
		others: queue.length - own.length,
		sent: sent.filter((item) => current !== null && item.user === current),
		courses: courses.filter((course) => current !== null && course.user === current)
	};
}

export type DeviceView = {
	locale: string;
	texts: Texts;
	status: string | null;
	courses: SavedCourse[];
	queue: Queued[];
	sent: Sent[];
	/** Waiting steps of other accounts (or, signed out, of anyone): counted, never shown. */
	others?: number;
	signedIn?: boolean;
};

function signInLink(locale: string, texts: Texts): string {
	const next = `/${locale}/offline`;
	return `<a href="/${e(locale)}/signin?next=${e(encodeURIComponent(next))}">${e(texts.signIn)}</a>`;
}

/** The inner HTML of `<div id="offline-device">`; every text in it escaped. */
export function renderDevice({
	locale,
	texts,
	status,
	courses,
	queue,
	sent,
	others = 0,
	signedIn = true
}: DeviceView): string {
	const out: string[] = [];
	if (status) out.push(`<p class="offline-status notice info" role="status">${e(status)}</p>`);

	out.push(`<h3>${e(texts.savedCourses)}</h3>`);
	if (courses.length === 0) out.push(`<p>${e(texts.nothingSaved)}</p>`);
	else {
		out.push('<ul class="offline-courses">');
		for (const course of courses) {
			const facts = fill(texts.savedCourse, {
				date: dateText(course.savedAt, locale),
				pages: course.pages.length,
				size: sizeText(course.bytes, locale, texts)
			});
			out.push(
				`<li><a href="/${e(course.locale)}/courses/${e(course.slug)}">${e(course.title)}</a> <span>${e(facts)}</span>` +
					`<form method="POST" action="/${e(course.locale)}/courses/${e(course.slug)}/offline">` +
					`<input type="hidden" name="remove" value="1"><button type="submit" class="secondary" aria-label="${e(`${texts.remove}: ${course.title}`)}">${e(texts.remove)}</button></form></li>`
			);
		}
		out.push('</ul>');
	}

	out.push(`<h3>${e(texts.waitingHeading)}</h3>`);
	if (queue.length === 0 && others === 0) out.push(`<p>${e(texts.nothingWaiting)}</p>`);
	if (others > 0) {
		const state = signedIn ? texts.stateOtherUser : texts.stateSignIn;
		out.push(`<p class="offline-others">${others} · ${e(state)} · ${signInLink(locale, texts)}</p>`);
	}
	if (queue.length > 0) {
		out.push('<ul class="offline-queue">');
		for (const item of queue) {
			const dismiss =
				item.state === 'refused'
					? `<form method="POST" action="/${e(locale)}/offline"><input type="hidden" name="dismiss" value="${item.id ?? ''}">` +
						`<button type="submit" class="secondary">${e(texts.dismiss)}</button></form>`
					: '';
			out.push(
				`<li data-state="${item.state}"><strong>${e(kindText(item.kind, item.title, texts))}</strong> · ` +
					`<time datetime="${new Date(item.at).toISOString()}">${e(dateText(item.at, locale))}</time> · ` +
					`<span>${stateHtml(item, locale, texts)}</span>${dismiss}</li>`
			);
		}
		out.push('</ul>');
		out.push(
			`<form method="POST" action="/${e(locale)}/offline"><button type="submit">${e(texts.sendNow)}</button></form>`
		);
	}

	if (sent.length > 0) {
		out.push(`<h3>${e(texts.sentHeading)}</h3><ul class="offline-sent">`);
		for (const item of sent) {
			// A quiz's answer links to its result; a lesson's to the next step, which the list need not offer.
			const result = item.href && item.kind === 'quiz' ? ` · <a href="${e(item.href)}">${e(texts.seeResult)}</a>` : '';
			out.push(
				`<li>${e(kindText(item.kind, item.title, texts))} · ` +
					`<time datetime="${new Date(item.sentAt).toISOString()}">${e(dateText(item.sentAt, locale))}</time> · ` +
					`${e(texts.stateSent)}${item.message ? `: ${e(item.message)}` : ''}${result}</li>`
			);
		}
		out.push('</ul>');
	}
	return out.join('');
}

/** The banner on a page served from the device (and the queued status under it, after an offline action). */
export function savedCopyBanner(
	savedAt: number | null,
	locale: string,
	texts: Texts,
	queued: 'lesson' | 'quiz' | null
): string {
	let html =
		savedAt === null
			? ''
			: `<p class="saved-copy notice info" role="status">${e(fill(texts.savedCopy, { date: dateText(savedAt, locale) }))}</p>`;
	if (queued)
		html += `<p class="saved-copy queued notice success" role="status">${e(queued === 'quiz' ? texts.queuedQuiz : texts.queued)}</p>`;
	return html;
}

/** A page of its own when neither the network nor the device has one (no device page saved yet). */
export function minimalOfflinePage(locale: string, texts: Texts): string {
	return (
		`<!doctype html><html lang="${e(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
		`<title>CivicSteps</title></head><body><main id="main"><h1>CivicSteps</h1><p role="status">${e(texts.offlinePage)}</p>` +
		`<p><a href="/${e(locale)}/offline">${e(texts.savedCourses)}</a></p></main></body></html>`
	);
}
