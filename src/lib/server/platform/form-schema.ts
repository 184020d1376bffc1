// Form input checked with Valibot, the schema library of the house. A form shows one message per
// field: the first finding for it, as a message code (the issue's message).
import * as v from 'valibot';
import { cleanText } from './form-text';

/** The named fields of a form, cleaned (see cleanText); a missing field reads as ''. */
export function formStrings<K extends string>(form: FormData, keys: readonly K[]): Record<K, string> {
	return Object.fromEntries(keys.map((k) => [k, cleanText(form.get(k))])) as Record<K, string>;
}

/** At most `max` characters (code points, as people count them), else the code 'too_long'. */
export function maxChars(max: number, code = 'too_long') {
	return v.check((value: string) => [...value].length <= max, code);
}

/** The first finding per field of `schema` on `values`; {} when all is well. */
export function fieldErrors<K extends string>(schema: v.GenericSchema, values: unknown): Partial<Record<K, string>> {
	const result = v.safeParse(schema, values);
	const errors: Partial<Record<K, string>> = {};
	for (const issue of result.issues ?? []) {
		const key = issue.path?.[0]?.key as K | undefined;
		if (key !== undefined && errors[key] === undefined) errors[key] = issue.message;
	}
	return errors;
}
