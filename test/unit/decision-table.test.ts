/** checkDecisionTable: the coherence checks behind `doseladder table --check`. */
import { describe, expect, it } from "vitest";
import { checkDecisionTable, type DecisionTable } from "../../src/designs/decision-table.js";
import { buildDesign, parseDesignConfig } from "../../src/config/load.js";

const table = (rows: [number, number | null, number | null, number | null][], target: number | null = 0.3): DecisionTable => ({
  type: "test",
  target,
  cohortSize: 3,
  note: "",
  rows: rows.map(([n, e, d, x]) => ({ n, escalateAtMost: e, deEscalateAtLeast: d, eliminateAtLeast: x })),
});

describe("checkDecisionTable", () => {
  it("finds nothing wrong with BOIN, Keyboard, mTPI-2 and i3+3 tables for targets 0.15-0.4, n = 1..36", () => {
    for (const type of ["boin", "keyboard", "mtpi2", "i3plus3"]) {
      for (const target of [0.15, 0.2, 0.25, 0.3, 1 / 3, 0.35, 0.4]) {
        const d = buildDesign(parseDesignConfig({ design: { type, target, nCohorts: 12 } }, "(test)"), 3);
        expect(checkDecisionTable(d.decisionTable!(36)), `${type} ${target}`).toEqual([]);
      }
    }
  });
  it("flags a row that escalates and de-escalates at the same count", () => {
    expect(checkDecisionTable(table([[6, 1, 1, 4]]))).toContain("n=6: escalates with up to 1 DLTs but de-escalates from 1");
  });
  it("flags escalation above the target rate and de-escalation below it", () => {
    const p = checkDecisionTable(table([[3, 1, 2, 3], [6, 1, 1, 4]]));
    expect(p).toContain("n=3: escalates at 1/3 DLTs, an observed rate above the target 0.3");
    expect(p).toContain("n=6: de-escalates at 1/6 DLTs, an observed rate below the target 0.3");
  });
  it("flags boundaries that fall, or rise faster than the patients added, as n grows", () => {
    const p = checkDecisionTable(table([[3, 0, 2, 3], [6, 1, 3, 7], [9, 0, 4, 5]], null));
    expect(p).toContain("n=6: elimination boundary 7 rises by more than 3 from 3 at n=3 (non-monotone in n)");
    expect(p).toContain("n=9: escalation boundary 0 is below 1 at n=6 (non-monotone in n)");
    expect(p).toContain("n=9: elimination boundary 5 is below 7 at n=6 (non-monotone in n)");
  });
  it("flags elimination below de-escalation, and a row that stops escalating", () => {
    const p = checkDecisionTable(table([[3, 0, 3, 2], [6, null, 3, 4]], null));
    expect(p).toContain("n=3: eliminates from 2 DLTs but de-escalates only from 3");
    expect(p).toContain("n=6: never escalates, though it did at n=3 (non-monotone in n)");
  });
  it("accepts undefined elimination at small n (BOIN has none below n = 3)", () => {
    expect(checkDecisionTable(table([[1, 0, 1, null], [2, 0, 1, null], [3, 0, 2, 3]]))).toEqual([]);
  });
});
