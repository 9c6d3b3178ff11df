/**
 * BOIN12 (src/designs/boin12.ts; Lin, Zhou, Yan, Li & Yuan 2020, JCO Precis Oncol 4:1393-1402)
 * against the independent scipy implementation of test/reference/fixtures/gen_boin12.py, with
 * every design built inside a test (Stryker activates a mutant only once the tests start, so a
 * design built while the file is collected, as in test/reference/boin12.test.ts, runs the
 * unmutated construction code: the toxicity and futility tables, the default boundaries, the
 * shared decisions):
 * - boin12.json: 412 random states (decision and OBD), and boin12-table3.json: the paper's Table 3,
 *   through `boin12DesirabilityTable` and through the design's `scoreTable()`;
 * - boin12-edges.json (gen_boin12_edges.py): a dose with more than or exactly nCohorts × cohortSize
 *   patients, an elimination recorded at a dose whose data are no longer toxic, the current dose
 *   futile with no dose below, and states where the OBD depends on the isotonic weights n + 0.1
 *   and the offset 0.001 (d + 1); the described ū, u_b, λe and λd.
 * - the limits by hand: Pr(Beta(4, 1) > 0.5) = Pr(Beta(1, 4) < 0.5) = 1 - 0.5^4 = 0.9375, so 3 DLTs
 *   of 3 at target 0.5 are eliminated at cT = 0.93 and not at 0.94, and 0 responses of 3 with
 *   φE = 0.5 are futile at cE = 0.9 (the futility rule starts at n = 3) and not at 0.94;
 * Hand-checked: the refusals and their messages, the per-trial metrics (`measure`) and the table's
 * title (u_b = 70.5 for φT = 0.35, φE = 0.25: ū = 16.25 + 5.25 + 19.5 = 41, 41 + 59/2 = 70.5).
 * Tolerances: probabilities 1e-9, boundaries 1e-12; decisions, ranks and doses exactly.
 */
import { decisionRecord } from "../helpers/decision-record.js";
import { describe, expect, it } from "vitest";
import table3 from "../reference/fixtures/boin12-table3.json" with { type: "json" };
import fixture from "../reference/fixtures/boin12.json" with { type: "json" };
import edges from "../reference/fixtures/boin12-edges.json" with { type: "json" };
import { boin12, boin12DesirabilityTable, boin12Params, futile, tooToxic } from "../../src/designs/boin12.js";
import { resolveParams } from "../../src/config/params.js";
import { Action, REASONS } from "../../src/model/decision.js";
import { TrialState } from "../../src/model/state.js";

type State = { n: number[]; t: number[]; r: number[]; b: number[]; current: number; eliminatedFrom: number };
type Case = { params: number; state: State; decision: Record<string, unknown>; obd: number; note?: string };

const build = (p: Record<string, unknown>, K: number) => boin12(resolveParams(boin12Params, p, "(test)", "design"), K);

function stateOf(s: State, K: number, both: boolean): TrialState {
  const st = new TrialState(K, both ? 2 * K : K);
  for (let d = 0; d < K; d++) {
    st.n[d] = s.n[d];
    st.y[d] = s.t[d];
    st.mem[d] = s.r[d];
    if (both) st.mem[K + d] = s.b[d];
  }
  st.current = s.current;
  st.eliminatedFrom = s.eliminatedFrom;
  st.escalationN = s.n.reduce((a, b) => a + b, 0);
  st.cohorts = Math.ceil(st.escalationN / 3);
  return st;
}

function check(paramSets: Record<string, unknown>[], cases: Case[]): void {
  const designs = paramSets.map((p) => build(p, cases.find((c) => paramSets[c.params] === p)?.state.n.length ?? 5));
  for (const c of cases) {
    const design = designs[c.params];
    const K = c.state.n.length;
    const s = stateOf(c.state, K, design.memSlots === 2 * K);
    const dec = design.decide(s);
    const got = decisionRecord(dec);
    const where = `${c.note ?? ""} ${JSON.stringify(c.state)}`;
    expect(got, where).toEqual(c.decision);
    if (dec.action === Action.Treat) expect(dec.size, where).toBe(paramSets[c.params].cohortSize);
    expect(design.selectMtd(s), where).toBe(c.obd);
  }
}

