/**
 * P(selecting above the true MTD) and Cheung's (2011) accuracy index, with their Monte Carlo SEs,
 * against an independent per-trial computation (test/reference/fixtures/gen_accuracy_se.py ->
 * accuracy-se.json): the SEs are checked against the formula's value computed elsewhere, never
 * against the code's own SE.
 */
import { describe, expect, it } from "vitest";
import { selectionAccuracy } from "../../src/report/summary.js";
import { fixture } from "../helpers/fixtures.js";

interface Case { truth: number[]; target: number; trueMtd: number; counts: number[]; trials: number; aboveMtd: number; aboveMtdSE: number; accuracyIndex: number; accuracyIndexSE: number }
const fx = fixture("accuracy-se.json") as { cases: Case[] };

describe("selection accuracy statistics against gen_accuracy_se.py", () => {
  for (const c of fx.cases) {
    it(`truth ${c.truth.join("/")}, target ${c.target}`, () => {
      const n = c.trials;
      const selection = c.counts.slice(1).map((k) => k / n);
      const got = selectionAccuracy(c.truth, selection, c.trueMtd, c.target, n, true);
      expect(got.aboveMtd!).toBeCloseTo(c.aboveMtd, 12);
      expect(got.aboveMtdSE!).toBeCloseTo(c.aboveMtdSE, 12);
      expect(got.accuracyIndex!).toBeCloseTo(c.accuracyIndex, 12);
      expect(got.accuracyIndexSE!).toBeCloseTo(c.accuracyIndexSE, 12);
    });
  }

  it("exact results carry SE 0, and no target gives null", () => {
    const c = fx.cases[0];
    const selection = c.counts.slice(1).map((k) => k / c.trials);
    const exact = selectionAccuracy(c.truth, selection, c.trueMtd, c.target, c.trials, false);
    expect(exact.aboveMtdSE).toBe(0);
    expect(exact.accuracyIndexSE).toBe(0);
    expect(exact.accuracyIndex!).toBeCloseTo(c.accuracyIndex, 12);
    const none = selectionAccuracy(c.truth, selection, -1, null, c.trials, true);
    expect(none).toEqual({ aboveMtd: null, aboveMtdSE: null, accuracyIndex: null, accuracyIndexSE: null });
  });
});
