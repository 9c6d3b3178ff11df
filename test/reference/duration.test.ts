/**
 * Trial duration against a published simulation: BOIN waiting for each cohort's full DLT
 * window, uniform accrual of 1 patient a month, 1-month window, Weibull DLT times, patients
 * referred meanwhile turned away, as simulated by R bfboin 0.1.1 with backfilling switched off
 * (the fixture holds the call, every setting and the reported numbers).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDesignConfig, parseScenarioConfig } from "../../src/config/load.js";
import { runTimed } from "../../src/engine/run.js";

const f = JSON.parse(readFileSync("test/reference/fixtures/duration-bfboin.json", "utf8"));
const S = f.settings;
const R = f.reported;

describe("BOIN trial duration (bfboin 0.1.1 get.oc.bf, backfilling off)", () => {
  const N = 40000;
  const config = parseDesignConfig({ design: S.design, conduct: S.conduct }, "(fixture)");
  const scenario = parseScenarioConfig({ target: S.design.target, ladder: { doses: S.truth.map((_: number, i: number) => i + 1) }, curves: [{ name: "ref", truth: S.truth }], timing: S.timing }, "(fixture)");
  const r = runTimed({ config, scenario, trials: N, seed: "bfboin" });
  const c = r.curves[0];
  const M = S.referenceTrials;
  it("average duration in months", () => {
    const months = c.timing!.duration.mean / S.daysPerMonth;
    const sdMonths = c.timing!.duration.sd / S.daysPerMonth;
    // the reference is itself a simulation of M trials: its SE (with the duration's SD, estimated
    // here: bfboin does not report it) and ours combined
    const se = sdMonths * Math.sqrt(1 / M + 1 / N);
    expect(Math.abs(months - R.durationMonths)).toBeLessThan(4 * se);
  });
  it("sample size and selection, the same trials", () => {
    const seN = (c.sampleSizeSD) * Math.sqrt(1 / M + 1 / N);
    expect(Math.abs(c.sampleSize - R.totalN)).toBeLessThan(4 * seN);
    const sel = R.selectionPercent.map((x: number) => x / 100);
    sel.forEach((p: number, d: number) => expect(Math.abs(c.selection[d] - p)).toBeLessThan(4 * Math.sqrt(p * (1 - p) * (1 / M + 1 / N))));
    const stop = R.percentStop / 100;
    expect(Math.abs(c.noMtd - stop)).toBeLessThan(4 * Math.sqrt(stop * (1 - stop) * (1 / M + 1 / N)));
  });
});
