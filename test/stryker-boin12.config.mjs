// Stryker with the narrower test set of test/vitest.mutate-boin12.config.ts (see there), for
// src/designs/boin12.ts:
//   npx stryker run test/stryker-boin12.config.mjs --mutate src/designs/boin12.ts --concurrency 1
import base from "./stryker.config.mjs";

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  vitest: { configFile: "test/vitest.mutate-boin12.config.ts", related: false },
  incrementalFile: "test-output/inc-boin12.json",
};
