/** src/studio/sweep.ts: a sweep file's cells in the studio are the cells `doseladder sweep` expands (src/sweep/plan.ts), in its order. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDesignConfig, parseScenarioConfig } from "../../../src/config/load.js";
import { loadSweep } from "../../../src/sweep/plan.js";
import { sweepCells, sweepFirstCell, sweepPath } from "../../../src/studio/sweep.js";

const SWEEPS = "scenarios/sweeps";
const files = readdirSync(SWEEPS).filter((f) => f.endsWith(".json"));

/** A sweep file of scenarios/sweeps, and how the page would find the files it names (here: read from disk). */
function load(f: string) {
  const file = join(SWEEPS, f);
  const sweep = JSON.parse(readFileSync(file, "utf8"));
  const find = (path: string) => {
    const p = resolve(dirname(file), path);
    return { value: JSON.parse(readFileSync(p, "utf8")), file: relative(process.cwd(), p) };
  };
  return { file, sweep, find };
}

describe("sweepFirstCell", () => {
  it("sweepPath drops the leading ./ and ../ of a sweep's paths", () => {
    expect(sweepPath("../../designs/a.json")).toBe("designs/a.json");
    expect(sweepPath("./b.json")).toBe("b.json");
    expect(sweepPath("designs/c.json")).toBe("designs/c.json");
  });

  it.each(files)("%s: the design, scenario and settings of the first cell doseladder sweep expands", (f) => {
    const { file, sweep, find } = load(f);
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

  it.each(files)("%s: every cell, in the order and number doseladder sweep gives them, with its grid values", (f) => {
    const { file, sweep, find } = load(f);
    const cells = sweepCells(sweep, f, find);
    if (typeof cells === "string") throw new Error(cells);
    const plan = loadSweep(file);
    expect(cells.length).toBe(plan.cells.length);
    expect(cells.length).toBeGreaterThan(1);
    for (const [i, cell] of cells.entries()) {
      const want = plan.cells[i];
      expect(cell.index).toBe(i);
      const design = parseDesignConfig(cell.design, want.design.file);
      expect({ ...design, file: "" }, `cell ${i + 1}`).toEqual({ ...want.design, file: "" });
      const scenario = parseScenarioConfig(cell.scenario, want.scenario.file);
      expect(scenario.curves, `cell ${i + 1}`).toEqual(want.scenario.curves);
      expect(scenario.timing, `cell ${i + 1}`).toEqual(want.scenario.timing);
      // the label names every grid value the cell has
      for (const [k, v] of Object.entries(want.params)) expect(cell.label).toContain(`${k}=${JSON.stringify(v)}`);
      expect(cell.label).toMatch(new RegExp(`^cell ${i + 1} of ${cells.length}: design `));
      expect(cell.said).toMatch(i === 0 ? /: opened its first cell: / : new RegExp(`: opened cell ${i + 1} of ${cells.length}: `));
    }
  });

  it("a sweep whose grid varies a timing key only: as many cells for a scenario without timing (as the sweep)", () => {
    const design = { design: { type: "boin", target: 0.3 } };
    const scenario = { target: 0.3, ladder: { doses: [1, 2, 3] }, curves: [{ name: "a", truth: [0.1, 0.3, 0.5] }] };
    const timed = { ...scenario, timing: { process: "poisson", rate: 2 } };
    const find = (path: string) => (path === "d.json" ? { value: design, file: "d.json" } : { value: path === "t.json" ? timed : scenario, file: path });
    const cells = sweepCells({ designs: [{ file: "d.json" }, { design: { type: "keyboard", target: 0.3 } }], grid: { "timing.rate": [1, 4] }, scenarios: ["s.json", "t.json"] }, "sw.json", find);
    if (typeof cells === "string") throw new Error(cells);
    expect(cells.map((c) => c.label)).toEqual([
      "cell 1 of 8: design d.json, scenario s.json",
      "cell 2 of 8: design d.json with timing.rate=1, scenario t.json",
      "cell 3 of 8: design d.json, scenario s.json",
      "cell 4 of 8: design d.json with timing.rate=4, scenario t.json",
      "cell 5 of 8: design sw-design-2.json, scenario s.json",
      "cell 6 of 8: design sw-design-2.json with timing.rate=1, scenario t.json",
      "cell 7 of 8: design sw-design-2.json, scenario s.json",
      "cell 8 of 8: design sw-design-2.json with timing.rate=4, scenario t.json",
    ]);
    expect((cells[3].scenario.timing as Record<string, unknown>).rate).toBe(4);
    expect(cells[2].scenario.timing).toBeUndefined();
    // the same files through doseladder sweep's own loader: the same cells
    const dir = mkdtempSync(join(tmpdir(), "doseladder-sweep-cells-"));
    try {
      writeFileSync(join(dir, "d.json"), JSON.stringify(design));
      writeFileSync(join(dir, "s.json"), JSON.stringify(scenario));
      writeFileSync(join(dir, "t.json"), JSON.stringify(timed));
      writeFileSync(join(dir, "sw.json"), JSON.stringify({ designs: [{ file: "d.json" }, { design: { type: "keyboard", target: 0.3 } }], grid: { "timing.rate": [1, 4] }, scenarios: ["s.json", "t.json"] }));
      const plan = loadSweep(join(dir, "sw.json"));
      expect(plan.cells.map((c) => [c.design.design.type, basename(c.scenario.file), c.scenario.timing ? (c.scenario.timing as unknown as Record<string, unknown>).rate : null])).toEqual(
        cells.map((c) => [(c.design.design as Record<string, unknown>).type, c.scenarioFile, c.scenario.timing ? (c.scenario.timing as Record<string, unknown>).rate : null]),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("says which named file the page does not have", () => {
    const cell = sweepFirstCell({ designs: [{ file: "../../designs/x.json" }], scenarios: ["../y.json"] }, "s.json", () => undefined);
    expect(cell).toBe("s.json: its first design, ../../designs/x.json, is not in the page: open it together with the sweep file");
    const second = sweepCells({ designs: [{ file: "a.json" }, { file: "b.json" }], scenarios: ["y.json"] }, "s.json", (p) => (p === "a.json" ? { value: { design: { type: "boin" } }, file: p } : undefined));
    expect(second).toBe("s.json: its design 2, b.json, is not in the page: open it together with the sweep file");
  });
});
