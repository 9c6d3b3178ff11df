/**
 * src/designs/design.ts: `wrap` forwards every field and method the modifier does not override
 * and takes every override it is given; `pipe` applies modifiers left to right (the last has the
 * final say); `measureNothing` writes nothing. The inner design here is synthetic: every field has
 * a distinct sentinel value and every method records its arguments and returns a distinct value,
 * so a field read from the wrong side (inner vs override), a dropped argument or a dropped flag
 * shows as a wrong value, not just as "defined".
 */
import { describe, expect, it } from "vitest";
import { measureNothing, pipe, wrap, type Design, type Modifier } from "../../src/designs/design.js";
import { stop, treat, type Decision } from "../../src/model/decision.js";
import { TrialState, type TrialView } from "../../src/model/state.js";
import type { DecisionTable } from "../../src/designs/decision-table.js";
import type { PendingDecisionTable } from "../../src/designs/pending-table.js";

const innerDecision = treat(2, 3, "stay");
const overDecision = stop("max-n");
const innerTable: DecisionTable = { type: "inner", target: 0.25, cohortSize: 3, rows: [], note: "inner table" };
const overTable: DecisionTable = { type: "over", target: 0.3, cohortSize: 1, rows: [], note: "over table" };
const pendingTbl = { type: "inner-pending" } as unknown as PendingDecisionTable;

/** A synthetic inner design with every optional part present; `calls` records each call with its arguments. */
function fullInner(calls: string[]): Design {
  return {
    type: "inner",
    numDoses: 5,
    startDose: 2,
    memSlots: 3,
    maxCohortSize: 4,
    maxPatients: 77,
    maxExpansionPatients: 11,
    completeInformation: true,
    metrics: ["im"],
    decidesWithPending: true,
    backfillReserve: 2,
    needsResponse: true,
    decide: (s) => {
      calls.push(`decide ${s.current}`);
      return innerDecision;
    },
    selectMtd: (s) => {
      calls.push(`selectMtd ${s.current}`);
      return 1;
    },
    measure: (s, out, offset) => {
      calls.push(`measure ${s.current} ${offset}`);
      out[offset] = 42;
    },
    describe: () => ({ who: "inner" }),
    explain: (s) => `inner explains ${s.current}`,
    decisionTable: (m) => ({ ...innerTable, note: `inner table ${m}` }),
    pendingTable: (m) => ({ ...pendingTbl, maxN: m }) as unknown as PendingDecisionTable,
    backfillDose: (s) => s.current - 1,
  };
}

function stateAt(current: number): TrialView {
  const s = new TrialState(5, 3);
  s.reset(current);
  return s;
}

describe("wrap with no overrides forwards everything", () => {
  it("every field, flag and method of the inner design, with its arguments", () => {
    const calls: string[] = [];
    const w = wrap(fullInner(calls), {});
    expect([w.type, w.numDoses, w.startDose, w.memSlots, w.maxCohortSize, w.maxPatients, w.maxExpansionPatients]).toEqual(["inner", 5, 2, 3, 4, 77, 11]);
    expect(w.completeInformation).toBe(true);
    expect(w.metrics).toEqual(["im"]);
    expect(w.decidesWithPending).toBe(true);
    expect(w.needsResponse).toBe(true);
    expect(w.backfillReserve).toBe(2);
    const s = stateAt(3);
    expect(w.decide(s)).toBe(innerDecision);
    expect(w.selectMtd(s)).toBe(1);
    const out = new Float64Array(4);
    w.measure(s, out, 2);
    expect(Array.from(out)).toEqual([0, 0, 42, 0]);
    expect(calls).toEqual(["decide 3", "selectMtd 3", "measure 3 2"]);
    expect(w.describe()).toEqual({ who: "inner" });
    expect(w.explain!(s)).toBe("inner explains 3");
    expect(w.decisionTable!(7)).toEqual({ ...innerTable, note: "inner table 7" });
    expect(w.pendingTable!(9)).toEqual({ type: "inner-pending", maxN: 9 });
    expect(w.backfillDose!(s)).toBe(2);
  });

  it("a design without the optional parts gives a wrapper without them (no flag set to false, no undefined key)", () => {
    const calls: string[] = [];
    const { completeInformation: _c, decidesWithPending: _d, backfillReserve: _b, needsResponse: _n, explain: _e, decisionTable: _t, pendingTable: _p, backfillDose: _f, ...bare } = fullInner(calls);
    const w = wrap(bare, {});
    expect(w.completeInformation).toBeUndefined();
    expect(w.explain).toBeUndefined();
    expect(w.decisionTable).toBeUndefined();
    // the spread parts are absent, not present with a false or undefined value
    for (const key of ["decidesWithPending", "pendingTable", "backfillDose", "needsResponse", "backfillReserve"]) expect(Object.keys(w)).not.toContain(key);
    // the timed engine tests `typeof design.backfillDose === "function"` and `backfillReserve ?? 0`
    expect(typeof w.backfillDose).toBe("undefined");
  });

  it("a backfill reserve of 0 is not carried (the engine's default is 0 anyway)", () => {
    const w = wrap({ ...fullInner([]), backfillReserve: 0 }, {});
    expect(Object.keys(w)).not.toContain("backfillReserve");
  });
});

