/**
 * TITE-BOIN's decision table with pending patients against Yuan et al. (2018) Table 1
 * (fixture with provenance), cell for cell, thresholds included.
 */
import { describe, expect, it } from "vitest";
import { DESIGNS } from "../../src/designs/index.js";
import { resolveParams } from "../../src/config/params.js";
import table1 from "./fixtures/tite-boin-table1.json" with { type: "json" };

function build(raw: Record<string, unknown>, doses = 5) {
  const entry = DESIGNS.get(raw.type as string)!;
  const { type: _t, ...rest } = raw;
  return entry.build(resolveParams(entry.params, rest, "(test)", "design"), doses);
}

describe("TITE-BOIN decision table (Yuan et al. 2018, Table 1, target 0.2)", () => {
  const design = build(table1.design);
  const t = design.pendingTable!();
  it("has the published number of lines", () => {
    expect(t.rows.length).toBe(table1.rows.length);
  });
  table1.rows.forEach((row, i) => {
    it(`n=${row.n}, DLTs ${row.dlt}`, () => {
      expect(t.rows[i]).toEqual(row);
    });
  });
  it("gives the hand-checked threshold n=9, y=1, c=4: 2.15 (REFERENCES-TIME check by hand)", () => {
    const cell = t.cells.find((c) => c.n === 9 && c.dlt === 1 && c.pending === 4)!;
    expect(cell.segments.map((s) => s.decision)).toEqual(["S", "E"]);
    expect(cell.segments[1].from).toBeCloseTo(2.1506, 3);
  });
});
