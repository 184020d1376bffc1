// Review of the offline worker (issue 21): a phone shared by several learners, saves that overlap,
// a server that keeps failing, and an IndexedDB that will not open. The rules live in src/lib/offline
// so that they can be tested without a browser.
import { describe, expect, it } from 'vitest';
import { isOwn, mayServeSaved, mayStoreRefresh, outboxKey, savedInsteadOf, userOf } from '$lib/offline/account';
import { orphanCaches, perKey, resettable } from '$lib/offline/lock';
import {
	afterAnswer,
	interpretAnswer,
	oneAtATime,
	queuesInstead,
	replaceQueued,
	waitingCount
} from '$lib/offline/queue';
import type { Queued } from '$lib/offline/queue';
import { deviceLists, renderDevice, statusFor } from '$lib/offline/device';
import type { SavedCourse } from '$lib/offline/device';
import { refreshable, safeNext } from '$lib/offline/paths';
import { ENGLISH } from '$lib/offline/texts';

const OP = 'b'.repeat(32);
const item = (over: Partial<Queued> = {}): Queued => ({
	id: 1,
	op: OP,
	key: outboxKey(12, OP),
	action: '/en/courses/c/m/l1?/complete',
	kind: 'lesson',
	fields: [['op', OP]],
	user: 12,
	at: 1,
	state: 'waiting',
	message: '',
	href: '',
	title: 'L1',
	...over
});
const course = (user: number): SavedCourse => ({
	slug: 'c',
	title: 'Course of someone',
	user,
	locale: 'en',
	version: 'v',
	saved: 'v:1',
	pages: ['/en/courses/c'],
	bytes: 1,
	savedAt: 0,
	checkedAt: 0
});

describe('a phone shared by several learners', () => {
	it('reads who is signed in from the response header, and nobody from its absence or an odd value', () => {
		expect(userOf(new Headers({ 'x-civicsteps-user': '12' }))).toBe(12);
		expect(userOf(new Headers())).toBeNull();
		expect(userOf(new Headers({ 'x-civicsteps-user': '12abc' }))).toBeNull();
		expect(userOf(new Headers({ 'x-civicsteps-user': '-1' }))).toBeNull();
	});

	it('keeps one queued step per learner and operation, not per operation', () => {
		expect(outboxKey(12, OP)).not.toBe(outboxKey(13, OP));
		expect(outboxKey(null, OP)).not.toBe(outboxKey(12, OP));
	});

	it('sends and shows only the signed-in learner’s steps (and steps of nobody in particular)', () => {
		expect(isOwn(item({ user: 12 }), 12)).toBe(true);
		expect(isOwn(item({ user: 12 }), 13)).toBe(false);
		expect(isOwn(item({ user: 12 }), null)).toBe(false);
		expect(isOwn(item({ user: null }), 13)).toBe(true);
	});

	it('serves a saved copy only to the learner who saved it, and refreshes it only with their pages', () => {
		expect(mayServeSaved(course(12), 12)).toBe(true);
		expect(mayServeSaved(course(12), 13)).toBe(false);
		expect(mayServeSaved(course(12), null)).toBe(false);
		expect(mayStoreRefresh(course(12), 12)).toBe(true);
		expect(mayStoreRefresh(course(12), 13)).toBe(false);
		expect(mayStoreRefresh(course(12), null)).toBe(false);
	});

	it('lists only this learner’s waiting and sent items, and counts the others’ on one line', () => {
		const lists = deviceLists(
			[item({ id: 1, user: 12 }), item({ id: 2, user: 13 }), item({ id: 3, user: null }), item({ id: 4, user: 14 })],
			[
				{ op: OP, user: 12, kind: 'lesson', title: 'Mine', at: 0, sentAt: 0, message: '', href: '' },
				{ op: OP, user: 13, kind: 'lesson', title: 'Theirs', at: 0, sentAt: 0, message: '', href: '' }
			],
			[course(13)],
			12
		);
		expect(lists.queue.map((q) => q.id)).toEqual([1, 3]);
		expect(lists.others).toBe(2);
		expect(lists.sent.map((s) => s.title)).toEqual(['Mine']);
		// Another learner's saved course is not listed at all.
		expect(lists.courses).toEqual([]);
		const html = renderDevice({ locale: 'en', texts: ENGLISH, status: null, signedIn: true, ...lists });
		expect(html).toContain(`<p class="offline-others">2 · ${ENGLISH.stateOtherUser}`);
		expect(html).not.toContain('Theirs');
		expect(html).not.toContain('Course of someone');
	});

	it('asks a signed-out reader to sign in for the steps kept on the device', () => {
		const lists = deviceLists([item({ user: 12 })], [], [course(12)], null);
		expect(lists.queue).toEqual([]);
		expect(lists.others).toBe(1);
		const html = renderDevice({ locale: 'en', texts: ENGLISH, status: null, signedIn: false, ...lists });
		expect(html).toContain(`<p class="offline-others">1 · ${ENGLISH.stateSignIn}`);
	});
});

