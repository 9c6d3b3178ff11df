/**
 * Backfilling followed by an efficacy expansion in calendar time (src/engine/timed.ts,
 * src/efficacy/expansion-timed.ts begin's `extra`): the run is no longer refused; the arms pool
 * the completed backfilled patients at their dose as escalation patients (one response drawn
 * for each, as for an escalation patient); a backfill that never fires leaves every trial of the
 * expansion as the same design without backfilling (trial by trial, common random numbers).
 * Design: test/unit/engine/fixtures/bf-efficacy-timed.json (designs/sys6020-bf-boin.json plus the
 * efficacy-expansion modifier of designs/sys6020-efficacy-timed.json).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildDesign, loadScenario, parseDesignConfig, trueMtd } from "../../../src/config/load.js";
import { runTimed } from "../../../src/engine/run.js";
import { timedRunner } from "../../../src/engine/timed.js";
import { BackfillTrialState } from "../../../src/model/pending.js";

const raw = JSON.parse(readFileSync("test/unit/engine/fixtures/bf-efficacy-timed.json", "utf8")) as Record<string, unknown> & { modifiers: Record<string, unknown>[] };
const scenario = loadScenario("scenarios/sys6020-efficacy-timed.json");

describe("backfilling, then an efficacy expansion, in calendar time", () => {
  it("runs: the efficacy block's recommendations and P(no dose) sum to 1, some patients are backfilled", () => {
    const config = parseDesignConfig(raw, "bf-efficacy-timed.json");
    const r = runTimed({ config, scenario: { ...scenario, curves: scenario.curves.slice(2, 3) }, trials: 500, seed: "bf" });
    const c = r.curves[0];
    const e = c.efficacy!;
    expect((e.recommended as number[]).reduce((a, b) => a + b, 0) + (e.noDose as number)).toBeCloseTo(1, 12);
    expect(c.timing!.backfill!.patients.mean).toBeGreaterThan(0);
    expect(c.timing!.recommendedDecision!.mean).toBeGreaterThanOrEqual(c.timing!.mtdDecision.mean);
  });

  it("begin pools the completed backfilled patients at each expanded dose: one more response draw for each", () => {
    const design = buildDesign(parseDesignConfig(raw, "bf-efficacy-timed.json"), 5);
    const c = scenario.curves[2];
    const arms = design.finalStateOc!.timed!({ truth: c.truth, response: c.response }, false);
    // escalation: 3 at doses 1 and 2, 9 at dose 3 with 2 DLTs, 3 at dose 4 with 2 DLTs: BOIN selects dose 3 (index 2)
    const state = new BackfillTrialState(5, design.memSlots);
    state.reset(0);
    state.addCohort(0, 3, 0, false);
    state.addCohort(1, 3, 0, false);
    state.addCohort(2, 3, 0, false);
    state.addCohort(3, 3, 2, false);
    state.addCohort(2, 6, 2, false);
    let draws = 0;
    const u = { next: () => (draws++, 0.5) };
    const nArms = arms.begin(state, u);
    const doses = Array.from({ length: nArms }, (_, a) => arms.dose(a));
    const plain = draws;
    // the escalation patients at the expanded doses (poolEscalation): one draw each
    expect(plain).toBe(doses.reduce((s, d) => s + state.n[d], 0));
    const extra = { n: [4, 2, 1, 0, 0], y: [0, 1, 0, 0, 0] };
    draws = 0;
    expect(arms.begin(state, u, extra)).toBe(nArms);
    expect(draws).toBe(plain + doses.reduce((s, d) => s + extra.n[d], 0));
    expect(doses).toEqual([2, 1]);
  });

  it("a backfill that never fires (cap 1: every lower dose already has patients) gives every trial the expansion of the design without backfilling", () => {
    const never = { ...raw, modifiers: raw.modifiers.map((m) => (m.type === "backfill" ? { ...m, cap: 1 } : m)) };
    const without = { ...raw, modifiers: raw.modifiers.filter((m) => m.type !== "backfill") };
    const c = scenario.curves[2];
    const mtd = trueMtd(c.truth, scenario.target);
    const runners = [never, without].map((d) => {
      const config = parseDesignConfig(d, "(t)");
      return timedRunner(buildDesign(config, 5), scenario.timing, config.conduct, c.truth, mtd, undefined, c.response, c.association, { crn: true });
    });
    for (let t = 0; t < 40; t++) {
      const [a, b] = runners.map((r) => r.trace("never", 0, t));
      expect(a.patients.some((p) => p.backfill)).toBe(false);
      expect(a.recommended).toBe(b.recommended);
      expect(a.recommendedDecision).toBe(b.recommendedDecision);
      expect(a.duration).toBe(b.duration);
      expect(a.patients.length).toBe(b.patients.length);
    }
  });
});
