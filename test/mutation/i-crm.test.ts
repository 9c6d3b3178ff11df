/**
 * CRM (src/designs/crm.ts) rules pinned one at a time by numbers computed independently with the Python
 * standard library (test/reference/fixtures/gen_crm_i.py → crm-i.json: Simpson-rule posteriors, dfcrm's
 * two-stage vague prior, and the decision and selection rules re-implemented from their documentation), or
 * by hand where the arithmetic is given in a comment. Issue 10, item 11, part I.
 */
import { describe, expect, it } from "vitest";
import { crm, crmParams, crmPosterior, normalCdf } from "../../src/designs/crm.js";
import { resolveParams } from "../../src/config/params.js";
import { TrialState } from "../../src/model/state.js";
import { say } from "../helpers/build.js";
import { fixture } from "../helpers/fixtures.js";

interface DecisionCase {
  name: string;
  config: Record<string, unknown>;
  n: number[];
  y: number[];
  current: number;
  lastCohortDlts: number;
  eliminatedFrom: number;
  known: boolean;
  posteriorMean: number;
  probLowestAboveTarget: number;
  recommended: number;
  gap: number;
  decision: { dose?: number; stop?: string };
  vagueMean?: number;
  vagueRecommended?: number;
}
interface SelectionCase {
  name: string;
  n: number[];
  y: number[];
  eliminatedFrom: number;
  allowUntriedMtd: boolean;
  posteriorMean: number;
  ptox: number[];
  recommended: number;
  selected: number;
}
interface TailCase { skeleton: number[]; target: number; priorVariance: number; aStar: number; n: number[]; y: number[]; posteriorMean: number; probLowestAboveTarget: number }
const fx = fixture<{ skeleton: number[]; target: number; decisions: DecisionCase[]; selections: SelectionCase[]; tails: TailCase[]; normalCdf: { z: number; cdf: number }[] }>("crm-i.json");

const K = 5;
const build = (raw: Record<string, unknown>) => crm(resolveParams(crmParams, raw, "(test)", "design"), K);

/**
 * A state with counts (n, y), the last cohort at `current` with `lastCohortDlts` of its DLTs, and the
 * memory slot a treat decision writes (dose · (N + 1) + the DLTs at that dose before the cohort); with
 * `known` false the slot names another dose (the cohort was given elsewhere than the design said).
 */
function stateOf(c: { n: number[]; y: number[]; current: number; lastCohortDlts: number; eliminatedFrom: number; known: boolean }, N: number): TrialState {
  const s = new TrialState(K, 1);
  s.reset(0);
  c.n.forEach((m, d) => {
    if (m > 0 && d !== c.current) s.addCohort(d, m, c.y[d], false);
  });
  s.addCohort(c.current, c.n[c.current], c.y[c.current], false);
  const slotDose = c.known ? c.current : (c.current + 1) % K;
  s.mem[0] = slotDose * (N + 1) + (c.known ? c.y[c.current] - c.lastCohortDlts : 0);
  if (c.eliminatedFrom < K) s.eliminate(c.eliminatedFrom);
  return s;
}

const expected = (c: DecisionCase, size: number) => (c.decision.stop !== undefined ? `stop: ${c.decision.stop}` : `treat ${size} at ${c.decision.dose! + 1}`);

describe("crm.decide on states that reach one rule each (fixtures/crm-i.json)", () => {
  for (const c of fx.decisions) {
    it(`${c.name}: ${expected(c, c.config.cohortSize as number)}`, () => {
      const d = build(c.config);
      const s = stateOf(c, c.config.maxPatients as number);
      expect(say(d.decide(s))).toBe(expected(c, c.config.cohortSize as number));
      // premise: the recommendation is far from a tie (the design's trapezoid grid cannot flip it)
      expect(c.gap).toBeGreaterThan(1e-3);
    });
  }
});

describe("crm two-stage: dfcrm's vague prior only while every patient had a DLT", () => {
  const mixed = fx.decisions.find((c) => c.name.startsWith("two-stage 1N 2N 3T"))!;
  const allTox = fx.decisions.find((c) => c.name.startsWith("two-stage from dose 3, 3T"))!;
  it("premises: the two priors recommend different doses in both cases", () => {
    expect(mixed.recommended).toBe(1);
    expect(mixed.vagueRecommended).toBe(0);
    expect(allTox.recommended).toBe(0);
    expect(allTox.vagueRecommended).toBe(2);
  });
});

describe("crm.selectMtd with eliminated or untried doses (fixtures/crm-i.json)", () => {
  for (const c of fx.selections) {
    it(`${c.name}: dose ${c.selected + 1}`, () => {
      const d = build({ target: fx.target, maxPatients: 30, safetyStop: false, allowUntriedMtd: c.allowUntriedMtd });
      const s = new TrialState(K, 1);
      s.reset(0);
      c.n.forEach((m, k) => {
        if (m > 0) s.addCohort(k, m, c.y[k], false);
      });
      if (c.eliminatedFrom < K) s.eliminate(c.eliminatedFrom);
      expect(d.selectMtd(s)).toBe(c.selected);
      // premise: the recommendation from all the data is not selectable as it stands (eliminated or untried)
      expect(c.recommended >= c.eliminatedFrom || c.n[c.recommended] === 0).toBe(true);
    });
  }
});

