/** accuracy(results, target): averages over curves, checked against values computed by hand. */
import { describe, expect, it } from "vitest";
import { accuracy } from "../../src/report/accuracy.js";
import type { CurveResult } from "../../src/report/summary.js";

/** A minimal exact-style CurveResult (SEs zero). */
function result(truth: number[], selection: number[], patients: number[], noMtd = 0, trials = 0): CurveResult {
  const se = (p: number) => (trials ? Math.sqrt((p * (1 - p)) / trials) : 0);
  return {
    name: "c",
    truth,
    trueMtd: null,
    selection,
    selectionSE: selection.map(se),
    noMtd,
    noMtdSE: se(noMtd),
    correctSelection: null,
    correctSelectionSE: null,
    patients,
    patientsSE: patients.map(() => 0),
    dlts: patients.map(() => 0),
    dltsSE: patients.map(() => 0),
    expansionPatients: patients.map(() => 0),
    expansionDlts: patients.map(() => 0),
    sampleSize: patients.reduce((a, b) => a + b, 0),
    sampleSizeSE: 0,
    sampleSizeSD: 0,
    escalationSize: 0,
    sampleSizeDistribution: [],
    totalDlts: 0,
    totalDltsSE: 0,
    patientsAboveMtd: null,
    shareAboveMtd: null,
    aboveMtd: null,
    aboveMtdSE: null,
    accuracyIndex: null,
    accuracyIndexSE: null,
    stopReasons: {},
    metrics: {},
  };
}

describe("accuracy(results, target)", () => {
  // Curve A: truth (0.1, 0.3, 0.5), target 0.3 → MTD dose 2; |p − θ| = (0.2, 0, 0.2), Σ = 0.4.
  //   selection (0.2, 0.7, 0.1): PCS 0.7; within ±0.05: only dose 2 → 0.7; overdose: 0.1;
  //   A = 1 − 3·(0.2·0.2 + 0 + 0.2·0.1)/0.4 = 1 − 3·0.06/0.4 = 0.55.
  // Curve B: truth (0.05, 0.1, 0.28), MTD dose 3; |p − θ| = (0.25, 0.2, 0.02), Σ = 0.47.
  //   selection (0.1, 0.3, 0.5), no MTD 0.1: PCS 0.5; within: dose 3 → 0.5; overdose 0;
  //   A = 1 − 3·(0.025 + 0.06 + 0.01)/0.47 = 1 − 0.285/0.47 = 0.393617...
  const A = result([0.1, 0.3, 0.5], [0.2, 0.7, 0.1], [6, 12, 3]);
  const B = result([0.05, 0.1, 0.28], [0.1, 0.3, 0.5], [9, 9, 6], 0.1);
  const s = accuracy([A, B], 0.3);
  it("averages correct selection, within ±0.05, overdosing and no-MTD over the curves", () => {
    expect(s.curves).toBe(2);
    expect(s.correctSelection).toBeCloseTo((0.7 + 0.5) / 2, 12);
    expect(s.withinMargin).toBeCloseTo((0.7 + 0.5) / 2, 12);
    expect(s.overdoseSelection).toBeCloseTo((0.1 + 0) / 2, 12);
    expect(s.noMtd).toBeCloseTo(0.05, 12);
  });
  it("averages patients at the MTD (12 and 6) and above it (3 and 0)", () => {
    expect(s.patientsAtMtd).toBeCloseTo(9, 12);
    expect(s.patientsAboveMtd).toBeCloseTo(1.5, 12);
  });
  it("computes Cheung's accuracy index per curve and averages it", () => {
    expect(s.accuracyIndex).toBeCloseTo((0.55 + (1 - 0.285 / 0.47)) / 2, 12);
  });
  it("has zero standard errors for exact results and positive ones for Monte Carlo results", () => {
    expect(s.correctSelectionSE).toBe(0);
    const mc = accuracy([result([0.1, 0.3, 0.5], [0.2, 0.7, 0.1], [6, 12, 3], 0, 1000)], 0.3);
    // one curve: SE of PCS = sqrt(0.7·0.3/1000)
    expect(mc.correctSelectionSE).toBeCloseTo(Math.sqrt(0.21 / 1000), 9);
    // index SE: (K/Σd)·sd(d of selected dose)/sqrt(w); d-values 0.2 w.p. 0.3, 0 w.p. 0.7: mean 0.06, E[d²] 0.012, var 0.0084
    expect(mc.accuracyIndexSE).toBeCloseTo((3 / 0.4) * Math.sqrt(0.0084 / 1000), 9);
  });
  it("a design that always picks the true MTD has index 1 and PCS 1", () => {
    const perfect = accuracy([result([0.1, 0.3, 0.5], [0, 1, 0], [0, 10, 0])], 0.3);
    expect(perfect.accuracyIndex).toBeCloseTo(1, 12);
    expect(perfect.correctSelection).toBe(1);
  });
  it("counts a dose within the margin even when it is not the MTD (margin inclusive)", () => {
    const r = accuracy([result([0.26, 0.3, 0.35], [0.5, 0.2, 0.3], [1, 1, 1])], 0.3);
    expect(r.withinMargin).toBeCloseTo(1, 12);
    expect(r.correctSelection).toBeCloseTo(0.2, 12);
  });
  it("throws on an empty list", () => expect(() => accuracy([], 0.3)).toThrow(/no curves/));
});
