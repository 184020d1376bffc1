import { defineConfig, devices } from '@playwright/test';
import { systemChromium } from './src/cli/system-chromium';

// Debian's Chromium where it exists (this machine and CI; its headless shell first); otherwise
// Playwright's own build, which `npm run test:e2e` installs first when no system browser is found.
const chromiumPath = systemChromium();
const PORT = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
	testDir: 'tests/e2e',
	outputDir: 'test-results',
	fullyParallel: false,
	// Three on two cores: the tests mostly wait on the server and the browser, not the CPU. Measured on
	// this machine with 189 tests: 12.4 minutes with three workers against about 17 with two, which
	// keeps CI (Chromium, npm ci, checks, unit tests, this, the stress run and the bench) near 20 minutes.
	workers: 3,
	retries: 0,
	// Two minutes a test: on the slower 2-core host of 3 December (Xeon; the day before an EPYC) the
	// whole suite ran 1.7 times as long, and eight tests that go through many pages (axe at two widths,
	// certificate checks, the coordinator's journeys) took 55–60 s, one over 60 s on PostgreSQL. The
	// limit only decides how long a broken test takes to fail; test.slow() still triples it.
	timeout: 120_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list']] : [['list']],
	use: {
		baseURL: `http://localhost:${PORT}`,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		locale: 'en-GB',
		// The offline worker (issue 21) would answer navigations and keep state between tests of one
		// browser context; the specs written before it test the site itself, so it stays off for them.
		// tests/e2e/offline.spec.ts turns it on with test.use({ serviceWorkers: 'allow' }).
		serviceWorkers: 'block',
		launchOptions: {
			executablePath: chromiumPath,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		}
	},
	projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
	webServer: {
		command: 'tsx src/cli/e2e-server.ts',
		url: `http://localhost:${PORT}/en`,
		timeout: 240_000,
		reuseExistingServer: false,
		stdout: 'pipe',
		env: { E2E_PORT: String(PORT) }
	}
});
