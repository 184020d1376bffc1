// The system's Chromium for the browser tests and the bench: CHROMIUM_PATH when set; else Debian's
// headless shell (package chromium-headless-shell), the browser without its windowing layers, which
// Playwright itself runs for headless tests (25 tests: 124 s against 150 and 164 s in the full
// browser, measured here); else Debian's full Chromium. Undefined when none is installed: then
// Playwright's own.
import { existsSync } from 'node:fs';

export const SYSTEM_CHROMIUM_PATHS = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'];

export function systemChromium(): string | undefined {
	const set = process.env.CHROMIUM_PATH?.trim();
	if (set) return set;
	return SYSTEM_CHROMIUM_PATHS.find((path) => existsSync(path));
}
