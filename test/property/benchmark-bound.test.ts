/**
 * The optimal benchmark is an upper bound "on average": over 40 pseudo-uniform random curves
 * (5 doses, target 0.3, seed "bound"), its mean probability of correct selection with N = 30
 * (computed exactly) is at least the CRM's (N = 30, cohorts of 3) and the 3+3's (at most 30),
 * each estimated by Monte Carlo with 2,000 trials per curve (seed "bound-mc"), allowing 3 SE
 * of the design's average (SE about 0.002 for the CRM).
 */
import { describe, expect, it } from "vitest";
import { DESIGNS } from "../../src/designs/index.js";
import { resolveParams } from "../../src/config/params.js";
import { randomCurves, closestDose } from "../../src/scenarios/random.js";
import { streamFor } from "../../src/random/stream.js";
import { optimalExact } from "../../src/select/optimal-exact.js";
import { simulateDesign } from "../../src/engine/simulate.js";
import { summarize } from "../../src/report/summary.js";
import { accuracy } from "../../src/report/accuracy.js";
import type { Design } from "../../src/designs/design.js";

const K = 5;
const target = 0.3;
const curves = randomCurves(streamFor("bound", 0), "pseudo-uniform", K, target, 40);
const build = (type: string, params: Record<string, unknown>): Design => DESIGNS.get(type)!.build(resolveParams(DESIGNS.get(type)!.params, params, "test", "design"), K);

function averageOf(design: Design) {
  const results = curves.map((c, i) => {
    const mtd = closestDose(c.truth, target);
    const { runner, acc } = simulateDesign(design, { truth: c.truth, trueMtd: mtd }, { trials: 2000, seed: `bound-mc-${i}` });
    return summarize(acc, runner.layout, { name: `c${i}`, truth: c.truth, trueMtd: mtd, metricNames: [], method: "monte-carlo" });
  });
  return accuracy(results, target);
}

describe("optimal benchmark vs CRM and 3+3 over random scenarios", () => {
  const optimalPcs = curves.reduce((s, c) => s + optimalExact(c.truth, target, 30)[closestDose(c.truth, target)], 0) / curves.length;
  it("the benchmark's mean PCS is at least the CRM's (within 3 SE)", () => {
    const crm = averageOf(build("crm", { target, maxPatients: 30, cohortSize: 3 }));
    expect(optimalPcs).toBeGreaterThanOrEqual(crm.correctSelection - 3 * crm.correctSelectionSE);
  });
  it("the benchmark's mean PCS is at least the 3+3's (within 3 SE), and the CRM's beats the 3+3's", () => {
    const three = averageOf(build("a-plus-b", {}));
    const crm = averageOf(build("crm", { target, maxPatients: 30, cohortSize: 3 }));
    expect(optimalPcs).toBeGreaterThanOrEqual(three.correctSelection - 3 * three.correctSelectionSE);
    const seDiff = Math.hypot(crm.correctSelectionSE, three.correctSelectionSE);
    expect(crm.correctSelection - three.correctSelection).toBeGreaterThan(3 * seDiff);
  });
});