describe("BOIN12 built inside the tests equals the scipy rules", () => {
  it(`the ${fixture.cases.length} random states of boin12.json: decision and OBD`, () => {
    check(fixture.paramSets, fixture.cases as Case[]);
  });

  it(`the ${edges.cases.length} edge states of boin12-edges.json: decision and OBD`, () => {
    check(edges.paramSets, edges.cases as Case[]);
    // the fixture reaches what it says: stops of every kind, and a treat
    const reasons = new Set(edges.cases.map((c) => c.decision.reason));
    for (const r of ["lowest-dose-too-toxic", "all-eliminated", "max-n", "stay", "de-escalate", "escalate"]) expect(reasons.has(r), r).toBe(true);
  });

  it("the start decision of a design built here", () => {
    const D = build({ target: 0.25, efficacyLow: 0.3, startDose: 2 }, 4);
    const dec = D.decide(new TrialState(4, D.memSlots));
    expect({ action: dec.action, dose: dec.dose, size: dec.size, reason: REASONS[dec.reason], eliminateFrom: dec.eliminateFrom }).toEqual({ action: Action.Treat, dose: 1, size: 3, reason: "start", eliminateFrom: -1 });
    expect(D.selectMtd(new TrialState(4, D.memSlots))).toBe(-1);
  });
});

describe("BOIN12's Table 3 built inside the tests", () => {
  const key = (c: { n: number; dlts: number; responses: number }) => `${c.n}/${c.dlts}/${c.responses}`;
  const expected = new Map((table3.cells as { n: number; dlts: number; responses: number; rds: number | null; probability: number }[]).map((c) => [key(c), c]));
  const spec = table3.parameters;

  it("boin12DesirabilityTable: every cell's rank exactly and desirability within 1e-9", () => {
    const ours = boin12DesirabilityTable(spec, spec.sampleSizes);
    expect(ours).toHaveLength(expected.size);
    for (const c of ours) {
      const e = expected.get(key(c))!;
      expect(c.rds, key(c)).toBe(e.rds);
      expect(Math.abs(c.probability - e.probability), key(c)).toBeLessThan(1e-9);
    }
    expect(() => boin12DesirabilityTable({ ...spec, u11: 30, u00: 50 }, [3])).toThrow("the desirability table by (n, DLTs, responses) needs u11 + u00 = 100 (got 30 + 50)");
    expect(() => boin12DesirabilityTable({ ...spec, u11: 70, u00: 40 }, [3])).toThrow(/got 70 \+ 40/);
  });

  it("a second table (φT 0.3, φE 0.4, u11 70, u00 30, cT = cE = 0.9; gen_boin12_edges.py) cell for cell", () => {
    const t = edges.table;
    const ours = boin12DesirabilityTable(t.parameters, t.parameters.sampleSizes);
    const want = new Map((t.cells as { n: number; dlts: number; responses: number; admissible: boolean; rds: number | null; probability: number }[]).map((c) => [key(c), c]));
    expect(ours).toHaveLength(want.size);
    // admissibility varies with the responses: the futility limit matters in this table
    expect(new Set((t.cells as { n: number; dlts: number; admissible: boolean }[]).filter((c) => c.n === 6 && c.dlts === 0).map((c) => c.admissible)).size).toBe(2);
    for (const c of ours) {
      const e = want.get(key(c))!;
      expect(c.admissible, key(c)).toBe(e.admissible);
      expect(c.rds, key(c)).toBe(e.rds);
      expect(Math.abs(c.probability - e.probability), key(c)).toBeLessThan(1e-9);
    }
  });

  it("the design's scoreTable(): n = 0, 3, 6, 9 (up to nExplore) is Table 3, cell for cell; the title names u_b = 70.5", () => {
    const D = build({ target: 0.35, efficacyLow: 0.25 }, 5);
    const t = D.scoreTable!();
    expect(t.type).toBe("boin12");
    expect(t.sampleSizes).toEqual([0, 3, 6, 9]);
    expect(t.title).toBe("boin12 rank-based desirability scores (RDS), phiT 0.35, phiE 0.25, u11 60, u00 40, benchmark utility 70.5");
    expect(t.note).toMatch(/^Rows: DLTs; columns: responses, at n patients\. Score: the rank of Pr\(utility > benchmark \| data\)/);
    expect(t.cells).toHaveLength(expected.size);
    for (const c of t.cells as { n: number; dlts: number; responses: number; score: number | null; probability: number }[]) {
      const e = expected.get(key(c))!;
      expect(e, key(c)).toBeDefined();
      expect(c.score, key(c)).toBe(e.rds);
      expect(Math.abs(c.probability - e.probability), key(c)).toBeLessThan(1e-9);
    }
    // up to a given n, in steps of the cohort size
    expect(D.scoreTable!(6).sampleSizes).toEqual([0, 3, 6]);
    expect(D.scoreTable!(8).sampleSizes).toEqual([0, 3, 6]);
    expect(build({ target: 0.35, efficacyLow: 0.25, cohortSize: 2, nExplore: 4 }, 5).scoreTable!().sampleSizes).toEqual([0, 2, 4]);
  });
});

