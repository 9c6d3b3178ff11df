/**
 * Rolling six (src/designs/rolling-six.ts): without pending patients (the untimed engines) it is
 * the 3+3 with de-escalation curtailed at each dose's second DLT (property over per-dose outcome
 * sequences); with pending patients, the conduct around the grid (start, escalation, holding,
 * stepping down and expanding the dose below to 6, the MTD, the ends of the ladder).
 */
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { DESIGNS } from "../../../src/designs/index.js";
import { resolveParams } from "../../../src/config/params.js";
import { PendingTrialState, SUSPEND } from "../../../src/model/pending.js";
import { TrialState } from "../../../src/model/state.js";
import { Action, REASONS, type Decision } from "../../../src/model/decision.js";
import type { Design } from "../../../src/designs/design.js";
import { rollingSixCell } from "../../../src/designs/rolling-six.js";

const build = (type: string, raw: Record<string, unknown>, K: number) => DESIGNS.get(type)!.build(resolveParams(DESIGNS.get(type)!.params, raw, "(t)", "design"), K);

/** Run `design` to its end, patient k at dose d having outcome seq[d][k] (per-dose sequences: the same patients whatever the cohort sizes). */
function run(design: Design, seq: readonly (readonly boolean[])[]) {
  const K = design.numDoses;
  const s = new TrialState(K, design.memSlots);
  s.reset(design.startDose);
  const path: number[] = [];
  let dec: Decision = design.decide(s);
  for (let guard = 0; dec.action === Action.Treat && guard < 200; guard++) {
    if (dec.eliminateFrom >= 0) s.eliminate(dec.eliminateFrom);
    let y = 0;
    for (let k = 0; k < dec.size; k++) if (seq[dec.dose][s.n[dec.dose] + k]) y++;
    if (path[path.length - 1] !== dec.dose) path.push(dec.dose);
    s.addCohort(dec.dose, dec.size, y, false);
    dec = design.decide(s);
  }
  if (dec.eliminateFrom >= 0) s.eliminate(dec.eliminateFrom);
  return { state: s, path, reason: REASONS[dec.reason], mtd: design.selectMtd(s) };
}

/** A pending state: per dose [enrolled, DLTs, pending], current dose `current` (0-based). */
function pendingState(K: number, doses: [number, number, number][], current: number): PendingTrialState {
  const s = new PendingTrialState(K, 0);
  s.reset(0);
  doses.forEach(([n, y, c], d) => {
    if (n > 0) s.addCohort(d, n, y, false);
    for (let k = 0; k < c; k++) s.addPending(d, 0.4);
  });
  s.current = current;
  return s;
}
const what = (d: Decision) => (d === SUSPEND ? "suspend" : d.action === Action.Treat ? `${REASONS[d.reason]} ${d.size} at ${d.dose + 1}${d.eliminateFrom >= 0 ? `, eliminate from ${d.eliminateFrom + 1}` : ""}` : `stop ${REASONS[d.reason]}${d.eliminateFrom >= 0 ? `, eliminate from ${d.eliminateFrom + 1}` : ""}`);

describe("rolling-six without pending patients (untimed engines)", () => {
  for (const [K, startDose] of [[4, 1], [5, 2], [3, 3]] as const) {
    it(`is the 3+3 with de-escalation curtailed at the second DLT: same doses, stop reason and MTD; as many patients per dose up to the second DLT (property, ${K} doses, start ${startDose})`, () => {
      const r6 = build("rolling-six", { startDose }, K);
      const tpt = build("a-plus-b", { deEscalation: true, startDose }, K);
      fc.assert(
        fc.property(fc.array(fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), { minLength: K, maxLength: K }), (seq) => {
          const a = run(r6, seq);
          const b = run(tpt, seq);
          expect(a.path).toEqual(b.path);
          expect(a.reason).toBe(b.reason);
          expect(a.mtd).toBe(b.mtd);
          for (let d = 0; d < K; d++) {
            // the second DLT at a dose, if any, among its 3+3 patients
            let seen = 0;
            let at = -1;
            for (let k = 0; k < b.state.n[d]; k++) if (seq[d][k] && ++seen === 2 && at < 0) at = k + 1;
            expect(a.state.n[d]).toBe(at > 0 ? at : b.state.n[d]);
            expect(a.state.y[d]).toBe(Math.min(b.state.y[d], 2));
          }
        }),
        { numRuns: 300, seed: 12 },
      );
    });
  }
});

