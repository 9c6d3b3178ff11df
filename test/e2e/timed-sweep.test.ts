/**
 * A sweep of calendar-time cells: the long table (sweep.csv / sweep.json) carries
 * `run --format csv`'s timing columns with the numbers `run` gives for the same design, the
 * overview has the mean-duration column and the accuracy-against-time chart, and the outputs are
 * the same for 1 and 2 worker threads.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { TIMING_CSV_COLUMNS } from "../../src/report/timing.js";

const CLI = "dist/src/cli/main.js";
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
/** Split one CSV line (RFC 4180 quoting). */
const fields = (line: string): string[] => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1].replace(/^"|"$/g, "").replace(/""/g, '"'));
const dir = mkdtempSync(join(tmpdir(), "doseladder-timed-sweep-"));
const TRIALS = 5000;
const sweepFile = join(dir, "sweep.json");
writeFileSync(
  sweepFile,
  JSON.stringify({
    name: "timed sweep test",
    trials: TRIALS,
    seed: "timed-sweep",
    method: "monte-carlo",
    designs: [{ file: resolve("designs/s103-timed.json") }],
    // 14 is the design file's own value: that cell is the file as `run` reads it
    grid: { "conduct.sentinelDays": [0, 14] },
    scenarios: [{ file: resolve("scenarios/s103-timed.json"), curves: ["mtd-middle"] }],
  }),
);

describe("a sweep of calendar-time cells", () => {
  const one = join(dir, "w1");
  const two = join(dir, "w2");
  it("runs with 1 and 2 worker threads to the same outputs", () => {
    expect(cli("sweep", sweepFile, "--out", one, "--workers", "1").code).toBe(0);
    expect(cli("sweep", sweepFile, "--out", two, "--workers", "2").code).toBe(0);
    expect(readFileSync(join(two, "sweep.csv"), "utf8")).toBe(readFileSync(join(one, "sweep.csv"), "utf8"));
    expect(readFileSync(join(two, "sweep.json"), "utf8")).toBe(readFileSync(join(one, "sweep.json"), "utf8"));
  });

  it("gives sweep.csv the timing columns, with run's numbers for the cell that is the design file", () => {
    const csv = readFileSync(join(one, "sweep.csv"), "utf8").trim().split("\n");
    const head = fields(csv[0]);
    for (const c of TIMING_CSV_COLUMNS) expect(head).toContain(c);
    const run = cli("run", "--design", "designs/s103-timed.json", "--scenario", "scenarios/s103-timed.json", "--curve", "mtd-middle", "--trials", String(TRIALS), "--seed", "timed-sweep", "--format", "json");
    expect(run.code).toBe(0);
    const t = JSON.parse(run.out).curves[0].timing;
    const j = JSON.parse(readFileSync(join(one, "sweep.json"), "utf8"));
    const rows = j.rows.filter((r: Record<string, unknown>) => r["conduct.sentinelDays"] === 14);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.durationMean).toBe(t.duration.mean);
      expect(r.durationP90).toBe(t.duration.p90);
      expect(r.mtdDecisionMean).toBe(t.mtdDecision.mean);
    }
    // the cell without the sentinel is a different (shorter) trial
    const other = j.rows.find((r: Record<string, unknown>) => r["conduct.sentinelDays"] === 0);
    expect(other.durationMean).toBeLessThan(t.duration.mean);
    // the CSV's line for the same cell holds the same mean
    const at = head.indexOf("durationMean");
    const line = csv.slice(1).map(fields).find((f) => f[head.indexOf("conduct.sentinelDays")] === "14")!;
    expect(Number(line[at])).toBe(t.duration.mean);
  });

  it("gives the overview a mean-duration column and the accuracy-against-time chart", () => {
    const html = readFileSync(join(one, "sweep.html"), "utf8");
    expect(html).toContain('data-chart="sweep-duration-tradeoff"');
    // durations in months, as in the single report and the protocol (days / (365.25/12))
    expect(html).toContain("mean duration (months)");
    expect(html).not.toContain("(days)");
    const j = JSON.parse(readFileSync(join(one, "sweep.json"), "utf8"));
    const days = j.cells[1].result.curves[0].timing.duration.mean;
    const cell = new RegExp(`data-key="durationMonths" data-variant="1" data-column="0" data-value="([^"]+)">([^<]+)<`).exec(html);
    expect(cell, "the summary's duration cell of variant 2").not.toBeNull();
    expect(Number(cell![1])).toBeCloseTo((days * 12) / 365.25, 10);
    expect(cell![2]).toBe(((days * 12) / 365.25).toFixed(1));
  });

  it("gives the CSV the duration's SE in days and the durations in months beside the days", () => {
    const csv = readFileSync(join(one, "sweep.csv"), "utf8").trim().split("\n");
    const head = fields(csv[0]);
    const j = JSON.parse(readFileSync(join(one, "sweep.json"), "utf8"));
    for (const line of csv.slice(1).map(fields)) {
      const cell = j.cells[Number(line[head.indexOf("cell")]) - 1].result.curves[0].timing;
      const at = (c: string) => Number(line[head.indexOf(c)]);
      // the CSV writes 10 significant digits
      expect(at("durationSE")).toBeCloseTo(cell.duration.se, 8);
      expect(cell.duration.se).toBeGreaterThan(0);
      expect(at("durationMonths")).toBeCloseTo((cell.duration.mean * 12) / 365.25, 7);
      expect(at("durationMonthsSE")).toBeCloseTo((cell.duration.se * 12) / 365.25, 8);
      expect(at("mtdDecisionMonths")).toBeCloseTo((cell.mtdDecision.mean * 12) / 365.25, 7);
    }
  });
});

describe("a sweep of more calendar-time cells than threads", () => {
  it("runs cells side by side (the last ones split into blocks) to the outputs of one thread", () => {
    // 6 cells on 2 threads: the first ones whole in one worker each, the last 4 split into blocks
    const file = join(dir, "six.json");
    writeFileSync(
      file,
      JSON.stringify({
        name: "six timed cells",
        trials: 2000,
        seed: "six",
        method: "monte-carlo",
        designs: [{ file: resolve("designs/s103-timed.json") }],
        grid: { "conduct.sentinelDays": [0, 7, 14, 21, 28, 35] },
        scenarios: [{ file: resolve("scenarios/s103-timed.json"), curves: ["mtd-middle", "safe"] }],
      }),
    );
    const a = join(dir, "six-w1");
    const b = join(dir, "six-w2");
    expect(cli("sweep", file, "--out", a, "--workers", "1").code).toBe(0);
    expect(cli("sweep", file, "--out", b, "--workers", "2").code).toBe(0);
    const csv = readFileSync(join(a, "sweep.csv"), "utf8");
    expect(new Set(csv.trim().split("\n").slice(1).map((l) => l.split(",")[0])).size).toBe(6);
    expect(readFileSync(join(b, "sweep.csv"), "utf8")).toBe(csv);
    expect(readFileSync(join(b, "sweep.json"), "utf8")).toBe(readFileSync(join(a, "sweep.json"), "utf8"));
  });
});
