import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	compilerOptions: {
		runes: true
	},
	kit: {
		adapter: adapter({ precompress: true }),
		// static/sw-register.js registers the offline worker on every page (learner pages have no other
		// script); pages with the client router must not register it a second time.
		serviceWorker: { register: false },
		// The cross-origin form check stays on (the default): a POST whose Origin differs is refused.
		csrf: { trustedOrigins: [] },
		// Scripts only from this site (SvelteKit adds the hash of its own inline script), no plugins,
		// no framing, forms only to this site. Inline style attributes stay allowed: Svelte sets some
		// (progress bars), and styles cannot run code. A hash rather than a nonce: a page is then the
		// same bytes however often it is rendered, so the page cache may keep it (a nonce must differ
		// in every response).
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'https:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
