/**
 * The HTML report of a sweep: designs compared across scenarios.
 *
 * - `sweep.html`, the overview: the sweep's facts, a heat map of the probability of correct
 *   selection (design variant × scenario curve), grouped bars of the share of patients treated
 *   above the true MTD and of the probability of selecting no MTD, each chart followed by the
 *   table of its numbers, and links to the per-scenario pages.
 * - `sweep-<n>-<slug>.html`, one per scenario: the single-run report (`buildHtmlReport`) of every
 *   design variant on that scenario, side by side. Should the cells of one scenario not share
 *   their curves, each cell gets its own page (`sweep-<n>-<slug>-cell<i>.html`) instead.
 *
 * A design variant is one design of the sweep with one setting of its grid values; its label is
 * the design's name plus those values (`3+3 SMC [smc-review.q=0.6]`), made unique.
 *
 * `renderSweepHtml` is a pure function of its inputs (the date is an argument); the chart specs
 * are pure functions of plain rows. `buildSweepHtml` adds the static SVGs and inlines vega, as
 * `buildHtmlReport` does, so every page opens offline and reads with scripts blocked.
 */
import { efficacyDurationTable, efficacySweepChart, efficacySweepTable, sweepHasEfficacy } from "./efficacy-html.js";
import { relative, resolve, sep } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import type { RunResult } from "../engine/run.js";
import { accuracy } from "./accuracy.js";
import { DAYS_PER_MONTH } from "../config/timing.js";
import type { SweepCellResult, SweepResult } from "../sweep/merge.js";
import { CONFIG, designColors, DOSE_LABEL_LINES } from "./charts.js";
import { shortLabels, uniqueLabels } from "./labels.js";

export { SHORT_LABEL, shortLabels } from "./labels.js";
import {
  buildHtmlReport,
  closeDocument,
  openDocument,
  compileChart,
  CSS,
  escapeHtml,
  flattenParameters,
  formatNumber,
  jsonForScript,
  prefixSvgIds,
  readVegaScript,
  renderStaticSvgs,
} from "./html.js";

// ---------------------------------------------------------------------------------------------
// Layout: variants, scenarios, columns, pages

/** One design variant: a design with one setting of its grid values. */
export interface SweepVariant {
  /** Unique label: the design name plus its grid values. */
  readonly label: string;
  readonly design: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** One scenario of the sweep (cells sharing a scenario file and name). */
export interface SweepScenario {
  /** 1-based, in order of first appearance. */
  readonly n: number;
  readonly name: string;
  readonly file: string;
  readonly cells: readonly SweepCellResult[];
  /** Their positions in `sweep.cells`. */
  readonly positions: readonly number[];
  /** True when all its cells share the ladder and the curves (one side-by-side page). */
  readonly shared: boolean;
}

/** One column of the overview: a curve of a scenario. */
export interface SweepColumn {
  /** Unique label, `scenario: curve`. */
  readonly label: string;
  /** Index into `scenarios`. */
  readonly scenario: number;
  readonly curve: string;
}

/** One per-scenario page. */
export interface SweepPage {
  /** File name, relative to the overview (`sweep-1-sys6020.html`). */
  readonly file: string;
  /** Index into `scenarios`. */
  readonly scenario: number;
  /** The cells shown, in sweep order. */
  readonly cells: readonly SweepCellResult[];
  /** Their positions in `sweep.cells`. */
  readonly positions: readonly number[];
}

/** How a sweep's cells map to the overview's rows, columns and pages. */
export interface SweepLayout {
  readonly variants: readonly SweepVariant[];
  /** Index into `variants`, by the cell's position in `sweep.cells`. */
  readonly cellVariant: readonly number[];
  /** Index into `scenarios`, by the cell's position in `sweep.cells`. */
  readonly cellScenario: readonly number[];
  readonly scenarios: readonly SweepScenario[];
  readonly columns: readonly SweepColumn[];
  readonly pages: readonly SweepPage[];
}

/** A grid value as written in a label: strings bare, everything else as JSON. */
function paramText(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v) ?? String(v);
}

/** A variant's label: `name [k=v, k2=v2]`, or the bare name without grid values. */
export function variantLabel(design: string, params: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries(params);
  return entries.length === 0 ? design : `${design} [${entries.map(([k, v]) => `${k}=${paramText(v)}`).join(", ")}]`;
}

/** A file-name fragment: lower-case letters, digits and dashes, at most 40 characters. */
export function slug(s: string): string {
  const out = s
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 40)
    .replace(/^-+|-+$/g, "");
  return out || "scenario";
}

/**
 * A file named in a result (`/abs/designs/a.json`, or `sweeps/s.json designs[3]` for an inline
 * design) as a path relative to the directory `dir` the pages are written to, so that a page
 * never prints the absolute paths of the machine that ran it and its paths resolve from where
 * it lies. Paths are resolved against `cwd`; names that are not .json paths are kept.
 * @example relativeFile("/w/designs/a.json", "/w/reports/sweep", "/w") // => "../../designs/a.json"
 */
export function relativeFile(file: string, dir: string, cwd: string): string {
  const m = /^(.+?\.json)(\s.*)?$/.exec(file);
  if (!m) return file;
  const rel = relative(resolve(cwd, dir), resolve(cwd, m[1])).split(sep).join("/");
  return (rel || m[1]) + (m[2] ?? "");
}

/** Results that can share one side-by-side page: same ladder length, curve names and truths. */
function shareCurves(results: readonly RunResult[]): boolean {
  const [first, ...rest] = results;
  return rest.every(
    (r) =>
      r.ladder.doses.length === first.ladder.doses.length &&
      r.curves.length === first.curves.length &&
      r.curves.every((c, i) => c.name === first.curves[i].name && c.truth.length === first.curves[i].truth.length && c.truth.every((p, d) => p === first.curves[i].truth[d])),
  );
}

/**
 * The overview's structure. Variants are identified by design name, file, type and grid values;
 * a variant that occurs twice on one scenario (two designs of one name and file) is two variants.
 */
