/** src/studio/sweep.ts: a sweep file's first cell in the studio is the first cell `doseladder sweep` expands (src/sweep/plan.ts). */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDesignConfig, parseScenarioConfig } from "../../../src/config/load.js";
import { loadSweep } from "../../../src/sweep/plan.js";
import { sweepFirstCell, sweepPath } from "../../../src/studio/sweep.js";

const SWEEPS = "scenarios/sweeps";
const files = readdirSync(SWEEPS).filter((f) => f.endsWith(".json"));

describe("sweepFirstCell", () => {
  it("sweepPath drops the leading ./ and ../ of a sweep's paths", () => {
    expect(sweepPath("../../designs/a.json")).toBe("designs/a.json");
    expect(sweepPath("./b.json")).toBe("b.json");
    expect(sweepPath("designs/c.json")).toBe("designs/c.json");
  });

  it.each(files)("%s: the design, scenario and settings of the first cell doseladder sweep expands", (f) => {
    const file = join(SWEEPS, f);
    const sweep = JSON.parse(readFileSync(file, "utf8"));
    const find = (path: string) => {
      const p = resolve(dirname(file), path);
      return { value: JSON.parse(readFileSync(p, "utf8")), file: relative(process.cwd(), p) };
    };
    const cell = sweepFirstCell(sweep, f, find);
    if (typeof cell === "string") throw new Error(cell);
    const plan = loadSweep(file);
    const first = plan.cells[0];
    const design = parseDesignConfig(cell.design, first.design.file);
    expect({ ...design, file: "" }).toEqual({ ...first.design, file: "" });
    const scenario = parseScenarioConfig(cell.scenario, first.scenario.file);
    expect(scenario.curves).toEqual(first.scenario.curves);
    expect(scenario.ladder).toEqual(first.scenario.ladder);
    expect(scenario.timing).toEqual(first.scenario.timing);
    expect(cell.settings.trials).toBe(String(plan.trials));
    expect(cell.settings.seed ?? "1").toBe(plan.seed);
    expect(cell.settings.method ?? "auto").toBe(plan.method);
    expect(cell.said).toMatch(new RegExp(`^${f.replace(/\./g, "\\.")}: opened its first cell: design `));
  });

  it("says which named file the page does not have", () => {
    const cell = sweepFirstCell({ designs: [{ file: "../../designs/x.json" }], scenarios: ["../y.json"] }, "s.json", () => undefined);
    expect(cell).toBe("s.json: its first design, ../../designs/x.json, is not in the page: open it together with the sweep file");
  });
});
