/**
 * Common random numbers (coupled.ts): coupling changes the joint distribution of the designs'
 * trials, never a design's own. So: identical designs agree trial by trial, each design's
 * marginal results agree with its ordinary Monte Carlo and the coupled difference agrees with
 * the exact one (within a few SEs), and the coupled SE of a difference beats independent runs.
 */
import { describe, expect, it } from "vitest";
import { buildDesign, loadDesign, loadScenario, trueMtd } from "../../../src/config/load.js";
import type { Design } from "../../../src/designs/design.js";
import { UsageError } from "../../../src/config/messages.js";
import {
  coupledPatientBound,
  mergeCoupled,
  pairedDifferences,
  pairedMeans,
  simulateCoupled,
  type CoupledRun,
} from "../../../src/engine/coupled.js";
import { simulateDesign } from "../../../src/engine/simulate.js";
import { exactDesign } from "../../../src/engine/exact.js";
import { summarize, type CurveResult } from "../../../src/report/summary.js";

const sys = loadScenario("scenarios/sys6020.json");
const K = sys.ladder.doses.length;
const design = (file: string): Design => buildDesign(loadDesign(file), K);
const threePlusThree = design("designs/sys6020-3plus3.json");
const boin = design("designs/sys6020-boin.json");
/** The registered design: 3+3 with SMC review (a chance node) and a dose-expansion phase. */
const registered = design("designs/sys6020.json");
const optimal = design("designs/optimal-n30.json");
const curveOf = (name: string) => {
  const c = sys.curves.find((x) => x.name === name)!;
  return { truth: c.truth, trueMtd: trueMtd(c.truth, sys.target) };
};
const withTarget = sys.curves.map((c) => c.name);

/** The marginal results of design j of a coupled run, as `doseladder run` would summarise them. */
const marginal = (run: CoupledRun, j: number, curve: { truth: readonly number[]; trueMtd: number }, d: Design): CurveResult =>
  summarize(run.accs[j], run.layouts[j], { name: "c", truth: curve.truth, trueMtd: curve.trueMtd, metricNames: d.metrics, method: "monte-carlo" });

/** The statistics both summaries carry, as (name, mean, SE). */
const statsOf = (r: CurveResult): [string, number, number][] => [
  ...r.selection.map((p, d): [string, number, number] => [`selection${d + 1}`, p, r.selectionSE[d]]),
  ["noMtd", r.noMtd, r.noMtdSE],
  ["sampleSize", r.sampleSize, r.sampleSizeSE],
  ["totalDlts", r.totalDlts, r.totalDltsSE],
  ...r.patients.map((p, d): [string, number, number] => [`patients${d + 1}`, p, r.patientsSE[d]]),
];