describe("crmPosterior: Pr(p1 > θ) when a* lies near the ends of the grid [−10, 10] (fixtures/crm-i.json)", () => {
  for (const c of fx.tails) {
    it(`a* = ${c.aStar.toFixed(2)}, σ² = ${c.priorVariance}, n = ${c.n.join(",")}, y = ${c.y.join(",")}: ${c.probLowestAboveTarget.toPrecision(6)}`, () => {
      for (const maxCount of [0, 3]) {
        const post = crmPosterior(c.skeleton, c.target, "empiric", 3, c.priorVariance, maxCount);
        // within 0.1 of an end the design takes 0 or 1 (the mass between is below 1e-16 at σ² = 1.34);
        // further in, the quadrature error is O(h³), here at most 8e-6, while the density at a_0 = −10
        // taken without its trapezoid half-weight would move the tail by 4e-5 or more (at a* = −9.87,
        // t = 0.3 of a step past a_1; at t = 0.5 the quadratic piece's weight on f(a_0) happens to vanish)
        expect(Math.abs(post.probLowestAboveTarget(c.n, c.y) - c.probLowestAboveTarget)).toBeLessThan(1.5e-5);
        // the mean: the trapezoid rule on a skewed posterior (σ² = 100 with 3/3 at dose 1) is good to about 5e-5
        expect(Math.abs(post.fit(c.n, c.y) - c.posteriorMean)).toBeLessThan(c.priorVariance > 10 ? 1e-4 : 1e-6);
        expect(Math.abs(post.lastProb - c.probLowestAboveTarget)).toBeLessThan(1.5e-5);
      }
    });
  }
});

describe("crmPosterior: counts above the power tables' maxCount fall back to log space (fixtures/crm-b.json)", () => {
  const fxb = fixture<{ skeleton: number[]; target: number; intercept: number; posterior: { model: "empiric" | "logistic"; n: number[]; y: number[]; priorVariance: number; posteriorMean: number; probLowestAboveTarget: number }[] }>("crm-b.json");
  for (const c of fxb.posterior.filter((q) => q.priorVariance === 1.34)) {
    it(`${c.model}, n = ${c.n.join(",")}, y = ${c.y.join(",")} with maxCount 1, 2 and exactly max(n)`, () => {
      for (const maxCount of [1, 2, Math.max(...c.n)]) {
        const post = crmPosterior(fxb.skeleton, fxb.target, c.model, fxb.intercept, c.priorVariance, maxCount);
        expect(Math.abs(post.posteriorMean(c.n, c.y) - c.posteriorMean)).toBeLessThan(2e-9);
        expect(Math.abs(post.fit(c.n, c.y) - c.posteriorMean)).toBeLessThan(2e-9);
      }
    });
  }
});

describe("normalCdf, the Φ(−10/500) of the vague prior's tail (fixtures/crm-i.json, math.erf)", () => {
  for (const c of fx.normalCdf) {
    it(`Φ(${c.z}) = ${c.cdf}`, () => {
      expect(Math.abs(normalCdf(c.z) - c.cdf)).toBeLessThan(1e-15);
    });
  }
});

describe("ties between two doses equally far from the target: the lower dose, as dfcrm (which.min)", () => {
  // exp(log 0.25) = 0.25 and exp(log 0.75) = 0.75 exactly in doubles, so at a = 0 (p_k = s_k) both doses are
  // exactly 0.25 from the target 0.5
  it("recommend(0) with skeleton 0.25, 0.75 and target 0.5 is dose 1", () => {
    const post = crmPosterior([0.25, 0.75], 0.5, "empiric", 3, 1.34);
    expect(post.p(0, 0)).toBe(0.25);
    expect(post.p(1, 0)).toBe(0.75);
    expect(post.recommend(0)).toBe(0);
  });
  it("the final selection's fallback among tried doses: 0.25 and 0.75 tried, 0.6 (the recommendation) untried: dose 1", () => {
    // a fit override (what TITE-CRM supplies) with posterior mean exactly 0: the estimates are the skeleton
    const override = { fit: () => true, mean: 0, prob: 0 };
    const d = crm(resolveParams(crmParams, { target: 0.5, maxPatients: 12, skeleton: [0.25, 0.6, 0.75], safetyStop: false }, "(test)", "design"), 3, override);
    const s = new TrialState(3, 1);
    s.reset(0);
    s.addCohort(0, 3, 0, false);
    s.addCohort(2, 3, 3, false);
    expect(d.selectMtd(s)).toBe(0);
    // premise: with dose 2 tried the recommendation itself (|0.6 − 0.5| = 0.1) is selected
    s.addCohort(1, 3, 1, false);
    expect(d.selectMtd(s)).toBe(1);
  });
});

describe("crmPosterior.posteriorMean with the vague prior (σ = 500), all-DLT and mixed data (fixtures/crm-i.json)", () => {
  for (const c of fx.decisions.filter((q) => q.vagueMean !== undefined)) {
    const allTox = c.n.every((m, k) => m === c.y[k]);
    const dlts = c.y.reduce((a, b) => a + b, 0);
    it(`${c.name}: ${c.vagueMean!.toFixed(6)}`, () => {
      // all DLTs: the design takes the likelihood below −10 as its value at −10 (the reference integrates it): 1e-4.
      // Mixed data: the likelihood vanishes below −10 and the design adds no tail; the reference's tail there is
      // below 1e-8 of the mean with a DLT-free patient at dose 1 and a DLT at dose 3, about 1e-4 with one
      // DLT-free patient only (1 − p_1(a) ≈ e^a |log s_1| decays slowly against the flat prior).
      const tol = allTox ? 1e-4 : dlts > 0 ? 1e-6 : 2e-4;
      for (const maxCount of [0, 20]) {
        const post = crmPosterior(fx.skeleton, fx.target, "empiric", 3, 1.34, maxCount);
        expect(Math.abs(post.posteriorMean(c.n, c.y, true) - c.vagueMean!)).toBeLessThan(tol);
        expect(Math.abs(post.posteriorMean(c.n, c.y) - c.posteriorMean)).toBeLessThan(1e-9);
      }
    });
  }
});
