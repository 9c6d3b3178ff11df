/**
 * Sweeps as users run them: separate processes for shards, a killed run resumed, outputs
 * compared byte for byte with an uninterrupted single run.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const CLI = "dist/src/cli/main.js";
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const tmp = mkdtempSync(join(tmpdir(), "doseladder-sweep-"));
const sweepFile = (name: string, body: Record<string, unknown>) => {
  const p = join(tmp, name);
  writeFileSync(p, JSON.stringify(body));
  return p;
};
const base = {
  name: "test sweep",
  seed: "t",
  method: "monte-carlo",
  designs: [
    { file: resolve("designs/sys6020-3plus3.json"), name: "3+3" },
    { design: { type: "a-plus-b" }, modifiers: [{ type: "smc-review" }], name: "3+3 SMC" },
  ],
  grid: { "smc-review.q": [1, 0.6] },
  scenarios: [{ file: resolve("scenarios/sys6020.json"), curves: ["mtd-low", "mtd-middle"] }],
};
const outputs = (dir: string) => ({ csv: readFileSync(join(dir, "sweep.csv"), "utf8"), json: readFileSync(join(dir, "sweep.json"), "utf8") });

describe("doseladder sweep", () => {
  const file = sweepFile("mc.json", { ...base, trials: 3 * 4096 + 11 });
  const single = join(tmp, "single");

  it("writes the long table: one row per cell × curve × dose (+ no-MTD rows) with a column per grid parameter", () => {
    const r = cli("sweep", file, "--out", single, "--workers", "1");
    expect(r.code).toBe(0);
    const { csv, json } = outputs(single);
    const lines = csv.trim().split("\n");
    expect(lines[0].startsWith("cell,smc-review.q,design,scenario,curve,")).toBe(true);
    // cells: 3+3 (no SMC: one variant) + 3+3 SMC × 2 values = 3; × 2 curves × (5 doses + none)
    expect(lines).toHaveLength(1 + 3 * 2 * 6);
    const j = JSON.parse(json);
    expect(j.cells).toHaveLength(3);
    expect(j.rows).toHaveLength(3 * 2 * 6);
    expect(j.rows[0]).toHaveProperty("selection");
    expect(j.cells.map((c: { params: Record<string, unknown> }) => c.params["smc-review.q"] ?? null)).toEqual([null, 1, 0.6]);
  });

  it("--format all also writes sweep.html (heat map, charts, links) and a side-by-side page per scenario; --format csv writes no HTML", () => {
    const overview = readFileSync(join(single, "sweep.html"), "utf8");
    expect(overview).toContain("<h1>test sweep</h1>");
    for (const kind of ["correct-selection", "above-mtd", "no-mtd"]) expect(overview).toContain(`data-kind="${kind}"`);
    // rows: the three design variants, labelled with their grid values
    for (const label of ["3+3", "3+3 SMC [smc-review.q=1]", "3+3 SMC [smc-review.q=0.6]"]) expect(overview).toContain(`<tr><th scope="row">${label}</th>`);
    const page = "sweep-1-sys6020-toxicity-scenarios.html";
    expect(overview).toContain(`<a href="${page}"`);
    const html = readFileSync(join(single, page), "utf8");
    expect(html).toContain("<h1>3 designs compared</h1>");
    expect(html).toContain("<h3>3+3 SMC [smc-review.q=0.6]</h3>");
    expect(html.match(/<section class="curve"/g)).toHaveLength(2);
    expect(readdirSync(single).filter((f) => f.endsWith(".html")).sort()).toEqual([page, "sweep.html"]);
    const csvOnly = join(tmp, "csv-only");
    expect(cli("merge", single, "--out", csvOnly, "--format", "csv").code).toBe(0);
    expect(readdirSync(csvOnly)).toEqual(["sweep.csv"]);
  });

  it("gives byte-identical outputs with 2 workers, and for 3 shards run as separate processes then merged", () => {
    const two = join(tmp, "two");
    expect(cli("sweep", file, "--out", two, "--workers", "2").code).toBe(0);
    expect(outputs(two)).toEqual(outputs(single));
    const shards = [1, 2, 3].map((i) => join(tmp, `shard${i}`));
    const procs = shards.map((dir, i) => spawnSync(process.execPath, [CLI, "sweep", file, "--out", dir, "--shard", `${i + 1}/3`, "--workers", "1"], { encoding: "utf8" }));
    for (const p of procs) expect(p.status).toBe(0);
    for (const dir of shards) expect(existsSync(join(dir, "sweep.csv"))).toBe(false);
    const merged = join(tmp, "merged");
    const m = cli("merge", ...shards, "--out", merged);
    expect(m.code).toBe(0);
    expect(outputs(merged)).toEqual(outputs(single));
    // a missing shard is an error, not a silently smaller result
    const partial = cli("merge", shards[0], shards[1], "--out", join(tmp, "incomplete"));
    expect(partial.code).toBe(2);
    expect(partial.err).toMatch(/incomplete: blocks up to \d+ of 4; missing shards/);
    expect(existsSync(join(tmp, "incomplete"))).toBe(false);
  });

  it("resumes after being killed mid-sweep and ends with the uninterrupted result", async () => {
    const big = sweepFile("big.json", { ...base, trials: 120_000 });
    const dir = join(tmp, "killed");
    const child = spawn(process.execPath, [CLI, "sweep", big, "--out", dir, "--workers", "1"], { stdio: "ignore" });
    const cells = join(dir, "cells");
    const finished = () => (existsSync(cells) ? readdirSync(cells).filter((f) => f.startsWith("cell-")).length : 0);
    const deadline = Date.now() + 60_000;
    while (finished() < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGKILL");
    await new Promise((r) => child.on("exit", r));
    const before = finished();
    expect(before).toBeGreaterThanOrEqual(1);
    expect(before).toBeLessThan(3);
    expect(existsSync(join(dir, "sweep.csv"))).toBe(false);
    const resumed = cli("sweep", big, "--out", dir, "--workers", "1");
    expect(resumed.code).toBe(0);
    expect(resumed.err).toMatch(new RegExp(`${3 - before} cells? computed, ${before} already done`));
    const clean = join(tmp, "clean");
    expect(cli("sweep", big, "--out", clean, "--workers", "1").code).toBe(0);
    expect(outputs(dir)).toEqual(outputs(clean));
  });

  it("computes exact cells where feasible (method auto) and says so in the method column", () => {
    const auto = sweepFile("auto.json", { ...base, method: "auto", trials: 1000 });
    const dir = join(tmp, "auto");
    expect(cli("sweep", auto, "--out", dir).code).toBe(0);
    const rows = JSON.parse(readFileSync(join(dir, "sweep.json"), "utf8")).rows;
    expect(new Set(rows.map((r: { method: string }) => r.method))).toEqual(new Set(["exact"]));
  });

  it("rejects a bad sweep file with one line, exit code 2 and nothing written", () => {
    const bad = sweepFile("bad.json", { ...base, trials: -1 });
    const dir = join(tmp, "bad");
    const r = cli("sweep", bad, "--out", dir);
    expect(r.code).toBe(2);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toMatch(/bad\.json: trials: expected a positive integer, got -1/);
    expect(existsSync(dir)).toBe(false);
    expect(cli("sweep", file, "--out", dir, "--shard", "4/3").err).toMatch(/--shard: expected i\/N/);
  });
});
