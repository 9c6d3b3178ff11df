/**
 * `doseladder compare` in calendar time (src/engine/compare.ts compareTimed, timedRunner's crn
 * option): identical designs differ by exactly 0; the differences and both SEs equal their
 * formulas computed here from per-trial values collected trial by trial from each design's
 * trace; patient i meets the same uniforms in every design (a latent tolerance: at a dose at
 * least as high, a DLT stays a DLT); each design keeps the law of its own timed run.
 */
import { describe, expect, it } from "vitest";
import { buildDesign, loadDesign, loadScenario, trueMtd } from "../../../src/config/load.js";
import { DAYS_PER_MONTH } from "../../../src/config/timing.js";
import { runCompare } from "../../../src/engine/compare.js";
import { runTimed } from "../../../src/engine/run.js";
import { timedRunner, type TrialTrace } from "../../../src/engine/timed.js";

const scenarioFile = "scenarios/sys6020-timed.json";

describe("compare in calendar time", () => {
  it("two identical timed designs: every difference and its paired SE are exactly 0, the independent SE is not", () => {
    const a = loadDesign("designs/sys6020-timed.json");
    const scenario = loadScenario(scenarioFile);
    const sc = { ...scenario, curves: scenario.curves.slice(2, 3) };
    const r = runCompare({ configs: [a, a], scenario: sc, trials: 300, seed: "same" });
    expect(r.method).toBe("monte-carlo-crn-timed");
    expect(r.pairing).toContain("patient by patient");
    const rows = r.curves[0].rows[1];
    expect(rows.map((x) => x.stat)).toContain("durationMonths");
    expect(rows.map((x) => x.stat)).toContain("mtdDecisionMonths");
    for (const row of rows) {
      expect(row.difference).toBe(0);
      expect(row.seCoupled).toBe(0);
    }
    expect(rows.find((x) => x.stat === "durationMonths")!.seIndependent).toBeGreaterThan(0);
    expect(r.curves[0].results[0].timing!.duration.mean).toBeGreaterThan(0);
  });

  it("the differences and their SEs are the formulas over the per-trial values of each design's trace", () => {
    const configs = [loadDesign("designs/sys6020-timed.json"), loadDesign("designs/sys6020-boin-timed.json")];
    const scenario = loadScenario(scenarioFile);
    const c = scenario.curves[2];
    const sc = { ...scenario, curves: [c] };
    const trials = 120;
    const seed = "pairs";
    const r = runCompare({ configs, scenario: sc, trials, seed });
    const K = sc.ladder.doses.length;
    const mtd = trueMtd(c.truth, sc.target);
    // per-trial values, trial by trial, from each design's own trace (same seed, crn)
    const traces: TrialTrace[][] = configs.map((config) => {
      const runner = timedRunner(buildDesign(config, K), sc.timing, config.conduct, c.truth, mtd, undefined, c.response, c.association, { crn: true });
      return Array.from({ length: trials }, (_, i) => runner.trace(seed, 0, i));
    });
    // durations are summed rounded to 1/16 day (src/engine/timed.ts)
    const q = (x: number) => Math.round(x * 16) / 16;
    const per: Record<string, (t: TrialTrace) => number> = {
      durationMonths: (t) => q(t.duration) / DAYS_PER_MONTH,
      mtdDecisionMonths: (t) => q(t.mtdDecision) / DAYS_PER_MONTH,
      noMtd: (t) => (t.selected < 0 ? 1 : 0),
      correctSelection: (t) => (t.selected === mtd ? 1 : 0),
    };
    for (let d = 0; d < K; d++) per[`selection${d + 1}`] = (t) => (t.selected === d ? 1 : 0);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    // the population variance, as every SE of doseladder
    const se = (xs: number[]) => Math.sqrt(Math.max(0, mean(xs.map((x) => x * x)) - mean(xs) ** 2) / xs.length);
    let checked = 0;
    for (const row of r.curves[0].rows[1]) {
      const name = row.stat === "selection" ? `selection${row.dose}` : row.stat;
      const f = per[name];
      if (!f) continue;
      const x0 = traces[0].map(f);
      const x1 = traces[1].map(f);
      const diff = x1.map((x, i) => x - x0[i]);
      expect(row.value).toBeCloseTo(mean(x1), 10);
      expect(row.se).toBeCloseTo(se(x1), 10);
      expect(row.difference).toBeCloseTo(mean(diff), 10);
      expect(row.seCoupled).toBeCloseTo(se(diff), 10);
      expect(row.seIndependent).toBeCloseTo(Math.hypot(se(x0), se(x1)), 10);
      checked++;
    }
    expect(checked).toBe(K + 4);
    // the designs do differ here (the comparison can fail)
    expect(r.curves[0].rows[1].find((x) => x.stat === "mtdDecisionMonths")!.difference).not.toBe(0);
  });

  it("patient i meets the same uniforms in both designs: same manufacturing failure and drop-out, a DLT at a dose at least as high stays a DLT, the same DLT day at the same dose", () => {
    const configs = [loadDesign("designs/sys6020-timed.json"), loadDesign("designs/sys6020-boin-timed.json")];
    const scenario = loadScenario(scenarioFile);
    const c = scenario.curves[3];
    const K = scenario.ladder.doses.length;
    const mtd = trueMtd(c.truth, scenario.target);
    const pairs = (crn: boolean) => {
      const runners = configs.map((config) => timedRunner(buildDesign(config, K), scenario.timing, config.conduct, c.truth, mtd, undefined, undefined, undefined, { crn }));
      let violations = 0;
      let compared = 0;
      for (let t = 0; t < 60; t++) {
        const [a, b] = runners.map((r) => r.trace("patients", 0, t).patients);
        for (let i = 0; i < Math.min(a.length, b.length); i++) {
          const [pa, pb] = [a[i], b[i]];
          const failed = (p: typeof pa) => p.outcome === "manufacturing failure";
          if (failed(pa) !== failed(pb)) violations++;
          const dosed = (p: typeof pa) => p.outcome === "evaluable" || p.outcome === "non-evaluable";
          if (dosed(pa) && dosed(pb) && (pa.outcome === "non-evaluable") !== (pb.outcome === "non-evaluable")) violations++;
          if (pa.outcome !== "evaluable" || pb.outcome !== "evaluable") continue;
          compared++;
          const [hi, lo] = pa.dose >= pb.dose ? [pa, pb] : [pb, pa];
          if (lo.dlt && !hi.dlt) violations++;
          if (pa.dose === pb.dose && pa.dlt !== pb.dlt) violations++;
          // (days from the first infusion, to rounding: the infusion days differ)
          if (pa.dose === pb.dose && pa.dlt && Math.abs(pa.end! - pa.infusions[0] - (pb.end! - pb.infusions[0])) > 1e-9) violations++;
        }
      }
      return { violations, compared };
    };
    const crn = pairs(true);
    expect(crn.compared).toBeGreaterThan(1000);
    expect(crn.violations).toBe(0);
    // without crn (the ordinary engine) a patient's draws shift once one design draws a DLT time the other does not
    expect(pairs(false).violations).toBeGreaterThan(0);
  });

  it("each design keeps the law of its own timed run (within 4 SEs of runTimed with another seed)", () => {
    const config = loadDesign("designs/sys6020-boin-timed.json");
    const scenario = loadScenario(scenarioFile);
    const sc = { ...scenario, curves: scenario.curves.slice(2, 3) };
    const r = runCompare({ configs: [loadDesign("designs/sys6020-timed.json"), config], scenario: sc, trials: 3000, seed: "law" });
    const own = runTimed({ config, scenario: sc, trials: 3000, seed: "other" }).curves[0];
    const mine = r.curves[0].results[1];
    const d = mine.timing!.duration;
    expect(Math.abs(d.mean - own.timing!.duration.mean)).toBeLessThan(4 * Math.hypot(d.se, own.timing!.duration.se));
    expect(Math.abs(mine.correctSelection! - own.correctSelection!)).toBeLessThan(4 * Math.hypot(mine.correctSelectionSE!, own.correctSelectionSE!));
    expect(Math.abs(mine.totalDlts - own.totalDlts)).toBeLessThan(4 * Math.hypot(mine.totalDltsSE, own.totalDltsSE));
    expect(mine.sampleSize).toBe(own.sampleSize); // BOIN here: always 30 patients
  });
});
