// Stryker with the narrower test set of test/vitest.mutate-efficacy.config.ts (see there), for the
// efficacy code one file at a time, e.g.
//   npx stryker run test/stryker-efficacy.config.mjs --mutate src/efficacy/futility.ts --concurrency 1 --incrementalFile test-output/inc-eff-futility.json
import { narrowSet } from "./stryker-narrow.mjs";

export default narrowSet("efficacy");
