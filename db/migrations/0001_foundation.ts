import { sql, type Kysely } from 'kysely';

// Frozen in time: a later change to the schema is a new migration, never an edit here.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('organisations')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('slug', 'text', (c) => c.notNull().unique())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('municipality', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('website', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('social_links', 'text', (c) => c.notNull().defaultTo(''))
		// Name and municipality folded to lower-case Latin without diacritics, for the directory search.
		.addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('users')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('email', 'text', (c) => c.notNull().unique())
		.addColumn('name', 'text', (c) => c.notNull())
		// Name and e-mail folded to lower-case Latin without diacritics, for search in any script.
		.addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('password_hash', 'text', (c) => c.notNull())
		.addColumn('role', 'text', (c) =>
			c
				.notNull()
				.defaultTo('learner')
				.check(sql`role in ('learner','trainer','coordinator','admin')`)
		)
		.addColumn('organisation_id', 'integer', (c) => c.references('organisations.id').onDelete('set null'))
		.addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('users_organisation').on('users').column('organisation_id').execute();
	await db.schema.createIndex('users_name').on('users').column('name').execute();

	await db.schema
		.createTable('sessions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('secret_hash', 'blob', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('last_verified_at', 'integer', (c) => c.notNull())
		.addColumn('user_agent', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('ip', 'text', (c) => c.notNull().defaultTo(''))
		.execute();
	await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

	await db.schema
		.createTable('sign_in_failures')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('failures', 'integer', (c) => c.notNull())
		.addColumn('first_failed_at', 'integer', (c) => c.notNull())
		.addColumn('locked_until', 'integer', (c) => c.notNull())
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['sign_in_failures', 'sessions', 'users', 'organisations']) {
		await db.schema.dropTable(table).execute();
	}
}
