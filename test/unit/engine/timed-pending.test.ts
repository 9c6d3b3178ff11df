/**
 * The timed engine's pending mode (designs that decide with pending patients, TITE-BOIN):
 * with arrivals slower than the window nobody is ever pending at a decision, so TITE-BOIN's
 * trials are BOIN's, draw for draw; with fast arrivals decisions are taken with pending
 * patients, trials are shorter, suspension pauses accrual; untimed, TITE-BOIN is BOIN exactly.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildDesign, loadDesign, loadScenario, parseDesignConfig, parseScenarioConfig } from "../../../src/config/load.js";
import { runExact, runTimed } from "../../../src/engine/run.js";
import { timedRunner } from "../../../src/engine/timed.js";
import { PendingTrialState, SUSPEND } from "../../../src/model/pending.js";
import { Action } from "../../../src/model/decision.js";

const truth = [0.05, 0.12, 0.25, 0.4, 0.55];
const scenario = (timing: Record<string, unknown>) =>
  parseScenarioConfig({ target: 0.25, ladder: { doses: [1, 2, 3, 4, 5] }, curves: [{ name: "c", truth }], timing }, "(test scenario)");
const design = (type: string, extra: Record<string, unknown> = {}, conduct: Record<string, unknown> = { windowDays: 28 }) =>
  parseDesignConfig({ name: type, design: { type, target: 0.25, cohortSize: 3, nCohorts: 8, ...extra }, conduct }, "(test design)");

describe("pending mode", () => {
  it("with fixed gaps longer than the window, TITE-BOIN's trials are BOIN's draw for draw", () => {
    const sc = scenario({ process: "fixed", rate: 0.4 }); // a patient every ~76 days, window 28
    const a = runTimed({ config: design("boin"), scenario: sc, trials: 3000, seed: "slow" }).curves[0];
    const b = runTimed({ config: design("tite-boin"), scenario: sc, trials: 3000, seed: "slow" }).curves[0];
    expect(b.selection).toEqual(a.selection);
    expect(b.patients).toEqual(a.patients);
    expect(b.dlts).toEqual(a.dlts);
    expect(b.timing!.duration.mean).toBe(a.timing!.duration.mean);
  });

  it("with fast accrual, TITE-BOIN finishes sooner than waiting BOIN and suspends accrual at times", () => {
    const sc = scenario({ process: "poisson", rate: 4, dltTiming: "uniform" });
    const a = runTimed({ config: design("boin"), scenario: sc, trials: 4000, seed: "fast" }).curves[0];
    const b = runTimed({ config: design("tite-boin"), scenario: sc, trials: 4000, seed: "fast" }).curves[0];
    expect(b.timing!.duration.mean).toBeLessThan(0.9 * a.timing!.duration.mean);
    expect(b.timing!.pausedDays.mean).toBeGreaterThan(0);
    // the decisions differ from BOIN's (pending patients matter)
    expect(b.selection).not.toEqual(a.selection);
    // still a sensible design: the true MTD (dose 3) is the most selected dose
    expect(b.selection.indexOf(Math.max(...b.selection))).toBe(2);
  });

  it("a stricter suspension rule (Chen et al. Rule 1) never shortens the trial on average and pauses longer", () => {
    const sc = scenario({ process: "poisson", rate: 4, dltTiming: "uniform" });
    const a = runTimed({ config: design("tite-boin"), scenario: sc, trials: 3000, seed: "r1" }).curves[0];
    const b = runTimed({ config: design("tite-boin", { minCompletedShare: 0.8 }), scenario: sc, trials: 3000, seed: "r1" }).curves[0];
    expect(b.timing!.duration.mean).toBeGreaterThan(a.timing!.duration.mean);
    expect(b.timing!.pausedDays.mean).toBeGreaterThan(a.timing!.pausedDays.mean);
  });

  it("patients who leave the data (non-evaluable, manufacturing failure) are made up for, never beyond the maximum sample size", () => {
    // SYS6020's timed scenario: 5% manufacturing failures and 5% non-evaluable patients
    const sc = loadScenario("scenarios/sys6020-timed.json");
    const b = runTimed({ config: loadDesign("designs/sys6020-tite-boin.json"), scenario: { ...sc, curves: sc.curves.filter((c) => c.name === "safe") }, trials: 2000, seed: "ne" }).curves[0];
    expect(b.timing!.nonEvaluable.mean + b.timing!.manufacturingFailures.mean).toBeGreaterThan(1);
    // a safe curve: every trial runs to the maximum of 30 patients with an outcome
    expect(b.sampleSize).toBe(30);
  });

  it("untimed, TITE-BOIN's exact operating characteristics are BOIN's", () => {
    const sc = parseScenarioConfig({ target: 0.25, ladder: { doses: [1, 2, 3, 4, 5] }, curves: [{ name: "c", truth }] }, "(s)");
    const strip = (c: ReturnType<typeof parseDesignConfig>) => ({ ...c, conduct: undefined });
    const a = runExact({ config: strip(design("boin")), scenario: sc }).curves[0];
    const b = runExact({ config: strip(design("tite-boin")), scenario: sc }).curves[0];
    expect(b.selection).toEqual(a.selection);
    expect(b.patients).toEqual(a.patients);
  });

  it("refuses conduct rules that belong to designs that wait for the window", () => {
    const d = buildDesign(design("tite-boin"), 5);
    expect(() => timedRunner(d, undefined, design("tite-boin", {}, { reviewDays: 7 }).conduct, truth, 3)).toThrow(/reviewDays/);
  });
});

describe("the pending view", () => {
  const K = 5;
  const boin = buildDesign(design("boin"), K);
  const tite = buildDesign(design("tite-boin"), K);
  const stateArb = fc.record({
    current: fc.integer({ min: 0, max: K - 1 }),
    ns: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: K, maxLength: K }),
    frac: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: K, maxLength: K }),
  });
  const build = (r: { current: number; ns: number[]; frac: number[] }) => {
    const s = new PendingTrialState(K, 0);
    s.reset(0);
    for (let d = 0; d < K; d++) {
      const n = r.ns[d] * 3;
      if (n > 0) s.addCohort(d, n, Math.floor(r.frac[d] * (n + 1) * 0.999), false);
    }
    if (s.n[r.current] === 0) s.addCohort(r.current, 3, 0, false);
    s.current = r.current;
    return s;
  };
  const same = (a: { action: number; dose: number; reason: number; eliminateFrom: number }, b: typeof a) =>
    a.action === b.action && a.dose === b.dose && a.reason === b.reason && a.eliminateFrom === b.eliminateFrom;

  it("with no pending patients TITE-BOIN decides as BOIN (property)", () => {
    fc.assert(fc.property(stateArb, (r) => same(tite.decide(build(r)), boin.decide(build(r)))), { numRuns: 500 });
  });

  it("pending patients with full follow-up and no DLT give BOIN's decision on the complete data, unless suspended (property)", () => {
    fc.assert(
      fc.property(stateArb, fc.integer({ min: 1, max: 3 }), (r, c) => {
        const s = build(r);
        const d = s.current;
        const n = s.n[d];
        if (c > n - s.y[d]) return true;
        // c pending, each followed the whole window (STFT = c): the imputation puts no DLT on them
        for (let k = 0; k < c; k++) s.addPending(d, 1);
        const dec = tite.decide(s);
        if (dec === SUSPEND) return c / n > 0.5;
        const complete = boin.decide(build(r));
        // BOIN's integer rules and the continuous ones agree at STFT = c except where y/n sits on a boundary
        return same(dec, complete) || (complete.action === Action.Treat && dec.action === Action.Treat);
      }),
      { numRuns: 500 },
    );
  });

  it("suspends when more than half the patients at the dose are pending, unless it de-escalates whatever they show", () => {
    const s = new PendingTrialState(K, 0);
    s.reset(0);
    s.addCohort(0, 3, 0, false);
    s.addPending(0, 0.3);
    s.addPending(0, 0.1);
    expect(tite.decide(s)).toBe(SUSPEND);
    s.y[0] = 1; // 1 DLT of 3: de-escalation (here: stay at the lowest dose) whatever the pending show
    expect(tite.decide(s)).not.toBe(SUSPEND);
  });
});
