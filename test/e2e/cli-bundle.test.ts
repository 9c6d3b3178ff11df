/**
 * The CLI is one bundle (src/cli/bundle.ts): a command loads dist/src/cli/main.js and only the
 * chunks it uses, not ~150 modules; HTML and Word output load their libraries when asked.
 * A module-resolution hook (node:module's register) lists every file:// module a command loads.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { packagePath, packageRoot } from "../../src/package-root.js";

const CLI = "dist/src/cli/main.js";
const dir = mkdtempSync(join(tmpdir(), "doseladder-bundle-"));
const LOG = join(dir, "hook.mjs");
const REG = join(dir, "register.mjs");
// resolve hook: every resolved file:// URL on stderr, prefixed "LOADED "
writeFileSync(LOG, `export async function resolve(s, c, next) { const r = await next(s, c); if (r.url.startsWith("file:")) process.stderr.write("LOADED " + r.url + "\\n"); return r; }\n`);
writeFileSync(REG, `import { register } from "node:module"; register(${JSON.stringify(pathToFileURL(LOG).href)});\n`);

/** Run the CLI with the hook: its exit code, output and the project files it loaded (relative to the package). */
function traced(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", pathToFileURL(REG).href, CLI, ...args], { encoding: "utf8", env: { ...process.env, DOSELADDER_DEBUG: "" } });
  const root = pathToFileURL(resolve(".")).href + "/";
  const loaded = r.stderr
    .split("\n")
    .filter((l) => l.startsWith("LOADED "))
    .map((l) => l.slice(7).replace(root, ""));
  return { code: r.status, out: r.stdout, loaded, err: r.stderr.split("\n").filter((l) => l && !l.startsWith("LOADED ")).join("\n") };
}

describe("the bundled CLI", () => {
  it("--help loads the bundle and its shared chunks only: no node_modules, no vega, no docx, no compiled module outside dist/src/cli", () => {
    const r = traced("--help");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Usage: doseladder");
    expect(r.loaded.some((u) => u.endsWith("dist/src/cli/main.js"))).toBe(true);
    expect(r.loaded.filter((u) => u.includes("node_modules"))).toEqual([]);
    expect(r.loaded.filter((u) => !u.startsWith("dist/src/cli/main.js") && !u.startsWith("dist/src/cli/chunks/chunk-"))).toEqual([]);
    expect(r.loaded.length).toBeLessThanOrEqual(12);
  });

  it("a run gives the same JSON with 1 and 2 workers, the worker thread loading the compiled dist/src/engine/worker.js", () => {
    const args = ["run", "--design", "designs/s103.json", "--scenario", "scenarios/s103.json", "--method", "monte-carlo", "--trials", "20000", "--format", "json", "--seed", "b"];
    const one = traced(...args, "--workers", "1");
    const two = traced(...args, "--workers", "2");
    expect(one.code).toBe(0);
    expect(two.out).toBe(one.out);
    expect(one.loaded.filter((u) => u.includes("node_modules/vega"))).toEqual([]);
    expect(two.loaded).toContain("dist/src/engine/worker.js");
    expect(JSON.parse(one.out).curves.length).toBeGreaterThan(0);
  });

  it("HTML output loads the html chunks (vega inside) only when asked, and writes the report", () => {
    const out = join(dir, "r.html");
    const r = traced("report", "--design", "designs/s103.json", "--scenario", "scenarios/s103.json", "--out", out);
    expect(r.code).toBe(0);
    // vega and vega-lite sit in the chunk that the report's html module pulls in (chunk-*.js, 1.8 MB), loaded only here
    const helpChunks = new Set(traced("--help").loaded);
    const extra = r.loaded.filter((u) => !helpChunks.has(u));
    expect(extra.some((u) => /^dist\/src\/cli\/chunks\/html-/.test(u))).toBe(true);
    expect(extra.length).toBeGreaterThanOrEqual(2);
    expect(readFileSync(out, "utf8")).toContain("<svg");
  });

  it("packageRoot finds the folder of the package's package.json from the sources, and packagePath the built files", () => {
    expect(packageRoot()).toBe(resolve("."));
    expect(JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")).name).toBe("doseladder");
    expect(existsSync(packagePath("dist/src/engine/worker.js"))).toBe(true);
    expect(existsSync(packagePath("dist/studio/studio.js"))).toBe(true);
  });
});
