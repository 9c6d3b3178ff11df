/**
 * The calendar-time engine (src/engine/timed.ts): hand-computed schedules, the arrival
 * processes' moments, selection equal to the untimed design's exact values under the default
 * conduct, common-random-number monotonicity, determinism over block splits, validation.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildDesign, loadDesign, loadScenario, parseDesignConfig, parseScenarioConfig, trueMtd } from "../../../src/config/load.js";
import { ConfigError } from "../../../src/config/messages.js";
import { DAYS_PER_MONTH, parseConduct, parseTiming } from "../../../src/config/timing.js";
import type { DesignConfig, ScenarioConfig } from "../../../src/config/types.js";
import { runExact, runTimed } from "../../../src/engine/run.js";
import { simulateTimed, timedRunner } from "../../../src/engine/timed.js";
import { Arrivals, exponential, gamma, SubStream } from "../../../src/engine/timed-random.js";
import { summarizeTiming } from "../../../src/report/timing.js";

const fixture = JSON.parse(readFileSync("test/unit/engine/fixtures/timed-fixed-schedule.json", "utf8")) as {
  cases: { name: string; design: Record<string, unknown>; timing: Record<string, unknown>; expected: Record<string, number | null> }[];
};

function scenarioOf(truth: number[], timing: Record<string, unknown> | undefined, target?: number): ScenarioConfig {
  return parseScenarioConfig({ ...(target !== undefined ? { target } : {}), ladder: { doses: truth.map((_, i) => i + 1) }, curves: [{ name: "c", truth }], ...(timing ? { timing } : {}) }, "(test scenario)");
}

/** Durations are summed after rounding to 1/16 day: a single trial's mean is within half of that. */
const ROUNDING = 1 / 32;

describe("a fixed schedule gives the duration computed by hand", () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const config = parseDesignConfig(c.design, "(test design)");
      const scenario = scenarioOf([0, 0], c.timing);
      const r = runTimed({ config, scenario, trials: 3, seed: "fixed" });
      const curve = r.curves[0];
      const t = curve.timing!;
      const e = c.expected;
      // no randomness at all: every trial is the same, the SD is 0
      expect(t.duration.sd).toBe(0);
      expect(Math.abs(t.duration.mean - e.duration!)).toBeLessThanOrEqual(ROUNDING);
      expect(Math.abs(t.mtdDecision.mean - e.mtdDecision!)).toBeLessThanOrEqual(ROUNDING);
      expect(t.example!.duration).toBe(e.duration);
      expect(t.screened.mean).toBe(e.screened);
      expect(t.turnedAway.mean).toBe(e.turnedAway);
      expect(t.waited.mean).toBe(e.waited);
      expect(t.meanWaitDays === null ? null : Math.abs(t.meanWaitDays - e.meanWaitDays!) <= ROUNDING).toBe(e.meanWaitDays === null ? null : true);
      expect(t.pausedDays.mean).toBe(e.pausedDays);
      expect(curve.sampleSize).toBe(e.sampleSize);
      expect(t.expansionDuration.mean).toBe(0);
    });
  }

  it("a longer window, a review or slower recruitment lengthens the fixed schedule by what they add", () => {
    const base = fixture.cases[0];
    const run = (conduct: Record<string, unknown>, timing: Record<string, unknown>) =>
      runTimed({ config: parseDesignConfig({ ...base.design, conduct: { ...(base.design.conduct as object), ...conduct } }, "(t)"), scenario: scenarioOf([0, 0], { ...base.timing, ...timing }), trials: 1, seed: "s" }).curves[0].timing!.example!.duration;
    const d0 = run({}, {});
    // +10 window days: cohort 1's decision and the waiting patient move by 10; cohort 2's last
    // patient (referred on day 5G) is done 10 days later too
    expect(run({ windowDays: 38 }, {})).toBe(d0 + 10);
    // review 7 -> 0: the waiting patient is enrolled 7 days earlier, which does not change the
    // last patient's day (5G); the final review's 7 days vanish
    expect(run({ reviewDays: 0 }, {})).toBe(d0 - 7);
  });
});

