/**
 * The nonparametric optimal benchmark (O'Quigley, Paoletti & Maccario 2002): exact selection
 * probabilities against test/reference/fixtures/optimal.json (computed independently, ties to the
 * lower dose) for the reference curve p = (0.05, 0.15, 0.3, 0.45, 0.6), target 0.3; and the Monte Carlo
 * pseudo-design against the exact computation.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { optimalExact } from "../../src/select/optimal-exact.js";
import { optimal, optimalParams } from "../../src/designs/optimal.js";
import { resolveParams } from "../../src/config/params.js";
import { simulateDesign } from "../../src/engine/simulate.js";
import { summarize } from "../../src/report/summary.js";
import { fixture } from "../helpers/fixtures.js";

const fx = fixture("optimal.json");

const truth = [0.05, 0.15, 0.3, 0.45, 0.6];

describe("optimalExact(truth, target, n)", () => {
  for (const c of fx.cases as { n: number; selection: number[] }[]) {
    it(`N = ${c.n} gives ${c.selection.join(" / ")} (fixtures/optimal.json)`, () => {
      const p = optimalExact(fx.truth, fx.target, c.n);
      c.selection.forEach((v, k) => expect(Math.abs(p[k] - v)).toBeLessThan(0.00005 + 1e-12));
    });
  }
  it("one patient: the selection is decided by which interval u falls in (hand-computed)", () => {
    // n = 1, target 0.3: p̂_k ∈ {0, 1}; 0 is closer to 0.3 than 1, so the lowest dose with
    // p̂ = 0 wins, and dose 1 is chosen unless u < 0.05 ... in which case every p̂ = 1 and dose 1 wins too.
    expect(optimalExact(truth, 0.3, 1)[0]).toBeCloseTo(1, 12);
    // target 0.7: p̂ = 1 is closer; the lowest dose with a DLT wins: P(d_k) = p_k − p_{k−1}, and u ≥ 0.6 gives all 0 → dose 1
    const q = optimalExact(truth, 0.7, 1);
    [0.05 + 0.4, 0.1, 0.15, 0.15, 0.15].forEach((v, k) => expect(q[k]).toBeCloseTo(v, 12));
  });
  it("probabilities sum to 1 and do not depend on the order the doses are listed in (fast-check)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 25 }), (ps, n) => {
        const p = optimalExact(ps, 0.3, n);
        expect(Math.abs(p.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9);
        expect(p.every((x) => x >= 0)).toBe(true);
      }),
      { seed: 42, numRuns: 60 },
    );
  });
});

describe("optimal pseudo-design (Monte Carlo) vs optimalExact", () => {
  for (const n of [30, 18]) {
    it(`N = ${n}: every dose's selection within 4 SE of the exact value (100,000 trials, seed 'opt-${n}')`, () => {
      const design = optimal(resolveParams(optimalParams, { target: 0.3, maxPatients: n }, "test", "design"), 5);
      const trials = 100000;
      const { runner, acc } = simulateDesign(design, { truth, trueMtd: 2 }, { trials, seed: `opt-${n}` });
      const r = summarize(acc, runner.layout, { name: "ref", truth, trueMtd: 2, metricNames: [], method: "monte-carlo" });
      const exact = optimalExact(truth, 0.3, n);
      for (let k = 0; k < 5; k++) {
        const se = Math.sqrt((exact[k] * (1 - exact[k])) / trials);
        expect(Math.abs(r.selection[k] - exact[k]), `dose ${k + 1}`).toBeLessThanOrEqual(4 * se + 1e-12);
      }
      expect(r.noMtd).toBe(0);
      // (escalationSize reads TrialState.escalationN; the accumulator's sampleSize sums the
      // per-dose counts, which counts a panel patient once per dose: reported to the lead.)
      expect(r.escalationSize).toBe(n);
      r.patients.forEach((x) => expect(x).toBe(n)); // every panel patient is observed at every dose
    });
  }
});
