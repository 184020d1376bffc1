// Moving a deployment from SQLite to PostgreSQL (`npm run db:copy`, README "Moving to PostgreSQL"):
// every table of the SQLite file, row for row with the same ids, and the uploaded files, which on
// PostgreSQL live in the table stored_files, into a migrated target, in one transaction, then the
// row counts of both sides compared. The target may also be another SQLite database, which is how
// the domain tests exercise it without a server.
import { Kysely, sql } from 'kysely';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { migrations } from '../../../../db/migrations/index';
import { migrate, type DB } from '../db/client';
import { onPostgres } from '../db/postgres';

/** Kysely's own bookkeeping: the target's migrator writes its own. */
const SKIPPED_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);
/** A file larger than this is refused: nothing the app accepts comes near it. */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;
/** Bound values per INSERT, below PostgreSQL's 65,535 and SQLite's 32,766. */
const MAX_VALUES = 30_000;

export interface CopyOptions {
	/** Copy into a target that already holds rows, after deleting them. */
	force?: boolean;
	/** The folders whose files go into stored_files (on a PostgreSQL target); null: none. */
	uploadsDir?: string | null;
	submissionsDir?: string | null;
	/** Rows read and written at a time (memory stays bounded by it). */
	chunkRows?: number;
	maxFileBytes?: number;
	log?: (line: string) => void;
}

export interface TableCount {
	table: string;
	source: number;
	target: number;
}

export interface CopyReport {
	tables: TableCount[];
	files: { area: 'uploads' | 'submissions'; count: number; bytes: number }[];
	warnings: string[];
}

/** Refusals an operator can act on; the command prints the message alone. */
export class CopyRefused extends Error {}

/** The database seen as tables named at run time, as the copy reads them from the source. */
type AnyDb = Kysely<Record<string, Record<string, unknown>>>;

