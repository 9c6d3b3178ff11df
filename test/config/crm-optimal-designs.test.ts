/** The crm and optimal design files load, build for their ladders, and run a small seeded simulation. */
import { describe, expect, it } from "vitest";
import { buildDesign, loadDesign, loadScenario, trueMtd } from "../../src/config/load.js";
import { simulateDesign } from "../../src/engine/simulate.js";
import { checkTrial } from "../../src/designs/check.js";
import { streamFor } from "../../src/random/stream.js";

const files: [string, string | undefined, number][] = [
  ["designs/sys6020-crm.json", "scenarios/sys6020.json", 5],
  ["designs/s103-crm.json", "scenarios/s103.json", 4],
  ["designs/cd19-bcma-crm.json", undefined, 3],
  ["designs/optimal-n30.json", "scenarios/sys6020.json", 5],
  ["designs/optimal-n24.json", "scenarios/s103.json", 4],
];

describe("crm and optimal design files", () => {
  for (const [file, scenarioFile, K] of files) {
    it(`${file} validates, passes checkTrial and simulates (seed 'cfg')`, () => {
      const config = loadDesign(file);
      const design = buildDesign(config, K);
      const curves = scenarioFile ? loadScenario(scenarioFile).curves.map((c) => c.truth) : [[0.05, 0.2, 0.4]];
      const target = scenarioFile ? loadScenario(scenarioFile).target : 0.25;
      for (const truth of curves) {
        expect(checkTrial(design, truth, streamFor("cfg", 0)).violations).toEqual([]);
        const { acc } = simulateDesign(design, { truth, trueMtd: trueMtd(truth, target) }, { trials: 500, seed: "cfg" });
        expect(acc[0]).toBe(500);
      }
    });
  }
  it("a CRM file with a sample size that is not a multiple of the cohort size is rejected naming the file and field", () => {
    expect(() => buildDesign({ ...loadDesign("designs/s103-crm.json"), design: { type: "crm", params: { ...loadDesign("designs/s103-crm.json").design.params, maxPatients: 25 } } }, 4)).toThrow(
      "designs/s103-crm.json: design: maxPatients (25) must be a multiple of cohortSize (3), as in dfcrm",
    );
  });
});
