/**
 * TITE-CRM's adaptive weights at tied DLT times (src/designs/tite-crm.ts, titeWeights). dfcrm's
 * titecrm (dfcrm 0.2-2.1, R/dfcrm.R, scheme "adaptive") counts m = length(support[support <=
 * followup]) with support the sorted DLT follow-ups, so a pending patient followed exactly as long
 * as tied DLT times counts all of them; the weight is
 *   u / s_1 / (z + 1) if m = 0; (z + (u − s_z)/(1 − s_z)) / (z + 1) if m = z;
 *   (m + (u − s_m)/(s_{m+1} − s_m)) / (z + 1) otherwise
 * (Cheung & Chappell 2000, times standardized by the window). At a single DLT time the weight is
 * continuous, so `<=` and `<` agree; at tied times it jumps, and only dfcrm's `<=` gives the values
 * below. Expected weights are worked by hand from that formula (each case's arithmetic is in its
 * comment); with integer days (dfcrm's usual data) ties are common.
 */
import { describe, expect, it } from "vitest";
import { resolveParams } from "../../src/config/params.js";
import { titeCrm, titeCrmParams, titeWeights } from "../../src/designs/tite-crm.js";
import { PendingTrialState } from "../../src/model/pending.js";

const K = 5;

function pendingView(followUps: readonly number[], dltTimes: readonly number[]): PendingTrialState {
  const s = new PendingTrialState(K, 1);
  s.reset(0);
  for (const u of followUps) s.addPending(0, u);
  for (const t of dltTimes) s.addDltTime(t);
  return s;
}

function weightsOf(followUps: readonly number[], dltTimes: readonly number[]): number[] {
  const out = new Float64Array(8).fill(-1);
  titeWeights(pendingView(followUps, dltTimes).pending, true, out, new Float64Array(8));
  return Array.from(out.subarray(0, followUps.length));
}

describe("titeWeights, adaptive, at DLT times (dfcrm's m = #{s_j <= u})", () => {
  it("a single DLT time: the weight is continuous there (the same value from either side's formula)", () => {
    // z = 2, s = (0.2, 0.6): u = 0.2 gives m = 1, (1 + 0/0.4)/3 = 1/3 (= 0.2/0.2/3 from the left);
    // u = 0.6 gives m = 2 = z, (2 + 0/0.4)/3 = 2/3 (= (1 + 0.4/0.4)/3 from the left)
    const w = weightsOf([0.2, 0.6], [0.6, 0.2]);
    expect(Math.abs(w[0] - 1 / 3)).toBeLessThan(1e-15);
    expect(Math.abs(w[1] - 2 / 3)).toBeLessThan(1e-15);
  });
  it("two tied DLT times, follow-up equal to them: m = z = 2, w = 2/3 (not 1/3, the limit from below)", () => {
    // s = (0.3, 0.3), u = 0.3: m = 2 = z, (2 + (0.3 − 0.3)/(1 − 0.3))/3 = 2/3; just below, u/0.3/3 -> 1/3
    const w = weightsOf([0.3, 0.3 - 1e-9], [0.3, 0.3]);
    expect(Math.abs(w[0] - 2 / 3)).toBeLessThan(1e-15);
    expect(Math.abs(w[1] - (0.3 - 1e-9) / 0.3 / 3)).toBeLessThan(1e-15);
  });
  it("tied times at the top of three: m = z = 3, w = 3/4", () => {
    // s = (0.2, 0.4, 0.4) (given unsorted), u = 0.4: m = 3 = z, (3 + 0/0.6)/4 = 3/4
    const w = weightsOf([0.4], [0.4, 0.2, 0.4]);
    expect(Math.abs(w[0] - 3 / 4)).toBeLessThan(1e-15);
  });
  it("tied times in the middle of four: m = 3, w = 3/5; past them, the next interval", () => {
    // s = (0.1, 0.5, 0.5, 0.8), u = 0.5: m = 3, (3 + (0.5 − 0.5)/(0.8 − 0.5))/5 = 3/5;
    // u = 0.65: m = 3, (3 + 0.15/0.3)/5 = 0.7; u = 0.3: m = 1, (1 + 0.2/0.4)/5 = 0.3
    const w = weightsOf([0.5, 0.65, 0.3], [0.5, 0.8, 0.1, 0.5]);
    expect(Math.abs(w[0] - 3 / 5)).toBeLessThan(1e-15);
    expect(Math.abs(w[1] - 0.7)).toBeLessThan(1e-12);
    expect(Math.abs(w[2] - 0.3)).toBeLessThan(1e-12);
  });
  it("integer days (window 30): two DLTs at day 10 and a patient followed 10 days without one: the design shows w = 0.667", () => {
    const p = resolveParams(titeCrmParams, { target: 0.3, maxPatients: 30, cohortSize: 1, weights: "adaptive" }, "(m)", "design");
    const T = titeCrm(p, K);
    const s = pendingView([], [10 / 30, 10 / 30]);
    s.addCohort(0, 3, 2, false);
    s.addPending(0, 10 / 30);
    s.n[0]++;
    s.escalationN++;
    s.current = 0;
    const text = T.explain!(s);
    expect(text).toContain("adaptive weights (Cheung & Chappell 2000) from 2 observed DLT time(s)");
    expect(text).toContain("dose 1 followed 0.333 of the window: w = 0.667");
  });
});