/** The source's tables in an order where every table comes after the tables it references. */
export async function tablesInForeignKeyOrder(source: DB): Promise<string[]> {
	const db = source as unknown as AnyDb;
	const { rows } = await sql<{ name: string }>`
		select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db);
	const names = rows.map((r) => r.name).filter((name) => !SKIPPED_TABLES.has(name));
	const parents = new Map<string, Set<string>>();
	for (const name of names) {
		const { rows: keys } = await sql<{ parent: string }>`
			select "table" as parent from pragma_foreign_key_list(${name})`.execute(db);
		// A table that references itself is copied in id order, so a row's parent comes first.
		parents.set(name, new Set(keys.map((k) => k.parent).filter((p) => p !== name)));
	}
	const ordered: string[] = [];
	const placed = new Set<string>();
	while (ordered.length < names.length) {
		const ready = names.filter((n) => !placed.has(n) && [...parents.get(n)!].every((p) => placed.has(p)));
		if (ready.length === 0) {
			const left = names.filter((n) => !placed.has(n));
			throw new Error(`the foreign keys of ${left.join(', ')} form a cycle (or name a missing table)`);
		}
		for (const n of ready) {
			ordered.push(n);
			placed.add(n);
		}
	}
	return ordered;
}

/** Refuses a source whose migrations differ from this code's: the copy must match the target's schema. */
async function checkSourceMigrations(source: DB): Promise<void> {
	const db = source as unknown as AnyDb;
	const { rows: present } = await sql<{ n: number }>`
		select count(*) as n from sqlite_master where type = 'table' and name = 'kysely_migration'`.execute(db);
	if (Number(present[0]?.n) === 0)
		throw new CopyRefused('the source is not a CivicSteps database (no migrations recorded)');
	const applied = (await db.selectFrom('kysely_migration').select('name').execute()).map((r) => r.name as string);
	const known = Object.keys(migrations);
	const behind = known.filter((name) => !applied.includes(name));
	const ahead = applied.filter((name) => !known.includes(name));
	if (ahead.length > 0) {
		throw new CopyRefused(
			`the source comes from a newer CivicSteps (migrations ${ahead.join(', ')}): copy it with that version`
		);
	}
	if (behind.length > 0) {
		throw new CopyRefused(
			`the source lacks migrations ${behind.join(', ')}: start this version of CivicSteps once on it ` +
				'(npm start with DATABASE_PATH set to the file; it migrates), stop it, then copy again'
		);
	}
}

async function countRows(db: AnyDb, table: string): Promise<number> {
	const row = await db
		.selectFrom(table)
		.select((eb) => eb.fn.countAll().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/** Every regular file under `root`, as paths relative to it with '/' (the stored_files key). */
function filesUnder(root: string): string[] {
	let top;
	try {
		top = lstatSync(root);
	} catch {
		return [];
	}
	if (!top.isDirectory()) throw new CopyRefused(`${root} is not a folder`);
	const found: string[] = [];
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
			const path = join(dir, entry.name);
			if (entry.isDirectory()) walk(path);
			// Symbolic links are not followed: they could lead outside the folder.
			else if (entry.isFile()) found.push(relative(root, path).split(sep).join('/'));
		}
	};
	walk(root);
	return found;
}

/** PostgreSQL's collation of the target, when it would sort text differently from SQLite (bytes). */
async function collationWarning(target: DB): Promise<string | null> {
	const { rows } = await sql<{ collate: string }>`
		select datcollate as collate from pg_database where datname = current_database()`.execute(target);
	const collate = rows[0]?.collate ?? '';
	if (['C', 'POSIX', 'C.UTF-8', 'C.utf8'].includes(collate)) return null;
	return (
		`the target database sorts text by the collation '${collate}', not by bytes as SQLite does: lists ordered ` +
		'by name may come out in another order. Create it with createdb --locale=C.UTF-8 --template=template0.'
	);
}

/**
 * Copies the SQLite database `source` into `target` (PostgreSQL, or SQLite for tests) and the files
 * of the two upload folders into stored_files (PostgreSQL only). Throws CopyRefused before writing
 * anything when the source's migrations differ from this code's or the target holds rows (without
 * `force`); throws when the counts differ afterwards.
 */
export async function copyDatabase(source: DB, target: DB, options: CopyOptions = {}): Promise<CopyReport> {
	const log = options.log ?? (() => undefined);
	const maxFileBytes = options.maxFileBytes ?? MAX_FILE_BYTES;
	if (onPostgres(source)) throw new CopyRefused('the source must be an SQLite database file');
	const toPostgres = onPostgres(target);
	await checkSourceMigrations(source);
	log('Migrating the target...');
	await migrate(target);
	const warnings: string[] = [];
	if (toPostgres) {
		const warning = await collationWarning(target);
		if (warning) warnings.push(warning);
	}

	const tables = await tablesInForeignKeyOrder(source);
	const src = source as unknown as AnyDb;
	const tgt = target as unknown as AnyDb;
	const targetTables = new Map((await tgt.introspection.getTables()).map((t) => [t.name, t]));
	const missing = tables.filter((t) => !targetTables.has(t));
	if (missing.length > 0) throw new CopyRefused(`the target has no table ${missing.join(', ')}`);
	const occupied: string[] = [];
	for (const table of tables) if ((await countRows(tgt, table)) > 0) occupied.push(table);
	if (occupied.length > 0 && !options.force) {
		throw new CopyRefused(
			`the target already holds rows (in ${occupied.join(', ')}); copy into an empty database, or add --force to delete them first`
		);
	}

	const areas = toPostgres
		? ([
				['uploads', options.uploadsDir],
				['submissions', options.submissionsDir]
			] as const)
		: [];
	const files = areas.map(([area, dir]) => ({ area, dir, keys: dir ? filesUnder(dir) : [] }));
	// Checked before the transaction, so that a refusal leaves the target as it was.
	for (const { dir, keys } of files) {
		for (const key of keys) {
			const size = lstatSync(join(dir!, key)).size;
			if (size > maxFileBytes) {
				throw new CopyRefused(
					`${join(dir!, key)} is ${size} bytes, over the limit of ${maxFileBytes}: remove it first`
				);
			}
		}
	}

	const fileReport: CopyReport['files'] = [];
	await tgt.transaction().execute(async (tx) => {
		for (const table of [...occupied].reverse()) await tx.deleteFrom(table).execute();
		for (const table of tables) {
			const columns = targetTables.get(table)!.columns.length;
			const chunk = Math.max(1, Math.min(options.chunkRows ?? 1000, Math.floor(MAX_VALUES / Math.max(1, columns))));
			let after = Number.MIN_SAFE_INTEGER;
			let copied = 0;
			// By rowid, a chunk at a time: memory stays bounded, and reading on from the last rowid
			// costs the same for the last chunk as for the first (OFFSET would rescan).
			for (;;) {
				const { rows } = await sql<Record<string, unknown>>`
					select rowid as copy_rowid__, * from ${sql.table(table)}
					where rowid > ${after} order by rowid limit ${chunk}`.execute(src);
				if (rows.length === 0) break;
				after = Number(rows[rows.length - 1].copy_rowid__);
				for (const row of rows) delete row.copy_rowid__;
				await tx.insertInto(table).values(rows).execute();
				copied += rows.length;
				if (rows.length < chunk) break;
			}
			if (copied > 0) log(`  ${table}: ${copied} rows`);
		}
		for (const { area, dir, keys } of files) {
			let bytes = 0;
			for (const key of keys) {
				const path = join(dir!, key);
				const content = readFileSync(path);
				bytes += content.length;
				await tx
					.insertInto('stored_files')
					.values({
						area,
						key,
						bytes: content,
						size: content.length,
						created_at: Math.round(lstatSync(path).mtimeMs)
					})
					.execute();
			}
			fileReport.push({ area, count: keys.length, bytes });
			if (keys.length > 0) log(`  ${area}: ${keys.length} files`);
		}
		if (toPostgres) {
			// The copy kept every id, but an identity's sequence does not know: move it past the
			// largest, so that a new row never takes an id in use (or a revoked certificate's index
			// in the revocation list). SQLite's AUTOINCREMENT follows explicit ids by itself.
			for (const table of tables) {
				for (const column of targetTables.get(table)!.columns.filter((c) => c.isAutoIncrementing)) {
					await sql`
						select setval(pg_get_serial_sequence(${table}, ${column.name}),
							coalesce(max(${sql.ref(column.name)}), 0) + 1, false)
						from ${sql.table(table)}`.execute(tx);
				}
			}
		}
	});

	const counts: TableCount[] = [];
	for (const table of tables) {
		counts.push({ table, source: await countRows(src, table), target: await countRows(tgt, table) });
	}
	const stored = counts.find((c) => c.table === 'stored_files');
	// stored_files gets the folders' files besides the source's own rows (none on SQLite, normally).
	if (stored) stored.source += fileReport.reduce((sum, f) => sum + f.count, 0);
	const differing = counts.filter((c) => c.source !== c.target);
	if (differing.length > 0) {
		throw new Error(
			`the counts differ after the copy: ${differing.map((c) => `${c.table} ${c.source} in the source, ${c.target} in the target`).join('; ')}`
		);
	}
	return { tables: counts, files: fileReport, warnings };
}

/** The counts as a plain table for the terminal. */
export function formatCounts(report: CopyReport): string {
	const width = Math.max(5, ...report.tables.map((t) => t.table.length));
	const lines = [`${'table'.padEnd(width)}  ${'source'.padStart(9)}  ${'target'.padStart(9)}`];
	for (const t of report.tables) {
		lines.push(`${t.table.padEnd(width)}  ${String(t.source).padStart(9)}  ${String(t.target).padStart(9)}`);
	}
	for (const f of report.files) {
		lines.push(
			`${`${f.area} files`.padEnd(width)}  ${String(f.count).padStart(9)}  ${`${(f.bytes / 1e6).toFixed(1)} MB`.padStart(9)}`
		);
	}
	return lines.join('\n');
}
