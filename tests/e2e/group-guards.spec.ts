// The guards of the route groups: every page of (teach), (coordinate) and (admin), found at test time,
// sends a visitor to sign in and answers a 403 to the roles the group is not for, whatever the id in
// its address. A page added to a group later is covered without being listed here.
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { expect, test } from '@playwright/test';
import { anonymous, Client, DEMO, ROUTES_DIR, signIn } from './security-helpers';

type Who = 'learner' | 'trainer' | 'coordinator';
const GROUPS: Record<string, Who[]> = {
	teach: ['learner', 'coordinator'],
	coordinate: ['learner'],
	admin: ['learner', 'trainer', 'coordinator']
};

/** Addresses of the group's pages, with a made-up value for each parameter. */
function pagesOf(group: string): string[] {
	const root = join(ROUTES_DIR, `(${group})`);
	const out: string[] = [];
	const walk = (dir: string) => {
		const entries = readdirSync(dir, { withFileTypes: true });
		if (entries.some((e) => e.isFile() && e.name === '+page.svelte')) {
			const segments = relative(root, dir)
				.split(sep)
				.filter((s) => s && !/^\(.*\)$/.test(s))
				.map((s) => (s === '[kind]' ? 'course' : s.startsWith('[') ? '1' : s));
			out.push(`/en/${segments.join('/')}`);
		}
		for (const e of entries) if (e.isDirectory()) walk(join(dir, e.name));
	};
	walk(root);
	return out.sort();
}

test.describe('route group guards', () => {
	const clients = {} as Record<Who | 'anonymous', Client>;
	test.beforeAll(async () => {
		clients.anonymous = await anonymous();
		clients.learner = await signIn(DEMO.learner1, 'learner');
		clients.trainer = await signIn(DEMO.trainer, 'trainer');
		clients.coordinator = await signIn(DEMO.coordinator, 'coordinator');
	});
	test.afterAll(async () => {
		for (const client of Object.values(clients)) await client.dispose();
	});

	for (const [group, denied] of Object.entries(GROUPS)) {
		test(`(${group}): a visitor is sent to sign in, ${denied.join(' and ')} get 403 on every page`, async () => {
			const pages = pagesOf(group);
			expect(pages.length, `pages of (${group})`).toBeGreaterThan(0);
			for (const path of pages) {
				const visitor = await clients.anonymous.get(path);
				expect(visitor.status(), `visitor at ${path}`).toBe(303);
				expect(visitor.headers()['location'], `visitor at ${path}`).toBe(
					`/en/signin?next=${encodeURIComponent(path.replace(/^\/en/, ''))}`
				);
				for (const who of denied) {
					const response = await clients[who].get(path);
					expect(response.status(), `${who} at ${path}`).toBe(403);
				}
			}
		});
	}
});
