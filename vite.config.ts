import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { paraglideOptions } from './src/lib/i18n/compiler-options.js';

// Vitest runs on messages compiled beforehand by `npm run i18n`: the plugin's watcher keeps the
// test process from exiting promptly.
const underVitest = Boolean(process.env.VITEST);

export default defineConfig({
	plugins: [sveltekit(), ...(underVitest ? [] : [paraglideVitePlugin(paraglideOptions)])],
	server: { port: 5173 },
	test: {
		include: ['src/**/*.spec.ts', 'tests/unit/**/*.spec.ts'],
		environment: 'node',
		// On PostgreSQL (TEST_DATABASE_URL): the template database, and each test's own dropped after it.
		globalSetup: ['tests/unit/global-setup.ts'],
		setupFiles: ['tests/unit/setup.ts'],
		pool: 'threads',
		// Vitest's default is one worker fewer than the cores: one on a 2-core machine, where the main
		// process mostly waits. Measured on 2 cores (EPYC), 3 December: SQLite 271 s with the default
		// against 174 s with two workers. On PostgreSQL the tests mostly wait for the server, so twice
		// as many workers as cores: 822 s with one worker against 334 s with four. At most eight there:
		// each worker's test may hold up to ten connections (DATABASE_POOL_SIZE), and a server keeps
		// 100 by default.
		maxWorkers: process.env.TEST_DATABASE_URL
			? Math.min(8, 2 * Math.max(2, availableParallelism()))
			: Math.max(2, availableParallelism()),
		testTimeout: 20000
	}
});
