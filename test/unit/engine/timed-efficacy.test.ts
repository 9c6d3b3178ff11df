/**
 * The efficacy expansion in calendar time (src/engine/timed.ts with src/efficacy/expansion-timed.ts):
 * hand-computed schedules, the escalation untouched by the phase (its results equal the timed
 * results of the design without it, exactly), the recommended dose distributed as the untimed
 * exact computation says whatever the calendar (within 4 binomial SEs computed from the exact
 * probabilities), and a property: the trial never ends before every evaluable expansion patient's
 * response assessment, itself responseMonths after the patient's referral or later.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildDesign, loadDesign, loadScenario, parseDesignConfig, parseScenarioConfig, trueMtd } from "../../../src/config/load.js";
import { DAYS_PER_MONTH, parseConduct, parseTiming } from "../../../src/config/timing.js";
import type { DesignConfig, ScenarioConfig } from "../../../src/config/types.js";
import { runExact, runTimed, type RunResult } from "../../../src/engine/run.js";
import { timedRunner } from "../../../src/engine/timed.js";

const fixture = JSON.parse(readFileSync("test/unit/engine/fixtures/timed-efficacy-schedule.json", "utf8")) as {
  cases: { name: string; efficacy: Record<string, unknown>; conduct: Record<string, unknown>; response: number; expected: Record<string, number | number[]> }[];
};

/** Durations are summed after rounding to 1/16 day. */
const ROUNDING = 1 / 32;

const efficacyOf = (r: RunResult, i = 0) => r.curves[i].efficacy!;

describe("an efficacy expansion on a fixed schedule gives the durations computed by hand", () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const config = parseDesignConfig(
        {
          doses: 2,
          design: { type: "a-plus-b", a: 3, b: 3, c: 1, d: 1, e: 1 },
          modifiers: [{ type: "efficacy-expansion", doses: "mtd-and-below", allocation: "sequential", poolEscalation: false, toxMonitor: false, ...c.efficacy }],
          conduct: { windowDays: 28, whilePaused: "turn-away", ...c.conduct },
        },
        "(test design)",
      );
      const scenario = parseScenarioConfig(
        { ladder: { doses: [1, 2] }, curves: [{ name: "c", truth: [0, 0], response: [c.response, c.response] }], timing: { process: "fixed", rate: DAYS_PER_MONTH / 10, responseMonths: 1 } },
        "(test scenario)",
      );
      const r = runTimed({ config, scenario, trials: 3, seed: "fixed" });
      const t = r.curves[0].timing!;
      const e = c.expected;
      expect(t.duration.sd).toBe(0);
      expect(Math.abs(t.duration.mean - (e.duration as number))).toBeLessThanOrEqual(ROUNDING);
      expect(Math.abs(t.mtdDecision.mean - (e.mtdDecision as number))).toBeLessThanOrEqual(ROUNDING);
      expect(Math.abs(t.recommendedDecision!.mean - (e.recommendedDecision as number))).toBeLessThanOrEqual(ROUNDING);
      const ex = t.example!;
      expect(ex.duration).toBe(e.duration);
      expect(ex.recommendedDecision).toBe(e.recommendedDecision);
      expect(ex.recommended).toBe(e.recommended);
      const exp = ex.patients.filter((p) => p.expansion);
      expect(exp.map((p) => p.dose)).toEqual(e.doses);
      if (e.arrivals) expect(exp.map((p) => p.arrival)).toEqual(e.arrivals);
      if (e.assessed) expect(exp.map((p) => p.assessed)).toEqual(e.assessed);
      const eff = efficacyOf(r);
      expect(eff.expectedExpansionPatients).toBe(e.expansionPatients);
      const rec = e.recommended as number;
      expect(eff.recommended).toEqual([0, 1].map((d) => (d === rec ? 1 : 0)));
      expect(eff.noDose).toBe(rec < 0 ? 1 : 0);
    });
  }
});

