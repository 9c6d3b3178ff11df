// Mutation testing (`npm run mutate`): Stryker mutates the design, selection and summary code and
// runs the fast tests of test/vitest.mutate.config.ts against each mutant. Not part of `npm test`.
//
// Incremental mode: test-output/stryker-incremental.json (git-ignored) records the previous
// run's results; a rerun tests again only the mutants whose code or covering tests changed.
// We keep it out of git: it is ~MBs of JSON tied to exact source text, every source edit on any
// branch invalidates parts of it, and committing it would make merges between branches conflict
// on a generated file. A fresh clone pays one full run (see README, Development).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "test/vitest.mutate.config.ts", related: false },
  plugins: ["@stryker-mutator/vitest-runner"],
  mutate: [
    "src/designs/**/*.ts",
    "src/select/**/*.ts",
    "src/report/summary.ts",
    "src/efficacy/**/*.ts",
  ],
  coverageAnalysis: "perTest",
  concurrency: 2,
  incremental: true,
  incrementalFile: "test-output/stryker-incremental.json",
  tempDirName: "test-output/stryker-tmp",
  cleanTempDir: "always",
  timeoutMS: 10000,
  dryRunTimeoutMinutes: 40,
  timeoutFactor: 2,
  reporters: ["clear-text", "progress-append-only", "html", "json"],
  htmlReporter: { fileName: "test-output/mutation/mutation.html" },
  jsonReporter: { fileName: "test-output/mutation/mutation.json" },
  thresholds: { high: 90, low: 80, break: null },
  // Static mutants (module-level code: parameter specs, the registry) would each run the whole
  // suite; they are left out of the run and the score (reported as "ignored").
  ignoreStatic: true,
};
