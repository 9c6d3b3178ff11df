/** `doseladder studio` through the compiled CLI (dist/, built before the tests run): the file it writes, --open, bad --out. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const CLI = resolve("dist/src/cli/main.js");
const dir = mkdtempSync(join(tmpdir(), "doseladder-studio-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("doseladder studio", () => {
  it("doseladder studio --out FILE writes one HTML file holding the engine, vega and every seed design and scenario", () => {
    const out = join(dir, "studio.html");
    const r = cli(["studio", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^doseladder: wrote .*studio\.html \(\d+ kB\)\n$/);
    const html = readFileSync(out, "utf8");
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    const data = JSON.parse(/<script type="application\/json" id="studio-data">(.*?)<\/script>/s.exec(html)![1]);
    const seeds = readdirSync("designs").filter((f) => f.endsWith(".json"));
    expect(Object.keys(data.designs).sort()).toEqual(seeds.map((f) => `designs/${f}`).sort());
    expect(data.designs["designs/sys6020.json"]).toBe(readFileSync("designs/sys6020.json", "utf8"));
    expect(data.scenarios["scenarios/sys6020.json"]).toBe(readFileSync("scenarios/sys6020.json", "utf8"));
    expect(data.defaultDesign).toBe("designs/sys6020.json");
    // no element loads anything: every script is inline
    expect(/<(script|link|img|iframe)[^>]+(src|href)=/i.test(html)).toBe(false);
    expect(html.match(/<\/script>/g)!.length).toBe(3);
  });

  it("doseladder studio --open without xdg-open writes the file and says where it is", () => {
    const out = join(dir, "open.html");
    const empty = join(dir, "empty-path");
    mkdirSync(empty, { recursive: true });
    const r = cli(["studio", "--out", out, "--open"], { ...process.env, PATH: empty });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(r.stderr).toContain(`doseladder: xdg-open is not installed; open file://${out} in a browser\n`);
  });

  it("doseladder studio --out FOLDER is bad input: one line, exit 2, nothing written", () => {
    const folder = join(dir, "a-folder");
    mkdirSync(folder, { recursive: true });
    const r = cli(["studio", "--out", folder]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(readdirSync(folder)).toEqual([]);
    const file = join(dir, "a-file");
    writeFileSync(file, "x");
    const r2 = cli(["studio", "--out", join(file, "studio.html")]);
    expect(r2.code).toBe(2);
    expect(r2.stderr.trim().split("\n")).toHaveLength(1);
  });
});
