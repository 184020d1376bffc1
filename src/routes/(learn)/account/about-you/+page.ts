// The forms here are enhanced (use:enhance): they work without JavaScript, and with it keep focus and
// the values chosen on the page.
export const csr = true;
