// The decision and attendance forms are enhanced (use:enhance): they work without JavaScript, and
// with it keep the place on a long list of applicants.
export const csr = true;
