import { asExact } from "../../helpers/results.js";
import { describe, expect, it } from "vitest";
import { loadDesign, loadScenario } from "../../../src/config/load.js";
import { runMonteCarlo, type RunResult } from "../../../src/engine/run.js";
import type { SweepCellResult, SweepResult } from "../../../src/sweep/merge.js";
import { compileChart, escapeHtml, renderHtml } from "../../../src/report/html.js";
import {
  aboveMtdChart,
  buildSweepHtml,
  correctSelectionHeatmap,
  heatRows,
  noMtdChart,
  noMtdRows,
  pageResults,
  renderSweepHtml,
  sweepCharts,
  sweepLayout,
  variantLabel,
} from "../../../src/report/sweep-html.js";

const DATE = "2025-01-31";
const XSS = "<script>alert(1)</script>";

async function run(design: string, scenario: string, curves: string[], seed: string): Promise<RunResult> {
  const sc = loadScenario(scenario);
  return runMonteCarlo({ config: loadDesign(design), scenario: { ...sc, curves: sc.curves.filter((c) => curves.includes(c.name)) }, trials: 300, seed, workers: 1 });
}


/** The result on a scenario without a target: no true MTD, no correct selection, nothing above it. */
function withoutTarget(r: RunResult, name: string): RunResult {
  return {
    ...r,
    scenario: { ...r.scenario, name, file: `${name}.json` },
    target: null,
    curves: r.curves.map((c) => ({ ...c, trueMtd: null, correctSelection: null, correctSelectionSE: null, patientsAboveMtd: null, shareAboveMtd: null })),
  };
}

const sweepOf = (cells: [RunResult, Record<string, unknown>][], gridKeys: string[] = ["smc-review.q"]): SweepResult => ({
  doseladder: "0.1.0",
  sweep: "unit sweep",
  trials: 300,
  seed: "sweep-unit",
  gridKeys,
  cells: cells.map(([result, params], index): SweepCellResult => ({ index, key: `k${index}`, params, result })),
});

const threePlusThree = await run("designs/sys6020-3plus3.json", "scenarios/sys6020.json", ["mtd-low", "mtd-middle"], "u1");
const smcQ1 = await run("designs/sys6020.json", "scenarios/sys6020.json", ["mtd-low", "mtd-middle"], "u2");
const smcQ06 = await run("designs/sys6020.json", "scenarios/sys6020.json", ["mtd-low", "mtd-middle"], "u3");
const s103 = await run("designs/s103.json", "scenarios/s103.json", ["safe", "mtd-low"], "u4");
const SWEEP = sweepOf([
  [threePlusThree, {}],
  [smcQ1, { "smc-review.q": 1 }],
  [smcQ06, { "smc-review.q": 0.6 }],
  [s103, {}],
]);

/** Every numeric cell of one table: key, variant, column and full-precision value. */
function tableCells(html: string, table: string): { key: string; variant: number; column: number; value: number | null; text: string }[] {
  const m = new RegExp(`<table [^>]*data-table="${table}"[\\s\\S]*?</table>`).exec(html);
  if (!m) return [];
  return [...m[0].matchAll(/<td class="(?:num|se)" data-key="([^"]+)" data-variant="(\d+)" data-column="(\d+)"(?: data-value="([^"]+)")?>([^<]*)<\/td>/g)].map((x) => ({
    key: x[1],
    variant: Number(x[2]),
    column: Number(x[3]),
    value: x[4] === undefined ? null : Number(x[4]),
    text: x[5],
  }));
}

const specValues = (spec: unknown) => (spec as { data: { values: Record<string, unknown>[] } }).data.values;
const domain = (spec: unknown, channel: "x" | "y") => (spec as { encoding: Record<string, { scale: { domain: string[] } }> }).encoding[channel].scale.domain;

