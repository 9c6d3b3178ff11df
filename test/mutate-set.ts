import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * A vitest config for a Stryker test set (test/vitest.mutate*.config.ts): the given test files,
 * from the repository's root, with the timeouts mutation runs need (an instrumented mutant runs
 * slower than the code). `exclude` adds to node_modules; `env` is set for the tests.
 */
export function mutateSet(include: readonly string[], options: { readonly exclude?: readonly string[]; readonly env?: Record<string, string>; readonly testTimeout?: number } = {}) {
  return defineConfig({
    test: {
      root: fileURLToPath(new URL("..", import.meta.url)),
      include: [...include],
      exclude: ["**/node_modules/**", ...(options.exclude ?? [])],
      ...(options.env ? { env: options.env } : {}),
      testTimeout: options.testTimeout ?? 60_000,
      hookTimeout: 60_000,
    },
  });
}