describe("arrival processes", () => {
  const count = (timing: Record<string, unknown>, months: number, reps: number): number[] => {
    const a = new Arrivals(parseTiming(timing, "(t)"));
    const u = new SubStream();
    u.seed(0.11, 0.52, 0.83);
    const horizon = months * DAYS_PER_MONTH;
    const out: number[] = [];
    for (let r = 0; r < reps; r++) {
      // arrivals in (0, horizon] of a process started at day 0
      let t = 0;
      let n = 0;
      for (;;) {
        t += a.gap(t, u, false);
        if (t > horizon) break;
        n++;
      }
      out.push(n);
    }
    return out;
  };
  const moments = (xs: number[]) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const v = xs.reduce((a, b) => a + (b - m) * (b - m), 0) / (xs.length - 1);
    return { m, v };
  };

  it("Poisson: the count in T months has mean and variance rate x T", () => {
    const lambda = 10; // 2 a month over 5 months
    const reps = 20000;
    const { m, v } = moments(count({ process: "poisson", rate: 2 }, 5, reps));
    // SE of the mean sqrt(λ/n); SE of the sample variance sqrt((μ4 - σ^4)/n), μ4 = λ(1 + 3λ) for a Poisson count
    expect(Math.abs(m - lambda)).toBeLessThan(4 * Math.sqrt(lambda / reps));
    expect(Math.abs(v - lambda)).toBeLessThan(4 * Math.sqrt((lambda * (1 + 3 * lambda) - lambda * lambda) / reps));
  });

  it("the ziggurat exponential: mean 1, variance 1, and the tail probabilities exp(-x), including the base strip beyond 7.7", () => {
    const u = new SubStream();
    u.seed(0.21, 0.42, 0.63);
    const n = 400000;
    let s1 = 0;
    let s2 = 0;
    const xs = [0.1, 1, 3, 6, 8];
    const tail = xs.map(() => 0);
    for (let i = 0; i < n; i++) {
      const x = exponential(u);
      s1 += x;
      s2 += x * x;
      xs.forEach((c, k) => (tail[k] += x > c ? 1 : 0));
    }
    const m = s1 / n;
    expect(Math.abs(m - 1)).toBeLessThan(4 / Math.sqrt(n)); // SD 1
    expect(Math.abs(s2 / n - m * m - 1)).toBeLessThan(4 * Math.sqrt(8 / n)); // Var of X^2 is 20, of the sample variance about 8/n
    xs.forEach((c, k) => {
      const p = Math.exp(-c);
      expect(Math.abs(tail[k] / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n) + 1 / n);
    });
  });

  it("gamma manufacturing times have the configured mean and SD", () => {
    const u = new SubStream();
    u.seed(0.5, 0.25, 0.125);
    const n = 100000;
    const shape = (21 / 4) ** 2;
    const xs = Array.from({ length: n }, () => 4 * 4 / 21 * gamma(u, shape));
    const { m, v } = moments(xs);
    expect(Math.abs(m - 21)).toBeLessThan(4 * (4 / Math.sqrt(n)));
    expect(Math.abs(Math.sqrt(v) - 4)).toBeLessThan(0.05);
  });

  it("uniform gaps U(0, 2/rate) have mean 1/rate and variance (2/rate)^2/12; fixed gaps are exactly 1/rate", () => {
    const a = new Arrivals(parseTiming({ process: "uniform", rate: 3 }, "(t)"));
    const u = new SubStream();
    u.seed(0.3, 0.6, 0.9);
    const n = 40000;
    const gaps = Array.from({ length: n }, () => a.gap(0, u, false));
    const { m, v } = moments(gaps);
    const mean = DAYS_PER_MONTH / 3;
    const variance = (2 * mean) ** 2 / 12;
    expect(Math.abs(m - mean)).toBeLessThan(4 * Math.sqrt(variance / n));
    // the variance of a uniform's sample variance: (μ4 - σ^4)/n with μ4 = (2 mean)^4 / 80
    expect(Math.abs(v - variance)).toBeLessThan(4 * Math.sqrt(((2 * mean) ** 4 / 80 - variance * variance) / n));
    const f = new Arrivals(parseTiming({ process: "fixed", rate: 2 }, "(t)"));
    expect(f.gap(5, u, false)).toBe(DAYS_PER_MONTH / 2);
  });

  it("piecewise: the count has the mean and variance of the integrated rate", () => {
    // 0.5 a month for 4 months, then 2 a month: over 6 months, 2 + 4 = 6 expected
    const xs = count({ process: "piecewise", segments: [{ fromMonth: 0, rate: 0.5 }, { fromMonth: 4, rate: 2 }] }, 6, 20000);
    const { m, v } = moments(xs);
    const lambda = 6;
    expect(Math.abs(m - lambda)).toBeLessThan(4 * Math.sqrt(lambda / xs.length));
    expect(Math.abs(v - lambda)).toBeLessThan(4 * Math.sqrt((lambda * (1 + 3 * lambda) - lambda * lambda) / xs.length));
  });
});

