// Stryker with the narrower test set of test/vitest.mutate-boin12.config.ts (see there), for
// src/designs/boin12.ts:
//   npx stryker run test/stryker-boin12.config.mjs --mutate src/designs/boin12.ts --concurrency 1
import { narrowSet } from "./stryker-narrow.mjs";

export default narrowSet("boin12");
