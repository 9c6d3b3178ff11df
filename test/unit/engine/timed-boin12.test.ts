/**
 * BOIN12 (a design deciding on DLT and response, Design.jointOutcomes) in calendar time: each
 * cohort is decided at the later of its DLT windows' end and its response assessments (hand-computed
 * schedules), and so on the same data as untimed: the selection and the patients per dose agree
 * with the untimed exact engine within 4 binomial (selection) or range-bound (patients) SEs.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDesignConfig, parseScenarioConfig } from "../../../src/config/load.js";
import { DAYS_PER_MONTH, parseTiming } from "../../../src/config/timing.js";
import { runExact, runTimed } from "../../../src/engine/run.js";

const fixture = JSON.parse(readFileSync("test/unit/engine/fixtures/timed-boin12-schedule.json", "utf8")) as {
  cases: { name: string; responseMonths: number; expected: { duration: number; arrivals: number[]; assessed: number[] } }[];
};

describe("BOIN12 in calendar time waits for the responses (hand-computed schedules)", () => {
  const config = parseDesignConfig({ doses: 2, design: { type: "boin12", target: 0.25, efficacyLow: 0.3, cohortSize: 3, nCohorts: 2 }, conduct: { windowDays: 28, whilePaused: "turn-away" } }, "(test design)");
  for (const c of fixture.cases) {
    it(c.name, () => {
      const scenario = parseScenarioConfig({ ladder: { doses: [1, 2] }, curves: [{ name: "c", truth: [0, 0], response: [1, 1] }], timing: { process: "fixed", rate: DAYS_PER_MONTH / 10, responseMonths: c.responseMonths } }, "(test scenario)");
      const r = runTimed({ config, scenario, trials: 3, seed: "fixed" });
      const t = r.curves[0].timing!;
      expect(t.duration.sd).toBe(0);
      const ex = t.example!;
      expect(ex.duration).toBe(c.expected.duration);
      expect(ex.mtdDecision).toBe(c.expected.duration);
      expect(ex.patients.map((p) => p.arrival)).toEqual(c.expected.arrivals);
      expect(ex.patients.map((p) => p.assessed)).toEqual(c.expected.assessed);
      expect(ex.patients.every((p) => p.response === true)).toBe(true);
      // 3/3 responses at dose 1: BOIN12 stays there, as untimed (patients [6, 0])
      expect(r.curves[0].patients).toEqual([6, 0]);
    });
  }
});

describe("BOIN12 in calendar time selects as the untimed exact engine says", () => {
  const design = { doses: 3, design: { type: "boin12", target: 0.25, efficacyLow: 0.3, cohortSize: 3, nCohorts: 4 } };
  const curves = [
    { name: "plateau", truth: [0.05, 0.15, 0.3], response: [0.3, 0.55, 0.6] },
    { name: "peak", truth: [0.1, 0.2, 0.45], response: [0.5, 0.4, 0.3] },
  ];
  const world = { ladder: { doses: [1, 2, 3] }, target: 0.25, association: { model: "odds-ratio", value: 2 }, curves };
  const trials = 2 * 4096;
  it("selection and patients per dose within 4 SEs of exact (SEs from the exact values, not the code's)", () => {
    const exact = runExact({ config: parseDesignConfig(design, "(test)"), scenario: parseScenarioConfig(world, "(test)") });
    const timing = { process: "poisson", rate: 2, manufacturing: "gamma", manufacturingDays: 21, manufacturingSd: 4, manufacturingFailure: 0.05, nonEvaluable: 0.05, responseMonths: 3 };
    const conduct = { windowDays: 28, windowFrom: "last", infusionDays: [0, 7, 14], sentinel: "dose", reviewDays: 14, reviewVariation: "uniform" };
    const scenario = { ...parseScenarioConfig(world, "(test)"), timing: parseTiming(timing, "(test)") };
    const timed = runTimed({ config: parseDesignConfig({ ...design, conduct }, "(test)"), scenario, trials, seed: "boin12-timed" });
    exact.curves.forEach((x, i) => {
      const y = timed.curves[i];
      x.selection.forEach((p, d) => expect(Math.abs(y.selection[d] - p)).toBeLessThanOrEqual(4 * Math.sqrt((p * (1 - p)) / trials) + 1e-9));
      expect(Math.abs(y.noMtd - x.noMtd)).toBeLessThanOrEqual(4 * Math.sqrt((x.noMtd * (1 - x.noMtd)) / trials) + 1e-9);
      // patients at a dose lie in [0, 12]: SD at most 6 (Popoviciu)
      x.patients.forEach((m, d) => expect(Math.abs(y.patients[d] - m)).toBeLessThanOrEqual((4 * 6) / Math.sqrt(trials)));
      // every cohort waits for its responses: at least 4 cohorts x 3 months
      expect(y.timing!.duration.mean).toBeGreaterThan(4 * 3 * DAYS_PER_MONTH);
    });
  });
});
