/**
 * The efficacy views in a real browser (Debian's Chromium driven by playwright-core, network off,
 * as in report.browser.test.ts): the single-run report of designs/sys6020-efficacy.json
 * (`run --format html`, exact) and the seed efficacy sweep's overview and scenario page, as the
 * CLI writes them. Checks that the efficacy charts render live with marks and no console error,
 * that every numeric cell of the efficacy tables carries data-value, and that those values are the
 * numbers of the JSON outputs (run JSON, sweep.json). Skips, saying why, only when /usr/bin/chromium
 * is missing.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { CHROMIUM, HAVE_CHROMIUM, launchChromium, openOffline, waitForLiveCharts } from "../helpers/browser.js";

const CLI = resolve("dist/src/cli/main.js");
if (!HAVE_CHROMIUM) console.warn(`SKIPPED efficacy-report.browser.test.ts: ${CHROMIUM} not found (install it with: apt-get install -y chromium)`);

type Cell = { key: string; value: string | null; text: string; design: string | null; dose: string | null; variant: string | null; column: string | null };

async function open(ctx: BrowserContext, file: string): Promise<{ page: Page; errors: string[]; refused: string[] }> {
  const { page, watch } = await openOffline(ctx, pathToFileURL(file).href);
  await waitForLiveCharts(page);
  return { page, errors: watch.errors, refused: watch.refused };
}

/** The numeric cells (td.num and td.se with text) of the tables matching `selector`. */
function cells(page: Page, selector: string): Promise<Cell[]> {
  return page.$$eval(selector, (tables) =>
    tables.flatMap((t) =>
      Array.from(t.querySelectorAll("td.num, td.se"))
        .filter((td) => (td.textContent ?? "").trim() !== "")
        .map((td) => ({
          key: td.getAttribute("data-key") ?? "",
          value: td.getAttribute("data-value"),
          text: (td.textContent ?? "").trim(),
          design: td.getAttribute("data-design"),
          dose: td.getAttribute("data-dose"),
          variant: td.getAttribute("data-variant"),
          column: td.getAttribute("data-column"),
        })),
    ),
  );
}

/** The live SVG marks of a figure. */
const marks = (page: Page, id: string) => page.$eval(`figure[data-chart="${id}"]`, (f) => f.querySelectorAll(".live svg path, .live svg rect, .live svg line").length);

/** The block field behind a table cell's data-key ("effRecommended" -> "recommended"; "response" stays). */
function field(key: string): { name: string; se: boolean } {
  const se = key.endsWith("SE");
  const base = se ? key.slice(0, -2) : key;
  const name = base === "response" ? "response" : base.slice(3, 4).toLowerCase() + base.slice(4);
  return { name, se };
}

/** The number a cell should show, from an efficacy block. */
function expected(e: Record<string, unknown>, c: Cell): number {
  const { name, se } = field(c.key);
  if (c.dose === "none") return (se ? e.noDoseSE : e.noDose) as number;
  const v = e[se ? `${name}SE` : name];
  return c.dose !== null && Array.isArray(v) ? (v[Number(c.dose) - 1] as number) : (v as number);
}

