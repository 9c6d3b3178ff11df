/**
 * The seed trials' TITE-BOIN files and their comparison sweeps: TITE-BOIN and its waiting
 * BOIN counterpart share the conduct and differ only in how they treat pending patients; at a
 * fast referral rate TITE-BOIN finishes sooner, at no large cost in correct selection.
 */
import { describe, expect, it } from "vitest";
import { loadDesign, loadScenario } from "../../../src/config/load.js";
import { runTimed } from "../../../src/engine/run.js";
import { loadSweep } from "../../../src/sweep/plan.js";

for (const t of ["sys6020", "cd19-bcma"]) {
  describe(t, () => {
    const tite = loadDesign(`designs/${t}-tite-boin.json`);
    const wait = loadDesign(`designs/${t}-boin-timed.json`);
    it("TITE-BOIN and waiting BOIN share the conduct and the BOIN parameters", () => {
      expect(tite.design.type).toBe("tite-boin");
      expect(wait.design.type).toBe("boin");
      expect(tite.conduct).toEqual({ ...wait.conduct, file: tite.conduct!.file });
      for (const k of ["target", "cohortSize", "nCohorts"]) expect((tite.design as unknown as Record<string, unknown>)[k]).toBe((wait.design as unknown as Record<string, unknown>)[k]);
    });
    it(`${t}-tite.json: both designs over the referral rates`, () => {
      const plan = loadSweep(`scenarios/sweeps/${t}-tite.json`);
      expect(plan.gridKeys).toEqual(["timing.rate"]);
      const types = t === "cd19-bcma" ? ["boin", "tite-boin", "tite-keyboard", "tite-crm"] : ["boin", "tite-boin", "tite-crm"];
      expect(new Set(plan.cells.map((c) => c.design.design.type))).toEqual(new Set(types));
      // BF-BOIN (the backfill modifier on BOIN) is the one more design file
      expect(plan.cells).toHaveLength(3 * (types.length + 1));
    });
    it("at 4 referrals a month TITE-BOIN is faster, with correct selection within 0.05 of waiting BOIN's", () => {
      const base = loadScenario(`scenarios/${t}-timed.json`);
      const scenario = { ...base, timing: { ...base.timing!, rate: 4 }, curves: base.curves.filter((c) => c.name === "mtd-middle") };
      const a = runTimed({ config: wait, scenario, trials: 3000, seed: "tite-files" }).curves[0];
      const b = runTimed({ config: tite, scenario, trials: 3000, seed: "tite-files" }).curves[0];
      expect(b.timing!.duration.mean).toBeLessThan(0.85 * a.timing!.duration.mean);
      expect(Math.abs(b.correctSelection! - a.correctSelection!)).toBeLessThan(0.05);
    });
  });
}
