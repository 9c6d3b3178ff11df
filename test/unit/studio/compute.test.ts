/**
 * src/studio/compute.ts's kept results: after an edit of some truth curves the studio enumerates
 * only those curves and takes the others from its memo (runExactKept). Its result must be the one
 * `doseladder run` computes for the edited files (src/engine/run.ts's runExact on the whole
 * scenario, a fresh design built from a fresh parse), to the last digit, field for field.
 * (The browser test compares the page with the CLI itself, on the saved files.)
 */
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDesignConfig, parseScenarioConfig } from "../../../src/config/load.js";
import { runExact } from "../../../src/engine/run.js";
import { DEFAULT_SETTINGS, runExactKept, validate } from "../../../src/studio/compute.js";

const read = (f: string) => JSON.parse(readFileSync(f, "utf8")) as Record<string, unknown>;

/** What `doseladder run --format json` computes for these JSON values (nothing kept). */
function cliResult(design: unknown, designFile: string, scenario: unknown, scenarioFile: string) {
  const config = parseDesignConfig(JSON.parse(JSON.stringify(design)), designFile);
  const sc = parseScenarioConfig(JSON.parse(JSON.stringify(scenario)), scenarioFile);
  return runExact({ config, scenario: sc, maxCohorts: 1000 }, { maxStates: 10_000_000, predict: true });
}

function studioResult(design: unknown, designFile: string, scenario: unknown, scenarioFile: string) {
  const v = validate({ design, designFile, scenario, scenarioFile, settings: DEFAULT_SETTINGS });
  return runExactKept({ config: v.config, scenario: v.scenario, maxCohorts: v.maxCohorts }, { maxStates: v.maxStates, predict: true });
}

type Curve = { name: string; truth: number[] };
// a truth edit: curve, dose, value with two decimals in (0, 1) (what the page's drag gives)
const edits = fc.array(fc.tuple(fc.nat(5), fc.nat(4), fc.integer({ min: 1, max: 99 })), { minLength: 1, maxLength: 4 });

describe("runExactKept: the curves of an edit enumerated alone, the others kept, equal the whole run's", () => {
  // [design, random edit lists, doses of curve 2 edited one at a time] (the efficacy expansion is the slowest)
  for (const [designFile, runs, doses] of [
    ["designs/sys6020.json", 6, 5],
    ["designs/sys6020-crm.json", 6, 5],
    ["designs/sys6020-boin.json", 4, 5],
    ["designs/sys6020-toxicity-expansion.json", 1, 1],
  ] as const) {
    it(`${designFile} on scenarios/sys6020.json: after every edit of the truth, every field is doseladder run's`, () => {
      const design = read(designFile);
      const scenario = read("scenarios/sys6020.json");
      // the first run fills the memo
      expect(JSON.stringify(studioResult(design, designFile, scenario, "scenarios/sys6020.json"))).toBe(JSON.stringify(cliResult(design, designFile, scenario, "scenarios/sys6020.json")));
      // one value at a time, every dose of one curve, then back to the file's value (a kept curve again)
      const check = (list: [number, number, number][]) => {
        const s = JSON.parse(JSON.stringify(scenario)) as { curves: Curve[] };
        for (const [c, d, v] of list) s.curves[c % s.curves.length].truth[d] = v / 100;
        const kept = studioResult(design, designFile, s, "scenarios/sys6020.json");
        const whole = cliResult(design, designFile, s, "scenarios/sys6020.json");
        expect(kept.exactStates).toBe(whole.exactStates);
        expect(JSON.stringify(kept)).toBe(JSON.stringify(whole));
      };
      const first = (scenario as unknown as { curves: Curve[] }).curves[1].truth;
      for (let d = 0; d < Math.min(doses, first.length); d++) check([[1, d, Math.round(first[d] * 100) === 50 ? 51 : 50]]);
      check([]);
      fc.assert(
        fc.property(edits, (list) => {
          check(list);
        }),
        { numRuns: runs, seed: 16 },
      );
    }, 120_000);
  }

  it("a curve with a truth of 0 or 1 (a path of probability 0) is enumerated with every curve, and still equals doseladder run", () => {
    const design = read("designs/sys6020-3plus3.json");
    const scenario = read("scenarios/sys6020.json") as unknown as { curves: Curve[] };
    studioResult(design, "d.json", scenario, "s.json");
    for (const v of [0, 1]) {
      const s = JSON.parse(JSON.stringify(scenario)) as { curves: Curve[] };
      s.curves[1].truth[0] = v;
      expect(JSON.stringify(studioResult(design, "d.json", s, "s.json"))).toBe(JSON.stringify(cliResult(design, "d.json", s, "s.json")));
    }
  });

  it("the complete-information benchmark (a panel: probabilities are differences of the truth) with two equal rates equals doseladder run", () => {
    const design = read("designs/optimal-n24.json");
    const scenario = read("scenarios/sys6020.json") as unknown as { curves: Curve[] };
    studioResult(design, "o.json", scenario, "s.json");
    const s = JSON.parse(JSON.stringify(scenario)) as { curves: Curve[] };
    s.curves[0].truth[1] = s.curves[0].truth[0];
    expect(JSON.stringify(studioResult(design, "o.json", s, "s.json"))).toBe(JSON.stringify(cliResult(design, "o.json", s, "s.json")));
  });

  it("a design edit, the target and the dose count start a new memo entry: the numbers are the edited files'", () => {
    const design = read("designs/sys6020.json") as { modifiers: { q?: number; patients?: number }[] };
    const scenario = read("scenarios/sys6020.json") as { target: number };
    studioResult(design, "d.json", scenario, "s.json");
    const d2 = JSON.parse(JSON.stringify(design)) as typeof design;
    d2.modifiers[0].q = 0.6;
    d2.modifiers[1].patients = 18;
    const s2 = { ...scenario, target: 0.3 };
    for (const [d, s] of [[d2, scenario], [design, s2], [d2, s2]] as const) {
      expect(JSON.stringify(studioResult(d, "d.json", s, "s.json"))).toBe(JSON.stringify(cliResult(d, "d.json", s, "s.json")));
    }
  });

  it("validate keeps the parsed design file: the same JSON gives the same config, an edit a new one, a bad value the loader's message every time", () => {
    const design = read("designs/sys6020.json") as { modifiers: { q: unknown }[] };
    const req = { design, designFile: "designs/sys6020.json", scenario: read("scenarios/sys6020.json"), scenarioFile: "scenarios/sys6020.json", settings: DEFAULT_SETTINGS };
    const a = validate(req).config;
    expect(validate(req).config).toBe(a);
    const edited = JSON.parse(JSON.stringify(design)) as typeof design;
    edited.modifiers[0].q = 0.5;
    const b = validate({ ...req, design: edited }).config;
    expect(b).not.toBe(a);
    expect(b.modifiers[0].params.q).toBe(0.5);
    edited.modifiers[0].q = 1.5;
    for (let i = 0; i < 2; i++) expect(() => validate({ ...req, design: edited })).toThrow("designs/sys6020.json: modifiers[0].q: expected a probability in [0, 1], got 1.5");
  });
});
