// The form is enhanced (use:enhance): it works without JavaScript, and with it keeps focus and values.
export const csr = true;
