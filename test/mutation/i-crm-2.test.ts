/**
 * CRM (src/designs/crm.ts), issue 10 item 11 part I, second round: rules the first round's tests
 * (i-crm.test.ts) left open, pinned by numbers computed independently with the Python standard library
 * (test/reference/fixtures/gen_crm_i.py → crm-i.json) or by the documented rule where the arithmetic is
 * given in a comment: the reason of each treat decision, the explain text with eliminated doses,
 * Pr(p1 > θ) with a* exactly at the grid's second point, the normal prior's posterior mean where the
 * vague prior's tail would matter, and the largest dose accepted as priorMtd and as an initial dose.
 */
import { describe, expect, it } from "vitest";
import { crm, crmParams, crmPosterior, crmSkeleton } from "../../src/designs/crm.js";
import { resolveParams } from "../../src/config/params.js";
import { TrialState } from "../../src/model/state.js";
import { Action, REASONS } from "../../src/model/decision.js";
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
  decision: { dose?: number; stop?: string };
}
interface ExplainCase { n: number[]; y: number[]; eliminatedFrom: number; posteriorMean: number; rates: number[]; recommended: number; probLowestAboveTarget: number; margin: number }
interface TailCase { skeleton: number[]; target: number; priorVariance: number; aStar: number; n: number[]; y: number[]; posteriorMean: number; probLowestAboveTarget: number }
interface EdgeStar { skeleton: number[]; target: number; priorVariance: number; aStar: number; probLowestAboveTarget: number }
const fx = fixture<{ skeleton: number[]; target: number; decisions: DecisionCase[]; tails: TailCase[]; explain: ExplainCase[]; edgeStar: EdgeStar }>("crm-i.json");

const K = 5;
const build = (raw: Record<string, unknown>) => crm(resolveParams(crmParams, raw, "(test)", "design"), K);

