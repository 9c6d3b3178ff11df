// Stryker with the narrower test set of test/vitest.mutate-crm.config.ts (see there), for crm.ts and
// tite-crm.ts, e.g.
//   npx stryker run test/stryker-crm.config.mjs --mutate src/designs/crm.ts --concurrency 1
import { narrowSet } from "./stryker-narrow.mjs";

export default narrowSet("crm");
