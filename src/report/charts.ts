/**
 * The report's charts as vega-lite specs. Each chart is a pure function of plain rows
 * (`(rows, options) => TopLevelSpec`) with its data inlined (`data: { values }`), so a spec
 * is a complete, offline description of one figure. `curveCharts` builds the rows of one
 * truth curve from run results; it reads result fields only and knows no design or engine.
 *
 * Several results (several designs on the same scenario) share each chart: designs are told
 * apart by colour (selection) or by one panel per design (the other charts).
 */
import type { TopLevelSpec } from "vega-lite";
import type { RunResult } from "../engine/run.js";
import { durationChart, durationRows, hasTiming, timelineChart, timelineData } from "./timeline.js";
import { dropCommonParts, labelLines, uniqueLabels } from "./labels.js";

/** The label of the "no dose selected" category, beside doses 1..K. */
export const NO_MTD = "no MTD";

/** Width and height of one chart panel, in CSS pixels. */
export const CHART_WIDTH = 400;
export const CHART_HEIGHT = 200;

/** Half-width of the shaded band around the target DLT rate, unless a report asks for another. */
export const DEFAULT_TARGET_BAND = 0.05;

/** Colours, chosen to stay legible in greyscale print. */
export const COLORS = {
  bar: "#3f6e9e",
  mtdBackground: "#f6e7b4",
  target: "#b2182b",
  band: "#f4c7c3",
  escalationNoDlt: "#a6c4e0",
  escalationDlt: "#2f5f8f",
  expansionNoDlt: "#f6c89a",
  expansionDlt: "#c4560e",
  designs: ["#3f6e9e", "#d9822b", "#4f9a5a", "#8e5ea2", "#b04a5a", "#6b6b6b"],
};

/**
 * Colours of designs in comparison views (the sweep's pages): 16 hues, distinct for a dozen
 * designs and more, dark ones first so the first designs read well in greyscale print. A design
 * keeps its colour (its position in the page's design order) in every chart of a page.
 */
export const DESIGN_PALETTE = [
  "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
  "#bcbd22", "#17becf", "#003f5c", "#f4a582", "#00a087", "#222222", "#a6761d", "#ffd92f",
] as const;

/** Colours beyond the 16 of DESIGN_PALETTE (vega's tableau20), for pages of more designs. */
const MORE_DESIGN_COLORS = ["#4c78a8", "#9ecae9", "#f58518", "#ffbf79", "#54a24b", "#88d27a", "#b79a20", "#f2cf5b", "#439894", "#83bcb6", "#e45756", "#ff9d98", "#79706e", "#bab0ac", "#d67195", "#fcbfd2", "#b279a2", "#d6a5c9", "#9e765f", "#d8b5a5"] as const;

/**
 * The colours of `n` designs in page order: design k gets the k-th colour in every chart and
 * table of a page (DESIGN_PALETTE's 16 distinct colours, then tableau20's, repeating beyond 36).
 * @example designColors(2) // => ["#1f77b4", "#ff7f0e"]
 */
export function designColors(n: number): string[] {
  return Array.from({ length: n }, (_, i) => (i < DESIGN_PALETTE.length ? DESIGN_PALETTE[i] : MORE_DESIGN_COLORS[(i - DESIGN_PALETTE.length) % MORE_DESIGN_COLORS.length]));
}

const FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";

/** Shared look: quiet axes, no chart border, the report's font. */
export const CONFIG = {
  font: FONT,
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 600, titleColor: "#333", labelColor: "#333", gridColor: "#e6e6e6", domainColor: "#888", tickColor: "#888" },
  axisX: { labelAngle: 0 },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: "bottom", direction: "horizontal", columns: 2, labelLimit: 220, columnPadding: 16 },
  header: { labelFontSize: 12, labelFontWeight: 600, labelColor: "#222" },
} as const;

/** One dose of the ladder with its true DLT probability. */
export interface TruthRow {
  readonly dose: number;
  readonly label: string;
  readonly truth: number;
  /** True when this dose is the true MTD. */
  readonly trueMtd: boolean;
}

/** The probability one design selects one category (a dose, or NO_MTD) as the MTD. */
export interface SelectionRow {
  readonly design: string;
  readonly label: string;
  readonly p: number;
  /** Standard error (0 for exact results). */
  readonly se: number;
  readonly trueMtd: boolean;
}

