/**
 * Conformance (src/designs/check.ts) and fast-check properties for the crm and optimal designs:
 * every decision valid and repeatable, doses in range, no skipping on escalation, the selected
 * dose was tried, runs deterministic for a seed, and the memo inside the CRM changes nothing.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { crm, crmParams, crmPosterior, crmSkeleton } from "../../src/designs/crm.js";
import { optimal, optimalParams } from "../../src/designs/optimal.js";
import { resolveParams } from "../../src/config/params.js";
import { checkTrial } from "../../src/designs/check.js";
import { streamFor } from "../../src/random/stream.js";
import { TrialState } from "../../src/model/state.js";
import { Action } from "../../src/model/decision.js";
import { binomialCdf, drawFromCdf } from "../../src/random/binomial.js";
import { simulateDesign } from "../../src/engine/simulate.js";
import type { Design } from "../../src/designs/design.js";

/** A monotone truth curve of length k. */
const curve = (k: number) =>
  fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: k, maxLength: k }).map((xs) => [...xs].sort((a, b) => a - b));

const variants: Record<string, Record<string, unknown>> = {
  "one-stage, safety stop": {},
  "no safety stop, uncapped MTD off": { safetyStop: false },
  "two-stage escalate-until-first-dlt": { startup: "escalate-until-first-dlt" },
  "two-stage given sequence, start 2": { initialDoses: [2, 2, 3, 4], startDose: 2 },
  logistic: { model: "logistic" },
  "cohorts of 1, no restriction": { cohortSize: 1, maxPatients: 20, restrict: false },
  "given skeleton, target 0.25": { target: 0.25, skeleton: [0.05, 0.12, 0.25, 0.4] },
};
const crmOf = (extra: Record<string, unknown>, k = 4) =>
  crm(resolveParams(crmParams, { target: 0.3, maxPatients: 24, cohortSize: 3, ...extra }, "test", "design"), k);

/** Run one trial, returning the list of treated doses (in order) and the final state. */
function path(design: Design, truth: readonly number[], seed: string): { doses: number[]; state: TrialState } {
  const u = streamFor(seed, 0);
  const s = new TrialState(design.numDoses, design.memSlots);
  s.reset(design.startDose);
  const doses: number[] = [];
  for (;;) {
    const dec = design.decide(s);
    if (dec.eliminateFrom >= 0) s.eliminate(dec.eliminateFrom);
    if (dec.writeSlot >= 0) s.mem[dec.writeSlot] = dec.writeValue;
    if (dec.action === Action.Stop) break;
    doses.push(dec.dose);
    s.addCohort(dec.dose, dec.size, drawFromCdf(u(), binomialCdf(dec.size, truth[dec.dose])), false);
  }
  return { doses, state: s };
}

