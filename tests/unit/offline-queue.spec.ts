import { describe, expect, it } from 'vitest';
import { afterAnswer, interpretAnswer, oneAtATime, queueableFields, sendable, sendRequest } from '$lib/offline/queue';
import type { Queued } from '$lib/offline/queue';
import { renderDevice, savedCopyBanner, statusFor } from '$lib/offline/device';
import { ENGLISH } from '$lib/offline/texts';

const OP = 'a'.repeat(32);
const item: Queued = {
	id: 3,
	op: OP,
	key: `12:${OP}`,
	action: '/sq/courses/c/m/quiz',
	kind: 'quiz',
	fields: [
		['op', OP],
		['submission', 's1'],
		['version', '4'],
		['q.1', 'b'],
		['q.1', 'c']
	],
	user: 12,
	at: 1_700_000_000_000,
	state: 'waiting',
	message: '',
	href: '',
	title: 'Quiz <b>one</b>'
};

describe('the outbox', () => {
	it('queues only a bounded form with exactly one valid operation id', () => {
		expect(queueableFields(`op=${OP}&next=%2Fsq%2Fcourses%2Fc`)).toEqual([
			['op', OP],
			['next', '/sq/courses/c']
		]);
		expect(queueableFields('next=%2Fsq')).toBeNull();
		expect(queueableFields('op=123')).toBeNull();
		expect(queueableFields(`op=${OP}&op=${OP}`)).toBeNull();
		expect(queueableFields(`op=${OP}&${'q=1&'.repeat(600)}`)).toBeNull();
		// The fields the worker adds itself are never taken from the page.
		expect(queueableFields(`op=${OP}&_user=99&_action=x`)).toEqual([['op', OP]]);
	});

	it('sends the fields verbatim with the action, the user and the time, in the action’s language', () => {
		const { url, body } = sendRequest(item);
		expect(url).toBe('/sq/offline/send');
		const sent = new URLSearchParams(body);
		expect(sent.getAll('q.1')).toEqual(['b', 'c']);
		expect(sent.get('_action')).toBe('/sq/courses/c/m/quiz');
		expect(sent.get('_user')).toBe('12');
		expect(sent.get('_at')).toBe('1700000000000');
		expect(new URLSearchParams(sendRequest({ ...item, user: null }).body).has('_user')).toBe(false);
	});

	it('removes a done item, keeps a refused one visible, and stops for a sign-in or a failure', () => {
		const done = interpretAnswer(200, { outcome: 'done', message: 'Passed', href: '/sq/courses/c/m/quiz/attempts/7' });
		expect(afterAnswer(item, done, ENGLISH)).toMatchObject({ remove: true, stop: false });
		const refused = interpretAnswer(200, {
			outcome: 'refused',
			reason: 'passed',
			message: 'Already passed',
			href: '//evil.example'
		});
		expect(afterAnswer(item, refused, ENGLISH)).toMatchObject({
			remove: false,
			stop: false,
			item: { state: 'refused', message: 'Already passed', href: '' }
		});
		expect(interpretAnswer(413, { outcome: 'refused', reason: 'invalid', message: 'Too big' }).kind).toBe('refused');
		expect(afterAnswer(item, interpretAnswer(401, { outcome: 'signin', message: 'Sign in' }), ENGLISH)).toMatchObject({
			remove: false,
			stop: true,
			item: { state: 'signin' }
		});
		expect(
			afterAnswer(item, interpretAnswer(409, { outcome: 'signin', reason: 'other_user', message: 'x' }), ENGLISH).item
				.state
		).toBe('other_user');
		for (const [status, json] of [
			[500, { outcome: 'done' }],
			[200, null],
			[502, null],
			[200, { outcome: 'maybe' }]
		] as const) {
			expect(afterAnswer(item, interpretAnswer(status, json), ENGLISH)).toEqual({
				remove: false,
				stop: true,
				item: { ...item, errors: 1 }
			});
		}
		expect(afterAnswer(item, interpretAnswer(0, null), ENGLISH)).toEqual({ remove: false, stop: true, item });
	});

	it('never runs two sends at once, and runs again once the first is over', async () => {
		let runs = 0;
		let release = () => {};
		const flush = oneAtATime(async (byLearner: boolean) => {
			runs++;
			await new Promise<void>((resolve) => (release = resolve));
			return { byLearner, run: runs };
		});
		const first = flush(false);
		const second = flush(true);
		expect(second).toBe(first);
		release();
		expect(await second).toEqual({ byLearner: false, run: 1 });
		const third = flush(true);
		release();
		expect(await third).toEqual({ byLearner: true, run: 2 });
	});

	it('sends a refused item again only when the learner asks', () => {
		const refused = { ...item, state: 'refused' as const };
		expect(sendable(refused, false)).toBe(false);
		expect(sendable(refused, true)).toBe(true);
		expect(sendable({ ...item, state: 'signin' }, false)).toBe(true);
	});
});