/** Mean patients of one design at one dose, split by phase and by DLT. */
export interface AllocationRow {
  readonly design: string;
  readonly label: string;
  readonly part: AllocationPart;
  readonly mean: number;
}

/** The stacked parts of a dose's mean patients. */
export const ALLOCATION_PARTS = ["escalation, no DLT", "escalation, DLT", "expansion, no DLT", "expansion, DLT"] as const;
export type AllocationPart = (typeof ALLOCATION_PARTS)[number];

/** The probability that one design's trial enrols `n` patients in all. */
export interface SampleSizeRow {
  readonly design: string;
  readonly n: number;
  readonly p: number;
}

/** One design's expansion outcome at one category (a dose, or NO_MTD). */
export interface ExpansionRow {
  readonly design: string;
  readonly label: string;
  readonly measure: ExpansionMeasure;
  readonly p: number;
}

export const EXPANSION_MEASURES = ["MTD after escalation", "MTD after expansion", "stopped in expansion"] as const;
export type ExpansionMeasure = (typeof EXPANSION_MEASURES)[number];

/**
 * A vega expression breaking an axis label at its spaces into at most 3 lines, the third ending
 * in "…" when words remain (a 300-character label must not become 50 lines of tick labels).
 */
export const DOSE_LABEL_LINES =
  "length(split(datum.label, ' ')) > 3 ? [split(datum.label, ' ')[0], split(datum.label, ' ')[1], split(datum.label, ' ')[2] + '…'] : split(datum.label, ' ')";

/** Dose axes break a label at its spaces ("DL1 2e6" over two lines) so long ladders stay legible. */
const DOSE_AXIS = { labelLimit: 120, labelExpr: DOSE_LABEL_LINES, labelLineHeight: 12 };

/*
 * Categories are ordered by explicit scale domains (plain data in the vega spec), never by
 * sort arrays, which vega-lite turns into expressions with the labels inside: a label with a
 * line separator in it would not parse there.
 */

/** Unique values in order of first appearance. */
const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

/** Wrap a single-panel spec into one panel per design when there is more than one design. */
function perDesign(data: readonly { design: string }[], panel: Record<string, unknown>, title: string): TopLevelSpec {
  const designs = unique(data.map((r) => r.design));
  const base = { $schema: "https://vega.github.io/schema/vega-lite/v6.json", config: CONFIG };
  if (designs.length <= 1) return { ...base, data: { values: data }, ...panel, description: title } as unknown as TopLevelSpec;
  const { width, height, ...inner } = panel;
  const f = designFacet(designs, Number(width), Number(height));
  return {
    ...base,
    data: { values: f.rows(data) },
    description: title,
    facet: f.facet,
    columns: f.columns,
    spec: { width: f.width, height: f.height, ...inner },
    resolve: { axis: { x: "independent" } },
  } as unknown as TopLevelSpec;
}

/** Joins the lines of a panel header in the data; the header's labelExpr splits them again. */
const PANEL_LINE = " ¦ ";

/** Designs beyond which per-design panels wrap, four a row, at a smaller size. */
const WRAP_DESIGNS = 3;

/**
 * Small multiples with one panel per design, in the designs' order (the order of the page's
 * tables, never alphabetical), each headed by the design's short label (`dropCommonParts`, then
 * `labelLines`: the full name is in the tables and in each mark's tooltip). Up to three designs sit side by side
 * at 3/4 of `width`; more wrap four a row in panels of 200 × 130 px, so a dozen designs stay
 * legible and no header runs into its neighbour.
 */
/** Characters of a per-design panel header line, at most about 7 px each in the 11 px header font (capitals and wide letters included, so that vega never cuts a header itself). */
export function panelChars(panelWidth: number): number {
  return Math.max(12, Math.floor(panelWidth / 7));
}

