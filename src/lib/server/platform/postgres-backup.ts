// What `npm run backup` and `npm run restore` say on PostgreSQL. They copy an SQLite file; on a
// database server the standard tools do it better (a consistent dump while the server runs, and
// point-in-time recovery from archived WAL), so the commands only say how, and touch nothing.

/** The parts of a postgres:// URL that pg_dump and pg_restore need, without the password. */
function describe(url: string): { database: string; connection: string } {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return { database: 'civicsteps', connection: '"$DATABASE_URL"' };
	}
	const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'civicsteps';
	// The password never goes into a printed command: pg_dump reads it from ~/.pgpass or PGPASSWORD.
	parsed.password = '';
	const connection = `"${parsed.toString()}"`;
	return { database, connection };
}

/** The text `npm run backup` prints when DATABASE_URL names PostgreSQL. */
export function postgresBackupAdvice(url: string, issuerKeyPath: string): string {
	const { database, connection } = describe(url);
	return [
		`The database is PostgreSQL (${database}): npm run backup copies SQLite files only and has done nothing.`,
		'',
		'A consistent dump, safe to take while the app runs (custom format: compressed, restorable table by table):',
		`  pg_dump -Fc --no-owner -d ${connection} -f ${database}-$(date -u +%Y-%m-%dT%H-%M-%SZ).dump`,
		'Uploaded files and hand-ins are in the table stored_files, so the dump holds them too.',
		`Keep the issuer key (${issuerKeyPath}, or ISSUER_KEY) beside the dump: certificates cannot be`,
		'verified without it. Dumps hold personal data: store them readable by their owner only (chmod 600).',
		'',
		'Point-in-time recovery (back to any moment, not only to the last dump), in postgresql.conf:',
		'  wal_level = replica',
		'  archive_mode = on',
		"  archive_command = 'test ! -f /var/backups/pg-wal/%f && cp %p /var/backups/pg-wal/%f'",
		'then a base backup now and then (e.g. weekly), while the server runs:',
		'  pg_basebackup -D /var/backups/pg-base/$(date -u +%Y-%m-%d) -Ft -z -X stream -P',
		'See the README ("Backups on PostgreSQL") and https://www.postgresql.org/docs/15/continuous-archiving.html.'
	].join('\n');
}

/** The text `npm run restore` prints when DATABASE_URL names PostgreSQL. */
export function postgresRestoreAdvice(url: string): string {
	const { database, connection } = describe(url);
	return [
		`The database is PostgreSQL (${database}): npm run restore replaces SQLite files only and has done nothing.`,
		'',
		'From a dump made with pg_dump -Fc (stop every app instance first):',
		`  dropdb --force ${database} && createdb --locale=C.UTF-8 --template=template0 ${database}`,
		`  pg_restore --no-owner --exit-on-error -d ${connection} <file>.dump`,
		'or, into the existing database, replacing what it holds:',
		`  pg_restore --clean --if-exists --no-owner --exit-on-error -d ${connection} <file>.dump`,
		'Put the issuer key kept with the dump back at ISSUER_KEY_PATH (or ISSUER_KEY).',
		'',
		'Point-in-time recovery (needs archive_mode and a base backup, see npm run backup):',
		'  1. stop PostgreSQL and move its data directory aside;',
		'  2. unpack the latest base backup before the moment into a new data directory (base.tar.gz, and pg_wal.tar.gz into pg_wal/);',
		'  3. in postgresql.conf:',
		"       restore_command = 'cp /var/backups/pg-wal/%f %p'",
		"       recovery_target_time = '2026-12-03 09:00:00+00'",
		"       recovery_target_action = 'promote'",
		'  4. touch recovery.signal in the data directory and start PostgreSQL: it replays the archived WAL',
		'     up to that moment, then opens the database for writing.',
		'Then start the app instances again.'
	].join('\n');
}
