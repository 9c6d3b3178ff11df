/**
 * summarize() and selectionAccuracy() (src/report/summary.ts), the cases summary-se.test.ts leaves
 * open: a second design metric, expansion DLTs at a dose above the lowest, Cheung's (2011) accuracy
 * index through summarize (with the scenario's target), the nulls of "no target" and "every rate
 * equals the target", exact results whose probabilities sum (in floating point) above 1, and no
 * trials at all. Expected values come from the raw per-trial values of a hand-made set of trials
 * (outcome strings), never from the code: a mean is Σ w_i x_i / Σ w_i; the accuracy index is the mean
 * of the per-trial a_i = 1 − K·|p_sel − θ| / Σ_k |p_k − θ| (1 for no MTD) and its Monte Carlo SE the
 * population SD of the a_i over √w (Cheung 2011, section 5.2.3; as gen_accuracy_se.py), worked by hand
 * below as well.
 */
import { describe, expect, it } from "vitest";
import { addTrial, layout } from "../../src/engine/accumulator.js";
import { selectionAccuracy, summarize, type Method } from "../../src/report/summary.js";
import { reasonIndex, type Reason } from "../../src/model/decision.js";
import { stateOf } from "../../src/model/outcomes.js";

const K = 3;
const truth = [0.1, 0.25, 0.4];
const target = 0.25;
interface Trial {
  outcomes: string;
  expansion?: [dose: number, n: number, y: number];
  selected: number;
  reason: Reason;
  metrics: [number, number];
}
// expansions at doses 1, 2 and 3 (0-based 0, 1, 2), DLTs in each; two metrics
const trials: Trial[] = [
  { outcomes: "1NNN 2NTN 2NNN 3TTN", selected: 1, reason: "dose-too-toxic", metrics: [1, 4] },
  { outcomes: "1NNN 2NNN 3NNN", expansion: [2, 6, 1], selected: 2, reason: "top-dose-passed", metrics: [0, 2] },
  { outcomes: "1TTN", selected: -1, reason: "lowest-dose-too-toxic", metrics: [0, 0] },
  { outcomes: "1NNN 2TTT", expansion: [0, 6, 2], selected: 0, reason: "dose-too-toxic", metrics: [2, 1] },
  { outcomes: "1NTN 1NNN 2NTN", expansion: [1, 3, 2], selected: 1, reason: "dose-too-toxic", metrics: [0.5, 3] },
];
const MAX_N = 15; // the largest total: 9 escalation + 6 expansion patients

function accumulate(list: readonly Trial[], trueMtd: number, weights: readonly number[]) {
  const L = layout(K, MAX_N, 2, true, false);
  const acc = new Float64Array(L.length);
  list.forEach((t, i) => {
    const s = stateOf(t.outcomes, K, 0);
    if (t.expansion) s.addCohort(t.expansion[0], t.expansion[1], t.expansion[2], true);
    addTrial(acc, L, s, t.selected, reasonIndex(t.reason), trueMtd, Float64Array.from(t.metrics), weights[i]);
  });
  return { acc, L };
}
const wmean = (xs: readonly number[], ws: readonly number[]) => xs.reduce((s, x, i) => s + ws[i] * x, 0) / ws.reduce((a, b) => a + b);
const close = (a: number | null | undefined, b: number, label: string, tol = 1e-12) =>
  expect(Math.abs((a as number) - b), `${label}: ${a} vs ${b}`).toBeLessThan(tol);

