// Stored JSON (columns, key files) is read back through a schema: corrupt data fails loudly, naming its source,
// instead of travelling on as a value of the wrong type.
import * as v from 'valibot';

export class CorruptDataError extends Error {
	override name = 'CorruptDataError';
}

/** `text` parsed as JSON and checked against `schema`; throws CorruptDataError naming `source` (a column or file). */
export function parseStoredJson<S extends v.GenericSchema>(schema: S, text: string, source: string): v.InferOutput<S> {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw new CorruptDataError(`${source} holds text that is not JSON`);
	}
	const result = v.safeParse(schema, value);
	if (result.success) return result.output;
	const issue = result.issues[0];
	const at = v.getDotPath(issue);
	throw new CorruptDataError(`${source} does not have the expected shape${at ? ` at ${at}` : ''}: ${issue.message}`);
}
