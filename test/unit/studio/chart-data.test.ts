/**
 * src/studio/chart-data.ts: the page draws a chart from its shape (compiled and parsed once) and
 * its rows (given to each new view before it runs). Drawn so, every chart of the HTML report's
 * curve charts must be the SVG vega draws from the spec with its rows inline (as `doseladder
 * report` draws it), also for a second view of a kept shape with other rows.
 */
import { readFileSync } from "node:fs";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { describe, expect, it } from "vitest";
import { parseDesignConfig, parseScenarioConfig } from "../../../src/config/load.js";
import { runExact, type RunResult } from "../../../src/engine/run.js";
import { curveCharts } from "../../../src/report/charts.js";
import { splitData } from "../../../src/studio/chart-data.js";

function result(designFile: string, edit?: (s: { curves: { truth: number[] }[] }) => void): RunResult {
  const s = JSON.parse(readFileSync("scenarios/sys6020.json", "utf8"));
  edit?.(s);
  return runExact({ config: parseDesignConfig(JSON.parse(readFileSync(designFile, "utf8")), designFile), scenario: parseScenarioConfig(s, "scenarios/sys6020.json"), maxCohorts: 1000 });
}

async function svgOf(runtime: vega.Runtime, values: unknown[][] = []): Promise<string> {
  const view = new vega.View(runtime, { renderer: "none" });
  values.forEach((rows, k) => view.data(`d${k}`, rows as object[]));
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

const inline = (spec: unknown) => svgOf(vega.parse(compile(spec as TopLevelSpec).spec));

describe("splitData: a chart drawn from its shape and rows is the chart drawn with its rows inline", () => {
  it("every curve chart of SYS6020 (one design, then three side by side), a kept shape reused for an edited truth", async () => {
    const base = [result("designs/sys6020.json"), result("designs/sys6020-crm.json"), result("designs/sys6020-boin.json")];
    const edited = [result("designs/sys6020.json", (s) => (s.curves[0].truth[1] = 0.2)), result("designs/sys6020-crm.json", (s) => (s.curves[0].truth[1] = 0.2)), result("designs/sys6020-boin.json", (s) => (s.curves[0].truth[1] = 0.2))];
    let checked = 0;
    for (const n of [1, 3]) {
      const before = curveCharts(base.slice(0, n), 0);
      const after = curveCharts(edited.slice(0, n), 0);
      expect(after.map((c) => c.kind)).toEqual(before.map((c) => c.kind));
      for (let k = 0; k < before.length; k++) {
        const a = splitData(before[k].spec);
        const b = splitData(after[k].spec);
        expect(a.values.length).toBeGreaterThan(0);
        // a truth edit changes the rows, never the shape
        expect(b.shape).toBe(a.shape);
        const runtime = vega.parse(compile(JSON.parse(a.shape) as TopLevelSpec).spec);
        expect(await svgOf(runtime, a.values)).toBe(await inline(before[k].spec));
        expect(await svgOf(runtime, b.values)).toBe(await inline(after[k].spec));
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  }, 60_000);

  it("leaves data with more than values (a format, a name) as it is, and finds values in layers", () => {
    const spec = { data: { values: [{ a: 1 }] }, layer: [{ data: { values: [{ b: 2 }] }, mark: "rule" }, { data: { values: [{ c: 3 }], format: { type: "json" } }, mark: "text" }, { data: { name: "x" }, mark: "point" }] };
    const { shape, values } = splitData(spec);
    expect(values).toEqual([[{ a: 1 }], [{ b: 2 }]]);
    expect(JSON.parse(shape)).toEqual({ data: { name: "d0" }, layer: [{ data: { name: "d1" }, mark: "rule" }, { data: { values: [{ c: 3 }], format: { type: "json" } }, mark: "text" }, { data: { name: "x" }, mark: "point" }] });
  });
});