describe("with the default conduct, selection equals the untimed design's exact values", () => {
  const N = 20000;
  const check = (config: DesignConfig, scenario: ScenarioConfig) => {
    const exact = runExact({ config, scenario });
    const timed = runTimed({ config, scenario, trials: N, seed: "equal" });
    exact.curves.forEach((e, i) => {
      const t = timed.curves[i];
      const tol = (p: number) => 4 * Math.sqrt((p * (1 - p)) / N) + 1e-9;
      e.selection.forEach((p, d) => expect(Math.abs(t.selection[d] - p)).toBeLessThanOrEqual(tol(p)));
      expect(Math.abs(t.noMtd - e.noMtd)).toBeLessThanOrEqual(tol(e.noMtd));
      // the sample size: tolerance from the exact SD
      expect(Math.abs(t.sampleSize - e.sampleSize)).toBeLessThanOrEqual(4 * (e.sampleSizeSD / Math.sqrt(N)) + 1e-9);
    });
  };

  it("BOIN over 6 doses with Poisson accrual, manufacturing, failures and drop-outs (replaced)", () => {
    const config = parseDesignConfig({ design: { type: "boin", target: 0.3, cohortSize: 3, nCohorts: 8 }, conduct: { windowDays: 28, infusionDays: [0, 7], windowFrom: "last", minIntervalDays: 3 } }, "(t)");
    const scenario = scenarioOf([0.05, 0.12, 0.25, 0.35, 0.5, 0.65], { process: "poisson", rate: 2, manufacturing: "gamma", manufacturingDays: 20, manufacturingSd: 5, manufacturingFailure: 0.1, nonEvaluable: 0.1, screenFailure: 0.2, dltTiming: "weibull", lateShare: 0.7 }, 0.3);
    check(config, scenario);
  });

  it("the registered SYS6020 design (SMC chance node, expansion) with its timed scenario", () => {
    const config = loadDesign("designs/sys6020-timed.json");
    const s = loadScenario("scenarios/sys6020-timed.json");
    check({ ...config, modifiers: config.modifiers.map((m) => (m.type === "smc-review" ? { ...m, params: { ...m.params, q: 0.5 } } : m)) }, { ...s, curves: s.curves.filter((c) => c.name === "mtd-middle" || c.name === "mtd-low") });
  });
});

