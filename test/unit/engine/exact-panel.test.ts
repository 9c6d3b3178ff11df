/** The exact engine on complete-information panels (the optimal benchmark) against optimalExact. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { exactDesign } from "../../../src/engine/exact.js";
import { optimalExact } from "../../../src/select/optimal-exact.js";
import { ExactInfeasibleError } from "../../../src/engine/exact.js";
import { designOf } from "../../helpers/build.js";
import { monotoneCurve } from "../../helpers/arbitraries.js";
import { fixture } from "../../helpers/fixtures.js";

const optimalRef = fixture("optimal.json");

describe("exactDesign(optimal benchmark)", () => {
  it("reproduces the exact benchmark of fixtures/optimal.json for N = 30 and N = 18 (target 0.3, truth 0.05..0.6)", () => {
    const truth: number[] = optimalRef.truth;
    for (const { n: N, selection: expected } of optimalRef.cases as { n: number; selection: number[] }[]) {
      const design = designOf({ type: "optimal", target: optimalRef.target, maxPatients: N }, 5);
      const run = exactDesign(design, [{ truth, trueMtd: 2 }]);
      const L = run.layout;
      const sel = Array.from({ length: 5 }, (_, d) => run.accs[0][L.sel + d]);
      sel.forEach((p, d) => expect(p).toBeCloseTo(expected[d], 4));
      // every trial treats exactly N patients, each counted once
      expect(run.accs[0][L.totalN]).toBeCloseTo(N, 9);
    }
  });
  it("agrees with optimalExact to 1e-9 on random monotone curves (fast-check seed 21)", () => {
    fc.assert(
      fc.property(monotoneCurve(4, 0, 0.9), fc.integer({ min: 1, max: 15 }), (truth, N) => {
        const design = designOf({ type: "optimal", target: 0.25, maxPatients: N }, 4);
        const run = exactDesign(design, [{ truth, trueMtd: -1 }]);
        const ref = optimalExact(truth, 0.25, N);
        const sel = Array.from({ length: 4 }, (_, d) => run.accs[0][run.layout.sel + d]);
        sel.forEach((p, d) => expect(Math.abs(p - ref[d])).toBeLessThan(1e-9));
      }),
      { seed: 21, numRuns: 40 },
    );
  });
  it("refuses non-monotone curves (the cells would differ between curves) with ExactInfeasibleError", () => {
    const design = designOf({ type: "optimal", target: 0.25, maxPatients: 6 }, 3);
    expect(() => exactDesign(design, [{ truth: [0.3, 0.2, 0.4], trueMtd: -1 }])).toThrow(ExactInfeasibleError);
  });
});
