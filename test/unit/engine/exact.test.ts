import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { exactDesign, ExactInfeasibleError, type ExactCurve } from "../../../src/engine/exact.js";
import { simulateDesign } from "../../../src/engine/simulate.js";
import { runExact } from "../../../src/engine/run.js";
import type { Layout } from "../../../src/engine/accumulator.js";
import { buildDesign, loadDesign, loadScenario, trueMtd } from "../../../src/config/load.js";
import { binomialPmf } from "../../../src/random/binomial.js";
import { Action, REASONS, stop, treat } from "../../../src/model/decision.js";
import { TrialState } from "../../../src/model/state.js";
import { measureNothing, type Design } from "../../../src/designs/design.js";
import { allDesigns, type NamedDesign } from "../../helpers/exact-designs.js";
import { fixture } from "../../helpers/fixtures.js";

const designs = allDesigns();

/** A non-decreasing truth curve of `k` doses (rates in [0, 0.9], sometimes exactly 0). */
const curveArb = (k: number) =>
  fc
    .array(fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 6, arbitrary: fc.double({ min: 0, max: 0.9, noNaN: true }) }), {
      minLength: k,
      maxLength: k,
    })
    .map((xs) => [...xs].sort((a, b) => a - b));

// response rates too, for designs with a final-state phase that reads them (efficacy-expansion); the others ignore them
const jobOf = (truth: number[]): ExactCurve => ({ truth, trueMtd: trueMtd(truth, 0.25), response: truth.map((t) => 0.1 + 0.5 * t) });

/**
 * Every statistic of the accumulator as (mean, variance of one trial): Bernoulli entries
 * (selection, stop reasons, sample-size histogram) and the (sum, sum of squares) pairs.
 */
function stats(acc: Float64Array, L: Layout): { name: string; mean: number; variance: number }[] {
  const w = acc[L.weight];
  const out: { name: string; mean: number; variance: number }[] = [];
  const bern = (name: string, i: number) => {
    const p = acc[i] / w;
    out.push({ name, mean: p, variance: p * (1 - p) });
  };
  const pair = (name: string, sum: number, sq: number) => {
    const m = acc[sum] / w;
    out.push({ name, mean: m, variance: Math.max(0, acc[sq] / w - m * m) });
  };
  for (let d = 0; d <= L.numDoses; d++) bern(`selection[${d}]`, L.sel + d);
  for (let r = 0; r < REASONS.length; r++) bern(`reason ${REASONS[r]}`, L.reasons + r);
  for (let d = 0; d < L.numDoses; d++) {
    pair(`n[${d}]`, L.nSum + d, L.nSq + d);
    pair(`y[${d}]`, L.ySum + d, L.ySq + d);
  }
  pair("total patients", L.totalN, L.totalN + 1);
  pair("total DLTs", L.totalY, L.totalY + 1);
  pair("patients above the MTD", L.above, L.above + 1);
  pair("escalation patients", L.escN, L.escN + 1);
  for (let i = 0; i < L.numMetrics; i++) pair(`metric ${i}`, L.metricSum + i, L.metricSq + i);
  return out;
}

