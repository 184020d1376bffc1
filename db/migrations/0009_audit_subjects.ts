import { sql, type Kysely } from 'kysely';

// Audit entries about an account (role changed, deactivated, reactivated) name the account by its
// id as well as by the text shown, so that deleting the account can erase its name and e-mail from
// the log while the entry keeps its action (README, "Security and data").
//
// Existing entries get the id of the account whose current "name <e-mail>" they show; entries about
// accounts already deleted before this migration cannot be matched any more.
//
// The sign-in throttle now keys on account and address (auth/throttle.ts): counters under the old
// keys ("email:…", "ip:…") would never be read again, so they go.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('audit_log').addColumn('subject_user_id', 'integer').execute();
	await sql`
		update audit_log set subject_user_id = (
			select users.id from users where audit_log.subject = users.name || ' <' || users.email || '>'
		)
		where action in ('role_changed', 'user_deactivated', 'user_reactivated')
	`.execute(db);
	await db
		.deleteFrom('sign_in_failures')
		.where((eb) => eb.or([eb('key', 'like', 'email:%'), eb('key', 'like', 'ip:%')]))
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('audit_log').dropColumn('subject_user_id').execute();
}
