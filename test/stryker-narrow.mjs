// A Stryker config that runs the narrower test set test/vitest.mutate-NAME.config.ts instead of
// the full mutate set, with its own incremental file (test-output/stryker-NAME-incremental.json),
// so that runs with different test sets do not overwrite each other's results.
import base from "./stryker.config.mjs";

/** @returns {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export function narrowSet(name) {
  return {
    ...base,
    vitest: { configFile: `test/vitest.mutate-${name}.config.ts`, related: false },
    incrementalFile: `test-output/stryker-${name}-incremental.json`,
  };
}
