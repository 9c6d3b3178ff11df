/**
 * Every chart has its numbers: each numeric cell of every table in the single-design report and
 * in the sweep's overview carries data-value with the full-precision number, and the cumulative
 * P(N <= n) column equals the running sum of the JSON's sample-size distribution.
 */
import { describe, expect, it } from "vitest";
import { loadDesign, loadScenario } from "../../../src/config/load.js";
import { runMonteCarlo, runTimed } from "../../../src/engine/run.js";
import { renderHtml } from "../../../src/report/html.js";
import { renderSweepHtml } from "../../../src/report/sweep-html.js";

const sc = loadScenario("scenarios/sys6020.json");
const scenario = { ...sc, curves: sc.curves.slice(0, 2) };
const registered = await runMonteCarlo({ config: loadDesign("designs/sys6020.json"), scenario, trials: 500, seed: "dv-1", workers: 1 });
const boin = await runMonteCarlo({ config: loadDesign("designs/sys6020-boin.json"), scenario, trials: 500, seed: "dv-2", workers: 1 });

/** Table cells of numbers (not dose labels, not the design-parameter list, which no chart draws) whose text holds a digit, and those of them without a data-value. */
function numericCells(html: string): { all: string[]; missing: string[] } {
  const tables = [...html.matchAll(/<table[\s\S]*?<\/table>/g)].map((m) => m[0]).join("");
  // a cell's text with its inline markup (an amount's <sup>, an SE's <span>) dropped
  // (numeric: a num or se cell that is not empty or a dash, or any cell whose text starts with a number)
  const all = [...tables.matchAll(/<td([^>]*)>((?:(?!<\/td>)[\s\S])*)<\/td>/g)]
    .filter((m) => {
      const text = m[2].replace(/<[^>]*>/g, "").trim();
      const numClass = /class="[^"]*\b(num|se)\b/.test(m[1]) && text !== "" && text !== "—";
      return (numClass || /^[±+\-−]?\d/.test(text)) && !/class="(label|param)"/.test(m[1]);
    })
    .map((m) => m[0]);
  return { all, missing: all.filter((c) => !/data-value="/.test(c)) };
}

describe("data-value on every numeric cell", () => {
  it("the single-design report (decision table, selection, allocation, sample size with P(N <= n), expansion)", () => {
    const { all, missing } = numericCells(renderHtml(registered, { date: "2025-01-31" }));
    expect(all.length).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });

  it("a two-design report", () => {
    const { all, missing } = numericCells(renderHtml([registered, boin], { date: "2025-01-31" }));
    expect(all.length).toBeGreaterThan(150);
    expect(missing).toEqual([]);
  });

  it("the sweep overview", () => {
    const sweep = {
      doseladder: "0.1.0",
      sweep: "dv",
      trials: 500,
      seed: "dv",
      gridKeys: [],
      cells: [registered, boin].map((result, index) => ({ index, key: `k${index}`, params: {}, result })),
    };
    const { all, missing } = numericCells(renderSweepHtml(sweep, { date: "2025-01-31" }));
    expect(all.length).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });

  it("a calendar-time report with backfilling (duration, backfill per dose, the example trial's timeline)", async () => {
    const timed = loadScenario("scenarios/sys6020-timed.json");
    const bf = runTimed({ config: loadDesign("designs/sys6020-bf-boin.json"), scenario: { ...timed, curves: timed.curves.slice(1, 2) }, trials: 200, seed: "dv-3" });
    const html = renderHtml(bf, { date: "2025-01-31" });
    for (const t of ["duration", "backfill", "backfill-per-dose", "timeline"]) expect(html).toContain(`data-table="${t}"`);
    const { all, missing } = numericCells(html);
    expect(all.filter((c) => /data-key="(infusionDays|durationMonths|backfillPatients)"/.test(c)).length).toBeGreaterThan(10);
    expect(missing).toEqual([]);
    // months in the duration table, days in the JSON
    const m = /data-key="durationMonths" data-design="0" data-value="([^"]+)"/.exec(html);
    expect(Number(m![1])).toBeCloseTo((bf.curves[0].timing!.duration.mean * 12) / 365.25, 12);
  });

  it("P(N <= n) is the running sum of the JSON's sample-size distribution", () => {
    const html = renderHtml(registered, { date: "2025-01-31" });
    const curve = registered.curves[0];
    let cum = 0;
    for (const { n, p } of curve.sampleSizeDistribution) {
      cum += p;
      const m = new RegExp(`data-key="sampleSizeCumulative" data-design="0" data-n="${n}" data-value="([^"]+)"`).exec(html);
      expect(m, `n = ${n}`).not.toBeNull();
      expect(Number(m![1])).toBeCloseTo(Math.min(1, cum), 12);
    }
    expect(cum).toBeCloseTo(1, 12);
  });
});
