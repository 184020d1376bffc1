// Before the end-to-end tests: use Debian's Chromium when present (CHROMIUM_PATH, or its headless
// shell, or /usr/bin/chromium: system-chromium.ts); otherwise install Playwright's own Chromium once,
// so that a newcomer on another machine needs nothing else.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import { systemChromium } from './system-chromium';

const system = systemChromium();
if (system && existsSync(system)) {
	console.log(`End-to-end tests use ${system}.`);
} else if (existsSync(chromium.executablePath())) {
	console.log(`End-to-end tests use Playwright's Chromium at ${chromium.executablePath()}.`);
} else {
	console.log("No Chromium found: installing Playwright's Chromium (one time)...");
	const r = spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
}