export function designFacet(designs: readonly string[], width: number, height: number) {
  const many = designs.length > WRAP_DESIGNS;
  const panelWidth = many ? 200 : Math.round(width * 0.75);
  // the name, then the grid values on a second line
  const shorts = uniqueLabels(dropCommonParts(designs).map((d) => labelLines(d, panelChars(panelWidth)).join(PANEL_LINE)));
  return {
    width: panelWidth,
    height: many ? 130 : height,
    columns: many ? 4 : designs.length,
    facet: {
      field: "panel",
      type: "nominal",
      sort: { field: "designIndex", op: "min" },
      title: null,
      header: { labelLimit: panelWidth + 20, labelFontSize: 11, labelExpr: `split(datum.label, '${PANEL_LINE}')`, labelLineHeight: 13 },
    },
    /** The rows with the panel's short label and the design's position added. */
    rows: <T extends { design: string }>(data: readonly T[]) => data.map((r) => ({ ...r, panel: shorts[designs.indexOf(r.design)], designIndex: designs.indexOf(r.design) })),
  };
}

/**
 * The dose ladder: true DLT probability per dose (line and points), the true MTD drawn as a
 * larger point, and, when the scenario has a target, a rule at the target with a shaded band
 * of ± `band` around it.
 */
export function truthChart(rows: readonly TruthRow[], options: { target: number | null; band?: number }): TopLevelSpec {
  const labels = rows.map((r) => r.label);
  const band = options.band ?? DEFAULT_TARGET_BAND;
  const x = { field: "label", type: "ordinal", sort: null, scale: { domain: labels }, title: "dose", axis: DOSE_AXIS };
  const yMax = Math.min(1, Math.max(0.1, ...rows.map((r) => r.truth), (options.target ?? 0) + band) + 0.05);
  const y = { field: "truth", type: "quantitative", title: "true P(DLT)", scale: { domain: [0, yMax], nice: false }, axis: { format: ".2f", tickCount: 5 } };
  const layers: unknown[] = [];
  if (options.target !== null) {
    const t = options.target;
    layers.push(
      {
        data: { values: [{ lo: Math.max(0, t - band), hi: Math.min(1, t + band) }] },
        mark: { type: "rect", color: COLORS.band, opacity: 0.55 },
        encoding: { y: { field: "lo", type: "quantitative" }, y2: { field: "hi" } },
      },
      {
        data: { values: [{ target: t, text: `target ${t}` }] },
        layer: [
          { mark: { type: "rule", color: COLORS.target, strokeDash: [5, 3] }, encoding: { y: { field: "target", type: "quantitative" } } },
          {
            // right of the plot, where no point's "true MTD" label reaches
            mark: { type: "text", color: COLORS.target, align: "left", baseline: "middle", dx: 4, fontSize: 10, x: CHART_WIDTH },
            encoding: { y: { field: "target", type: "quantitative" }, text: { field: "text" } },
          },
        ],
      },
    );
  }
  layers.push(
    { mark: { type: "line", color: COLORS.bar, strokeWidth: 2 }, encoding: { x, y } },
    {
      mark: { type: "point", filled: true, color: COLORS.bar },
      encoding: {
        x,
        y,
        size: { condition: { test: "datum.trueMtd", value: 150 }, value: 50 },
        shape: { condition: { test: "datum.trueMtd", value: "diamond" }, value: "circle" },
        tooltip: [
          { field: "label", title: "dose" },
          { field: "truth", title: "true P(DLT)", format: ".3f" },
        ],
      },
    },
    {
      transform: [{ filter: "datum.trueMtd" }],
      mark: { type: "text", dy: -12, fontSize: 10, fontWeight: 600, color: "#333" },
      encoding: { x, y, text: { value: "true MTD" } },
    },
  );
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    description: "True DLT probability per dose",
    config: CONFIG,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    data: { values: rows },
    layer: layers,
  } as unknown as TopLevelSpec;
}

/**
 * Selection probability of each dose as the MTD, plus NO_MTD, as bars with ± 1.96 SE whiskers
 * (Monte Carlo) and the true MTD's column shaded. Several designs stand side by side in each
 * column, coloured by design.
 */
