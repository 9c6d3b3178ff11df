/**
 * The seed trials' BF-BOIN files: the waiting BOIN of <trial>-boin-timed.json with the backfill
 * modifier and the paper's nEarlyStop of 9, same conduct; both in the trial's TITE sweep.
 */
import { describe, expect, it } from "vitest";
import { loadDesign } from "../../../src/config/load.js";
import { loadSweep } from "../../../src/sweep/plan.js";

for (const t of ["sys6020", "cd19-bcma"]) {
  describe(t, () => {
    const bf = loadDesign(`designs/${t}-bf-boin.json`);
    const wait = loadDesign(`designs/${t}-boin-timed.json`);
    it("BF-BOIN is the waiting BOIN with the backfill modifier, the same conduct and nEarlyStop 9", () => {
      expect(bf.design.type).toBe("boin");
      expect(bf.modifiers.map((m) => m.type)).toEqual(["backfill"]);
      expect(bf.modifiers[0].params).toMatchObject({ cap: 12, requireResponse: true, conflictRule: "backfilled" });
      expect(bf.conduct).toEqual({ ...wait.conduct, file: bf.conduct!.file });
      expect(bf.design.params).toEqual({ ...wait.design.params, nEarlyStop: 9 });
    });
    it(`${t}-tite.json runs it beside the waiting and TITE designs`, () => {
      const plan = loadSweep(`scenarios/sweeps/${t}-tite.json`);
      expect(plan.cells.some((c) => c.design.modifiers.some((m) => m.type === "backfill"))).toBe(true);
    });
  });
}