describe("BOIN12's described numbers and refusals", () => {
  it("describe(): ū, u_b, λe, λd as gen_boin12_edges.py computes them, and the parameters", () => {
    edges.paramSets.forEach((p, i) => {
      const d = build(p, 4).describe() as Record<string, number | string | null>;
      const e = edges.described[i];
      expect(Math.abs((d.uBar as number) - e.uBar)).toBeLessThan(1e-12);
      expect(Math.abs((d.uBenchmark as number) - e.uBenchmark)).toBeLessThan(1e-12);
      expect(Math.abs((d.lambdaE as number) - e.lambdaE)).toBeLessThan(1e-12);
      expect(Math.abs((d.lambdaD as number) - e.lambdaD)).toBeLessThan(1e-12);
      expect(d.pSaf).toBeCloseTo(0.6 * p.target, 14);
      expect(d.pTox).toBeCloseTo(1.4 * p.target, 14);
    });
    const d = build({ target: 0.3, efficacyLow: 0.2, u11: 30, u00: 50, startDose: 2, nCohorts: 6, nEarlyStop: 9, nStar: 5, nExplore: 7, cutoffTox: 0.9, cutoffEff: 0.85 }, 4).describe();
    expect(d).toMatchObject({
      type: "boin12",
      target: 0.3,
      efficacyLow: 0.2,
      u11: 30,
      u00: 50,
      u01: 100,
      u10: 0,
      cutoffTox: 0.9,
      cutoffEff: 0.85,
      cohortSize: 3,
      nCohorts: 6,
      maxPatients: 18,
      startDose: 2,
      nStar: 5,
      nExplore: 7,
      nEarlyStop: 9,
    });
    expect(build({ target: 0.3, efficacyLow: 0.2 }, 4).describe().nEarlyStop).toBeNull();
  });

  it("explicit pSaf and pTox set λe and λd (gen_boin12_edges.py: φ1 = 0.2, φ2 = 0.4 at target 0.3)", () => {
    const x = edges.explicitBoundaries;
    const d = build({ target: 0.3, efficacyLow: 0.2, pSaf: x.pSaf, pTox: x.pTox }, 4).describe();
    expect(d.pSaf).toBe(0.2);
    expect(d.pTox).toBe(0.4);
    expect(Math.abs((d.lambdaE as number) - x.lambdaE)).toBeLessThan(1e-12);
    expect(Math.abs((d.lambdaD as number) - x.lambdaD)).toBeLessThan(1e-12);
  });

  it("refuses pSaf at or above the target, pTox at or below it, a start dose beyond the ladder and too many patients, naming the numbers", () => {
    const b = { target: 0.3, efficacyLow: 0.2 };
    expect(() => build({ ...b, pSaf: 0.3 }, 4)).toThrow("pSaf (0.3) must be below the target (0.3)");
    expect(() => build({ ...b, pSaf: 0.35 }, 4)).toThrow("pSaf (0.35) must be below the target (0.3)");
    expect(() => build({ ...b, pTox: 0.3 }, 4)).toThrow("pTox (0.3) must be above the target (0.3)");
    expect(() => build({ ...b, pTox: 0.25 }, 4)).toThrow("pTox (0.25) must be above the target (0.3)");
    expect(() => build({ ...b, startDose: 5 }, 4)).toThrow("startDose 5 is beyond the 4 doses");
    expect(() => build({ ...b, startDose: 4 }, 4)).not.toThrow();
    expect(() => build({ ...b, cohortSize: 3, nCohorts: 400 }, 4)).toThrow("nCohorts × cohortSize (400 × 3) = 1200 exceeds the limit of 1000 patients");
  });
});

