/**
 * The efficacy expansion's exact arms and final rules (src/efficacy/expansion-exact.ts) for the options
 * the reference test (efficacy-expansion.test.ts) leaves at one setting, against the depth-first brute
 * force of test/reference/fixtures/gen_efficacy_q.py (every pooled escalation response pattern and every
 * expansion patient enumerated, rules applied patient by patient, SciPy's Beta tails): pooling on or off,
 * toxicity data all or expansion only, monitoring off, no efficacy rule, Simon stages (also n1 = n),
 * priors other than Beta(1, 1), one arm or none; and hand-worked cases for the true optimal dose, the
 * "better" dose, the size limit and the ties.
 */
import { describe, expect, it } from "vitest";
import {
  ARM_FAILED,
  ARM_FUTILITY_STOP,
  ARM_PASSED,
  ARM_TOX_STOP,
  armExact,
  armSize,
  expansionDoses,
  expansionExact,
  expansionOverStates,
  optimalBiologicalDose,
  trueBetter,
  trueUtility,
  type EfficacyExpansionConfig,
  type EfficacyTruth,
  type EscalationFinal,
} from "../../src/efficacy/expansion-exact.js";
import { fixture } from "../helpers/fixtures.js";

interface Want {
  arms: Record<string, { status: number[]; expectedPatients: number; expectedResponders: number; expectedDlts: number }>;
  recommended: number[];
  none: number;
  twoDoses: number;
  better: number;
  obd: number;
}
interface Case {
  name: string;
  config: EfficacyExpansionConfig;
  truth: { tox: number[]; response: number[]; psi: number | null };
  final: EscalationFinal;
  want: Want;
}
const fx = fixture("efficacy-q.json") as { cases: Case[] };
const truthOf = (t: Case["truth"]): EfficacyTruth => ({
  tox: t.tox,
  response: t.response,
  association: t.psi === null ? { model: "independent", value: 0 } : { model: "odds-ratio", value: t.psi },
});

