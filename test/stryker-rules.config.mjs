// Stryker with the narrower test set of test/vitest.mutate-rules.config.ts (see there): for one
// rule-based design file at a time, e.g.
//   npx stryker run test/stryker-rules.config.mjs --mutate src/designs/a-plus-b.ts --concurrency 1
import { narrowSet } from "./stryker-narrow.mjs";

export default narrowSet("rules");
