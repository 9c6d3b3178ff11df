/**
 * The sweep's pages in a real browser (Debian's Chromium driven by playwright-core, network off,
 * as in report.browser.test.ts): the SYS6020 sweep (11 design variants) written by the CLI, and
 * a page of 13 designs with a 300-character design name and a 300-character dose label. Checks by bounding boxes that no two text
 * labels of a comparison chart or of the overview's trade-off chart overlap, that the heat map's
 * rows, its table and the patients chart list the designs in one order with one colour each,
 * and that the comparison tables fit an A4 page in print. The calendar-time SYS6020 sweeps
 * (sys6020-tite.json: 12 design variants on 6 curves; sys6020-timing.json: 27 variants), run with
 * fewer trials, check the duration trade-off chart, the per-design panels' order, and, with the
 * SYS6020 sweep, that no text of any chart on any page overlaps another and that every numeric
 * table cell carries data-value. Full-page screenshots of every page land in test-output/.
 * Skips, saying why, only when /usr/bin/chromium is missing (CI installs it with apt-get).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { CHROMIUM, HAVE_CHROMIUM, launchChromium, openOffline, waitForLiveCharts } from "../helpers/browser.js";
import { loadDesign, loadScenario } from "../../src/config/load.js";
import { runMonteCarlo, type RunResult } from "../../src/engine/run.js";
import { buildSweepHtml, comparisonDesigns } from "../../src/report/sweep-html.js";
import { dropCommonParts, labelLines } from "../../src/report/labels.js";
import { panelChars } from "../../src/report/charts.js";
import type { SweepResult } from "../../src/sweep/merge.js";

const OUT = resolve("test-output");
const CLI = resolve("dist/src/cli/main.js");

if (!HAVE_CHROMIUM) console.warn(`SKIPPED sweep-report.browser.test.ts: ${CHROMIUM} not found (install it with: apt-get install -y chromium)`);

async function openPage(ctx: BrowserContext, file: string): Promise<{ page: Page; refused: string[]; errors: string[] }> {
  const { page, watch } = await openOffline(ctx, pathToFileURL(file).href);
  await waitForLiveCharts(page);
  return { page, refused: watch.refused, errors: watch.errors };
}

/** Pairs of overlapping text labels (intersection over 1 px², ignoring empty texts) in the live SVG of each figure matching `selector`. */
function overlaps(page: Page, selector: string) {
  return page.$$eval(selector, (figs) =>
    figs.flatMap((f) => {
      // (labels vega hid to avoid overlaps have opacity 0)
      const texts = Array.from(f.querySelectorAll(".live svg text"))
        .map((t) => ({ text: t.textContent ?? "", box: t.getBoundingClientRect(), shown: getComputedStyle(t).opacity !== "0" }))
        .filter((t) => t.shown && t.text.trim() !== "" && t.box.width > 0 && t.box.height > 0);
      const out: string[] = [];
      for (let i = 0; i < texts.length; i++) {
        for (let j = i + 1; j < texts.length; j++) {
          const a = texts[i].box;
          const b = texts[j].box;
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (w > 1 && h > 1 && w * h > 1) out.push(`${f.getAttribute("data-chart")}: "${texts[i].text}" overlaps "${texts[j].text}"`);
        }
      }
      return out;
    }),
  );
}

/** The y-ordered labels and fills of a comparison chart's swatch column, and the table's row names and swatch colours. */
function designOrder(page: Page, id: string) {
  return page.$eval(`figure[data-chart="${id}"]`, (f) => {
    const svg = f.querySelector(".live svg")!;
    // the swatch column is the first mark group of rects with 12 px squares
    const rects = Array.from(svg.querySelectorAll("g.mark-rect path"))
      .map((p) => ({ box: p.getBoundingClientRect(), fill: (p.getAttribute("fill") ?? "").toLowerCase() }))
      .filter((r) => Math.abs(r.box.width - 12) < 0.6 && Math.abs(r.box.height - 12) < 0.6)
      .sort((a, b) => a.box.top - b.box.top);
    const rows = Array.from(f.querySelectorAll("table tbody tr")).map((tr) => ({
      name: tr.querySelector("th")!.textContent!.trim(),
      color: (tr.querySelector(".swatch") as HTMLElement).style.backgroundColor,
    }));
    return { fills: rects.map((r) => r.fill), rows };
  });
}

