// The profile form is enhanced (use:enhance): it works without JavaScript, and with it keeps focus and
// the values typed on the page.
export const csr = true;
