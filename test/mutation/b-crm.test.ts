/**
 * CRM (O'Quigley, Pepe & Fisher 1990; dfcrm conventions) against numbers computed with the Python
 * standard library only (test/reference/fixtures/gen_crm_b.py → crm-b.json): the prior tail
 * Pr(p_1 > θ) = Φ(a_star / σ), which pins the prior variance σ² itself; posterior means and tails by
 * Simpson's rule for several σ² and both models; dfcrm's vague-prior step of two-stage designs;
 * and two count vectors that share a memo hash, which the memo must keep apart.
 */
import { describe, expect, it } from "vitest";
import { crm, crmParams, crmPosterior } from "../../src/designs/crm.js";
import { resolveParams } from "../../src/config/params.js";
import { TrialState } from "../../src/model/state.js";
import type { CrmModel } from "../../src/select/skeleton.js";
import { fixture } from "../helpers/fixtures.js";

interface PriorTail { model: CrmModel; priorVariance: number; aStar: number; probLowestAboveTarget: number }
interface Post { model: CrmModel; n: number[]; y: number[]; priorVariance: number; posteriorMean: number; probLowestAboveTarget: number; recommended: number }
interface Vague { model: CrmModel; n: number[]; y: number[]; vaguePosteriorMean: number; recommended: number }
interface Memo { n: number[]; y: number[]; posteriorMean: number; probLowestAboveTarget: number; selected: number }
const fx = fixture<{ skeleton: number[]; target: number; intercept: number; priorTail: PriorTail[]; posterior: Post[]; vague: Vague[]; memoCollision: Memo[] }>("crm-b.json");
const none = [0, 0, 0, 0, 0];

function stateWith(n: number[], y: number[]): TrialState {
  const s = new TrialState(n.length, 1);
  s.reset(0);
  n.forEach((m, d) => {
    if (m > 0) s.addCohort(d, m, y[d], false);
  });
  return s;
}

describe("CRM prior: Pr(p1 > θ) before any data is Φ(a*/σ) (fixtures/crm-b.json, math.erf)", () => {
  for (const c of fx.priorTail) {
    it(`${c.model}, σ² = ${c.priorVariance}: Φ(${c.aStar.toFixed(4)} / √${c.priorVariance}) = ${c.probLowestAboveTarget.toFixed(6)}`, () => {
      for (const maxCount of [0, 30]) {
        const post = crmPosterior(fx.skeleton, fx.target, c.model, fx.intercept, c.priorVariance, maxCount);
        expect(Math.abs(post.probLowestAboveTarget(none, none) - c.probLowestAboveTarget)).toBeLessThan(5e-7);
        expect(Math.abs(post.posteriorMean(none, none))).toBeLessThan(1e-12);
      }
    });
  }
});

describe("CRM posterior by prior variance, both models (fixtures/crm-b.json, Simpson's rule)", () => {
  for (const c of fx.posterior) {
    it(`${c.model}, σ² = ${c.priorVariance}, n = ${c.n.join(",")}, y = ${c.y.join(",")}: mean ${c.posteriorMean.toFixed(8)}, Pr(p1 > θ) ${c.probLowestAboveTarget.toFixed(5)}, dose ${c.recommended + 1}`, () => {
      // the tail's quadrature error is O(h³) in the design's grid step: about 3e-6 (empiric), 4e-5 (logistic)
      const tol = c.model === "empiric" ? 5e-6 : 6e-5;
      for (const maxCount of [0, 30]) {
        const post = crmPosterior(fx.skeleton, fx.target, c.model, fx.intercept, c.priorVariance, maxCount);
        expect(Math.abs(post.posteriorMean(c.n, c.y) - c.posteriorMean)).toBeLessThan(2e-9);
        expect(Math.abs(post.probLowestAboveTarget(c.n, c.y) - c.probLowestAboveTarget)).toBeLessThan(tol);
        expect(Math.abs(post.fit(c.n, c.y) - c.posteriorMean)).toBeLessThan(2e-9);
        expect(Math.abs(post.lastProb - c.probLowestAboveTarget)).toBeLessThan(tol);
        expect(post.recommend(post.posteriorMean(c.n, c.y))).toBe(c.recommended);
      }
    });
  }
});

describe("CRM two-stage vague prior (σ = 500) while every patient had a DLT (fixtures/crm-b.json)", () => {
  for (const c of fx.vague) {
    it(`${c.model}, n = ${c.n.join(",")} all DLTs: vague posterior mean ${c.vaguePosteriorMean.toFixed(5)} (dose ${c.recommended + 1})`, () => {
      // the design takes the likelihood below a = −10 as its value at −10 (the reference integrates it): 1e-4
      for (const maxCount of [0, 30]) {
        const post = crmPosterior(fx.skeleton, fx.target, c.model, fx.intercept, 1.34, maxCount);
        const m = post.posteriorMean(c.n, c.y, true);
        expect(Math.abs(m - c.vaguePosteriorMean)).toBeLessThan(1e-4);
        expect(post.recommend(m)).toBe(c.recommended);
      }
    });
  }
});

