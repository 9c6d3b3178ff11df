import { mutateSet } from "./mutate-set.js";

// A narrower test set for Stryker runs on rule-based designs whose code every engine, conformance
// and property test exercises (a-plus-b: ~470 mutants, hours with test/vitest.mutate.config.ts on
// a shared 2-core machine, and still about two hours with the reference tests and the exact
// engine added): the mutation, design unit, validation and decision-table tests. A mutant this
// set kills is killed by the full mutate set too, so a score measured with it is a lower bound
// on the full set's.
// RULES_MUTATE_TITE=1 adds the tests of the TITE interval designs (tite-interval.ts, tite-boin.ts,
// tite-keyboard.ts, pending-table.ts): the TITE-BOIN and rolling-six reference tables and the
// timed engine's pending tests.
// Run: npx stryker run test/stryker-rules.config.mjs --mutate src/designs/a-plus-b.ts --concurrency 1
//      RULES_MUTATE_TITE=1 npx stryker run test/stryker-rules.config.mjs --mutate src/designs/tite-boin.ts --concurrency 1
const tite = process.env.RULES_MUTATE_TITE === "1";
export default mutateSet([
  "test/mutation/**/*.test.ts",
  "test/unit/designs/**/*.test.ts",
  "test/config/validation.test.ts",
  "test/unit/decision-table.test.ts",
  ...(tite
    ? ["test/reference/tite-boin.test.ts", "test/reference/rolling-six.test.ts", "test/unit/engine/timed-pending.test.ts", "test/unit/engine/tite-files.test.ts"]
    : []),
]);
