/**
 * Mutation testing, part D: checkDecisionTable's boundaries, one rule at a time, with the full list
 * of problems compared (so a rule that fires where it should not is caught too). The coherent
 * tables are the published ones: R BOIN 2.7.2 get.boundary(target = 0.3, ncohort = 12,
 * cohortsize = 3)$boundary_tab (test/reference/fixtures/boin.json) and the 3+3 rules
 * (Storer 1989: escalate on 0/3 or at most 1/6, de-escalate from 2 DLTs).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkDecisionTable, type DecisionTable } from "../../src/designs/decision-table.js";

type Row = [number, number | null, number | null, number | null];
const table = (rows: Row[], target: number | null): DecisionTable => ({
  type: "test",
  target,
  cohortSize: 3,
  note: "",
  rows: rows.map(([n, e, d, x]) => ({ n, escalateAtMost: e, deEscalateAtLeast: d, eliminateAtLeast: x })),
});

const boin = JSON.parse(readFileSync(new URL("../reference/fixtures/boin.json", import.meta.url), "utf8")) as {
  boundaryTabs: { target: number; n: number[]; escalateAtMost: number[]; deEscalateAtLeast: number[]; eliminateAtLeast: (number | null)[] }[];
};

describe("checkDecisionTable (part D)", () => {
  it("accepts the published BOIN boundary tables and the 3+3 rules", () => {
    for (const b of boin.boundaryTabs) {
      const rows: Row[] = b.n.map((n, i) => [n, b.escalateAtMost[i], b.deEscalateAtLeast[i], b.eliminateAtLeast[i] ?? null]);
      expect(checkDecisionTable(table(rows, b.target)), `BOIN ${b.target}`).toEqual([]);
    }
    expect(checkDecisionTable(table([[3, 0, 2, null], [6, 1, 2, null]], null))).toEqual([]);
  });

  it("escalation equal to elimination is flagged, escalation just below is not", () => {
    expect(checkDecisionTable(table([[6, 2, 3, 2]], null))).toEqual([
      "n=6: escalates with up to 2 DLTs but eliminates from 2",
      "n=6: eliminates from 2 DLTs but de-escalates only from 3",
    ]);
    expect(checkDecisionTable(table([[6, 1, 3, 2]], null))).toEqual(["n=6: eliminates from 2 DLTs but de-escalates only from 3"]);
    expect(checkDecisionTable(table([[6, 1, 2, 2]], null))).toEqual([]);
    expect(checkDecisionTable(table([[6, 3, 2, 4]], null))).toEqual(["n=6: escalates with up to 3 DLTs but de-escalates from 2"]);
  });

  it("the target comparisons tolerate 1e-12 of rounding, in the right direction", () => {
    // 3/10 is 0.3 in floating point, 2^-54 above 0.7 - 0.4 = 0.29999999999999993.
    const below = 0.7 - 0.4;
    expect(3 / 10 > below).toBe(true);
    expect(checkDecisionTable(table([[10, 3, 4, null]], below))).toEqual([]);
    // 0.1 + 0.2 = 0.30000000000000004 lies above 3/10.
    const above = 0.1 + 0.2;
    expect(3 / 10 < above).toBe(true);
    expect(checkDecisionTable(table([[10, 2, 3, null]], above))).toEqual([]);
    // Exactly on the target: neither rule fires.
    expect(checkDecisionTable(table([[4, 1, 1, null]], 0.25))).toEqual(["n=4: escalates with up to 1 DLTs but de-escalates from 1"]);
    // One DLT more or less than the target allows: each fires alone.
    expect(checkDecisionTable(table([[10, 4, 5, null]], 0.3))).toEqual(["n=10: escalates at 4/10 DLTs, an observed rate above the target 0.3"]);
    expect(checkDecisionTable(table([[10, 1, 2, null]], 0.3))).toEqual(["n=10: de-escalates at 2/10 DLTs, an observed rate below the target 0.3"]);
    // Exactly 1e-12 off the target (target ± 1e-12 ∓ 1e-12 rounds back to 0.3 = 3/10): still tolerated.
    expect(0.3 - 1e-12 + 1e-12).toBe(3 / 10);
    expect(0.3 + 1e-12 - 1e-12).toBe(3 / 10);
    expect(checkDecisionTable(table([[10, 3, 4, null]], 0.3 - 1e-12))).toEqual([]);
    expect(checkDecisionTable(table([[10, 2, 3, null]], 0.3 + 1e-12))).toEqual([]);
    // A null boundary is "never", not 0 DLTs: no rate or ordering rule applies to it.
    expect(checkDecisionTable(table([[1, null, 0, 0]], null))).toEqual([]);
    expect(checkDecisionTable(table([[3, 0, null, null], [6, 1, null, 3]], 0.3))).toEqual([]);
    // Without a target the rate rules are off.
    expect(checkDecisionTable(table([[10, 4, 5, null], [20, 4, 5, null]], null))).toEqual([]);
  });

  it("a null escalation is non-monotone only after a defined one; null de-escalation or elimination never", () => {
    expect(checkDecisionTable(table([[3, null, 2, null], [6, 0, 2, null]], null))).toEqual([]);
    expect(checkDecisionTable(table([[3, 0, 2, 3], [6, 1, null, null], [9, 1, 3, 4]], null))).toEqual([]);
    expect(checkDecisionTable(table([[3, 0, 2, 3], [6, null, 3, 4], [9, null, 4, 5]], null))).toEqual([
      "n=6: never escalates, though it did at n=3 (non-monotone in n)",
      "n=9: never escalates, though it did at n=3 (non-monotone in n)",
    ]);
  });

  it("monotonicity: equal or rising by exactly the step passes, one more fails, against the last defined value", () => {
    expect(checkDecisionTable(table([[3, 0, 2, null], [6, 0, 2, 3], [9, 3, 5, 6]], null))).toEqual([]);
    expect(checkDecisionTable(table([[3, 0, 1, 3], [6, 1, 5, 5]], null))).toEqual([
      "n=6: de-escalation boundary 5 rises by more than 3 from 1 at n=3 (non-monotone in n)",
    ]);
    expect(checkDecisionTable(table([[3, 0, 2, 3], [6, 4, 5, 6]], null))).toEqual([
      "n=6: escalation boundary 4 rises by more than 3 from 0 at n=3 (non-monotone in n)",
    ]);
    expect(checkDecisionTable(table([[3, 1, 3, 3], [6, 1, 2, 3]], null))).toEqual([
      "n=6: de-escalation boundary 2 is below 3 at n=3 (non-monotone in n)",
    ]);
    // Elimination undefined at n=6: n=9 is compared with n=3 (step 6).
    expect(checkDecisionTable(table([[3, 0, 2, 3], [6, 1, 3, null], [9, 2, 4, 9]], null))).toEqual([]);
    expect(checkDecisionTable(table([[3, 0, 2, 3], [6, 1, 3, null], [9, 2, 4, 10]], null))).toEqual([
      "n=9: elimination boundary 10 rises by more than 6 from 3 at n=3 (non-monotone in n)",
    ]);
    expect(checkDecisionTable(table([[3, 0, 2, 3], [6, 1, 3, null], [9, 1, 4, 2]], null))).toEqual([
      "n=9: eliminates from 2 DLTs but de-escalates only from 4",
      "n=9: elimination boundary 2 is below 3 at n=3 (non-monotone in n)",
    ]);
    // The comparison moves on: n=9 compares with n=6, not n=3.
    expect(checkDecisionTable(table([[3, 0, 1, 3], [6, 0, 4, 6], [9, 0, 4, 6]], null))).toEqual([]);
  });
});
