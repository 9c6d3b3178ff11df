/** `doseladder run` with calendar time: outputs carry the timing statistics; exact is refused. */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { TIMING_CSV_COLUMNS } from "../../src/report/timing.js";
import { CSV_COLUMNS } from "../../src/report/csv.js";

const CLI = "dist/src/cli/main.js";
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const SYS = ["--design", "designs/sys6020-timed.json", "--scenario", "scenarios/sys6020-timed.json", "--curve", "mtd-middle", "--trials", "3000"];

describe("doseladder run in calendar time", () => {
  it("refuses --method exact with one line and exit 2, writing nothing on stdout", () => {
    const r = cli("run", ...SYS, "--method", "exact");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toContain("Monte Carlo only");
  });
  it("prints the duration block in the table", () => {
    const r = cli("run", ...SYS);
    expect(r.code).toBe(0);
    expect(r.out).toContain("calendar time (days from the first referred patient):");
    expect(r.out).toMatch(/trial duration\s+mean [\d.]+ ±[\d.]+ days/);
    expect(r.out).toMatch(/waited [\d.]+ \(mean wait [\d.]+ days\)/);
  });
  it("writes a timing object per curve in JSON, and the resolved timing and conduct", () => {
    const r = cli("run", ...SYS, "--format", "json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const t = j.curves[0].timing;
    for (const k of ["duration", "mtdDecision", "escalationDuration", "expansionDuration"]) {
      for (const f of ["mean", "se", "sd", "median", "p10", "p90", "distribution"]) expect(t[k]).toHaveProperty(f);
    }
    for (const k of ["screened", "screenFailures", "turnedAway", "waited", "manufacturingFailures", "nonEvaluable", "pausedDays"]) expect(t[k]).toHaveProperty("mean");
    expect(t.example.patients.length).toBeGreaterThan(0);
    expect(j.timing.conduct.infusionDays).toEqual([0, 7, 14]);
    expect(j.timing.scenario.rate).toBe(1);
    // the expansion phase comes after the MTD decision
    expect(t.duration.mean).toBeGreaterThan(t.mtdDecision.mean);
  });
  it("adds the timing columns to the CSV of a timed run only", () => {
    const timed = cli("run", ...SYS, "--format", "csv");
    expect(timed.out.split("\n")[0]).toBe([...CSV_COLUMNS, ...TIMING_CSV_COLUMNS].join(","));
    const untimed = cli("run", "--design", "designs/sys6020.json", "--scenario", "scenarios/sys6020.json", "--curve", "mtd-middle", "--format", "csv");
    expect(untimed.out.split("\n")[0]).toBe(CSV_COLUMNS.join(","));
  });
  it("untimed files still run exactly", () => {
    const r = cli("run", "--design", "designs/sys6020.json", "--scenario", "scenarios/sys6020.json", "--curve", "mtd-middle", "--format", "json");
    const j = JSON.parse(r.out);
    expect(j.method).toBe("exact");
    expect(j.curves[0].timing).toBeUndefined();
    expect(j.timing).toBeUndefined();
  });
});