/** The design file without its efficacy-expansion modifier (the escalation alone). */
function withoutExpansion(file: string): DesignConfig {
  const raw = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown> & { modifiers: { type: string }[] };
  return parseDesignConfig({ ...raw, modifiers: raw.modifiers.filter((m) => m.type !== "efficacy-expansion") }, file);
}

describe("the escalation in calendar time is untouched by an efficacy expansion after it", () => {
  const scenario = loadScenario("scenarios/sys6020-efficacy-timed.json");
  const sc = { ...scenario, curves: scenario.curves.filter((c) => c.name === "mtd-middle" || c.name === "toxic-first") };
  for (const file of ["designs/sys6020-efficacy-timed.json", "designs/sys6020-toxicity-expansion-timed.json"]) {
    it(`${file}: selection, patients, DLTs, stop reasons, MTD decision and escalation duration equal the escalation's own timed run exactly`, () => {
      const withPhase = runTimed({ config: loadDesign(file), scenario: sc, trials: 3000, seed: "escalation-untouched" });
      const alone = runTimed({ config: withoutExpansion(file), scenario: sc, trials: 3000, seed: "escalation-untouched" });
      withPhase.curves.forEach((c, i) => {
        const a = alone.curves[i];
        const { timing, efficacy, ...standard } = c as typeof c & { efficacy?: unknown };
        const { timing: ta, ...standardAlone } = a;
        expect(efficacy).toBeDefined();
        expect(standard).toEqual(standardAlone);
        expect(timing!.mtdDecision).toEqual(ta!.mtdDecision);
        expect(timing!.escalationDuration).toEqual(ta!.escalationDuration);
        // the expansion adds time after the escalation, never before it
        expect(timing!.duration.mean).toBeGreaterThanOrEqual(ta!.duration.mean);
      });
    });
  }
});

describe("the recommended dose in calendar time is distributed as the untimed exact computation says", () => {
  const untimed = loadScenario("scenarios/sys6020.json");
  const timedScenario = loadScenario("scenarios/sys6020-efficacy-timed.json");
  const curves = ["mtd-middle", "mtd-high"];
  const pick = (s: ScenarioConfig): ScenarioConfig => ({ ...s, curves: s.curves.filter((c) => curves.includes(c.name)) });
  const trials = 2 * 4096;
  /** |estimate - p| within 4 binomial SEs of the exact p (plus rounding). */
  const within = (est: number, p: number) => expect(Math.abs(est - p)).toBeLessThanOrEqual(4 * Math.sqrt((p * (1 - p)) / trials) + 1e-9);
  const variants: { name: string; design: string; timing?: Record<string, unknown>; conduct?: Record<string, unknown> }[] = [
    // fast recruitment (a patient a day, no screening failures or manufacturing time) and the response known at the infusion
    { name: "fast recruitment, zero assessment time", design: "designs/sys6020-efficacy.json", timing: { process: "fixed", rate: DAYS_PER_MONTH, responseMonths: 0 } },
    { name: "SYS6020's calendar, accrual continuing", design: "designs/sys6020-efficacy-timed.json" },
    { name: "SYS6020's calendar, accrual paused for looks", design: "designs/sys6020-efficacy-timed.json", conduct: { interimAccrual: "pause" } },
    { name: "SYS6020's calendar, toxicity-only expansion", design: "designs/sys6020-toxicity-expansion-timed.json" },
  ];
  for (const v of variants) {
    it(`${v.name}: P(recommended) per dose and P(no dose) within 4 binomial SEs of exact`, () => {
      const base = loadDesign(v.design);
      const exactDesign = loadDesign(v.design.replace("-timed", ""));
      const exact = runExact({ config: exactDesign, scenario: pick(untimed) });
      const sc: ScenarioConfig = v.timing ? { ...pick(untimed), timing: parseTiming(v.timing, "(test)") } : pick(timedScenario);
      const config: DesignConfig = v.conduct ? { ...base, conduct: parseConduct({ ...JSON.parse(readFileSync(v.design, "utf8")).conduct, ...v.conduct }, v.design) } : base;
      const timed = runTimed({ config, scenario: sc, trials, seed: `recommended-${v.name}` });
      curves.forEach((_, i) => {
        const x = efficacyOf(exact, i);
        const y = efficacyOf(timed, i);
        x.recommended.forEach((p: number, d: number) => within(y.recommended[d], p));
        within(y.noDose, x.noDose);
        within(y.twoDoses, x.twoDoses);
        within(y.betterOfTwo, x.betterOfTwo);
        within(y.optimalDoseRecommended, x.optimalDoseRecommended);
        // the escalation's selection too (the expansion starts from it)
        exact.curves[i].selection.forEach((p, d) => within(timed.curves[i].selection[d], p));
        if (v.conduct?.interimAccrual === "pause" || v.design.includes("toxicity")) {
          // no patient beyond a look's: the expected expansion patients are exact's; a dose's
          // patients lie in [0, 12], so their SD is at most 6 (Popoviciu), the SE at most 6 / sqrt(trials)
          x.expansionPatients.forEach((m: number, d: number) => expect(Math.abs(y.expansionPatients[d] - m)).toBeLessThanOrEqual((4 * 6) / Math.sqrt(trials)));
        } else {
          // accrual continuing: at least as many patients as with a pause (overrun), never more than 12 a dose
          x.expansionPatients.forEach((m: number, d: number) => expect(y.expansionPatients[d]).toBeGreaterThanOrEqual(m - (4 * 6) / Math.sqrt(trials)));
        }
      });
    });
  }
});