describe("sweepLayout(sweep)", () => {
  it("labels each design variant by its design name and grid values, uniquely, and each column as 'scenario: curve'", () => {
    const layout = sweepLayout(SWEEP);
    expect(layout.variants.map((v) => v.label)).toEqual([
      threePlusThree.design.name,
      `${smcQ1.design.name} [smc-review.q=1]`,
      `${smcQ1.design.name} [smc-review.q=0.6]`,
      s103.design.name,
    ]);
    expect(layout.columns.map((c) => c.label)).toEqual([
      "SYS6020 toxicity scenarios: mtd-low",
      "SYS6020 toxicity scenarios: mtd-middle",
      "S103 toxicity scenarios: safe",
      "S103 toxicity scenarios: mtd-low",
    ]);
    expect(layout.pages.map((p) => [p.file, p.cells.map((c) => c.index)])).toEqual([
      ["sweep-1-sys6020-toxicity-scenarios.html", [0, 1, 2]],
      ["sweep-2-s103-toxicity-scenarios.html", [3]],
    ]);
    // two cells of one design, one name and no grid values on one scenario stay two rows
    const twice = sweepLayout(sweepOf([[threePlusThree, {}], [threePlusThree, {}]]));
    expect(twice.variants.map((v) => v.label)).toEqual([threePlusThree.design.name, `${threePlusThree.design.name} (2)`]);
    expect(variantLabel("A", { "x.y": "s", z: [1, 2] })).toBe('A [x.y=s, z=[1,2]]');
  });

  it("falls back to one page per cell when the cells of one scenario do not share curves", () => {
    const other = { ...s103, scenario: threePlusThree.scenario };
    const layout = sweepLayout(sweepOf([[threePlusThree, {}], [other, {}]]));
    expect(layout.scenarios).toHaveLength(1);
    expect(layout.scenarios[0].shared).toBe(false);
    expect(layout.pages.map((p) => p.file)).toEqual(["sweep-1-sys6020-toxicity-scenarios-cell1.html", "sweep-1-sys6020-toxicity-scenarios-cell2.html"]);
  });
});

