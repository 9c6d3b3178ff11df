/**
 * The efficacy-expansion modifier's wiring (src/designs/modifiers/efficacy-expansion.ts): the per-trial
 * values its final-state hook writes for a given final state, checked against the brute force of
 * test/reference/fixtures/gen_efficacy_q.py (the modifier's parameters below are the fixture's BASE
 * config), including repeated and near-identical states (its memo); the rounding bounds of each value,
 * worked by hand from the 3+3's 18 patients and the arm sizes; compare's paired values and the
 * summary's optimal dose on hand-built value vectors; the design's type and description.
 * Designs are built inside each test (Stryker counts a design built at collection as static coverage).
 */
import { describe, expect, it } from "vitest";
import { buildDesign, parseDesignConfig } from "../../src/config/load.js";
import { efficacyExpansion, prepareEfficacyExpansion } from "../../src/designs/modifiers/efficacy-expansion.js";
import { wrap, type Design } from "../../src/designs/design.js";
import { efficacyValueNames } from "../../src/efficacy/summary.js";
import { TrialState } from "../../src/model/state.js";
import { fixture } from "../helpers/fixtures.js";

interface Case {
  name: string;
  truth: { tox: number[]; response: number[]; psi: number | null };
  final: { n: number[]; y: number[]; mtd: number };
  want: { arms: Record<string, { status: number[]; expectedPatients: number; expectedResponders: number }>; recommended: number[]; none: number; twoDoses: number; better: number };
}
const fx = fixture("efficacy-q.json") as { cases: Case[] };
const byName = (name: string) => fx.cases.find((c) => c.name === name)!;

/** gen_efficacy_q.py's BASE config as the modifier's parameters */
const PARAMS = {
  doses: "mtd-and-below",
  patientsPerDose: 5,
  poolEscalation: true,
  efficacyRule: "futility",
  p0: 0.25,
  futilityCutoff: 0.15,
  effPriorA: 0.5,
  effPriorB: 1.5,
  minPatients: 2,
  lookEvery: 2,
  toxMonitor: true,
  toxLimit: 0.25,
  toxCutoff: 0.7,
  toxPriorA: 0.5,
  toxPriorB: 1.5,
  toxEvery: 2,
  toxData: "all",
  finalRule: "lowest-within-delta",
  weights: [0.7, 0.1, 1, 0.3],
  delta: 0.15,
};

const threePlusThree = (): Design => buildDesign(parseDesignConfig({ name: "3+3", doses: 3, design: { type: "a-plus-b" } }, "(test)"), 3);
/** the 3+3 with its MTD fixed to `m` (the fixture's final states are not all 3+3 end states) */
const fixedMtd = (m: number) => wrap(threePlusThree(), { selectMtd: () => m });

const K = 3;
const NAMES = efficacyValueNames(K);
const at = (name: string) => NAMES.indexOf(name);

function stateOf(f: Case["final"], escalationN: number, expansionN: number): TrialState {
  const s = new TrialState(K, 4);
  s.reset(0);
  f.n.forEach((n, d) => {
    s.n[d] = n;
    s.y[d] = f.y[d];
  });
  s.escalationN = escalationN;
  s.expansionN = expansionN;
  return s;
}

function expectValues(v: Float64Array, c: Case, patientsBefore: number) {
  for (let d = 0; d < K; d++) {
    const a = c.want.arms[String(d)];
    expect(v[at(`recommended${d + 1}`)], `recommended${d + 1}`).toBeCloseTo(c.want.recommended[d], 11);
    expect(v[at(`futilityStop${d + 1}`)]).toBeCloseTo(a ? a.status[2] : 0, 11);
    expect(v[at(`toxicityStop${d + 1}`)]).toBeCloseTo(a ? a.status[1] : 0, 11);
    expect(v[at(`expansionPatients${d + 1}`)]).toBeCloseTo(a ? a.expectedPatients : 0, 10);
    expect(v[at(`responders${d + 1}`)]).toBeCloseTo(a ? a.expectedResponders : 0, 10);
    expect(v[at(`expanded${d + 1}`)]).toBe(a ? 1 : 0);
  }
  expect(v[at("noDose")]).toBeCloseTo(c.want.none, 11);
  expect(v[at("twoDoses")]).toBe(c.want.twoDoses);
  expect(v[at("betterOfTwo")]).toBeCloseTo(c.want.better, 11);
  const arms = Object.values(c.want.arms);
  const ePat = arms.reduce((s, a) => s + a.expectedPatients, 0);
  expect(v[at("expectedExpansionPatients")]).toBeCloseTo(ePat, 10);
  expect(v[at("expectedResponders")]).toBeCloseTo(arms.reduce((s, a) => s + a.expectedResponders, 0), 10);
  expect(v[at("expectedPatients")]).toBeCloseTo(patientsBefore + ePat, 10);
}

