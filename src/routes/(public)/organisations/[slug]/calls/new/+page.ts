// The form is enhanced (use:enhance): it works without JavaScript, and with it keeps the page and its values.
export const csr = true;