describe("crm conformance and properties", () => {
  for (const [name, extra] of Object.entries(variants)) {
    it(`checkTrial finds no violation (${name}; fast-check seed 7)`, () => {
      const design = crmOf(extra);
      fc.assert(
        fc.property(curve(4), fc.string({ maxLength: 6 }), (truth, seed) => {
          const { violations } = checkTrial(design, truth, streamFor(seed, 0));
          expect(violations).toEqual([]);
        }),
        { seed: 7, numRuns: 40 },
      );
    });
  }
  it("never escalates by more than one dose above the last cohort's dose, nor above the highest tried + 1 (fast-check seed 11)", () => {
    for (const extra of [variants["one-stage, safety stop"], variants.logistic, variants["two-stage escalate-until-first-dlt"]]) {
      const design = crmOf(extra, 6);
      fc.assert(
        fc.property(curve(6), fc.string({ maxLength: 6 }), (truth, seed) => {
          const { doses, state } = path(design, truth, seed);
          let highest = doses[0] ?? 0;
          for (let i = 1; i < doses.length; i++) {
            expect(doses[i]).toBeLessThanOrEqual(doses[i - 1] + 1);
            expect(doses[i]).toBeLessThanOrEqual(highest + 1);
            highest = Math.max(highest, doses[i]);
          }
          const m = design.selectMtd(state);
          if (m >= 0) expect(state.n[m]).toBeGreaterThan(0);
        }),
        { seed: 11, numRuns: 60 },
      );
    }
  });
  it("decisions agree with a memo-free posterior computed in log space (fast-check seed 5)", () => {
    const p = resolveParams(crmParams, { target: 0.3, maxPatients: 30, cohortSize: 3, restrict: false, safetyStop: false }, "test", "design");
    const design = crm(p, 5);
    const post = crmPosterior(crmSkeleton(p, 5), 0.3, "empiric", 3, 1.34, 0);
    const counts = fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 9 })), { minLength: 5, maxLength: 5 });
    fc.assert(
      fc.property(counts, fc.integer({ min: 0, max: 4 }), (cs, cur) => {
        const s = new TrialState(5, 1);
        s.reset(0);
        cs.forEach(([cohorts, yy], k) => {
          if (cohorts > 0) s.addCohort(k, 3 * cohorts, Math.min(yy, 3 * cohorts), false);
        });
        if (s.escalationN === 0 || s.escalationN + 3 > 30) return;
        s.current = cur;
        const expected = post.recommend(post.posteriorMean(s.n, s.y));
        // twice: the second call is answered from the memo
        expect(design.decide(s).dose).toBe(expected);
        expect(design.decide(s).dose).toBe(expected);
      }),
      { seed: 5, numRuns: 300 },
    );
  });
  it("a seed gives identical results, and a design reused after other runs (warm memo) equals a fresh one", () => {
    const truth = [0.05, 0.12, 0.3, 0.5];
    const fresh = () => crmOf({});
    const a = simulateDesign(fresh(), { truth, trueMtd: 2 }, { trials: 3000, seed: "det" }).acc;
    const warm = fresh();
    simulateDesign(warm, { truth: [0.3, 0.4, 0.5, 0.6], trueMtd: 0 }, { trials: 3000, seed: "other" });
    const b = simulateDesign(warm, { truth, trueMtd: 2 }, { trials: 3000, seed: "det" }).acc;
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});

describe("optimal conformance and properties", () => {
  const opt = (n: number, k: number) => optimal(resolveParams(optimalParams, { target: 0.3, maxPatients: n }, "test", "design"), k);
  it("checkTrial finds no violation; one panel, then stop; the selection is the closest empirical rate (fast-check seed 3)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 40 }), fc.string({ maxLength: 5 }), (k, n, seed) => {
        const design = opt(n, k);
        const truth = Array.from({ length: k }, (_, i) => (i + 1) / (k + 1));
        const { violations, state } = checkTrial(design, truth, streamFor(seed, 0));
        expect(violations).toEqual([]);
        expect(state.cohorts).toBe(1);
        expect(state.escalationN).toBe(n);
        const m = design.selectMtd(state);
        for (let d = 0; d < k; d++) {
          const dm = Math.abs(state.y[m] / n - 0.3);
          const dd = Math.abs(state.y[d] / n - 0.3);
          expect(dm).toBeLessThanOrEqual(dd + 1e-12);
          if (d < m) expect(dd).toBeGreaterThan(dm + 1e-13); // ties go to the lower dose
        }
      }),
      { seed: 3, numRuns: 100 },
    );
  });
  it("panel counts are nested: a monotone truth gives DLT counts that never decrease with dose", () => {
    fc.assert(
      fc.property(curve(5), fc.string({ maxLength: 5 }), (truth, seed) => {
        const { state } = checkTrial(opt(20, 5), truth, streamFor(seed, 0));
        for (let d = 1; d < 5; d++) expect(state.y[d]).toBeGreaterThanOrEqual(state.y[d - 1]);
      }),
      { seed: 9, numRuns: 50 },
    );
  });
});