describe('saves of one course', () => {
	it('run one after another per course, and side by side for different courses', async () => {
		const log: string[] = [];
		const releases: Record<string, () => void> = {};
		const save = perKey(async (slug: string, tag: string) => {
			log.push(`start ${tag}`);
			await new Promise<void>((resolve) => (releases[tag] = resolve));
			log.push(`end ${tag}`);
			return tag;
		});
		const a1 = save('a', 'a1');
		const a2 = save('a', 'a2');
		const b1 = save('b', 'b1');
		await Promise.resolve();
		await Promise.resolve();
		expect(log).toEqual(['start a1', 'start b1']);
		releases.a1();
		expect(await a1).toBe('a1');
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(log).toEqual(['start a1', 'start b1', 'end a1', 'start a2']);
		releases.a2();
		releases.b1();
		expect(await Promise.all([a2, b1])).toEqual(['a2', 'b1']);
	});

	it('goes on after a failed save of the same course', async () => {
		let n = 0;
		const save = perKey(async (slug: string) => {
			if (++n === 1) throw new Error('cut');
			return slug;
		});
		const first = save('a');
		const second = save('a');
		await expect(first).rejects.toThrow('cut');
		expect(await second).toBe('a');
	});

	it('finds the caches no saved course points at', () => {
		const names = ['shell-1', 'course:c:v:1', 'course:c:v:2', 'course:d:v:3', 'course:cc:v:4'];
		const records = [{ slug: 'c', saved: 'v:2' }];
		expect(orphanCaches(names, records)).toEqual(['course:c:v:1', 'course:d:v:3', 'course:cc:v:4']);
		expect(orphanCaches(names, records, 'c')).toEqual(['course:c:v:1']);
	});
});

describe('a server that keeps failing', () => {
	const texts = { serverError: 'the server could not take it' };

	it('refuses a step after three server errors, and goes on with the next', () => {
		const fail = interpretAnswer(502, null);
		let state = item();
		for (const n of [1, 2]) {
			const next = afterAnswer(state, fail, texts);
			expect(next).toMatchObject({ remove: false, stop: true, item: { state: 'waiting', errors: n } });
			state = next.item;
		}
		expect(afterAnswer(state, fail, texts)).toMatchObject({
			remove: false,
			stop: false,
			item: { state: 'refused', message: 'the server could not take it', errors: 3 }
		});
		// A 200 page that is not the protocol's JSON is a server error too.
		expect(afterAnswer(item(), interpretAnswer(200, null), texts).item.errors).toBe(1);
	});

	it('does not count a lost connection', () => {
		expect(afterAnswer(item({ errors: 2 }), interpretAnswer(0, null), texts)).toEqual({
			remove: false,
			stop: true,
			item: item({ errors: 2 })
		});
	});

	it('keeps only safe links from the server', () => {
		const href = (h: string) => interpretAnswer(200, { outcome: 'done', href: h });
		expect(href('/en/courses/c')).toMatchObject({ href: '/en/courses/c' });
		for (const bad of ['//evil.example', '/\\evil.example', '/a b', '/a\\b', 'https://evil.example', '/a\nb'])
			expect(href(bad)).toMatchObject({ href: '' });
		expect(safeNext('/en/courses/c d')).toBeNull();
		expect(safeNext('/en/\\x')).toBeNull();
	});
});

