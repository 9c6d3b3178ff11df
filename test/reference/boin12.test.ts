/**
 * BOIN12 (Lin, Zhou, Yan, Li & Yuan 2020, JCO Precis Oncol 4:1393-1402) against
 * test/reference/fixtures/gen_boin12.py, an independent scipy implementation:
 * - boin12-table3.json: the paper's Table 3 (rank-based desirability scores for n = 0, 3, 6, 9),
 *   its published cells (as R escalation 0.2.3's test of Table 3 checks them) and every cell
 *   computed by the paper's definition; the design's table must equal it cell for cell;
 * - boin12.json: the design's decision and optimal-biological-dose selection for 400 random
 *   trial states, and desirabilities Pr(utility > u_b | data).
 * Tolerances: probabilities 1e-9 absolute (two implementations of the regularised incomplete
 * beta function); decisions, ranks and selected doses exactly.
 */
import { decisionRecord } from "../helpers/decision-record.js";
import { describe, expect, it } from "vitest";
import table3 from "./fixtures/boin12-table3.json" with { type: "json" };
import fixture from "./fixtures/boin12.json" with { type: "json" };
import { boin12, boin12Benchmark, boin12DesirabilityTable, desirability } from "../../src/designs/boin12.js";
import { resolveParams } from "../../src/config/params.js";
import { boin12Params } from "../../src/designs/boin12.js";
import { Action } from "../../src/model/decision.js";
import { TrialState } from "../../src/model/state.js";

type Cell = { n: number; dlts: number; responses: number; admissible: boolean; probability: number; rds: number | null };

const spec = table3.parameters;

describe("BOIN12's desirability table (the paper's Table 3)", () => {
  const ours = boin12DesirabilityTable(spec, spec.sampleSizes);
  const key = (c: { n: number; dlts: number; responses: number }) => `${c.n}/${c.dlts}/${c.responses}`;
  const byKey = new Map(ours.map((c) => [key(c), c]));

  it("boin12Benchmark gives the paper's ū and u_b for φT = 0.35, φE = 0.25, u11 = 60, u00 = 40", () => {
    const { uBar, uB } = boin12Benchmark(spec);
    expect(uBar).toBeCloseTo(table3.uBar, 12);
    expect(uB).toBeCloseTo(table3.uBenchmark, 12);
  });

  it("the published cells of Table 3 (as R escalation 0.2.3 checks them)", () => {
    for (const p of table3.published) expect(byKey.get(key(p))?.rds, key(p)).toBe(p.rds);
  });

  it("every cell: admissibility and rank exactly, desirability within 1e-9", () => {
    expect(ours).toHaveLength(table3.cells.length);
    for (const c of table3.cells as Cell[]) {
      const o = byKey.get(key(c))!;
      expect(o.admissible, key(c)).toBe(c.admissible);
      expect(o.rds, key(c)).toBe(c.rds);
      expect(Math.abs(o.probability - c.probability), key(c)).toBeLessThan(1e-9);
    }
  });

  it("is refused when u11 + u00 != 100 (the table by margins does not exist)", () => {
    expect(() => boin12DesirabilityTable({ ...spec, u11: 30, u00: 50 }, [3])).toThrow(/u11 \+ u00 = 100/);
  });
});

describe("BOIN12 desirability Pr(utility > u_b | data)", () => {
  it("equals scipy's Beta survival function", () => {
    for (const c of fixture.desirability) expect(Math.abs(desirability(c.uB, c.n, c.x100) - c.desirability)).toBeLessThan(1e-9);
  });
});

describe("BOIN12 decisions and OBD selection on random states", () => {
  const designs = fixture.paramSets.map((p) => boin12(resolveParams(boin12Params, p as unknown as Record<string, unknown>, "(fixture)", "design"), 5));

  const stateOf = (s: (typeof fixture.cases)[number]["state"], both: boolean): TrialState => {
    const st = new TrialState(5, both ? 10 : 5);
    for (let d = 0; d < 5; d++) {
      st.n[d] = s.n[d];
      st.y[d] = s.t[d];
      st.mem[d] = s.r[d];
      if (both) st.mem[5 + d] = s.b[d];
    }
    st.current = s.current;
    st.eliminatedFrom = s.eliminatedFrom;
    st.escalationN = s.n.reduce((a, b) => a + b, 0);
    st.cohorts = st.escalationN / 3;
    return st;
  };

  it(`decide equals the Python rules in all ${fixture.cases.length} cases`, () => {
    let treats = 0;
    for (const c of fixture.cases) {
      const design = designs[c.params];
      const s = stateOf(c.state, design.memSlots === 10);
      const dec = design.decide(s);
      const got = decisionRecord(dec);
      expect(got, JSON.stringify(c.state)).toEqual(c.decision);
      if (dec.action === Action.Treat) treats++;
    }
    expect(treats).toBeGreaterThan(100);
  });

  it(`selectMtd (the OBD) equals the Python selection in all ${fixture.cases.length} cases`, () => {
    for (const c of fixture.cases) {
      const design = designs[c.params];
      expect(design.selectMtd(stateOf(c.state, design.memSlots === 10)), JSON.stringify(c.state)).toBe(c.obd);
    }
  });
});
