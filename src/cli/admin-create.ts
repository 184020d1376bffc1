// `npm run admin:create`: makes an administrator account. Asks for the name, e-mail and password,
// or takes them from --name, --email and --password (or ADMIN_NAME, ADMIN_EMAIL, ADMIN_PASSWORD).
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { closeDb, getDb } from '../lib/server/db/client';
import { config } from '../lib/server/platform/config';
import * as users from '../lib/server/people/users';
import { checkPasswordPolicy } from '../lib/server/auth/password';
import { isEmail, normaliseEmail } from '../lib/server/platform/form-text';

const { values } = parseArgs({
	options: { name: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' } }
});

async function ask(question: string, fallback?: string): Promise<string> {
	if (fallback) return fallback;
	if (!process.stdin.isTTY) throw new Error(`missing ${question.toLowerCase()} (use --name, --email, --password)`);
	const rl = createInterface({ input: process.stdin, output: process.stdout });
	const answer = await rl.question(`${question}: `);
	rl.close();
	return answer.trim();
}

try {
	const name = await ask('Name', values.name ?? process.env.ADMIN_NAME);
	const email = normaliseEmail(await ask('E-mail', values.email ?? process.env.ADMIN_EMAIL));
	const password = await ask('Password (at least 10 characters)', values.password ?? process.env.ADMIN_PASSWORD);
	if (!name) throw new Error('the name is empty');
	if (!isEmail(email)) throw new Error(`"${email}" is not an e-mail address`);
	const problem = await checkPasswordPolicy(password, { email, name });
	if (problem) throw new Error(`the password is not acceptable (${problem.replaceAll('_', ' ')})`);
	const db = await getDb();
	const existing = await users.findUserByEmail(db, email);
	if (existing) {
		await users.setRole(db, existing.id, 'admin');
		await users.setActive(db, existing.id, true);
		console.log(`${email} already had an account; it is now an administrator.`);
	} else {
		await users.createUserWithRole(db, { name, email, password, role: 'admin' });
		console.log(`Administrator ${email} created in ${config.databasePath}.`);
	}
	await closeDb();
} catch (e) {
	console.error(`admin:create: ${e instanceof Error ? e.message : e}`);
	process.exitCode = 1;
}
