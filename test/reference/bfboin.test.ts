/**
 * BF-BOIN (BOIN with the backfill modifier) against the published simulation of scenarios 1
 * and 2 of Zhao, Yuan, Korn & Freidlin (2024, Table 3) by R bfboin 0.1.1's vignette "Compare
 * to publication" (the fixture holds the call, every setting and convention, and the numbers).
 *
 * Tolerances: the reference is itself a simulation of M = 1000 trials, ours of N. Proportions:
 * 4 binomial standard errors from the published p, sqrt(p(1-p)(1/M + 1/N)). Means (sample
 * size, duration): 4 standard errors with the spread of the quantity (bfboin does not report
 * it: the SD of our own trials stands in for it, as in duration.test.ts).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDesignConfig, parseScenarioConfig } from "../../src/config/load.js";
import { runTimed } from "../../src/engine/run.js";

const f = JSON.parse(readFileSync("test/reference/fixtures/bfboin-table3.json", "utf8"));
const S = f.settings;
const M: number = S.referenceTrials;
const N = 20000;

const binTol = (p: number) => 4 * Math.sqrt(p * (1 - p) * (1 / M + 1 / N));

function run(sc: { truth: number[]; response: number[] }) {
  const config = parseDesignConfig({ design: S.design, modifiers: S.modifiers, conduct: S.conduct }, "(fixture)");
  const scenario = parseScenarioConfig(
    { target: S.design.target, ladder: { doses: sc.truth.map((_: number, i: number) => i + 1) }, curves: [{ name: "ref", truth: sc.truth, response: sc.response }], timing: S.timing },
    "(fixture)",
  );
  const c = runTimed({ config, scenario, trials: N, seed: "bfboin-table3" }).curves[0];
  const t = c.timing!;
  const b = t.backfill!;
  return {
    c,
    // bfboin leaves out the backfilled patients still pending when the last cohort completes
    n: c.sampleSize - b.pendingAtEnd.mean,
    nTol: 4 * c.sampleSizeSD * Math.sqrt(1 / M + 1 / N),
    // its duration ends when the last escalation cohort completes: our MTD decision time
    months: t.mtdDecision.mean / S.daysPerMonth,
    monthsTol: (4 * t.mtdDecision.sd * Math.sqrt(1 / M + 1 / N)) / S.daysPerMonth,
    backfilled: b.patients.mean,
  };
}

describe("BF-BOIN, Zhao et al. (2024) Table 3 scenario 1 (bfboin 0.1.1 vignette)", () => {
  const sc = f.scenarios[0];
  const R = sc.reported;
  const r = run(sc);
  it("selection per dose and early stopping", () => {
    R.selectionPercent.forEach((pct: number, d: number) => {
      const p = pct / 100;
      if (p > 0) expect(Math.abs(r.c.selection[d] - p)).toBeLessThan(binTol(p));
      else expect(r.c.selection[d]).toBeLessThan(binTol(1 / M));
    });
    const stop = R.percentStop / 100;
    expect(Math.abs(r.c.noMtd - stop)).toBeLessThan(binTol(stop));
  });
  it("sample size and duration", () => {
    expect(Math.abs(r.n - R.totalN)).toBeLessThan(r.nTol);
    expect(Math.abs(r.months - R.durationMonths)).toBeLessThan(r.monthsTol);
    expect(r.backfilled).toBeGreaterThan(0.5);
  });
});

describe("BF-BOIN, Zhao et al. (2024) Table 3 scenario 2 (bfboin 0.1.1 vignette)", () => {
  const sc = f.scenarios[1];
  const R = sc.reported;
  const r = run(sc);
  it("selection of dose 1, of the MTD (dose 2), above it, and early stopping", () => {
    const sel = r.c.selection;
    const check = (ours: number, pct: number) => expect(Math.abs(ours - pct / 100)).toBeLessThan(binTol(pct / 100));
    check(sel[0], R.selectionPercentDose1);
    check(sel[1], R.correctSelectionPercent);
    check(sel[2] + sel[3] + sel[4], R.overdosingSelectionPercent);
    check(r.c.noMtd, R.percentStop);
  });
  it("sample size and duration", () => {
    expect(Math.abs(r.n - R.totalN)).toBeLessThan(r.nTol);
    expect(Math.abs(r.months - R.durationMonths)).toBeLessThan(r.monthsTol);
    expect(r.backfilled).toBeGreaterThan(1);
  });
});
