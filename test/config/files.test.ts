/**
 * Every file in designs/ and scenarios/ is a test (as vega-lite's examples are): it
 * validates, runs a small seeded simulation without warnings, and is not mutated.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildDesign, loadDesign, loadScenario } from "../../src/config/load.js";
import { runMonteCarlo } from "../../src/engine/run.js";
import { scenarioFor } from "../helpers/scenario-for.js";
import { loadSweep } from "../../src/sweep/plan.js";

const designFiles = readdirSync("designs").filter((f) => f.endsWith(".json")).sort();
const scenarioFiles = readdirSync("scenarios").filter((f) => f.endsWith(".json")).sort();
const NCT = /^NCT\d{8}$/;

describe("scenario files", () => {
  for (const f of scenarioFiles) {
    it(`${f} validates with no warnings and names its trial`, () => {
      const s = loadScenario(join("scenarios", f));
      expect(s.warnings).toEqual([]);
      if (s.trial) expect(s.trial).toMatch(NCT);
      expect(s.curves.length).toBeGreaterThan(0);
    });
  }
  it("the seed trials' ladders are exactly as registered", () => {
    const amounts = (f: string) => loadScenario(join("scenarios", f)).ladder.doses.map((d) => d.amount);
    expect(amounts("sys6020.json")).toEqual([2e6, 6e6, 1.8e7, 3.6e7, 5.4e7]);
    expect(amounts("s103.json")).toEqual([1e6, 2e6, 4e6, 8e6]);
    expect(loadScenario("scenarios/sys6020.json").trial).toBe("NCT06688435");
    expect(loadScenario("scenarios/s103.json").trial).toBe("NCT06958939");
  });
});

describe("design files", () => {
  for (const f of designFiles) {
    it(`${f} validates, runs on its trial's scenario (2,000 trials, seed "files") and is not mutated`, async () => {
      const path = join("designs", f);
      const before = readFileSync(path, "utf8");
      const config = loadDesign(path);
      if (config.trial) expect(config.trial).toMatch(NCT);
      const found = scenarioFor(config);
      const K = config.doses ?? 5;
      const scenario = found
        ? found
        : { file: "(inline)", name: "inline", trial: "", target: 0.3, ladder: { unit: "", doses: Array.from({ length: K }, (_, i) => ({ label: `D${i + 1}`, amount: undefined })) }, curves: [{ name: "c", truth: Array.from({ length: K }, (_, i) => 0.05 + 0.1 * i) }] };
      const frozenConfig = JSON.stringify(config);
      const result = await runMonteCarlo({ config, scenario, trials: 2000, seed: "files", workers: 1 });
      expect(JSON.stringify(config)).toBe(frozenConfig);
      expect(readFileSync(path, "utf8")).toBe(before);
      expect(result.curves.length).toBe(scenario.curves.length);
      for (const c of result.curves) {
        const total = c.selection.reduce((a, b) => a + b, 0) + c.noMtd;
        expect(total).toBeCloseTo(1, 12);
        expect(c.sampleSize).toBeLessThanOrEqual(buildDesign(config, K).maxPatients);
      }
    });
  }
});

describe("sweep files", () => {
  // the calendar-time sweeps (*-timing.json) vary one design's conduct: test/unit/engine/timed-files.test.ts;
  // the waiting-vs-TITE comparisons (*-tite.json): test/unit/engine/tite-files.test.ts;
  // the toxicity-only vs efficacy-guided expansions (*-efficacy.json): test/e2e/efficacy-sweep.test.ts
  const sweepFiles = readdirSync("scenarios/sweeps")
    .filter((f) => f.endsWith(".json") && !f.endsWith("-timing.json") && !f.endsWith("-tite.json") && !f.endsWith("-efficacy.json"))
    .sort();
  it("ships one sweep per seed trial", () => {
    expect(sweepFiles).toEqual(["cd19-bcma.json", "s103.json", "sys6020.json"]);
  });
  for (const f of sweepFiles) {
    it(`${f} validates and compares its trial's registered design with the alternatives`, () => {
      const plan = loadSweep(join("scenarios/sweeps", f));
      const types = new Set(plan.cells.map((c) => c.design.design.type));
      expect(types.size).toBeGreaterThanOrEqual(3);
      const trials = new Set(plan.cells.map((c) => c.scenario.trial));
      expect(trials.size).toBe(1);
    });
  }
});
