import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The tests Stryker runs against each mutant (`npm run mutate`, test/stryker.config.mjs): the fast
// unit, reference, conformance, property, config and mutation tests. Left out: the end-to-end and
// browser tests (they drive the compiled CLI in dist/, which Stryker does not mutate), and
// test/property/engine.test.ts, whose worker-thread test compares the in-process (mutated) engine
// with the compiled worker in dist/ (unmutated), so it would "kill" any mutant that changes a result.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("..", import.meta.url)),
    include: [
      "test/unit/**/*.test.ts",
      "test/reference/**/*.test.ts",
      "test/conformance/**/*.test.ts",
      "test/property/**/*.test.ts",
      "test/config/**/*.test.ts",
      "test/mutation/**/*.test.ts",
    ],
    exclude: ["test/property/engine.test.ts", "**/node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
