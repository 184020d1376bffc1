// An organisation's municipality is free text in its profile (written in Albanian, Serbian in either
// script, or English), while the results count by the network's closed list of municipalities.
// This reads the text as one of those codes, the way a person from the region would.
import { fold } from '$lib/i18n/script';
import type { Municipality } from '$lib/volunteering/options';

// Matched on folded text (lower case, Cyrillic as Latin, no diacritics: "Zveçan", "Zvečan" and
// "Звечан" are all "zvecan"), word by word. Albanian definite forms (Zveçani, Leposaviqi) and
// Serbian cases (Zvečanu, Leposaviću) begin with the same letters, so a name matches as a prefix.
const NAMES: [Exclude<Municipality, 'other'>, RegExp][] = [
	['zvecan', /\bzve[cq]an/],
	['zubin-potok', /\bzubin ?potok/],
	['leposavic', /\bleposavi(?:c|q|tj)/],
	['mitrovica-north', /\bmitrovic/]
];

/** The southern municipality of Mitrovica is not one of the network's: it counts as 'other'. */
const SOUTH = /\b(?:jug|jugut|jugore|south|southern|juzna|juzne|juznoj|juzni)\b/;

/**
 * The municipality code an organisation's free-text municipality names, or null when it is empty.
 * Text that names none of the network's municipalities is 'other'; a text naming several is read
 * by the first. "Mitrovica" without north or south is read as North Mitrovica, the programme's own
 * (the southern one is written with its qualifier: Mitrovicë e Jugut, Južna Mitrovica).
 */
export function municipalityCode(text: string | null | undefined): Municipality | null {
	const folded = fold(text ?? '')
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
	if (folded === '') return null;
	let found: Municipality = 'other';
	let at = Infinity;
	for (const [code, pattern] of NAMES) {
		const match = pattern.exec(folded);
		if (match && match.index < at) {
			at = match.index;
			found = code === 'mitrovica-north' && SOUTH.test(folded) ? 'other' : code;
		}
	}
	return found;
}