describe("renderSweepHtml(sweep, options)", () => {
  it("the heat map's rows, columns and values are the sweep's P(correct selection), in the chart and in its table", () => {
    const layout = sweepLayout(SWEEP);
    const chart = sweepCharts(SWEEP).find((c) => c.kind === "correct-selection")!;
    expect(domain(chart.spec, "y")).toEqual(layout.variants.map((v) => v.label));
    expect(domain(chart.spec, "x")).toEqual(layout.columns.map((c) => c.label));
    const rows = specValues(chart.spec);
    const html = renderSweepHtml(SWEEP, { date: DATE });
    const table = tableCells(html, "correct-selection");
    let n = 0;
    SWEEP.cells.forEach((cell, i) => {
      cell.result.curves.forEach((curve) => {
        const v = layout.cellVariant[i];
        const c = layout.columns.findIndex((x) => x.scenario === layout.cellScenario[i] && x.curve === curve.name);
        const row = rows.find((r) => r.variant === layout.variants[v].label && r.column === layout.columns[c].label)!;
        expect(row.p).toBe(curve.correctSelection);
        expect(row.se).toBe(curve.correctSelectionSE);
        expect(table.find((t) => t.key === "correctSelection" && t.variant === v && t.column === c)!.value).toBe(curve.correctSelection);
        expect(table.find((t) => t.key === "correctSelectionSE" && t.variant === v && t.column === c)!.value).toBe(curve.correctSelectionSE);
        expect(tableCells(html, "no-mtd").find((t) => t.key === "noMtd" && t.variant === v && t.column === c)!.value).toBe(curve.noMtd);
        expect(tableCells(html, "above-mtd").find((t) => t.key === "shareAboveMtd" && t.variant === v && t.column === c)!.value).toBe(curve.shareAboveMtd);
        n++;
      });
    });
    expect(rows).toHaveLength(n);
    expect(table.filter((t) => t.key === "correctSelection")).toHaveLength(n);
    // the numbers differ between cells, so a mix-up of rows could not pass unnoticed
    expect(new Set(rows.map((r) => r.p)).size).toBeGreaterThan(2);
    expect(noMtdRows(SWEEP).map((r) => r.value)).toEqual(layout.variants.flatMap((_, v) => SWEEP.cells.filter((_, i) => layout.cellVariant[i] === v).flatMap((c) => c.result.curves.map((x) => x.noMtd))));
  });

  it("cells without a target show no value in the heat map and a dash in its table", () => {
    const sweep = sweepOf([[threePlusThree, {}], [withoutTarget(threePlusThree, "no target"), {}]], []);
    const rows = heatRows(sweep);
    expect(rows.map((r) => r.p)).toEqual([...threePlusThree.curves.map((c) => c.correctSelection), null, null]);
    const spec = correctSelectionHeatmap(rows);
    expect(specValues(spec).filter((r) => r.p === null).map((r) => r.text)).toEqual(["—", "—"]);
    const html = renderSweepHtml(sweep, { date: DATE });
    const empty = tableCells(html, "correct-selection").filter((t) => t.column >= 2 && t.key === "correctSelection");
    expect(empty.map((t) => [t.value, t.text])).toEqual([
      [null, "—"],
      [null, "—"],
    ]);
    // a sweep with no target at all has no heat map and no above-MTD chart, but still the no-MTD chart
    const none = sweepOf([[withoutTarget(threePlusThree, "no target"), {}]], []);
    expect(sweepCharts(none).map((c) => c.kind)).toEqual(["no-mtd"]);
    expect(renderSweepHtml(none, { date: DATE })).toContain("no true MTD");
  });

  it("has a header with the sweep's name, method, trials, seed, version and date, and links each scenario page", () => {
    const html = renderSweepHtml(SWEEP, { date: DATE });
    expect(html).toContain("<h1>unit sweep</h1>");
    expect(html).toContain("<title>unit sweep</title>");
    expect(html).toContain("<dd>Monte Carlo, 300 trials per curve</dd>");
    expect(html).toContain("<code>&quot;sweep-unit&quot;</code>");
    expect(html).toContain("<dt>doseladder</dt><dd>0.1.0</dd>");
    expect(html).toContain(`<dt>Date</dt><dd>${DATE}</dd>`);
    expect(html).toContain('<a href="sweep-1-sys6020-toxicity-scenarios.html"');
    expect(html).toContain('<a href="sweep-2-s103-toxicity-scenarios.html"');
    const mixed = renderSweepHtml(sweepOf([[asExact(threePlusThree), {}], [smcQ1, { "smc-review.q": 1 }]]), { date: DATE });
    expect(mixed).toContain("exact (all outcomes enumerated) for 1 cell; Monte Carlo, 300 trials per curve for 1 cell");
    // exact cells have no SE in the tables
    expect(tableCells(mixed, "correct-selection").filter((t) => t.key === "correctSelectionSE").map((t) => t.variant)).toEqual([1, 1]);
  });

  it("escapes every name and label from a config", () => {
    const hostile: RunResult = {
      ...threePlusThree,
      design: { ...threePlusThree.design, name: XSS, file: "<img src=x onerror=alert(2)>" },
      scenario: { ...threePlusThree.scenario, name: `${XSS} & "q"` },
      curves: threePlusThree.curves.map((c, i) => ({ ...c, name: i === 0 ? "</script><script>alert(3)</script>" : `c\u2028${i}` })),
    };
    const sweep = { ...sweepOf([[hostile, { "<k>": "<v>" }], [smcQ1, {}]], ["<k>"]), sweep: `${XSS} sweep` };
    const html = renderSweepHtml(sweep, { date: DATE });
    expect(html).not.toMatch(/<script>alert/);
    expect(html).not.toMatch(/<img/);
    expect(html).toContain(`<h1>${escapeHtml(`${XSS} sweep`)}</h1>`);
    expect(html).toContain(escapeHtml(`${XSS} [<k>=<v>]`));
    expect(html).toContain("&lt;img src=x onerror=alert(2)&gt;");
    expect(html).toContain(escapeHtml(`${XSS} & "q": </script><script>alert(3)</script>`));
    const opening = html.match(/<script\b[^>]*>/g) ?? [];
    expect(opening.length).toBe(4); // trade-off, correct selection, above MTD, no MTD
    expect(opening.every((t) => /^<script type="application\/json" id="spec-sweep-[a-z-]+">$/.test(t))).toBe(true);
    const blocks = [...html.matchAll(/<script type="application\/json" id="[^"]+">([\s\S]*?)<\/script>/g)];
    expect(blocks).toHaveLength(opening.length);
    for (const [, json] of blocks) {
      expect(json).not.toMatch(/[<>&\u2028\u2029]/);
      expect(() => JSON.parse(json)).not.toThrow();
    }
    expect(JSON.stringify(JSON.parse(blocks[0][1]))).toContain(XSS);
  });

  it("is a pure function of its inputs", () => {
    expect(renderSweepHtml(SWEEP, { date: DATE })).toBe(renderSweepHtml(structuredClone(SWEEP), { date: DATE }));
    expect(renderSweepHtml(SWEEP, { date: DATE })).not.toBe(renderSweepHtml(SWEEP, { date: "2025-02-01" }));
  });
});

describe("sweep charts", () => {
  it("compile without vega-lite warnings: Monte Carlo, exact, no target, and more variants than the design colours", () => {
    const many = sweepOf(
      Array.from({ length: 9 }, (_, i): [RunResult, Record<string, unknown>] => [i % 2 ? asExact(smcQ1) : smcQ06, { "smc-review.q": i / 10 }]),
    );
    const noTarget = sweepOf([[withoutTarget(threePlusThree, "no target"), {}], [threePlusThree, {}]], []);
    for (const sweep of [SWEEP, many, noTarget, sweepOf([[asExact(threePlusThree), {}]], [])]) {
      const charts = sweepCharts(sweep);
      expect(charts.length).toBeGreaterThanOrEqual(1);
      for (const chart of charts) {
        const { spec, warnings } = compileChart(chart.spec);
        expect(warnings, chart.id).toEqual([]);
        expect(JSON.stringify(spec)).toContain('"marks"');
      }
    }
  });

  it("noMtdChart draws ± 1.96 SE whiskers for Monte Carlo rows only; aboveMtdChart leaves out rows without a value", () => {
    const row = (se: number | null, value: number | null = 0.2) => ({ variant: "d", column: "s: c", value, se });
    expect(JSON.stringify(noMtdChart([row(0.01)]))).toContain('"type":"rule"');
    expect(JSON.stringify(noMtdChart([row(0)]))).not.toContain('"type":"rule"');
    const above = aboveMtdChart([row(null), { ...row(null, null), column: "s: d" }]);
    expect(specValues(above)).toHaveLength(1);
    expect((above as unknown as { layer: { encoding: { x: { scale: { domain: string[] } } } }[] }).layer[0].encoding.x.scale.domain).toEqual(["s: c", "s: d"]);
  });
});

describe("scenario pages", () => {
  it("render a curve whose every dose is overly toxic (true MTD none: correct selection is no MTD)", async () => {
    const toxic = await run("designs/sys6020-3plus3.json", "scenarios/sys6020.json", ["toxic-first"], "u5");
    expect(toxic.curves[0].trueMtd).toBe(0);
    const sweep = sweepOf([[toxic, {}]], []);
    const layout = sweepLayout(sweep);
    const html = renderHtml(pageResults(sweep, layout, layout.pages[0]), { date: DATE });
    expect(html).toContain("true MTD: none, every dose is overly toxic");
    expect(heatRows(sweep).map((r) => r.p)).toEqual([toxic.curves[0].noMtd]);
  });
});

describe("buildSweepHtml(sweep)", () => {
  it("writes a self-contained overview (vega inline, a static SVG per chart, no network source) and a side-by-side page per scenario", async () => {
    const files = await buildSweepHtml(SWEEP, { date: DATE });
    expect(files.map((f) => f.file)).toEqual(["sweep.html", "sweep-1-sys6020-toxicity-scenarios.html", "sweep-2-s103-toxicity-scenarios.html"]);
    for (const { html } of files) {
      expect(html).toContain('<script id="vega-library">');
      expect(html).not.toMatch(/<script[^>]+src=/i);
      expect(html).not.toMatch(/<link\b/i);
      expect(html).not.toMatch(/<(img|iframe|object|embed)\b/i);
      expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
      expect(html).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
      expect(html).not.toMatch(/@import/i);
      const figures = html.match(/<figure class="chart[^"]*" data-chart="[^"]+"/g)!.length;
      expect(html.match(/<div class="static"><svg /g)).toHaveLength(figures);
      const ids = [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].flatMap((m) => [...m[0].matchAll(/\bid="([^"]+)"/g)].map((x) => x[1]));
      expect(new Set(ids).size).toBe(ids.length);
    }
    expect(files[0].html.match(/data-chart="sweep-/g)).toHaveLength(4);
    // the scenario page compares every variant of that scenario under its unique label
    const page = files[1].html;
    expect(page).toContain('<a href="sweep.html">');
    expect(page).toContain("<h1>3 designs compared</h1>");
    for (const label of sweepLayout(SWEEP).variants.slice(0, 3).map((v) => v.label)) expect(page).toContain(`<h3>${escapeHtml(label)}</h3>`);
    expect(files[2].html).toContain(`<h1>${escapeHtml(s103.design.name)}</h1>`);
  });
});