describe("wrap takes every override it is given", () => {
  it("fields and methods from the override; what it cannot override stays the inner design's", () => {
    const calls: string[] = [];
    const w = wrap(fullInner(calls), {
      type: "inner+over",
      memSlots: 6,
      maxCohortSize: 8,
      maxPatients: 99,
      maxExpansionPatients: 13,
      metrics: ["om1", "om2"],
      decide: (s) => {
        calls.push(`over decide ${s.current}`);
        return overDecision;
      },
      selectMtd: () => 4,
      measure: (_s, out, offset) => {
        out[offset + 1] = 7;
      },
      describe: () => ({ who: "over" }),
      explain: () => "over explains",
      decisionTable: () => overTable,
    });
    expect([w.type, w.numDoses, w.startDose, w.memSlots, w.maxCohortSize, w.maxPatients, w.maxExpansionPatients]).toEqual(["inner+over", 5, 2, 6, 8, 99, 13]);
    expect(w.metrics).toEqual(["om1", "om2"]);
    const s = stateAt(1);
    expect(w.decide(s)).toBe(overDecision);
    expect(w.selectMtd(s)).toBe(4);
    const out = new Float64Array(3);
    w.measure(s, out, 0);
    expect(Array.from(out)).toEqual([0, 7, 0]);
    // the inner design was not consulted
    expect(calls).toEqual(["over decide 1"]);
    expect(w.describe()).toEqual({ who: "over" });
    expect(w.explain!(s)).toBe("over explains");
    expect(w.decisionTable!()).toBe(overTable);
    // not overridable: still forwarded
    expect([w.completeInformation, w.decidesWithPending, w.needsResponse, w.backfillReserve]).toEqual([true, true, true, 2]);
    expect(w.pendingTable!(4)).toEqual({ type: "inner-pending", maxN: 4 });
  });

  it("an override of 0 or an empty metric list is taken (?? keeps falsy values other than undefined)", () => {
    const w = wrap(fullInner([]), { memSlots: 0, maxExpansionPatients: 0, metrics: [] });
    expect([w.memSlots, w.maxExpansionPatients, w.metrics]).toEqual([0, 0, []]);
  });
});

describe("pipe", () => {
  /** A modifier that appends its name to the type and has the final say on decide. */
  const named =
    (name: string, decision: Decision): Modifier =>
    (inner) =>
      wrap(inner, { type: `${inner.type}+${name}`, decide: () => decision });

  it("applies modifiers left to right: pipe(d, a, b) is b(a(d)); the last has the final say", () => {
    const a = stop("top-dose-passed");
    const b = stop("mtd-declared");
    const p = pipe(fullInner([]), named("a", a), named("b", b));
    expect(p.type).toBe("inner+a+b");
    expect(p.decide(stateAt(0))).toBe(b);
    expect(pipe(fullInner([]), named("b", b), named("a", a)).decide(stateAt(0))).toBe(a);
  });

  it("with no modifiers returns the design itself", () => {
    const d = fullInner([]);
    expect(pipe(d)).toBe(d);
  });
});

describe("measureNothing", () => {
  it("writes nothing and returns undefined", () => {
    const out = new Float64Array([1, 2, 3]);
    expect((measureNothing as (s: TrialView, o: Float64Array, i: number) => unknown)(stateAt(0), out, 0)).toBeUndefined();
    expect(Array.from(out)).toEqual([1, 2, 3]);
  });
});
