/**
 * Rolling six's decision grid against the published one (fixture with provenance:
 * Frankel et al. 2020, JAMA Netw Open 3(5):e204787, Table 2, "Rolling 6" column, restating
 * Skolnik et al. 2008), cell for cell: every (enrolled, evaluable, DLTs) the table prints, up to
 * the 6 patients a dose may have, as `doseladder table` shows it (the design's pendingTable,
 * pending = enrolled - evaluable) and as the design decides in a trial state.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { DESIGNS } from "../../src/designs/index.js";
import { resolveParams } from "../../src/config/params.js";
import { PendingTrialState, SUSPEND } from "../../src/model/pending.js";
import { Action, REASONS } from "../../src/model/decision.js";
import grid from "./fixtures/rolling-six-grid.json" with { type: "json" };

const K = 4;
const entry = DESIGNS.get("rolling-six")!;
const make = () => entry.build(resolveParams(entry.params, {}, "(test)", "design"), K);
// built in each test, so that mutation testing attributes the construction to the tests
let design = make();
let table = design.pendingTable!();
beforeEach(() => {
  design = make();
  table = design.pendingTable!();
});

/** Published decision text -> the table's code. */
const CODE: Record<string, string> = { "Same dose level": "S", "Hold accrual": "SUS", Escalate: "E", "Escalate (or MTD)": "E", Deescalate: "DE" };

/** "2-5" -> [2, 5]; "3" -> [3, 3]; "any" -> [lo, hi]. */
function range(text: string, lo: number, hi: number): [number, number] {
  if (text === "any") return [lo, hi];
  const [a, b] = text.split("-").map(Number);
  return [a, b ?? a];
}

/** Every printed cell with at most 6 enrolled. */
const cells = grid.rows
  .filter((r) => r.decision !== "Not allowed")
  .flatMap((r) => {
    const y = Number(r.dlts);
    const out: { row: number; n: number; e: number; y: number; code: string }[] = [];
    const [n0, n1] = range(r.total, y, 6);
    for (let n = n0; n <= Math.min(n1, 6); n++) {
      const [e0, e1] = range(r.evaluable, y, n);
      for (let e = Math.max(e0, y); e <= Math.min(e1, n); e++) out.push({ row: r.row, n, e, y, code: CODE[r.decision] });
    }
    return out;
  });

/** A state at dose 2 (0-based 1, dose 1 passed with 3 DLT-free) with n enrolled, y DLTs, n - e pending. */
function stateAt(n: number, e: number, y: number): PendingTrialState {
  const s = new PendingTrialState(K, 0);
  s.reset(0);
  s.addCohort(0, 3, 0, false);
  if (n > 0) s.addCohort(1, n, y, false);
  for (let k = 0; k < n - e; k++) s.addPending(1, 0.5);
  s.current = 1;
  return s;
}

describe("rolling six grid (Frankel et al. 2020, Table 2, rolling 6 column; Skolnik et al. 2008)", () => {
  it("the fixture yields the expected number of cells (every feasible count up to 6 but 6/6 evaluable without DLT)", () => {
    expect(grid.rows).toHaveLength(30);
    // feasible (n <= 6, y <= min(3, e), e <= n) with y in 0..3, minus (6, 6, 0)
    let feasible = 0;
    for (let n = 0; n <= 6; n++) for (let e = 0; e <= n; e++) for (let y = 0; y <= Math.min(3, e); y++) feasible++;
    expect(cells).toHaveLength(feasible - 1);
    expect(new Set(cells.map((c) => `${c.n},${c.e},${c.y}`)).size).toBe(cells.length);
  });

  for (const c of cells.filter((c) => c.n >= 1)) {
    it(`row ${c.row}: ${c.n} enrolled, ${c.e} evaluable, ${c.y} DLTs -> ${c.code} (doseladder table)`, () => {
      const cell = table.cells.find((t) => t.n === c.n && t.dlt === c.y && t.pending === c.n - c.e)!;
      expect(cell.label).toBe(c.code);
    });
  }

  it("decides every printed cell in a trial state: escalate to dose 3, enrol at dose 2, hold, or step down to dose 1", () => {
    for (const c of cells) {
      const dec = design.decide(stateAt(c.n, c.e, c.y));
      const got = dec === SUSPEND ? "SUS" : dec.action === Action.Treat && dec.dose === 2 ? "E" : dec.action === Action.Treat && dec.dose === 1 ? "S" : dec.action === Action.Treat && dec.dose === 0 ? "DE" : "?";
      expect(got, `row ${c.row}: ${c.n}/${c.e}/${c.y}`).toBe(c.code);
      if (c.code !== "SUS") expect(dec.size).toBe(1);
      if (c.code === "DE") expect([REASONS[dec.reason], dec.eliminateFrom]).toEqual(["de-escalate", 1]);
    }
  });

  it("the unlisted rare cell 6 enrolled, 6 evaluable, no DLT escalates (the rule: 6 enrolled, at least 5 evaluable, no DLT)", () => {
    expect(table.cells.find((t) => t.n === 6 && t.dlt === 0 && t.pending === 0)!.label).toBe("E");
  });

  it("never enrols a seventh patient at a dose ('Not allowed' above 6): no cell with 6 enrolled says S", () => {
    expect(table.cells.filter((t) => t.n === 6 && t.label === "S")).toEqual([]);
    expect(grid.rows.filter((r) => r.decision === "Not allowed").every((r) => range(r.total, 0, 8)[0] > 6)).toBe(true);
  });
});
