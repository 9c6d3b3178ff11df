/**
 * Rolling six in the engines. Untimed (exact), nobody is pending: its selection is exactly the
 * 3+3 with de-escalation's (a-plus-b), with no more patients per dose. Timed with gaps longer
 * than the window, nobody is pending at a decision either: the timed Monte Carlo agrees with
 * that exact result. With a patient every 10 days and referrals lost while the trial is closed
 * (the setting of Skolnik et al. 2008's comparison, whose truth curves are not published: this is
 * not a reproduction of their figures), it decides with patients pending: when the MTD is low or
 * middling, shorter trials than the 3+3 that waits for each cohort's windows, about as many
 * DLTs; it holds accrual at times; when every dose is safe it enrols nearly 6 a dose, so it takes
 * more patients than the 3+3 (and no less time).
 */
import { describe, expect, it } from "vitest";
import { loadDesign, loadScenario, parseDesignConfig, parseScenarioConfig } from "../../../src/config/load.js";
import { runExact, runTimed } from "../../../src/engine/run.js";

const curves = [
  { name: "middle", truth: [0.05, 0.12, 0.25, 0.4, 0.55] },
  { name: "low", truth: [0.15, 0.3, 0.45, 0.6, 0.7] },
  { name: "safe", truth: [0.02, 0.04, 0.06, 0.08, 0.1] },
];
const scenario = (timing?: Record<string, unknown>) =>
  parseScenarioConfig({ target: 0.25, ladder: { doses: [1, 2, 3, 4, 5] }, curves, ...(timing ? { timing } : {}) }, "(test scenario)");
const r6 = (conduct: Record<string, unknown> = { windowDays: 28 }) => parseDesignConfig({ name: "r6", design: { type: "rolling-six" }, conduct }, "(test design)");
const tpt = parseDesignConfig({ name: "3+3", design: { type: "a-plus-b", deEscalation: true }, conduct: { windowDays: 28 } }, "(test design)");

describe("rolling six in the engines", () => {
  it("exact, untimed: the 3+3 with de-escalation's selection and stop reasons, with at most as many patients per dose", () => {
    const a = runExact({ config: r6(), scenario: scenario() });
    const b = runExact({ config: tpt, scenario: scenario() });
    a.curves.forEach((c, i) => {
      const o = b.curves[i];
      c.selection.forEach((p, d) => expect(p).toBeCloseTo(o.selection[d], 12));
      expect(c.noMtd).toBeCloseTo(o.noMtd, 12);
      for (const [k, v] of Object.entries(o.stopReasons)) expect(c.stopReasons[k] ?? 0).toBeCloseTo(v, 12);
      c.patients.forEach((n, d) => expect(n).toBeLessThanOrEqual(o.patients[d] + 1e-12));
      expect(c.sampleSize).toBeLessThan(o.sampleSize);
    });
  });

  it("timed with gaps longer than the window (nobody pending at a decision): the exact selection within 4 standard errors", () => {
    const trials = 4000;
    const exact = runExact({ config: r6(), scenario: scenario() });
    const timed = runTimed({ config: r6(), scenario: scenario({ process: "fixed", rate: 0.4 }), trials, seed: "r6-slow" });
    timed.curves.forEach((c, i) => {
      const e = exact.curves[i];
      e.selection.forEach((p, d) => expect(Math.abs(c.selection[d] - p)).toBeLessThanOrEqual(4 * Math.sqrt((p * (1 - p)) / trials) + 1e-9));
      expect(c.timing!.pausedDays.mean).toBe(0);
    });
  });

  it("a patient every 10 days, referrals lost while closed: shorter than the waiting 3+3 unless every dose is safe, about as many DLTs", () => {
    const sc = scenario({ process: "poisson", rate: 3, dltTiming: "uniform" });
    const closed = { windowDays: 28, whilePaused: "turn-away" };
    const a = runTimed({ config: { ...tpt, conduct: { ...tpt.conduct!, whilePaused: "turn-away" } }, scenario: sc, trials: 3000, seed: "r6-fast" });
    const b = runTimed({ config: r6(closed), scenario: sc, trials: 3000, seed: "r6-fast" });
    b.curves.forEach((c, i) => {
      const o = a.curves[i];
      if (c.name === "safe") {
        expect(c.sampleSize).toBeGreaterThan(1.4 * o.sampleSize);
        expect(c.timing!.duration.mean).toBeGreaterThan(o.timing!.duration.mean);
      } else expect(c.timing!.duration.mean).toBeLessThan(0.9 * o.timing!.duration.mean);
      expect(c.timing!.pausedDays.mean).toBeGreaterThan(0);
      expect(c.timing!.turnedAway.mean).toBeLessThan(0.6 * o.timing!.turnedAway.mean);
      if (c.name !== "safe") expect(Math.abs(c.totalDlts - o.totalDlts)).toBeLessThan(0.1 * o.totalDlts);
    });
  });

  for (const t of ["s103", "sys6020"]) {
    it(`designs/${t}-rolling-six.json runs on scenarios/${t}-timed.json`, () => {
      const sc = loadScenario(`scenarios/${t}-timed.json`);
      const r = runTimed({ config: loadDesign(`designs/${t}-rolling-six.json`), scenario: { ...sc, curves: sc.curves.slice(0, 2) }, trials: 400, seed: "files" });
      expect(r.design.type).toBe("rolling-six");
      for (const c of r.curves) {
        expect(c.sampleSize).toBeLessThanOrEqual(6 * sc.ladder.doses.length);
        expect(c.timing!.duration.mean).toBeGreaterThan(0);
      }
    });
  }
});
