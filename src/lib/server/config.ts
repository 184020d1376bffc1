// Settings read from the environment, in one place. Plain process.env (not $env) so that the
// command-line tools, which run outside SvelteKit, share this module.
import { resolve } from 'node:path';

export const config = {
	get databasePath(): string {
		return process.env.DATABASE_PATH || resolve('db', 'civicsteps.sqlite');
	},
	get demo(): boolean {
		return (process.env.DEMO ?? 'on').toLowerCase() !== 'off';
	},
	/** Name of the programme that issues certificates. */
	issuerName: process.env.ISSUER_NAME || 'CivicSteps — civil-society outreach programme, Northern Kosovo',
	get contentDir(): string {
		return process.env.CONTENT_DIR || resolve('content');
	}
};
