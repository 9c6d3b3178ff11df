// Stryker with the narrower test set of test/vitest.mutate-crm.config.ts (see there), for crm.ts and
// tite-crm.ts, e.g.
//   npx stryker run test/stryker-crm.config.mjs --mutate src/designs/crm.ts --concurrency 1
import base from "./stryker.config.mjs";

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  vitest: { configFile: "test/vitest.mutate-crm.config.ts", related: false },
  incrementalFile: "test-output/stryker-crm-incremental.json",
};
