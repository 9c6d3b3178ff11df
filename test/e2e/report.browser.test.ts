/**
 * The HTML report in a real browser: Debian's Chromium (/usr/bin/chromium) driven by
 * playwright-core, the page opened from a file:// URL with every other request refused.
 * Skips, saying why, only when /usr/bin/chromium is missing (CI installs it with apt-get).
 * Screenshots and a PDF land in test-output/ (git-ignored).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { inflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { CHROMIUM, HAVE_CHROMIUM, launchChromium, openOffline, waitForLiveCharts, type PageWatch } from "../helpers/browser.js";
import { loadDesign, loadScenario } from "../../src/config/load.js";
import { runMonteCarlo, type RunResult } from "../../src/engine/run.js";
import { buildHtmlReport } from "../../src/report/html.js";

const CLI = resolve("dist/src/cli/main.js");
/** The printable area of an A4 page under the report's @page margins (14 mm, 12 mm), in CSS px (96 per inch). */
const A4_AREA = { width: Math.floor(((210 - 24) * 96) / 25.4), height: Math.floor(((297 - 28) * 96) / 25.4) };
const OUT = resolve("test-output");
const SEED = "browser-e2e-1";
const XSS = "<script>alert(1)</script>";
const XSS_IMG = "<img src=x onerror=\"window.__pwned = 1\">";

if (!HAVE_CHROMIUM) {
  console.warn(`SKIPPED report.browser.test.ts: ${CHROMIUM} not found (install it with: apt-get install -y chromium)`);
}

/** Everything the page did that a report must not do, or that a test wants to see. */
type Watch = PageWatch;

function launch(dir: string, javaScriptEnabled = true): Promise<BrowserContext> {
  return launchChromium(dir, { javaScriptEnabled });
}

/** Open `file` with the network cut off: only file: URLs load, anything else is refused and recorded. */
function open(ctx: BrowserContext, file: string): Promise<{ page: Page; watch: Watch }> {
  return openOffline(ctx, pathToFileURL(file).href);
}

/** Wait until every figure's live vega view has replaced its static SVG; the number of figures. */
async function waitForCharts(page: Page): Promise<number> {
  await waitForLiveCharts(page);
  return page.locator("figure[data-chart]").count();
}

/** Per figure: its id, whether an SVG is in it, and how many drawn marks (vega's role-mark groups' children) it holds. */
function markCounts(page: Page, where: ".live" | ".static") {
  return page.$$eval(
    "figure[data-chart]",
    (figs, sel) =>
      figs.map((f) => {
        const svg = f.querySelector(`${sel} svg`);
        const marks = svg ? Array.from(svg.querySelectorAll("g.role-mark")).reduce((n, g) => n + g.children.length, 0) : 0;
        const box = svg?.getBoundingClientRect();
        return { id: f.getAttribute("data-chart"), svg: !!svg, marks, width: box?.width ?? 0 };
      }),
    where,
  );
}


/**
 * The pages of a PDF as Chromium writes it, in page-tree order, each with the length of its
 * (inflated) content stream: the drawing operators of everything on the page. A page holding
 * only a heading or a small table has a small fraction of the drawing of a page with charts.
 */
function pdfPages(buf: Buffer): { bytes: number }[] {
  const s = buf.toString("latin1");
  const at = new Map<number, number>();
  for (const m of s.matchAll(/(\d+) 0 obj\s*/g)) at.set(Number(m[1]), m.index! + m[0].length);
  const body = (n: number) => {
    const from = at.get(n);
    if (from === undefined) throw new Error(`PDF: no object ${n}`);
    return s.slice(from, s.indexOf("endobj", from));
  };
  const pages: { bytes: number }[] = [];
  const walk = (n: number) => {
    const d = body(n);
    if (/\/Type\s*\/Pages\b/.test(d)) {
      for (const k of /\/Kids\s*\[([^\]]*)\]/.exec(d)![1].matchAll(/(\d+) 0 R/g)) walk(Number(k[1]));
      return;
    }
    let bytes = 0;
    for (const r of /\/Contents\s*(\[[^\]]*\]|\d+ 0 R)/.exec(d)![1].matchAll(/(\d+) 0 R/g)) {
      const o = body(Number(r[1]));
      const open = o.indexOf("stream") + 6;
      const start = o[open] === "\r" ? open + 2 : open + 1;
      const raw = Buffer.from(o.slice(start, o.lastIndexOf("endstream")), "latin1");
      bytes += (/FlateDecode/.test(o.slice(0, open)) ? inflateSync(raw) : raw).length;
    }
    pages.push({ bytes });
  };
  const catalog = body(Number(/\/Root (\d+) 0 R/.exec(s)![1]));
  walk(Number(/\/Pages (\d+) 0 R/.exec(catalog)![1]));
  return pages;
}

