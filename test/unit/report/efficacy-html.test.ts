/**
 * src/report/efficacy-html.ts: the efficacy chart of a report compiles without vega-lite warnings
 * (one design, two designs, exact and Monte Carlo, with and without the futility threshold p0) and
 * carries the block's numbers; the sweep's dose-optimisation chart compiles too; reports of
 * designs without an efficacy expansion get no efficacy chart or table.
 */
import { describe, expect, it } from "vitest";
import { loadDesign, loadScenario } from "../../../src/config/load.js";
import { runExact, runMonteCarlo, type RunResult } from "../../../src/engine/run.js";
import { efficacyReportCharts, efficacyReportTable, efficacySweepChart, efficacySweepTable } from "../../../src/report/efficacy-html.js";
import { compileChart, reportCharts } from "../../../src/report/html.js";
import { sweepEntries, sweepLayout } from "../../../src/report/sweep-html.js";
import type { SweepResult } from "../../../src/sweep/merge.js";

const scenario = (() => {
  const s = loadScenario("scenarios/sys6020.json");
  return { ...s, curves: s.curves.filter((c) => c.name === "mtd-high" || c.name === "toxic-first") };
})();
const exact = (file: string): RunResult => runExact({ config: loadDesign(file), scenario });
const values = (spec: unknown) => (spec as { data: { values: Record<string, unknown>[] } }).data.values;

describe("efficacy-html", () => {
  it("efficacyReportCharts compiles without warnings for one and two designs, exact and Monte Carlo, and carries P(recommended)", async () => {
    const eff = exact("designs/sys6020-efficacy.json");
    const tox = exact("designs/sys6020-toxicity-expansion.json");
    const mc = await runMonteCarlo({ config: loadDesign("designs/sys6020-efficacy.json"), scenario, trials: 500, seed: "eff-html", workers: 1 });
    for (const results of [[eff], [tox], [eff, tox], [mc], [tox, mc]]) {
      for (let c = 0; c < results[0].curves.length; c++) {
        const charts = efficacyReportCharts(results, c, results.map((r, k) => `${r.design.name} ${k}`));
        expect(charts).toHaveLength(1);
        const { spec, warnings } = compileChart(charts[0].spec);
        expect(warnings, charts[0].id).toEqual([]);
        expect(JSON.stringify(spec)).toContain('"marks"');
        // bars: K doses + no dose per design, in ladder order, the block's numbers
        const bars = values(charts[0].spec);
        const e = results[0].curves[c].efficacy!;
        expect(bars.slice(0, 6).map((b) => b.p)).toEqual([...e.recommended, e.noDose]);
        expect(bars.filter((b) => b.optimal).map((b) => b.label)).toContain(e.optimalDose === 0 ? "no dose" : results[0].ladder.doses[e.optimalDose - 1].label);
      }
    }
  });

  it("the p0 rule is drawn for a futility design only", () => {
    const rules = (r: RunResult) => JSON.stringify(efficacyReportCharts([r], 0, ["x"])[0].spec).includes('"p0 0.3"');
    expect(rules(exact("designs/sys6020-efficacy.json"))).toBe(true);
    expect(rules(exact("designs/sys6020-toxicity-expansion.json"))).toBe(false);
  });

  it("designs without an efficacy expansion: no efficacy chart in the report, no table", () => {
    const plain = runExact({ config: loadDesign("designs/sys6020-3plus3.json"), scenario });
    expect(efficacyReportCharts([plain], 0, ["p"])).toEqual([]);
    expect(efficacyReportTable([plain], 0, ["p"])).toBe("");
    expect(reportCharts([plain]).some((c) => c.kind === "efficacy")).toBe(false);
    expect(reportCharts([exact("designs/sys6020-efficacy.json")]).filter((c) => c.kind === "efficacy")).toHaveLength(2);
  });

  it("the sweep's dose-optimisation chart compiles without warnings and its table lists only efficacy cells", () => {
    const results = [runExact({ config: loadDesign("designs/sys6020-3plus3.json"), scenario }), exact("designs/sys6020-efficacy.json"), exact("designs/sys6020-toxicity-expansion.json")];
    const sweep: SweepResult = { doseladder: "0", sweep: "s", trials: 1, seed: "1", gridKeys: [], cells: results.map((result, index) => ({ index, key: `k${index}`, params: {}, result })) };
    const layout = sweepLayout(sweep);
    const entries = sweepEntries(sweep, layout);
    const { warnings } = compileChart(efficacySweepChart(layout, entries));
    expect(warnings).toEqual([]);
    expect(values(efficacySweepChart(layout, entries)).map((r) => r.pObd)).toEqual([1, 2].flatMap((i) => results[i].curves.map((c) => c.efficacy!.optimalDoseRecommended)));
    const table = efficacySweepTable(layout, entries);
    expect(table).not.toContain(`data-variant="0"`);
    expect(table).toContain(`data-variant="1"`);
    expect(table).toContain(`data-variant="2"`);
  });
});
