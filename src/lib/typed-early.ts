// What someone types before the page's scripts have arrived stays typed.
//
// On a slow phone network the page's JavaScript can come seconds after its HTML, and every form
// works in the meantime: people start typing. When the scripts arrive, Svelte hydrates the page and
// sets each field it renders with `value={…}` (or a textarea's text, a `selected`, a `checked`) back
// to what the server sent, which wipes what was typed: a sign-in address, half a lesson. Svelte keeps
// early input only for fields written with `bind:`. Rather than rewrite every form, the root layout
// notes at the start of hydration (before any field is set) each field that differs from what the
// server sent, and puts it back once hydration is over. This runs once, for the first page; later
// pages are rendered in the browser and have nothing to lose.

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

interface Typed {
	field: Field;
	/** Text fields: the value typed. */
	value?: string;
	/** Check boxes and radio buttons: the state chosen. */
	checked?: boolean;
	/** Lists: which options were chosen. */
	selected?: boolean[];
}

/** Kinds of input a person does not type in, or whose value a script cannot set back (files). */
const NOT_TYPED = new Set(['hidden', 'file', 'submit', 'reset', 'button', 'image']);

/** The fields under `root` that differ from what the server sent, with what they hold now. */
export function noteTypedFields(root: ParentNode = document): Typed[] {
	const typed: Typed[] = [];
	for (const field of root.querySelectorAll<Field>('input, textarea, select')) {
		if (field instanceof HTMLSelectElement) {
			const options = Array.from(field.options);
			if (options.some((o) => o.selected !== o.defaultSelected))
				typed.push({ field, selected: options.map((o) => o.selected) });
		} else if (field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio')) {
			if (field.checked !== field.defaultChecked) typed.push({ field, checked: field.checked });
		} else if (!(field instanceof HTMLInputElement && NOT_TYPED.has(field.type))) {
			if (field.value !== field.defaultValue) typed.push({ field, value: field.value });
		}
	}
	return typed;
}

/**
 * Puts back what `noteTypedFields` found, where hydration changed it, and tells the page's own
 * handlers (a live preview, a question type's fields) as typing would. Returns how many were put back.
 */
export function restoreTypedFields(typed: Typed[]): number {
	let restored = 0;
	for (const { field, value, checked, selected } of typed) {
		if (!field.isConnected) continue;
		let changed = false;
		if (selected && field instanceof HTMLSelectElement) {
			const options = Array.from(field.options);
			if (options.length === selected.length && options.some((o, i) => o.selected !== selected[i])) {
				options.forEach((o, i) => (o.selected = selected[i]));
				changed = true;
			}
		} else if (checked !== undefined && field instanceof HTMLInputElement) {
			if (field.checked !== checked) {
				field.checked = checked;
				changed = true;
			}
		} else if (value !== undefined && field.value !== value) {
			field.value = value;
			changed = true;
		}
		if (!changed) continue;
		restored++;
		field.dispatchEvent(new Event('input', { bubbles: true }));
		if (!(field instanceof HTMLTextAreaElement) && (selected || checked !== undefined))
			field.dispatchEvent(new Event('change', { bubbles: true }));
	}
	return restored;
}
