/**
 * The package's root directory. This module sits one level below it both as `src/paths.ts` and
 * compiled, as `dist/paths.js` or inside the bundle `dist/podunit.mjs`.
 */
export const PACKAGE_ROOT: URL = new URL('../', import.meta.url)