describe("efficacy-expansion: the final-state values", () => {
  it("three final states with the same MTD, differing only in y or n at an expansion dose, each as the brute force, also when repeated", () => {
    const design = efficacyExpansion(fixedMtd(2), PARAMS);
    const c0 = byName("pooled efficacy and toxicity data, Beta(0.5, 1.5) priors, lowest-within-delta");
    const c1 = byName("pooled, lowest-within-delta, two DLTs at the MTD");
    const c2 = byName("pooled, lowest-within-delta, three patients at the dose below");
    const world = { truth: c0.truth.tox, response: c0.truth.response, association: { model: "odds-ratio" as const, value: c0.truth.psi! } };
    const evaluate = design.finalStateOc!.forCurve(world);
    const v = new Float64Array(NAMES.length);
    for (const [c, esc, exp] of [[c0, 13, 0], [c1, 13, 2], [c2, 10, 0], [c0, 12, 3], [c1, 13, 0]] as const) {
      v.fill(-1);
      evaluate(stateOf(c.final, esc, exp), v);
      expectValues(v, c, esc + exp);
    }
  });

  it("no association given: independent outcomes (the fixture's TRUTH_IND case, efficacy data not pooled)", () => {
    const c = byName("efficacy data not pooled, toxicity data pooled, lowest-within-delta");
    const design = efficacyExpansion(fixedMtd(2), { ...PARAMS, poolEscalation: false });
    const evaluate = design.finalStateOc!.forCurve({ truth: c.truth.tox, response: c.truth.response });
    const v = new Float64Array(NAMES.length);
    evaluate(stateOf(c.final, 13, 0), v);
    expectValues(v, c, 13);
  });

  it("no MTD: no dose, nothing expanded", () => {
    const design = efficacyExpansion(fixedMtd(-1), PARAMS);
    const c = byName("no MTD: no arm");
    const evaluate = design.finalStateOc!.forCurve({ truth: c.truth.tox, response: c.truth.response });
    const v = new Float64Array(NAMES.length);
    evaluate(stateOf(c.final, 3, 0), v);
    expectValues(v, c, 3);
  });

  it("a curve without response rates is refused with the reason", () => {
    const design = efficacyExpansion(threePlusThree(), PARAMS);
    expect(() => design.finalStateOc!.forCurve({ truth: [0.1, 0.2, 0.3] })).toThrow('gives no "response" rates; efficacy-expansion needs a response rate per dose on every curve');
  });
});

