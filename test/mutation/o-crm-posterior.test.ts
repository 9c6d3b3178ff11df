/**
 * crmPosterior (src/designs/crm.ts lines 1-350) paths pinned against numbers computed independently with the
 * Python standard library (test/reference/fixtures/gen_crm_o.py -> crm-o.json: Simpson-rule posteriors on [-10, 10],
 * the normal tail in closed form). Issue 10, item 11, part O.
 *
 * The power tables are a speed device: a posterior from them needs only multiplications, no Math.exp (the header of
 * crmPosterior says so). When they are wrong in a way that gives zero or NaN products, the underflow guard sends the
 * case to the log-space path, which gives the same numbers; so the tables' code is pinned here by that documented
 * property (no Math.exp call during a fit whose counts fit the tables) besides the values.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { crmPosterior } from "../../src/designs/crm.js";
import { fixture } from "../helpers/fixtures.js";

interface Post { n: number[]; y: number[]; posteriorMean: number; probLowestAboveTarget: number }
const fx = fixture<{
  skeleton: number[];
  target: number;
  tables: Post;
  tablesTop: Post;
  lowStar: { skeleton: number[]; target: number; priorVariance: number; aStar: number; probLowestAboveTarget: number; simpson: number };
  noStar: Post & { skeleton: number[]; target: number; intercept: number; aStar: null };
  weighted: Post & { dose: number[]; weight: number[] };
}>("crm-o.json");

afterEach(() => {
  vi.restoreAllMocks();
});

/** Math.exp calls made by `f`. */
function expCalls(f: () => void): number {
  const spy = vi.spyOn(Math, "exp");
  f();
  const calls = spy.mock.calls.length;
  spy.mockRestore();
  return calls;
}

describe("crmPosterior's power tables: a fit within the tables' counts needs no Math.exp, and gives the reference posterior (fixtures/crm-o.json)", () => {
  for (const t of [fx.tables, fx.tablesTop]) {
    it(`n = ${t.n.join(",")}, y = ${t.y.join(",")}: mean ${t.posteriorMean.toFixed(6)}, Pr(p1 > θ) ${t.probLowestAboveTarget.toFixed(6)}`, () => {
      // counts up to 3 (= maxCount 3, the tables' last column), with DLTs and DLT-free patients above the first dose and at the top dose
      for (const maxCount of [3, 4, 30]) {
        const post = crmPosterior(fx.skeleton, fx.target, "empiric", 3, 1.34, maxCount);
        let mean = NaN;
        expect(expCalls(() => (mean = post.fit(t.n, t.y)))).toBe(0);
        expect(Math.abs(mean - t.posteriorMean)).toBeLessThan(1e-6);
        expect(Math.abs(post.lastProb - t.probLowestAboveTarget)).toBeLessThan(1.5e-5);
        expect(expCalls(() => (mean = post.posteriorMean(t.n, t.y)))).toBe(0);
        expect(Math.abs(mean - t.posteriorMean)).toBeLessThan(1e-6);
      }
    });
  }
  const t = fx.tables;
  it("counts above the tables (maxCount 2 < 3) or no tables (maxCount 0) take the log-space path: one Math.exp per grid point at least, the same posterior", () => {
    for (const maxCount of [0, 2]) {
      const post = crmPosterior(fx.skeleton, fx.target, "empiric", 3, 1.34, maxCount);
      let mean = NaN;
      expect(expCalls(() => (mean = post.fit(t.n, t.y)))).toBeGreaterThanOrEqual(post.grid.length);
      expect(Math.abs(mean - t.posteriorMean)).toBeLessThan(1e-6);
      expect(Math.abs(post.lastProb - t.probLowestAboveTarget)).toBeLessThan(1.5e-5);
    }
  });
  it("the logistic model's tables too: no Math.exp within the counts", () => {
    const post = crmPosterior(fx.skeleton, fx.target, "logistic", 3, 1.34, 3);
    expect(expCalls(() => post.fit(t.n, t.y))).toBe(0);
  });
});

describe("crmPosterior: a* = −∞ (logistic, target above 1 / (1 + e^−c)): Pr(p1 > θ) = 0 exactly (fixtures/crm-o.json)", () => {
  const c = fx.noStar;
  it(`intercept ${c.intercept}, target ${c.target}: p1(a) < 0.731 < 0.8 for every a; mean ${c.posteriorMean.toFixed(6)}`, () => {
    expect(c.aStar).toBeNull();
    for (const maxCount of [0, 3]) {
      const post = crmPosterior(c.skeleton, c.target, "logistic", c.intercept, 1.34, maxCount);
      expect(post.probLowestAboveTarget(c.n, c.y)).toBe(0);
      expect(Math.abs(post.fit(c.n, c.y) - c.posteriorMean)).toBeLessThan(1e-6);
      expect(post.lastProb).toBe(0);
    }
  });
});

describe("crmPosterior: a* between the grid's second and third points under σ² = 100 (fixtures/crm-o.json)", () => {
  const e = fx.lowStar;
  it(`a* = ${e.aStar.toFixed(4)}: Pr(p1 > θ) = ${e.probLowestAboveTarget.toFixed(6)} (closed form of the truncated normal)`, () => {
    // premise: the design's own a* is the generator's
    expect(Math.abs(Math.log(Math.log(e.target) / Math.log(e.skeleton[0])) - e.aStar)).toBeLessThan(1e-12);
    expect(Math.abs(e.simpson - e.probLowestAboveTarget)).toBeLessThan(1e-12);
    for (const maxCount of [0, 3]) {
      const post = crmPosterior(e.skeleton, e.target, "empiric", 3, e.priorVariance, maxCount);
      // the trapezoid total over [−10, 10] is off by about 5e-4 relative for this wide prior
      expect(Math.abs(post.probLowestAboveTarget([0, 0, 0, 0, 0], [0, 0, 0, 0, 0]) - e.probLowestAboveTarget)).toBeLessThan(1e-5);
    }
  });
});

describe("crmPosterior.fitWeighted reads only the m listed patients (fixtures/crm-o.json)", () => {
  const c = fx.weighted;
  it(`3 DLT-free at dose 1, 2 at dose 2 of whom one weighs 0.5: mean ${c.posteriorMean.toFixed(6)}`, () => {
    const post = crmPosterior(fx.skeleton, fx.target, "empiric", 3, 1.34, 30);
    // scratch arrays longer than m (as TITE-CRM's are): the entries after the first must be ignored
    const dose = Int32Array.from([...c.dose, 0, 0]);
    const weight = Float64Array.from([...c.weight, 0.9, 0.9]);
    expect(Math.abs(post.fitWeighted(c.n, c.y, 1, dose, weight) - c.posteriorMean)).toBeLessThan(1e-6);
    expect(Math.abs(post.lastProb - c.probLowestAboveTarget)).toBeLessThan(1.5e-5);
  });
});
