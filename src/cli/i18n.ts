// Prepares the message catalogue: writes messages/sr-Cyrl.json from messages/sr-Latn.json by
// transliteration, then compiles the Paraglide runtime into src/lib/paraglide.
import { readFileSync, writeFileSync } from 'node:fs';
import { compile } from '@inlang/paraglide-js';
import { latinToCyrillicMarkup } from '../lib/i18n/translit';
import { paraglideOptions } from '../lib/i18n/compiler-options.js';

type Catalogue = Record<string, unknown>;

function transliterate(value: unknown): unknown {
	if (typeof value === 'string') return latinToCyrillicMarkup(value);
	if (Array.isArray(value)) return value.map(transliterate);
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, transliterate(v)]));
	}
	return value;
}

const latin = JSON.parse(readFileSync('messages/sr-Latn.json', 'utf8')) as Catalogue;
const cyrillic: Catalogue = {};
for (const [key, value] of Object.entries(latin)) {
	cyrillic[key] = key.startsWith('$') ? value : transliterate(value);
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
