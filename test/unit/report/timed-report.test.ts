/** The calendar-time figures of the HTML report: they compile cleanly and show the example trial. */
import { describe, expect, it } from "vitest";
import { loadDesign, loadScenario } from "../../../src/config/load.js";
import { runTimed } from "../../../src/engine/run.js";
import { curveCharts } from "../../../src/report/charts.js";
import { compileChart, renderHtml } from "../../../src/report/html.js";
import { durationChart, durationRows, timelineData } from "../../../src/report/timeline.js";

describe("timed report figures", () => {
  const config = loadDesign("designs/s103-timed.json");
  const s = loadScenario("scenarios/s103-timed.json");
  const r = runTimed({ config, scenario: { ...s, curves: s.curves.slice(0, 2) }, trials: 2000, seed: "report" });
  it("adds a duration distribution and a timeline per curve, compiling without vega-lite warnings", () => {
    const charts = curveCharts([r], 1);
    const kinds = charts.map((c) => c.kind);
    expect(kinds).toContain("duration");
    expect(kinds).toContain("timeline");
    for (const c of charts.filter((c) => c.kind === "duration" || c.kind === "timeline")) expect(compileChart(c.spec).warnings).toEqual([]);
  });
  it("the duration chart draws trial duration and MTD decision side by side in each bin, never one over the other, with a legend", () => {
    const rows = durationRows([r, r], ["A", "B"], 0);
    expect(rows.some((x) => x.measure === "MTD decision")).toBe(true);
    for (const spec of [durationChart(rows.filter((x) => x.design === "A")), durationChart(rows)]) {
      const json = spec as unknown as { data: { values: { design: string; measure: string; month: number; monthEnd: number; barFrom: number; barTo: number }[] }; encoding?: Record<string, { legend?: unknown }>; spec?: { encoding: Record<string, { legend?: unknown }> } };
      const bars = json.data.values;
      expect(bars.length).toBeGreaterThan(0);
      for (const a of bars) {
        expect(a.barFrom).toBeGreaterThanOrEqual(a.month);
        expect(a.barTo).toBeLessThanOrEqual(a.monthEnd);
        expect(a.barTo).toBeGreaterThan(a.barFrom);
      }
      // no two bars of one design overlap (bins of 30 days: the two measures share a bin, each in its half)
      for (const d of ["A", "B"]) {
        const own = bars.filter((b) => b.design === d).sort((x, y) => x.barFrom - y.barFrom);
        for (let i = 1; i < own.length; i++) expect(own[i].barFrom, `${d} ${own[i].measure} at ${own[i].month}`).toBeGreaterThanOrEqual(own[i - 1].barTo - 1e-12);
      }
      const colour = (json.encoding ?? json.spec!.encoding).color;
      expect(colour.legend).not.toBeNull();
      expect(compileChart(spec).warnings).toEqual([]);
    }
  });
  it("the timeline has a row per patient of the example trial, its infusions and DLTs", () => {
    const ex = r.curves[0].timing!.example!;
    const { rows, marks } = timelineData(r, 0);
    const patients = new Set(rows.map((x) => x.patient));
    expect(patients.size).toBe(ex.patients.filter((p) => p.enrolled > p.arrival || p.ready !== null || p.outcome === "manufacturing failure").length);
    expect(marks.filter((m) => m.kind === "infusion")).toHaveLength(ex.patients.reduce((a, p) => a + p.infusions.length, 0));
    expect(marks.filter((m) => m.kind === "DLT")).toHaveLength(ex.patients.filter((p) => p.dlt).length);
  });
  it("an untimed result has neither", () => {
    const kinds = curveCharts([{ ...r, curves: r.curves.map(({ timing: _t, ...c }) => c) }], 0).map((c) => c.kind);
    expect(kinds).not.toContain("duration");
    expect(kinds).not.toContain("timeline");
  });
  it("the page carries both figures and their tables", () => {
    const html = renderHtml(r, { date: "2026-01-01" });
    expect(html).toContain('data-kind="duration"');
    expect(html).toContain('data-kind="timeline"');
    expect(html).toContain('data-table="duration"');
    expect(html).toContain('data-table="timeline"');
  });
});