describe("property: the trial ends no earlier than every evaluable expansion patient's response assessment", () => {
  it("duration >= referral + assessment time of every evaluable expansion patient, MTD decision <= recommended-dose time <= duration", () => {
    fc.assert(
      fc.property(
        fc.record({
          rate: fc.double({ min: 0.5, max: 6, noNaN: true }),
          responseMonths: fc.double({ min: 0, max: 12, noNaN: true }),
          manufacturingDays: fc.integer({ min: 0, max: 30 }),
          nonEvaluable: fc.double({ min: 0, max: 0.3, noNaN: true }),
          manufacturingFailure: fc.double({ min: 0, max: 0.2, noNaN: true }),
          process: fc.constantFrom("poisson", "uniform", "fixed"),
          interimAccrual: fc.constantFrom("continue", "pause"),
          allocation: fc.constantFrom("sequential", "randomised"),
          efficacyRule: fc.constantFrom("none", "futility", "simon"),
          finalRule: fc.constantFrom("highest-safe", "best-utility", "lowest-within-delta"),
          tox: fc.array(fc.double({ min: 0, max: 0.6, noNaN: true }), { minLength: 3, maxLength: 3 }),
          response: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }),
          trial: fc.integer({ min: 0, max: 50 }),
        }),
        (p) => {
          const truth = [...p.tox].sort((a, b) => a - b);
          const config = parseDesignConfig(
            {
              doses: 3,
              design: { type: "a-plus-b", a: 3, b: 3, c: 1, d: 1, e: 1 },
              modifiers: [{ type: "efficacy-expansion", doses: "mtd-and-below", allocation: p.allocation, patientsPerDose: 10, efficacyRule: p.efficacyRule, finalRule: p.finalRule, minPatients: 4, lookEvery: 3, p0: 0.2, p1: 0.5 }],
              conduct: { windowDays: 28, interimAccrual: p.interimAccrual },
            },
            "(property design)",
          );
          const timing = parseTiming({ process: p.process, rate: p.rate, responseMonths: p.responseMonths, manufacturingDays: p.manufacturingDays, nonEvaluable: p.nonEvaluable, manufacturingFailure: p.manufacturingFailure }, "(property)");
          const design = buildDesign(config, 3);
          const runner = timedRunner(design, timing, config.conduct, truth, trueMtd(truth, 0.25), undefined, p.response);
          const tr = runner.trace("property", 0, p.trial);
          const R = p.responseMonths * DAYS_PER_MONTH;
          const exp = tr.patients.filter((r) => r.expansion);
          for (const r of exp) {
            if (r.outcome !== "evaluable") continue;
            expect(r.assessed).toBeDefined();
            expect(r.assessed!).toBeCloseTo(r.infusions[0] + R, 9);
            expect(tr.duration).toBeGreaterThanOrEqual(r.arrival + R - 1e-9);
            expect(tr.duration).toBeGreaterThanOrEqual(r.assessed! - 1e-9);
          }
          expect(tr.recommendedDecision!).toBeGreaterThanOrEqual(tr.mtdDecision);
          expect(tr.recommendedDecision!).toBeLessThanOrEqual(tr.duration);
          // an arm never has more evaluable patients than its size (Simon: its n)
          for (const d of [0, 1, 2]) expect(exp.filter((r) => r.dose === d && r.outcome === "evaluable").length).toBeLessThanOrEqual(p.efficacyRule === "simon" ? 100 : 10);
          // the MTD, and the recommended dose among the expanded ones
          if (tr.selected < 0) expect(exp).toHaveLength(0);
          if (tr.recommended! >= 0) expect([tr.selected, tr.selected - 1]).toContain(tr.recommended);
        },
      ),
      { numRuns: 60, seed: 20261207 },
    );
  });
});

