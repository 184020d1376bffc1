// Prepares the message catalogue: writes messages/sr-Cyrl.json from messages/sr-Latn.json by
// transliteration, then compiles the Paraglide runtime into src/lib/paraglide.
import { readFileSync, writeFileSync } from 'node:fs';
import { compile } from '@inlang/paraglide-js';
import { deriveCyrillic } from '../lib/i18n/script';
import { paraglideOptions } from '../lib/i18n/compiler-options.js';

type Catalogue = Record<string, unknown>;

const latin = JSON.parse(readFileSync('messages/sr-Latn.json', 'utf8')) as Catalogue;
const cyrillic: Catalogue = {};
for (const [key, value] of Object.entries(latin)) {
	cyrillic[key] = key.startsWith('$') ? value : deriveCyrillic(value);
}
const generated = JSON.stringify(cyrillic, null, '\t') + '\n';
let previous = '';
try {
	previous = readFileSync('messages/sr-Cyrl.json', 'utf8');
} catch {
	// first run
}
if (previous !== generated) writeFileSync('messages/sr-Cyrl.json', generated);

await compile({ ...paraglideOptions, isServer: "typeof window === 'undefined'" });
