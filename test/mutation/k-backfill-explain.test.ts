/**
 * The backfill open rule in words (`explainBackfill`, read by `doseladder next`): one line per
 * dose examined, the same scan as `backfillDose`. Hand-derived with BOIN's target-0.25
 * boundaries (lambda_e = 0.1968, lambda_d = 0.2984; R BOIN 2.7.2 get.boundary, Liu & Yuan 2015
 * Table 1) and the elimination rule Pr(p > 0.25 | y, n) > 0.95 under Beta(1, 1):
 * at n = 6, 3 DLTs (0.5 > 0.2984) de-escalate; Pr(p > 0.25 | 3/6) = 1 - I_0.25(4, 4) = 0.9294
 * (not eliminated); pooled with 0/3: 3/9 = 0.333, a de-escalation.
 */
import { describe, expect, it } from "vitest";
import { buildDesign, parseDesignConfig } from "../../src/config/load.js";
import { BackfillTrialState } from "../../src/model/pending.js";

const K = 4;
const design = (requireResponse: boolean, cap = 12) =>
  buildDesign(
    parseDesignConfig({ design: { type: "boin", target: 0.25, cohortSize: 3, nCohorts: 10 }, modifiers: [{ type: "backfill", cap, requireResponse }] }, "(test)"),
    K,
  );

function state(n: number[], y: number[], bn: number[], by: number[], enrolled: number[], responded: number[], cohortDose: number, done = 0, dlts = 0, eliminatedFrom = K) {
  const s = new BackfillTrialState(K, 0);
  s.reset(0);
  for (let d = 0; d < K; d++) {
    s.n[d] = n[d];
    s.y[d] = y[d];
    s.escalationN += n[d];
    s.backfill.n[d] = bn[d];
    s.backfill.y[d] = by[d];
    s.backfill.enrolled[d] = enrolled[d];
    s.backfill.responded[d] = responded[d];
  }
  s.current = cohortDose;
  s.backfill.cohortDose = cohortDose;
  s.backfill.cohortDone = done;
  s.backfill.cohortDlts = dlts;
  if (eliminatedFrom < K) s.eliminate(eliminatedFrom);
  return s;
}

describe("explainBackfill: the open rule dose by dose", () => {
  it("open doses, with their DLTs and patients against the cap; the highest is the answer", () => {
    const d = design(true);
    const s = state([3, 3, 0, 0], [0, 0, 0, 0], [2, 0, 0, 0], [0, 0, 0, 0], [2, 1, 0, 0], [1, 1, 0, 0], 2);
    expect(d.explainBackfill!(s)).toEqual(["dose 1: open (0/5 DLTs, 5 of 12 patients)", "dose 2: open (0/3 DLTs, 4 of 12 patients)"]);
    expect(d.backfillDose!(s)).toBe(1);
  });
  it("no response yet, and a full dose, are skipped; the scan goes on above them", () => {
    const d = design(true, 5);
    const s = state([3, 3, 0, 0], [0, 0, 0, 0], [2, 0, 0, 0], [0, 0, 0, 0], [2, 0, 0, 0], [1, 0, 0, 0], 2);
    expect(d.explainBackfill!(s)).toEqual(["dose 1: full (5 of 5 patients)", "dose 2: no response seen yet"]);
    expect(d.backfillDose!(s)).toBe(-1);
    // without the response condition dose 2 is open
    const free = design(false, 5);
    expect(free.explainBackfill!(s)).toEqual(["dose 1: full (5 of 5 patients)", "dose 2: open (0/3 DLTs, 3 of 5 patients)"]);
    expect(free.backfillDose!(s)).toBe(1);
  });
  it("a dose unsafe alone and pooled with the dose above closes itself and every dose above", () => {
    const d = design(true);
    const s = state([3, 3, 0, 0], [0, 0, 0, 0], [3, 0, 0, 0], [3, 0, 0, 0], [3, 0, 0, 0], [1, 1, 0, 0], 2);
    expect(d.explainBackfill!(s)).toEqual(["dose 1: closed, with every dose above it (3/6 DLTs, pooled with dose 2 3/9: de-escalation by the table)"]);
    expect(d.backfillDose!(s)).toBe(-1);
  });
  it("the cohort in progress counts in the pool of the dose just below it", () => {
    const d = design(true);
    // dose 2: 1/3 + backfill 1/3 = 2/6 (0.333, unsafe alone); with the cohort's known 0/3 at
    // dose 3 the pool is 2/9 (0.222, safe): open. Without them, dose 3 has nobody: 2/6, closed.
    const base = [[3, 3, 0, 0], [0, 1, 0, 0], [0, 3, 0, 0], [0, 1, 0, 0], [0, 3, 0, 0], [1, 1, 0, 0]] as const;
    const known = state(...(base.map((a) => [...a]) as [number[], number[], number[], number[], number[], number[]]), 2, 3, 0);
    expect(d.explainBackfill!(known)[1]).toBe("dose 2: open (2/6 DLTs, 6 of 12 patients)");
    const none = state(...(base.map((a) => [...a]) as [number[], number[], number[], number[], number[], number[]]), 2);
    expect(d.explainBackfill!(none)[1]).toBe("dose 2: closed, with every dose above it (2/6 DLTs, pooled with dose 3 2/6: de-escalation by the table)");
  });
  it("an eliminated dose ends the scan", () => {
    const d = design(false);
    const s = state([3, 3, 3, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], 3, 0, 0, 1);
    expect(d.explainBackfill!(s)).toEqual(["dose 1: open (0/3 DLTs, 3 of 12 patients)", "dose 2: eliminated"]);
    expect(d.backfillDose!(s)).toBe(0);
  });
});
