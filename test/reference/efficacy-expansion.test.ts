/**
 * The efficacy expansion (src/efficacy/expansion-exact.ts) against an independent brute-force
 * enumeration (test/reference/fixtures/gen_efficacy_expansion.py: every patient sequence and every
 * pooled-response pattern, rules applied patient by patient), a patient-by-patient Monte Carlo
 * written here (raw and Rao-Blackwellised, within 4 SE of the exact values), properties, and the
 * config's validation messages.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ARM_FUTILITY_STOP,
  ARM_PASSED,
  armExact,
  expansionExact,
  expansionOverStates,
  type EfficacyExpansionConfig,
  type EfficacyTruth,
  type EscalationFinal,
  type FinalRule,
} from "../../src/efficacy/expansion-exact.js";
import { resolveEfficacyExpansion } from "../../src/designs/modifiers/efficacy-expansion.js";
import { jointCells, responseGivenDlt } from "../../src/model/joint.js";
import { posteriorExceeds } from "../../src/select/beta-tail.js";
import { streamFor } from "../../src/random/stream.js";
import fixture from "./fixtures/efficacy-expansion.json" with { type: "json" };

const fx = fixture;
const truth: EfficacyTruth = { tox: fx.truth.tox, response: fx.truth.response, association: { model: "odds-ratio", value: fx.truth.association.value } };
const final: EscalationFinal = fx.final;

function config(rule: FinalRule, over: Partial<EfficacyExpansionConfig> = {}): EfficacyExpansionConfig {
  const c = fx.config;
  return {
    doses: "mtd-and-below",
    allocation: "randomised",
    patientsPerDose: c.patientsPerDose,
    poolEscalation: true,
    efficacy: { rule: "futility", p0: c.p0, cutoff: c.futilityCutoff, priorA: 1, priorB: 1, minPatients: c.minPatients, every: c.lookEvery },
    toxicity: { monitor: true, limit: c.toxLimit, cutoff: c.toxCutoff, priorA: 1, priorB: 1, every: c.toxEvery, pooled: true },
    finalRule: rule,
    weights: [c.weights[0], c.weights[1], c.weights[2], c.weights[3]],
    delta: c.delta,
    responsePriorA: 1,
    responsePriorB: 1,
    ...over,
  };
}

describe("efficacy expansion: independent brute-force enumeration", () => {
  for (const [dose, want] of Object.entries(fx.arms)) {
    it(`arm at dose ${Number(dose) + 1}: status, expected patients and responders`, () => {
      const d = Number(dose);
      const a = armExact(config("highest-safe"), truth, d, final.n[d], final.y[d]);
      expect(a.status[ARM_PASSED]).toBeCloseTo(want.status.passed, 11);
      expect(a.status[1]).toBeCloseTo(want.status.tox, 11);
      expect(a.status[ARM_FUTILITY_STOP]).toBeCloseTo(want.status.futility, 11);
      expect(a.expectedPatients).toBeCloseTo(want.expectedPatients, 10);
      expect(a.expectedResponders).toBeCloseTo(want.expectedResponders, 10);
    });
  }
  for (const [rule, want] of Object.entries(fx.rules)) {
    it(`final rule ${rule}: P(recommended) per dose and none`, () => {
      const oc = expansionExact(config(rule as FinalRule), truth, final);
      expect(oc.recommended[1]).toBeCloseTo(want["1"], 11);
      expect(oc.recommended[0]).toBeCloseTo(want["0"], 11);
      expect(oc.none).toBeCloseTo(want.none, 11);
      expect(oc.recommended[2]).toBe(0);
    });
  }
});

// ---- an independent patient-by-patient simulation --------------------------------------------

function simulate(cfg: EfficacyExpansionConfig, f: EscalationFinal, u: () => number): number {
  const doses = f.mtd > 0 && cfg.doses === "mtd-and-below" ? [f.mtd, f.mtd - 1] : [f.mtd];
  const result: { pass: boolean; util: number; mean: number }[] = [];
  for (const d of doses) {
    const c = jointCells(truth.tox[d], truth.response[d], truth.association);
    const g = responseGivenDlt(truth.tox[d], truth.response[d], truth.association);
    const tot = [0, 0, 0, 0];
    for (let i = 0; i < f.n[d]; i++) {
      const dlt = i < f.y[d];
      const r = u() < (dlt ? g.withDlt : g.withoutDlt);
      tot[dlt ? (r ? 0 : 1) : r ? 2 : 3]++;
    }
    let pass = true;
    let eDlt = 0;
    for (let k = 1; k <= cfg.patientsPerDose; k++) {
      const x = u();
      const cell = x < c[0] ? 0 : x < c[0] + c[1] ? 1 : x < c[0] + c[1] + c[2] ? 2 : 3;
      tot[cell]++;
      if (cell < 2) eDlt++;
      if (k % cfg.toxicity.every === 0 && posteriorExceeds(eDlt + f.y[d], k + f.n[d], cfg.toxicity.limit, 1, 1) > cfg.toxicity.cutoff) { pass = false; break; }
      const e = cfg.efficacy;
      if (e.rule === "futility" && k >= e.minPatients && (k - e.minPatients) % e.every === 0 && posteriorExceeds(tot[0] + tot[2], k + f.n[d], e.p0, 1, 1) < e.cutoff) { pass = false; break; }
    }
    const N = tot[0] + tot[1] + tot[2] + tot[3];
    const w = cfg.weights;
    result.push({ pass, util: (w[0] * (tot[0] + 0.25) + w[1] * (tot[1] + 0.25) + w[2] * (tot[2] + 0.25) + w[3] * (tot[3] + 0.25)) / (N + 1), mean: (tot[0] + tot[2] + 1) / (N + 2) });
  }
  const [h, l] = result;
  if (!l) return h.pass ? doses[0] : -1;
  if (!h.pass) return l.pass ? doses[1] : -1;
  if (!l.pass) return doses[0];
  if (cfg.finalRule === "highest-safe") return doses[0];
  if (cfg.finalRule === "best-utility") return h.util > l.util + 1e-12 ? doses[0] : doses[1];
  return l.mean >= h.mean - cfg.delta - 1e-12 ? doses[1] : doses[0];
}

describe("efficacy expansion: Monte Carlo agrees with exact within 4 SE", () => {
  // a distribution of final escalation states
  const finals = [
    { state: { n: [3, 6, 6], y: [0, 1, 2], mtd: 1 }, weight: 0.5 },
    { state: { n: [6, 3, 0], y: [1, 2, 0], mtd: 0 }, weight: 0.2 },
    { state: { n: [3, 3, 6], y: [0, 0, 1], mtd: 2 }, weight: 0.3 },
  ];
  for (const rule of ["highest-safe", "best-utility", "lowest-within-delta"] as const) {
    it(`${rule}: raw simulation and the conditional (Rao-Blackwellised) estimate`, () => {
      const cfg = config(rule);
      const exact = expansionOverStates(cfg, truth, finals);
      const u = streamFor(`efficacy-${rule}`, 0);
      const T = 20_000;
      const conds = finals.map((x) => expansionExact(cfg, truth, x.state));
      const K = 3;
      const hits = new Float64Array(K);
      const rb = new Float64Array(K);
      const rb2 = new Float64Array(K);
      for (let t = 0; t < T; t++) {
        const x = u();
        const i = x < 0.5 ? 0 : x < 0.7 ? 1 : 2;
        const f = finals[i].state;
        const d = simulate(cfg, f, u);
        if (d >= 0) hits[d]++;
        const cond = conds[i];
        for (let j = 0; j < K; j++) {
          rb[j] += cond.recommended[j];
          rb2[j] += cond.recommended[j] ** 2;
        }
      }
      for (let j = 0; j < K; j++) {
        const p = hits[j] / T;
        const seRaw = Math.sqrt(Math.max(p * (1 - p), 1e-6) / T);
        expect(Math.abs(p - exact.recommended[j])).toBeLessThan(4 * seRaw);
        const m = rb[j] / T;
        const seRb = Math.sqrt(Math.max(rb2[j] / T - m * m, 0) / T) + 1e-12;
        expect(Math.abs(m - exact.recommended[j])).toBeLessThan(4 * seRb + 1e-12);
      }
    }, 60_000);
  }
});

describe("efficacy expansion: properties", () => {
  const prob = fc.double({ min: 0.01, max: 0.9, noNaN: true });
  const arb = fc.record({
    tox: fc.array(prob, { minLength: 3, maxLength: 3 }),
    resp: fc.array(prob, { minLength: 3, maxLength: 3 }),
    rule: fc.constantFrom<FinalRule>("highest-safe", "best-utility", "lowest-within-delta"),
    mtd: fc.integer({ min: 0, max: 2 }),
    n: fc.integer({ min: 0, max: 6 }),
    size: fc.integer({ min: 3, max: 8 }),
  });
  it("recommended + none sums to 1, stopped doses are never recommended beyond their pass probability, outside doses never", () => {
    fc.assert(
      fc.property(arb, (a) => {
        const t: EfficacyTruth = { tox: a.tox, response: a.resp, association: { model: "gumbel", value: 0.5 } };
        const f = { n: [a.n, a.n, a.n], y: [0, Math.floor(a.n / 3), Math.floor(a.n / 2)], mtd: a.mtd };
        const cfg = config(a.rule, { patientsPerDose: a.size, efficacy: { rule: "futility", p0: 0.2, cutoff: 0.1, priorA: 1, priorB: 1, minPatients: 3, every: 2 } });
        const oc = expansionExact(cfg, t, f);
        const sum = oc.recommended.reduce((s, x) => s + x, 0) + oc.none;
        expect(sum).toBeCloseTo(1, 10);
        for (let d = 0; d < 3; d++) {
          if (d !== a.mtd && d !== a.mtd - 1) expect(oc.recommended[d]).toBe(0);
          if (oc.expanded[d]) expect(oc.recommended[d]).toBeLessThanOrEqual(1 - oc.futilityStop[d] - oc.toxStop[d] + 1e-12);
        }
      }),
      { numRuns: 60 },
    );
  });
  it("with no response anywhere a futility rule never passes a dose (when its looks can reach the boundary)", () => {
    fc.assert(
      fc.property(arb, (a) => {
        const t: EfficacyTruth = { tox: a.tox, response: [0, 0, 0], association: { model: "independent", value: 0 } };
        const f = { n: [0, 0, 0], y: [0, 0, 0], mtd: a.mtd };
        // Pr(rate > 0.3 | 0 of 6, Beta(1, 1)) = 0.7^7 = 0.082 < 0.1: the look at 6 stops every arm still open
        const cfg = config(a.rule, { patientsPerDose: 6, efficacy: { rule: "futility", p0: 0.3, cutoff: 0.1, priorA: 1, priorB: 1, minPatients: 6, every: 1 } });
        const oc = expansionExact(cfg, t, f);
        expect(oc.none).toBeCloseTo(1, 12);
      }),
      { numRuns: 30 },
    );
  });
  it("raising every response probability never lowers P(the MTD arm passes futility)", () => {
    fc.assert(
      fc.property(arb, fc.double({ min: 0, max: 0.09, noNaN: true }), (a, up) => {
        const cfg = config(a.rule, { patientsPerDose: a.size, toxicity: { ...config("highest-safe").toxicity, monitor: false } });
        const lo = armExact(cfg, { tox: a.tox, response: a.resp, association: { model: "independent", value: 0 } }, a.mtd, a.n, 0);
        const hi = armExact(cfg, { tox: a.tox, response: a.resp.map((r) => r + up), association: { model: "independent", value: 0 } }, a.mtd, a.n, 0);
        expect(hi.status[ARM_PASSED]).toBeGreaterThanOrEqual(lo.status[ARM_PASSED] - 1e-12);
      }),
      { numRuns: 40 },
    );
  });
});

describe("efficacy expansion: config validation", () => {
  it("names the file and field", () => {
    expect(() => resolveEfficacyExpansion({ weights: [1, 0, 1] }, "d.json", "modifiers[1]")).toThrow("d.json: modifiers[1].weights: expected 4 utilities");
    expect(() => resolveEfficacyExpansion({ minPatients: 30, patientsPerDose: 10 }, "d.json", "modifiers[1]")).toThrow("d.json: modifiers[1].minPatients: 30 is more than patientsPerDose (10)");
    expect(() => resolveEfficacyExpansion({ efficacyRule: "simon", p0: 0.4, p1: 0.3 }, "d.json", "m")).toThrow("d.json: m.p1: must exceed p0");
    expect(() => resolveEfficacyExpansion({ finalRule: "best" }, "d.json", "m")).toThrow(/d\.json.*m\.finalRule/);
    expect(() => resolveEfficacyExpansion({ bogus: 1 }, "d.json", "m")).toThrow(/d\.json.*bogus/);
  });
  it("a Simon rule takes its stages from simon.ts (Simon 1989: p0 0.2, p1 0.4, alpha 0.05, power 0.8 optimal 3/13, 12/43)", () => {
    const c = resolveEfficacyExpansion({ efficacyRule: "simon", p0: 0.2, p1: 0.4 }, "d.json", "m");
    expect(c.efficacy).toEqual({ rule: "simon", r1: 3, n1: 13, r: 12, n: 43 });
    expect(c.poolEscalation).toBe(false);
  });
});