describe("simulateCoupled", () => {
  it("runs two identical designs identically: equal accumulators, every difference exactly 0 with SE 0", () => {
    for (const d of [registered, boin, optimal]) {
      for (const name of ["mtd-low", "toxic-first"]) {
        const curve = curveOf(name);
        const twin = design(d === registered ? "designs/sys6020.json" : d === boin ? "designs/sys6020-boin.json" : "designs/optimal-n30.json");
        const run = simulateCoupled([d, twin, d], curve, { trials: 5000, seed: "twins" });
        expect(Array.from(run.accs[1])).toEqual(Array.from(run.accs[0]));
        expect(Array.from(run.accs[2])).toEqual(Array.from(run.accs[0]));
        const diffs = pairedDifferences(run);
        expect(diffs).toHaveLength(2 * run.stats.length);
        for (const x of diffs) {
          expect(x.difference).toBe(0);
          expect(x.seCoupled).toBe(0);
          expect(x.value).toBe(x.reference);
        }
        // the independent-runs SE is not zero: that is what coupling removes
        expect(diffs.find((x) => x.stat === "totalDlts")!.seIndependent).toBeGreaterThan(0);
      }
    }
  });

  it("gives each design the marginal results of its ordinary Monte Carlo, within 4 SE (3+3, BOIN, registered design with SMC and expansion, optimal panel; 3 curves)", () => {
    const designs = [threePlusThree, boin, registered, optimal];
    let compared = 0;
    for (const name of ["mtd-low", "mtd-middle", "steep-jump"]) {
      const curve = curveOf(name);
      const run = simulateCoupled(designs, curve, { trials: 20000, seed: "marginal" });
      designs.forEach((d, j) => {
        const coupled = statsOf(marginal(run, j, curve, d));
        const { runner, acc } = simulateDesign(d, curve, { trials: 20000, seed: "ordinary" });
        const ordinary = statsOf(summarize(acc, runner.layout, { name: "c", truth: curve.truth, trueMtd: curve.trueMtd, metricNames: d.metrics, method: "monte-carlo" }));
        coupled.forEach(([stat, a, seA], i) => {
          const [, b, seB] = ordinary[i];
          const tol = 4 * Math.hypot(seA, seB) + 1e-12;
          expect(Math.abs(a - b), `${d.type} ${name} ${stat}: coupled ${a} vs ordinary ${b}`).toBeLessThanOrEqual(tol);
          compared++;
        });
      });
    }
    expect(compared).toBe(3 * 4 * (K + 3 + K));
  });

  it("estimates the 3+3 − BOIN differences within 4 coupled SEs (+3/n) of the exact differences, on every sys6020 curve", () => {
    const curves = sys.curves.map((c) => ({ truth: c.truth, trueMtd: trueMtd(c.truth, sys.target), target: sys.target }));
    const exactA = exactDesign(threePlusThree, curves);
    const exactB = exactDesign(boin, curves);
    curves.forEach((curve, i) => {
      const meta = { name: "c", truth: curve.truth, trueMtd: curve.trueMtd, method: "exact" as const, target: sys.target };
      const a = summarize(exactA.accs[i], exactA.layout, { ...meta, metricNames: threePlusThree.metrics });
      const b = summarize(exactB.accs[i], exactB.layout, { ...meta, metricNames: boin.metrics });
      const exact: Record<string, number> = {
        correctSelection: b.correctSelection! - a.correctSelection!,
        noMtd: b.noMtd - a.noMtd,
        sampleSize: b.sampleSize - a.sampleSize,
        patientsAboveMtd: b.patientsAboveMtd! - a.patientsAboveMtd!,
        totalDlts: b.totalDlts - a.totalDlts,
        aboveMtdSelection: b.aboveMtd! - a.aboveMtd!,
        accuracyIndex: b.accuracyIndex! - a.accuracyIndex!,
      };
      a.selection.forEach((p, d) => (exact[`selection${d + 1}`] = b.selection[d] - p));
      const run = simulateCoupled([threePlusThree, boin], curve, { trials: 20000, seed: "exact" });
      const diffs = pairedDifferences(run);
      expect(diffs.map((x) => x.stat).sort()).toEqual(Object.keys(exact).sort());
      for (const x of diffs) {
        // plus 3/n: an event too rare to be seen in n trials has an estimated SE of 0 (rule of three)
        const tol = 4 * x.seCoupled + 3 / run.trials;
        expect(Math.abs(x.difference - exact[x.stat]), `${sys.curves[i].name} ${x.stat}: ${x.difference} vs exact ${exact[x.stat]}`).toBeLessThanOrEqual(tol);
      }
    });
  });

  it("gives a 3+3 − BOIN difference in correct selection an SE at least 7% below the independent-runs SE on every sys6020 curve (measured 10-23% below, so independent runs would need 1.24-1.68x the trials)", () => {
    const ratios: number[] = [];
    for (const name of withTarget) {
      const run = simulateCoupled([threePlusThree, boin], curveOf(name), { trials: 20000, seed: "gain" });
      const d = pairedDifferences(run).find((x) => x.stat === "correctSelection")!;
      expect(d.seCoupled).toBeGreaterThan(0);
      expect(d.seCoupled, name).toBeLessThan(0.93 * d.seIndependent);
      ratios.push(d.seIndependent / d.seCoupled);
    }
    expect(Math.max(...ratios)).toBeGreaterThan(1.2);
  });

  it("computes seIndependent as sqrt(SE_a² + SE_b²) of the two designs' own SEs, which match summarize", () => {
    const curve = curveOf("mtd-middle");
    const run = simulateCoupled([threePlusThree, boin], curve, { trials: 3000, seed: "se" });
    const means = pairedMeans(run);
    const a = marginal(run, 0, curve, threePlusThree);
    const b = marginal(run, 1, curve, boin);
    const correct = run.stats.indexOf("correctSelection");
    expect(means[0][correct].mean).toBeCloseTo(a.correctSelection!, 12);
    expect(means[0][correct].se).toBeCloseTo(a.correctSelectionSE!, 12);
    expect(means[1][run.stats.indexOf("sampleSize")].se).toBeCloseTo(b.sampleSizeSE, 12);
    const d = pairedDifferences(run).find((x) => x.stat === "correctSelection")!;
    expect(d.seIndependent).toBeCloseTo(Math.hypot(a.correctSelectionSE!, b.correctSelectionSE!), 12);
    expect(d.difference).toBeCloseTo(b.correctSelection! - a.correctSelection!, 12);
  });

  it("is deterministic for a seed, differs for another, and a run split into block ranges sums to the whole", () => {
    const curve = curveOf("mtd-low");
    const designs = [registered, boin];
    const opts = { trials: 10000, seed: "det" };
    const a = simulateCoupled(designs, curve, opts);
    const b = simulateCoupled(designs, curve, opts);
    expect(Array.from(b.paired)).toEqual(Array.from(a.paired));
    expect(b.accs.map((x) => Array.from(x))).toEqual(a.accs.map((x) => Array.from(x)));
    const c = simulateCoupled(designs, curve, { ...opts, seed: "other" });
    expect(Array.from(c.paired)).not.toEqual(Array.from(a.paired));
    const parts = mergeCoupled(simulateCoupled(designs, curve, { ...opts, blocks: [0, 1] }), simulateCoupled(designs, curve, { ...opts, blocks: [1, 3] }));
    expect(parts.trials).toBe(10000);
    expect(Array.from(parts.paired)).toEqual(Array.from(a.paired));
    expect(parts.accs.map((x) => Array.from(x))).toEqual(a.accs.map((x) => Array.from(x)));
  });

  it("gives a design the same trials whichever designs it is compared with (consumption per trial is design-independent)", () => {
    const curve = curveOf("mtd-middle");
    const alone = simulateCoupled([boin, boin], curve, { trials: 5000, seed: "order" });
    const withOthers = simulateCoupled([threePlusThree, boin, optimal], curve, { trials: 5000, seed: "order" });
    // the same patient bound (30) in both runs, so the same tolerances
    expect(coupledPatientBound([boin])).toBe(coupledPatientBound([threePlusThree, boin, optimal]));
    expect(Array.from(withOthers.accs[1])).toEqual(Array.from(alone.accs[0]));
  });

  it("refuses designs with another dose count than the curve", () => {
    const four = buildDesign(loadDesign("designs/s103-boin.json"), 4);
    expect(() => simulateCoupled([boin, four], curveOf("mtd-low"), { trials: 10, seed: "x" })).toThrow(UsageError);
    expect(() => simulateCoupled([], curveOf("mtd-low"), { trials: 10, seed: "x" })).toThrow(UsageError);
  });
});
