// Lint rules that keep the house's shape (issue 15): domain code under src/lib/server knows nothing of
// HTTP (only src/lib/server/http maps domain results to responses), and routes hold no SQL.
import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

const SQL_CALLS = '/^(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|executeQuery|prepare|exec)$/';

export default ts.config(
	{
		ignores: ['build/', '.svelte-kit/', 'src/lib/paraglide/', 'node_modules/', 'test-results/', 'tests/.tmp/', 'bench/']
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'], svelteConfig } }
	},
	{
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			// Links go through our own localizeHref (src/lib/i18n/href.ts), which the rule does not know.
			'svelte/no-navigation-without-resolve': 'off',
			// TypeScript checks names itself, DOM types such as AutoFill included.
			'no-undef': 'off',
			// Stripping control characters from untrusted text is deliberate here.
			'no-control-regex': 'off'
		}
	},
	{
		// Kysely's own advice: a migration sees the database as it was then, not as db/schema.ts says.
		files: ['db/migrations/**'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' }
	},
	{
		// Tests read credentials and API answers as free JSON to assert on their fields.
		files: ['tests/**'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' }
	},
	{
		files: ['src/lib/server/**/*.ts'],
		ignores: ['src/lib/server/http/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['@sveltejs/kit', '@sveltejs/kit/*', '$app/*', '!$app/types', '$lib/server/http/*'],
							message: 'Domain code knows nothing of HTTP: return a result, and map it in src/lib/server/http.'
						}
					]
				}
			]
		}
	},
	{
		files: ['src/routes/**/*.ts', 'src/routes/**/*.svelte'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['kysely', 'better-sqlite3', '$lib/server/db/*', '!$lib/server/db/id-lists'],
							message: 'Routes hold no SQL: call a function of the domain module under src/lib/server.'
						}
					]
				}
			],
			'no-restricted-syntax': [
				'error',
				{
					selector: `CallExpression[callee.property.name=${SQL_CALLS}]`,
					message: 'Routes hold no SQL: call a function of the domain module under src/lib/server.'
				},
				{ selector: "TaggedTemplateExpression[tag.name='sql']", message: 'Routes hold no SQL.' }
			]
		}
	}
);
