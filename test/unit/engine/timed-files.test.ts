/** The seed trials' calendar-time files and sweeps validate, and the sweeps' grid keys apply. */
import { describe, expect, it } from "vitest";
import { loadDesign, loadScenario } from "../../../src/config/load.js";
import { loadSweep } from "../../../src/sweep/plan.js";

const TRIALS = ["sys6020", "cd19-bcma", "s103"];

describe("timed seed files", () => {
  for (const t of TRIALS) {
    it(`${t}: the timed design and scenario have conduct and timing blocks, explained in their descriptions`, () => {
      const d = loadDesign(`designs/${t}-timed.json`);
      const s = loadScenario(`scenarios/${t}-timed.json`);
      expect(d.conduct).toBeDefined();
      expect(s.timing).toBeDefined();
      expect(d.description).toMatch(/assumption/i);
      expect(s.description).toMatch(/assumption/i);
    });
    it(`${t}-timing.json: recruitment rate x sentinel interval x review time, applied to the cells`, () => {
      const plan = loadSweep(`scenarios/sweeps/${t}-timing.json`);
      expect(plan.gridKeys).toEqual(["timing.rate", "conduct.sentinelDays", "conduct.reviewDays"]);
      expect(plan.cells).toHaveLength(27);
      expect(new Set(plan.cells.map((c) => c.key)).size).toBe(27);
      for (const c of plan.cells) {
        expect(c.scenario.timing!.rate).toBe(c.params["timing.rate"]);
        expect(c.design.conduct!.sentinelDays).toBe(c.params["conduct.sentinelDays"]);
        expect(c.design.conduct!.reviewDays).toBe(c.params["conduct.reviewDays"]);
      }
    });
  }
  it("the SYS6020 conduct is the registered schedule", () => {
    const c = loadDesign("designs/sys6020-timed.json").conduct!;
    expect(c.infusionDays).toEqual([0, 7, 14]);
    expect(c.windowDays).toBe(28);
    expect(c.windowFrom).toBe("last");
    expect(c.reviewDays).toBeGreaterThan(0);
  });
});