describe("common random numbers: conduct that only adds waiting never shortens a trial", () => {
  const truthArb = fc.array(fc.double({ min: 0, max: 0.7, noNaN: true }), { minLength: 3, maxLength: 3 });
  const baseArb = fc.record({
    truth: truthArb,
    seed: fc.string({ minLength: 1, maxLength: 6 }),
    index: fc.integer({ min: 0, max: 5 }),
    window: fc.double({ min: 5, max: 60, noNaN: true }),
    extra: fc.double({ min: 0.5, max: 40, noNaN: true }),
    rate: fc.double({ min: 0.3, max: 6, noNaN: true }),
    process: fc.constantFrom("poisson", "uniform", "fixed"),
    wait: fc.constantFrom("wait", "turn-away"),
    review: fc.double({ min: 0, max: 20, noNaN: true }),
    design: fc.constantFrom({ type: "a-plus-b" }, { type: "boin", target: 0.3, cohortSize: 3, nCohorts: 6 }),
  });
  type Base = typeof baseArb extends fc.Arbitrary<infer T> ? T : never;
  const duration = (b: Base, conduct: Record<string, unknown>, timing: Record<string, unknown>) => {
    const c = parseConduct({ windowDays: b.window, whilePaused: b.wait, maxWaitDays: 45, reviewDays: b.review, ...conduct }, "(t)");
    const t = parseTiming({ process: b.process, rate: b.rate, manufacturing: "gamma", manufacturingDays: 14, manufacturingSd: 4, ...timing }, "(t)");
    const design = buildDesign(parseDesignConfig({ design: b.design }, "(t)"), 3);
    return timedRunner(design, t, c, b.truth, -1).trace(b.seed, 0, b.index).duration;
  };
  it("a longer window", () => {
    fc.assert(fc.property(baseArb, (b) => duration(b, { windowDays: b.window + b.extra }, {}) >= duration(b, {}, {})), { numRuns: 150 });
  });
  it("a sentinel rule", () => {
    // (a longer sentinel interval, though, can shorten a trial: the sentinel is the first patient
    // whose cells are ready, and shifted enrolments can make a quickly-manufactured patient the
    // sentinel of the next cohort)
    fc.assert(
      fc.property(baseArb, fc.constantFrom("cohort", "dose"), fc.double({ min: 1, max: 40, noNaN: true }), (b, mode, days) => duration(b, { sentinel: mode, sentinelDays: days }, {}) >= duration(b, {}, {})),
      { numRuns: 200 },
    );
  });
  it("slower recruitment, when referred patients wait as long as it takes", () => {
    // (with turn-away or a maximum wait it can be faster: a patient who arrived just before a
    // cohort opened and was turned away arrives just after it when everyone comes later)
    fc.assert(
      fc.property(baseArb, fc.double({ min: 1.01, max: 4, noNaN: true }), (b, f) => {
        const open = { whilePaused: "wait", maxWaitDays: 1e9 };
        return duration(b, open, { rate: b.rate / f }) >= duration(b, open, {});
      }),
      { numRuns: 150 },
    );
  });
  it("with turn-away, slower recruitment can be faster (so the property above needs the waiting list)", () => {
    const b = { truth: [0, 0, 0], seed: "tw", index: 0, window: 24.7, extra: 0.5, rate: 3.36, process: "poisson", wait: "turn-away", review: 0, design: { type: "boin", target: 0.3, cohortSize: 3, nCohorts: 6 } } as Base;
    let faster = 0;
    for (let index = 0; index < 200; index++) if (duration({ ...b, index }, {}, { rate: b.rate / 1.01 }) < duration({ ...b, index }, {}, {})) faster++;
    expect(faster).toBeGreaterThan(0);
  });
});

describe("determinism", () => {
  const config = loadDesign("designs/s103-timed.json");
  const s = loadScenario("scenarios/s103-timed.json");
  const design = buildDesign(config, 4);
  const curve = { truth: s.curves[2].truth, trueMtd: trueMtd(s.curves[2].truth, s.target) };
  it("blocks run in pieces (shards) add up to the whole run, bit for bit", () => {
    const trials = 3 * 4096 + 100;
    const whole = simulateTimed(design, s.timing, config.conduct, curve, { trials, seed: "split" }).acc;
    const a = simulateTimed(design, s.timing, config.conduct, curve, { trials, seed: "split", blocks: [0, 1] }).acc;
    const b = simulateTimed(design, s.timing, config.conduct, curve, { trials, seed: "split", blocks: [1, 4] }).acc;
    const merged = a.map((x, i) => x + b[i]);
    expect(Array.from(merged)).toEqual(Array.from(whole));
  });
  it("the same seed gives the same result; another seed another", () => {
    const run = (seed: string) => simulateTimed(design, s.timing, config.conduct, curve, { trials: 2000, seed });
    const x = run("a");
    expect(Array.from(run("a").acc)).toEqual(Array.from(x.acc));
    expect(Array.from(run("b").acc)).not.toEqual(Array.from(x.acc));
    const t = summarizeTiming(x.acc, x.runner.layout);
    expect(t.duration.p10).toBeLessThanOrEqual(t.duration.median);
    expect(t.duration.median).toBeLessThanOrEqual(t.duration.p90);
    const mass = t.duration.distribution.reduce((a, b) => a + b.p, 0);
    expect(mass).toBeCloseTo(1, 12);
  });
});

