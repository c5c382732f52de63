/**
 * How browsers word an `import()` of a part of the page that could not be fetched: Chromium,
 * Firefox, Safari. Such a failure is kept for the page's lifetime (the module map remembers
 * it, and the same import fails at once without fetching again), so only a reload helps.
 */
const MODULE_LOAD_FAILURE =
  /Failed to fetch dynamically imported module|error loading dynamically imported module|Importing a module script failed/i;

/** A part of the page (the upload code loaded on first use) failed to load: reload to go on. */
export const isPageLoadFailure = (error: unknown): boolean =>
  error instanceof TypeError && MODULE_LOAD_FAILURE.test(error.message);