describe("summarize: metrics, expansion DLTs and the accuracy index from per-trial values", () => {
  const ones = [1, 1, 1, 1, 1];
  it("both metrics are the weighted means of their own per-trial values", () => {
    for (const ws of [ones, [2, 1, 3, 1, 2]]) {
      const { acc, L } = accumulate(trials, 1, ws);
      const r = summarize(acc, L, { name: "m", truth, trueMtd: 1, metricNames: ["first", "second"], method: "monte-carlo", target });
      close(r.metrics.first, wmean(trials.map((t) => t.metrics[0]), ws), "first");
      close(r.metrics.second, wmean(trials.map((t) => t.metrics[1]), ws), "second");
    }
    // by hand, unit weights: (1 + 0 + 0 + 2 + 0.5)/5 = 0.7 and (4 + 2 + 0 + 1 + 3)/5 = 2
    const { acc, L } = accumulate(trials, 1, ones);
    const r = summarize(acc, L, { name: "m", truth, trueMtd: 1, metricNames: ["first", "second"], method: "monte-carlo", target });
    close(r.metrics.first, 0.7, "first by hand");
    close(r.metrics.second, 2, "second by hand");
  });
  it("expansion patients and DLTs per dose (each dose has its own expansion)", () => {
    const { acc, L } = accumulate(trials, 1, ones);
    const r = summarize(acc, L, { name: "m", truth, trueMtd: 1, metricNames: ["a", "b"], method: "monte-carlo", target });
    // by hand: patients 6, 3, 6 over 5 trials; DLTs 2, 2, 1
    [6 / 5, 3 / 5, 6 / 5].forEach((v, d) => close(r.expansionPatients[d], v, `expansion patients ${d + 1}`));
    [2 / 5, 2 / 5, 1 / 5].forEach((v, d) => close(r.expansionDlts[d], v, `expansion DLTs ${d + 1}`));
  });
  it("the accuracy index and its SE with the scenario's target (Monte Carlo, unit and integer weights)", () => {
    const dsum = truth.reduce((s, p) => s + Math.abs(p - target), 0);
    const a = trials.map((t) => (t.selected < 0 ? 1 : 1 - (K * Math.abs(truth[t.selected] - target)) / dsum));
    for (const ws of [ones, [2, 1, 3, 1, 2]]) {
      const { acc, L } = accumulate(trials, 1, ws);
      const r = summarize(acc, L, { name: "m", truth, trueMtd: 1, metricNames: ["a", "b"], method: "monte-carlo", target });
      const w = ws.reduce((x, y) => x + y);
      const m = wmean(a, ws);
      const sd = Math.sqrt(wmean(a.map((x) => (x - m) ** 2), ws));
      close(r.accuracyIndex, m, "accuracy index");
      close(r.accuracyIndexSE, sd / Math.sqrt(w), "accuracy index SE");
    }
    // by hand, unit weights: a = (1, −0.5, 1, −0.5, 1) (|p − θ| = 0.15, 0, 0.15; sum 0.3), mean 0.4,
    // Σ(a − 0.4)² = 3·0.36 + 2·0.81 = 2.7, SE = √(2.7/5)/√5 = √0.108
    const { acc, L } = accumulate(trials, 1, ones);
    const r = summarize(acc, L, { name: "m", truth, trueMtd: 1, metricNames: ["a", "b"], method: "monte-carlo", target });
    close(r.accuracyIndex, 0.4, "accuracy index by hand");
    close(r.accuracyIndexSE, Math.sqrt(0.108), "accuracy index SE by hand");
  });
  it("no target given: no accuracy index (the true MTD still gives P(above MTD))", () => {
    const { acc, L } = accumulate(trials, 1, ones);
    for (const t of [undefined, null]) {
      const r = summarize(acc, L, { name: "m", truth, trueMtd: 1, metricNames: ["a", "b"], method: "monte-carlo", target: t });
      expect(r.accuracyIndex).toBeNull();
      expect(r.accuracyIndexSE).toBeNull();
      close(r.aboveMtd, 1 / 5, "P(above MTD): one trial selects dose 3");
    }
  });
});

describe("selectionAccuracy's nulls and zeros", () => {
  const selection = [0.2, 0.5, 0.2];
  it("a true MTD of -1 means no target: every statistic null, even with a target value passed", () => {
    expect(selectionAccuracy(truth, selection, -1, target, 100, true)).toEqual({ aboveMtd: null, aboveMtdSE: null, accuracyIndex: null, accuracyIndexSE: null });
  });
  it("every rate equal to the target: no accuracy index (0/0), P(above MTD) kept", () => {
    const got = selectionAccuracy([0.3, 0.3, 0.3], selection, 0, 0.3, 100, true);
    expect(got.accuracyIndex).toBeNull();
    expect(got.accuracyIndexSE).toBeNull();
    close(got.aboveMtd, 0.7, "P(above MTD) = 0.5 + 0.2");
    close(got.aboveMtdSE, Math.sqrt((0.7 * 0.3) / 100), "its SE");
  });
  it("no trials (w = 0): the Monte Carlo SEs are 0, never NaN (JSON-ready numbers), the estimates kept", () => {
    const got = selectionAccuracy(truth, selection, 1, target, 0, true);
    expect(got.aboveMtdSE).toBe(0);
    expect(got.accuracyIndexSE).toBe(0);
    close(got.aboveMtd, 0.2, "P(above MTD)");
    // 1 − 3·(0.15·0.2 + 0·0.5 + 0.15·0.2)/0.3 = 0.4
    close(got.accuracyIndex, 0.4, "accuracy index");
  });
});

describe("summarize: SEs at the edges of the weight", () => {
  it("exact results whose probabilities sum above 1 in floating point still carry SE 0", () => {
    const ws = [0.05, 0.55, 0.07, 0.1, 0.23];
    const { acc, L } = accumulate(trials, 1, ws);
    expect(acc[L.weight]).toBeGreaterThan(1); // 1.0000000000000002: the case this test is for
    const r = summarize(acc, L, { name: "x", truth, trueMtd: 1, metricNames: ["a", "b"], method: "exact" as Method, target });
    expect([...r.patientsSE, ...r.dltsSE, r.sampleSizeSE, r.totalDltsSE]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect([...r.selectionSE, r.noMtdSE, r.correctSelectionSE, r.aboveMtdSE, r.accuracyIndexSE]).toEqual([0, 0, 0, 0, 0, 0, 0]);
    // the SD is kept: totals 12, 15, 3, 12, 12 with those probabilities
    const tot = [12, 15, 3, 12, 12];
    const m = wmean(tot, ws);
    close(r.sampleSizeSD, Math.sqrt(wmean(tot.map((x) => (x - m) ** 2), ws)), "sample size SD", 1e-9);
  });
  it("no trials (an empty Monte Carlo accumulator): every SE 0, never NaN", () => {
    const L = layout(K, MAX_N, 2, true, false);
    const acc = new Float64Array(L.length);
    const r = summarize(acc, L, { name: "empty", truth, trueMtd: 1, metricNames: ["a", "b"], method: "monte-carlo", target });
    expect([...r.patientsSE, ...r.dltsSE, r.sampleSizeSE, r.totalDltsSE]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect([...r.selectionSE, r.noMtdSE, r.correctSelectionSE, r.aboveMtdSE, r.accuracyIndexSE]).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });
});
