// The log form is enhanced (use:enhance); it works without JavaScript too.
export const csr = true;