/**
 * Numeric table cells without a data-value: a num or se cell that is not empty or a dash, or
 * any cell whose text starts with a number (not dose labels or the design-parameter list); and
 * how many numeric cells there are.
 */
function cellsWithoutValue(page: Page) {
  return page.$$eval("table", (ts) => {
    const missing: string[] = [];
    let numeric = 0;
    for (const t of ts) {
      if (t.getAttribute("data-table") === "parameters") continue;
      for (const td of Array.from(t.querySelectorAll("td"))) {
        const text = (td.textContent ?? "").trim();
        if (td.classList.contains("label") || td.classList.contains("param")) continue;
        const isNumber = ((td.classList.contains("num") || td.classList.contains("se")) && text !== "" && text !== "—") || /^[±+\-−]?\d/.test(text);
        if (!isNumber) continue;
        numeric++;
        if (!td.hasAttribute("data-value")) missing.push(`${t.getAttribute("data-table")}: "${text.slice(0, 40)}"`);
      }
    }
    return { numeric, missing };
  });
}

/** A copy of a seed sweep file with fewer trials and its files named absolutely, so it runs from a temporary folder. */
function lighterSweep(file: string, trials: number, dir: string): string {
  const spec = JSON.parse(readFileSync(file, "utf8"));
  const from = dirname(resolve(file));
  const abs = (x: { file?: string }) => (x.file ? { ...x, file: resolve(from, x.file) } : x);
  const out = join(dir, `light-${file.split("/").pop()}`);
  writeFileSync(out, JSON.stringify({ ...spec, $schema: undefined, trials, designs: spec.designs.map(abs), scenarios: spec.scenarios.map(abs) }));
  return out;
}

const rgb = (hex: string) => {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
};

