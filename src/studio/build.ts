/**
 * Bundle the studio (src/studio/app.ts, compiled by tsc to dist/src/studio/app.js) into one
 * browser script, dist/studio/studio.js, with esbuild: `npm run build` runs this after tsc.
 *
 * The engine modules import a few Node built-ins for what a browser never reaches (worker
 * threads, the machine's core count). Each `node:` import is replaced by a small stand-in:
 * functions that throw a one-line error when called, `availableParallelism()` = 1, so a Monte
 * Carlo run stays in the page's Web Worker, and a `readFileSync` that reads the files the user
 * opened in the page (a table design's CSV file: src/studio/files.ts).
 */
import { build } from "esbuild";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { OPENED_FILES_GLOBAL } from "./files.js";

const HERE = dirname(fileURLToPath(import.meta.url));

/** Browser stand-ins for the Node built-ins the engine imports. */
export const NODE_SHIMS: Record<string, string> = {
  // readFileSync reads the files the user opened in the page (src/studio/files.ts), by name
  fs: `const no = (what) => () => { throw new Error(what + ": the studio runs in a browser and reads no files; open the file with the file picker instead"); };
export const readFileSync = (path) => { const files = globalThis.${OPENED_FILES_GLOBAL}; const name = String(path).replace(/^.*[\\/]/, ""); if (files && files.has(name)) return files.get(name);
  const e = new Error("not opened in the page"); e.code = "not opened in the page: open " + name + " together with the design file"; throw e; };
export const existsSync = () => false; export const statSync = no("statSync");
export const writeFileSync = no("writeFileSync"); export const mkdirSync = no("mkdirSync"); export const readdirSync = no("readdirSync");
export const renameSync = no("renameSync"); export const rmSync = no("rmSync"); export const accessSync = no("accessSync"); export const constants = {};`,
  os: `export const availableParallelism = () => 1; export const hostname = () => "browser"; export const tmpdir = () => "/tmp";`,
  path: `export const sep = "/"; export const dirname = (p) => { const i = p.lastIndexOf("/"); return i < 0 ? "." : p.slice(0, i) || "/"; }; export const basename = (p) => p.replace(/^.*\\//, "");
export const join = (...a) => a.filter((x) => x && x !== ".").join("/"); export const resolve = (...a) => a.filter((x) => x && x !== ".").join("/"); export const relative = (a, b) => b;`,
  url: `export const fileURLToPath = (u) => String(u).replace(/^file:\\/\\//, ""); export const pathToFileURL = (p) => new URL("file://" + p);`,
  worker_threads: `export class Worker { constructor() { throw new Error("worker threads are not available in the browser"); } } export const parentPort = null; export const isMainThread = true;`,
  module: `export const createRequire = () => () => { throw new Error("require is not available in the browser"); };`,
  crypto: `export const createHash = () => { throw new Error("node:crypto is not available in the browser"); };`,
};

/** The `vega` module in the bundle: the page's global vega (loaded by its own script), looked up when used. */
export const VEGA_GLOBAL = `const g = () => { const v = globalThis.vega; if (!v) throw new Error("vega is not loaded in this page"); return v; };
export class View { constructor(...a) { return new (g().View)(...a); } }
export const parse = (...a) => g().parse(...a);`;

/** Bundle `entry` (a compiled ES module) into a minified browser script at `outfile`. */
export async function bundleStudio(entry: string, outfile: string): Promise<void> {
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    logLevel: "warning",
    define: { "import.meta.url": '"file:///doseladder-studio/"' },
    plugins: [
      {
        name: "node-builtins",
        setup(b) {
          b.onResolve({ filter: /^(node:)?(fs|os|path|url|worker_threads|module|crypto)$/ }, (args) => ({ path: args.path.replace(/^node:/, ""), namespace: "node-shim" }));
          b.onLoad({ filter: /.*/, namespace: "node-shim" }, (args) => ({ contents: NODE_SHIMS[args.path], loader: "js" }));
          // the report module's vega is the page's (vega.min.js, inlined once beside the bundle)
          // (vega-lite's own imports of vega's small utilities are bundled as they are)
          b.onResolve({ filter: /^vega$/ }, (args) => (/[\\/]report[\\/]html\.js$/.test(args.importer) ? { path: "vega", namespace: "vega-global" } : undefined));
          b.onLoad({ filter: /.*/, namespace: "vega-global" }, () => ({ contents: VEGA_GLOBAL, loader: "js" }));
        },
      },
    ],
  });
}

// `node dist/src/studio/build.js`: dist/src/studio/app.js -> dist/studio/studio.js
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(HERE, "../../..");
  bundleStudio(join(HERE, "app.js"), join(root, "dist/studio/studio.js")).catch((e: Error) => {
    process.stderr.write(`studio bundle: ${e.message.split("\n")[0]}\n`);
    process.exit(1);
  });
}