describe.skipIf(!HAVE_CHROMIUM)(HAVE_CHROMIUM ? `efficacy views in Chromium (${CHROMIUM}, network off)` : `efficacy views in Chromium: SKIPPED, ${CHROMIUM} not found`, () => {
  let dir: string;
  let ctx: BrowserContext;
  let runJson: { curves: { name: string; efficacy: Record<string, unknown> }[] };
  let sweep: { cells: { result: { curves: { name: string; efficacy: Record<string, unknown> }[] } }[] };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "doseladder-eff-browser-"));
    const args = ["run", "--design", "designs/sys6020-efficacy.json", "--scenario", "scenarios/sys6020.json", "--curve", "mtd-high"];
    const html = spawnSync(process.execPath, [CLI, ...args, "--format", "html", "--out", join(dir, "run.html")], { encoding: "utf8" });
    expect(html.status, html.stderr).toBe(0);
    const json = spawnSync(process.execPath, [CLI, ...args, "--format", "json"], { encoding: "utf8" });
    expect(json.status, json.stderr).toBe(0);
    runJson = JSON.parse(json.stdout);
    const sw = spawnSync(process.execPath, [CLI, "sweep", "scenarios/sweeps/sys6020-efficacy.json", "--out", join(dir, "sweep"), "--format", "all"], { encoding: "utf8" });
    expect(sw.status, sw.stderr).toBe(0);
    sweep = JSON.parse(readFileSync(join(dir, "sweep", "sweep.json"), "utf8"));
    ctx = await launchChromium(join(dir, "profile"));
  }, 300_000);

  afterAll(async () => {
    await ctx?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("the single-run report: a live efficacy chart, and every efficacy number in the tables is the run JSON's, in data-value", async () => {
    const { page, errors, refused } = await open(ctx, join(dir, "run.html"));
    expect(errors).toEqual([]);
    expect(refused).toEqual([]);
    expect(await marks(page, "c0-efficacy")).toBeGreaterThan(10);
    const found = await cells(page, 'figure[data-chart="c0-efficacy"] table');
    const e = runJson.curves[0].efficacy;
    // 5 doses x 6 measures + response + the no-dose row; then 8 curve statistics (exact: no SE cells)
    expect(found.length).toBe(5 * 7 + 1 + 8);
    for (const c of found) {
      expect(c.value, `${c.key} ${c.dose} "${c.text}"`).not.toBeNull();
      expect(Number(c.value), `${c.key} dose ${c.dose}`).toBe(expected(e, c));
    }
    await page.close();
  });

  it("the sweep overview: the dose-optimisation chart is live, and every efficacy cell has data-value equal to sweep.json", async () => {
    const { page, errors } = await open(ctx, join(dir, "sweep", "sweep.html"));
    expect(errors).toEqual([]);
    expect(await marks(page, "sweep-efficacy")).toBeGreaterThan(0);
    const found = await cells(page, 'table[data-table="efficacy"]');
    // 2 variants x 6 curves x (8 curve statistics + 2 x 5 per-dose), exact: no SE cells
    expect(found.length).toBe(2 * 6 * (8 + 10));
    for (const c of found) {
      expect(c.value, `${c.key} "${c.text}"`).not.toBeNull();
      // one scenario: the overview's columns are its curves in order
      const e = sweep.cells[Number(c.variant)].result.curves[Number(c.column)].efficacy;
      expect(Number(c.value), `${c.key} variant ${c.variant} column ${c.column} dose ${c.dose}`).toBe(expected(e, c));
    }
    await page.close();
  });

  it("the scenario page: one live efficacy chart per curve, each table's cells with data-value", async () => {
    const file = readdirSync(join(dir, "sweep")).find((f) => /^sweep-1-.*\.html$/.test(f))!;
    const { page, errors } = await open(ctx, join(dir, "sweep", file));
    expect(errors).toEqual([]);
    for (let c = 0; c < 6; c++) {
      expect(await marks(page, `c${c}-efficacy`)).toBeGreaterThan(10);
      const found = await cells(page, `figure[data-chart="c${c}-efficacy"] table`);
      const blocks = sweep.cells.map((x) => x.result.curves[c].efficacy);
      // two designs: 4 measures per dose each (+ response), the no-dose row, 8 statistics each
      expect(found.length).toBe(5 * (1 + 2 * 4) + 2 + 2 * 8);
      for (const cell of found) {
        expect(cell.value, `${cell.key} "${cell.text}"`).not.toBeNull();
        expect(Number(cell.value)).toBe(expected(blocks[Number(cell.design ?? 0)], cell));
      }
    }
    await page.close();
  });
});
