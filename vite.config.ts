import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
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
		testTimeout: 20000
	}
});