describe("BOIN12's elimination limits (hand-computed: 1 - 0.5^4 = 0.9375)", () => {
  const st = (n: number[], t: number[], r: number[]) => stateOf({ n, t, r, b: n.map(() => 0), current: 0, eliminatedFrom: n.length }, n.length, false);
  const what = (d: { action: Action; dose: number; reason: number; eliminateFrom: number }) => [d.action === Action.Treat ? d.dose : "stop", REASONS[d.reason], d.eliminateFrom];

  it("3 DLTs of 3 at target 0.5: eliminated when cT = 0.93 < 0.9375, not when cT = 0.94 (stay at the lowest dose)", () => {
    const spec = { target: 0.5, efficacyLow: 0.3, u11: 60, u00: 40, cutoffEff: 0.9 };
    expect(tooToxic({ ...spec, cutoffTox: 0.94 }, 3, 3)).toBe(false);
    expect(tooToxic({ ...spec, cutoffTox: 0.93 }, 3, 3)).toBe(true);
    const s = st([3, 0], [3, 0], [3, 0]);
    expect(what(build({ target: 0.5, efficacyLow: 0.3, cutoffTox: 0.94 }, 2).decide(s))).toEqual([0, "stay", -1]);
    expect(what(build({ target: 0.5, efficacyLow: 0.3, cutoffTox: 0.93 }, 2).decide(s))).toEqual(["stop", "lowest-dose-too-toxic", 0]);
  });

  it("0 responses of 3 at φE 0.5: futile when cE = 0.9, not when cE = 0.94 (the OBD is then dose 1)", () => {
    const spec = { target: 0.25, efficacyLow: 0.5, u11: 60, u00: 40, cutoffTox: 0.95 };
    expect(futile({ ...spec, cutoffEff: 0.94 }, 3, 0)).toBe(false);
    expect(futile({ ...spec, cutoffEff: 0.9 }, 3, 0)).toBe(true);
    const s = st([3, 0], [0, 0], [0, 0]);
    expect(build({ target: 0.25, efficacyLow: 0.5, cutoffEff: 0.94 }, 2).selectMtd(s)).toBe(0);
    const D = build({ target: 0.25, efficacyLow: 0.5, cutoffEff: 0.9 }, 2);
    expect(D.selectMtd(s)).toBe(-1);
    // the futile dose counts 0, so the untried dose 2 wins
    expect(what(D.decide(s))).toEqual([1, "escalate", -1]);
  });
});

describe("BOIN12's per-trial metrics", () => {
  it("measure writes the responders in all, then at each dose, from the offset; the names match", () => {
    const D = build({ target: 0.25, efficacyLow: 0.3 }, 3);
    expect(D.type).toBe("boin12");
    expect(D.metrics).toEqual(["responses", "responses1", "responses2", "responses3"]);
    const s = new TrialState(3, D.memSlots);
    s.mem[0] = 2;
    s.mem[1] = 5;
    s.mem[2] = 1;
    const out = new Float64Array(7).fill(-7);
    D.measure!(s, out, 2);
    expect([...out]).toEqual([-7, -7, 8, 2, 5, 1, -7]);
  });
});
