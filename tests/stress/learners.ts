// The stress run's learners: each walks the plan step by step, retrying through the crash, and
// every write the server acknowledged is noted so that the database can be checked for it.
import { setTimeout as sleep } from 'node:timers/promises';
import { answerQuiz, type Step } from './plan';

/** Share of first attempts at a quiz answered wrongly on purpose, so that retakes happen too. */
const FIRST_TRY_FAILS = 0.3;
const REQUEST_TIMEOUT_MS = 15_000;
const MAX_TRIES_PER_STEP = 40;

export interface Learner {
	id: number;
	cookie: string;
}
export const stats = {
	requests: 0,
	pageGets: 0,
	lessonPosts: 0,
	quizPosts: 0,
	networkErrors: 0,
	unexpected: 0,
	inFlight: 0,
	finished: 0,
	abandoned: 0,
	resumed: 0
};
export const acked = {
	lessons: [] as { userId: number; course: string; module: string; lesson: string; afterKill: boolean }[],
	attempts: [] as { userId: number; attemptId: number; afterKill: boolean }[]
};
export const latencies: number[] = [];
/** Each unexpected answer: the learner, the step and what came back (the run fails on any). */
export const unexpectedAnswers: string[] = [];

function unexpected(learner: Learner, step: Step, what: string): void {
	stats.unexpected++;
	const where =
		step.kind === 'lesson' ? `${step.course}/${step.module}/${step.lesson}` : `${step.course}/${step.module}/quiz`;
	if (unexpectedAnswers.length < 20) unexpectedAnswers.push(`learner ${learner.id}, ${where}: ${what}`);
}
/** Set when the server has been killed: what is acknowledged afterwards is counted apart. */
export const phase = { killed: false };

async function http(
	origin: string,
	learner: Learner,
	path: string,
	body?: URLSearchParams
): Promise<{ status: number; location: string; text: string } | null> {
	stats.requests++;
	stats.inFlight++;
	const started = performance.now();
	try {
		const res = await fetch(`${origin}${path}`, {
			method: body ? 'POST' : 'GET',
			headers: {
				cookie: learner.cookie,
				origin,
				accept: 'text/html',
				...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {})
			},
			body: body?.toString(),
			redirect: 'manual',
			signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS)
		});
		const text = await res.text();
		if (body && res.status === 303) latencies.push(performance.now() - started);
		return { status: res.status, location: res.headers.get('location') ?? '', text };
	} catch {
		stats.networkErrors++;
		return null;
	} finally {
		stats.inFlight--;
	}
}

export async function runLearner(
	origin: string,
	learner: Learner,
	plan: Step[],
	clock: { deadline: number }
): Promise<void> {
	let index = 0;
	let tries = 0;
	const failedOnce = new Set<string>();
	const again = async () => {
		tries++;
		await sleep(Math.min(1000, 20 * tries));
	};
	while (index < plan.length && Date.now() < clock.deadline) {
		if (tries >= MAX_TRIES_PER_STEP) {
			stats.abandoned++;
			return;
		}
		const step = plan[index];
		const base = `/en/courses/${step.course}/${step.module}`;
		if (step.kind === 'lesson') {
			stats.pageGets++;
			const page = await http(origin, learner, `${base}/${step.lesson}`);
			if (page?.status !== 200) {
				if (page) unexpected(learner, step, `GET answered ${page.status} ${page.location}`);
				await again();
				continue;
			}
			stats.lessonPosts++;
			const res = await http(origin, learner, `${base}/${step.lesson}?/complete`, new URLSearchParams());
			if (res?.status === 303 && !res.location.includes('locked=')) {
				acked.lessons.push({ userId: learner.id, ...step, afterKill: phase.killed });
				index++;
				tries = 0;
			} else {
				if (res) unexpected(learner, step, `completion answered ${res.status} ${res.location}`);
				await again();
			}
			continue;
		}
		stats.pageGets++;
		const page = await http(origin, learner, `${base}/quiz`);
		if (page?.status !== 200) {
			if (page) unexpected(learner, step, `GET answered ${page.status} ${page.location}`);
			await again();
			continue;
		}
		const wrong = !failedOnce.has(base) && Math.random() < FIRST_TRY_FAILS;
		const form = answerQuiz(page.text, step, wrong);
		if (!form) {
			// No form: the quiz was passed by a submission whose answer the crash swallowed. Anything
			// else (a wait, the day's attempts used) is not what this learner should meet.
			if (!page.text.includes('class="notice success')) {
				unexpected(learner, step, 'the quiz page has no form and does not say it was passed');
				await again();
				continue;
			}
			stats.resumed++;
			index++;
			continue;
		}
		// A learner whose answer got lost sends the same form again, as after a back-and-resend:
		// the submission key lets the server return the attempt it may already have stored.
		let stored: string | null = null;
		for (let send = 0; send < 20 && Date.now() < clock.deadline; send++) {
			stats.quizPosts++;
			const res = await http(origin, learner, `${base}/quiz`, form);
			if (res?.status === 303 && /\/quiz\/attempts\/\d+$/.test(res.location)) stored = res.location;
			else if (res) unexpected(learner, step, `submission answered ${res.status} ${res.location}`.trim());
			if (res) break;
			await sleep(Math.min(1000, 50 * (send + 1)));
		}
		if (!stored) {
			await again();
			continue;
		}
		acked.attempts.push({ userId: learner.id, attemptId: Number(stored.split('/').pop()), afterKill: phase.killed });
		stats.pageGets++;
		await http(origin, learner, stored);
		if (wrong) failedOnce.add(base);
		else index++;
		tries = 0;
	}
	if (index >= plan.length) stats.finished++;
}