describe("expansion options against the brute force (gen_efficacy_q.py)", () => {
  for (const c of fx.cases) {
    it(c.name, () => {
      const truth = truthOf(c.truth);
      for (const [dose, w] of Object.entries(c.want.arms)) {
        const d = Number(dose);
        const a = armExact(c.config, truth, d, c.final.n[d], c.final.y[d]);
        expect(a.dose).toBe(d);
        [ARM_PASSED, ARM_TOX_STOP, ARM_FUTILITY_STOP, ARM_FAILED].forEach((st) => expect(a.status[st], `dose ${d} status ${st}`).toBeCloseTo(w.status[st], 11));
        expect(a.expectedPatients, `dose ${d} patients`).toBeCloseTo(w.expectedPatients, 10);
        expect(a.expectedResponders, `dose ${d} responders`).toBeCloseTo(w.expectedResponders, 10);
        expect(a.expectedDlts, `dose ${d} DLTs`).toBeCloseTo(w.expectedDlts, 10);
        // the passing outcomes' statistics are sorted and their probabilities sum to P(passed)
        for (let i = 1; i < a.passStats.length; i++) expect(a.passStats[i]).toBeGreaterThanOrEqual(a.passStats[i - 1]);
        expect(a.passProbs.reduce((s, p) => s + p, 0)).toBeCloseTo(w.status[ARM_PASSED], 11);
      }
      const oc = expansionExact(c.config, truth, c.final);
      c.want.recommended.forEach((p, d) => expect(oc.recommended[d], `recommended[${d}]`).toBeCloseTo(p, 11));
      expect(oc.none).toBeCloseTo(c.want.none, 11);
      expect(oc.twoDoses).toBe(c.want.twoDoses);
      expect(oc.better).toBeCloseTo(c.want.better, 11);
      for (let d = 0; d < c.truth.tox.length; d++) {
        const w = c.want.arms[String(d)];
        expect(oc.expanded[d], `expanded[${d}]`).toBe(w ? 1 : 0);
        expect(oc.futilityStop[d]).toBeCloseTo(w ? w.status[ARM_FUTILITY_STOP] : 0, 11);
        expect(oc.toxStop[d]).toBeCloseTo(w ? w.status[ARM_TOX_STOP] : 0, 11);
        expect(oc.patients[d]).toBeCloseTo(w ? w.expectedPatients : 0, 10);
        expect(oc.responders[d]).toBeCloseTo(w ? w.expectedResponders : 0, 10);
      }
      expect(optimalBiologicalDose(c.config, truth)).toBe(c.want.obd);
    });
  }

  it("over a distribution of final states: the weighted sums, with states that differ only in n or y at an expansion dose kept apart", () => {
    const same = fx.cases.filter((c) => c.name === "pooled efficacy and toxicity data, Beta(0.5, 1.5) priors, lowest-within-delta" || c.name.startsWith("pooled, lowest-within-delta"));
    expect(same).toHaveLength(3);
    const weights = [0.5, 0.3, 0.2];
    const truth = truthOf(same[0].truth);
    const got = expansionOverStates(same[0].config, truth, [...same.map((c, i) => ({ state: c.final, weight: weights[i] / 2 })), ...same.map((c, i) => ({ state: c.final, weight: weights[i] / 2 }))]);
    const sum = (f: (w: Want) => number) => same.reduce((s, c, i) => s + weights[i] * f(c.want), 0);
    for (let d = 0; d < 3; d++) {
      expect(got.recommended[d]).toBeCloseTo(sum((w) => w.recommended[d]), 11);
      expect(got.futilityStop[d]).toBeCloseTo(sum((w) => w.arms[String(d)]?.status[ARM_FUTILITY_STOP] ?? 0), 11);
      expect(got.toxStop[d]).toBeCloseTo(sum((w) => w.arms[String(d)]?.status[ARM_TOX_STOP] ?? 0), 11);
      expect(got.patients[d]).toBeCloseTo(sum((w) => w.arms[String(d)]?.expectedPatients ?? 0), 10);
      expect(got.responders[d]).toBeCloseTo(sum((w) => w.arms[String(d)]?.expectedResponders ?? 0), 10);
      expect(got.expanded[d]).toBeCloseTo(sum((w) => (w.arms[String(d)] ? 1 : 0)), 12);
    }
    expect(got.none).toBeCloseTo(sum((w) => w.none), 11);
    expect(got.twoDoses).toBeCloseTo(1, 12);
    expect(got.better).toBeCloseTo(sum((w) => w.better), 11);
    expect(got.obd).toBe(1);
    expect(got.pObd).toBeCloseTo(sum((w) => w.recommended[1]), 11);
  });

  it("over states with no MTD and an unsafe truth: no optimal dose, P(optimal) = P(no dose)", () => {
    const c = fx.cases.find((x) => x.name === "no MTD: no arm")!;
    const truth: EfficacyTruth = { tox: [0.3, 0.4, 0.5], response: c.truth.response, association: { model: "independent", value: 0 } };
    const got = expansionOverStates(c.config, truth, [{ state: c.final, weight: 1 }]);
    expect(got.none).toBe(1);
    expect(got.twoDoses).toBe(0);
    expect(got.obd).toBe(-1);
    expect(got.pObd).toBe(1);
  });
});

