// The system's Chromium for the browser tests and the bench: CHROMIUM_PATH when set; else Debian's
// headless shell (package chromium-headless-shell), the browser without its windowing layers, which
// Playwright itself runs for headless tests and which took about a fifth less time over the same
// specs here; else Debian's full Chromium. Undefined when none is installed (Playwright's own then).
import { existsSync } from 'node:fs';

export const SYSTEM_CHROMIUM_PATHS = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'];

export function systemChromium(): string | undefined {
	const set = process.env.CHROMIUM_PATH?.trim();
	if (set) return set;
	return SYSTEM_CHROMIUM_PATHS.find((path) => existsSync(path));
}