export function selectionChart(rows: readonly SelectionRow[]): TopLevelSpec {
  const labels = unique(rows.map((r) => r.label));
  const designs = unique(rows.map((r) => r.design));
  const multi = designs.length > 1;
  const x = { field: "label", type: "ordinal", sort: null, title: null, axis: DOSE_AXIS, scale: { domain: labels, paddingInner: 0.2 } };
  const data = rows.map((r) => ({ ...r, lo: Math.max(0, r.p - 1.96 * r.se), hi: Math.min(1, r.p + 1.96 * r.se) }));
  const mtd = unique(rows.filter((r) => r.trueMtd).map((r) => r.label)).map((label) => ({ label, top: 1 }));
  const color = multi
    ? { field: "design", type: "nominal", sort: null, title: null, scale: { domain: designs, range: designColors(designs.length) }, legend: { columns: 1, labelLimit: 400 } }
    : { value: COLORS.bar };
  const xOffset = multi ? { xOffset: { field: "design", type: "nominal", sort: null, scale: { domain: designs } } } : {};
  const y = { field: "p", type: "quantitative", title: "P(selected as MTD)", scale: { domain: [0, 1] }, axis: { format: ".1f", tickCount: 5 } };
  const layers: unknown[] = [
    {
      data: { values: mtd },
      layer: [
        { mark: { type: "bar", color: COLORS.mtdBackground, opacity: 0.8 }, encoding: { x, y: { field: "top", type: "quantitative" } } },
        {
          // above the plot, where no bar's value label reaches (labels of bars near 1 sit inside the bar)
          mark: { type: "text", baseline: "bottom", dy: -3, fontSize: 10, fontWeight: 600, color: "#6b5a1e" },
          encoding: { x, y: { field: "top", type: "quantitative" }, text: { value: "true MTD" } },
        },
      ],
    },
    {
      mark: { type: "bar" },
      encoding: {
        x,
        ...xOffset,
        y,
        color,
        tooltip: [
          { field: "design", title: "design" },
          { field: "label", title: "dose" },
          { field: "p", title: "P(selected)", format: ".3f" },
          { field: "se", title: "SE", format: ".4f" },
        ],
      },
    },
  ];
  if (rows.some((r) => r.se > 0)) {
    layers.push({
      mark: { type: "rule", color: "#222", strokeWidth: 1 },
      encoding: { x, ...xOffset, y: { field: "lo", type: "quantitative" }, y2: { field: "hi" } },
    });
  }
  layers.push(
    {
      transform: [{ filter: "datum.hi <= 0.9" }],
      mark: { type: "text", baseline: "bottom", dy: -2, fontSize: 9, color: "#333" },
      encoding: { x, ...xOffset, y: { field: "hi", type: "quantitative" }, text: { field: "p", format: ".2f" } },
    },
    {
      transform: [{ filter: "datum.hi > 0.9" }],
      mark: { type: "text", baseline: "top", dy: 3, fontSize: 9, color: "#ffffff" },
      encoding: { x, ...xOffset, y: { field: "p", type: "quantitative" }, text: { field: "p", format: ".2f" } },
    },
  );
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    description: "Probability of selecting each dose as the MTD",
    config: CONFIG,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    data: { values: data },
    layer: layers,
  } as unknown as TopLevelSpec;
}

/**
 * Mean patients per dose as stacked bars: the dark part of each phase is the mean number of
 * DLTs, so a bar's height is the mean patients treated at the dose. Expansion parts appear
 * only when some row has expansion patients.
 */
export function allocationChart(rows: readonly AllocationRow[]): TopLevelSpec {
  const labels = unique(rows.map((r) => r.label));
  const parts = ALLOCATION_PARTS.filter((p) => rows.some((r) => r.part === p && r.mean > 0) || p.startsWith("escalation"));
  const range = parts.map((p) => ({
    "escalation, no DLT": COLORS.escalationNoDlt,
    "escalation, DLT": COLORS.escalationDlt,
    "expansion, no DLT": COLORS.expansionNoDlt,
    "expansion, DLT": COLORS.expansionDlt,
  })[p]);
  const data = rows.filter((r) => parts.includes(r.part)).map((r) => ({ ...r, order: parts.indexOf(r.part) }));
  return perDesign(
    data,
    {
      width: CHART_WIDTH,
      height: CHART_HEIGHT,
      mark: { type: "bar" },
      encoding: {
        x: { field: "label", type: "ordinal", sort: null, scale: { domain: labels }, title: "dose", axis: DOSE_AXIS },
        y: { field: "mean", type: "quantitative", title: "mean patients", stack: "zero" },
        color: { field: "part", type: "nominal", sort: null, title: null, scale: { domain: parts, range } },
        order: { field: "order", type: "quantitative" },
        tooltip: [
          { field: "design", title: "design" },
          { field: "label", title: "dose" },
          { field: "part", title: "part" },
          { field: "mean", title: "mean patients", format: ".2f" },
        ],
      },
    },
    "Mean patients and DLTs per dose",
  );
}

