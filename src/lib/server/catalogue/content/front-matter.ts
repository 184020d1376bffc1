// Front matter and error collection shared by the readers of content/ (courses, modules, lessons,
// assignments).
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { ContentLocale } from './schema';

type Data = Record<string, unknown>;

export class ContentErrors {
	list: string[] = [];
	constructor(private base: string) {}
	add(file: string, message: string) {
		this.list.push(`${relative(this.base, file) || file}: ${message}`);
	}
}

export function yamlError(e: unknown): string {
	if (e instanceof YAMLParseError) {
		const line = e.linePos?.[0]?.line;
		return `invalid YAML${line ? ` at line ${line}` : ''}: ${e.message.split('\n')[0]}`;
	}
	return `invalid YAML: ${String(e)}`;
}

/** Splits `---` front matter from a Markdown body. */
export function readFrontMatter(file: string, errors: ContentErrors): { data: Data; body: string } | null {
	const text = readFileSync(file, 'utf8')
		.replace(/^\uFEFF/, '')
		.replace(/\r\n?/g, '\n');
	const match = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(text);
	if (!match) {
		errors.add(file, 'missing front matter (the file must start with --- and a YAML block)');
		return null;
	}
	try {
		const data = parseYaml(match[1]) ?? {};
		if (typeof data !== 'object' || Array.isArray(data)) {
			errors.add(file, 'front matter must be a YAML mapping');
			return null;
		}
		return { data: data as Data, body: match[2].trim() };
	} catch (e) {
		// Front matter starts on line 2 of the file.
		if (e instanceof YAMLParseError && e.linePos?.[0]) {
			errors.add(file, `invalid YAML at line ${e.linePos[0].line + 1}: ${e.message.split('\n')[0]}`);
		} else errors.add(file, yamlError(e));
		return null;
	}
}

/** The file for a locale beside an English source: `x.md` → `x.sq.md`. */
export function localeFile(file: string, locale: ContentLocale): string {
	if (locale === 'en') return file;
	return file.replace(/\.(md|yaml)$/, `.${locale}.$1`);
}
