/**
 * Trials longer than the duration histograms' fine part (src/engine/timed.ts: 2-day bins up to
 * 4,110 days, 10-day bins up to 24,600 days): a fixed schedule computed by hand lands in its
 * coarse bin, and the median and 10%/90% quantiles of a random long-trial run agree with the
 * order statistics of the per-trial durations collected independently, trial by trial, from
 * the engine's trace (test/unit/engine/fixtures/timed-long-schedule.json for the hand schedule).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildDesign, parseDesignConfig, parseScenarioConfig } from "../../../src/config/load.js";
import { parseTiming } from "../../../src/config/timing.js";
import { runTimed } from "../../../src/engine/run.js";
import { simulateTimed } from "../../../src/engine/timed.js";
import { summarizeTiming } from "../../../src/report/timing.js";

const fixture = JSON.parse(readFileSync("test/unit/engine/fixtures/timed-long-schedule.json", "utf8")) as {
  design: Record<string, unknown>;
  timing: Record<string, unknown>;
  expected: { duration: number; binFrom: number; binTo: number; median: number; sampleSize: number };
};

describe("durations beyond 4,096 days", () => {
  it("a fixed 4,260.875-day schedule (computed by hand) reads its own 10-day bin, not the old last bin", () => {
    const config = parseDesignConfig(fixture.design, "(test design)");
    const scenario = parseScenarioConfig({ ladder: { doses: [1, 2] }, curves: [{ name: "c", truth: [0, 0] }], timing: fixture.timing }, "(test scenario)");
    const r = runTimed({ config, scenario, trials: 5, seed: "long" });
    const t = r.curves[0].timing!;
    const e = fixture.expected;
    expect(t.example!.duration).toBe(e.duration);
    expect(r.curves[0].sampleSize).toBe(e.sampleSize);
    expect(t.duration.sd).toBe(0);
    expect(Math.abs(t.duration.mean - e.duration)).toBeLessThanOrEqual(1 / 32);
    // every trial in [4260, 4270): the quantiles interpolate inside it
    expect(t.duration.median).toBe(e.median);
    for (const x of [t.duration.p10, t.duration.p90, t.mtdDecision.median]) {
      expect(x).toBeGreaterThanOrEqual(e.binFrom);
      expect(x).toBeLessThanOrEqual(e.binTo);
    }
    // the 30-day distribution: all of it in [4260, 4290)
    expect(t.duration.distribution).toEqual([{ fromDay: 4260, p: 1 }]);
  });

  it("the median and 10%/90% quantiles of a random long-trial run are the per-trial durations' order statistics, to within the bin", () => {
    // a 3+3 over 4 doses with a 1,500-day window: trials take about 3,000 to 9,000 days
    const config = parseDesignConfig({ design: { type: "a-plus-b" }, conduct: { windowDays: 1500, maxWaitDays: 100000 } }, "(t)");
    const design = buildDesign(config, 4);
    const timing = parseTiming({ process: "poisson", rate: 0.5 }, "(t)");
    const conduct = config.conduct;
    const curve = { truth: [0.05, 0.15, 0.3, 0.5], trueMtd: 2 };
    const trials = 301;
    const seed = "long-random";
    const { runner, acc } = simulateTimed(design, timing, conduct, curve, { trials, seed });
    const t = summarizeTiming(acc, runner.layout);
    // independently: each trial's duration from its trace (the block's trials re-run from the start)
    const d = Array.from({ length: trials }, (_, i) => runner.trace(seed, 0, i).duration);
    const sorted = [...d].sort((a, b) => a - b);
    expect(sorted[0]).toBeLessThan(4096);
    expect(sorted[Math.floor(trials / 2)]).toBeGreaterThan(4110);
    const mean = d.reduce((a, b) => a + b, 0) / trials;
    expect(Math.abs(t.duration.mean - mean)).toBeLessThanOrEqual(1 / 32);
    // the pr quantile of the histogram lies in the bin of the ceil(pr * n)-th smallest duration
    // (widths: 2 days below 4,110, 10 above), interpolated linearly inside it
    for (const [pr, got] of [
      [0.1, t.duration.p10],
      [0.5, t.duration.median],
      [0.9, t.duration.p90],
    ] as const) {
      const k = Math.ceil(pr * trials);
      const x = sorted[k - 1];
      const width = x < 4110 ? 2 : 10;
      const from = x < 4110 ? 2 * Math.floor(x / 2) : 4110 + 10 * Math.floor((x - 4110) / 10);
      expect(got).toBeGreaterThanOrEqual(from);
      expect(got).toBeLessThanOrEqual(from + width);
      // the interpolation: (pr * n - trials below the bin) / trials in the bin, of the width
      const below = sorted.filter((y) => y < from).length;
      const inBin = sorted.filter((y) => y >= from && y < from + width).length;
      expect(got).toBeCloseTo(from + ((pr * trials - below) / inBin) * width, 9);
    }
    // the 30-day distribution: the share of the trials in each 30-day bin
    const share = new Map<number, number>();
    for (const x of d) share.set(30 * Math.floor(x / 30), (share.get(30 * Math.floor(x / 30)) ?? 0) + 1 / trials);
    expect(t.duration.distribution.map((b) => b.fromDay)).toEqual([...share.keys()].sort((a, b) => a - b));
    for (const b of t.duration.distribution) expect(b.p).toBeCloseTo(share.get(b.fromDay)!, 12);
  });
});
