// The paper of one attempt: which questions of the pool it draws and in which order their options
// (single, multiple) and items (ordering) are shown. Drawn from a seed that names the attempt, so a
// reload of the same open attempt shows the same paper without storing anything until the learner
// submits; then it is stored with the attempt, and the review shows what the learner saw.
import { createHmac } from 'node:crypto';
import * as v from 'valibot';
import type { QuestionKey, QuizDraw } from '../catalogue/quiz-schema';
import { seededRandom } from '../platform/seeded-random';

export const presentationSchema = v.array(v.object({ id: v.string(), order: v.array(v.number()) }));
/**
 * Per question drawn, in the order shown: its id and the 0-based indexes of its options (single,
 * multiple) or items (ordering) in the order shown; empty for the other types.
 */
export type Presentation = v.InferOutput<typeof presentationSchema>;

function shuffle<T>(list: T[], random: () => number): T[] {
	const out = [...list];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The indexes of the questions an attempt asks, in the pool's order. */
function drawnIndexes(keys: QuestionKey[], draw: QuizDraw | null, random: () => number): number[] {
	if (draw === null) return range(keys.length);
	if (typeof draw === 'number')
		return shuffle(range(keys.length), random)
			.slice(0, draw)
			.sort((a, b) => a - b);
	// Per topic: n of each topic named; questions of other topics (or none) are always asked.
	const chosen: number[] = [];
	const byTopic = new Map<string, number[]>();
	keys.forEach((key, i) => {
		if (key.topic !== undefined && draw[key.topic] !== undefined) {
			byTopic.set(key.topic, [...(byTopic.get(key.topic) ?? []), i]);
		} else chosen.push(i);
	});
	for (const [topic, pool] of byTopic) chosen.push(...shuffle(pool, random).slice(0, draw[topic]));
	return chosen.sort((a, b) => a - b);
}

/**
 * The paper of the attempt named by `seed` (the attempt's submission key), keyed with the app secret
 * so that a learner cannot work out another attempt's paper. An ordering question's items are never
 * shown in the right order (that would give the answer away).
 */
export function drawPresentation(
	keys: QuestionKey[],
	draw: QuizDraw | null,
	seed: string,
	secret: string
): Presentation {
	const digest = createHmac('sha256', secret).update(`paper:${seed}`).digest();
	const random = seededRandom(digest.readUInt32BE(0));
	return drawnIndexes(keys, draw, random).map((i) => {
		const key = keys[i];
		if (key.type === 'single' || key.type === 'multiple')
			return { id: key.id, order: shuffle(range(key.optionCount), random) };
		if (key.type === 'ordering') {
			const order = shuffle(range(key.itemCount), random);
			if (order.every((item, position) => item === position)) order.reverse();
			return { id: key.id, order };
		}
		return { id: key.id, order: [] };
	});
}

/** The paper of an attempt stored before papers were (null): every question, in the version's order. */
export function identityPresentation(keys: QuestionKey[]): Presentation {
	return keys.map((key) => ({
		id: key.id,
		order: range(
			key.type === 'ordering' ? key.itemCount : key.type === 'single' || key.type === 'multiple' ? key.optionCount : 0
		)
	}));
}

/** The keys of the questions on a paper, in the order shown (a question no longer in the key is left out). */
export function keysOnPaper(keys: QuestionKey[], paper: Presentation): QuestionKey[] {
	const byId = new Map(keys.map((k) => [k.id, k]));
	return paper.flatMap((p) => byId.get(p.id) ?? []);
}