describe("efficacy-expansion: bounds, names, paired values, summary, description", () => {
  it("the bounds: 1 for probabilities, the arm size for per-dose counts, the 3+3's 18 + the expansion for all patients", () => {
    const design = efficacyExpansion(threePlusThree(), PARAMS);
    const ph = design.finalStateOc!;
    expect(ph.names).toEqual(NAMES);
    expect(ph.label).toBe("efficacy-expansion");
    expect(ph.key).toBe("efficacy");
    const ones = [1, 1, 1];
    const fives = [5, 5, 5];
    expect(ph.bounds).toEqual([...ones, ...ones, ...ones, ...fives, ...fives, ...ones, 1, 1, 1, 10, 28, 10]);
    const one = efficacyExpansion(threePlusThree(), { ...PARAMS, doses: "mtd", patientsPerDose: 7 }).finalStateOc!;
    expect(one.bounds.slice(9)).toEqual([7, 7, 7, 7, 7, 7, 1, 1, 1, 1, 1, 1, 7, 25, 7]);
    // a Simon rule's arm is its n (p0 0.2, p1 0.4: the optimal 3/13, 12/43 of Simon 1989, Table 1)
    const simon = efficacyExpansion(threePlusThree(), { ...PARAMS, efficacyRule: "simon", p0: 0.2, p1: 0.4, alpha: 0.05, power: 0.8 }).finalStateOc!;
    expect(simon.bounds.slice(9, 12)).toEqual([43, 43, 43]);
    expect(simon.bounds.slice(-3)).toEqual([86, 18 + 86, 86]);
    // an escalation with no patient limit: 10,000 stands for it
    const open = efficacyExpansion(wrap(threePlusThree(), { maxPatients: Infinity }), PARAMS).finalStateOc!;
    expect(open.bounds.at(-2)).toBe(10_010);
  });

  it("paired values: P(optimal dose), then the six scalars, written at the offset given", () => {
    const design = efficacyExpansion(threePlusThree(), PARAMS);
    const v = Float64Array.from(NAMES, (_, i) => 100 + i);
    const out = new Float64Array(10).fill(-1);
    // DLT rates 0.08, 0.2 <= 0.25 admissible; responses 0.25, 0.45: within 0.15 of 0.45 only dose 2
    design.finalStateOc!.paired!.forCurve({ truth: [0.08, 0.2, 0.33], response: [0.25, 0.45, 0.5] })(v, out, 2);
    expect(Array.from(out)).toEqual([-1, -1, v[at("recommended2")], v[at("noDose")], v[at("twoDoses")], v[at("betterOfTwo")], v[at("expectedExpansionPatients")], v[at("expectedPatients")], v[at("expectedResponders")], -1]);
    expect(design.finalStateOc!.paired!.names).toEqual(["optimalDoseRecommended", "noDose", "twoDoses", "betterOfTwo", "expectedExpansionPatients", "expectedPatients", "expectedResponders"]);
    // no admissible dose: P(no dose)
    design.finalStateOc!.paired!.forCurve({ truth: [0.3, 0.4, 0.5], response: [0.25, 0.45, 0.5] })(v, out, 0);
    expect(out[0]).toBe(v[at("noDose")]);
    // no response rates: all 0, so every admissible dose is within delta and the lowest (dose 1) is optimal
    design.finalStateOc!.paired!.forCurve({ truth: [0.08, 0.2, 0.33] })(v, out, 0);
    expect(out[0]).toBe(v[at("recommended1")]);
    // best-utility, response-only weight 1, no association given (independent): P(response only) = (1 - pT)·pR,
    // dose 2's 0.8·0.45 = 0.36 beats dose 1's 0.92·0.25 = 0.23
    const bu = efficacyExpansion(threePlusThree(), { ...PARAMS, finalRule: "best-utility", weights: [0, 0, 1, 0] });
    bu.finalStateOc!.paired!.forCurve({ truth: [0.08, 0.2, 0.33], response: [0.25, 0.45, 0.5] })(v, out, 0);
    expect(out[0]).toBe(v[at("recommended2")]);
  });

  it("summarize: the efficacy block with the rules, the response rates (0 when absent) and the optimal dose", () => {
    const design = efficacyExpansion(threePlusThree(), { ...PARAMS, finalRule: "highest-safe", optimalRule: "lowest-within-delta" });
    const mean = Float64Array.from(NAMES, (_, i) => i / 100);
    const se = new Float64Array(NAMES.length);
    const b = design.finalStateOc!.summarize({ truth: [0.08, 0.2, 0.33], response: [0.25, 0.45, 0.5] }, mean, se, false, 1) as Record<string, unknown>;
    expect(b.finalRule).toBe("highest-safe");
    expect(b.optimalRule).toBe("lowest-within-delta");
    expect(b.doses).toBe("mtd-and-below");
    expect(b.response).toEqual([0.25, 0.45, 0.5]);
    expect(b.optimalDose).toBe(2);
    expect(b.optimalDoseRecommended).toBe(mean[at("recommended2")]);
    const none = design.finalStateOc!.summarize({ truth: [0.08, 0.2, 0.33] }, mean, se, false, 1) as Record<string, unknown>;
    expect(none.response).toEqual([0, 0, 0]);
    expect(none.optimalDose).toBe(1);
  });

  it("the design: its type and description name the expansion; prepare returns the parameters and refuses bad ones", () => {
    const design = efficacyExpansion(threePlusThree(), PARAMS);
    expect(design.type).toBe("a-plus-b+efficacy-expansion");
    const d = design.describe() as Record<string, unknown>;
    expect(d.type).toBe("a-plus-b");
    expect((d.efficacyExpansion as { patientsPerDose: number }).patientsPerDose).toBe(5);
    expect(prepareEfficacyExpansion(PARAMS, "d.json", "modifiers[0]")).toBe(PARAMS);
    expect(() => prepareEfficacyExpansion({ ...PARAMS, minPatients: 6 }, "d.json", "modifiers[0]")).toThrow("d.json: modifiers[0].minPatients: 6 is more than patientsPerDose (5)");
  });
});

