/**
 * Cross-cutting properties of the Monte Carlo engine and the rule-based designs.
 * Every statistical comparison states its tolerance in standard errors.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { buildDesign, parseDesignConfig } from "../../src/config/load.js";
import { checkTrial } from "../../src/designs/check.js";
import { simulateConfig, simulateDesign } from "../../src/engine/simulate.js";
import { layoutFor } from "../../src/engine/monte-carlo.js";
import { summarize } from "../../src/report/summary.js";
import { highestTried } from "../../src/model/state.js";
import { reasonIndex } from "../../src/model/decision.js";
import { streamFor } from "../../src/random/stream.js";
import { linShih3plus3 } from "../helpers/lin-shih.js";
import { monotoneCurve } from "../helpers/arbitraries.js";
import { INLINE_STACKS } from "../helpers/stacks.js";

const threePlusThree = parseDesignConfig({ design: { type: "a-plus-b" } }, "(3+3)");
const sys6020Like = parseDesignConfig(
  { design: { type: "a-plus-b" }, modifiers: [{ type: "smc-review", q: 0.6 }, { type: "expansion", patients: 12, split: "mtd-and-lower", monitor: true }] },
  "(sys6020-like)",
);

function mc(config = threePlusThree, truth: number[], trials: number, seed: string, workers = 1) {
  return simulateConfig(config, truth.length, [{ truth, trueMtd: -1 }], { trials, seed, workers }).then((a) => a[0]);
}

describe("determinism", () => {
  it("the same seed gives identical accumulators; another seed does not", async () => {
    const truth = [0.05, 0.15, 0.3, 0.45, 0.6];
    const a = await mc(sys6020Like, truth, 10_000, "s1");
    const b = await mc(sys6020Like, truth, 10_000, "s1");
    const c = await mc(sys6020Like, truth, 10_000, "s2");
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });
  it("1 worker and 2 worker threads give byte-identical results (uses the compiled worker in dist/)", async () => {
    const truth = [0.1, 0.2, 0.3, 0.5, 0.7];
    const trials = 4096 * 5 + 123; // several blocks and a partial one
    const one = await mc(sys6020Like, truth, trials, "workers", 1);
    const two = await mc(sys6020Like, truth, trials, "workers", 2);
    expect(Buffer.from(two.buffer).equals(Buffer.from(one.buffer))).toBe(true);
  });
  it("running blocks in two shards and adding them equals one run", () => {
    const design = buildDesign(threePlusThree, 4);
    const job = { truth: [0.1, 0.2, 0.3, 0.4], trueMtd: 2 };
    const trials = 4096 * 3 + 7;
    const whole = simulateDesign(design, job, { trials, seed: "shard" }).acc;
    const a = simulateDesign(design, job, { trials, seed: "shard", blocks: [0, 2] }).acc;
    const b = simulateDesign(design, job, { trials, seed: "shard", blocks: [2, 4] }).acc;
    expect(Array.from(a.map((x, i) => x + b[i]))).toEqual(Array.from(whole));
  });
});

describe("3+3 Monte Carlo agrees with Lin & Shih's closed form", () => {
  it("selection, patients and DLTs per dose within 4 SE on random monotone curves (fast-check seed 11, 20,000 trials each)", async () => {
    const trials = 20_000;
    await fc.assert(
      fc.asyncProperty(monotoneCurve(5, 0, 0.8), async (truth) => {
        const design = buildDesign(threePlusThree, 5);
        const { acc, runner } = simulateDesign(design, { truth, trueMtd: -1 }, { trials, seed: `ls-${truth.join(",")}` });
        const r = summarize(acc, runner.layout, { name: "", truth, trueMtd: -1, metricNames: [], method: "monte-carlo" });
        const exact = linShih3plus3(truth);
        // tolerance: 4 SE of the exact proportion, plus 1/trials for proportions near 0
        const tol = (p: number) => 4 * Math.sqrt((p * (1 - p)) / trials) + 1 / trials;
        exact.selection.forEach((p, j) => expect(Math.abs(r.selection[j] - p)).toBeLessThanOrEqual(tol(p)));
        expect(Math.abs(r.noMtd - exact.noMtd)).toBeLessThanOrEqual(tol(exact.noMtd));
        // means: 4 Monte Carlo SEs (patients per dose take values 0, 3, 6, so SE > 0 unless constant)
        exact.patients.forEach((m, j) => expect(Math.abs(r.patients[j] - m)).toBeLessThanOrEqual(4 * r.patientsSE[j] + 1e-9));
        exact.dlts.forEach((m, j) => expect(Math.abs(r.dlts[j] - m)).toBeLessThanOrEqual(4 * r.dltsSE[j] + 1e-9));
      }),
      { seed: 11, numRuns: 12 },
    );
  });
});

describe("invariants of single trials (fast-check)", () => {
  const stacks = Object.entries(INLINE_STACKS).filter(([, s]) => (s.design as { type: string }).type === "a-plus-b");
  for (const [name, obj] of stacks) {
    it(`${name}: no dose gets more than A+B escalation patients; the MTD is at most the highest dose tried; a stop at dose 1 for toxicity gives no MTD`, () => {
      const config = parseDesignConfig(obj, name);
      const design = buildDesign(config, 5);
      const ab = (config.design.params.a as number) + (config.design.params.b as number);
      fc.assert(
        fc.property(monotoneCurve(5, 0, 1), fc.integer({ min: 0, max: 1e6 }), (truth, block) => {
          const u = streamFor("invariants", block);
          for (let t = 0; t < 10; t++) {
            const { state } = checkTrial(design, truth, u);
            for (let d = 0; d < 5; d++) expect(state.n[d]).toBeLessThanOrEqual(ab);
            const mtd = design.selectMtd(state);
            expect(mtd).toBeLessThanOrEqual(highestTried(state));
            if (highestTried(state) === 0 && design.decide(state).reason === reasonIndex("lowest-dose-too-toxic")) expect(mtd).toBe(-1);
          }
        }),
        { seed: 5, numRuns: 60 },
      );
    });
  }
});

describe("monotonicity", () => {
  it("raising every true DLT probability never raises the mean selected dose beyond 4 SE (fast-check seed 3, 20,000 trials per curve)", async () => {
    const trials = 20_000;
    const meanLevel = (acc: Float64Array, K: number, L: ReturnType<typeof layoutFor>) => {
      // selected level: 0 for no MTD, d + 1 for dose d
      let m = 0;
      let m2 = 0;
      const w = acc[L.weight];
      for (let d = 0; d < K; d++) {
        const p = acc[L.sel + d] / w;
        m += (d + 1) * p;
        m2 += (d + 1) ** 2 * p;
      }
      return { mean: m, se: Math.sqrt((m2 - m * m) / w) };
    };
    await fc.assert(
      fc.asyncProperty(
        monotoneCurve(5, 0, 0.7),
        fc.array(fc.double({ min: 0, max: 0.25, noNaN: true }), { minLength: 5, maxLength: 5 }),
        async (truth, bump) => {
          const higher = truth.map((p, i) => Math.min(1, p + bump[i]));
          for (const config of [threePlusThree, sys6020Like]) {
            const design = buildDesign(config, 5);
            const L = layoutFor(design);
            const a = simulateDesign(design, { truth, trueMtd: -1 }, { trials, seed: "mono" }).acc;
            const b = simulateDesign(design, { truth: higher, trueMtd: -1 }, { trials, seed: "mono" }).acc;
            const x = meanLevel(a, 5, L);
            const y = meanLevel(b, 5, L);
            expect(y.mean).toBeLessThanOrEqual(x.mean + 4 * Math.hypot(x.se, y.se));
          }
        },
      ),
      { seed: 3, numRuns: 8 },
    );
  });
});
