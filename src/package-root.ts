/**
 * Files of the installed package (the compiled worker, the CLI, the studio bundle, the example
 * designs), found from the package's root folder rather than from the calling module's own
 * place: the same code runs as compiled modules under dist/src, as TypeScript under src (the
 * tests), and bundled into the CLI's chunks under dist/src/cli/chunks, each at another depth.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

/** The package's root: the nearest folder above this module holding a package.json (dist and src hold none). */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json"))) return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the doseladder package's folder above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/** A path inside the package, e.g. packagePath("dist/src/engine/worker.js"). */
export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}
