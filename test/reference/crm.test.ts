/**
 * CRM against dfcrm: getprior reference values (computed independently of dfcrm's code), the
 * posterior mean against a brute-force integral, and the head-to-head anchor
 * dfcrm::crmsim(PI = c(0.05, 0.15, 0.3, 0.45, 0.6), prior = getprior(0.05, 0.3, 3, 5),
 * target = 0.3, n = 30, x0 = 1, mcohort = 3, nsim = 1000, seed = 1009). The numbers and their
 * provenance are in test/reference/fixtures/crm.json. (The scenario's p.true is the BOIN package
 * example's; the Lin & Shih 3+3 row of fixtures/three-plus-three.json is reproduced by exactly that
 * curve, and so is the exact optimal benchmark row of fixtures/optimal.json, which confirms it.)
 */
import { describe, expect, it } from "vitest";
import { getprior } from "../../src/select/skeleton.js";
import { crm, crmParams, crmPosterior } from "../../src/designs/crm.js";
import { resolveParams } from "../../src/config/params.js";
import { simulateDesign } from "../../src/engine/simulate.js";
import { summarize } from "../../src/report/summary.js";
import { fixture } from "../helpers/fixtures.js";

const fx = fixture("crm.json");

describe("getprior (Lee & Cheung 2009; dfcrm::getprior)", () => {
  for (const c of fx.getprior.cases as { halfwidth: number; target: number; nu: number; nlevel: number; skeleton: number[] }[]) {
    it(`getprior(${c.halfwidth}, ${c.target}, ${c.nu}, ${c.nlevel}) matches the reference values to 1e-6`, () => {
      const s = getprior(c.halfwidth, c.target, c.nu, c.nlevel);
      c.skeleton.forEach((v, k) => expect(Math.abs(s[k] - v)).toBeLessThan(1e-6));
    });
  }
  it("getprior places the switch between adjacent doses at θ ± δ (empiric and logistic)", () => {
    for (const model of ["empiric", "logistic"] as const) {
      const s = getprior(0.04, 0.25, 2, 6, model, 3);
      const post = crmPosterior(s, 0.25, model, 3, 1.34);
      // find a where p_k(a) = θ + δ by bisection; there p_{k−1}(a) must be θ − δ
      for (let k = 1; k < 6; k++) {
        let lo = -10;
        let hi = 10;
        for (let i = 0; i < 200; i++) {
          const mid = (lo + hi) / 2;
          if (post.p(k, mid) > 0.29) lo = mid;
          else hi = mid;
        }
        expect(Math.abs(post.p(k - 1, lo) - 0.21)).toBeLessThan(1e-9);
      }
    }
  });
});

/** Brute-force posterior of a: composite Simpson, step 1e-3 over [−15, 15], log space. */
function bruteForce(skeleton: number[], n: number[], y: number[], variance: number, model: "empiric" | "logistic", aStar?: number) {
  const h = 1e-3;
  const steps = 30000;
  const logf: number[] = [];
  for (let i = 0; i <= steps; i++) {
    const a = -15 + i * h;
    let v = (-a * a) / (2 * variance);
    for (let k = 0; k < skeleton.length; k++) {
      const pk =
        model === "empiric" ? Math.pow(skeleton[k], Math.exp(a)) : 1 / (1 + Math.exp(-3 - Math.exp(a) * (Math.log(skeleton[k] / (1 - skeleton[k])) - 3)));
      if (y[k] > 0) v += y[k] * Math.log(pk);
      if (n[k] > y[k]) v += (n[k] - y[k]) * Math.log1p(-pk);
    }
    logf.push(v);
  }
  const max = Math.max(...logf.filter(Number.isFinite));
  let den = 0;
  let num = 0;
  let below = 0;
  for (let i = 0; i <= steps; i++) {
    const a = -15 + i * h;
    const wt = (i === 0 || i === steps ? 1 : i % 2 ? 4 : 2) * (h / 3);
    const f = Number.isFinite(logf[i]) ? Math.exp(logf[i] - max) : 0;
    den += wt * f;
    num += wt * a * f;
    if (aStar !== undefined && i > 0) {
      // trapezoid cell [a − h, a], the cell holding a* cut at a* (error O(h²))
      const fPrev = Number.isFinite(logf[i - 1]) ? Math.exp(logf[i - 1] - max) : 0;
      if (a <= aStar) below += (h * (fPrev + f)) / 2;
      else if (a - h < aStar) {
        const t = (aStar - (a - h)) / h;
        below += h * (t * fPrev + ((f - fPrev) * t * t) / 2);
      }
    }
  }
  return { mean: num / den, below: below / (den || 1) };
}

