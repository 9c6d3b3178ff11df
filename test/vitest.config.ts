import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Kept under test/ so that the project's top level holds only what the design card names.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("..", import.meta.url)),
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