describe("efficacy-expansion: the memo key, refusals, calendar-time arms, the summary without an association", () => {
  it("two final states with n swapped between the MTD and the dose below (4, 6 and 6, 4) are kept apart, each as the brute force", () => {
    const design = efficacyExpansion(fixedMtd(2), PARAMS);
    const c0 = byName("pooled efficacy and toxicity data, Beta(0.5, 1.5) priors, lowest-within-delta");
    const sw = byName("n swapped between the MTD and the dose below (6 at the MTD, 4 below), lowest-within-delta");
    expect(sw.final.n).toEqual([c0.final.n[0], c0.final.n[2], c0.final.n[1]]);
    const evaluate = design.finalStateOc!.forCurve({ truth: c0.truth.tox, response: c0.truth.response, association: { model: "odds-ratio", value: c0.truth.psi! } });
    const v = new Float64Array(NAMES.length);
    for (const c of [c0, sw, c0]) {
      v.fill(-1);
      evaluate(stateOf(c.final, 13, 0), v);
      expectValues(v, c, 13);
    }
  });

  it("bad parameters are refused when the design is built, naming (design) and efficacy-expansion", () => {
    expect(() => efficacyExpansion(threePlusThree(), { ...PARAMS, minPatients: 6 })).toThrow("(design): efficacy-expansion.minPatients: 6 is more than patientsPerDose (5)");
  });

  it("calendar time: the arms at the MTD and the dose below (the wrapped design's MTD rule), with or without an association; no response rates refused", () => {
    const design = efficacyExpansion(fixedMtd(2), PARAMS);
    const u = { next: () => 0.5 };
    const s = stateOf({ n: [3, 6, 4], y: [0, 1, 1], mtd: 2 }, 13, 0);
    for (const world of [{ truth: [0.08, 0.2, 0.33], response: [0.25, 0.45, 0.5] }, { truth: [0.08, 0.2, 0.33], response: [0.25, 0.45, 0.5], association: { model: "odds-ratio" as const, value: 3 } }]) {
      const arms = design.finalStateOc!.timed!(world, false);
      expect(arms.begin(s, u)).toBe(2);
      expect(arms.dose(0)).toBe(2);
      expect(arms.dose(1)).toBe(1);
    }
    const one = efficacyExpansion(fixedMtd(1), { ...PARAMS, doses: "mtd" }).finalStateOc!.timed!({ truth: [0.08, 0.2, 0.33], response: [0.25, 0.45, 0.5] }, true);
    expect(one.begin(s, u)).toBe(1);
    expect(one.dose(0)).toBe(1);
    expect(() => design.finalStateOc!.timed!({ truth: [0.1, 0.2, 0.3] }, false)).toThrow('gives no "response" rates; efficacy-expansion needs a response rate per dose on every curve');
  });

  it("summarize with best-utility and no association: independent cells, (1 - pT)·pR = 0.23, 0.36 for the admissible doses: dose 2", () => {
    const design = efficacyExpansion(threePlusThree(), { ...PARAMS, finalRule: "best-utility", weights: [0, 0, 1, 0] });
    const mean = Float64Array.from(NAMES, (_, i) => i / 100);
    const b = design.finalStateOc!.summarize({ truth: [0.08, 0.2, 0.33], response: [0.25, 0.45, 0.5] }, mean, new Float64Array(NAMES.length), false, 1) as Record<string, unknown>;
    expect(b.optimalDose).toBe(2); // 1-based in the summary
    expect(b.optimalDoseRecommended).toBe(mean[at("recommended2")]);
  });
});
