/**
 * The sweep overview's efficacy-against-time chart and table (src/report/efficacy-html.ts) for
 * efficacy expansions run in calendar time: the chart compiles without warnings and draws each
 * timed efficacy cell's P(recommending the optimal dose) at its mean duration in months; the table's
 * cells carry the JSON's values; untimed and non-efficacy cells are left out.
 */
import { describe, expect, it } from "vitest";
import { loadDesign, loadScenario } from "../../../src/config/load.js";
import { DAYS_PER_MONTH } from "../../../src/config/timing.js";
import { runExact, runTimed } from "../../../src/engine/run.js";
import { efficacyDurationTable, efficacySweepChart } from "../../../src/report/efficacy-html.js";
import { compileChart } from "../../../src/report/html.js";
import { sweepCharts, sweepEntries, sweepLayout } from "../../../src/report/sweep-html.js";
import type { SweepResult } from "../../../src/sweep/merge.js";

const values = (spec: unknown) => (spec as { data: { values: Record<string, number>[] } }).data.values;

describe("the sweep's efficacy-against-time chart and table", () => {
  const timedScenario = loadScenario("scenarios/sys6020-efficacy-timed.json");
  const sc = { ...timedScenario, curves: timedScenario.curves.slice(0, 2) };
  const untimed = loadScenario("scenarios/sys6020.json");
  const results = [
    runTimed({ config: loadDesign("designs/sys6020-timed.json"), scenario: sc, trials: 300, seed: "h" }),
    runTimed({ config: loadDesign("designs/sys6020-efficacy-timed.json"), scenario: sc, trials: 300, seed: "h" }),
    runTimed({ config: loadDesign("designs/sys6020-toxicity-expansion-timed.json"), scenario: sc, trials: 300, seed: "h" }),
    runExact({ config: loadDesign("designs/sys6020-efficacy.json"), scenario: { ...untimed, curves: untimed.curves.slice(0, 2) } }),
  ];
  const sweep: SweepResult = { doseladder: "0", sweep: "s", trials: 300, seed: "h", gridKeys: [], cells: results.map((result, index) => ({ index, key: `k${index}`, params: {}, result })) };
  const layout = sweepLayout(sweep);
  const entries = sweepEntries(sweep, layout);

  it("compiles without warnings and draws only the timed efficacy cells, at their mean duration in months", () => {
    const spec = efficacySweepChart(layout, entries, "duration");
    expect(compileChart(spec).warnings).toEqual([]);
    const rows = values(spec);
    const expected = [1, 2].flatMap((i) => results[i].curves.map((c) => ({ pObd: c.efficacy!.optimalDoseRecommended, months: c.timing!.duration.mean / DAYS_PER_MONTH })));
    expect(rows.map((r) => ({ pObd: r.pObd, months: r.patients }))).toEqual(expected);
    expect(sweepCharts(sweep, layout).map((c) => c.kind)).toContain("efficacy-duration");
  });

  it("the table's cells carry the JSON's durations, times to the recommended dose and P(optimal dose)", () => {
    const html = efficacyDurationTable(layout, entries);
    expect(html).not.toContain(`data-variant="0"`);
    expect(html).not.toContain(`data-variant="3"`);
    const cell = (key: string, v: number, c: number) => Number(new RegExp(`data-key="${key}" data-variant="${v}" data-column="${c}" data-value="([^"]+)"`).exec(html)![1]);
    for (const v of [1, 2]) {
      results[v].curves.forEach((curve, c) => {
        expect(cell("durationMonths", v, c)).toBe(curve.timing!.duration.mean / DAYS_PER_MONTH);
        expect(cell("recommendedDecisionMonths", v, c)).toBe(curve.timing!.recommendedDecision!.mean / DAYS_PER_MONTH);
        expect(cell("effOptimalDoseRecommended", v, c)).toBe(curve.efficacy!.optimalDoseRecommended);
        // the recommended dose is never known before the MTD, nor after the trial's end
        expect(curve.timing!.recommendedDecision!.mean).toBeGreaterThanOrEqual(curve.timing!.mtdDecision.mean);
        expect(curve.timing!.recommendedDecision!.mean).toBeLessThanOrEqual(curve.timing!.duration.mean);
      });
    }
    // a sweep without timed efficacy cells has no such chart or table
    const plain: SweepResult = { ...sweep, cells: sweep.cells.filter((c) => c.index !== 1 && c.index !== 2) };
    expect(sweepCharts(plain, sweepLayout(plain)).map((c) => c.kind)).not.toContain("efficacy-duration");
    expect(efficacyDurationTable(sweepLayout(plain), sweepEntries(plain, sweepLayout(plain)))).toBe("");
  });
});

describe("the timeline of a timed efficacy expansion", () => {
  it("marks every assessed patient's response on its assessment day, in the chart and the table", async () => {
    const { timelineChart, timelineData, timelineTable } = await import("../../../src/report/timeline.js");
    const timedScenario = loadScenario("scenarios/sys6020-efficacy-timed.json");
    const r = runTimed({ config: loadDesign("designs/sys6020-efficacy-timed.json"), scenario: { ...timedScenario, curves: timedScenario.curves.slice(2, 3) }, trials: 50, seed: "timeline" });
    const ex = r.curves[0].timing!.example!;
    const assessed = ex.patients.filter((p) => p.assessed !== undefined);
    expect(assessed.length).toBeGreaterThan(0);
    const { rows, marks } = timelineData(r, 0);
    const kinds = marks.filter((m) => m.kind === "response" || m.kind === "no response");
    expect(kinds.map((m) => m.day)).toEqual(assessed.map((p) => p.assessed));
    expect(kinds.map((m) => m.kind)).toEqual(assessed.map((p) => (p.response ? "response" : "no response")));
    expect(rows.some((x) => x.part === "awaiting response")).toBe(true);
    expect(compileChart(timelineChart(rows, marks, r.ladder.doses.map((d) => d.label))).warnings).toEqual([]);
    const html = timelineTable(r, 0);
    for (const p of assessed) expect(html).toContain(`data-key="assessedDay" data-patient="${p.patient}" data-value="${p.assessed}"`);
    expect(html).toContain(`known on day`);
    expect(Math.max(...assessed.map((p) => p.assessed!))).toBe(ex.duration);
  });
});
