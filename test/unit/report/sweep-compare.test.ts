/**
 * The comparison views of a sweep's scenario page: short labels, the design palette, the
 * heat map's and the patients chart's numbers (checked against the run results field by field),
 * and the page they are put into.
 */
import { describe, expect, it } from "vitest";
import { loadDesign, loadScenario } from "../../../src/config/load.js";
import { runExact, runMonteCarlo, type RunResult } from "../../../src/engine/run.js";
import { DESIGN_PALETTE } from "../../../src/report/charts.js";
import { buildHtmlReport, compileChart } from "../../../src/report/html.js";
import { comparisonCharts, comparisonDesigns, mtdPatientsRows, selectionCells, shortLabels, SHORT_LABEL, withComparisonViews } from "../../../src/report/sweep-html.js";

const sc = loadScenario("scenarios/sys6020.json");
const scenario = { ...sc, curves: sc.curves.filter((c) => ["mtd-low", "toxic-first"].includes(c.name)) };
const registered = await runMonteCarlo({ config: loadDesign("designs/sys6020.json"), scenario, trials: 400, seed: "cmp-1", workers: 1 });
const boin = runExact({ config: loadDesign("designs/sys6020-boin.json"), scenario });
const optimal = await runMonteCarlo({ config: loadDesign("designs/optimal-n30.json"), scenario, trials: 400, seed: "cmp-2", workers: 1 });
const RESULTS: RunResult[] = [registered, boin, optimal];

