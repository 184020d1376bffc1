import type { Kysely } from 'kysely';

// Everyday work (issue 20): a person's own language, notices they can switch per kind, e-mail changes
// confirmed by a link, password links that say what they are for, and coordinators' messages with
// their history.
export async function up(db: Kysely<any>): Promise<void> {
	// The language a person chose on My account: e-mails are written in it and a certificate's PDF
	// defaults to it. Null until chosen (then the language of their last steps is used, as before).
	await db.schema.alterTable('users').addColumn('locale', 'text').execute();

	// 'set' (a coordinator or admin created the account or re-issued a link, valid 7 days) or
	// 'reset' (the person asked by e-mail after forgetting their password, valid for a short time).
	await db.schema
		.alterTable('password_tokens')
		.addColumn('purpose', 'text', (c) => c.notNull().defaultTo('set'))
		.execute();

	// A person's choice per notice kind (people/notices.ts KINDS). No row = both channels on.
	await db.schema
		.createTable('notice_settings')
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('in_app', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('by_email', 'integer', (c) => c.notNull().defaultTo(1))
		.addPrimaryKeyConstraint('notice_settings_pk', ['user_id', 'kind'])
		.execute();

	// The header shows the unread count on every page: one index lookup per request.
	await db.schema.createIndex('notices_unread').on('notices').columns(['user_id', 'read_at']).execute();

	// Notices that must go out once only (a cohort starting, the reminder after a week without
	// activity): the key names the occasion, e.g. 'cohort-starting:12' or 'inactive:12:2026-11-30'.
	await db.schema
		.createTable('notices_sent')
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('sent_at', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('notices_sent_pk', ['user_id', 'key'])
		.execute();

	// A new e-mail address waits here until its owner opens the link sent to it.
	await db.schema
		.createTable('email_changes')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('new_email', 'text', (c) => c.notNull())
		.addColumn('secret_hash', 'blob', (c) => c.notNull())
		.addColumn('expires_at', 'integer', (c) => c.notNull())
		.addColumn('used_at', 'integer')
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('email_changes_user').on('email_changes').column('user_id').execute();

	// A coordinator's message to a cohort or to chosen learners of it, kept as the cohort's history.
	await db.schema
		.createTable('cohort_messages')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('cohort_id', 'integer', (c) => c.notNull().references('cohorts.id').onDelete('cascade'))
		.addColumn('sender_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('subject', 'text', (c) => c.notNull())
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('cohort_messages_cohort')
		.on('cohort_messages')
		.columns(['cohort_id', 'created_at'])
		.execute();
	await db.schema
		.createTable('cohort_message_recipients')
		.addColumn('message_id', 'integer', (c) => c.notNull().references('cohort_messages.id').onDelete('cascade'))
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addPrimaryKeyConstraint('cohort_message_recipients_pk', ['message_id', 'user_id'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'cohort_message_recipients',
		'cohort_messages',
		'email_changes',
		'notices_sent',
		'notice_settings'
	])
		await db.schema.dropTable(table).execute();
	await db.schema.dropIndex('notices_unread').execute();
	await db.schema.alterTable('password_tokens').dropColumn('purpose').execute();
	await db.schema.alterTable('users').dropColumn('locale').execute();
}