/**
 * In print media at the width and height of an A4 page's printable area: every table and chart
 * whose box is taller than a page or wider than its figure (or the page), and every table the
 * styles let break across pages. A table that fits a page and has break-inside: avoid prints whole.
 */
async function printBoxes(page: Page) {
  await page.setViewportSize(A4_AREA);
  await page.emulateMedia({ media: "print" });
  return page.$$eval(
    "table, figure.chart, figure.chart .plot, .summary-block",
    (els, area) =>
      els.flatMap((el) => {
        const box = el.getBoundingClientRect();
        const host = el.tagName === "TABLE" ? el.closest("figure.chart, .summary-block") : null;
        const limit = host ? host.getBoundingClientRect().right : area.width;
        const what = `${el.tagName.toLowerCase()} ${el.getAttribute("data-table") ?? el.getAttribute("data-chart") ?? el.closest("[data-chart]")?.getAttribute("data-chart") ?? el.className} in ${el.closest("section")?.id ?? "header"}`;
        const out: string[] = [];
        // a timeline (one trial, patient by patient) may put its chart and its table on two pages: each must fit one
        const tall = el.matches('figure.chart[data-kind="timeline"]') ? false : box.height > area.height;
        if (tall) out.push(`${what}: ${Math.round(box.height)} px tall, the page holds ${area.height}`);
        if (box.right > limit + 1) out.push(`${what}: right edge ${Math.round(box.right)} px beyond ${Math.round(limit)} px`);
        if (el.tagName === "TABLE" && getComputedStyle(el).breakInside !== "avoid") out.push(`${what}: break-inside ${getComputedStyle(el).breakInside}`);
        return out;
      }),
    A4_AREA,
  );
}

/** Pairs of overlapping texts (over 1 px each way) in any chart's live SVG; labels vega hid (opacity 0) are skipped. */
function overlappingTexts(page: Page) {
  return page.$$eval("figure[data-chart]", (figs) =>
    figs.flatMap((f) => {
      const texts = Array.from(f.querySelectorAll(".live svg text"))
        .map((t) => ({ text: t.textContent ?? "", box: t.getBoundingClientRect(), shown: getComputedStyle(t).opacity !== "0" }))
        .filter((t) => t.shown && t.text.trim() !== "" && t.box.width > 0 && t.box.height > 0);
      const out: string[] = [];
      for (let i = 0; i < texts.length; i++) {
        for (let j = i + 1; j < texts.length; j++) {
          const a = texts[i].box;
          const b = texts[j].box;
          if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1) out.push(`${f.getAttribute("data-chart")}: "${texts[i].text}" overlaps "${texts[j].text}"`);
        }
      }
      return out;
    }),
  );
}

/** Numeric table cells (num/se cells that are not empty or a dash, or cells whose text starts with a number; not dose labels or parameters) without a data-value, and how many numeric cells there are. */
function cellsWithoutValue(page: Page) {
  return page.$$eval("table", (ts) => {
    const missing: string[] = [];
    let numeric = 0;
    for (const t of ts) {
      if (t.getAttribute("data-table") === "parameters") continue;
      for (const td of Array.from(t.querySelectorAll("td"))) {
        const text = (td.textContent ?? "").trim();
        if (td.classList.contains("label") || td.classList.contains("param")) continue;
        if (!(((td.classList.contains("num") || td.classList.contains("se")) && text !== "" && text !== "—") || /^[±+\-−]?\d/.test(text))) continue;
        numeric++;
        if (!td.hasAttribute("data-value")) missing.push(`${t.getAttribute("data-table")}: "${text.slice(0, 40)}"`);
      }
    }
    return { numeric, missing };
  });
}