describe("exactDesign(design, curves) over every design file and variant", () => {
  for (const { name, design } of designs) {
    it(`${name}: probabilities of all outcomes sum to 1 (1e-12)`, () => {
      fc.assert(
        fc.property(curveArb(design.numDoses), (truth) => {
          const { accs, layout: L, states } = exactDesign(design, [jobOf(truth)]);
          const acc = accs[0];
          expect(states).toBeGreaterThan(0);
          expect(Math.abs(acc[L.weight] - 1)).toBeLessThan(1e-12);
          let sel = 0;
          for (let d = 0; d <= L.numDoses; d++) sel += acc[L.sel + d];
          let reasons = 0;
          for (let r = 0; r < REASONS.length; r++) reasons += acc[L.reasons + r];
          let hist = 0;
          for (let n = 0; n <= L.maxN; n++) hist += acc[L.hist + n];
          expect(Math.abs(sel - 1)).toBeLessThan(1e-12);
          expect(Math.abs(reasons - 1)).toBeLessThan(1e-12);
          expect(Math.abs(hist - 1)).toBeLessThan(1e-12);
        }),
        { seed: 20240601, numRuns: 10 },
      );
    });

    it(`${name}: Monte Carlo (20,000 trials) agrees with exact within 4 standard errors on random curves`, () => {
      const trials = 20_000;
      fc.assert(
        fc.property(curveArb(design.numDoses), fc.integer({ min: 0, max: 1e6 }), (truth, seed) => {
          const job = jobOf(truth);
          const ex = exactDesign(design, [job]);
          const mc = simulateDesign(design, job, { trials, seed: `exact-vs-mc-${seed}` });
          const exStats = stats(ex.accs[0], ex.layout);
          const mcStats = stats(mc.acc, mc.runner.layout);
          exStats.forEach((e, i) => {
            const se = Math.sqrt(e.variance / trials);
            const diff = Math.abs(mcStats[i].mean - e.mean);
            if (diff > 4 * se + 1e-9) {
              throw new Error(`${e.name}: Monte Carlo ${mcStats[i].mean} vs exact ${e.mean}, ${(diff / se).toFixed(1)} SE apart (truth ${truth.join(",")}, seed exact-vs-mc-${seed})`);
            }
          });
        }),
        { seed: 7, numRuns: 4 },
      );
    });

    it(`${name}: the result does not depend on the order branches are visited (1e-12)`, () => {
      fc.assert(
        fc.property(fc.array(curveArb(design.numDoses), { minLength: 1, maxLength: 3 }), (truths) => {
          const jobs = truths.map(jobOf);
          const a = exactDesign(design, jobs);
          const b = exactDesign(design, jobs, { reverse: true });
          expect(b.states).toBe(a.states);
          a.accs.forEach((acc, c) => acc.forEach((x, i) => expect(Math.abs(x - b.accs[c][i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(x)))));
        }),
        { seed: 99, numRuns: 3 },
      );
    });

    it(`${name}: several curves in one walk give each curve's own result`, () => {
      const truths = [
        Array.from({ length: design.numDoses }, (_, d) => 0.05 + 0.1 * d),
        Array.from({ length: design.numDoses }, (_, d) => Math.min(0.9, 0.2 + 0.15 * d)),
      ];
      const together = exactDesign(design, truths.map(jobOf));
      truths.forEach((t, c) => {
        const alone = exactDesign(design, [jobOf(t)]);
        alone.accs[0].forEach((x, i) => expect(Math.abs(x - together.accs[c][i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(x))));
      });
    });
  }
});

/** Lin & Shih (2001, Biostatistics 2(2):203-215) closed form for the 3+3 without de-escalation. */
function linShih(p: number[]): { selection: number[]; noMtd: number; n: number[]; dlt: number[] } {
  const K = p.length;
  const b = (k: number, q: number) => binomialPmf(k, 3, q);
  const pass = p.map((q) => b(0, q) + b(1, q) * b(0, q));
  const reach = p.map((_, j) => pass.slice(0, j).reduce((x, y) => x * y, 1));
  const selection = p.map((_, j) => (j < K - 1 ? reach[j + 1] * (1 - pass[j + 1]) : reach[K - 1] * pass[K - 1]));
  return {
    selection,
    noMtd: 1 - pass[0],
    n: p.map((q, j) => reach[j] * (3 + 3 * b(1, q))),
    dlt: p.map((q, j) => reach[j] * (3 * q + 3 * q * b(1, q))),
  };
}

describe("exact 3+3 (designs/sys6020-3plus3.json) equals Lin & Shih's closed form", () => {
  const config = loadDesign("designs/sys6020-3plus3.json");
  it("selection, E[n_j] and E[DLT_j] agree to 1e-12 on random curves", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }).chain((k) => curveArb(k)), (truth) => {
        const design = buildDesign({ ...config, doses: undefined }, truth.length);
        const { accs, layout: L } = exactDesign(design, [jobOf(truth)]);
        const acc = accs[0];
        const ref = linShih(truth);
        truth.forEach((_, j) => {
          expect(Math.abs(acc[L.sel + j] - ref.selection[j])).toBeLessThan(1e-12);
          expect(Math.abs(acc[L.nSum + j] - ref.n[j])).toBeLessThan(1e-12);
          expect(Math.abs(acc[L.ySum + j] - ref.dlt[j])).toBeLessThan(1e-12);
        });
        expect(Math.abs(acc[L.sel + truth.length] - ref.noMtd)).toBeLessThan(1e-12);
      }),
      { seed: 33, numRuns: 200 },
    );
  });

  it("reproduces the Lin & Shih anchor of fixtures/three-plus-three.json on (0.05, 0.15, 0.3, 0.45, 0.6)", () => {
    const anchor = fixture("three-plus-three.json");
    const design = buildDesign(config, 5);
    const truth: number[] = anchor.truth;
    const { accs, layout: L } = exactDesign(design, [jobOf(truth)]);
    const pct = [0, 1, 2, 3, 4, 5].map((i) => Math.round(1000 * accs[0][L.sel + i]) / 10);
    expect(pct).toEqual([...anchor.selectionPercent, anchor.noMtdPercent]);
    expect(accs[0][L.totalN].toFixed(1)).toBe(anchor.expectedN.toFixed(1));
  });
});

