// Whether build/ is newer than every source it is made from (shared by `npm start` and the bench).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const STAMP = 'build/.built';
// db/migrations and db/schema.ts are bundled into the server (it migrates at start); the rest of db/
// is data that changes all the time.
const SOURCES = [
	'src',
	'db/migrations',
	'db/schema.ts',
	'messages',
	'project.inlang',
	'static',
	'svelte.config.js',
	'vite.config.ts',
	'package.json'
];

function newestMtime(path: string): number {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = 0;
	for (const entry of readdirSync(path)) {
		if (entry === 'paraglide' || entry === 'node_modules' || entry.startsWith('.')) continue;
		newest = Math.max(newest, newestMtime(join(path, entry)));
	}
	return newest;
}

export function buildIsFresh(): boolean {
	const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
	return built > Math.max(...SOURCES.map(newestMtime)) && existsSync('build/index.js');
}