describe.skipIf(!HAVE_CHROMIUM)(HAVE_CHROMIUM ? `sweep pages in Chromium (${CHROMIUM}, network off)` : `sweep pages in Chromium: SKIPPED, ${CHROMIUM} not found`, () => {
  let dir: string;
  let ctx: BrowserContext;
  let sysDir: string;
  let manyDir: string;
  let manyLabels: string[];
  let titeDir: string;
  let timingDir: string;

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), "doseladder-sweep-browser-"));
    // the SYS6020 sweep, as the CLI writes it
    sysDir = join(dir, "sys6020");
    const r = spawnSync(process.execPath, [CLI, "sweep", "scenarios/sweeps/sys6020.json", "--out", sysDir, "--workers", "1", "--format", "html"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    // the calendar-time SYS6020 sweeps with every design, 300 trials per cell
    titeDir = join(dir, "sys6020-tite");
    timingDir = join(dir, "sys6020-timing");
    for (const [file, out] of [["scenarios/sweeps/sys6020-tite.json", titeDir], ["scenarios/sweeps/sys6020-timing.json", timingDir]]) {
      const t = spawnSync(process.execPath, [CLI, "sweep", lighterSweep(file, 300, dir), "--out", out, "--workers", "1", "--format", "html"], { encoding: "utf8" });
      expect(t.status, t.stderr).toBe(0);
    }
    // 13 designs on two curves, one with a 300-character name
    const sc = loadScenario("scenarios/sys6020.json");
    // ... and a 300-character dose label
    const longDose = `DL3 ${"eighteen million cells ".repeat(14)}`.slice(0, 300);
    const ladder = { ...sc.ladder, doses: sc.ladder.doses.map((d, i) => (i === 2 ? { ...d, label: longDose } : d)) };
    const scenario = { ...sc, ladder, curves: sc.curves.filter((c) => ["mtd-low", "steep-jump"].includes(c.name)) };
    const files = ["designs/sys6020.json", "designs/sys6020-3plus3.json", "designs/sys6020-boin.json", "designs/sys6020-crm.json", "designs/optimal-n30.json"];
    const results: RunResult[] = [];
    for (let i = 0; i < 13; i++) {
      const res = await runMonteCarlo({ config: loadDesign(files[i % files.length]), scenario, trials: 300, seed: `many-${i}`, workers: 1 });
      const name = i === 4 ? `A design with a very long name ${"and more words ".repeat(19)}`.slice(0, 300) : `${res.design.name} #${i + 1}`;
      results.push({ ...res, design: { ...res.design, name } });
    }
    manyLabels = results.map((x) => x.design.name);
    const sweep: SweepResult = { doseladder: "0.1.0", sweep: "13 designs", trials: 300, seed: "many", gridKeys: [], cells: results.map((result, index) => ({ index, key: `k${index}`, params: {}, result })) };
    manyDir = join(dir, "many");
    mkdirSync(manyDir);
    for (const f of await buildSweepHtml(sweep, { date: "2025-01-31", outDir: manyDir })) writeFileSync(join(manyDir, f.file), f.html);
    ctx = await launchChromium(join(dir, "profile"));
  }, 400_000);

  afterAll(async () => {
    await ctx?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("the SYS6020 scenario page: no overlapping labels in the comparison charts, one order and one colour per design in charts and tables", async () => {
    const { page, refused, errors } = await openPage(ctx, join(sysDir, "sweep-1-sys6020-toxicity-scenarios.html"));
    expect(refused).toEqual([]);
    expect(errors).toEqual([]);
    const ids = await page.$$eval("figure.compare", (fs) => fs.map((f) => f.getAttribute("data-chart")!));
    expect(ids.filter((id) => id.endsWith("-compare-selection"))).toHaveLength(6);
    expect(ids.filter((id) => id.endsWith("-compare-patients"))).toHaveLength(6);
    // the grouped selection bars are gone from the scenario page
    expect(await page.locator('figure[data-kind="selection"]').count()).toBe(0);
    expect(await overlaps(page, "figure.compare")).toEqual([]);
    let first: { name: string; color: string }[] | null = null;
    for (const id of ids) {
      const { fills, rows } = await designOrder(page, id);
      expect(rows).toHaveLength(11);
      expect(fills.map(rgb)).toEqual(rows.map((r) => r.color));
      if (first) expect(rows).toEqual(first);
      first ??= rows;
    }
    expect(new Set(first!.map((r) => r.color)).size).toBe(11);
    await page.locator('figure[data-chart="c1-compare-selection"]').screenshot({ path: join(OUT, "sweep-sys6020-selection.png") });
    await page.locator('figure[data-chart="c1-compare-patients"]').screenshot({ path: join(OUT, "sweep-sys6020-patients.png") });
    await page.close();
  });

  it("the SYS6020 overview: the trade-off chart has no overlapping labels and a point per design and curve; paths are relative", async () => {
    const { page, errors } = await openPage(ctx, join(sysDir, "sweep.html"));
    expect(errors).toEqual([]);
    expect(await overlaps(page, 'figure[data-chart="sweep-tradeoff"]')).toEqual([]);
    const points = await page.$$eval('figure[data-chart="sweep-tradeoff"] .live svg g.mark-symbol.role-mark path', (ps) => ps.length);
    expect(points).toBe(11 * 6);
    const paths = await page.$$eval("code", (cs) => cs.map((c) => c.textContent ?? "").filter((t) => /\.json\b/.test(t)));
    expect(paths.length).toBeGreaterThan(5);
    for (const p of paths) expect(p, p).not.toMatch(/^\//);
    await page.locator('figure[data-chart="sweep-tradeoff"]').screenshot({ path: join(OUT, "sweep-sys6020-tradeoff.png") });
    await page.close();
  });

  it("13 designs and a 300-character name: distinct colours, a short label in the chart with the full name in its tooltip data and table, no overlaps", async () => {
    const { page, errors } = await openPage(ctx, join(manyDir, "sweep-1-sys6020-toxicity-scenarios.html"));
    expect(errors).toEqual([]);
    expect(await overlaps(page, "figure.compare")).toEqual([]);
    const { fills, rows } = await designOrder(page, "c0-compare-selection");
    expect(rows.map((r) => r.name)).toEqual(manyLabels);
    expect(new Set(fills).size).toBe(13);
    const designs = comparisonDesigns(manyLabels);
    expect(fills).toEqual(designs.map((d) => d.color.toLowerCase()));
    const labels = await page.$$eval('figure[data-chart="c0-compare-selection"] .live svg text', (ts) => ts.map((t) => t.textContent ?? ""));
    expect(labels).toContain(designs[4].short);
    expect(labels.some((l) => l.length > 60)).toBe(false);
    const spec = await page.$eval("#spec-c0-compare-selection", (s) => s.textContent ?? "");
    expect(spec).toContain(JSON.stringify(manyLabels[4]).slice(1, -1));
    // no axis label of any chart on the page runs over 3 lines (the 300-character dose label included)
    const lines = await page.$$eval("figure[data-chart] .live svg text", (ts) => Math.max(...ts.map((t) => Math.max(1, t.querySelectorAll("tspan").length))));
    expect(lines).toBeLessThanOrEqual(3);
    // the chart's box stays within the page
    const width = await page.$eval('figure[data-chart="c0-compare-selection"] .live svg', (s) => s.getBoundingClientRect().width);
    expect(width).toBeLessThan(1180);
    await page.locator('figure[data-chart="c0-compare-selection"]').screenshot({ path: join(OUT, "sweep-13-designs-selection.png") });
    await page.close();
  });

  it("printed on A4, the comparison tables of the scenario page and every table of the overview fit the page width", async () => {
    const { page } = await openPage(ctx, join(sysDir, "sweep-1-sys6020-toxicity-scenarios.html"));
    await page.emulateMedia({ media: "print" });
    await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
    expect(await page.locator("table.by-design").count()).toBe(7); // parameters, and allocation per curve
    const over = await page.$$eval("figure.compare table, table.by-design", (ts) =>
      ts.map((t) => ({ table: t.getAttribute("data-table"), right: t.getBoundingClientRect().right })).filter((t) => t.right > document.documentElement.clientWidth + 1),
    );
    expect(over).toEqual([]);
    writeFileSync(join(OUT, "sweep-sys6020-page.pdf"), await page.pdf({ format: "A4", printBackground: true }));
    await page.close();
    // every table of the overview, the 6-curve tables continuing in blocks
    const { page: overview } = await openPage(ctx, join(sysDir, "sweep.html"));
    await overview.emulateMedia({ media: "print" });
    await overview.setViewportSize({ width: 794, height: 1123 });
    const wide = await overview.$$eval("table", (ts) =>
      ts.map((t) => ({ table: t.getAttribute("data-table"), right: t.getBoundingClientRect().right })).filter((t) => t.right > document.documentElement.clientWidth + 1),
    );
    expect(wide).toEqual([]);
    expect(await overview.locator('table[data-table="correct-selection"]').count()).toBe(2);
    writeFileSync(join(OUT, "sweep-sys6020-overview.pdf"), await overview.pdf({ format: "A4", printBackground: true }));
    await overview.close();
  });
  it("every page of the SYS6020 sweeps (11, 12 and 27 design variants): no two texts of a chart overlap, every numeric cell has a data-value, every table fits A4 in print; full-page screenshots", async () => {
    const pages = [sysDir, titeDir, timingDir].flatMap((d) => readdirSync(d).filter((f) => f.endsWith(".html")).map((f) => join(d, f)));
    expect(pages.length).toBe(6);
    for (const file of pages) {
      const { page, errors } = await openPage(ctx, file);
      const name = `${file.split("/").slice(-2).join("-").replace(/\.html$/, "")}`;
      expect(errors, name).toEqual([]);
      expect(await overlaps(page, "figure[data-chart]"), name).toEqual([]);
      const { numeric, missing } = await cellsWithoutValue(page);
      expect(numeric, name).toBeGreaterThan(100);
      expect(missing, name).toEqual([]);
      await page.screenshot({ path: join(OUT, `sweep-page-${name}.png`), fullPage: true });
      // printed on A4, no table runs past the page's right edge (tables of many designs continue in blocks)
      await page.emulateMedia({ media: "print" });
      await page.setViewportSize({ width: 794, height: 1123 });
      const wide = await page.$$eval("table", (ts) => ts.map((t) => ({ table: t.getAttribute("data-table"), right: Math.round(t.getBoundingClientRect().right) })).filter((t) => t.right > document.documentElement.clientWidth + 1));
      expect(wide, name).toEqual([]);
      await page.close();
    }
  }, 240_000);

  it("the SYS6020 TITE sweep's overview: the duration trade-off has a point per design and curve, a panel per curve headed by its name, no overlaps, the scenario page's colours", async () => {
    const curves = loadScenario("scenarios/sys6020-timed.json").curves.map((c) => c.name);
    expect(curves).toHaveLength(6);
    const { page, errors } = await openPage(ctx, join(titeDir, "sweep.html"));
    expect(errors).toEqual([]);
    const fig = 'figure[data-chart="sweep-duration-tradeoff"]';
    expect(await overlaps(page, fig)).toEqual([]);
    expect(await page.$$eval(`${fig} .live svg g.mark-symbol.role-mark path`, (ps) => ps.length)).toBe(12 * 6);
    // panel headers: the curve alone (the scenario named once above), or "scenario: curve"
    const heads = await page.$$eval(`${fig} .live svg g.role-title-text text`, (ts) => ts.map((t) => (t.textContent ?? "").trim()));
    for (const c of curves) expect(heads.filter((h) => h === c || h.endsWith(`: ${c}`)), `${c} in ${heads.join(" | ")}`).toHaveLength(1);
    // the table under it: 72 rows of P(correct selection) and mean duration (months), each with its data-value
    expect(await page.locator(`${fig} table[data-table="duration"] td[data-key="durationMonths"][data-value]`).count()).toBe(72);
    expect(await page.locator(`${fig} table th:has-text("mean duration (months)")`).count()).toBe(1);
    // the legend's colours are the scenario page's colours, design for design
    const legend = await page.$$eval(`${fig} .live svg g.role-legend-symbol path`, (ps) => ps.map((p) => (p.getAttribute("fill") ?? "").toLowerCase()));
    expect(new Set(legend).size).toBe(12);
    await page.locator(fig).screenshot({ path: join(OUT, "sweep-sys6020-tite-duration-tradeoff.png") });
    await page.close();
    const scenario = readdirSync(titeDir).find((f) => f.startsWith("sweep-1-"))!;
    const { page: sp } = await openPage(ctx, join(titeDir, scenario));
    const { fills, rows } = await designOrder(sp, "c0-compare-selection");
    expect(rows).toHaveLength(12);
    expect(fills).toEqual(legend);
    await sp.close();
  });

  it("per-design panels (allocation, sample size, duration) of a 12-design page follow the tables' order, headed by the short name over the grid values", async () => {
    const scenario = readdirSync(titeDir).find((f) => f.startsWith("sweep-1-"))!;
    const { page } = await openPage(ctx, join(titeDir, scenario));
    const { rows } = await designOrder(page, "c0-compare-selection");
    const expected = dropCommonParts(rows.map((r) => r.name)).map((n) => labelLines(n, panelChars(200)).join(""));
    for (const id of ["c0-allocation", "c0-sample-size", "c0-duration"]) {
      const heads = await page.$$eval(`figure[data-chart="${id}"] .live svg g.role-title-text text`, (ts) =>
        ts.map((t) => ({ text: (t.textContent ?? "").trim(), box: t.getBoundingClientRect() })).sort((a, b) => Math.round(a.box.top) - Math.round(b.box.top) || a.box.left - b.box.left).map((t) => t.text),
      );
      expect(heads, id).toEqual(expected);
    }
    await page.locator('figure[data-chart="c0-allocation"]').screenshot({ path: join(OUT, "sweep-sys6020-tite-allocation.png") });
    await page.close();
  });
});