async function runOf(design: string, scenario: Parameters<typeof runMonteCarlo>[0]["scenario"], trials: number): Promise<RunResult> {
  return runMonteCarlo({ config: loadDesign(design), scenario, trials, seed: SEED, workers: 1 });
}

const TITLE = HAVE_CHROMIUM
  ? `HTML report in Chromium (${CHROMIUM}, network off)`
  : `HTML report in Chromium: SKIPPED, ${CHROMIUM} not found (apt-get install -y chromium)`;

describe.skipIf(!HAVE_CHROMIUM)(TITLE, () => {
  let dir: string;
  let profile: string;
  let ctx: BrowserContext;
  let json: RunResult;
  let reportFile: string;
  let xssFile: string;
  let page: Page;
  let watch: Watch;
  let figures: number;

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), "doseladder-browser-"));
    profile = join(dir, "profile");
    // one run gives both the JSON output and the report
    const result = await runOf("designs/sys6020.json", loadScenario("scenarios/sys6020.json"), 4000);
    json = JSON.parse(JSON.stringify(result, null, 2)) as RunResult;
    reportFile = join(OUT, "report.html");
    writeFileSync(reportFile, await buildHtmlReport(result, { date: "2025-01-31" }));
    // the escaping case: hostile names in the scenario, its curves and its ladder
    const s = loadScenario("scenarios/s103.json");
    const hostile = {
      ...s,
      name: XSS,
      ladder: { ...s.ladder, unit: `</script>${XSS}`, doses: s.ladder.doses.map((d, i) => ({ ...d, label: i === 0 ? XSS_IMG : d.label })) },
      curves: [{ ...s.curves[1], name: XSS }, { ...s.curves[2], name: "ok\u2028curve" }],
    };
    xssFile = join(OUT, "report-escaping.html");
    writeFileSync(xssFile, await buildHtmlReport(await runOf("designs/s103.json", hostile, 500), { date: "2025-01-31" }));
    ctx = await launch(profile);
    ({ page, watch } = await open(ctx, reportFile));
    figures = await waitForCharts(page);
  });

  afterAll(async () => {
    await ctx?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("the report opens offline with no console or page errors and no request beyond file:", async () => {
    expect(figures).toBe(5 * json.curves.length);
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
    expect(watch.refused).toEqual([]);
    expect(watch.dialogs).toEqual([]);
    await page.screenshot({ path: join(OUT, "report-top.png") });
    await page.locator("#curve-2").screenshot({ path: join(OUT, "report-curve-2.png") });
    await page.screenshot({ path: join(OUT, "report-full.png"), fullPage: true });
  });

  it("every chart is a live vega SVG with marks, and the static SVG it replaced is gone", async () => {
    const live = await markCounts(page, ".live");
    expect(live.length).toBe(5 * json.curves.length);
    for (const f of live) {
      expect(f.svg, f.id!).toBe(true);
      expect(f.marks, f.id!).toBeGreaterThan(0);
      expect(f.width, f.id!).toBeGreaterThan(100);
    }
    expect(await page.locator(".static").count()).toBe(0);
  });

  it("the tables hold the numbers of the JSON output of the same run", async () => {
    const shown = await page.$$eval("section.curve td[data-key]", (tds) =>
      tds.map((td) => ({
        curve: Number(td.closest("section.curve")!.getAttribute("data-curve")),
        key: td.getAttribute("data-key")!,
        dose: td.getAttribute("data-dose"),
        n: td.getAttribute("data-n"),
        text: (td as HTMLElement).innerText.trim(),
        visible: (td as HTMLElement).offsetParent !== null,
      })),
    );
    const cell = (curve: number, key: string, dose?: string, n?: number) => {
      const found = shown.filter((c) => c.curve === curve && c.key === key && (dose === undefined || c.dose === dose) && (n === undefined || c.n === String(n)));
      expect(found.length, `${curve} ${key} ${dose ?? ""}${n ?? ""}`).toBeGreaterThan(0);
      for (const f of found) expect(f.visible).toBe(true);
      return found[0].text;
    };
    let compared = 0;
    const same = (text: string, value: number, digits: number, se = false) => {
      expect(text).toBe(`${se ? "±" : ""}${value.toFixed(digits)}`);
      compared++;
    };
    json.curves.forEach((c, i) => {
      c.truth.forEach((p, d) => same(cell(i, "truth", String(d + 1)), p, 3));
      c.selection.forEach((p, d) => {
        const dose = String(d + 1);
        same(cell(i, "selection", dose), p, 3);
        same(cell(i, "selectionSE", dose), c.selectionSE[d], 3, true);
        same(cell(i, "patients", dose), c.patients[d], 2);
        same(cell(i, "patientsSE", dose), c.patientsSE[d], 2, true);
        same(cell(i, "dlts", dose), c.dlts[d], 2);
        same(cell(i, "expansionPatients", dose), c.expansionPatients[d], 2);
        same(cell(i, "expansionDlts", dose), c.expansionDlts[d], 2);
        same(cell(i, "escalationMtd", dose), c.metrics[`escalationMtd${d + 1}`], 3);
        same(cell(i, "expansionStopped", dose), c.metrics[`expansionStopped${d + 1}`], 3);
      });
      same(cell(i, "noMtd", "none"), c.noMtd, 3);
      same(cell(i, "noMtdSE", "none"), c.noMtdSE, 3, true);
      same(cell(i, "sampleSize"), c.sampleSize, 2);
      same(cell(i, "totalDlts"), c.totalDlts, 2);
      same(cell(i, "correctSelection"), c.correctSelection!, 3);
      same(cell(i, "escalationNoMtd", "none"), c.metrics.escalationNoMtd, 3);
      for (const s of c.sampleSizeDistribution) same(cell(i, "sampleSizeDistribution", undefined, s.n), s.p, 4);
      for (const [reason, p] of Object.entries(c.stopReasons)) same(cell(i, `stopReason:${reason}`), p, 3);
    });
    expect(compared).toBeGreaterThan(300);
    // the header names the run the JSON describes
    const header = await page.locator("header.report-header").innerText();
    expect(header).toContain(json.design.name);
    expect(header).toContain(json.scenario.name);
    expect(header).toContain(`"${json.seed}"`);
    expect(header).toContain(`${json.trials!.toLocaleString("en-US")} trials`);
    expect(header).toContain(json.doseladder);
  });

  it("names from a config render as text: no dialog, no injected element, the text visible", async () => {
    const { page, watch } = await open(ctx, xssFile);
    await waitForCharts(page);
    // (this test's own page and watch shadow the shared ones)
    // give an injected handler (there should be none) the chance to run: wait until the page has
    // loaded, every image (an injected <img onerror> included) has finished loading or failing, and
    // the tasks queued by then (their load/error handlers) have run — conditions, not a clock
    await page.waitForLoadState("load");
    await page.waitForFunction(() => Array.from(document.images).every((img) => img.complete));
    await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => setTimeout(done, 0))));
    expect(watch.dialogs).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator("script:not([id]):not([type])").count()).toBe(1); // only the boot script
    const curveName = page.locator("#curve-1 .curve-name");
    await expect.poll(() => curveName.innerText()).toBe(XSS);
    expect(await curveName.isVisible()).toBe(true);
    expect(await page.locator("header.report-header").innerText()).toContain(XSS);
    expect(await page.locator('#curve-1 table[data-table="truth"] td.label').first().innerText()).toBe(XSS_IMG);
    // the hostile label also reaches the charts as text
    const axisText = await page.$$eval("#curve-1 figure[data-kind=truth] svg text", (ts) => ts.map((t) => t.textContent ?? ""));
    expect(axisText.join(" ")).toContain("<img");
    await page.locator("#curve-1").screenshot({ path: join(OUT, "report-escaping.png") });
    await page.close();
  });

  it("with scripts disabled every chart is the static SVG with marks", async () => {
    const noJs = await launch(join(dir, "profile-nojs"), false);
    try {
      const { page, watch } = await open(noJs, reportFile);
      const still = await markCounts(page, ".static");
      expect(still.length).toBe(5 * json.curves.length);
      for (const f of still) {
        expect(f.svg, f.id!).toBe(true);
        expect(f.marks, f.id!).toBeGreaterThan(0);
        expect(f.width, f.id!).toBeGreaterThan(100);
      }
      expect(watch.refused).toEqual([]);
      await page.locator("#curve-2").screenshot({ path: join(OUT, "report-noscript-curve-2.png") });
      await page.close();
    } finally {
      await noJs.close();
    }
  });

  it("prints: in print media every chart keeps its SVG, and Chromium writes a PDF", async () => {
    await page.emulateMedia({ media: "print" });
    const printed = await markCounts(page, ".live");
    for (const f of printed) expect(f.marks, f.id!).toBeGreaterThan(0);
    expect(await page.locator("nav.toc").isVisible()).toBe(false);
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    writeFileSync(join(OUT, "report.pdf"), pdf);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("prints the seed reports on A4: each curve on one or two pages (three with a timeline), no near-empty page, every table whole; no overlapping chart texts, a data-value on every numeric cell", async () => {
    const seeds = [
      { name: "sys6020", args: ["--design", "designs/sys6020.json", "--scenario", "scenarios/sys6020.json"], perCurve: 2 },
      { name: "sys6020-mc", args: ["--design", "designs/sys6020.json", "--scenario", "scenarios/sys6020.json", "--method", "monte-carlo", "--trials", "500"], perCurve: 2 },
      { name: "s103", args: ["--design", "designs/s103.json", "--scenario", "scenarios/s103.json"], perCurve: 2 },
      { name: "cd19-bcma", args: ["--design", "designs/cd19-bcma.json", "--scenario", "scenarios/cd19-bcma.json"], perCurve: 2 },
      { name: "sys6020-timed", args: ["--design", "designs/sys6020-timed.json", "--scenario", "scenarios/sys6020-timed.json", "--trials", "300"], perCurve: 3 },
    ];
    const counts: Record<string, number> = {};
    for (const seed of seeds) {
      const file = join(OUT, `report-print-${seed.name}.html`);
      const r = spawnSync(process.execPath, [CLI, "report", ...seed.args, "--seed", SEED, "--out", file], { encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      const { page } = await open(ctx, file);
      await waitForCharts(page);
      const curves = await page.locator("section.curve").count();
      // every chart's texts apart ("true MTD" vs the target's label and the bars' values), every numeric cell with its data-value
      expect(await overlappingTexts(page), seed.name).toEqual([]);
      const cells = await cellsWithoutValue(page);
      expect(cells.numeric, seed.name).toBeGreaterThan(200);
      expect(cells.missing, seed.name).toEqual([]);
      expect(await printBoxes(page), seed.name).toEqual([]);
      const pdf = await page.pdf({ format: "A4", printBackground: true });
      writeFileSync(join(OUT, `report-print-${seed.name}.pdf`), pdf);
      await page.close();
      const pages = pdfPages(pdf);
      counts[seed.name] = pages.length;
      // the header page, then one to `perCurve` pages per curve (each curve starts a page)
      expect(pages.length, `${seed.name}: ${pages.length} pages for ${curves} curves`).toBeGreaterThanOrEqual(1 + curves);
      expect(pages.length, `${seed.name}: ${pages.length} pages for ${curves} curves`).toBeLessThanOrEqual(1 + seed.perCurve * curves);
      // no page holds only a heading or a small table: each has at least a quarter of the median page's drawing
      const median = [...pages.map((p) => p.bytes)].sort((a, b) => a - b)[Math.floor(pages.length / 2)];
      pages.forEach((p, i) => expect(p.bytes, `${seed.name} page ${i + 1}: ${p.bytes} bytes of drawing, median ${median}`).toBeGreaterThan(median / 4));
    }
    writeFileSync(join(OUT, "report-print-pages.json"), JSON.stringify(counts, null, 2));
    // measured when this test was written: sys6020 (exact) 13 pages, 32 before the two-column print layout
    expect(counts.sys6020).toBeLessThanOrEqual(13);
  }, 240_000);

  it("the PDF page reader counts the page objects of the PDF", () => {
    const pdf = readFileSync(join(OUT, "report-print-s103.pdf"));
    // an independent count: the objects typed /Page (not /Pages, the page tree's nodes)
    const objects = pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? [];
    expect(objects.length).toBeGreaterThan(1);
    expect(pdfPages(pdf)).toHaveLength(objects.length);
  });
});
