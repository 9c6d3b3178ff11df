import { mutateSet } from "./mutate-set.js";

// The tests Stryker runs against each mutant (`npm run mutate`, test/stryker.config.mjs): the fast
// unit, reference, conformance, property, config and mutation tests. Left out: the end-to-end and
// browser tests (they drive the compiled CLI in dist/, which Stryker does not mutate), and
// test/property/engine.test.ts, whose worker-thread test compares the in-process (mutated) engine
// with the compiled worker in dist/ (unmutated), so it would "kill" any mutant that changes a result.
export default mutateSet(
  [
    "test/unit/**/*.test.ts",
    "test/reference/**/*.test.ts",
    "test/conformance/**/*.test.ts",
    "test/property/**/*.test.ts",
    "test/config/**/*.test.ts",
    "test/mutation/**/*.test.ts",
  ],
  {
    // Also left out, for time (a surviving mutant runs every test that covers it, and these take
    // seconds each on a loaded machine while exercising engines and renderers more than the rules):
    // the report renderers, the Monte Carlo / coupled engine tests, the benchmark bound, the sweep
    // planner and the design-file round trips. Every rule they touch is also reached by the tests kept.
    exclude: [
      "test/property/engine.test.ts",
      "test/property/benchmark-bound.test.ts",
      // Worker-thread tests: the workers load the compiled (unmutated) engine from dist/, so they
      // cannot kill a mutant honestly, and each spawns threads for seconds.
      "test/unit/engine/timed-workers.test.ts",
      "test/unit/engine/workers.test.ts",
      "test/unit/engine/sweep-threads.test.ts",
      "test/unit/report/**",
      "test/unit/engine/monte-carlo.test.ts",
      "test/unit/engine/coupled.test.ts",
      "test/unit/sweep/**",
      "test/config/files.test.ts",
      "test/config/crm-optimal-designs.test.ts",
    ],
  },
);
