/**
 * The interval-design config files validate, build over their trial's ladder, pass the
 * conformance checks on every curve, and behave sensibly on the extreme curves.
 */
import { describe, expect, it } from "vitest";
import { buildDesign, loadDesign, loadScenario, trueMtd } from "../../src/config/load.js";
import { checkTrial } from "../../src/designs/check.js";
import { streamFor } from "../../src/random/stream.js";
import { simulateDesign } from "../../src/engine/simulate.js";
import { summarize } from "../../src/report/summary.js";

const pairs: [string, string][] = [
  ["designs/cd19-bcma.json", "scenarios/cd19-bcma.json"],
  ["designs/cd19-bcma-boin.json", "scenarios/cd19-bcma.json"],
  ["designs/sys6020-boin.json", "scenarios/sys6020.json"],
  ["designs/s103-boin.json", "scenarios/s103.json"],
];

describe("interval design configs", () => {
  for (const [designFile, scenarioFile] of pairs) {
    it(`${designFile} over ${scenarioFile}: conformance on every curve; toxic-first mostly selects no dose; safe mostly selects the top dose`, () => {
      const config = loadDesign(designFile);
      const scenario = loadScenario(scenarioFile);
      expect(scenario.warnings).toEqual([]);
      const K = scenario.ladder.doses.length;
      const design = buildDesign(config, K);
      for (const curve of scenario.curves) {
        const u = streamFor(`config-${curve.name}`, 0);
        for (let t = 0; t < 50; t++) expect(checkTrial(design, curve.truth, u).violations).toEqual([]);
        const job = { truth: curve.truth, trueMtd: trueMtd(curve.truth, scenario.target) };
        const { runner, acc } = simulateDesign(design, job, { trials: 4000, seed: "configs" });
        const r = summarize(acc, runner.layout, { name: curve.name, truth: curve.truth, trueMtd: job.trueMtd, metricNames: [], method: "monte-carlo" });
        if (curve.name === "toxic-first") expect(r.noMtd).toBeGreaterThan(0.5);
        if (curve.name === "safe") expect(r.selection[K - 1]).toBeGreaterThan(0.5);
      }
    });
  }
});