describe("validation names the file and the field", () => {
  it("timing", () => {
    expect(() => parseScenarioConfig({ ladder: { doses: [1] }, curves: [{ name: "c", truth: [0.1] }], timing: { rate: -1 } }, "s.json")).toThrow("s.json: timing.rate: expected a number > 0, got -1");
    expect(() => parseTiming({ process: "piecewise" }, "s.json")).toThrow("s.json: timing.segments: process \"piecewise\" needs at least one segment");
    expect(() => parseTiming({ manufacturing: "gamma", manufacturingDays: 20 }, "s.json")).toThrow("s.json: timing.manufacturingSd");
    expect(() => parseTiming({ infusionShares: [0.5, 0.4] }, "s.json")).toThrow("s.json: timing.infusionShares: the shares must sum to 1");
    expect(() => parseTiming({ speed: 1 }, "s.json")).toThrow(ConfigError);
  });
  it("conduct", () => {
    expect(() => parseDesignConfig({ design: { type: "a-plus-b" }, conduct: { windowDays: 0 } }, "d.json")).toThrow("d.json: conduct.windowDays: expected a number > 0, got 0");
    expect(() => parseConduct({ infusionDays: [0, 7, 7] }, "d.json")).toThrow("d.json: conduct.infusionDays[2]: infusion days must increase");
    expect(() => parseConduct({ sentinel: "first" }, "d.json")).toThrow('d.json: conduct.sentinel: expected one of "none", "cohort", "dose"');
  });
  it("infusion shares must match the design's schedule", () => {
    const design = buildDesign(parseDesignConfig({ design: { type: "a-plus-b" } }, "d.json"), 2);
    expect(() => timedRunner(design, parseTiming({ dltTiming: "infusion", infusionShares: [0.5, 0.5] }, "s.json"), parseConduct({ infusionDays: [0] }, "d.json"), [0.1, 0.2], -1)).toThrow("s.json: timing.infusionShares: gives 2 shares but the design (d.json) has 1 infusions");
  });
});

describe("early decisions", () => {
  const config = (early: boolean) => parseDesignConfig({ design: { type: "a-plus-b" }, conduct: { windowDays: 42, earlyDecision: early, reviewDays: 5 } }, "(t)");
  const scenario = scenarioOf([0.1, 0.3, 0.5, 0.7], { process: "poisson", rate: 4, manufacturing: "fixed", manufacturingDays: 3 }, 0.25);
  it("leave the selection as the untimed design's (the committed data are the cohort's final data)", () => {
    const N = 20000;
    const exact = runExact({ config: config(true), scenario }).curves[0];
    const t = runTimed({ config: config(true), scenario, trials: N, seed: "early" }).curves[0];
    exact.selection.forEach((p, d) => expect(Math.abs(t.selection[d] - p)).toBeLessThanOrEqual(4 * Math.sqrt((p * (1 - p)) / N) + 1e-9));
    expect(Math.abs(t.sampleSize - exact.sampleSize)).toBeLessThanOrEqual(4 * (exact.sampleSizeSD / Math.sqrt(N)));
  });
  it("never lengthen a trial and shorten some (common random numbers)", () => {
    const design = buildDesign(config(false), 4);
    const t = scenario.timing!;
    const late = timedRunner(design, t, config(false).conduct, scenario.curves[0].truth, -1);
    const early = timedRunner(design, t, config(true).conduct, scenario.curves[0].truth, -1);
    let shorter = 0;
    for (let i = 0; i < 300; i++) {
      const a = early.trace("crn", 0, i).duration;
      const b = late.trace("crn", 0, i).duration;
      expect(a).toBeLessThanOrEqual(b);
      if (a < b) shorter++;
    }
    expect(shorter).toBeGreaterThan(0);
  });
});