export function sweepLayout(sweep: SweepResult): SweepLayout {
  const variantIds: string[] = [];
  const variantFirst: SweepCellResult[] = [];
  const scenarioIds: string[] = [];
  const scenarioCells: SweepCellResult[][] = [];
  const scenarioPositions: number[][] = [];
  const cellVariant: number[] = [];
  const cellScenario: number[] = [];
  const used = new Set<string>(); // variant id × scenario, to split repeats
  for (const [position, cell] of sweep.cells.entries()) {
    const r = cell.result;
    const sid = JSON.stringify([r.scenario.file, r.scenario.name]);
    let s = scenarioIds.indexOf(sid);
    if (s < 0) {
      s = scenarioIds.push(sid) - 1;
      scenarioCells.push([]);
      scenarioPositions.push([]);
    }
    scenarioCells[s].push(cell);
    scenarioPositions[s].push(position);
    cellScenario.push(s);
    const base = JSON.stringify([r.design.name, r.design.file, r.design.type, Object.entries(cell.params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
    let id = base;
    for (let k = 2; used.has(JSON.stringify([id, s])); k++) id = `${base}#${k}`;
    used.add(JSON.stringify([id, s]));
    let v = variantIds.indexOf(id);
    if (v < 0) {
      v = variantIds.push(id) - 1;
      variantFirst.push(cell);
    }
    cellVariant.push(v);
  }
  const labels = uniqueLabels(variantFirst.map((c) => variantLabel(c.result.design.name, c.params)));
  const variants = variantFirst.map((c, i) => ({ label: labels[i], design: c.result.design.name, params: c.params }));
  const scenarios: SweepScenario[] = scenarioCells.map((cells, i) => ({
    n: i + 1,
    name: cells[0].result.scenario.name,
    file: cells[0].result.scenario.file,
    cells,
    positions: scenarioPositions[i],
    shared: shareCurves(cells.map((c) => c.result)),
  }));
  const columnKeys: { scenario: number; curve: string }[] = [];
  scenarios.forEach((sc, s) => {
    const curves = [...new Set(sc.cells.flatMap((c) => c.result.curves.map((x) => x.name)))];
    for (const curve of curves) columnKeys.push({ scenario: s, curve });
  });
  const columnLabels = uniqueLabels(columnKeys.map((c) => `${scenarios[c.scenario].name}: ${c.curve}`));
  const columns = columnKeys.map((c, i) => ({ ...c, label: columnLabels[i] }));
  const pages: SweepPage[] = scenarios.flatMap((sc, s) => {
    const stem = `sweep-${sc.n}-${slug(sc.name)}`;
    return sc.shared
      ? [{ file: `${stem}.html`, scenario: s, cells: sc.cells, positions: sc.positions }]
      : sc.cells.map((c, k) => ({ file: `${stem}-cell${c.index + 1}.html`, scenario: s, cells: [c], positions: [sc.positions[k]] }));
  });
  return { variants, cellVariant, cellScenario, scenarios, columns, pages };
}

// ---------------------------------------------------------------------------------------------
// Rows: the numbers of the overview

/** P(correct selection) of one variant on one curve; null without a target. */
export interface HeatRow {
  readonly variant: string;
  readonly column: string;
  readonly p: number | null;
  /** Standard error (Monte Carlo), 0 (exact), or null without a target. */
  readonly se: number | null;
}

/** One number per variant per curve for the grouped-bar charts; null when it is undefined. */
export interface BarRow {
  readonly variant: string;
  readonly column: string;
  readonly value: number | null;
  /** Standard error (Monte Carlo), 0 (exact), or null when there is none. */
  readonly se: number | null;
}

/** Every (cell, curve) pair of the sweep, placed on the overview's rows and columns. */
export interface SweepEntry {
  readonly variant: number;
  readonly column: number;
  readonly cell: SweepCellResult;
  readonly curve: RunResult["curves"][number];
}

/** The overview's entries, in variant-then-column order. */
export function sweepEntries(sweep: SweepResult, layout: SweepLayout = sweepLayout(sweep)): SweepEntry[] {
  const out: SweepEntry[] = [];
  sweep.cells.forEach((cell, i) => {
    for (const curve of cell.result.curves) {
      const column = layout.columns.findIndex((c) => c.scenario === layout.cellScenario[i] && c.curve === curve.name);
      out.push({ variant: layout.cellVariant[i], column, cell, curve });
    }
  });
  return out.sort((a, b) => a.variant - b.variant || a.column - b.column);
}

/** The heat map's rows: P(correct selection) and its SE per variant × curve. */
export function heatRows(sweep: SweepResult, layout: SweepLayout = sweepLayout(sweep)): HeatRow[] {
  return sweepEntries(sweep, layout).map((e) => ({
    variant: layout.variants[e.variant].label,
    column: layout.columns[e.column].label,
    p: e.curve.correctSelection,
    se: e.curve.correctSelectionSE,
  }));
}

/** Share of patients treated above the true MTD per variant × curve (no SE: the results carry none). */
export function aboveMtdRows(sweep: SweepResult, layout: SweepLayout = sweepLayout(sweep)): BarRow[] {
  return sweepEntries(sweep, layout).map((e) => ({
    variant: layout.variants[e.variant].label,
    column: layout.columns[e.column].label,
    value: e.curve.shareAboveMtd,
    se: null,
  }));
}

/** P(no MTD selected) and its SE per variant × curve. */
export function noMtdRows(sweep: SweepResult, layout: SweepLayout = sweepLayout(sweep)): BarRow[] {
  return sweepEntries(sweep, layout).map((e) => ({
    variant: layout.variants[e.variant].label,
    column: layout.columns[e.column].label,
    value: e.curve.noMtd,
    se: e.curve.noMtdSE,
  }));
}

/** The summary statistics of one design variant on one curve (null where undefined: no target). */
export interface SummaryRow {
  /** Index into the layout's variants and columns. */
  readonly v: number;
  readonly c: number;
  readonly variant: string;
  readonly column: string;
  readonly mc: boolean;
  /** P(correct selection). */
  readonly pcs: number | null;
  readonly pcsSE: number | null;
  /** P(selecting a dose above the true MTD); when no dose is acceptable, P(selecting any dose). */
  readonly above: number | null;
  readonly aboveSE: number | null;
  readonly noMtd: number;
  readonly noMtdSE: number;
  /** Mean total sample size. */
  readonly meanN: number;
  readonly meanNSE: number;
  /** Mean patients treated above the true MTD (no SE is recorded for it). */
  readonly patientsAbove: number | null;
  /** Cheung's (2011) accuracy index for this curve (src/report/accuracy.ts) and its SE. */
  readonly accuracy: number | null;
  readonly accuracySE: number | null;
  /** Calendar-time cells: the mean trial duration in days and its SE (null for untimed cells); pages show it in months ({@link toMonths}). */
  readonly meanDays?: number | null;
  readonly meanDaysSE?: number | null;
}

/** P(selecting a dose above the true MTD) of one curve: doses above it, or any dose when none is acceptable. */
export function aboveMtdSelection(curve: RunResult["curves"][number]): number | null {
  if (curve.trueMtd === null) return null;
  return curve.selection.slice(curve.trueMtd).reduce((a, b) => a + b, 0);
}

/** Days as months (days / (365.25/12)), the unit of every duration the pages show; null and undefined pass through as null. */
export function toMonths(days: number | null | undefined): number | null {
  return days === null || days === undefined ? null : days / DAYS_PER_MONTH;
}

/** The summary table's rows, in variant-then-column order. */
export function summaryRows(sweep: SweepResult, layout: SweepLayout = sweepLayout(sweep)): SummaryRow[] {
  return sweepEntries(sweep, layout).map((e) => {
    const r = e.cell.result;
    const cv = e.curve;
    const mc = r.method === "monte-carlo";
    const w = mc ? (r.trials ?? 0) : 0;
    const above = aboveMtdSelection(cv);
    const acc = r.target !== null ? accuracy([cv], r.target) : null;
    const index = acc && Number.isFinite(acc.accuracyIndex) ? acc.accuracyIndex : null;
    return {
      v: e.variant,
      c: e.column,
      variant: layout.variants[e.variant].label,
      column: layout.columns[e.column].label,
      mc,
      pcs: cv.correctSelection,
      pcsSE: cv.correctSelectionSE,
      above,
      aboveSE: above === null ? null : w > 0 ? Math.sqrt((above * (1 - above)) / w) : 0,
      noMtd: cv.noMtd,
      noMtdSE: cv.noMtdSE,
      meanN: cv.sampleSize,
      meanNSE: cv.sampleSizeSE,
      patientsAbove: cv.patientsAboveMtd,
      accuracy: index,
      accuracySE: index === null ? null : acc!.accuracyIndexSE,
      meanDays: cv.timing ? cv.timing.duration.mean : null,
      meanDaysSE: cv.timing ? cv.timing.duration.se : null,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Charts

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

/**
 * Colours of the variants, in variant order: the same colours as the scenario pages' designs
 * (`designColors`), the legend showing each variant's short label (`shortLabels`, grid values
 * kept) while tooltips give the full one. Rows need a `short` field: see {@link withShort}.
 */
function variantColor(variants: readonly string[]): Record<string, unknown> {
  const designs = comparisonDesigns(variants);
  const scale = { domain: designs.map((d) => d.short), range: designs.map((d) => d.color) };
  return { field: "short", type: "nominal", sort: null, title: null, scale, legend: { columns: variants.length > 8 ? 2 : 1, labelLimit: 400, symbolType: "square" } };
}

/** Rows with the short label of their variant added (the legend's field). */
function withShort<T extends { variant: string }>(rows: readonly T[], variants: readonly string[]): (T & { short: string })[] {
  const shorts = comparisonDesigns(variants).map((d) => d.short);
  return rows.map((r) => ({ ...r, short: shorts[variants.indexOf(r.variant)] }));
}

/**
 * The scenario part that every column label shares (`"SYS6020 toxicity scenarios: "` when a
 * sweep has one scenario), so axes and panel headers can show the curve alone and name the
 * scenario once in their title; "" when the columns come from several scenarios.
 */
export function sharedScenario(columns: readonly string[]): string {
  if (columns.length === 0) return "";
  const at = columns[0].lastIndexOf(": ");
  if (at < 0) return "";
  const prefix = columns[0].slice(0, at + 2);
  return columns.every((c) => c.startsWith(prefix) && c.length > prefix.length) ? prefix : "";
}

/** A column axis: the curve alone (the scenario in the title) with horizontal labels, or full labels written vertically, so no two labels overlap. */
function columnAxis(columns: readonly string[], step: number): { title: string | null; axis: Record<string, unknown> } {
  const prefix = sharedScenario(columns);
  if (prefix === "") return { title: null, axis: { labelAngle: -90, labelAlign: "right", labelBaseline: "middle", labelLimit: 260, ticks: false, domain: false } };
  return {
    title: prefix.slice(0, -2),
    axis: { labelAngle: 0, labelAlign: "center", labelLimit: step - 6, labelExpr: `slice(datum.label, ${prefix.length})`, ticks: false, domain: false, titleFontWeight: 400, titleColor: "#555" },
  };
}

/**
 * Heat map of P(correct selection): one row per design variant, one column per scenario curve,
 * each cell coloured on a fixed 0–1 scale and labelled with its value. Cells without a target
 * (p null) are grey and show a dash. Rows and columns keep the order of the rows given.
 */
export function correctSelectionHeatmap(rows: readonly HeatRow[]): TopLevelSpec {
  const variants = unique(rows.map((r) => r.variant));
  const columns = unique(rows.map((r) => r.column));
  const data = rows.map((r) => ({ ...r, text: r.p === null ? "—" : formatNumber(r.p, 3), dark: r.p !== null && r.p > 0.6 }));
  return {
    $schema: SCHEMA,
    description: "Probability of correct selection per design variant and scenario curve",
    config: CONFIG,
    data: { values: data },
    width: { step: 76 },
    height: { step: 26 },
    encoding: {
      x: { field: "column", type: "nominal", sort: null, scale: { domain: columns }, ...columnAxis(columns, 76) },
      y: { field: "variant", type: "nominal", sort: null, title: null, scale: { domain: variants }, axis: { labelLimit: 420, ticks: false, domain: false } },
    },
    layer: [
      { mark: { type: "rect", color: "#eeeeee", stroke: "#ffffff", strokeWidth: 1 } },
      {
        transform: [{ filter: "isValid(datum.p)" }],
        mark: { type: "rect", stroke: "#ffffff", strokeWidth: 1 },
        encoding: {
          color: {
            field: "p",
            type: "quantitative",
            title: "P(correct selection)",
            scale: { domain: [0, 1], scheme: "blues" },
            legend: { format: ".1f", gradientLength: 200, direction: "horizontal", orient: "bottom" },
          },
          tooltip: [
            { field: "variant", title: "design" },
            { field: "column", title: "curve" },
            { field: "p", title: "P(correct selection)", format: ".3f" },
            { field: "se", title: "SE", format: ".4f" },
          ],
        },
      },
      {
        mark: { type: "text", fontSize: 11 },
        encoding: {
          text: { field: "text" },
          color: { condition: { test: "datum.dark", value: "#ffffff" }, value: "#222222" },
        },
      },
    ],
  } as unknown as TopLevelSpec;
}

/** Grouped bars: one group per scenario curve, one bar per design variant, ± 1.96 SE whiskers when any SE > 0. */
function groupedBars(rows: readonly BarRow[], o: { description: string; yTitle: string; max: number | null; format: string }): TopLevelSpec {
  const variants = unique(rows.map((r) => r.variant));
  const columns = unique(rows.map((r) => r.column));
  const data = withShort(
    rows.filter((r) => r.value !== null).map((r) => ({ ...r, lo: Math.max(0, r.value! - 1.96 * (r.se ?? 0)), hi: Math.min(o.max ?? Infinity, r.value! + 1.96 * (r.se ?? 0)) })),
    variants,
  );
  const step = Math.max(60, variants.length * 11 + 16);
  const x = { field: "column", type: "nominal", sort: null, scale: { domain: columns, paddingInner: 0.2 }, ...columnAxis(columns, step) };
  const xOffset = { field: "variant", type: "nominal", sort: null, scale: { domain: variants } };
  const y = { field: "value", type: "quantitative", title: o.yTitle, scale: o.max === null ? { zero: true } : { domain: [0, o.max] }, axis: { format: o.max === null ? ".2f" : ".1f", tickCount: 5 } };
  const layers: unknown[] = [
    {
      mark: { type: "bar" },
      encoding: {
        x,
        xOffset,
        y,
        color: variantColor(variants),
        tooltip: [
          { field: "variant", title: "design" },
          { field: "column", title: "curve" },
          { field: "value", title: o.yTitle, format: o.format },
          { field: "se", title: "SE", format: ".4f" },
        ],
      },
    },
  ];
  if (data.some((r) => (r.se ?? 0) > 0)) {
    layers.push({ mark: { type: "rule", color: "#222", strokeWidth: 1 }, encoding: { x, xOffset, y: { field: "lo", type: "quantitative" }, y2: { field: "hi" } } });
  }
  return {
    $schema: SCHEMA,
    description: o.description,
    config: CONFIG,
    data: { values: data },
    width: Math.max(400, columns.length * step),
    height: 220,
    layer: layers,
  } as unknown as TopLevelSpec;
}

/** Share of patients treated above the true MTD, grouped by curve, one bar per variant. Rows with null values are left out. */
export function aboveMtdChart(rows: readonly BarRow[]): TopLevelSpec {
  // no fixed domain: shares are small, and a result whose share exceeds 1 must not be drawn off the chart
  return groupedBars(rows, { description: "Share of patients treated above the true MTD", yTitle: "share of patients above the true MTD", max: null, format: ".3f" });
}

/** P(no MTD selected), grouped by curve, one bar per variant, with ± 1.96 SE whiskers for Monte Carlo cells. */
export function noMtdChart(rows: readonly BarRow[]): TopLevelSpec {
  return groupedBars(rows, { description: "Probability that no dose is selected as the MTD", yTitle: "P(no MTD selected)", max: 1, format: ".3f" });
}

/** The cost axis of a trade-off chart: which summary field, its SE, and how it is labelled. */
interface CostAxis {
  readonly value: (r: SummaryRow) => number | null | undefined;
  readonly se: (r: SummaryRow) => number | null | undefined;
  readonly title: string;
  /** d3 formats of the value and its SE in the tooltip. */
  readonly format: string;
  readonly seFormat: string;
  /** Draw ± 1.96 SE bars on the cost axis too. */
  readonly bars: boolean;
  readonly description: string;
}

/**
 * P(correct selection) against a cost (mean sample size, mean duration), one point per design
 * variant (± 1.96 SE bars for Monte Carlo cells), one panel per curve. Rows without a
 * P(correct selection) (no target) or without the cost are left out.
 */
function costTradeoffChart(rows: readonly SummaryRow[], cost: CostAxis): TopLevelSpec {
  const variants = unique(rows.map((r) => r.variant));
  const points = rows
    .filter((r) => r.pcs !== null && cost.value(r) !== undefined && cost.value(r) !== null)
    .map((r) => {
      const v = cost.value(r)!;
      const se = cost.se(r) ?? 0;
      return {
        variant: r.variant,
        column: r.column,
        order: r.c,
        pcs: r.pcs,
        pcsSE: r.pcsSE,
        pcsLo: Math.max(0, r.pcs! - 1.96 * (r.pcsSE ?? 0)),
        pcsHi: Math.min(1, r.pcs! + 1.96 * (r.pcsSE ?? 0)),
        cost: v,
        costSE: cost.se(r),
        costLo: v - 1.96 * se,
        costHi: v + 1.96 * se,
      };
    });
  const data = withShort(points, variants);
  const columns = unique(data.map((r) => r.column));
  const x = { field: "cost", type: "quantitative", title: cost.title, scale: { zero: false, nice: true } };
  const y = { field: "pcs", type: "quantitative", title: "P(correct selection)", scale: { domain: [0, 1] }, axis: { format: ".1f", tickCount: 5 } };
  const layer: unknown[] = [];
  if (data.some((r) => (r.pcsSE ?? 0) > 0)) {
    layer.push({ mark: { type: "rule", strokeWidth: 1 }, encoding: { x, y: { field: "pcsLo", type: "quantitative" }, y2: { field: "pcsHi" }, color: variantColor(variants) } });
    if (cost.bars) layer.push({ mark: { type: "rule", strokeWidth: 1 }, encoding: { x: { field: "costLo", type: "quantitative" }, x2: { field: "costHi" }, y, color: variantColor(variants) } });
  }
  layer.push({
    mark: { type: "point", filled: true, size: 70, opacity: 0.9, stroke: "#ffffff", strokeWidth: 0.5 },
    encoding: {
      x,
      y,
      color: variantColor(variants),
      tooltip: [
        { field: "variant", title: "design" },
        { field: "column", title: "curve" },
        { field: "pcs", title: "P(correct selection)", format: ".3f" },
        { field: "pcsSE", title: "SE", format: ".4f" },
        { field: "cost", title: cost.title, format: cost.format },
        { field: "costSE", title: "SE", format: cost.seFormat },
      ],
    },
  });
  return {
    $schema: SCHEMA,
    description: cost.description,
    config: CONFIG,
    data: { values: data },
    facet: {
      field: "column",
      type: "nominal",
      sort: { field: "order", op: "min" },
      // one scenario: panels headed by the curve, the scenario named once; several: "scenario: curve", cut to the panel's width
      title: sharedScenario(columns) === "" ? null : sharedScenario(columns).slice(0, -2),
      header: { labelLimit: 230, labelFontSize: 11, ...(sharedScenario(columns) === "" ? {} : { labelExpr: `slice(datum.label, ${sharedScenario(columns).length})` }), titleFontSize: 11, titleFontWeight: 400, titleColor: "#555" },
    },
    columns: Math.min(3, Math.max(1, columns.length)),
    spec: { width: 230, height: 170, layer },
    resolve: { scale: { x: "independent" } },
  } as unknown as TopLevelSpec;
}

/** The trade-off of accuracy against the mean sample size (see {@link costTradeoffChart}). */
export function tradeoffChart(rows: readonly SummaryRow[]): TopLevelSpec {
  return costTradeoffChart(rows, {
    value: (r) => r.meanN,
    se: (r) => r.meanNSE,
    title: "mean sample size",
    format: ".2f",
    seFormat: ".3f",
    bars: false,
    description: "P(correct selection) against the mean sample size, one point per design variant, one panel per curve",
  });
}

/** The trade-off of accuracy against the mean trial duration (months) of calendar-time cells, with 95% intervals of both. */
export function durationTradeoffChart(rows: readonly SummaryRow[]): TopLevelSpec {
  return costTradeoffChart(rows, {
    value: (r) => toMonths(r.meanDays),
    se: (r) => toMonths(r.meanDaysSE),
    title: "mean trial duration (months)",
    format: ".1f",
    seFormat: ".2f",
    bars: true,
    description: "P(correct selection) against the mean trial duration in months, one point per design variant, one panel per curve",
  });
}

/** One chart of the overview. */
export interface SweepChart {
  readonly id: string;
  readonly kind: "tradeoff" | "duration-tradeoff" | "correct-selection" | "above-mtd" | "no-mtd" | "efficacy" | "efficacy-duration";
  readonly title: string;
  readonly spec: TopLevelSpec;
}

/** The overview's charts, in page order; a chart with no number to draw (no targets) is left out. */
export function sweepCharts(sweep: SweepResult, layout: SweepLayout = sweepLayout(sweep)): SweepChart[] {
  const charts: SweepChart[] = [];
  const summary = summaryRows(sweep, layout);
  if (summary.some((r) => r.pcs !== null)) charts.push({ id: "sweep-tradeoff", kind: "tradeoff", title: "Accuracy against sample size: P(correct selection) and mean sample size of each design, per curve", spec: tradeoffChart(summary) });
  if (summary.some((r) => r.pcs !== null && r.meanDays !== undefined && r.meanDays !== null)) {
    charts.push({ id: "sweep-duration-tradeoff", kind: "duration-tradeoff", title: "Accuracy against time: P(correct selection) and mean trial duration of each design, per curve", spec: durationTradeoffChart(summary) });
  }
  // designs with an efficacy expansion: P(recommending the optimal dose) against patients (src/report/efficacy-html.ts)
  const entries = sweepEntries(sweep, layout);
  if (sweepHasEfficacy(entries)) charts.push({ id: "sweep-efficacy", kind: "efficacy", title: "Dose optimisation: P(recommending the true optimal dose) and mean patients treated of each design with an efficacy expansion, per curve", spec: efficacySweepChart(layout, entries) });
  if (entries.some((x) => x.curve.efficacy !== undefined && x.curve.timing !== undefined)) {
    charts.push({ id: "sweep-efficacy-duration", kind: "efficacy-duration", title: "Dose optimisation against time: P(recommending the true optimal dose) and mean trial duration (to the last response assessment) of each design with an efficacy expansion run in calendar time, per curve", spec: efficacySweepChart(layout, entries, "duration") });
  }
  const heat = heatRows(sweep, layout);
  if (heat.some((r) => r.p !== null)) charts.push({ id: "sweep-correct-selection", kind: "correct-selection", title: "Probability of correct selection (selecting the true MTD)", spec: correctSelectionHeatmap(heat) });
  const above = aboveMtdRows(sweep, layout);
  if (above.some((r) => r.value !== null)) charts.push({ id: "sweep-above-mtd", kind: "above-mtd", title: "Share of patients treated above the true MTD", spec: aboveMtdChart(above) });
  charts.push({ id: "sweep-no-mtd", kind: "no-mtd", title: "Probability of selecting no MTD", spec: noMtdChart(noMtdRows(sweep, layout)) });
  return charts;
}

// ---------------------------------------------------------------------------------------------
// Tables

const P = 3;
const M = 2;

function numCell(value: number | null, digits: number, key: string, v: number, c: number): string {
  const attrs = ` data-key="${key}" data-variant="${v}" data-column="${c}"${value !== null ? ` data-value="${value}"` : ""}`;
  return `<td class="num"${attrs}>${formatNumber(value, digits)}</td>`;
}

function seTd(se: number | null, mc: boolean, digits: number, key: string, v: number, c: number): string {
  if (!mc || se === null) return `<td class="se"></td>`;
  return `<td class="se" data-key="${key}SE" data-variant="${v}" data-column="${c}" data-value="${se}">±${formatNumber(se, digits)}</td>`;
}

/**
 * A variant × column table: `measures` per column (value, and ± SE when `se` is given and some
 * cell is Monte Carlo). Empty cells (variant not run on that scenario) show a dash.
 */
/** Curve columns per block of a variant × curve table: wider tables continue in further blocks (they print whole). */
export const MATRIX_COLUMNS = 4;

function matrixTable(
  layout: SweepLayout,
  entries: readonly SweepEntry[],
  table: string,
  caption: string,
  measures: readonly { key: string; head: string; digits: number; value: (e: SweepEntry) => number | null; se?: (e: SweepEntry) => number | null }[],
): string {
  const all = layout.columns.map((_, c) => c);
  if (all.length <= MATRIX_COLUMNS) return matrixBlock(layout, entries, table, caption, measures, all);
  const size = Math.ceil(all.length / Math.ceil(all.length / MATRIX_COLUMNS));
  const blocks: string[] = [];
  for (let from = 0; from < all.length; from += size) {
    const cols = all.slice(from, from + size);
    blocks.push(matrixBlock(layout, entries, table, `${caption} (curves ${cols[0] + 1}–${cols[cols.length - 1] + 1} of ${all.length})`, measures, cols));
  }
  return blocks.join("");
}

function matrixBlock(
  layout: SweepLayout,
  entries: readonly SweepEntry[],
  table: string,
  caption: string,
  measures: readonly { key: string; head: string; digits: number; value: (e: SweepEntry) => number | null; se?: (e: SweepEntry) => number | null }[],
  cols: readonly number[],
): string {
  const anyMc = entries.some((e) => e.cell.result.method === "monte-carlo");
  const span = measures.reduce((n, m) => n + 1 + (m.se && anyMc ? 1 : 0), 0);
  const multi = measures.length > 1 || anyMc;
  let head = `<tr><th scope="col" rowspan="${multi ? 2 : 1}">design</th>${cols.map((c) => `<th scope="colgroup" colspan="${span}" class="num">${escapeHtml(layout.columns[c].label)}</th>`).join("")}</tr>`;
  if (multi) {
    head += `<tr>${cols
      .map(() => measures.map((m) => `<th scope="col" class="num">${escapeHtml(m.head)}</th>${m.se && anyMc ? `<th scope="col" class="se">± SE</th>` : ""}`).join(""))
      .join("")}</tr>`;
  }
  const at = new Map(entries.map((e) => [`${e.variant}/${e.column}`, e]));
  let body = "";
  layout.variants.forEach((variant, v) => {
    body += `<tr><th scope="row">${escapeHtml(variant.label)}</th>`;
    cols.forEach((c) => {
      const e = at.get(`${v}/${c}`);
      for (const m of measures) {
        if (!e) body += `<td class="num">—</td>${m.se && anyMc ? `<td class="se"></td>` : ""}`;
        else body += numCell(m.value(e), m.digits, m.key, v, c) + (m.se && anyMc ? seTd(m.se(e), e.cell.result.method === "monte-carlo", m.digits, m.key, v, c) : "");
      }
    });
    body += `</tr>`;
  });
  return `<div class="table-wrap"><table class="numbers sweep-matrix" data-table="${table}"><caption>${escapeHtml(caption)}</caption><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
}

/** The summary measures, in column order: key, heading, digits, value and SE of a row. */
const SUMMARY_MEASURES: readonly { key: string; head: string; digits: number; value: (r: SummaryRow) => number | null; se: ((r: SummaryRow) => number | null) | null }[] = [
  { key: "correctSelection", head: "P(correct selection)", digits: P, value: (r) => r.pcs, se: (r) => r.pcsSE },
  { key: "aboveMtdSelection", head: "P(select above MTD)", digits: P, value: (r) => r.above, se: (r) => r.aboveSE },
  { key: "noMtd", head: "P(no MTD)", digits: P, value: (r) => r.noMtd, se: (r) => r.noMtdSE },
  { key: "sampleSize", head: "mean N", digits: M, value: (r) => r.meanN, se: (r) => r.meanNSE },
  { key: "patientsAboveMtd", head: "patients above MTD", digits: M, value: (r) => r.patientsAbove, se: null },
  { key: "accuracyIndex", head: "accuracy index", digits: P, value: (r) => r.accuracy, se: (r) => r.accuracySE },
];

/** The summary's extra measure when cells ran in calendar time. */
const DURATION_MEASURE: (typeof SUMMARY_MEASURES)[number] = { key: "durationMonths", head: "mean duration (months)", digits: 1, value: (r) => toMonths(r.meanDays), se: (r) => toMonths(r.meanDaysSE) };

/** The summary's measures: with the mean trial duration when any row ran in calendar time. */
function summaryMeasures(rows: readonly SummaryRow[]): typeof SUMMARY_MEASURES {
  return rows.some((r) => r.meanDays !== undefined && r.meanDays !== null) ? [...SUMMARY_MEASURES, DURATION_MEASURE] : SUMMARY_MEASURES;
}

/**
 * The summary table: one block of rows per curve, one row per design variant (in the page's
 * design order), the summary measures as columns, each with its SE when a cell is Monte Carlo.
 */
export function summaryTable(layout: SweepLayout, rows: readonly SummaryRow[]): string {
  const anyMc = rows.some((r) => r.mc);
  const SUMMARY_MEASURES = summaryMeasures(rows);
  const width = 1 + SUMMARY_MEASURES.reduce((n, m) => n + 1 + (m.se && anyMc ? 1 : 0), 0);
  const head = `<tr><th scope="col">design</th>${SUMMARY_MEASURES.map((m) => `<th scope="col" class="num">${escapeHtml(m.head)}</th>${m.se && anyMc ? `<th scope="col" class="se">± SE</th>` : ""}`).join("")}</tr>`;
  const attrs = (key: string, r: SummaryRow, value: number | null) => ` data-key="${key}" data-variant="${r.v}" data-column="${r.c}"${value !== null && Number.isFinite(value) ? ` data-value="${value}"` : ""}`;
  let body = "";
  layout.columns.forEach((col, c) => {
    const block = rows.filter((r) => r.c === c);
    if (block.length === 0) return;
    body += `<tr class="group"><th scope="colgroup" colspan="${width}">${escapeHtml(col.label)}</th></tr>`;
    for (const r of block) {
      body += `<tr><th scope="row">${escapeHtml(r.variant)}</th>`;
      for (const m of SUMMARY_MEASURES) {
        const value = m.value(r);
        body += `<td class="num"${attrs(m.key, r, value)}>${formatNumber(value, m.digits)}</td>`;
        if (m.se && anyMc) {
          const se = m.se(r);
          body += r.mc && se !== null ? `<td class="se"${attrs(`${m.key}SE`, r, se)}>±${formatNumber(se, m.digits + 1)}</td>` : `<td class="se"></td>`;
        }
      }
      body += `</tr>`;
    }
  });
  const caption =
    "Summary per curve and design: P(correct selection), P(selecting a dose above the true MTD; any dose when none is acceptable), P(no MTD), mean sample size, mean patients treated above the true MTD (no simulation SE is recorded for it) and the accuracy index of Cheung (2011), A = 1 − K·Σ|p_k − θ|·P(select k) / Σ|p_k − θ| (1 when the true MTD is always selected)" +
    (SUMMARY_MEASURES.includes(DURATION_MEASURE) ? "; for calendar-time cells, the mean trial duration in months (days / 30.44) from the first referred patient" : "");
  return `<div class="table-wrap"><table class="numbers sweep-summary" data-table="summary"><caption>${escapeHtml(caption)}</caption><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
}

/** The duration trade-off chart's numbers: P(correct selection) and mean duration per curve and design, with SEs. */
function durationTable(layout: SweepLayout, rows: readonly SummaryRow[]): string {
  let body = "";
  const td = (key: string, r: SummaryRow, value: number | null | undefined, digits: number, cls = "num") =>
    `<td class="${cls}" data-key="${key}" data-variant="${r.v}" data-column="${r.c}"${value !== null && value !== undefined && Number.isFinite(value) ? ` data-value="${value}"` : ""}>${cls === "se" && value !== null && value !== undefined ? "±" : ""}${formatNumber(value ?? null, digits)}</td>`;
  layout.columns.forEach((col, c) => {
    const block = rows.filter((r) => r.c === c && r.meanDays !== undefined && r.meanDays !== null);
    if (block.length === 0) return;
    body += `<tr class="group"><th scope="colgroup" colspan="5">${escapeHtml(col.label)}</th></tr>`;
    for (const r of block) {
      body += `<tr><th scope="row">${escapeHtml(r.variant)}</th>${td("correctSelection", r, r.pcs, P)}${td("correctSelectionSE", r, r.pcsSE, P + 1, "se")}${td("durationMonths", r, toMonths(r.meanDays), 1)}${td("durationMonthsSE", r, toMonths(r.meanDaysSE), 2, "se")}</tr>`;
    }
  });
  const head = `<tr><th scope="col">design</th><th scope="col" class="num">P(correct selection)</th><th scope="col" class="se">± SE</th><th scope="col" class="num">mean duration (months)</th><th scope="col" class="se">± SE</th></tr>`;
  const caption = "P(correct selection) and mean trial duration in months (days / 30.44, from the first referred patient until the last follow-up ends) per curve and design, calendar-time cells";
  return `<div class="table-wrap"><table class="numbers sweep-duration" data-table="duration"><caption>${escapeHtml(caption)}</caption><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
}

function tableFor(kind: SweepChart["kind"], layout: SweepLayout, entries: readonly SweepEntry[], summary: readonly SummaryRow[]): string {
  switch (kind) {
    case "efficacy":
      return efficacySweepTable(layout, entries);
    case "efficacy-duration":
      return efficacyDurationTable(layout, entries);
    case "tradeoff":
      return summaryTable(layout, summary);
    case "duration-tradeoff":
      return durationTable(layout, summary);
    case "correct-selection":
      return matrixTable(layout, entries, "correct-selection", "P(correct selection) per design variant and curve (— where the scenario has no target)", [
        { key: "correctSelection", head: "P", digits: P, value: (e) => e.curve.correctSelection, se: (e) => e.curve.correctSelectionSE },
      ]);
    case "above-mtd":
      return matrixTable(layout, entries, "above-mtd", "Patients treated above the true MTD: mean number and share of all patients (no simulation SE is recorded for these)", [
        { key: "patientsAboveMtd", head: "mean", digits: M, value: (e) => e.curve.patientsAboveMtd },
        { key: "shareAboveMtd", head: "share", digits: P, value: (e) => e.curve.shareAboveMtd },
      ]);
    case "no-mtd":
      return matrixTable(layout, entries, "no-mtd", "P(no MTD selected) per design variant and curve", [
        { key: "noMtd", head: "P", digits: P, value: (e) => e.curve.noMtd, se: (e) => e.curve.noMtdSE },
      ]);
  }
}

// ---------------------------------------------------------------------------------------------
// The overview page

/** Options of `renderSweepHtml`. */
export interface SweepHtmlOptions {
  /** The date printed in the header; an argument so the output is reproducible. */
  readonly date: string;
  /** vega's minified build, inlined so charts become live views; without it the page is static. */
  readonly vegaScript?: string;
  /** Static SVG of each chart, by chart id (see `renderStaticSvgs`). */
  readonly staticSvg?: Readonly<Record<string, string>>;
  /** How a file named in a result is printed (default: as it is); see `relativeFile`. */
  readonly showPath?: (file: string) => string;
}

/** How the sweep's cells were computed, in words. */
function methodsText(sweep: SweepResult): string {
  const mc = sweep.cells.filter((c) => c.result.method === "monte-carlo").length;
  const exact = sweep.cells.length - mc;
  const mcText = `Monte Carlo, ${sweep.trials.toLocaleString("en-US")} trials per curve`;
  const exactText = "exact (all outcomes enumerated)";
  if (exact === 0) return mcText;
  if (mc === 0) return exactText;
  return `${exactText} for ${exact} cell${exact === 1 ? "" : "s"}; ${mcText} for ${mc} cell${mc === 1 ? "" : "s"}`;
}

const SWEEP_CSS = `
.variants td, .pages td { font-size: 12.5px; }
.pages a { color: var(--accent); }
section.pages, section.variants { margin-bottom: 22px; }
section.overview-chart { border-top: 1px solid var(--rule); padding-top: 16px; margin-top: 24px; }
section.overview-chart figure.chart { margin: 0; }
table.sweep-matrix th[scope=colgroup] { text-align: center; white-space: normal; min-width: 70px; }
table.sweep-matrix tbody th { white-space: nowrap; }
table.sweep-summary tr.group th { text-align: left; background: #f3f3f3; font-weight: 600; padding-top: 8px; }
table.sweep-summary tbody th[scope=row] { font-weight: 400; max-width: 340px; white-space: normal; }
table.sweep-summary thead th { white-space: normal; }
@media print {
  .table-wrap { overflow: visible !important; }
  table.sweep-summary, table.sweep-matrix { font-size: 8pt; }
  table.sweep-matrix tbody th, table.sweep-summary tbody th[scope=row] { white-space: normal; max-width: 220px; }
}
`;

/**
 * The overview page as one HTML document. Every name and label from a configuration is
 * HTML-escaped; chart specs are embedded as JSON with `<`, `>`, `&`, U+2028 and U+2029 escaped.
 *
 * @example renderSweepHtml(sweep, { date: "2025-01-31" }) // => "<!doctype html>..." (static, no scripts)
 */
export function renderSweepHtml(sweep: SweepResult, options: SweepHtmlOptions): string {
  if (sweep.cells.length === 0) throw new Error("renderSweepHtml: the sweep has no cells");
  const layout = sweepLayout(sweep);
  const entries = sweepEntries(sweep, layout);
  const charts = sweepCharts(sweep, layout);
  const summary = summaryRows(sweep, layout);
  const anyMc = sweep.cells.some((c) => c.result.method === "monte-carlo");
  const showPath = options.showPath ?? ((f: string) => f);
  const out: string[] = [];
  openDocument(out, sweep.sweep, sweep.doseladder, CSS + SWEEP_CSS);
  out.push(`<div class="page">`);

  const facts: [string, string][] = [
    ["Method", escapeHtml(methodsText(sweep))],
    ["Trials", anyMc ? escapeHtml(sweep.trials.toLocaleString("en-US")) + " per curve" : "— (exact)"],
    ["Seed", anyMc ? `<code>${escapeHtml(JSON.stringify(sweep.seed))}</code>` : "— (exact)"],
    ["Cells", `${sweep.cells.length} (${layout.variants.length} design variant${layout.variants.length === 1 ? "" : "s"} × ${layout.scenarios.length} scenario${layout.scenarios.length === 1 ? "" : "s"})`],
    ["Grid", sweep.gridKeys.length === 0 ? "none" : sweep.gridKeys.map((k) => `<code>${escapeHtml(k)}</code>`).join(", ")],
    ["doseladder", escapeHtml(sweep.doseladder)],
    ["Date", escapeHtml(options.date)],
  ];
  out.push(`<header class="report-header">`);
  out.push(`<p class="kicker">Dose-escalation sweep: designs compared across scenarios</p>`);
  out.push(`<h1>${escapeHtml(sweep.sweep)}</h1>`);
  out.push(`<dl class="facts">${facts.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join("")}</dl>`);
  out.push(`</header>`);

  // per-scenario pages
  out.push(`<section class="pages" id="scenarios">`);
  out.push(`<h2>Scenario reports</h2>`);
  out.push(`<p class="muted">Each page shows every design variant on one scenario side by side: selection, allocation and sample size per curve.</p>`);
  const pageRows = layout.pages
    .map((p) => {
      const sc = layout.scenarios[p.scenario];
      const cell = sc.shared ? "" : ` <span class="muted">(${escapeHtml(layout.variants[layout.cellVariant[p.positions[0]]].label)})</span>`;
      const curves = unique(p.cells.flatMap((c) => c.result.curves.map((x) => x.name)));
      return (
        `<tr><td><a href="${escapeHtml(encodeURIComponent(p.file))}" data-page="${escapeHtml(p.file)}">${escapeHtml(sc.name)}</a>${cell}</td>` +
        `<td><code>${escapeHtml(showPath(sc.file))}</code></td><td>${curves.map((c) => escapeHtml(c)).join(", ")}</td><td class="num" data-key="designs" data-value="${p.cells.length}">${p.cells.length}</td></tr>`
      );
    })
    .join("");
  out.push(
    `<div class="table-wrap"><table class="pages" data-table="pages"><thead><tr><th scope="col">scenario</th><th scope="col">file</th><th scope="col">curves</th><th scope="col" class="num">designs</th></tr></thead><tbody>${pageRows}</tbody></table></div>`,
  );
  out.push(`</section>`);

  // variants
  out.push(`<section class="variants" id="variants">`);
  out.push(`<h2>Design variants</h2>`);
  const variantRows = layout.variants
    .map((v, i) => {
      const cell = sweep.cells[layout.cellVariant.indexOf(i)].result;
      const params = Object.entries(v.params);
      return (
        `<tr><th scope="row">${escapeHtml(v.label)}</th><td>${escapeHtml(cell.design.type)}</td><td><code>${escapeHtml(showPath(cell.design.file))}</code></td>` +
        `<td>${params.length === 0 ? "—" : params.map(([k, x]) => `<code>${escapeHtml(k)}=${escapeHtml(paramText(x))}</code>`).join(", ")}</td></tr>`
      );
    })
    .join("");
  out.push(
    `<div class="table-wrap"><table class="variants" data-table="variants"><thead><tr><th scope="col">design variant</th><th scope="col">type</th><th scope="col">file</th><th scope="col">grid values</th></tr></thead><tbody>${variantRows}</tbody></table></div>`,
  );
  out.push(`</section>`);

  out.push(`<main>`);
  if (!charts.some((c) => c.kind === "correct-selection")) out.push(`<p class="muted">No scenario of this sweep has a target DLT rate, so there is no true MTD: no correct selection and no patients above it to show.</p>`);
  for (const chart of charts) {
    const svg = options.staticSvg?.[chart.id];
    out.push(`<section class="overview-chart" id="${chart.id}">`);
    out.push(`<figure class="chart wide" data-chart="${chart.id}" data-kind="${chart.kind}">`);
    out.push(`<figcaption>${escapeHtml(chart.title)}</figcaption>`);
    out.push(`<div class="plot">${svg ? `<div class="static">${prefixSvgIds(svg, `s-${chart.id}`)}</div>` : ""}<div class="live" aria-hidden="true"></div></div>`);
    out.push(`<script type="application/json" id="spec-${chart.id}">${jsonForScript(compileChart(chart.spec).spec)}</script>`);
    out.push(tableFor(chart.kind, layout, entries, summary));
    out.push(`</figure>`);
    out.push(`</section>`);
  }
  out.push(`</main>`);

  out.push(`<footer>`);
  if (anyMc) out.push(`<p>Monte Carlo results: “± SE” columns are one standard error; whiskers span ± 1.96 standard errors. Exact results have no simulation error.</p>`);
  out.push(`<p>Correct selection: selecting the true MTD, the dose whose true DLT rate is closest to the scenario’s target, or selecting no dose when every dose is overly toxic (the lowest dose’s rate ≥ 1.4 × target). A design variant is a design with one setting of the sweep’s grid values.</p>`);
  out.push(`<p>Generated by doseladder ${escapeHtml(sweep.doseladder)} on ${escapeHtml(options.date)}. Charts are vega renderings of the tables’ numbers; the file needs no network.</p>`);
  out.push(`</footer>`);
  return closeDocument(out, options.vegaScript);
}

// ---------------------------------------------------------------------------------------------
// Comparison views of a scenario page: designs as rows, in one order and one colour each

/** The design of one row of a comparison view: label, short label and colour. */
export interface ComparisonDesign {
  readonly label: string;
  readonly short: string;
  readonly color: string;
}

/** The designs of a page, in the page's order, each with its colour (`designColors`: DESIGN_PALETTE, then tableau20 beyond it). */
export function comparisonDesigns(labels: readonly string[]): ComparisonDesign[] {
  const shorts = shortLabels(labels);
  const colors = designColors(labels.length);
  return labels.map((label, i) => ({ label, short: shorts[i], color: colors[i] }));
}

/** One cell of the selection heat map. */
export interface SelectionCell {
  readonly design: string;
  readonly short: string;
  readonly category: string;
  readonly p: number;
  readonly se: number;
  readonly mtd: boolean;
}

/** The selection heat map's cells of one curve: every design × (doses, then no MTD). */
export function selectionCells(results: readonly RunResult[], curve: number, designs: readonly ComparisonDesign[]): SelectionCell[] {
  const doses = results[0].ladder.doses.map((d) => d.label);
  const categories = uniqueLabels([...doses, "no MTD"]);
  return results.flatMap((r, k) => {
    const c = r.curves[curve];
    return [
      ...c.selection.map((p, d) => ({ design: designs[k].label, short: designs[k].short, category: categories[d], p, se: c.selectionSE[d], mtd: c.trueMtd === d + 1 })),
      { design: designs[k].label, short: designs[k].short, category: categories[doses.length], p: c.noMtd, se: c.noMtdSE, mtd: c.trueMtd === 0 },
    ];
  });
}

/** The colour swatch column that starts each comparison chart: one square per design, with its short label. */
function swatchColumn(designs: readonly ComparisonDesign[]): Record<string, unknown> {
  const shorts = designs.map((d) => d.short);
  return {
    data: { values: designs.map((d) => ({ short: d.short, design: d.label })) },
    width: 12,
    height: { step: 24 },
    mark: { type: "rect", height: 12, width: 12 },
    encoding: {
      y: { field: "short", type: "nominal", sort: null, title: null, scale: { domain: shorts }, axis: { labelLimit: 280, ticks: false, domain: false, labelPadding: 6, labelFontSize: 11 } },
      color: { field: "short", type: "nominal", scale: { domain: shorts, range: designs.map((d) => d.color) }, legend: null },
      tooltip: [{ field: "design", title: "design" }],
    },
  };
}

/**
 * Selection as a heat map: one row per design (in the page's order, each led by its colour),
 * one column per dose and one for no MTD, each cell coloured on a fixed 0–1 scale and labelled
 * with its probability; the true MTD's column is outlined.
 */
export function selectionHeatmap(cells: readonly SelectionCell[], designs: readonly ComparisonDesign[]): TopLevelSpec {
  const shorts = designs.map((d) => d.short);
  const categories = unique(cells.map((c) => c.category));
  const data = cells.map((c) => ({ ...c, text: formatNumber(c.p, 2), dark: c.p > 0.55 }));
  const y = { field: "short", type: "nominal", sort: null, title: null, scale: { domain: shorts }, axis: null };
  return {
    $schema: SCHEMA,
    description: "Probability each dose is selected as the MTD, one row per design",
    config: CONFIG,
    hconcat: [
      swatchColumn(designs),
      {
        data: { values: data },
        width: { step: 66 },
        height: { step: 24 },
        encoding: {
          x: { field: "category", type: "nominal", sort: null, title: null, scale: { domain: categories }, axis: { orient: "bottom", labelAngle: 0, labelLimit: 64, labelExpr: DOSE_LABEL_LINES, labelLineHeight: 12, ticks: false, domain: false } },
          y,
        },
        layer: [
          {
            mark: { type: "rect", stroke: "#ffffff", strokeWidth: 1 },
            encoding: {
              color: { field: "p", type: "quantitative", title: "P(selected as MTD)", scale: { domain: [0, 1], scheme: "blues" }, legend: { format: ".1f", gradientLength: 160, direction: "horizontal", orient: "bottom" } },
              tooltip: [
                { field: "design", title: "design" },
                { field: "category", title: "dose" },
                { field: "p", title: "P(selected)", format: ".3f" },
                { field: "se", title: "SE", format: ".4f" },
              ],
            },
          },
          { mark: { type: "text", fontSize: 11 }, encoding: { text: { field: "text" }, color: { condition: { test: "datum.dark", value: "#ffffff" }, value: "#222222" } } },
          { transform: [{ filter: "datum.mtd" }], mark: { type: "rect", fill: null, stroke: "#b2182b", strokeWidth: 2.5 } },
        ],
      },
    ],
    spacing: 6,
    resolve: { scale: { color: "independent" } },
  } as unknown as TopLevelSpec;
}

/** Mean patients (both phases) at and above the true MTD of one design on one curve. */
export interface MtdPatientsRow {
  readonly design: string;
  readonly short: string;
  readonly at: number | null;
  readonly above: number | null;
  readonly sampleSize: number;
}

/** Patients at and above the true MTD per design; nulls without a target or for complete-information benchmarks. */
export function mtdPatientsRows(results: readonly RunResult[], curve: number, designs: readonly ComparisonDesign[]): MtdPatientsRow[] {
  return results.map((r, k) => {
    const c = r.curves[curve];
    const m = c.trueMtd;
    const at = m === null || c.patientsAboveMtd === null ? null : m === 0 ? 0 : c.patients[m - 1] + c.expansionPatients[m - 1];
    return { design: designs[k].label, short: designs[k].short, at, above: c.patientsAboveMtd, sampleSize: c.sampleSize };
  });
}

/** Patients at and above the true MTD: one stacked bar per design row, in the page's order, led by the design's colour. */
export function mtdPatientsChart(rows: readonly MtdPatientsRow[], designs: readonly ComparisonDesign[]): TopLevelSpec {
  const shorts = designs.map((d) => d.short);
  const parts = ["at the true MTD", "above the true MTD"];
  const data = rows.flatMap((r) =>
    r.at === null || r.above === null
      ? []
      : [
          { short: r.short, design: r.design, part: parts[0], order: 0, mean: r.at },
          { short: r.short, design: r.design, part: parts[1], order: 1, mean: r.above },
        ],
  );
  return {
    $schema: SCHEMA,
    description: "Mean patients treated at and above the true MTD, one row per design",
    config: CONFIG,
    hconcat: [
      swatchColumn(designs),
      {
        data: { values: data },
        width: 380,
        height: { step: 24 },
        mark: { type: "bar", height: 14 },
        encoding: {
          y: { field: "short", type: "nominal", sort: null, title: null, scale: { domain: shorts }, axis: null },
          x: { field: "mean", type: "quantitative", stack: "zero", title: "mean patients (both phases)", axis: { tickCount: 6 } },
          color: { field: "part", type: "nominal", sort: null, title: null, scale: { domain: parts, range: ["#9ecae1", "#d6604d"] }, legend: { orient: "bottom", direction: "horizontal" } },
          order: { field: "order", type: "quantitative" },
          tooltip: [
            { field: "design", title: "design" },
            { field: "part", title: "patients" },
            { field: "mean", title: "mean", format: ".2f" },
          ],
        },
      },
    ],
    spacing: 6,
    resolve: { scale: { color: "independent" } },
  } as unknown as TopLevelSpec;
}

const swatch = (d: ComparisonDesign) => `<span class="swatch" style="background:${d.color}" aria-hidden="true"></span>`;

/** The heat map's table: designs as rows (full names), doses and no MTD as columns. */
function selectionTable(cells: readonly SelectionCell[], designs: readonly ComparisonDesign[], curve: number, mc: readonly boolean[]): string {
  const categories = unique(cells.map((c) => c.category));
  const mtdCol = categories.findIndex((cat) => cells.some((c) => c.category === cat && c.mtd));
  const anyMc = mc.some(Boolean);
  const head = `<tr><th scope="col">design</th>${categories.map((c, i) => `<th scope="col" class="num${i === mtdCol ? " mtd" : ""}">${escapeHtml(c)}${i === mtdCol ? ` <span class="badge">true MTD</span>` : ""}</th>`).join("")}</tr>`;
  const body = designs
    .map((d, k) => {
      const row = cells.filter((c) => c.design === d.label);
      return `<tr><th scope="row">${swatch(d)}${escapeHtml(d.label)}</th>${row
        .map((c, i) => {
          const dose = i < categories.length - 1 ? String(i + 1) : "none";
          const se = anyMc && mc[k] ? ` <span class="se" data-key="selectionSE" data-design="${k}" data-dose="${dose}" data-value="${c.se}">±${formatNumber(c.se, 3)}</span>` : "";
          return `<td class="num${i === mtdCol ? " mtd" : ""}" data-key="${dose === "none" ? "noMtd" : "selection"}" data-design="${k}" data-dose="${dose}" data-curve="${curve}" data-value="${c.p}">${formatNumber(c.p, 3)}${se}</td>`;
        })
        .join("")}</tr>`;
    })
    .join("");
  return `<div class="table-wrap"><table class="numbers compare-selection" data-table="compare-selection"><caption>Probability each dose is selected as the MTD (rows: designs; ± one SE for Monte Carlo results)</caption><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
}

/** The patients chart's table: one row per design. */
function mtdPatientsTable(rows: readonly MtdPatientsRow[], designs: readonly ComparisonDesign[], curve: number): string {
  const td = (key: string, k: number, v: number | null) => `<td class="num" data-key="${key}" data-design="${k}" data-curve="${curve}"${v === null ? "" : ` data-value="${v}"`}>${formatNumber(v, 2)}</td>`;
  const body = rows
    .map((r, k) => `<tr><th scope="row">${swatch(designs[k])}${escapeHtml(r.design)}</th>${td("patientsAtMtd", k, r.at)}${td("patientsAboveMtd", k, r.above)}${td("sampleSize", k, r.sampleSize)}</tr>`)
    .join("");
  return `<div class="table-wrap"><table class="numbers compare-patients" data-table="compare-patients"><caption>Mean patients treated at and above the true MTD (both phases) and mean sample size, per design (— for the complete-information benchmark)</caption><thead><tr><th scope="col">design</th><th scope="col" class="num">at the true MTD</th><th scope="col" class="num">above the true MTD</th><th scope="col" class="num">mean N</th></tr></thead><tbody>${body}</tbody></table></div>`;
}

/** A comparison chart of a scenario page, with the table of its numbers. */
export interface ComparisonChart {
  readonly id: string;
  readonly curve: number;
  readonly kind: "compare-selection" | "compare-patients";
  readonly title: string;
  readonly spec: TopLevelSpec;
  readonly table: string;
}

/** The comparison charts of a page of several designs: per curve, the selection heat map and (with a target) patients at and above the MTD. */
export function comparisonCharts(results: readonly RunResult[]): ComparisonChart[] {
  const designs = comparisonDesigns(results.map((r) => r.design.name));
  const mc = results.map((r) => r.method === "monte-carlo");
  return results[0].curves.flatMap((_, curve) => {
    const cells = selectionCells(results, curve, designs);
    const out: ComparisonChart[] = [
      { id: `c${curve}-compare-selection`, curve, kind: "compare-selection", title: "Selection as MTD, one row per design (outlined: the true MTD)", spec: selectionHeatmap(cells, designs), table: selectionTable(cells, designs, curve, mc) },
    ];
    const rows = mtdPatientsRows(results, curve, designs);
    if (rows.some((r) => r.above !== null)) {
      out.push({ id: `c${curve}-compare-patients`, curve, kind: "compare-patients", title: "Patients treated at and above the true MTD, one row per design", spec: mtdPatientsChart(rows, designs), table: mtdPatientsTable(rows, designs, curve) });
    }
    return out;
  });
}

/** The designs' parameters, one row per design (its parameters wrapping in one cell), for pages of many designs. */
export function parametersByDesign(results: readonly RunResult[], designs: readonly ComparisonDesign[]): string {
  const body = results
    .map((r, k) => {
      const items = [...flattenParameters(r.design.parameters), ["method", r.method], ["trials", r.trials === null ? "exact" : String(r.trials)], ["seed", r.seed ?? "—"]] as [string, string][];
      return `<tr><th scope="row">${swatch(designs[k])}${escapeHtml(designs[k].label)}</th><td class="param-list">${items.map(([key, v]) => `<code>${escapeHtml(key)}</code>=${escapeHtml(v)}`).join("; ")}</td></tr>`;
    })
    .join("");
  return `<div class="table-wrap"><table class="params by-design" data-table="parameters"><caption>Parameters</caption><thead><tr><th scope="col">design</th><th scope="col">parameters</th></tr></thead><tbody>${body}</tbody></table></div>`;
}

/**
 * Mean patients and DLTs per dose with designs as rows (both phases; the page's charts split the
 * phases), so the table stays narrow for a dozen designs.
 */
export function allocationByDesign(results: readonly RunResult[], curve: number, designs: readonly ComparisonDesign[]): string {
  const doses = results[0].ladder.doses;
  const head = `<tr><th scope="col" rowspan="2">design</th><th scope="colgroup" colspan="${doses.length + 1}" class="num">mean patients</th><th scope="colgroup" colspan="${doses.length + 1}" class="num">mean DLTs</th></tr>` +
    `<tr>${[0, 1].map(() => doses.map((d) => `<th scope="col" class="num">${escapeHtml(d.label)}</th>`).join("") + `<th scope="col" class="num">all</th>`).join("")}</tr>`;
  const td = (key: string, k: number, dose: string, v: number) => `<td class="num" data-key="${key}" data-design="${k}" data-dose="${dose}" data-curve="${curve}" data-value="${v}">${formatNumber(v, 2)}</td>`;
  const body = results
    .map((r, k) => {
      const c = r.curves[curve];
      const n = c.patients.map((x, d) => x + c.expansionPatients[d]);
      const y = c.dlts.map((x, d) => x + c.expansionDlts[d]);
      return (
        `<tr><th scope="row">${swatch(designs[k])}${escapeHtml(designs[k].label)}</th>` +
        n.map((v, d) => td("patientsBothPhases", k, String(d + 1), v)).join("") +
        `<td class="num" data-key="sampleSize" data-design="${k}" data-curve="${curve}" data-value="${c.sampleSize}">${formatNumber(c.sampleSize, 2)}</td>` +
        y.map((v, d) => td("dltsBothPhases", k, String(d + 1), v)).join("") +
        `<td class="num" data-key="totalDlts" data-design="${k}" data-curve="${curve}" data-value="${c.totalDlts}">${formatNumber(c.totalDlts, 2)}</td></tr>`
      );
    })
    .join("");
  return `<div class="table-wrap"><table class="numbers by-design" data-table="allocation"><caption>Mean patients and DLTs per dose, both phases, per design</caption><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
}

/** Styles of the comparison views, added to a scenario page. */
export const COMPARISON_CSS = `
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; vertical-align: baseline; border-radius: 2px; }
table.compare-selection th.mtd, table.compare-selection td.mtd { background: var(--mtd); }
table.compare-selection .badge, table.compare-selection th .badge { font-size: 10px; font-weight: 600; color: #8a4b00; }
table.compare-selection td .se { color: var(--muted); font-size: 11px; }
table.compare-selection tbody th, table.compare-patients tbody th, table.by-design tbody th { white-space: normal; max-width: 420px; font-weight: 400; }
table.params.by-design td.param-list { white-space: normal; font-size: 12px; }
@media print {
  table.compare-selection, table.compare-patients, table.by-design { font-size: 8.5pt; }
  table.compare-selection th, table.compare-patients th, table.by-design th, table.by-design td { white-space: normal !important; word-break: break-word; }
}
`;

/**
 * A scenario page with several designs, with each curve's grouped selection bars replaced by the
 * comparison views (selection heat map, patients at and above the true MTD), their static SVGs
 * and tables, and the comparison styles. Pages of one design are returned unchanged.
 */
export async function withComparisonViews(html: string, results: readonly RunResult[]): Promise<string> {
  if (results.length < 2) return html;
  const charts = comparisonCharts(results);
  const compiled = charts.map((c) => ({ id: c.id, spec: compileChart(c.spec).spec }));
  const svgs = await renderStaticSvgs(compiled);
  let out = html.replace("</style>", `${COMPARISON_CSS}</style>`);
  const designs = comparisonDesigns(results.map((r) => r.design.name));
  // with more designs than fit side by side, parameters and allocation get one row per design
  const many = results.length > 3;
  const replaceTable = (from: number, name: string, table: string): number => {
    const open = `<div class="table-wrap"><table class="${name === "parameters" ? "params" : "numbers"}" data-table="${name}">`;
    const start = out.indexOf(open, from);
    if (start < 0) return -1;
    const end = out.indexOf("</table></div>", start);
    if (end < 0) return -1;
    out = out.slice(0, start) + table + out.slice(end + "</table></div>".length);
    return start + table.length;
  };
  if (many) replaceTable(0, "parameters", parametersByDesign(results, designs));
  results[0].curves.forEach((_, curve) => {
    const figures = charts
      .filter((c) => c.curve === curve)
      .map((c) => {
        const svg = svgs[c.id];
        return (
          `<figure class="chart wide compare" data-chart="${c.id}" data-kind="${c.kind}">\n<figcaption>${escapeHtml(c.title)}</figcaption>\n` +
          `<div class="plot">${svg ? `<div class="static">${prefixSvgIds(svg, `s-${c.id}`)}</div>` : ""}<div class="live" aria-hidden="true"></div></div>\n` +
          `<script type="application/json" id="spec-${c.id}">${jsonForScript(compiled.find((x) => x.id === c.id)!.spec)}</script>\n${c.table}\n</figure>`
        );
      })
      .join("\n");
    const open = `<figure class="chart wide" data-chart="c${curve}-selection" data-kind="selection">`;
    const start = out.indexOf(open);
    if (start < 0) return;
    const end = out.indexOf("</figure>", start);
    if (end < 0) return;
    out = out.slice(0, start) + figures + out.slice(end + "</figure>".length);
    if (many) {
      const fig = out.indexOf(`data-chart="c${curve}-allocation"`);
      if (fig >= 0) {
        // the by-design table replaces the first block of the allocation table; the further blocks go
        const after = replaceTable(fig, "allocation", allocationByDesign(results, curve, designs));
        const figEnd = out.indexOf("</figure>", after);
        while (after >= 0) {
          const open = `<div class="table-wrap"><table class="numbers" data-table="allocation">`;
          const start = out.indexOf(open, after);
          if (start < 0 || start > figEnd) break;
          const end = out.indexOf("</table></div>", start) + "</table></div>".length;
          out = out.slice(0, start) + out.slice(end);
        }
      }
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Building all pages

/** One page to write: its file name (relative to the sweep's directory) and content. */
export interface SweepHtmlFile {
  readonly file: string;
  readonly html: string;
}

/** The results of a page's cells, each design renamed to its unique variant label (`layout` is `sweepLayout(sweep)`). */
export function pageResults(sweep: SweepResult, layout: SweepLayout, page: SweepPage, showPath: (file: string) => string = (f) => f): RunResult[] {
  return page.positions.map((position) => {
    const cell = sweep.cells[position];
    const label = layout.variants[layout.cellVariant[position]].label;
    const r = cell.result;
    return { ...r, design: { ...r.design, name: label, file: showPath(r.design.file) }, scenario: { ...r.scenario, file: showPath(r.scenario.file) } };
  });
}

/** A link back to the overview, put at the top of a per-scenario page. */
function withBackLink(html: string): string {
  const anchor = `<div class="page">\n`;
  if (!html.includes(anchor)) return html;
  return html.replace(anchor, `${anchor}<p class="kicker"><a href="sweep.html">← sweep overview</a></p>\n`);
}

/**
 * Every page of the sweep's report, ready to write: `sweep.html` first, then the per-scenario
 * pages, each with its charts rendered to static SVG and vega inlined. `date` defaults to today (UTC).
 */
export async function buildSweepHtml(sweep: SweepResult, options: { date?: string; outDir?: string } = {}): Promise<SweepHtmlFile[]> {
  const date = options.date ?? new Date().toISOString().slice(0, 10);
  const cwd = process.cwd();
  const outDir = options.outDir ?? ".";
  const showPath = (f: string) => relativeFile(f, outDir, cwd);
  const layout = sweepLayout(sweep);
  const compiled = sweepCharts(sweep, layout).map((c) => ({ id: c.id, spec: compileChart(c.spec).spec }));
  const staticSvg = await renderStaticSvgs(compiled);
  const files: SweepHtmlFile[] = [{ file: "sweep.html", html: renderSweepHtml(sweep, { date, vegaScript: readVegaScript(), staticSvg, showPath }) }];
  for (const page of layout.pages) {
    const results = pageResults(sweep, layout, page, showPath);
    files.push({ file: page.file, html: withBackLink(await withComparisonViews(await buildHtmlReport(results, { date }), results)) });
  }
  return files;
}
