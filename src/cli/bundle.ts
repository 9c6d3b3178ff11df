/**
 * The CLI as one bundle, so that a command loads in a few files instead of about 150 modules
 * (module resolution, file reads and compilation were most of a command's start-up): esbuild
 * bundles src/cli/main.ts with its dependencies into dist/src/cli/main.js, over tsc's output of
 * the same name. Code that only some commands need (vega and vega-lite for HTML, docx for Word,
 * each imported dynamically) goes into chunks under dist/src/cli/chunks, loaded when a command
 * uses it. Worker threads still load the compiled modules (dist/src/engine/worker.js), so a
 * design registered by module path is registered where the worker looks for it.
 *
 * `npm run build` runs this after tsc: `node dist/src/cli/bundle.js`.
 */
import { chmodSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { packageRoot } from "../package-root.js";

/** Bundle the CLI of the package at `root` into dist/src/cli/main.js and dist/src/cli/chunks/. */
export async function bundleCli(root: string): Promise<void> {
  const out = join(root, "dist/src/cli");
  rmSync(join(out, "chunks"), { recursive: true, force: true });
  rmSync(join(out, "main.js.map"), { force: true }); // tsc's map of the unbundled main.js
  await build({
    entryPoints: { main: join(root, "src/cli/main.ts") },
    outdir: out,
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "warning",
    legalComments: "none",
    // CommonJS dependencies bundled into an ES module still call require for Node's built-ins
    // (the hashbang of main.ts is kept above the banner)
    banner: { js: `import { createRequire as __doseladderRequire } from "node:module";\nconst require = __doseladderRequire(import.meta.url);` },
  });
  chmodSync(join(out, "main.js"), 0o755);
}

bundleCli(packageRoot()).catch((e: Error) => {
  process.stderr.write(`bundle: ${e.message}\n`);
  process.exit(1);
});
