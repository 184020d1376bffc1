import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	compilerOptions: {
		runes: true
	},
	kit: {
		adapter: adapter({ precompress: true }),
		// The cross-origin form check stays on (the default): a POST whose Origin differs is refused.
		csrf: { trustedOrigins: [] }
	}
};

export default config;
