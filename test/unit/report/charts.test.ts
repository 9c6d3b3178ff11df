import { describe, expect, it } from "vitest";
import { loadDesign, loadScenario } from "../../../src/config/load.js";
import { runMonteCarlo, type RunResult } from "../../../src/engine/run.js";
import { axisLabels, curveCharts, NO_MTD, selectionChart, truthChart } from "../../../src/report/charts.js";
import { compileChart } from "../../../src/report/html.js";

async function run(design: string, scenario: string): Promise<RunResult> {
  return runMonteCarlo({ config: loadDesign(design), scenario: loadScenario(scenario), trials: 300, seed: "charts-1", workers: 1 });
}

const values = (spec: unknown): Record<string, unknown>[] => (spec as { data: { values: Record<string, unknown>[] } }).data.values;

describe("charts", () => {
  it("curveCharts(results, i) compiles without vega-lite warnings for one design, two designs, expansion and no target", async () => {
    const a = await run("designs/sys6020.json", "scenarios/sys6020.json");
    const b = await run("designs/sys6020-3plus3.json", "scenarios/sys6020.json");
    const noTarget: RunResult = { ...b, target: null, curves: b.curves.map((c) => ({ ...c, trueMtd: null, correctSelection: null })) };
    for (const results of [[a], [b], [a, b], [noTarget]]) {
      const charts = results[0].curves.flatMap((_, i) => curveCharts(results, i));
      expect(charts.length).toBeGreaterThanOrEqual(4 * results[0].curves.length);
      for (const chart of charts) {
        const { spec, warnings } = compileChart(chart.spec);
        expect(warnings, chart.id).toEqual([]);
        expect(JSON.stringify(spec)).toContain('"marks"');
      }
    }
  });

  it("curveCharts(results, i) carries the result's selection probabilities, with NO_MTD last and the true MTD marked", async () => {
    const r = await run("designs/s103.json", "scenarios/s103.json");
    const c = r.curves[1];
    const selection = curveCharts([r], 1).find((x) => x.kind === "selection")!;
    const rows = values(selection.spec);
    expect(rows.map((x) => x.p)).toEqual([...c.selection, c.noMtd]);
    expect(rows.at(-1)!.label).toBe(NO_MTD);
    expect(rows.filter((x) => x.trueMtd).map((x) => x.label)).toEqual([r.ladder.doses[c.trueMtd! - 1].label]);
  });

  it("truthChart(rows, { target }) draws the target band only when there is a target", () => {
    const rows = [0.1, 0.3].map((truth, i) => ({ dose: i + 1, label: `D${i + 1}`, truth, trueMtd: i === 1 }));
    const withTarget = JSON.stringify(truthChart(rows, { target: 0.3, band: 0.05 }));
    expect(withTarget).toContain('"lo":0.25');
    expect(withTarget).toContain('"hi":0.35');
    expect(JSON.stringify(truthChart(rows, { target: null }))).not.toContain('"lo"');
  });

  it("selectionChart(rows) draws SE whiskers for Monte Carlo rows and none for exact rows", () => {
    const rows = (se: number) => [{ design: "d", label: "D1", p: 0.5, se, trueMtd: true }];
    expect(JSON.stringify(selectionChart(rows(0.01)))).toContain('"type":"rule"');
    expect(JSON.stringify(selectionChart(rows(0)))).not.toContain('"type":"rule"');
  });

  it("axisLabels(labels) numbers the labels when two doses share one or a dose is called 'no MTD'", () => {
    expect(axisLabels(["A", "B"])).toEqual(["A", "B"]);
    expect(axisLabels(["A", "A"])).toEqual(["1. A", "2. A"]);
    expect(axisLabels(["A", NO_MTD])).toEqual(["1. A", `2. ${NO_MTD}`]);
  });
});