describe("rolling-six with pending patients", () => {
  const K = 4;
  // built in each test, so that mutation testing attributes the construction to the tests
  let d: Design;
  beforeEach(() => {
    d = build("rolling-six", {}, K);
  });
  const at = (doses: [number, number, number][], current: number) => what(d.decide(pendingState(K, doses, current)));

  it("starts with one patient at the start dose and enrols the next while the first is pending", () => {
    expect(at([], 0)).toBe("start 1 at 1");
    expect(what(build("rolling-six", { startDose: 3 }, K).decide(pendingState(K, [], 2)))).toBe("start 1 at 3");
    expect(at([[1, 0, 1]], 0)).toBe("stay 1 at 1");
    expect(at([[5, 0, 5]], 0)).toBe("stay 1 at 1");
  });

  it("escalates one patient to the next dose at 3/3 DLT-free, and at 6 enrolled with 5 evaluable DLT-free", () => {
    expect(at([[3, 0, 0]], 0)).toBe("escalate 1 at 2");
    expect(at([[6, 0, 1]], 0)).toBe("escalate 1 at 2");
    expect(at([[6, 1, 0]], 0)).toBe("escalate 1 at 2");
    expect(at([[3, 0, 0], [1, 0, 1]], 1)).toBe("stay 1 at 2");
    // the escalated patient left the data (non-evaluable): the first patient at dose 2 again
    expect(at([[3, 0, 0]], 1)).toBe("escalate 1 at 2");
  });

  it("holds accrual with 6 enrolled and no decision possible", () => {
    expect(d.decide(pendingState(K, [[6, 0, 2]], 0))).toBe(SUSPEND);
    expect(d.decide(pendingState(K, [[6, 1, 1]], 0))).toBe(SUSPEND);
  });

  it("steps down at the second DLT, eliminating the dose, and expands the dose below to 6 one patient at a time", () => {
    expect(at([[3, 0, 0], [4, 2, 2]], 1)).toBe("de-escalate 1 at 1, eliminate from 2");
    // at dose 1 again (3/3 DLT-free, its cell escalates), the dose above is off limits: enrol there until 6
    expect(at([[4, 0, 1], [4, 2, 0]], 0)).toBe("stay 1 at 1");
    expect(at([[3, 0, 0], [4, 2, 0]], 0)).toBe("stay 1 at 1");
    expect(at([[5, 0, 0], [4, 2, 0]], 0)).toBe("stay 1 at 1");
    expect(d.decide(pendingState(K, [[6, 0, 3], [4, 2, 0]], 0))).toBe(SUSPEND);
    // the same with the elimination recorded in the state
    const s = pendingState(K, [[3, 0, 0], [4, 2, 0]], 0);
    s.eliminate(1);
    expect(what(d.decide(s))).toBe("stay 1 at 1");
  });

  it("declares the MTD at the dose below a too-toxic dose once it has 6 with at most 1 DLT (5 evaluable suffice without DLT)", () => {
    expect(at([[6, 1, 0], [3, 2, 0]], 0)).toBe("stop mtd-declared, eliminate from 2");
    expect(at([[6, 0, 1], [2, 2, 0]], 1)).toBe("stop mtd-declared, eliminate from 2");
    expect(at([[6, 0, 0], [6, 0, 0], [3, 2, 1]], 2)).toBe("stop mtd-declared, eliminate from 3");
    const s = pendingState(K, [[6, 1, 0], [3, 2, 0]], 0);
    s.eliminate(1);
    expect(d.selectMtd(s)).toBe(0);
  });

  it("steps down from a dose above an eliminated one to the dose below the lowest off-limits dose", () => {
    const s = pendingState(K, [[3, 0, 0], [3, 0, 0], [3, 0, 0]], 2);
    s.eliminate(1);
    expect(what(d.decide(s))).toBe("de-escalate 1 at 1, eliminate from 2");
  });

  it("a second DLT at the dose below steps down again; at the lowest dose it ends the trial with no MTD", () => {
    expect(at([[3, 0, 0], [5, 2, 0], [2, 2, 0]], 1)).toBe("de-escalate 1 at 1, eliminate from 2");
    expect(at([[2, 2, 0]], 0)).toBe("stop lowest-dose-too-toxic, eliminate from 1");
    expect(at([[5, 3, 1], [1, 0, 1]], 1)).toBe("stop lowest-dose-too-toxic, eliminate from 1");
    const s = pendingState(K, [[2, 2, 0]], 0);
    expect(d.selectMtd(s)).toBe(-1);
  });

  it("selects with the 3+3 with de-escalation's rule from a later start dose (stepping down below the start dose)", () => {
    const d2 = build("rolling-six", { startDose: 2 }, K);
    const s = pendingState(K, [[6, 1, 0], [3, 2, 0]], 0);
    expect(d2.selectMtd(s)).toBe(0);
    expect(what(d2.decide(s))).toBe("stop mtd-declared, eliminate from 2");
  });

  it("the MTD at the highest dose's neighbour: 6 at dose 3 below a too-toxic dose 4", () => {
    expect(at([[3, 0, 0], [3, 0, 0], [6, 1, 0], [2, 2, 0]], 2)).toBe("stop mtd-declared, eliminate from 4");
  });

  it("escalating from the highest dose ends the trial with it selected", () => {
    expect(at([[3, 0, 0], [3, 0, 0], [3, 0, 0], [3, 0, 0]], 3)).toBe("stop top-dose-passed");
    expect(at([[3, 0, 0], [3, 0, 0], [3, 0, 0], [6, 1, 0]], 3)).toBe("stop top-dose-passed");
    expect(d.selectMtd(pendingState(K, [[3, 0, 0], [3, 0, 0], [3, 0, 0], [3, 0, 0]], 3))).toBe(3);
  });

  it("reads counts above 6 (off protocol) as 6", () => {
    expect(rollingSixCell(8, 0, 1)).toBe("E");
    expect(rollingSixCell(8, 1, 0)).toBe("E");
    expect(rollingSixCell(8, 1, 1)).toBe("SUS");
    expect(rollingSixCell(8, 0, 2)).toBe("SUS");
    expect(rollingSixCell(7, 2, 0)).toBe("DE");
  });

  it("explains the grid cell, with the off-limits doses", () => {
    expect(d.explain!(pendingState(K, [[3, 0, 0], [5, 1, 2]], 1))).toBe("dose 2: 5 enrolled, 3 evaluable, 1 DLT, 2 pending: enrol at the same dose (rolling six grid)");
    expect(d.explain!(pendingState(K, [[6, 0, 2]], 0))).toBe("dose 1: 6 enrolled, 4 evaluable, 0 DLTs, 2 pending: hold accrual (rolling six grid)");
    expect(d.explain!(pendingState(K, [[4, 0, 0], [3, 2, 0]], 0))).toBe("dose 1: 4 enrolled, 4 evaluable, 0 DLTs, 0 pending: escalate (rolling six grid); dose 2 and above are off limits (2 DLTs of 3)");
    expect(d.explain!(pendingState(K, [[3, 0, 0], [3, 2, 0]], 1))).toBe("dose 2: 3 enrolled, 3 evaluable, 2 DLTs, 0 pending: de-escalate (too toxic) (rolling six grid)");
    const s = pendingState(K, [[3, 0, 0], [3, 0, 0]], 0);
    s.eliminate(2);
    expect(d.explain!(s)).toBe("dose 1: 3 enrolled, 3 evaluable, 0 DLTs, 0 pending: escalate (rolling six grid); dose 3 and above are off limits (eliminated)");
  });

  it("describes itself and bounds its trials", () => {
    expect(d.describe()).toEqual({ type: "rolling-six", startDose: 1, maxPerDose: 6 });
    expect([d.type, d.maxCohortSize, d.maxPatients, d.memSlots, d.maxExpansionPatients, d.decidesWithPending, d.metrics]).toEqual(["rolling-six", 1, 24, 0, 0, true, []]);
    expect(() => build("rolling-six", { startDose: 5 }, K)).toThrow("startDose 5 is beyond the 4 doses");
    expect(build("rolling-six", { startDose: 4 }, K).startDose).toBe(3);
    expect(build("rolling-six", { startDose: 2 }, K).describe()).toEqual({ type: "rolling-six", startDose: 2, maxPerDose: 6 });
  });

  it("has the complete-data decision table: escalate at 0/3-0/5 and 1/6, too toxic from 2 DLTs", () => {
    const t = d.decisionTable!();
    expect([t.type, t.target, t.cohortSize]).toEqual(["rolling-six", null, 1]);
    expect(t.note).toContain("at most 6 at a dose; a dose with 2 DLTs is too toxic");
    expect(t.rows.map((r) => [r.n, r.escalateAtMost, r.deEscalateAtLeast, r.eliminateAtLeast])).toEqual([
      [1, null, null, null],
      [2, null, 2, 2],
      [3, 0, 2, 2],
      [4, 0, 2, 2],
      [5, 0, 2, 2],
      [6, 1, 2, 2],
    ]);
  });

  it("prints its pending grid up to 6 enrolled (fewer on request)", () => {
    const t = d.pendingTable!();
    expect([t.type, t.target, t.cohortSize]).toEqual(["rolling-six", null, 1]);
    expect(new Set(t.cells.map((c) => c.n))).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    expect(t.note).toContain("SUS hold accrual, DE de-escalate");
    expect(new Set(d.pendingTable!(3).cells.map((c) => c.n))).toEqual(new Set([1, 2, 3]));
    expect(new Set(d.pendingTable!(20).cells.map((c) => c.n)).size).toBe(6);
    expect(t.rows.filter((r) => r.n === 6)).toEqual([
      { n: 6, dlt: "0", pending: ["0-1", ">=2"], decisions: ["E", "SUS"] },
      { n: 6, dlt: "1", pending: ["0", ">=1"], decisions: ["E", "SUS"] },
      { n: 6, dlt: ">=2", pending: ["0-4"], decisions: ["DE"] },
    ]);
  });
});