/** Distribution of the total sample size: P(N = n) as bars, one panel per design. */
export function sampleSizeChart(rows: readonly SampleSizeRow[]): TopLevelSpec {
  const ns = unique(rows.map((r) => r.n)).sort((a, b) => a - b);
  const lo = ns[0] ?? 0;
  const hi = ns[ns.length - 1] ?? 1;
  // the spacing of the sizes that occur (3 for cohorts of 3), so bars fill their slot
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const step = Math.max(1, ns.slice(1).reduce((g, n, i) => gcd(g, n - ns[i]), 0));
  const designs = unique(rows.map((r) => r.design)).length;
  const width = designs > 1 ? Math.round(CHART_WIDTH * 0.75) : CHART_WIDTH;
  const barWidth = Math.max(2, Math.floor((0.75 * width * step) / (hi - lo + 2 * step)));
  return perDesign(
    rows,
    {
      width: CHART_WIDTH,
      height: CHART_HEIGHT,
      mark: { type: "bar", color: COLORS.bar, width: barWidth },
      encoding: {
        x: { field: "n", type: "quantitative", title: "total patients (both phases)", scale: { domain: [Math.max(0, lo - step), hi + step], nice: false }, axis: { tickMinStep: step, format: "d" } },
        y: { field: "p", type: "quantitative", title: "probability", axis: { format: ".2f", tickCount: 5 } },
        tooltip: [
          { field: "design", title: "design" },
          { field: "n", title: "patients" },
          { field: "p", title: "probability", format: ".4f" },
        ],
      },
    },
    "Distribution of the total sample size",
  );
}

/**
 * Expansion outcomes per dose: the MTD chosen by escalation, the MTD after expansion, and the
 * probability that expansion monitoring stopped the dose, as grouped bars.
 */
export function expansionChart(rows: readonly ExpansionRow[]): TopLevelSpec {
  const labels = unique(rows.map((r) => r.label));
  return perDesign(
    rows,
    {
      width: CHART_WIDTH,
      height: CHART_HEIGHT,
      mark: { type: "bar" },
      encoding: {
        x: { field: "label", type: "ordinal", sort: null, scale: { domain: labels }, title: null, axis: DOSE_AXIS },
        xOffset: { field: "measure", type: "nominal", sort: null, scale: { domain: [...EXPANSION_MEASURES] } },
        y: { field: "p", type: "quantitative", title: "probability", scale: { domain: [0, 1] }, axis: { format: ".1f", tickCount: 5 } },
        color: {
          field: "measure",
          type: "nominal",
          title: null,
          scale: { domain: [...EXPANSION_MEASURES], range: [COLORS.escalationNoDlt, COLORS.bar, COLORS.expansionDlt] },
        },
        tooltip: [
          { field: "design", title: "design" },
          { field: "label", title: "dose" },
          { field: "measure", title: "measure" },
          { field: "p", title: "probability", format: ".3f" },
        ],
      },
    },
    "Expansion outcomes per dose",
  );
}

/** One chart of a report: a stable id, a caption and its vega-lite spec. */
export interface ReportChart {
  readonly id: string;
  readonly kind: "truth" | "selection" | "allocation" | "sample-size" | "expansion" | "duration" | "timeline" | "efficacy";
  readonly title: string;
  readonly spec: TopLevelSpec;
}

/**
 * Dose labels for the charts' categorical axes: the ladder's labels when they are unique and
 * distinct from NO_MTD, otherwise numbered ("1. DL1") so no two doses share a column.
 */
export function axisLabels(labels: readonly string[]): string[] {
  const clash = new Set(labels).size !== labels.length || labels.includes(NO_MTD);
  return clash ? labels.map((l, i) => `${i + 1}. ${l}`) : [...labels];
}

/** Design names made unique ("A", "A (2)") so charts can tell designs apart. */
export function designLabels(results: readonly RunResult[]): string[] {
  const seen = new Map<string, number>();
  return results.map((r) => {
    const k = (seen.get(r.design.name) ?? 0) + 1;
    seen.set(r.design.name, k);
    return k === 1 ? r.design.name : `${r.design.name} (${k})`;
  });
}

