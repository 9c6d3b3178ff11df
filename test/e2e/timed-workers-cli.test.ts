/**
 * Calendar time and threads at the command line: `run --workers 1` and `--workers 2` give the
 * same JSON for a timed seed file, and `compare` refuses calendar time with one line, exit 2.
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
  it("refuses a timed design with one line naming the conduct block and pointing to a sweep (exit 2, nothing on stdout)", () => {
    const r = cli("compare", "--design", "designs/sys6020-timed.json", "--design", "designs/sys6020-boin.json", "--scenario", "scenarios/sys6020.json", "--trials", "100");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toContain("conduct block of designs/sys6020-timed.json");
    expect(r.err).toContain("common random numbers");
    expect(r.err).toContain("sweep");
  });
  it("refuses a timed scenario the same way, naming its timing block", () => {
    const r = cli("compare", "--design", "designs/sys6020-3plus3.json", "--design", "designs/sys6020-boin.json", "--scenario", "scenarios/sys6020-timed.json", "--trials", "100");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toContain("timing block of scenarios/sys6020-timed.json");
  });
});
