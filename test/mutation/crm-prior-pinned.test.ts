/**
 * CRM: the posterior mean of a under the N(0, σ²) prior, for several prior variances σ² and both
 * models, against scipy.integrate.quad (test/reference/fixtures/crm-posterior-mean.json), and the
 * prior variance's effect on the recommendation.
 */
import { describe, expect, it } from "vitest";
import { crm, crmParams, crmPosterior } from "../../src/designs/crm.js";
import { resolveParams } from "../../src/config/params.js";
import { TrialState } from "../../src/model/state.js";
import { fixture } from "../helpers/fixtures.js";

interface Case {
  model: "empiric" | "logistic";
  n: number[];
  y: number[];
  priorVariance: number;
  posteriorMean: number;
}
const fx = fixture<{ skeleton: number[]; target: number; cases: Case[] }>("crm-posterior-mean.json");

function stateWith(n: number[], y: number[], current: number): TrialState {
  const s = new TrialState(n.length, 1);
  s.reset(0);
  n.forEach((m, d) => {
    if (m > 0) s.addCohort(d, m, y[d], false);
  });
  s.current = current;
  return s;
}

describe("CRM posterior mean of a against quadrature, by prior variance", () => {
  for (const c of fx.cases) {
    it(`${c.model}, σ² = ${c.priorVariance}, n = ${c.n.join(",")}, y = ${c.y.join(",")}: ${c.posteriorMean.toFixed(8)}`, () => {
      for (const maxCount of [0, 12]) {
        const post = crmPosterior(fx.skeleton, fx.target, c.model, 3, c.priorVariance, maxCount);
        expect(Math.abs(post.posteriorMean(c.n, c.y) - c.posteriorMean)).toBeLessThan(1e-9);
        expect(Math.abs(post.fit(c.n, c.y) - c.posteriorMean)).toBeLessThan(1e-9);
      }
    });
  }

  it("the prior variance changes the recommendation: 2/6 at dose 2 gives dose 2 under σ² = 1.34 and dose 3 under σ² = 0.5", () => {
    const pick = (v: number) => fx.cases.find((c) => c.model === "empiric" && c.n.join() === "3,6,0,0,0" && c.priorVariance === v)!.posteriorMean;
    const closest = (a: number) => {
      const d = fx.skeleton.map((s) => Math.abs(s ** Math.exp(a) - fx.target));
      return d.indexOf(Math.min(...d));
    };
    expect(closest(pick(1.34))).toBe(1);
    expect(closest(pick(0.5))).toBe(2);
    const build = (priorVariance: number) =>
      crm(resolveParams(crmParams, { target: 0.3, maxPatients: 30, skeleton: fx.skeleton, priorVariance, allowUntriedMtd: true, safetyStop: false }, "(test)", "design"), 5);
    const s = stateWith([3, 6, 0, 0, 0], [0, 2, 0, 0, 0], 1);
    expect(build(1.34).selectMtd(s)).toBe(1);
    expect(build(0.5).selectMtd(s)).toBe(2);
    expect(build(0.5).describe().priorVariance).toBe(0.5);
    // by default the untried recommendation falls back to the closest tried dose
    const tried = crm(resolveParams(crmParams, { target: 0.3, maxPatients: 30, skeleton: fx.skeleton, priorVariance: 0.5, safetyStop: false }, "(test)", "design"), 5);
    expect(tried.selectMtd(s)).toBe(1);
  });
});
