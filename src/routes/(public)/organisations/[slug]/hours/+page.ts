// The confirm and reject forms are enhanced (use:enhance); they work without JavaScript too.
export const csr = true;