describe('an IndexedDB that will not open', () => {
	it('is opened again on the next call after a failure, and once when it works', async () => {
		let calls = 0;
		const open = resettable(async () => {
			calls++;
			if (calls === 1) throw new Error('blocked');
			return calls;
		});
		await expect(open()).rejects.toThrow('blocked');
		expect(await open()).toBe(2);
		expect(await open()).toBe(2);
		open.reset();
		expect(await open()).toBe(3);
	});
});

describe('sending now', () => {
	it('waits for a send already running, then makes its own pass', async () => {
		const runs: boolean[] = [];
		let release = () => {};
		const flush = oneAtATime(async (byLearner: boolean) => {
			runs.push(byLearner);
			await new Promise<void>((resolve) => (release = resolve));
			return runs.length;
		});
		const automatic = flush(false);
		const fresh = flush.fresh(true);
		release();
		expect(await automatic).toBe(1);
		await new Promise((resolve) => setTimeout(resolve, 0));
		release();
		expect(await fresh).toBe(2);
		expect(runs).toEqual([false, true]);
	});
});

describe('a gateway in trouble', () => {
	it('queues the learner’s own step instead of showing a 502, 503 or 504', () => {
		for (const status of [502, 503, 504]) expect(queuesInstead(status)).toBe(true);
		for (const status of [0, 200, 303, 400, 500]) expect(queuesInstead(status)).toBe(false);
	});

	it('shows the saved copy instead of a server error, unless the error page is another learner’s', () => {
		expect(savedInsteadOf(500, null, course(12))).toBe(true);
		expect(savedInsteadOf(503, 12, course(12))).toBe(true);
		expect(savedInsteadOf(500, 13, course(12))).toBe(false);
		expect(savedInsteadOf(404, null, course(12))).toBe(false);
		expect(savedInsteadOf(200, 12, course(12))).toBe(false);
	});
});

describe('a quiz answered again offline', () => {
	it('replaces the waiting or refused step with the newer answers, waiting again', () => {
		const old = item({
			id: 7,
			state: 'refused',
			message: 'No',
			errors: 3,
			at: 1,
			fields: [
				['op', OP],
				['q.1', 'a']
			]
		});
		const newer = item({
			id: undefined,
			at: 2,
			fields: [
				['op', OP],
				['q.1', 'b']
			]
		});
		expect(replaceQueued(old, newer)).toEqual({ ...newer, id: 7, state: 'waiting', message: '', errors: 0 });
	});
});

describe('small things', () => {
	it('counts as left only what still waits for this learner', () => {
		const queue = [
			item({ state: 'refused' }),
			item({ state: 'waiting' }),
			item({ user: 13 }),
			item({ state: 'signin' })
		];
		expect(waitingCount(queue, 12)).toBe(2);
	});

	it('refreshes a saved page only at its bare path', () => {
		expect(refreshable(new URL('https://x.test/en/courses/c'))).toBe(true);
		expect(refreshable(new URL('https://x.test/en/courses/c?queued=1'))).toBe(true);
		expect(refreshable(new URL('https://x.test/en/courses/c?offline=1'))).toBe(false);
		expect(refreshable(new URL('https://x.test/en/courses/c?queued=1&tab=2'))).toBe(false);
	});

	it('says to sign in when saving while signed out', () => {
		expect(statusFor(new URLSearchParams('save-failed=c&signin=1'), ENGLISH)).toBe(ENGLISH.saveSignIn);
		expect(statusFor(new URLSearchParams('save-failed=c'), ENGLISH)).toBe(ENGLISH.saveFailed);
	});
});