describe("CRM memo: two count vectors with the same hash are kept apart", () => {
  /** The memo's hash as crm.ts computes it (FNV-1a over the counts, MurmurHash3's fmix32, | 1): the premise of the test. */
  const hash = (n: number[], y: number[]): number => {
    let h = 0x811c9dc5 | 0;
    for (let k = 0; k < n.length; k++) {
      h = Math.imul(h ^ n[k], 16777619);
      h = Math.imul(h ^ y[k], 16777619);
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h | 1;
  };
  const [a, b] = fx.memoCollision;
  const build = () => crm(resolveParams(crmParams, { target: 0.3, maxPatients: 30, safetyStop: false }, "(test)", "design"), 5);

  it(`n = ${a.n.join(",")} / y = ${a.y.join(",")} (MTD dose ${a.selected + 1}) and n = ${b.n.join(",")} / y = ${b.y.join(",")} (dose ${b.selected + 1}), asked in either order`, () => {
    expect(hash(a.n, a.y)).toBe(hash(b.n, b.y));
    expect(a.selected).not.toBe(b.selected);
    for (const [first, second] of [[a, b], [b, a]]) {
      const d = build();
      const s1 = stateWith(first.n, first.y);
      const s2 = stateWith(second.n, second.y);
      expect(d.selectMtd(s1)).toBe(first.selected);
      expect(d.selectMtd(s2)).toBe(second.selected);
      // and again, now both are in the memo
      expect(d.selectMtd(s1)).toBe(first.selected);
      expect(d.selectMtd(s2)).toBe(second.selected);
    }
    expect(build().describe().skeleton).toEqual(fx.skeleton.map((v) => Number(v.toPrecision(6))));
  });
});

describe("crm.describe(): every protocol field, as the user wrote it (1-based doses), the skeleton to 6 digits", () => {
  const mk = (extra: Record<string, unknown>) => crm(resolveParams(crmParams, { target: 0.3, maxPatients: 30, ...extra }, "(test)", "design"), 5);
  it("empiric, one-stage, safety stop on (the defaults): the intercept is left out, the safety fields are in", () => {
    expect(mk({}).describe()).toEqual({
      type: "crm",
      target: 0.3,
      maxPatients: 30,
      cohortSize: 3,
      skeleton: [0.122529, 0.203956, 0.3, 0.401819, 0.501346],
      model: "empiric",
      priorVariance: 1.34,
      startDose: 1,
      restrict: true,
      initialDoses: [],
      safetyStop: true,
      safetyCutoff: 0.9,
      safetyMinPatients: 3,
      allowUntriedMtd: false,
    });
  });
  it("logistic, two-stage, safety stop off: the intercept is in, the safety fields are left out", () => {
    const d = mk({ model: "logistic", intercept: 3, skeleton: [0.05, 0.1, 0.2, 0.3, 0.5], safetyStop: false, startDose: 2, startup: "escalate-until-first-dlt", restrict: false, allowUntriedMtd: true, cohortSize: 2 });
    expect(d.describe()).toEqual({
      type: "crm",
      target: 0.3,
      maxPatients: 30,
      cohortSize: 2,
      skeleton: [0.05, 0.1, 0.2, 0.3, 0.5],
      model: "logistic",
      intercept: 3,
      priorVariance: 1.34,
      startDose: 2,
      restrict: false,
      initialDoses: [2, 3, 4, 5],
      safetyStop: false,
      allowUntriedMtd: true,
    });
    expect(d.type).toBe("crm");
    expect(d.startDose).toBe(1);
    expect(d.memSlots).toBe(1);
    expect(d.maxCohortSize).toBe(2);
    expect(d.maxPatients).toBe(30);
    expect(d.maxExpansionPatients).toBe(0);
    expect(d.metrics).toEqual([]);
  });
});

describe("crmPosterior: the logistic model's limits", () => {
  it("a skeleton value whose logit equals the intercept (x_k = 0, a flat dose) is rejected", () => {
    // logit(0.5) = 0 = intercept 0: x_k = 0 exactly, so p_k would not depend on a
    expect(() => crmPosterior([0.2, 0.5], 0.3, "logistic", 0, 1.34)).toThrow("intercept 0 is too small for the skeleton");
    expect(() => crmPosterior([0.2, 0.45], 0.3, "logistic", 0, 1.34)).not.toThrow();
  });

  it("a target above expit(c) can never be exceeded: Pr(p1 > 0.97) = 0 exactly (expit(3) = 0.9526)", () => {
    // p_1(a) = expit(3 + e^a x_1) < expit(3) for every a, as x_1 < 0
    const post = crmPosterior([0.5, 0.7, 0.9], 0.97, "logistic", 3, 1.34, 6);
    expect(post.probLowestAboveTarget([0, 0, 0], [0, 0, 0])).toBe(0);
    expect(post.probLowestAboveTarget([3, 3, 0], [3, 3, 0])).toBe(0);
    expect(post.fit([3, 3, 0], [3, 3, 0])).toBeGreaterThan(-10);
    expect(post.lastProb).toBe(0);
  });
});

describe("crmPosterior: data whose likelihood underflows (fixtures/crm-b.json)", () => {
  const fxu = fixture<{ skeleton: number[]; underflow: { n: number[]; y: number[]; posteriorMean: number; maxLogLikelihood: number }[] }>("crm-b.json");
  for (const c of fxu.underflow) {
    it(`n = ${c.n.join(",")}, y = ${c.y.join(",")} (likelihood at most e^${c.maxLogLikelihood.toFixed(0)}): posterior mean ${c.posteriorMean.toFixed(6)} from the power tables too`, () => {
      expect(c.maxLogLikelihood).toBeLessThan(Math.log(1e-250));
      // 600 patients make the posterior of a narrow (sd about 0.03) against the design's grid step 0.1, so the
      // trapezoid rule is only good to about 1e-3 here (it gives -0.88607); what matters is a finite, right answer
      for (const maxCount of [0, 300]) {
        const post = crmPosterior(fxu.skeleton, 0.3, "empiric", 3, 1.34, maxCount);
        expect(Math.abs(post.posteriorMean(c.n, c.y) - c.posteriorMean)).toBeLessThan(1e-3);
        expect(Math.abs(post.fit(c.n, c.y) - c.posteriorMean)).toBeLessThan(1e-3);
      }
    });
  }
});

describe("crm.selectMtd before any patient", () => {
  it("is -1 even with allowUntriedMtd (the prior alone recommends dose 3, which nobody received)", () => {
    const d = crm(resolveParams(crmParams, { target: 0.3, maxPatients: 30, allowUntriedMtd: true }, "(test)", "design"), 5);
    const s = new TrialState(5, 1);
    s.reset(0);
    expect(d.selectMtd(s)).toBe(-1);
  });
});

describe("crm restrict: the last cohort's DLT rate against the target, at the boundary", () => {
  const mk = (target: number, restrict: boolean) => crm(resolveParams(crmParams, { target, maxPatients: 30, safetyStop: false, restrict }, "(test)", "design"), 5);
  /** "1NNN 2NNT": 0/3 at dose 1, then 1/3 at dose 2 (the last cohort), replayed through the design. */
  const after1NNN2NNT = (d: ReturnType<typeof mk>) => {
    const s = new TrialState(5, d.memSlots);
    s.reset(d.startDose);
    for (const [dose, dlts] of [[0, 0], [1, 1]]) {
      const dec = d.decide(s);
      if (dec.writeSlot >= 0) s.mem[dec.writeSlot] = dec.writeValue;
      s.addCohort(dose, 3, dlts, false);
    }
    return s;
  };
  it("target 1/3: a last-cohort rate of exactly 1/3 is >= the target, so no escalation although the model points higher", () => {
    const free = mk(1 / 3, false).decide(after1NNN2NNT(mk(1 / 3, false))).dose;
    expect(free).toBeGreaterThan(1); // premise: unrestricted, the model escalates
    expect(mk(1 / 3, true).decide(after1NNN2NNT(mk(1 / 3, true))).dose).toBe(1);
  });
  it("target 0.5: 1/3 is below it, so one dose up is allowed (and no more, though the model points higher)", () => {
    const free = mk(0.5, false).decide(after1NNN2NNT(mk(0.5, false))).dose;
    expect(free).toBeGreaterThan(2); // premise
    expect(mk(0.5, true).decide(after1NNN2NNT(mk(0.5, true))).dose).toBe(2);
  });
});

describe("crm.selectMtd when the recommendation was never tried", () => {
  it("recommendation below every tried dose: the lowest tried dose (all estimates above the target, increasing with dose)", () => {
    // 3/3 at dose 3 and 3/3 at dose 4: the model recommends dose 1 or 2, which nobody received
    const mk = (allowUntriedMtd: boolean) => crm(resolveParams(crmParams, { target: 0.3, maxPatients: 30, safetyStop: false, allowUntriedMtd }, "(test)", "design"), 5);
    const s = stateWith([0, 0, 3, 3, 0], [0, 0, 3, 3, 0]);
    expect(mk(true).selectMtd(s)).toBeLessThan(2); // premise: the model's own choice is untried
    expect(mk(false).selectMtd(s)).toBe(2);
  });
});
