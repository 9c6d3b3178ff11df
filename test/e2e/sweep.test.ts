/**
 * Sweeps as users run them: separate processes for shards, a killed run resumed, outputs
 * compared byte for byte with an uninterrupted single run.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
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

  it("resumes after being killed mid-sweep (test hook: killed right after its first cell) and ends with the uninterrupted result", () => {
    const big = sweepFile("big.json", { ...base, trials: 2 * 4096 });
    const dir = join(tmp, "killed");
    const killed = spawnSync(process.execPath, [CLI, "sweep", big, "--out", dir, "--workers", "1"], {
      encoding: "utf8",
      env: { ...process.env, DOSELADDER_TEST_KILL_AFTER_CELLS: "1" },
    });
    expect(killed.signal).toBe("SIGKILL");
    const cells = readdirSync(join(dir, "cells")).filter((f) => f.startsWith("cell-"));
    expect(cells).toHaveLength(1);
    expect(existsSync(join(dir, "sweep.csv"))).toBe(false);
    // the killed run's lock is still there, naming a process that no longer runs
    expect(existsSync(join(dir, ".doseladder-sweep.lock"))).toBe(true);
    const resumed = cli("sweep", big, "--out", dir, "--workers", "1");
    expect(resumed.code).toBe(0);
    expect(resumed.err).toMatch(/removed a stale lock of process \d+, which no longer runs/);
    expect(resumed.err).toMatch(/2 cells computed, 1 already done/);
    expect(existsSync(join(dir, ".doseladder-sweep.lock"))).toBe(false);
    const clean = join(tmp, "clean");
    expect(cli("sweep", big, "--out", clean, "--workers", "1").code).toBe(0);
    expect(outputs(dir)).toEqual(outputs(clean));
  });

  it("refuses to write a folder another live sweep holds (exit 1, naming the process and the way out)", () => {
    const dir = join(tmp, "locked");
    mkdirSync(dir, { recursive: true });
    // this test's own process is alive: its pid in the lock stands for a running sweep
    writeFileSync(join(dir, ".doseladder-sweep.lock"), JSON.stringify({ pid: process.pid, host: hostname(), started: "2026-01-01T00:00:00Z" }));
    const r = cli("sweep", file, "--out", dir, "--workers", "1");
    expect(r.code).toBe(1);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toContain(`is being written by another sweep (process ${process.pid} on ${hostname()}`);
    expect(r.err).toContain("give another --out");
    expect(existsSync(join(dir, "cells")) ? readdirSync(join(dir, "cells")) : []).toEqual([]);
    // a shard has its own lock: shard 1/2 may run beside it in the same folder
    expect(cli("sweep", file, "--out", dir, "--workers", "1", "--shard", "1/2").code).toBe(0);
  });

  it("a changed sweep file into an old --out stops before computing; --update reuses the matching cells and leaves no old result", () => {
    const dir = join(tmp, "edited");
    const v1 = sweepFile("v1.json", { ...base, trials: 4096 });
    expect(cli("sweep", v1, "--out", dir, "--workers", "1").code).toBe(0);
    const before = readdirSync(join(dir, "cells")).sort();
    const oldCsv = readFileSync(join(dir, "sweep.csv"), "utf8");
    // edit: one grid value changed (q 0.6 -> 0.5): the 3+3 and q=1 cells are unchanged
    const v2 = sweepFile("v2.json", { ...base, trials: 4096, grid: { "smc-review.q": [1, 0.5] } });
    const r = cli("sweep", v2, "--out", dir, "--workers", "1");
    expect(r.code).toBe(2);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toMatch(/holds results of another sweep: 1 finished cell file there is not of a cell of .*v2\.json \(2 of its 3 cells match\); give another --out, or add --update/);
    expect(readdirSync(join(dir, "cells")).sort()).toEqual(before);
    expect(readFileSync(join(dir, "sweep.csv"), "utf8")).toBe(oldCsv);
    // --update, killed after its first new cell: the old merged outputs are already gone
    const killed = spawnSync(process.execPath, [CLI, "sweep", v2, "--out", dir, "--workers", "1", "--update"], {
      encoding: "utf8",
      env: { ...process.env, DOSELADDER_TEST_KILL_AFTER_CELLS: "1" },
    });
    expect(killed.signal).toBe("SIGKILL");
    expect(readdirSync(dir).filter((f) => f.startsWith("sweep"))).toEqual([]);
    const updated = cli("sweep", v2, "--out", dir, "--workers", "1");
    expect(updated.code).toBe(0);
    expect(updated.err).toMatch(/0 cells computed, 3 already done/);
    const fresh = join(tmp, "edited-fresh");
    expect(cli("sweep", v2, "--out", fresh, "--workers", "1").code).toBe(0);
    expect(outputs(dir)).toEqual(outputs(fresh));
    expect(readdirSync(join(dir, "cells")).sort()).toEqual(readdirSync(join(fresh, "cells")).sort());
  });

  it("--update keeps a cell that only moved (a design inserted before it) and computes only the new one", () => {
    const dir = join(tmp, "moved");
    const one = { ...base, trials: 4096, designs: [base.designs[1]], grid: { "smc-review.q": [0.6] } };
    expect(cli("sweep", sweepFile("moved-v1.json", one), "--out", dir, "--workers", "1").code).toBe(0);
    const v2 = sweepFile("moved-v2.json", { ...one, designs: [base.designs[0], base.designs[1]] });
    const r = cli("sweep", v2, "--out", dir, "--workers", "1", "--update");
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/1 cell computed, 1 already done/);
    const fresh = join(tmp, "moved-fresh");
    expect(cli("sweep", v2, "--out", fresh, "--workers", "1").code).toBe(0);
    expect(outputs(dir)).toEqual(outputs(fresh));
  });

  it("warns once about an incoherent user decision table in a sweep", () => {
    const table = {
      type: "table",
      target: 0.3,
      cohortSize: 3,
      nCohorts: 2,
      rows: [
        { n: 3, escalateAtMost: 1, deEscalateAtLeast: 2, eliminateAtLeast: 3 },
        { n: 6, escalateAtMost: 1, deEscalateAtLeast: 3, eliminateAtLeast: 4 },
      ],
    };
    const f = sweepFile("table.json", { ...base, method: "exact", designs: [{ design: table, name: "my table" }], grid: { target: [0.3, 0.25] } });
    const r = cli("sweep", f, "--out", join(tmp, "table-sweep"), "--format", "csv");
    expect(r.code).toBe(0);
    const warnings = r.err.split("\n").filter((l) => l.includes("warning"));
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(new Set(warnings).size).toBe(warnings.length);
    expect(warnings[0]).toMatch(/warning: .*table\.json designs\[0\]: the decision table is incoherent/);
  });

  it("merge says what is wrong: different seeds, different trial counts, a shard given twice, a folder given twice, mixed splits", () => {
    const shard = (f: string, name: string, i: string) => {
      const d = join(tmp, name);
      expect(cli("sweep", f, "--out", d, "--workers", "1", "--shard", i).code).toBe(0);
      return d;
    };
    const small = { ...base, trials: 2 * 4096, designs: [base.designs[0]], grid: {} };
    const a = sweepFile("m-a.json", small);
    const a1 = shard(a, "m-a1", "1/2");
    const a2 = shard(a, "m-a2", "2/2");
    const seed = shard(sweepFile("m-seed.json", { ...small, seed: "other" }), "m-seed2", "2/2");
    const trials = shard(sweepFile("m-trials.json", { ...small, trials: 3 * 4096 }), "m-trials2", "2/2");
    const merge = (...dirs: string[]) => {
      const r = cli("merge", ...dirs, "--out", join(tmp, "m-out"));
      expect(r.code).toBe(2);
      expect(r.err.trim().split("\n")).toHaveLength(1);
      return r.err;
    };
    expect(merge(a1, seed)).toMatch(/different seeds \("t" in .*m-a1, "other" in .*m-seed2\)/);
    expect(merge(a1, trials)).toMatch(/different trial counts \(8192 in .*m-a1, 12288 in .*m-trials2\)/);
    const copy = join(tmp, "m-a2-copy");
    cpSync(a2, copy, { recursive: true });
    expect(merge(a1, a2, copy)).toMatch(/shard 2\/2 is given twice \(in .*m-a2 and .*m-a2-copy\)/);
    expect(merge(a1, a2, a1)).toMatch(/m-a1 is given twice/);
    const whole = join(tmp, "m-whole");
    expect(cli("sweep", a, "--out", whole, "--workers", "1", "--format", "csv").code).toBe(0);
    expect(merge(a1, whole)).toMatch(/has shards of two different splits \(1\/2 in .*m-a1, 1\/1 in .*m-whole\)/);
    expect(merge(a1)).toMatch(/incomplete: blocks up to 1 of 2; missing shards: 2\/2/);
    expect(existsSync(join(tmp, "m-out"))).toBe(false);
    expect(cli("merge", a1, a2, "--out", join(tmp, "m-ok")).code).toBe(0);
  });

  it("merge names the shard of exact cells that are missing (they are computed whole by one shard)", () => {
    const exact = sweepFile("m-exact.json", { ...base, method: "exact", trials: 10 });
    const s1 = join(tmp, "m-exact1");
    expect(cli("sweep", exact, "--out", s1, "--shard", "1/2").code).toBe(0);
    const r = cli("merge", s1, "--out", join(tmp, "m-exact-out"));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/1 of the sweep's 3 cells are missing \(cells 2\); missing shards: 2\/2/);
  });

  it("computes exact cells where feasible (method auto) and says so in the method column", () => {
    const auto = sweepFile("auto.json", { ...base, method: "auto", trials: 1000 });
    const dir = join(tmp, "auto");
    expect(cli("sweep", auto, "--out", dir).code).toBe(0);
    const rows = JSON.parse(readFileSync(join(dir, "sweep.json"), "utf8")).rows;
    expect(new Set(rows.map((r: { method: string }) => r.method))).toEqual(new Set(["exact"]));
  });

  it("rejects a grid key that matches no parameter (a typo), naming the valid keys", () => {
    const typo = sweepFile("typo.json", { ...base, grid: { "smc-reveiw.q": [1, 0.6] } });
    const r = cli("sweep", typo, "--out", join(tmp, "typo"));
    expect(r.code).toBe(2);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toMatch(/typo\.json: grid\.smc-reveiw\.q: matches no parameter of the sweep's designs; valid keys: .*smc-review\.q/);
    expect(existsSync(join(tmp, "typo"))).toBe(false);
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
