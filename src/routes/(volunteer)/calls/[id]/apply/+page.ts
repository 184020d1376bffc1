// The application form is enhanced (use:enhance): it works without JavaScript, and with it keeps the
// message typed on the page.
export const csr = true;