/** CIE76 colour difference of two sRGB hex colours (D65). */
function deltaE(h1: string, h2: string): number {
  const lab = (h: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    const x = (r * 0.4124 + g * 0.3576 + b * 0.1805) / 0.95047;
    const y = r * 0.2126 + g * 0.7152 + b * 0.0722;
    const z = (r * 0.0193 + g * 0.1192 + b * 0.9505) / 1.08883;
    const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
    return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
  };
  const a = lab(h1);
  const b = lab(h2);
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

describe("labels and colours", () => {
  it("short labels fit, stay unique, keep grid values and the end of a name, and leave short names alone", () => {
    const labels = [
      "BOIN",
      "registered: 3+3 + SMC + expansion [smc-review.q=0.5]",
      "registered: 3+3 + SMC + expansion [smc-review.q=1]",
      "SYS6020 3+3 with SMC review and dose expansion #1",
      "SYS6020 3+3 with SMC review and dose expansion #11",
      "x".repeat(300),
      "x".repeat(300),
    ];
    const s = shortLabels(labels);
    expect(s[0]).toBe("BOIN");
    for (const l of s) expect(l.length).toBeLessThanOrEqual(SHORT_LABEL); // a " (2)" included
    expect(new Set(s).size).toBe(s.length);
    expect(s[1]).toBe("registered: 3+3… [smc-review.q=0.5]");
    expect(s[2].endsWith("[smc-review.q=1]")).toBe(true);
    expect(s[3].endsWith("#1")).toBe(true);
    expect(s[4].endsWith("#11")).toBe(true);
    expect(s[5]).toBe(`${"x".repeat(SHORT_LABEL - 1)}…`);
    expect(s[6]).toBe(`${"x".repeat(SHORT_LABEL - 5)}… (2)`); // cut shorter to make room for " (2)"
  });

  it("the design palette has 16 colours, pairwise distinct (CIE76 ΔE > 20), given to designs in page order", () => {
    expect(DESIGN_PALETTE).toHaveLength(16);
    for (let i = 0; i < 16; i++) for (let j = i + 1; j < 16; j++) expect(deltaE(DESIGN_PALETTE[i], DESIGN_PALETTE[j]), `${DESIGN_PALETTE[i]} ${DESIGN_PALETTE[j]}`).toBeGreaterThan(20);
    const d = comparisonDesigns(Array.from({ length: 18 }, (_, i) => `design ${i}`));
    expect(d.slice(0, 16).map((x) => x.color)).toEqual([...DESIGN_PALETTE]);
    expect(new Set(d.map((x) => x.color)).size).toBe(18);
  });
});

describe("comparison numbers", () => {
  const designs = comparisonDesigns(RESULTS.map((r) => r.design.name));

  it("the heat map's cells are each design's selection probabilities and P(no MTD), the true MTD flagged", () => {
    for (let curve = 0; curve < 2; curve++) {
      const cells = selectionCells(RESULTS, curve, designs);
      expect(cells).toHaveLength(RESULTS.length * 6);
      RESULTS.forEach((r, k) => {
        const row = cells.slice(k * 6, k * 6 + 6);
        const c = r.curves[curve];
        expect(row.map((x) => x.p)).toEqual([...c.selection, c.noMtd]);
        expect(row.map((x) => x.se)).toEqual([...c.selectionSE, c.noMtdSE]);
        expect(row.map((x) => x.mtd)).toEqual([1, 2, 3, 4, 5, 0].map((d) => c.trueMtd === d));
        expect(row.every((x) => x.design === r.design.name)).toBe(true);
      });
    }
  });

  it("patients at the true MTD (both phases) and above it; none for the complete-information benchmark", () => {
    const rows = mtdPatientsRows(RESULTS, 0, designs); // mtd-low: true MTD dose 2
    expect(RESULTS[0].curves[0].trueMtd).toBe(2);
    expect(rows[0].at).toBeCloseTo(RESULTS[0].curves[0].patients[1] + RESULTS[0].curves[0].expansionPatients[1], 12);
    expect(rows[0].above).toBe(RESULTS[0].curves[0].patientsAboveMtd);
    expect(rows[1].at).toBe(boin.curves[0].patients[1]);
    expect([rows[2].at, rows[2].above]).toEqual([null, null]);
    const toxic = mtdPatientsRows(RESULTS, 1, designs); // no acceptable dose: nobody is at it, everyone above
    expect(toxic[1].at).toBe(0);
    expect(toxic[1].above).toBeCloseTo(boin.curves[1].sampleSize, 12);
  });

  it("every comparison chart compiles without warnings and keeps the designs' order", () => {
    const charts = comparisonCharts(RESULTS);
    expect(charts.map((c) => c.kind)).toEqual(["compare-selection", "compare-patients", "compare-selection", "compare-patients"]);
    for (const c of charts) {
      const { spec, warnings } = compileChart(c.spec);
      expect(warnings, c.id).toEqual([]);
      const text = JSON.stringify(spec);
      const at = designs.map((d) => text.indexOf(JSON.stringify(d.short)));
      expect(at.every((i) => i >= 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
    }
  });
});

describe("the scenario page", () => {
  it("replaces each curve's grouped selection bars by the comparison views, with a data-value on every numeric cell of their tables", async () => {
    const base = await buildHtmlReport(RESULTS, { date: "2025-01-31" });
    expect(base.match(/data-kind="selection"/g)).toHaveLength(2);
    const html = await withComparisonViews(base, RESULTS);
    expect(html).not.toMatch(/data-kind="selection"/);
    expect(html.match(/<figure class="chart wide compare" data-chart="c\d-compare-selection"/g)).toHaveLength(2);
    expect(html.match(/<figure class="chart wide compare" data-chart="c\d-compare-patients"/g)).toHaveLength(2);
    expect(html.match(/<section class="curve"/g)).toHaveLength(2);
    for (const t of html.match(/<table class="numbers compare-[\s\S]*?<\/table>/g)!) {
      const tds = [...t.matchAll(/<td([^>]*)>(.*?)<\/td>/g)].filter((m) => /\d/.test(m[2].replace(/<[^>]+>/g, "")));
      expect(tds.length).toBeGreaterThan(3);
      for (const m of tds) expect(m[1], m[0]).toMatch(/data-value="/);
    }
    expect(html).not.toContain('class="numbers by-design"'); // 3 designs still fit side by side
    // one design alone: nothing to compare
    const one = await buildHtmlReport([boin], { date: "2025-01-31" });
    expect(await withComparisonViews(one, [boin])).toBe(one);
  });

  it("with more than 3 designs, parameters and allocation get one row per design, the allocation numbers both phases", async () => {
    const four = [...RESULTS, { ...boin, design: { ...boin.design, name: "BOIN again" } }];
    const html = await withComparisonViews(await buildHtmlReport(four, { date: "2025-01-31" }), four);
    const params = /<table class="params by-design" data-table="parameters">[\s\S]*?<\/table>/.exec(html)![0];
    expect(params.match(/<tr><th scope="row">/g)).toHaveLength(4);
    expect(params).toContain("<code>expansion.patients</code>=24");
    const alloc = [...html.matchAll(/<table class="numbers by-design" data-table="allocation">[\s\S]*?<\/table>/g)].map((m) => m[0]);
    expect(alloc).toHaveLength(2);
    expect(html.match(/data-table="allocation"/g)).toHaveLength(2);
    const c = registered.curves[0];
    for (let d = 0; d < 5; d++) {
      const m = new RegExp(`data-key="patientsBothPhases" data-design="0" data-dose="${d + 1}" data-curve="0" data-value="([^"]+)"`).exec(alloc[0])!;
      expect(Number(m[1])).toBeCloseTo(c.patients[d] + c.expansionPatients[d], 12);
    }
  });
});
