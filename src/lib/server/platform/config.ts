// Settings read from the environment, in one place. Plain process.env (not $env) so that the
// command-line tools, which run outside SvelteKit, share this module.
import { dirname, resolve } from 'node:path';

export const config = {
	get databasePath(): string {
		return process.env.DATABASE_PATH || resolve('db', 'civicsteps.sqlite');
	},
	/**
	 * Where the data lives: DATABASE_URL=postgres://… selects PostgreSQL (README, "Choosing the
	 * database"); without it, the SQLite file at DATABASE_PATH.
	 */
	get database(): string {
		const url = process.env.DATABASE_URL?.trim();
		return url ? url : this.databasePath;
	},
	get onPostgres(): boolean {
		return /^postgres(ql)?:\/\//i.test(this.database);
	},
	/** The database named for messages, without a password. */
	get databaseLabel(): string {
		if (!this.onPostgres) return this.databasePath;
		try {
			const url = new URL(this.database);
			url.password = url.password ? '***' : '';
			return url.toString();
		} catch {
			return 'PostgreSQL (DATABASE_URL)';
		}
	},
	get demo(): boolean {
		return (process.env.DEMO ?? 'on').toLowerCase() !== 'off';
	},
	/** Name of the programme that issues certificates. */
	issuerName: process.env.ISSUER_NAME || 'CivicSteps — civil-society outreach programme, Northern Kosovo',
	/** The public address, for absolute links in certificates, QR codes and credentials. */
	get origin(): string {
		return (process.env.ORIGIN || `http://localhost:${process.env.PORT || 3000}`).replace(/\/+$/, '');
	},
	/** The issuer's signing key (a private JWK), outside the repository: beside the database. */
	get issuerKeyPath(): string {
		return process.env.ISSUER_KEY_PATH || resolve(dirname(this.databasePath), 'issuer-key.json');
	},
	/** Images uploaded by trainers: outside the repository, beside the database. */
	get uploadsDir(): string {
		return process.env.UPLOADS_DIR || resolve(dirname(this.databasePath), 'uploads');
	},
	/** Files learners hand in for assignments: outside the repository and never served as such. */
	get submissionsDir(): string {
		return process.env.SUBMISSIONS_DIR || resolve(dirname(this.databasePath), 'submissions');
	},
	get contentDir(): string {
		return process.env.CONTENT_DIR || resolve('content');
	}
};
