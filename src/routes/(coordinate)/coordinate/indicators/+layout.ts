// The programme results pages are read, filtered with a GET form and frozen with a plain POST: no
// script is needed, and none is sent. Rendered only on the server, dates and numbers keep the
// reader's language even in browsers without Albanian date data (Chromium: a hydrated page showed
// English dates), and the CSV and PDF links download directly instead of being tried as pages.
export const csr = false;
