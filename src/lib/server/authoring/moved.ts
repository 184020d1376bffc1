// The last move on /teach, as its redirect carries it (?moved=lesson:12:up:1:stamp) and the undo
// form posts it back: what moved, which way, how many places, and the order it left behind.
import { MAX_MOVE_STEPS } from './course-structure';

export interface Moved {
	kind: 'module' | 'lesson';
	id: number;
	direction: 'up' | 'down';
	steps: number;
	stamp: string;
	/** The value as it came, for the undo form. */
	raw: string;
}

export function parseMoved(value: unknown): Moved | null {
	if (typeof value !== 'string') return null;
	const match = value.match(/^(module|lesson):(\d{1,9}):(up|down):(\d{1,3}):([0-9a-f]{12})$/);
	if (!match) return null;
	const steps = Number(match[4]);
	if (steps < 1 || steps > MAX_MOVE_STEPS) return null;
	return {
		kind: match[1] as Moved['kind'],
		id: Number(match[2]),
		direction: match[3] as Moved['direction'],
		steps,
		stamp: match[5],
		raw: value
	};
}

/** The value the redirect after a move carries, for parseMoved to read back. */
export function formatMoved(move: Omit<Moved, 'raw'>): string {
	return `${move.kind}:${move.id}:${move.direction}:${move.steps}:${move.stamp}`;
}
