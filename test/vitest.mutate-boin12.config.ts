import { mutateSet } from "./mutate-set.js";

// A narrow test set for Stryker runs on src/designs/boin12.ts (test/stryker-boin12.config.mjs):
// the BOIN12 reference tests (the paper's Table 3 and 400 states from gen_boin12.py), the design's
// unit tests and the mutation tests that name it. A mutant this set kills is killed by the full
// mutate set too, so a score measured with it is a lower bound on the full set's.
// Run: npx stryker run test/stryker-boin12.config.mjs --mutate src/designs/boin12.ts --concurrency 1
export default mutateSet([
  "test/reference/boin12.test.ts",
  "test/unit/designs/boin12.test.ts",
  "test/mutation/*boin12*.test.ts",
  "test/mutation/j-limits-index.test.ts",
]);
