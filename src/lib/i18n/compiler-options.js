// One place for the Paraglide compiler options, shared by the Vite plugin (dev and build)
// and by `npm run i18n` (which compiles before svelte-check and Vitest, where the plugin is kept out).

/** Every locale is prefixed, English too, so that an unprefixed URL falls through to the
 * cookie and then Accept-Language, and is redirected to the visitor's language. */
/** @type {[string, string][]} */
const prefixed = ['en', 'sq', 'sr-Latn', 'sr-Cyrl'].map((locale) => [
	locale,
	`:protocol://:domain(.*)::port?/${locale}/:path(.*)?`
]);

/** @type {import('@inlang/paraglide-js').CompilerOptions} */
export const paraglideOptions = {
	project: './project.inlang',
	outdir: './src/lib/paraglide',
	strategy: ['url', 'cookie', 'preferredLanguage', 'baseLocale'],
	cookieName: 'locale',
	// SvelteKit serves /en, not /en/: both sides must agree or they redirect each other forever.
	trailingSlash: 'never',
	urlPatterns: [
		{
			pattern: ':protocol://:domain(.*)::port?/:path(.*)?',
			localized: prefixed
		}
	],
	emitGitIgnore: false,
	emitPrettierIgnore: false,
	emitReadme: false
};