describe("exactDesign merges every path into its state", () => {
  /** Distinct (patients, state key) pairs reached with positive probability, by brute-force depth-first search over all paths (no merging). */
  function bruteForceStates(design: Design, truth: number[]): number {
    const seen = new Set<string>();
    const walk = (s: TrialState): void => {
      const level = s.escalationN + s.expansionN;
      seen.add(`${level}#${s.key()}`);
      const dec = design.decide(s);
      if (dec.action === Action.Chance) {
        for (const [v, p] of [[dec.yes, dec.p], [dec.no, 1 - dec.p]]) {
          if (p <= 0) continue;
          const t = s.clone();
          t.mem[dec.slot] = v;
          walk(t);
        }
        return;
      }
      const t = s.clone();
      if (dec.eliminateFrom >= 0) t.eliminate(dec.eliminateFrom);
      if (dec.writeSlot >= 0) t.mem[dec.writeSlot] = dec.writeValue;
      if (dec.action === Action.Stop) return;
      for (let k = 0; k <= dec.size; k++) {
        if (binomialPmf(k, dec.size, truth[dec.dose]) <= 0) continue;
        const u = t.clone();
        u.addCohort(dec.dose, dec.size, k, dec.expansion);
        walk(u);
      }
    };
    const s = new TrialState(design.numDoses, design.memSlots);
    s.reset(design.startDose);
    walk(s);
    return seen.size;
  }

  const small = designs.filter((d) => /3\+3 \(a-plus-b|de-escalation|SMC review q=0.5|s103|3plus3/.test(d.name));
  for (const { name, design } of small) {
    it(`${name}: the number of states expanded equals the number of distinct reachable states`, () => {
      const truth = Array.from({ length: design.numDoses }, (_, d) => 0.1 + 0.12 * d);
      const { states } = exactDesign(design, [jobOf(truth)]);
      expect(states).toBe(bruteForceStates(design, truth));
    });
  }
});

describe("exactDesign with a binding cohort cap", () => {
  const config = loadDesign("designs/s103.json");
  const design = buildDesign(config, 4);
  it("stops at maxCohorts with reason \"cap\", as Monte Carlo does (4 SE)", () => {
    const job = jobOf([0.05, 0.1, 0.2, 0.3]);
    const ex = exactDesign(design, [job], { maxCohorts: 3 });
    const L = ex.layout;
    const cap = ex.accs[0][L.reasons + REASONS.indexOf("cap")];
    expect(cap).toBeGreaterThan(0.5);
    expect(Math.abs(ex.accs[0][L.weight] - 1)).toBeLessThan(1e-12);
    const trials = 20_000;
    const mc = simulateDesign(design, job, { trials, seed: "cap", maxCohorts: 3 });
    const e = stats(ex.accs[0], L);
    const m = stats(mc.acc, mc.runner.layout);
    e.forEach((s, i) => expect(Math.abs(m[i].mean - s.mean)).toBeLessThanOrEqual(4 * Math.sqrt(s.variance / trials) + 1e-9));
  });
});

describe("exact feasibility", () => {
  it("refuses a design with no finite maximum sample size", () => {
    const go = treat(0, 1, "stay");
    const unbounded: Design = {
      type: "unbounded",
      numDoses: 1,
      startDose: 0,
      memSlots: 0,
      maxCohortSize: 1,
      maxPatients: Infinity,
      maxExpansionPatients: 0,
      metrics: [],
      decide: (s) => (s.y[0] > 0 ? stop("dose-too-toxic") : go),
      selectMtd: () => -1,
      measure: measureNothing,
      describe: () => ({}),
    };
    expect(() => exactDesign(unbounded, [jobOf([0.2])])).toThrow(ExactInfeasibleError);
    expect(() => exactDesign(unbounded, [jobOf([0.2])])).toThrow(/no finite maximum sample size.*--method monte-carlo/);
  });

  it("gives up beyond maxStates with a message suggesting Monte Carlo", () => {
    const design = buildDesign(loadDesign("designs/sys6020.json"), 5);
    expect(() => exactDesign(design, [jobOf([0.05, 0.1, 0.25, 0.4, 0.55])], { maxStates: 100 })).toThrow(
      "exact: the design reaches more than 100 distinct trial states (--max-states); use --method monte-carlo or raise --max-states",
    );
  });
});

describe("runExact(input)", () => {
  it("returns the RunResult shape with method exact, no trials or seed, zero SEs and the state count", () => {
    const config = loadDesign("designs/sys6020-3plus3.json");
    const scenario = loadScenario("scenarios/sys6020.json");
    const r = runExact({ config, scenario });
    expect(r.method).toBe("exact");
    expect(r.trials).toBeNull();
    expect(r.seed).toBeNull();
    expect(r.exactStates).toBeGreaterThan(0);
    expect(r.curves.map((c) => c.name)).toEqual(scenario.curves.map((c) => c.name));
    for (const c of r.curves) {
      expect(c.selectionSE.every((x) => x === 0)).toBe(true);
      expect(Math.abs(c.selection.reduce((a, b) => a + b, 0) + c.noMtd - 1)).toBeLessThan(1e-12);
    }
  });
});

export type { NamedDesign };