describe("the timed seed sweep", () => {
  it("scenarios/sweeps/sys6020-timed-efficacy.json validates: 3 timed efficacy-expansion designs over the timed SYS6020 curves with response rates", async () => {
    const { loadSweep } = await import("../../../src/sweep/plan.js");
    const plan = loadSweep("scenarios/sweeps/sys6020-timed-efficacy.json");
    expect(plan.cells).toHaveLength(3);
    for (const c of plan.cells) {
      expect(c.design.conduct).toBeDefined();
      expect(c.scenario.timing?.responseMonths).toBe(12);
      expect(c.scenario.curves.every((k) => k.response !== undefined)).toBe(true);
      expect(buildDesign(c.design, 5).finalStateOc?.timed).toBeDefined();
    }
    expect(plan.cells.map((c) => c.design.conduct!.interimAccrual)).toEqual(["continue", "continue", "pause"]);
  });
});

describe("timed efficacy runs over worker threads and shards", () => {
  it("2 threads and two shards summed give the in-thread accumulators byte for byte (dist's workers)", async () => {
    const { simulateConfig } = await import("../../../src/engine/simulate.js");
    const { simulateTimed } = await import("../../../src/engine/timed.js");
    const config = loadDesign("designs/sys6020-efficacy-timed.json");
    const scenario = loadScenario("scenarios/sys6020-efficacy-timed.json");
    const c = scenario.curves[2];
    const job = { truth: c.truth, trueMtd: trueMtd(c.truth, scenario.target), response: c.response, association: c.association };
    const trials = 2 * 4096 + 77;
    const seed = "efficacy-workers";
    const here = Array.from(simulateTimed(buildDesign(config, 5), scenario.timing, config.conduct, job, { trials, seed }).acc);
    const timed = { timing: scenario.timing ?? null };
    const two = await simulateConfig(config, 5, [job], { trials, seed, workers: 2, timed });
    expect(Array.from(two[0])).toEqual(here);
    const a = await simulateConfig(config, 5, [job], { trials, seed, workers: 1, blocks: [0, 1], timed });
    const b = await simulateConfig(config, 5, [job], { trials, seed, workers: 1, blocks: [1, 3], timed });
    expect(Array.from(a[0], (v, i) => v + b[0][i])).toEqual(here);
  });
});