describe("hand-worked cases", () => {
  const base = fx.cases[0].config;
  const cfg = (over: Partial<EfficacyExpansionConfig>): EfficacyExpansionConfig => ({ ...base, ...over });
  const ind = (tox: number[], response: number[]): EfficacyTruth => ({ tox, response, association: { model: "independent", value: 0 } });

  it("armSize: the Simon n, else patientsPerDose; expansionDoses: highest first, none without an MTD", () => {
    expect(armSize(cfg({ patientsPerDose: 7 }))).toBe(7);
    expect(armSize(cfg({ patientsPerDose: 7, efficacy: { rule: "simon", n1: 3, r1: 0, n: 9, r: 2 } }))).toBe(9);
    expect(expansionDoses(cfg({ doses: "mtd-and-below" }), 2)).toEqual([2, 1]);
    expect(expansionDoses(cfg({ doses: "mtd-and-below" }), 0)).toEqual([0]);
    expect(expansionDoses(cfg({ doses: "mtd" }), 2)).toEqual([2]);
    expect(expansionDoses(cfg({ doses: "mtd" }), -1)).toEqual([]);
    expect(expansionDoses(cfg({ doses: "mtd-and-below" }), -1)).toEqual([]);
  });

  it("at most 127 patients at a dose: 120 + 7 is computed, 121 + 7 refused", () => {
    const c = cfg({ patientsPerDose: 7, efficacy: { rule: "none" }, toxicity: { ...base.toxicity, monitor: false }, poolEscalation: false });
    const t = ind([0.1, 0.2, 0.3], [0.2, 0.3, 0.4]);
    expect(armExact(c, t, 0, 120, 10).status[ARM_PASSED]).toBeCloseTo(1, 12);
    expect(() => armExact(c, t, 0, 121, 10)).toThrow("efficacy expansion: more than 127 patients at one dose");
  });

  it("with neither rule, every arm passes with its patients and responders known: E = size, size·pR, size·pT", () => {
    const c = cfg({ patientsPerDose: 4, efficacy: { rule: "none" }, toxicity: { ...base.toxicity, monitor: false } });
    const a = armExact(c, ind([0.1, 0.2, 0.3], [0.2, 0.3, 0.4]), 1, 6, 1);
    expect(a.status[ARM_PASSED]).toBeCloseTo(1, 12);
    expect(a.expectedPatients).toBeCloseTo(4, 12);
    expect(a.expectedResponders).toBeCloseTo(1.2, 12);
    expect(a.expectedDlts).toBeCloseTo(0.8, 12);
  });

  it("trueUtility: Σ w_c·cell_c; with independence at pT 0.2, pR 0.5: 0.7·0.1 + 0.1·0.1 + 1·0.4 + 0.3·0.4 = 0.6", () => {
    expect(trueUtility(cfg({}), ind([0.2], [0.5]), 0)).toBeCloseTo(0.6, 14);
  });

  it("trueBetter: highest-safe takes the higher dose; best-utility the higher only when its utility is larger; lowest-within-delta the lower when within delta", () => {
    const t = ind([0.1, 0.2], [0.3, 0.5]);
    // utilities (weights 0.7, 0.1, 1, 0.3): dose 1: 0.7·0.03 + 0.1·0.07 + 0.27 + 0.3·0.63 = 0.487; dose 2: 0.6
    expect(trueBetter(cfg({ finalRule: "highest-safe" }), t, 1, 0)).toBe(1);
    expect(trueBetter(cfg({ finalRule: "best-utility" }), t, 1, 0)).toBe(1);
    expect(trueBetter(cfg({ finalRule: "best-utility", weights: [0, 0, 0, 1] }), t, 1, 0)).toBe(0); // 0.63 > 0.4
    // equal utilities: the lower dose
    expect(trueBetter(cfg({ finalRule: "best-utility", weights: [1, 1, 1, 1] }), t, 1, 0)).toBe(0);
    // 0.3 vs 0.5 - 0.15 = 0.35: the higher; delta 0.2: 0.3 >= 0.3, the lower (at equality)
    expect(trueBetter(cfg({ finalRule: "lowest-within-delta" }), t, 1, 0)).toBe(1);
    expect(trueBetter(cfg({ finalRule: "lowest-within-delta", delta: 0.2 }), t, 1, 0)).toBe(0);
    // optimalRule overrides the final rule
    expect(trueBetter(cfg({ finalRule: "highest-safe", optimalRule: "lowest-within-delta", delta: 0.2 }), t, 1, 0)).toBe(0);
    expect(trueBetter(cfg({ finalRule: "lowest-within-delta", delta: 0.2, optimalRule: "highest-safe" }), t, 1, 0)).toBe(1);
  });

  it("optimalBiologicalDose: admissible up to the limit (inclusive), then the rule; -1 when none is admissible", () => {
    const t = ind([0.05, 0.15, 0.25, 0.4], [0.2, 0.45, 0.5, 0.7]);
    // limit 0.25: doses 1-3 admissible (0.25 <= 0.25)
    expect(optimalBiologicalDose(cfg({ finalRule: "highest-safe" }), t)).toBe(2);
    expect(optimalBiologicalDose(cfg({ finalRule: "highest-safe", toxicity: { ...base.toxicity, limit: 0.2 } }), t)).toBe(1);
    // lowest within 0.15 of the best admissible response 0.5: 0.45 (dose 2); delta 0.3: dose 1 (0.2 >= 0.2)
    expect(optimalBiologicalDose(cfg({ finalRule: "lowest-within-delta" }), t)).toBe(1);
    expect(optimalBiologicalDose(cfg({ finalRule: "lowest-within-delta", delta: 0.3 }), t)).toBe(0);
    // best utility: response-only weight 1, others 0: (1 - pT)·pR = 0.19, 0.3825, 0.375: dose 2
    expect(optimalBiologicalDose(cfg({ finalRule: "best-utility", weights: [0, 0, 1, 0] }), t)).toBe(1);
    // neither-weight only: (1 - pT)(1 - pR) = 0.76, 0.4675, 0.375: dose 1 (the first, kept unless beaten)
    expect(optimalBiologicalDose(cfg({ finalRule: "best-utility", weights: [0, 0, 0, 1] }), t)).toBe(0);
    // all equal utilities: the lowest admissible
    expect(optimalBiologicalDose(cfg({ finalRule: "best-utility", weights: [1, 1, 1, 1] }), t)).toBe(0);
    expect(optimalBiologicalDose(cfg({ finalRule: "best-utility", optimalRule: "highest-safe" }), t)).toBe(2);
    expect(optimalBiologicalDose(cfg({}), ind([0.3, 0.4], [0.5, 0.6]))).toBe(-1);
  });

  it("a tie in the final rule's statistic goes to the lower dose (both arms pass with the same data)", () => {
    // no monitoring, no pooling, identical truths at both doses: each arm's statistic has the same distribution,
    // and P(H's stat <= L's) = 1/2 + P(tie)/2 > 1/2 for best-utility; lowest-within-delta with delta 0 likewise
    const t = ind([0.2, 0.2], [0.5, 0.5]);
    const c = cfg({ patientsPerDose: 1, poolEscalation: false, efficacy: { rule: "none" }, toxicity: { ...base.toxicity, monitor: false } });
    const f = { n: [0, 0], y: [0, 0], mtd: 1 };
    // one patient per arm, cells (independent) 0.1, 0.1, 0.4, 0.4; best-utility weights 0.7, 0.1, 1, 0.3:
    // stats (w_c + 0.25·Σw) / 2 = (w_c + 0.525) / 2; L wins when w_H <= w_L: Σ over pairs with w_H <= w_L of p_H·p_L
    const p = [0.1, 0.1, 0.4, 0.4];
    const w = [0.7, 0.1, 1, 0.3];
    let lo = 0;
    for (let h = 0; h < 4; h++) for (let l = 0; l < 4; l++) if (w[h] <= w[l]) lo += p[h] * p[l];
    const oc = expansionExact(cfg({ ...c, finalRule: "best-utility" }), t, f);
    expect(oc.recommended[0]).toBeCloseTo(lo, 12);
    expect(oc.recommended[1]).toBeCloseTo(1 - lo, 12);
    // lowest-within-delta, delta 0: L wins when resp_L >= resp_H: 1 - P(H responds, L not) = 1 - 0.5·0.5
    const oc2 = expansionExact(cfg({ ...c, finalRule: "lowest-within-delta", delta: 0 }), t, f);
    expect(oc2.recommended[0]).toBeCloseTo(0.75, 12);
    expect(oc2.recommended[1]).toBeCloseTo(0.25, 12);
  });
});

