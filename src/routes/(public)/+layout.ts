// Learner and public pages need no JavaScript: forms post and links load pages. Without the client
// router they ship no script at all (about 55 KB less on a lesson page), which counts on old phones
// and weak networks. Pages whose forms are enhanced (use:enhance) turn it back on in their +page.ts.
export const csr = false;
