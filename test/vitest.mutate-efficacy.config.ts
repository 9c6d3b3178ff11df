import { mutateSet } from "./mutate-set.js";

// A narrower test set for Stryker runs on the efficacy code (src/efficacy/*.ts and
// src/designs/modifiers/efficacy-expansion.ts, README part Q): the efficacy reference tests (Python brute
// force and Simon 1989, Table 1), the efficacy mutation tests and the exact engine's tests. A mutant this
// set kills is killed by the full mutate set too, so a score measured with it is a lower bound on the
// full set's.
// EFFICACY_NARROW=1 leaves out the tests that run whole designs through the exact engine
// (efficacy-run.test.ts, exact.test.ts), for src/efficacy/expansion-exact.ts: with them its 445 mutants
// did not fit a session on the shared machine (36 tested in 7 minutes, then one mutant ran for 5 more).
// Run: npx stryker run test/stryker-efficacy.config.mjs --mutate src/efficacy/futility.ts --concurrency 1
//      EFFICACY_NARROW=1 npx stryker run test/stryker-efficacy.config.mjs --mutate src/efficacy/expansion-exact.ts --concurrency 1
const narrow = process.env.EFFICACY_NARROW === "1";
export default mutateSet(
  [
    "test/reference/futility.test.ts",
    "test/reference/simon.test.ts",
    "test/reference/efficacy-expansion.test.ts",
    ...(narrow ? [] : ["test/reference/efficacy-run.test.ts"]),
    "test/mutation/e-*.test.ts",
    "test/mutation/q-*.test.ts",
    ...(narrow ? [] : ["test/unit/engine/exact.test.ts"]),
  ],
  // efficacy-run.test.ts's 1-versus-2-worker-threads test is skipped with this set: a worker loads the
  // compiled (unmutated) engine from dist/, so it would "kill" any mutant that changes a result
  { env: { EFFICACY_MUTATE: "1" } },
);
