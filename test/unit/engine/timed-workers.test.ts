/**
 * Calendar-time runs in worker threads: the timed worker task gives, byte for byte, the
 * accumulators of the in-thread discrete-event engine (simulateTimed, the reference here), for
 * any number of threads, through a shared pool (a sweep's), and for any split of the blocks
 * (shards). The worker threads are the compiled ones in dist/ (npm test builds first).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildDesign, loadDesign, loadScenario, parseDesignConfig, parseScenarioConfig, trueMtd } from "../../../src/config/load.js";
import { simulateConfig, WorkerPool } from "../../../src/engine/simulate.js";
import { simulateTimed, timedLayout } from "../../../src/engine/timed.js";
import { layoutFor } from "../../../src/engine/monte-carlo.js";
import { runTimed, runTimedMonteCarlo } from "../../../src/engine/run.js";

const config = loadDesign("designs/sys6020-timed.json");
const scenario = loadScenario("scenarios/sys6020-timed.json");
const K = scenario.ladder.doses.length;
const design = buildDesign(config, K);
const curves = scenario.curves.slice(0, 2).map((c) => ({ truth: c.truth, trueMtd: trueMtd(c.truth, scenario.target) }));
// 5 blocks, the last one short
const trials = 4 * 4096 + 123;
const seed = "timed-workers";
/** The in-thread engine, curve by curve, all blocks in order. */
const reference = curves.map((c) => Array.from(simulateTimed(design, scenario.timing, config.conduct, c, { trials, seed }).acc));

afterEach(() => vi.restoreAllMocks());

describe("timed runs in worker threads", () => {
  it("has the timed layout and equals the in-thread engine with 1 and 2 threads, the workers doing part of the work", async () => {
    expect(reference[0]).toHaveLength(timedLayout(layoutFor(design)).length);
    expect(reference[0].some((x, i) => i >= layoutFor(design).length && x > 0)).toBe(true);
    const posted = vi.spyOn(WorkerPool.prototype, "run");
    const one = await simulateConfig(config, K, curves, { trials, seed, workers: 1, timed: { timing: scenario.timing ?? null } });
    expect(posted).not.toHaveBeenCalled();
    const two = await simulateConfig(config, K, curves, { trials, seed, workers: 2, timed: { timing: scenario.timing ?? null } });
    expect(posted).toHaveBeenCalled();
    expect(posted.mock.calls.every(([task]) => task.timed !== undefined)).toBe(true);
    expect(one.map((a) => Array.from(a))).toEqual(reference);
    expect(two.map((a) => Array.from(a))).toEqual(reference);
  });

  it("equals the in-thread engine through a shared pool, whole (one task) or split, and over shards", async () => {
    const pool = new WorkerPool(2);
    try {
      const timed = { timing: scenario.timing ?? null };
      const whole = await simulateConfig(config, K, curves, { trials, seed, pool, tasks: 1, timed });
      const split = await simulateConfig(config, K, curves, { trials, seed, pool, timed });
      expect(whole.map((a) => Array.from(a))).toEqual(reference);
      expect(split.map((a) => Array.from(a))).toEqual(reference);
      // shards [0, 2) and [2, 5), each over the pool, summed
      const a = await simulateConfig(config, K, curves, { trials, seed, pool, blocks: [0, 2], timed });
      const b = await simulateConfig(config, K, curves, { trials, seed, pool, blocks: [2, 5], timed });
      expect(a.map((x, ci) => Array.from(x, (v, i) => v + b[ci][i]))).toEqual(reference);
    } finally {
      await pool.close();
    }
  });

  it("runTimedMonteCarlo over 2 threads gives runTimed's in-thread result, and reports every trial's progress", async () => {
    const sc = { ...scenario, curves: scenario.curves.slice(0, 2) };
    const here = runTimed({ config, scenario: sc, trials, seed });
    let done = 0;
    const threads = await runTimedMonteCarlo({ config, scenario: sc, trials, seed, workers: 2, onProgress: (n) => (done += n) });
    expect(JSON.stringify(threads)).toBe(JSON.stringify(here));
    expect(done).toBe(trials * 2);
    // and the result is a timed one, different for another seed (the comparison can fail)
    const other = await runTimedMonteCarlo({ config, scenario: sc, trials, seed: "another", workers: 2 });
    expect(other.curves[0].timing!.duration.mean).not.toBe(here.curves[0].timing!.duration.mean);
  });

  it("trials longer than 4,110 days (the histograms' coarse bins) give the same result, byte for byte, with 1 and 2 threads", async () => {
    // a 3+3 with a 1,500-day window at 0.5 referrals a month: most trials take 4,000 to 9,000 days
    const long = parseDesignConfig({ design: { type: "a-plus-b" }, conduct: { windowDays: 1500, maxWaitDays: 100000 } }, "(long)");
    const sc = parseScenarioConfig({ ladder: { doses: [1, 2, 3, 4] }, curves: [{ name: "c", truth: [0.05, 0.15, 0.3, 0.5] }], timing: { rate: 0.5 } }, "(long)");
    const n = 2 * 4096 + 7;
    const here = runTimed({ config: long, scenario: sc, trials: n, seed });
    const one = await runTimedMonteCarlo({ config: long, scenario: sc, trials: n, seed, workers: 1 });
    const two = await runTimedMonteCarlo({ config: long, scenario: sc, trials: n, seed, workers: 2 });
    expect(here.curves[0].timing!.duration.median).toBeGreaterThan(4110);
    expect(JSON.stringify(one)).toBe(JSON.stringify(here));
    expect(JSON.stringify(two)).toBe(JSON.stringify(here));
  });

  it("stops in this thread, before any worker starts, when the design cannot run in calendar time", async () => {
    const optimal = parseDesignConfig({ design: { type: "optimal", target: 0.25, maxPatients: 18 }, conduct: { windowDays: 28 } }, "(optimal)");
    const posted = vi.spyOn(WorkerPool.prototype, "run");
    await expect(runTimedMonteCarlo({ config: optimal, scenario, trials, seed, workers: 2 })).rejects.toThrow(/no calendar time/);
    expect(posted).not.toHaveBeenCalled();
  });
});
