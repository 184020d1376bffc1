// The volunteer's pages need no JavaScript: forms post and links load pages (as in (learn)). Pages
// whose forms are enhanced (use:enhance) turn it back on in their +page.ts.
export const csr = false;