/** True when the results carry the expansion metrics (`escalationMtd<d>`, `expansionStopped<d>`). */
export function hasExpansion(results: readonly RunResult[], curve: number): boolean {
  return results.some((r) => r.curves[curve] && r.curves[curve].metrics.expansionStarted !== undefined);
}

/** The charts of curve `curve` (an index into each result's curves), in report order. */
export function curveCharts(results: readonly RunResult[], curve: number, options: { band?: number } = {}): ReportChart[] {
  const first = results[0];
  const c0 = first.curves[curve];
  const labels = axisLabels(first.ladder.doses.map((d) => d.label));
  const names = designLabels(results);
  const id = (kind: string) => `c${curve}-${kind}`;
  const charts: ReportChart[] = [];
  charts.push({
    id: id("truth"),
    kind: "truth",
    title: "Dose ladder: true DLT probabilities",
    spec: truthChart(
      labels.map((label, i) => ({ dose: i + 1, label, truth: c0.truth[i], trueMtd: c0.trueMtd === i + 1 })),
      { target: first.target, band: options.band },
    ),
  });
  const selection: SelectionRow[] = [];
  const allocation: AllocationRow[] = [];
  const sizes: SampleSizeRow[] = [];
  const expansion: ExpansionRow[] = [];
  results.forEach((r, k) => {
    const c = r.curves[curve];
    const design = names[k];
    labels.forEach((label, i) => {
      selection.push({ design, label, p: c.selection[i], se: c.selectionSE[i], trueMtd: c.trueMtd === i + 1 });
      const parts: [AllocationPart, number][] = [
        ["escalation, no DLT", c.patients[i] - c.dlts[i]],
        ["escalation, DLT", c.dlts[i]],
        ["expansion, no DLT", c.expansionPatients[i] - c.expansionDlts[i]],
        ["expansion, DLT", c.expansionDlts[i]],
      ];
      for (const [part, mean] of parts) allocation.push({ design, label, part, mean: Math.max(0, mean) });
      if (c.metrics.expansionStarted !== undefined) {
        expansion.push(
          { design, label, measure: "MTD after escalation", p: c.metrics[`escalationMtd${i + 1}`] ?? 0 },
          { design, label, measure: "MTD after expansion", p: c.selection[i] },
          { design, label, measure: "stopped in expansion", p: c.metrics[`expansionStopped${i + 1}`] ?? 0 },
        );
      }
    });
    // trueMtd 0: every dose is overly toxic, so selecting no dose is the correct selection
    selection.push({ design, label: NO_MTD, p: c.noMtd, se: c.noMtdSE, trueMtd: c.trueMtd === 0 });
    if (c.metrics.expansionStarted !== undefined) {
      expansion.push(
        { design, label: NO_MTD, measure: "MTD after escalation", p: c.metrics.escalationNoMtd ?? 0 },
        { design, label: NO_MTD, measure: "MTD after expansion", p: c.noMtd },
      );
    }
    for (const s of c.sampleSizeDistribution) sizes.push({ design, n: s.n, p: s.p });
  });
  charts.push({ id: id("selection"), kind: "selection", title: "Selection as MTD", spec: selectionChart(selection) });
  charts.push({ id: id("allocation"), kind: "allocation", title: "Patients and DLTs per dose (means)", spec: allocationChart(allocation) });
  charts.push({ id: id("sample-size"), kind: "sample-size", title: "Distribution of the total sample size", spec: sampleSizeChart(sizes) });
  if (expansion.length > 0) charts.push({ id: id("expansion"), kind: "expansion", title: "Expansion outcomes", spec: expansionChart(expansion) });
  // calendar time (timed runs): src/report/timeline.ts
  if (hasTiming(results, curve)) {
    charts.push({ id: id("duration"), kind: "duration", title: "Distribution of the trial duration and of the time to the MTD decision", spec: durationChart(durationRows(results, names, curve)) });
    const { rows, marks } = timelineData(first, curve);
    if (rows.length > 0) charts.push({ id: id("timeline"), kind: "timeline", title: "One simulated trial, patient by patient", spec: timelineChart(rows, marks, first.ladder.doses.map((d) => d.label)) });
  }
  return charts;
}
