/**
 * The sweep overview's summary: per design × curve statistics (checked against hand
 * computations from the curve results, not against the code's own helpers), their table with a
 * data-value on every numeric cell, the trade-off chart, and file paths relative to the output
 * directory.
 */
import { describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { loadDesign, loadScenario } from "../../../src/config/load.js";
import { runExact, runMonteCarlo, type RunResult } from "../../../src/engine/run.js";
import type { SweepCellResult, SweepResult } from "../../../src/sweep/merge.js";
import { compileChart } from "../../../src/report/html.js";
import { buildSweepHtml, MATRIX_COLUMNS, relativeFile, renderSweepHtml, summaryRows, sweepLayout, tradeoffChart } from "../../../src/report/sweep-html.js";

const sweepOf = (results: RunResult[]): SweepResult => ({
  doseladder: "0.1.0",
  sweep: "summary sweep",
  trials: 400,
  seed: "sum",
  gridKeys: [],
  cells: results.map((result, index): SweepCellResult => ({ index, key: `k${index}`, params: {}, result })),
});

const sc = loadScenario("scenarios/sys6020.json");
// absolute file names, as `doseladder sweep` records them
const abs = (f: string) => resolve(f);
const scenario = { ...sc, file: abs("scenarios/sys6020.json"), curves: sc.curves.filter((c) => ["mtd-low", "toxic-first"].includes(c.name)) };
const mc = await runMonteCarlo({ config: loadDesign(abs("designs/sys6020-boin.json")), scenario, trials: 400, seed: "sum-1", workers: 1 });
const exact = runExact({ config: loadDesign(abs("designs/sys6020-3plus3.json")), scenario });
const SWEEP = sweepOf([mc, exact]);

/** Cheung's (2011) accuracy index, written out: A = 1 − K Σ|p_k − θ| P_k / Σ|p_k − θ|. */
function cheung(truth: readonly number[], selection: readonly number[], target: number): number {
  const d = truth.map((p) => Math.abs(p - target));
  const sum = d.reduce((a, b) => a + b, 0);
  return 1 - (truth.length * d.reduce((a, x, k) => a + x * selection[k], 0)) / sum;
}

describe("summary rows", () => {
  it("hold each curve's P(correct selection), P(select above the MTD), P(no MTD), mean N, patients above the MTD and accuracy index", () => {
    const rows = summaryRows(SWEEP);
    expect(rows).toHaveLength(4);
    for (const r of rows) {
      const result = [mc, exact][r.v];
      const curve = result.curves.find((c) => r.column.endsWith(`: ${c.name}`))!;
      expect(r.pcs).toBe(curve.correctSelection);
      expect(r.noMtd).toBe(curve.noMtd);
      expect(r.meanN).toBe(curve.sampleSize);
      expect(r.patientsAbove).toBe(curve.patientsAboveMtd);
      // above the true MTD: doses after it; with no acceptable dose (toxic-first) every selection is above
      const expectedAbove = curve.trueMtd === 0 ? 1 - curve.noMtd : curve.selection.filter((_, d) => d + 1 > curve.trueMtd!).reduce((a, b) => a + b, 0);
      expect(r.above).toBeCloseTo(expectedAbove, 12);
      expect(r.accuracy).toBeCloseTo(cheung(curve.truth, curve.selection, 0.25), 12);
      if (r.mc) {
        expect(r.aboveSE).toBeCloseTo(Math.sqrt((expectedAbove * (1 - expectedAbove)) / 400), 12);
        expect(r.accuracySE).toBeGreaterThan(0);
      } else {
        expect([r.pcsSE, r.aboveSE, r.noMtdSE, r.meanNSE, r.accuracySE]).toEqual([0, 0, 0, 0, 0]);
      }
    }
  });

  it("the accuracy index of a hand-made curve: truth 0.1, 0.25, 0.4, target 0.25, selection 0.2, 0.7, 0.1 gives 1 − 3 × 0.045 / 0.3 = 0.55", () => {
    const c = exact.curves[0];
    const hand: RunResult = { ...exact, ladder: { ...exact.ladder, doses: exact.ladder.doses.slice(0, 3) }, curves: [{ ...c, truth: [0.1, 0.25, 0.4], trueMtd: 2, selection: [0.2, 0.7, 0.1], selectionSE: [0, 0, 0], noMtd: 0 }] };
    expect(summaryRows(sweepOf([hand]))[0].accuracy).toBeCloseTo(0.55, 12);
    expect(summaryRows(sweepOf([hand]))[0].above).toBeCloseTo(0.1, 12);
  });
});

describe("summary table and trade-off chart", () => {
  const html = renderSweepHtml(SWEEP, { date: "2025-01-31" });
  const table = html.match(/<table class="numbers sweep-summary"[\s\S]*?<\/table>/)![0];

  it("every numeric cell of the summary table carries its full-precision value; SE cells for the Monte Carlo design only", () => {
    const tds = [...table.matchAll(/<td class="(num|se)"([^>]*)>([^<]*)<\/td>/g)];
    const numeric = tds.filter((m) => /\d/.test(m[3]));
    expect(numeric.length).toBeGreaterThan(30);
    for (const m of numeric) expect(m[2], m[0]).toMatch(/data-value="[^"]+"/);
    const rows = summaryRows(SWEEP);
    for (const r of rows) {
      const cell = new RegExp(`data-key="accuracyIndex" data-variant="${r.v}" data-column="${r.c}" data-value="${r.accuracy}"`);
      expect(table).toMatch(cell);
      expect(table.includes(`data-key="accuracyIndexSE" data-variant="${r.v}" data-column="${r.c}"`)).toBe(r.mc);
    }
    // one block per curve, headed by the curve
    expect(table.match(/<tr class="group">/g)).toHaveLength(2);
  });

  it("the trade-off chart has one point per design and curve, one panel per curve in the sweep's order, and compiles without warnings", () => {
    const spec = tradeoffChart(summaryRows(SWEEP)) as unknown as { data: { values: { variant: string; column: string; pcs: number; cost: number }[] }; facet: { field: string } };
    expect(spec.data.values).toHaveLength(4);
    expect(spec.facet.field).toBe("column");
    const { spec: vg, warnings } = compileChart(spec as never);
    expect(warnings).toEqual([]);
    const text = JSON.stringify(vg);
    const layout = sweepLayout(SWEEP);
    const first = text.indexOf(JSON.stringify(layout.columns[0].label).slice(1, -1));
    expect(first).toBeGreaterThan(0);
    for (const v of spec.data.values) {
      const r = summaryRows(SWEEP).find((x) => x.variant === v.variant && x.column === v.column)!;
      expect([v.pcs, v.cost]).toEqual([r.pcs, r.meanN]);
    }
  });
});

describe("paths", () => {
  it("relativeFile writes a file relative to the output directory and keeps names that are not paths", () => {
    expect(relativeFile("/w/designs/a.json", "/w/reports/sweep", "/w")).toBe("../../designs/a.json");
    expect(relativeFile("scenarios/sweeps/s.json designs[3]", "reports/sweep", "/w")).toBe("../../scenarios/sweeps/s.json designs[3]");
    expect(relativeFile("(inline)", "reports/sweep", "/w")).toBe("(inline)");
  });

  it("no page of the sweep's report prints an absolute path", async () => {
    const files = await buildSweepHtml(SWEEP, { date: "2025-01-31", outDir: "reports/sweep" });
    expect(files.length).toBeGreaterThan(1);
    for (const f of files) {
      expect(f.html.includes(process.cwd()), f.file).toBe(false);
      expect(f.html, f.file).not.toMatch(/\/(?:work|home|tmp|Users)\//);
    }
    expect(files[0].html).toContain("<code>../../designs/sys6020-boin.json</code>");
    expect(files[0].html).toContain("<code>../../scenarios/sys6020.json</code>");
  });
});

describe("wide variant × curve tables", () => {
  it("a sweep of 6 curves writes each matrix table in blocks of at most MATRIX_COLUMNS curves, every cell once", () => {
    const full = { ...sc, file: "scenarios/sys6020.json" };
    const a = runExact({ config: loadDesign("designs/sys6020-3plus3.json"), scenario: full });
    const b = runExact({ config: loadDesign("designs/sys6020-boin.json"), scenario: full });
    const html = renderSweepHtml(sweepOf([a, b]), { date: "2025-01-31" });
    const blocks = [...html.matchAll(/<table class="numbers sweep-matrix" data-table="correct-selection">[\s\S]*?<\/table>/g)].map((m) => m[0]);
    expect(blocks.length).toBe(Math.ceil(6 / MATRIX_COLUMNS));
    const seen = blocks.flatMap((t) => [...t.matchAll(/data-key="correctSelection" data-variant="(\d)" data-column="(\d)"/g)].map((m) => `${m[1]}/${m[2]}`));
    expect(seen.sort()).toEqual(["0", "1"].flatMap((v) => [0, 1, 2, 3, 4, 5].map((c) => `${v}/${c}`)).sort());
    for (const t of blocks) expect((t.match(/<th scope="colgroup"/g) ?? []).length).toBeLessThanOrEqual(MATRIX_COLUMNS);
    expect(blocks[1]).toContain("(curves 4–6 of 6)");
  });
});
