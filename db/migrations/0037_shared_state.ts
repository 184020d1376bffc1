import type { Kysely } from 'kysely';

// Several app instances on one database (issue 22): what one instance keeps that another needs lives
// in the database.
export async function up(db: Kysely<any>): Promise<void> {
	// What a page shows once after a redirect (a roster import's set-password links): the redirect's
	// GET may reach another instance. The value is encrypted (src/lib/server/http/flash.ts), since the
	// links are live secrets, and the row is gone after ten minutes.
	await db.schema
		.createTable('flash_values')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('value', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('flash_values_expiry').on('flash_values').column('expires_at').execute();

	// Uploaded files (lesson images, course documents, assignment hand-ins) when the database is
	// PostgreSQL: every instance reads them, and one pg_dump or point-in-time restore brings the files
	// and the rows that name them back to the same moment. On SQLite they stay files in UPLOADS_DIR
	// and SUBMISSIONS_DIR (one server). `area` is 'uploads' or 'submissions'; `key` is the file's path
	// inside that directory on SQLite, so that moving a database copies each file under its own name.
	await db.schema
		.createTable('stored_files')
		.addColumn('area', 'text', (c) => c.notNull())
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('bytes', 'blob', (c) => c.notNull())
		.addColumn('size', 'integer', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('stored_files_pk', ['area', 'key'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('stored_files').execute();
	await db.schema.dropTable('flash_values').execute();
}
