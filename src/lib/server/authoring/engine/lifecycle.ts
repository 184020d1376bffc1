// Saving a draft and publishing a version, the same steps for every kind of text. Each step that
// must hold together (the revision still the one the editor loaded, the next version number, the
// drafts dropped) runs inside the one transaction that writes, so two trainers cannot interleave.
import type { DB } from '../../db/client';
import { bumpContentGeneration } from '../../catalogue/content/generation';
import { claimRevision, clearDrafts, currentRevision, makeCurrent, nextVersionNumber, type TextKind } from './store';
import type { PublishResult } from './texts';

/** Writes a draft if the text is still at the revision the editor loaded; else says which it is at now. */
export async function saveDraft(
	db: DB,
	kind: TextKind,
	id: number,
	expectedRevision: number,
	write: (tx: DB) => Promise<void>
): Promise<{ ok: true; revision: number } | { ok: false; reason: 'conflict'; revision: number }> {
	return db.transaction().execute(async (tx) => {
		if (!(await claimRevision(tx, kind, id, expectedRevision)))
			return { ok: false as const, reason: 'conflict' as const, revision: await currentRevision(tx, kind, id) };
		await write(tx);
		return { ok: true as const, revision: expectedRevision + 1 };
	});
}

/** Why there is nothing to publish: no drafts, or no such version to restore. */
export interface Refusal {
	refused: 'nothing' | 'not_found';
}

export const refuse = (reason: Refusal['refused']): Refusal => ({ refused: reason });

export interface PublishSteps<T> {
	/** What to publish (the drafts laid over the live texts, or an old version), or why there is nothing. */
	gather(tx: DB): Promise<T | Refusal>;
	/** After the claim, before numbering: what must be recorded first (course and module texts from before versions). */
	before?(tx: DB): Promise<void>;
	/** Writes the version with the given number (and, for course and module texts, the live texts); its id. */
	write(tx: DB, texts: T, number: number): Promise<number>;
}

const isRefusal = (v: unknown): v is Refusal => typeof v === 'object' && v !== null && 'refused' in v;

/**
 * Publishes a new version: gathers the texts, claims the revision, numbers the version, writes it,
 * makes it current, drops the drafts and tells the caches. A refusal changes nothing.
 */
export async function publishVersion<T>(
	db: DB,
	kind: TextKind,
	id: number,
	expectedRevision: number,
	steps: PublishSteps<T>
): Promise<PublishResult> {
	return db.transaction().execute(async (tx): Promise<PublishResult> => {
		const texts = await steps.gather(tx);
		// Checked before the revision moves, so that a refused publish changes nothing.
		if (isRefusal(texts)) return { ok: false, reason: texts.refused };
		if (!(await claimRevision(tx, kind, id, expectedRevision))) return { ok: false, reason: 'conflict' };
		await steps.before?.(tx);
		const number = await nextVersionNumber(tx, kind, id);
		const versionId = await steps.write(tx, texts, number);
		await makeCurrent(tx, kind, id, versionId);
		await clearDrafts(tx, kind, id);
		await bumpContentGeneration(tx);
		return { ok: true, versionId, number };
	});
}
