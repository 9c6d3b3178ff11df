/**
 * Calendar time and threads at the command line: `run --workers 1` and `--workers 2` give the
 * same JSON for a timed seed file, and `compare` runs in calendar time (paired patient by patient).
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const CLI = "dist/src/cli/main.js";
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
// 3 blocks of the run (the last short), so two threads share the work
const RUN = ["run", "--design", "designs/sys6020-timed.json", "--scenario", "scenarios/sys6020-timed.json", "--curve", "mtd-middle", "--trials", "9000", "--format", "json"];

describe("timed run over worker threads", () => {
  it("gives the same JSON with --workers 1 and --workers 2 (and another JSON for another seed)", () => {
    const one = cli(...RUN, "--workers", "1");
    const two = cli(...RUN, "--workers", "2");
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(two.err).toBe("");
    expect(JSON.parse(one.out).curves[0].timing.duration.mean).toBeGreaterThan(0);
    expect(two.out).toBe(one.out);
    const other = cli(...RUN, "--workers", "2", "--seed", "2");
    expect(other.out).not.toBe(one.out);
  });
});

describe("compare with calendar time", () => {
  it("pairs a timed design with an untimed one (default conduct) patient by patient, and says so", () => {
    const r = cli("compare", "--design", "designs/sys6020-timed.json", "--design", "designs/sys6020-boin.json", "--scenario", "scenarios/sys6020.json", "--curve", "mtd-middle", "--trials", "300");
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(r.out).toContain("Monte Carlo in calendar time with common random numbers, 300 trials");
    expect(r.out).toContain("Designs paired patient by patient in calendar time");
    expect(r.out).toMatch(/\[2\]\s+trial duration \(months\)\s+[+-]\d+\.\d\s+\d+\.\d\d\s+\d+\.\d\d\s+\d\.\d\dx/);
  });
  it("a timed scenario: JSON with the method, the resolved timing and each design's timing; the same design twice differs by 0", () => {
    const r = cli("compare", "--design", "designs/sys6020-timed.json", "--design", "designs/sys6020-timed.json", "--scenario", "scenarios/sys6020-timed.json", "--curve", "mtd-middle", "--trials", "200", "--format", "json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.method).toBe("monte-carlo-crn-timed");
    expect(j.coupledPatients).toBeNull();
    expect(j.timing.scenario.rate).toBe(1);
    expect(j.timing.conduct).toHaveLength(2);
    expect(j.curves[0].results[1].timing.duration.mean).toBeGreaterThan(0);
    for (const row of j.curves[0].rows[1]) expect(row.difference).toBe(0);
  });
});
