// JSON read back from the database or a key file goes through a schema: a corrupt row or file fails
// with an error naming where the bad data is, instead of travelling on as a value of the wrong type.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import { getCourseBySlug } from '$lib/server/catalogue/courses';
import { versionKey, presentQuiz } from '$lib/server/learning/quizzes';
import { reviewAttempt } from '$lib/server/learning/review';
import { submitAttempt } from '$lib/server/learning/submit';
import * as credentials from '$lib/server/learning/certificates/credential';
import { T0, insertUser } from './helpers';
import { freshContentDb, importOk, removeTempDirs, writeDemo } from './content-fixture';

let db: DB;

beforeEach(async () => {
	db = await freshContentDb();
	await importOk(db, writeDemo());
});
afterEach(removeTempDirs);

async function introVersion(): Promise<number> {
	const row = await db
		.selectFrom('quizzes')
		.innerJoin('modules', 'modules.id', 'quizzes.module_id')
		.select('quizzes.current_version_id')
		.where('modules.slug', '=', 'intro')
		.executeTakeFirstOrThrow();
	return row.current_version_id!;
}

describe('quiz JSON columns', () => {
	it('refuses an answer key whose question has no type, naming the column', async () => {
		const id = await introVersion();
		await db
			.updateTable('quiz_versions')
			.set({ answer_key: JSON.stringify([{ id: 'mission-purpose', correct: 2 }]) })
			.where('id', '=', id)
			.execute();
		await expect(versionKey(db, id)).rejects.toThrow(/quiz_versions\.answer_key .*at 0\.type/);
	});

	it('refuses question texts that are not JSON, naming the column', async () => {
		const id = await introVersion();
		await db.updateTable('quiz_texts').set({ questions: '[{"prompt": ' }).where('version_id', '=', id).execute();
		await expect(presentQuiz(db, id, 'en')).rejects.toThrow('quiz_texts.questions holds text that is not JSON');
	});

	it('refuses stored answers of the wrong shape when an attempt is reviewed', async () => {
		const id = await introVersion();
		const ana = await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
		const quiz = await db
			.selectFrom('quizzes')
			.select('id')
			.where('current_version_id', '=', id)
			.executeTakeFirstOrThrow();
		const { attemptId } = await submitAttempt(
			db,
			{
				userId: ana,
				quizId: quiz.id,
				versionId: id,
				submissionKey: 'k1',
				locale: 'en',
				answers: { 'mission-purpose': 2 }
			},
			T0
		);
		await db
			.updateTable('quiz_attempts')
			.set({ answers: '{"mission-purpose": {"x": 1}}' })
			.where('id', '=', attemptId)
			.execute();
		await expect(reviewAttempt(db, attemptId, ana, 'en')).rejects.toThrow(/quiz_attempts\.answers/);
	});
});

describe('course JSON columns', () => {
	it('refuses module objectives that are not a list of texts, naming the column', async () => {
		await db.updateTable('module_texts').set({ objectives: '{"a": 1}' }).execute();
		await expect(getCourseBySlug(db, 'demo', 'en')).rejects.toThrow(/module_texts\.objectives/);
	});

	it('refuses a certificate module list that is not a list of slugs, naming the column', async () => {
		await db.updateTable('courses').set({ certificate_modules: '"intro"' }).execute();
		await expect(getCourseBySlug(db, 'demo', 'en')).rejects.toThrow(/courses\.certificate_modules/);
	});
});

describe('credential JSON', () => {
	const b64 = (s: string) => Buffer.from(s).toString('base64url');

	it('reads a token whose header is JSON null as an invalid credential, never an exception', async () => {
		const key = await credentials.loadIssuerKey(join(mkdtempSync(join(tmpdir(), 'cs-key-')), 'key.json'));
		const token = `${b64('null')}.${b64('{}')}.${b64('sig')}`;
		expect(await credentials.verifyCredential(token, credentials.jwksOf(key))).toEqual({
			valid: false,
			reason: 'unreadable header'
		});
		expect(credentials.decodeJws(token)).toBeNull();
	});

	it('refuses an issuer key file that is not an EC private key, naming the file', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'cs-key-'));
		const path = join(dir, 'key.json');
		writeFileSync(path, JSON.stringify({ kty: 'oct', k: 'c2VjcmV0' }));
		try {
			await expect(credentials.loadIssuerKey(path)).rejects.toThrow(path);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