describe("hand-worked boundaries: exact cutoffs, the 1e-12 tolerances, an arm of size 0, the memo of final states", () => {
  const base = fx.cases[0].config;
  const cfg = (over: Partial<EfficacyExpansionConfig>): EfficacyExpansionConfig => ({ ...base, ...over });
  const ind = (tox: number[], response: number[]): EfficacyTruth => ({ tox, response, association: { model: "independent", value: 0 } });
  const quiet = { ...base.toxicity, monitor: false };

  it("toxicity: a posterior exactly at the cutoff does not stop (Pr(rate > 0.25 | 1 DLT of 1, Beta(1, 1)) = 1 - 0.25² = 0.9375)", () => {
    // one patient, a look after every patient on expansion data only; a DLT gives Beta(2, 1): 1 - 0.25^2 = 0.9375 exactly
    const tox = { monitor: true, limit: 0.25, cutoff: 0.9375, priorA: 1, priorB: 1, every: 1, pooled: false };
    const c = cfg({ patientsPerDose: 1, poolEscalation: false, efficacy: { rule: "none" }, toxicity: tox });
    const t = ind([0.3], [0.4]);
    const at = armExact(c, t, 0, 3, 1);
    expect(at.status[ARM_PASSED]).toBeCloseTo(1, 12);
    expect(at.status[ARM_TOX_STOP]).toBe(0);
    // just below the cutoff the same DLT stops the arm: P(stop) = pT = 0.3
    const below = armExact(cfg({ ...c, toxicity: { ...tox, cutoff: 0.93 } }), t, 0, 3, 1);
    expect(below.status[ARM_TOX_STOP]).toBeCloseTo(0.3, 12);
    expect(below.status[ARM_PASSED]).toBeCloseTo(0.7, 12);
  });

  it("futility: a posterior exactly at the cutoff is not futile (a responder: Pr(rate > 0.25 | 1 of 1, Beta(1, 1)) = 0.9375)", () => {
    // a non-responder gives Beta(1, 2): 0.75^2 = 0.5625 < 0.9375, futile either way
    const c = cfg({ patientsPerDose: 1, poolEscalation: false, toxicity: quiet, efficacy: { rule: "futility", p0: 0.25, cutoff: 0.9375, priorA: 1, priorB: 1, minPatients: 1, every: 1 } });
    const a = armExact(c, ind([0.2], [0.4]), 0, 3, 0);
    expect(a.status[ARM_PASSED]).toBeCloseTo(0.4, 12);
    expect(a.status[ARM_FUTILITY_STOP]).toBeCloseTo(0.6, 12);
  });

  it("an arm of size 0 (patientsPerDose 0, only through the API): it passes with no patient, its statistic from the pooled escalation data", () => {
    // pooled n0 = 2 without DLT, independent pR = 0.5: responders Bin(2, 0.5); posterior mean (r + 0.5) / (2 + 2)
    const c = cfg({ patientsPerDose: 0, efficacy: { rule: "none" }, toxicity: quiet, finalRule: "lowest-within-delta" });
    const a = armExact(c, ind([0.2], [0.5]), 0, 2, 0);
    expect(a.status[ARM_PASSED]).toBeCloseTo(1, 12);
    expect(a.expectedPatients).toBe(0);
    expect(a.expectedResponders).toBe(0);
    expect(Array.from(a.passStats)).toEqual([0.125, 0.375, 0.625]);
    expect(Array.from(a.passProbs)).toEqual([0.25, 0.5, 0.25]);
  });

  it("the pair walk: H's statistic exactly at L's + delta + 1e-12 counts as within delta (delta found by a search over doubles)", () => {
    // one patient per arm, Beta(1, 1) response prior: statistics 1/3 (no response) and 2/3 (response);
    // with delta 0.3333333333323333, 1/3 + delta + 1e-12 is 2/3 in double arithmetic, so every pair is within delta
    const delta = 0.3333333333323333;
    expect((0 + 1) / (1 + 1 + 1) + delta + 1e-12).toBe((1 + 1) / (1 + 1 + 1));
    const c = cfg({ patientsPerDose: 1, poolEscalation: false, efficacy: { rule: "none" }, toxicity: quiet, finalRule: "lowest-within-delta", delta, responsePriorA: 1, responsePriorB: 1 });
    const oc = expansionExact(c, ind([0.2, 0.2], [0.5, 0.5]), { n: [0, 0], y: [0, 0], mtd: 1 });
    expect(oc.recommended[0]).toBeCloseTo(1, 12);
    expect(oc.recommended[1]).toBeCloseTo(0, 12);
  });

  it("the 1e-12 tolerances: a difference of exactly 1e-12 is a tie (utility and response go to the lower dose; a DLT rate of limit + 1e-12 is admissible)", () => {
    // pT = 0: the response-only cell is pR, so with weights [0, 0, 1, 0] the utility is pR itself
    const u = ind([0, 0], [0.25, 0.25 + 1e-12]);
    const bu = cfg({ finalRule: "best-utility", weights: [0, 0, 1, 0] });
    expect(trueUtility(bu, u, 1)).toBe(trueUtility(bu, u, 0) + 1e-12);
    expect(trueBetter(bu, u, 1, 0)).toBe(0);
    expect(optimalBiologicalDose(bu, u)).toBe(0);
    // response 0.5 - 0.25 - 1e-12 at the lower dose, delta 0.25: within delta
    const r = ind([0.1, 0.1], [0.5 - 0.25 - 1e-12, 0.5]);
    expect(trueBetter(cfg({ finalRule: "lowest-within-delta", delta: 0.25 }), r, 1, 0)).toBe(0);
    // limit 0.25: a DLT rate of 0.25 + 1e-12 is admissible, so the highest safe dose is dose 2
    expect(optimalBiologicalDose(cfg({ finalRule: "highest-safe" }), ind([0.1, 0.25 + 1e-12], [0.2, 0.3]))).toBe(1);
  });

  it("over final states whose n, y would read alike without the separators (101,0 and 10,10; 20,1|23,0 and 20,12|3,0) are kept apart; P(optimal dose) at dose 1", () => {
    // one dose, 2 expansion patients, a toxicity look after every patient on all data (limit 0.25, cutoff 0.7,
    // Beta(0.5, 1.5)): after 10 DLTs of 10 the first look stops for certain (Pr(rate > 0.25) > 0.99);
    // after 0 of 101 no look can stop (at most 2 DLTs of 103: Pr(rate > 0.25) < 1e-10)
    const c = cfg({ doses: "mtd", patientsPerDose: 2, poolEscalation: false, efficacy: { rule: "none" }, finalRule: "highest-safe", toxicity: { ...base.toxicity, every: 1, pooled: true } });
    const t = ind([0.2], [0.3]);
    const got = expansionOverStates(c, t, [
      { state: { n: [10], y: [10], mtd: 0 }, weight: 0.75 },
      { state: { n: [101], y: [0], mtd: 0 }, weight: 0.25 },
    ]);
    expect(got.toxStop[0]).toBeCloseTo(0.75, 12);
    expect(got.patients[0]).toBeCloseTo(0.75 * 1 + 0.25 * 2, 12);
    expect(got.recommended[0]).toBeCloseTo(0.25, 12);
    expect(got.none).toBeCloseTo(0.75, 12);
    expect(got.twoDoses).toBe(0);
    // two doses whose "n,y" strings would run together without the "|" (20,1 + 23,0 and 20,12 + 3,0): with toxicity data
    // all, 12 DLTs of 20 stop the MTD's arm at the first look (Pr(rate > 0.25) > 0.999), 1 of 20 never (< 0.09 with 2 more
    // DLTs of 22); dose 2 has DLT rate 0 here, so its arm always passes: highest-safe takes the MTD, else the dose below
    // (posterior tails by SciPy 1.17.1 beta.sf)
    const two = cfg({ doses: "mtd-and-below", patientsPerDose: 2, poolEscalation: false, efficacy: { rule: "none" }, finalRule: "highest-safe", toxicity: { ...base.toxicity, every: 1, pooled: true } });
    const t2 = ind([0.1, 0, 0.3], [0.2, 0.3, 0.4]);
    const apart = expansionOverStates(two, t2, [
      { state: { n: [0, 23, 20], y: [0, 0, 1], mtd: 2 }, weight: 0.6 },
      { state: { n: [0, 3, 20], y: [0, 0, 12], mtd: 2 }, weight: 0.4 },
    ]);
    expect(apart.recommended[2]).toBeCloseTo(0.6, 12);
    expect(apart.recommended[1]).toBeCloseTo(0.4, 12);
    expect(apart.toxStop[2]).toBeCloseTo(0.4, 12);
    // dose 1 (index 0, DLT rate 0.2 <= 0.25) is the optimal dose
    expect(got.obd).toBe(0);
    expect(got.pObd).toBeCloseTo(0.25, 12);
  });
});