describe("CRM posterior mean by the design's quadrature vs a brute-force integral", () => {
  const skel = getprior(0.05, 0.3, 3, 5);
  const cases: { n: number[]; y: number[] }[] = [
    { n: [0, 0, 0, 0, 0], y: [0, 0, 0, 0, 0] },
    { n: [3, 0, 0, 0, 0], y: [0, 0, 0, 0, 0] },
    { n: [3, 3, 0, 0, 0], y: [0, 1, 0, 0, 0] },
    { n: [3, 6, 12, 6, 3], y: [0, 1, 3, 3, 2] },
    { n: [3, 0, 0, 0, 0], y: [3, 0, 0, 0, 0] },
    { n: [6, 9, 9, 6, 0], y: [0, 0, 0, 0, 0] },
    { n: [30, 0, 0, 0, 0], y: [12, 0, 0, 0, 0] },
    { n: [3, 3, 3, 3, 18], y: [0, 0, 0, 0, 15] },
  ];
  for (const model of ["empiric", "logistic"] as const) {
    // maxCount 30 uses the power tables; maxCount 0 the log-space path
    for (const maxCount of [30, 0]) {
      it(`${model} model, ${maxCount ? "power-table" : "log-space"} path: posterior mean within 1e-6 of the brute force`, () => {
        const post = crmPosterior(skel, 0.3, model, 3, 1.34, maxCount);
        for (const c of cases) {
          const bf = bruteForce(skel, c.n, c.y, 1.34, model);
          expect(Math.abs(post.posteriorMean(c.n, c.y) - bf.mean), `n=${c.n} y=${c.y}`).toBeLessThan(1e-6);
          expect(Math.abs(post.fit(c.n, c.y) - bf.mean)).toBeLessThan(1e-6);
        }
      });
    }
  }
  it("Pr(p1 > target | data) agrees with the brute-force integral to 5e-5", () => {
    const post = crmPosterior(skel, 0.3, "empiric", 3, 1.34, 30);
    const aStar = Math.log(Math.log(0.3) / Math.log(skel[0]));
    for (const c of cases) {
      const bf = bruteForce(skel, c.n, c.y, 1.34, "empiric", aStar);
      expect(Math.abs(post.probLowestAboveTarget(c.n, c.y) - bf.below), `n=${c.n} y=${c.y}`).toBeLessThan(5e-5);
    }
  });
  it("a prior-only posterior has mean 0 and Pr(p1 > θ) = Φ(a*/σ)", () => {
    const post = crmPosterior(skel, 0.3, "empiric", 3, 1.34, 30);
    expect(Math.abs(post.posteriorMean([0, 0, 0, 0, 0], [0, 0, 0, 0, 0]))).toBeLessThan(1e-12);
    // a* = log(log 0.3 / log 0.122529) = log(0.5737...) ≈ −0.5556; Φ(−0.5556/1.1576) ≈ 0.3157 (by hand, Φ(−0.48) ≈ 0.3156)
    expect(post.probLowestAboveTarget([0, 0, 0, 0, 0], [0, 0, 0, 0, 0])).toBeCloseTo(0.3157, 3);
  });
});

describe("CRM vs dfcrm::crmsim on the reference scenario", () => {
  const truth: number[] = fx.crmsim.truth;
  const R: { selection: number[]; patients: number[]; trials: number } = fx.crmsim;
  const build = (extra: Record<string, unknown>) =>
    crm(resolveParams(crmParams, { target: 0.3, maxPatients: 30, cohortSize: 3, priorMtd: 3, halfwidth: 0.05, safetyStop: false, ...extra }, "test", "design"), 5);
  it("selection and allocation agree within 3 combined standard errors (R: 1,000 trials; ours: 40,000, seed 'crm-anchor')", () => {
    const design = build({ allowUntriedMtd: true }); // dfcrm does not cap the final recommendation
    const trials = 40000;
    const { runner, acc } = simulateDesign(design, { truth, trueMtd: 2 }, { trials, seed: "crm-anchor" });
    const r = summarize(acc, runner.layout, { name: "ref", truth, trueMtd: 2, metricNames: [], method: "monte-carlo" });
    for (let k = 0; k < 5; k++) {
      const p = r.selection[k];
      // R's figures are themselves estimates from 1,000 trials: SE ≈ sqrt(p(1-p)/1000) (1.6 points at 57 %)
      const se = Math.sqrt((p * (1 - p)) / R.trials + r.selectionSE[k] ** 2);
      expect(Math.abs(p - R.selection[k]), `dose ${k + 1}: ours ${p}, dfcrm ${R.selection[k]}`).toBeLessThan(3 * se + 0.0005);
      // the SD of patients per dose, from our run, gives R's SE; R rounds to 0.1 (±0.05)
      const sd = r.patientsSE[k] * Math.sqrt(trials);
      const seN = Math.sqrt(sd ** 2 / R.trials + r.patientsSE[k] ** 2);
      expect(Math.abs(r.patients[k] - R.patients[k]), `patients at dose ${k + 1}`).toBeLessThan(3 * seN + 0.05);
    }
    expect(r.noMtd).toBe(0);
    expect(r.sampleSize).toBe(30);
  });
});