/** The state of i-crm.test.ts's stateOf: counts (n, y), the last cohort at `current`, its memory slot, eliminations. */
function stateOf(c: DecisionCase, N: number): TrialState {
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

describe("crm.decide: a treat decision's reason is its move from the last cohort's dose (fixtures/crm-i.json)", () => {
  // the reasons as documented (src/model/decision.ts): escalate above the current dose, stay at it, de-escalate below
  const moves = new Set<string>();
  for (const c of fx.decisions.filter((q) => q.decision.dose !== undefined)) {
    const dose = c.decision.dose!;
    const want = dose > c.current ? "escalate" : dose < c.current ? "de-escalate" : "stay";
    moves.add(want);
    it(`${c.name}: ${want}`, () => {
      const d = build(c.config).decide(stateOf(c, c.config.maxPatients as number));
      expect(d.action).toBe(Action.Treat);
      expect([d.dose, REASONS[d.reason]]).toEqual([dose, want]);
    });
  }
  it("premise: the cases cover all three moves", () => {
    expect([...moves].sort()).toEqual(["de-escalate", "escalate", "stay"]);
  });
});

describe("crm.explain with eliminated doses: the numbers from gen_crm_i.py, the eliminated doses named", () => {
  for (const c of fx.explain) {
    it(`n = ${c.n.join(",")}, y = ${c.y.join(",")}, doses ${c.eliminatedFrom + 1}+ eliminated`, () => {
      // premise: no printed number is within the design's quadrature error (1e-5) of a rounding boundary
      expect(c.margin).toBeGreaterThan(1e-5);
      const d = build({ target: fx.target, maxPatients: 30 });
      const s = new TrialState(K, d.memSlots);
      s.reset(0);
      c.n.forEach((m, k) => {
        if (m > 0) s.addCohort(k, m, c.y[k], false);
      });
      if (c.eliminatedFrom < K) s.eliminate(c.eliminatedFrom);
      const elim = c.eliminatedFrom < K ? `; doses ${c.eliminatedFrom + 1} and above are eliminated and never given again` : "";
      expect(d.explain!(s)).toBe(
        `posterior mean of a = ${c.posteriorMean.toFixed(4)}; estimated DLT rates ${c.rates.map((r) => r.toFixed(3)).join(", ")}; ` +
          `closest to ${fx.target}: dose ${c.recommended + 1}; Pr(p1 > ${fx.target}) = ${c.probLowestAboveTarget.toFixed(3)}${elim}`,
      );
    });
  }
});

describe("crmPosterior: a* exactly at the grid's second point −10 + 0.1 (fixtures/crm-i.json)", () => {
  const e = fx.edgeStar;
  it(`Pr(p1 > θ) = ${e.probLowestAboveTarget.toExponential(2)}, i.e. 0 to 1e-12`, () => {
    // premise, in the design's own doubles: a* = log(log θ / log s_1) is exactly −10 + 0.1
    expect(Math.log(Math.log(e.target) / Math.log(e.skeleton[0]))).toBe(-10 + 0.1);
    expect(e.aStar).toBe(-9.9);
    for (const maxCount of [0, 3]) {
      const post = crmPosterior(e.skeleton, e.target, "empiric", 3, e.priorVariance, maxCount);
      const pr = post.probLowestAboveTarget([0, 0, 0, 0, 0], [0, 0, 0, 0, 0]);
      expect(Math.abs(pr - e.probLowestAboveTarget)).toBeLessThan(1e-12);
    }
  });
});

describe("crmPosterior.posteriorMean under the normal prior adds no tail below −10 (fixtures/crm-i.json, σ² = 100)", () => {
  // the vague prior's tail term (Φ(−10/500) times the likelihood at −10) belongs to the vague prior only: under
  // N(0, 100) it would add about 15 times the likelihood at −10 to a denominator of order 1, here where it is 1
  for (const c of fx.tails.filter((q) => q.priorVariance > 10)) {
    it(`a* = ${c.aStar.toFixed(2)}, n = ${c.n.join(",")}, y = ${c.y.join(",")}: ${c.posteriorMean.toFixed(6)}`, () => {
      for (const maxCount of [0, 3]) {
        const post = crmPosterior(c.skeleton, c.target, "empiric", 3, c.priorVariance, maxCount);
        expect(Math.abs(post.posteriorMean(c.n, c.y) - c.posteriorMean)).toBeLessThan(1e-4);
      }
    });
  }
});

describe("the largest dose is accepted as the prior MTD and as an initial dose", () => {
  it("priorMtd = 5 of 5 doses: getprior puts the target at dose 5 (s_ν = θ by its definition)", () => {
    const p = resolveParams(crmParams, { target: 0.3, maxPatients: 30, priorMtd: 5 }, "(test)", "design");
    expect(crmSkeleton(p, 5)[4]).toBe(0.3);
    expect(() => crm(p, 5)).not.toThrow();
  });
  it("initialDoses 1, 5 with 5 doses: after 1N the second cohort goes to dose 5 (the sequence's second entry)", () => {
    const d = build({ target: 0.3, maxPatients: 10, cohortSize: 1, initialDoses: [1, 5], safetyStop: false });
    const s = new TrialState(K, 1);
    s.reset(0);
    s.mem[0] = 0; // the first decision's slot: dose 1, no DLT before
    s.addCohort(0, 1, 0, false);
    expect(say(d.decide(s))).toBe("treat 1 at 5");
  });
});

describe("crm decision tables and memory writes at their limits (fixtures/crm-i.json, and the documented rules)", () => {
  it("N = 1: the first decision treats the one cohort at the start dose", () => {
    const d = build({ target: 0.3, maxPatients: 1, cohortSize: 1, startDose: 2 });
    const s = new TrialState(K, 1);
    s.reset(d.startDose);
    const dec = d.decide(s);
    expect([say(dec), REASONS[dec.reason]]).toEqual(["treat 1 at 2", "start"]);
  });
  const c = fx.decisions.find((q) => q.name.startsWith("startDose 2, 2NNN"))!;
  it(`${c.name}, replayed through the design's own memory writes: treat 3 at ${c.decision.dose! + 1}`, () => {
    // the first decision writes (dose 2) · (N + 1) + 0 into slot 0; without it the second decision could not tell
    // that the last cohort (0/3) was given where the design said, and would not escalate
    const d = build(c.config);
    const s = new TrialState(K, 1);
    s.reset(d.startDose);
    const first = d.decide(s);
    expect(first.dose).toBe(1);
    if (first.writeSlot >= 0) s.mem[first.writeSlot] = first.writeValue;
    s.addCohort(1, 3, 0, false);
    expect(say(d.decide(s))).toBe(`treat 3 at ${c.decision.dose! + 1}`);
  });
});

describe("crm memo: count vectors with equal hashes that differ only in n, or only in y (fixtures/crm-i.json)", () => {
  /** The memo's hash as crm.ts computes it (see b-crm.test.ts): the premise of the test. */
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
  const pairs = fixture<{ memoPairs: { label: string; pair: { n: number[]; y: number[]; gap: number; selected: number }[] }[] }>("crm-i.json").memoPairs;
  const stateWith = (n: number[], y: number[]) => {
    const s = new TrialState(K, 1);
    s.reset(0);
    n.forEach((m, k) => s.addCohort(k, m, y[k], false));
    return s;
  };
  for (const { label, pair } of pairs) {
    const [a, b] = pair;
    it(`${label}: n = ${a.n.join(",")} / y = ${a.y.join(",")} (dose ${a.selected + 1}) and n = ${b.n.join(",")} / y = ${b.y.join(",")} (dose ${b.selected + 1})`, () => {
      expect(hash(a.n, a.y)).toBe(hash(b.n, b.y));
      expect(label === "same y" ? a.y.join() === b.y.join() : a.n.join() === b.n.join()).toBe(true);
      expect(a.selected).not.toBe(b.selected);
      expect(Math.min(a.gap, b.gap)).toBeGreaterThan(1e-3);
      for (const [first, second] of [[a, b], [b, a]]) {
        const d = build({ target: fx.target, maxPatients: 60, safetyStop: false });
        expect(d.selectMtd(stateWith(first.n, first.y))).toBe(first.selected);
        expect(d.selectMtd(stateWith(second.n, second.y))).toBe(second.selected);
        expect(d.selectMtd(stateWith(first.n, first.y))).toBe(first.selected);
      }
    });
  }
});

describe("crmSkeleton: every given skeleton value strictly between 0 and 1", () => {
  // resolveParams already keeps probabilities in [0, 1]; crmSkeleton also guards direct callers (tools, TITE-CRM)
  const base = resolveParams(crmParams, { target: 0.3, maxPatients: 30 }, "(test)", "design");
  const withSkeleton = (sk: number[]) => ({ ...base, skeleton: sk });
  for (const [v, ok] of [[0, false], [1, false], [-0.1, false], [1.2, false], [Number.NaN, false], [0.35, true]] as const) {
    it(`skeleton[2] = ${v}: ${ok ? "accepted" : "rejected"}`, () => {
      const sk = [0.1, 0.2, v, 0.4, 0.5];
      if (ok) expect(crmSkeleton(withSkeleton(sk), 5)).toEqual(sk);
      else expect(() => crmSkeleton(withSkeleton(sk), 5)).toThrow(`skeleton[2] = ${v} must be strictly between 0 and 1`);
    });
  }
});
