// The outbox's rules (protocol §1 and §7), apart from IndexedDB so that they can be tested: what goes
// into the queue, what is sent, and what each answer of `{L}/offline/send` does to a queued item.
import { isOwn } from './account';
import { isOpId, safePath, sendPath } from './paths';

export type QueueState = 'waiting' | 'signin' | 'other_user' | 'refused';

export type Queued = {
	id?: number;
	op: string;
	/** `{user}:{op}` (account.ts `outboxKey`): one entry per learner and operation. */
	key: string;
	/** The path and query the form posted to, e.g. `/sq/courses/c/m/l1?/complete`. */
	action: string;
	kind: 'lesson' | 'quiz';
	fields: [string, string][];
	user: number | null;
	at: number;
	state: QueueState;
	message: string;
	href: string;
	title: string;
	/** Server errors (5xx, not the protocol's JSON) in a row; refused after `MAX_SERVER_ERRORS`. */
	errors?: number;
};

export type Sent = {
	op: string;
	/** The learner signed in when it was sent (whose list it shows in). */
	user?: number | null;
	kind: 'lesson' | 'quiz';
	title: string;
	at: number;
	sentAt: number;
	message: string;
	href: string;
};

/** At most this many form fields and characters are kept from one form (a quiz has a few dozen). */
const MAX_FIELDS = 500;
const MAX_CHARS = 200_000;

/** The form's fields when it can be queued: a valid `op`, bounded; otherwise null (never queued). */
export function queueableFields(body: string): [string, string][] | null {
	if (body.length > MAX_CHARS) return null;
	const fields = [...new URLSearchParams(body)];
	if (fields.length > MAX_FIELDS) return null;
	const ops = fields.filter(([name]) => name === 'op');
	if (ops.length !== 1 || !isOpId(ops[0][1])) return null;
	return fields.filter(([name]) => !name.startsWith('_'));
}

export function field(fields: [string, string][], name: string): string | null {
	return fields.find(([n]) => n === name)?.[1] ?? null;
}

/** The request that sends one queued operation: its fields verbatim plus `_action`, `_user` and `_at`. */
export function sendRequest(item: Queued): { url: string; body: string } {
	const body = new URLSearchParams(item.fields);
	body.set('_action', item.action);
	if (item.user !== null) body.set('_user', String(item.user));
	body.set('_at', String(item.at));
	return { url: sendPath(item.action), body: body.toString() };
}

/** Items sent on their own (the worker starts, a page loads): refused ones wait for the learner. */
export function sendable(item: Queued, byLearner: boolean): boolean {
	return item.state !== 'refused' || byLearner;
}

export type Outcome =
	| { kind: 'done'; message: string; href: string }
	| { kind: 'refused'; message: string; href: string }
	| { kind: 'signin'; state: 'signin' | 'other_user'; message: string }
	/** The connection is gone (or too slow): not the server's fault, tried again later. */
	| { kind: 'retry' }
	/** The server answered, but not with the protocol's JSON (a 5xx, an error page). */
	| { kind: 'server' };

/** After this many server errors in a row a step is refused, so that it does not block the queue. */
export const MAX_SERVER_ERRORS = 3;

function text(value: unknown, max = 1000): string {
	return typeof value === 'string' ? value.slice(0, max) : '';
}

/** A same-origin path from the server's answer, or '' (a link is only ever to this site). */
function path(value: unknown): string {
	return safePath(text(value, 500)) ?? '';
}

/**
 * What an answer of `{L}/offline/send` means for the queued item. Anything that is not the protocol's
 * JSON (a 5xx, a proxy's HTML page, a cut connection) keeps it queued for later: nothing is dropped on
 * a guess.
 */
export function interpretAnswer(status: number, json: unknown): Outcome {
	const body = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
	if (status === 200 && body.outcome === 'done')
		return { kind: 'done', message: text(body.message), href: path(body.href) };
	if ((status === 200 || status === 400 || status === 413) && body.outcome === 'refused') {
		return { kind: 'refused', message: text(body.message) || text(body.reason), href: path(body.href) };
	}
	if ((status === 401 || status === 409) && body.outcome === 'signin') {
		return {
			kind: 'signin',
			state: status === 409 || body.reason === 'other_user' ? 'other_user' : 'signin',
			message: text(body.message)
		};
	}
	return status === 0 ? { kind: 'retry' } : { kind: 'server' };
}

/** The queue's next state after an answer; `stop` when nothing more should be sent now. */
export function afterAnswer(
	item: Queued,
	outcome: Outcome,
	texts: { serverError: string }
): { remove: boolean; item: Queued; stop: boolean } {
	switch (outcome.kind) {
		case 'done':
			return { remove: true, item, stop: false };
		case 'refused':
			return {
				remove: false,
				item: { ...item, state: 'refused', message: outcome.message, href: outcome.href, errors: 0 },
				stop: false
			};
		case 'server': {
			// A step the server fails on every time must not hold back the ones after it.
			const errors = (item.errors ?? 0) + 1;
			if (errors >= MAX_SERVER_ERRORS) {
				return {
					remove: false,
					item: { ...item, state: 'refused', message: texts.serverError, href: '', errors },
					stop: false
				};
			}
			return { remove: false, item: { ...item, errors }, stop: true };
		}
		case 'signin':
			return { remove: false, item: { ...item, state: outcome.state, message: outcome.message }, stop: true };
		case 'retry':
			return { remove: false, item, stop: true };
	}
}

/**
 * Never two sends at once (a page load, the `online` message and a sync event often come together):
 * a call while a run is under way gets that run's promise instead of starting another.
 */
export function oneAtATime<A extends unknown[], T>(
	run: (...args: A) => Promise<T>
): ((...args: A) => Promise<T>) & { fresh(...args: A): Promise<T>; current(): Promise<T> | null } {
	let running: Promise<T> | null = null;
	const start = (...args: A): Promise<T> => {
		running ??= run(...args).finally(() => (running = null));
		return running;
	};
	/** A pass of its own with these arguments ("Send now" re-sends refused items): after any running one. */
	const fresh = async (...args: A): Promise<T> => {
		while (running) await running.catch(() => undefined);
		return start(...args);
	};
	return Object.assign(start, { fresh, current: () => running });
}

/** A step queued again for the same (learner, operation): the newer answers win, waiting again. */
export function replaceQueued(existing: Queued, newer: Queued): Queued {
	return { ...newer, id: existing.id, state: 'waiting', message: '', href: '', errors: 0 };
}

/** What still waits to be sent for this learner (all of it when nobody is signed in); refused not counted. */
export function waitingCount(queue: Queued[], current: number | null): number {
	return queue.filter((item) => item.state !== 'refused' && (current === null || isOwn(item, current))).length;
}

/** A gateway's error instead of the answer to the learner's own lesson or quiz form: queued (the server dedupes by op). */
export function queuesInstead(status: number): boolean {
	return status === 502 || status === 503 || status === 504;
}