describe('the device section', () => {
	it('shows the status of the query', () => {
		expect(statusFor(new URLSearchParams('saved=c'), ENGLISH)).toBe(ENGLISH.saved);
		expect(statusFor(new URLSearchParams('queued=quiz'), ENGLISH)).toBe(ENGLISH.queuedQuiz);
		expect(statusFor(new URLSearchParams('sent=2-0'), ENGLISH)).toBe(ENGLISH.sent);
		expect(statusFor(new URLSearchParams('sent=2-1'), ENGLISH)).toBe('2 sent, 1 still waiting.');
		expect(statusFor(new URLSearchParams('sent=x'), ENGLISH)).toBeNull();
		expect(statusFor(new URLSearchParams(''), ENGLISH)).toBeNull();
	});

	it('lists courses, the queue with states and the sent items, all escaped', () => {
		const html = renderDevice({
			locale: 'en',
			texts: ENGLISH,
			status: 'Saved <now>',
			courses: [
				{
					slug: 'c',
					title: 'C & D',
					user: 12,
					locale: 'sq',
					version: 'v',
					saved: 'v:1',
					pages: ['/sq/courses/c'],
					bytes: 2048,
					savedAt: 0,
					checkedAt: 0
				}
			],
			queue: [
				item,
				{ ...item, id: 4, state: 'refused', message: 'Already <passed>' },
				{ ...item, id: 5, state: 'signin' }
			],
			sent: [
				{ op: OP, kind: 'quiz', title: 'Q1', at: 0, sentAt: 0, message: '', href: '/sq/courses/c/m/quiz/attempts/7' },
				{ op: OP, kind: 'lesson', title: 'L1', at: 0, sentAt: 0, message: '', href: '/sq/courses/c/m/l2' }
			]
		});
		expect(html).toContain('<p class="offline-status notice info" role="status">Saved &#60;now&#62;</p>');
		expect(html).toContain('C &#38; D');
		expect(html).toContain('1 pages, 2 KB');
		expect(html).toContain('action="/sq/courses/c/offline"><input type="hidden" name="remove" value="1">');
		expect(html).toContain('Answers to “Quiz &#60;b&#62;one&#60;/b&#62;”');
		expect(html).toContain('Not accepted: Already &#60;passed&#62;');
		expect(html).toContain('<input type="hidden" name="dismiss" value="4">');
		expect(html.match(/name="dismiss"/g)).toHaveLength(1);
		expect(html).toContain('href="/en/signin?next=%2Fen%2Foffline">Sign in</a>');
		expect(html).toContain('>Send now</button>');
		expect(html).toContain('Lesson completed: L1');
		expect(html).toContain('href="/sq/courses/c/m/quiz/attempts/7">See the result</a>');
		expect(html.match(/See the result/g)).toHaveLength(1);
		expect(html).not.toContain('<div');
	});

	it('says nothing is saved or waiting, and has no Send now without a queue', () => {
		const html = renderDevice({ locale: 'en', texts: ENGLISH, status: null, courses: [], queue: [], sent: [] });
		expect(html).toContain(ENGLISH.nothingSaved);
		expect(html).toContain(ENGLISH.nothingWaiting);
		expect(html).not.toContain(ENGLISH.sendNow);
		expect(html).not.toContain('role="status"');
	});

	it('marks a saved copy with its date, and the queued status under it', () => {
		const banner = savedCopyBanner(Date.UTC(2026, 0, 15), 'en', ENGLISH, 'lesson');
		expect(banner).toMatch(
			/^<p class="saved-copy notice info" role="status">Saved copy from .*2026.*<\/p><p class="saved-copy queued notice success" role="status">Saved on this device/
		);
		expect(savedCopyBanner(null, 'en', ENGLISH, null)).toBe('');
	});
});
