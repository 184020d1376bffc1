// What npm run backup and restore tell an operator on PostgreSQL: the real commands, for the
// database in DATABASE_URL, and never its password.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { postgresBackupAdvice, postgresRestoreAdvice } from '$lib/server/platform/postgres-backup';

const URL_WITH_PASSWORD = 'postgres://civic:s3cret-word@db.example.org:5433/programme';

describe('backup and restore on PostgreSQL', () => {
	it('names pg_dump in custom format for the database of the URL, and point-in-time recovery', () => {
		const text = postgresBackupAdvice(URL_WITH_PASSWORD, '/srv/civic/issuer-key.json');
		expect(text).toContain('pg_dump -Fc');
		expect(text).toContain('-d "postgres://civic@db.example.org:5433/programme"');
		expect(text).toContain('programme-$(date');
		for (const word of ['archive_mode = on', 'archive_command', 'pg_basebackup', '/srv/civic/issuer-key.json']) {
			expect(text).toContain(word);
		}
		expect(text).not.toContain('s3cret-word');
	});

	it('names pg_restore and the recovery settings, without the password', () => {
		const text = postgresRestoreAdvice(URL_WITH_PASSWORD);
		expect(text).toContain('pg_restore');
		expect(text).toContain('createdb --locale=C.UTF-8 --template=template0 programme');
		for (const word of ['restore_command', 'recovery_target_time', 'recovery.signal']) expect(text).toContain(word);
		expect(text).not.toContain('s3cret-word');
	});

	it('the commands touch nothing: backup succeeds, restore fails, both with the advice', () => {
		const env = { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nothing_here' };
		const backup = execFileSync('npx', ['tsx', 'src/cli/backup.ts'], { env, encoding: 'utf8' });
		expect(backup).toContain('pg_dump -Fc');
		let failed: { status: number | null; stderr: string } | null = null;
		try {
			execFileSync('npx', ['tsx', 'src/cli/restore.ts', 'some.dump'], { env, encoding: 'utf8', stdio: 'pipe' });
		} catch (e) {
			failed = e as { status: number | null; stderr: string };
		}
		expect(failed?.status).toBe(1);
		expect(failed?.stderr).toContain('pg_restore');
	}, 30_000);
});
