/**
 * The efficacy block of a curve (src/efficacy/summary.ts) in the HTML reports: designs with an
 * efficacy-guided expansion (`efficacy-expansion`) add, per curve of the single-run report, a
 * chart of P(recommended dose) per dose beside the true response and DLT curves (with the
 * target and the efficacy threshold p0), and its tables; the sweep overview adds a chart of
 * P(recommending the optimal dose) against the patients treated, and a table of every design
 * variant's efficacy statistics per curve. Every numeric cell carries `data-value` (full
 * precision) and `data-key`; reports of designs without the block are unchanged.
 *
 * Kept apart from html.ts and sweep-html.ts, which call it through one line each.
 */
import type { TopLevelSpec } from "vega-lite";
import type { RunResult } from "../engine/run.js";
import type { EfficacySummary } from "../efficacy/summary.js";
import type { ReportChart } from "./charts.js";
import { COLORS, CONFIG, DESIGN_PALETTE, DOSE_LABEL_LINES } from "./charts.js";
import { escapeHtml, formatNumber } from "./html.js";
import type { SweepEntry, SweepLayout } from "./sweep-html.js";
import { DAYS_PER_MONTH } from "../config/timing.js";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
const P = 3;
const M = 2;
const NO_DOSE = "no dose";
const RESPONSE_COLOR = "#2e7d32";
const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

/** The efficacy threshold p0 of a result's expansion (futility or Simon), or null without one. */
function thresholdOf(r: RunResult): number | null {
  const cfg = (r.design.parameters as { efficacyExpansion?: { efficacy?: { rule: string; p0?: number } } }).efficacyExpansion;
  return cfg?.efficacy?.rule === "futility" && typeof cfg.efficacy.p0 === "number" ? cfg.efficacy.p0 : null;
}

/** One bar of the efficacy chart: P(recommended) of a dose (or no dose) under a design. */
export interface EfficacyBarRow {
  readonly design: string;
  readonly label: string;
  readonly p: number;
  readonly se: number;
  readonly optimal: boolean;
}

/** One point of the truth lines: the true response or DLT rate of a dose. */
export interface EfficacyTruthRow {
  readonly label: string;
  readonly rate: number;
  readonly what: "true P(response)" | "true P(DLT)";
}

/**
 * P(recommended dose) per dose and no dose (bars, several designs side by side, ± 1.96 SE
 * whiskers for Monte Carlo), the true optimal dose's column shaded, and on the same 0-1 axis the
 * true response (green) and DLT (red) rates per dose, with rules at the target DLT rate and at
 * the efficacy threshold p0.
 */
export function efficacyChart(bars: readonly EfficacyBarRow[], truth: readonly EfficacyTruthRow[], options: { target: number | null; p0: number | null }): TopLevelSpec {
  const labels = unique(bars.map((r) => r.label));
  const designs = unique(bars.map((r) => r.design));
  const multi = designs.length > 1;
  const x = { field: "label", type: "ordinal", sort: null, title: null, axis: { labelLimit: 120, labelExpr: DOSE_LABEL_LINES, labelLineHeight: 12 }, scale: { domain: labels, paddingInner: 0.2 } };
  const y = { field: "p", type: "quantitative", title: "P(recommended) · true rates", scale: { domain: [0, 1] }, axis: { format: ".1f", tickCount: 5 } };
  const data = bars.map((r) => ({ ...r, lo: Math.max(0, r.p - 1.96 * r.se), hi: Math.min(1, r.p + 1.96 * r.se) }));
  const optimal = unique(bars.filter((r) => r.optimal).map((r) => r.label)).map((label) => ({ label, top: 1 }));
  const color = multi ? { field: "design", type: "nominal", sort: null, title: null, scale: { domain: designs, range: [...DESIGN_PALETTE] }, legend: { columns: 1, labelLimit: 400 } } : { value: COLORS.bar };
  const xOffset = multi ? { xOffset: { field: "design", type: "nominal", sort: null, scale: { domain: designs } } } : {};
  const layers: unknown[] = [
    {
      data: { values: optimal },
      layer: [
        { mark: { type: "bar", color: COLORS.mtdBackground, opacity: 0.8 }, encoding: { x, y: { field: "top", type: "quantitative" } } },
        { mark: { type: "text", baseline: "top", dy: 3, fontSize: 10, fontWeight: 600, color: "#6b5a1e" }, encoding: { x, y: { field: "top", type: "quantitative" }, text: { value: "optimal dose" } } },
      ],
    },
    {
      mark: { type: "bar", opacity: 0.85 },
      encoding: {
        x,
        ...xOffset,
        y,
        color,
        tooltip: [
          { field: "design", title: "design" },
          { field: "label", title: "dose" },
          { field: "p", title: "P(recommended)", format: ".3f" },
          { field: "se", title: "SE", format: ".4f" },
        ],
      },
    },
  ];
  if (bars.some((r) => r.se > 0)) layers.push({ mark: { type: "rule", color: "#222", strokeWidth: 1 }, encoding: { x, ...xOffset, y: { field: "lo", type: "quantitative" }, y2: { field: "hi" } } });
  const rules: { at: number; text: string; color: string; dash: number[] }[] = [];
  if (options.target !== null) rules.push({ at: options.target, text: `target ${options.target}`, color: COLORS.target, dash: [5, 3] });
  if (options.p0 !== null) rules.push({ at: options.p0, text: `p0 ${options.p0}`, color: RESPONSE_COLOR, dash: [2, 2] });
  // the target's label on the right, p0's on the left, so that close values never overlap
  rules.forEach((r, i) => {
    const side = i === 0 && options.target !== null ? { align: "right", x: "width" } : { align: "left", x: 2 };
    layers.push({
      data: { values: [r] },
      layer: [
        { mark: { type: "rule", color: r.color, strokeDash: r.dash }, encoding: { y: { field: "at", type: "quantitative" } } },
        { mark: { type: "text", color: r.color, baseline: "bottom", dy: -2, fontSize: 10, ...side }, encoding: { y: { field: "at", type: "quantitative" }, text: { field: "text" } } },
      ],
    });
  });
  const whatColor = { field: "what", type: "nominal", title: null, scale: { domain: ["true P(response)", "true P(DLT)"], range: [RESPONSE_COLOR, COLORS.target] }, legend: { orient: "bottom", title: null, symbolType: "stroke" } };
  const tx = { ...x, scale: { domain: labels, paddingInner: 0.2 } };
  const ty = { field: "rate", type: "quantitative" };
  layers.push({
    data: { values: truth },
    layer: [
      { mark: { type: "line", strokeWidth: 2 }, encoding: { x: tx, y: ty, stroke: whatColor, detail: { field: "what" } } },
      {
        mark: { type: "point", filled: true, size: 45 },
        encoding: { x: tx, y: ty, fill: whatColor, tooltip: [{ field: "label", title: "dose" }, { field: "what", title: "rate" }, { field: "rate", title: "value", format: ".3f" }] },
      },
    ],
  });
  return {
    $schema: SCHEMA,
    description: "P(recommended dose) per dose after the efficacy-guided expansion, with the true response and DLT rates",
    config: CONFIG,
    width: 400,
    height: 220,
    data: { values: data },
    layer: layers,
    resolve: { scale: { color: "independent" } },
  } as unknown as TopLevelSpec;
}

/** The chart of one curve of a report, when a result has an efficacy block there (else none). */
export function efficacyReportCharts(results: readonly RunResult[], curve: number, names: readonly string[]): ReportChart[] {
  const withBlock = results.map((r, k) => ({ r, k, e: r.curves[curve].efficacy })).filter((x): x is { r: RunResult; k: number; e: EfficacySummary } => x.e !== undefined);
  if (withBlock.length === 0) return [];
  const r0 = results[0];
  const labels = r0.ladder.doses.map((d) => d.label);
  const bars: EfficacyBarRow[] = withBlock.flatMap(({ k, e }) => [
    ...labels.map((label, d) => ({ design: names[k], label, p: e.recommended[d], se: e.recommendedSE[d], optimal: e.optimalDose === d + 1 })),
    { design: names[k], label: NO_DOSE, p: e.noDose, se: e.noDoseSE, optimal: e.optimalDose === 0 },
  ]);
  const e0 = withBlock[0].e;
  const truth: EfficacyTruthRow[] = [
    ...labels.map((label, d) => ({ label, rate: e0.response[d], what: "true P(response)" as const })),
    ...labels.map((label, d) => ({ label, rate: r0.curves[curve].truth[d], what: "true P(DLT)" as const })),
  ];
  const p0s = unique(withBlock.map(({ r }) => thresholdOf(r)));
  return [
    {
      id: `c${curve}-efficacy`,
      kind: "efficacy",
      title: "Efficacy expansion: P(recommended dose), with the true response and DLT rates",
      spec: efficacyChart(bars, truth, { target: r0.target, p0: p0s.length === 1 ? p0s[0] : null }),
    },
  ];
}

/** A numeric cell: its full value in data-value, with data-key, data-design and data-dose. */
function td(value: number | null | undefined, digits: number, key: string, design: number, dose?: string, cls = "num"): string {
  const ok = value !== null && value !== undefined && Number.isFinite(value);
  const attrs = ` data-key="${escapeHtml(key)}" data-design="${design}"${dose !== undefined ? ` data-dose="${escapeHtml(dose)}"` : ""}${ok ? ` data-value="${value}"` : ""}`;
  const text = cls === "se" ? (ok ? `±${formatNumber(value, digits)}` : "") : formatNumber(value, digits);
  return `<td class="${cls}"${attrs}>${text}</td>`;
}

/** The per-dose measures of the report's efficacy table: key, heading, digits, value, SE. */
const DOSE_MEASURES: readonly { key: string; head: string; digits: number; value: (e: EfficacySummary, d: number) => number; se: (e: EfficacySummary, d: number) => number }[] = [
  { key: "effRecommended", head: "P(recommend)", digits: P, value: (e, d) => e.recommended[d], se: (e, d) => e.recommendedSE[d] },
  { key: "effExpanded", head: "P(expanded)", digits: P, value: (e, d) => e.expanded[d], se: (e, d) => e.expandedSE[d] },
  { key: "effFutilityStop", head: "P(futility stop)", digits: P, value: (e, d) => e.futilityStop[d], se: (e, d) => e.futilityStopSE[d] },
  { key: "effToxicityStop", head: "P(tox stop)", digits: P, value: (e, d) => e.toxicityStop[d], se: (e, d) => e.toxicityStopSE[d] },
  { key: "effExpansionPatients", head: "exp. patients", digits: M, value: (e, d) => e.expansionPatients[d], se: (e, d) => e.expansionPatientsSE[d] },
  { key: "effResponders", head: "exp. responders", digits: M, value: (e, d) => e.responders[d], se: (e, d) => e.respondersSE[d] },
];

/** The curve-level measures (report summary rows; the sweep's columns). */
const CURVE_MEASURES: readonly { key: string; head: string; digits: number; value: (e: EfficacySummary) => number | null; se: (e: EfficacySummary) => number | null }[] = [
  { key: "effOptimalDoseRecommended", head: "P(recommend the optimal dose)", digits: P, value: (e) => e.optimalDoseRecommended, se: (e) => e.optimalDoseRecommendedSE },
  { key: "effNoDose", head: "P(no dose recommended)", digits: P, value: (e) => e.noDose, se: (e) => e.noDoseSE },
  { key: "effTwoDoses", head: "P(two doses expanded)", digits: P, value: (e) => e.twoDoses, se: (e) => e.twoDosesSE },
  { key: "effBetterOfTwo", head: "P(two expanded, the better recommended)", digits: P, value: (e) => e.betterOfTwo, se: (e) => e.betterOfTwoSE },
  { key: "effBetterGivenTwo", head: "P(the better recommended | two expanded)", digits: P, value: (e) => e.betterGivenTwo, se: (e) => e.betterGivenTwoSE },
  { key: "effExpectedExpansionPatients", head: "expansion patients", digits: M, value: (e) => e.expectedExpansionPatients, se: (e) => e.expectedExpansionPatientsSE },
  { key: "effExpectedPatients", head: "patients in all", digits: M, value: (e) => e.expectedPatients, se: (e) => e.expectedPatientsSE },
  { key: "effExpectedResponders", head: "expansion responders", digits: M, value: (e) => e.expectedResponders, se: (e) => e.expectedRespondersSE },
];

const optimalText = (e: EfficacySummary, labels: readonly string[]) => (e.optimalDose === 0 ? "none (no dose is safe enough)" : `dose ${e.optimalDose} (${labels[e.optimalDose - 1]})`);

/**
 * The tables under a curve's efficacy chart: per dose (rows) and design (column groups) the
 * probabilities of recommendation, expansion and stopping and the expected expansion patients and
 * responders; then one row per curve-level statistic (P(recommending the optimal dose), better of
 * two, patients, responders). "± SE" columns for Monte Carlo results.
 */
export function efficacyReportTable(results: readonly RunResult[], curve: number, names: readonly string[]): string {
  const shown = results.map((r, k) => ({ r, k, e: r.curves[curve].efficacy })).filter((x): x is { r: RunResult; k: number; e: EfficacySummary } => x.e !== undefined);
  if (shown.length === 0) return "";
  const r0 = results[0];
  const labels = r0.ladder.doses.map((d) => d.label);
  const mc = (r: RunResult) => r.method === "monte-carlo";
  const anyMc = shown.some(({ r }) => mc(r));
  const multi = results.length > 1;
  // several designs side by side: the four measures that tell the designs apart (P(expanded) and responders are in the JSON and CSV)
  const MEASURES = multi ? DOSE_MEASURES.filter((m) => m.key !== "effExpanded" && m.key !== "effResponders") : DOSE_MEASURES;
  const span = MEASURES.length * (anyMc ? 2 : 1);
  const e0 = shown[0].e;
  // per dose
  let head = multi ? `<tr class="design-span"><th colspan="3"></th>${shown.map(({ k }) => `<th scope="colgroup" colspan="${span}">${escapeHtml(names[k])}</th>`).join("")}</tr>` : "";
  head += `<tr><th scope="col">dose</th><th scope="col">label</th><th scope="col" class="num">true P(response)</th>${shown
    .map(() => MEASURES.map((m) => `<th scope="col" class="num">${escapeHtml(m.head)}</th>${anyMc ? `<th scope="col" class="se">± SE</th>` : ""}`).join(""))
    .join("")}</tr>`;
  let body = "";
  labels.forEach((label, d) => {
    const mark = shown.some(({ e }) => e.optimalDose === d + 1) ? ` <span class="badge" title="true optimal dose">OBD</span>` : "";
    body += `<tr${e0.optimalDose === d + 1 ? ` class="true-mtd"` : ""}><th scope="row" class="dose">${d + 1}${mark}</th><td class="label">${escapeHtml(label)}</td>${td(e0.response[d], P, "response", 0, String(d + 1))}`;
    for (const { r, k, e } of shown) {
      for (const m of MEASURES) body += td(m.value(e, d), m.digits, m.key, k, String(d + 1)) + (anyMc ? (mc(r) ? td(m.se(e, d), m.digits + 1, `${m.key}SE`, k, String(d + 1), "se") : `<td class="se"></td>`) : "");
    }
    body += `</tr>`;
  });
  body += `<tr${e0.optimalDose === 0 ? ` class="true-mtd"` : ""}><th scope="row" class="dose">none</th><td class="label">no dose</td><td class="num"></td>`;
  for (const { r, k, e } of shown) {
    body += td(e.noDose, P, "effRecommended", k, "none") + (anyMc ? (mc(r) ? td(e.noDoseSE, P + 1, "effRecommendedSE", k, "none", "se") : `<td class="se"></td>`) : "");
    body += `<td class="num"></td>${anyMc ? `<td class="se"></td>` : ""}`.repeat(MEASURES.length - 1);
  }
  body += `</tr>`;
  const rules = unique(shown.map(({ e }) => `final rule ${e.finalRule}${e.optimalRule !== e.finalRule ? `, optimal dose by ${e.optimalRule}` : ""}, at ${e.doses}`));
  const caption =
    `Efficacy expansion per dose (${escapeHtml(rules.join("; "))}): P(recommended after the expansion), P(the dose was expanded), P(its arm stopped for futility / toxicity), expected expansion patients and responders per trial; ` +
    `true optimal dose: ${escapeHtml(unique(shown.map(({ e }) => optimalText(e, labels))).join(" / "))}`;
  const perDose = `<div class="table-wrap"><table class="numbers efficacy" data-table="efficacy"><caption>${caption}</caption><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
  // per curve
  const head2 = `<tr><th scope="col">statistic</th>${shown.map(({ r, k }) => `<th scope="col" class="num">${multi ? escapeHtml(names[k]) : "value"}</th>${anyMc ? `<th scope="col" class="se">${mc(r) ? "± SE" : ""}</th>` : ""}`).join("")}</tr>`;
  let body2 = "";
  for (const m of CURVE_MEASURES) {
    body2 += `<tr><th scope="row">${escapeHtml(m.head)}</th>${shown.map(({ r, k, e }) => td(m.value(e), m.digits, m.key, k) + (anyMc ? (mc(r) ? td(m.se(e), m.digits + 1, `${m.key}SE`, k, undefined, "se") : `<td class="se"></td>`) : "")).join("")}</tr>`;
  }
  const caption2 = "Efficacy expansion per trial: P(recommending the true optimal dose; no dose when none is safe enough), P(no dose), P(two doses expanded), P(both expanded and the better one recommended), the same given two expanded, and expected patients (expansion, escalation + expansion) and expansion responders";
  const perCurve = `<div class="table-wrap"><table class="numbers efficacy-summary" data-table="efficacy-summary"><caption>${escapeHtml(caption2)}</caption><thead>${head2}</thead><tbody>${body2}</tbody></table></div>`;
  return perDose + perCurve;
}

// ---------------------------------------------------------------------------------------------
// The sweep overview

/** One point of the sweep's efficacy chart: a design variant on a curve. */
export interface EfficacySweepRow {
  readonly variant: string;
  readonly column: string;
  /** Column order. */
  readonly order: number;
  readonly pObd: number;
  readonly pObdSE: number;
  readonly patients: number;
  readonly patientsSE: number;
}

/** The sweep's entries with an efficacy block. */
function efficacyEntries(entries: readonly SweepEntry[]): (SweepEntry & { e: EfficacySummary })[] {
  return entries.filter((x) => x.curve.efficacy !== undefined).map((x) => ({ ...x, e: x.curve.efficacy! }));
}

/** True when some cell of the sweep has an efficacy block (then the overview shows the efficacy chart). */
export function sweepHasEfficacy(entries: readonly SweepEntry[]): boolean {
  return entries.some((x) => x.curve.efficacy !== undefined);
}

/**
 * P(recommending the true optimal dose) against the mean patients treated (escalation and
 * expansion), one point per design variant with an efficacy expansion (± 1.96 SE bars for Monte
 * Carlo cells), one panel per curve.
 */
export function efficacySweepChart(layout: SweepLayout, entries: readonly SweepEntry[], against: "patients" | "duration" = "patients"): TopLevelSpec {
  const byDuration = against === "duration";
  const data = efficacyEntries(entries)
    .filter((x) => !byDuration || x.curve.timing !== undefined)
    .map((x) => {
      const { e } = x;
      const t = x.curve.timing;
      return {
        variant: layout.variants[x.variant].label,
        column: layout.columns[x.column].label,
        order: x.column,
        pObd: e.optimalDoseRecommended,
        pObdSE: e.optimalDoseRecommendedSE,
        pLo: Math.max(0, e.optimalDoseRecommended - 1.96 * e.optimalDoseRecommendedSE),
        pHi: Math.min(1, e.optimalDoseRecommended + 1.96 * e.optimalDoseRecommendedSE),
        // calendar-time cells: the mean trial duration (to the last response assessment) in months
        patients: byDuration ? t!.duration.mean / DAYS_PER_MONTH : e.expectedPatients,
        patientsSE: byDuration ? t!.duration.se / DAYS_PER_MONTH : e.expectedPatientsSE,
      };
    });
  const variants = unique(data.map((r) => r.variant));
  const columns = unique(data.map((r) => r.column));
  const color = { field: "variant", type: "nominal", sort: null, title: null, scale: { domain: variants, range: [...DESIGN_PALETTE] }, legend: { columns: 1, labelLimit: 400 } };
  const x = { field: "patients", type: "quantitative", title: byDuration ? "mean trial duration (months, to the last response assessment)" : "mean patients treated (escalation + expansion)", scale: { zero: false, nice: true } };
  const y = { field: "pObd", type: "quantitative", title: "P(recommend the optimal dose)", scale: { domain: [0, 1] }, axis: { format: ".1f", tickCount: 5 } };
  const layer: unknown[] = [];
  if (data.some((r) => r.pObdSE > 0)) layer.push({ mark: { type: "rule", strokeWidth: 1 }, encoding: { x, y: { field: "pLo", type: "quantitative" }, y2: { field: "pHi" }, color } });
  layer.push({
    mark: { type: "point", filled: true, size: 80, opacity: 0.9, stroke: "#ffffff", strokeWidth: 0.5 },
    encoding: {
      x,
      y,
      color,
      tooltip: [
        { field: "variant", title: "design" },
        { field: "column", title: "curve" },
        { field: "pObd", title: "P(recommend the optimal dose)", format: ".3f" },
        { field: "pObdSE", title: "SE", format: ".4f" },
        { field: "patients", title: byDuration ? "mean duration (months)" : "mean patients", format: ".2f" },
        { field: "patientsSE", title: "SE", format: ".3f" },
      ],
    },
  });
  return {
    $schema: SCHEMA,
    description: `P(recommending the true optimal dose) against the mean ${byDuration ? "trial duration in months" : "patients treated"}, one point per design variant with an efficacy expansion${byDuration ? " run in calendar time" : ""}, one panel per curve`,
    config: CONFIG,
    data: { values: data },
    facet: { field: "column", type: "nominal", sort: { field: "order", op: "min" }, title: null, header: { labelLimit: 260, labelFontSize: 11 } },
    columns: Math.min(3, Math.max(1, columns.length)),
    spec: { width: 230, height: 170, layer },
    resolve: { scale: { x: "independent" } },
  } as unknown as TopLevelSpec;
}

/**
 * The overview's efficacy table: one block of rows per curve (with its true optimal dose), one row
 * per design variant with an efficacy expansion; columns the curve-level statistics, then per
 * dose P(recommended) and P(futility stop), each with its SE when a cell is Monte Carlo.
 */
export function efficacySweepTable(layout: SweepLayout, entries: readonly SweepEntry[]): string {
  const rows = efficacyEntries(entries);
  if (rows.length === 0) return "";
  const anyMc = rows.some((x) => x.cell.result.method === "monte-carlo");
  const K = Math.max(...rows.map((x) => x.e.recommended.length));
  const perDose: { key: string; head: (d: number) => string; value: (e: EfficacySummary, d: number) => number | null; se: (e: EfficacySummary, d: number) => number | null }[] = [
    { key: "effRecommended", head: (d) => `P(recommend dose ${d + 1})`, value: (e, d) => e.recommended[d] ?? null, se: (e, d) => e.recommendedSE[d] ?? null },
    { key: "effFutilityStop", head: (d) => `P(futility stop at dose ${d + 1})`, value: (e, d) => e.futilityStop[d] ?? null, se: (e, d) => e.futilityStopSE[d] ?? null },
  ];
  const cols = [
    ...CURVE_MEASURES.map((m) => ({ key: m.key, head: m.head, digits: m.digits, dose: undefined as number | undefined, value: m.value, se: m.se })),
    ...perDose.flatMap((m) => Array.from({ length: K }, (_, d) => ({ key: m.key, head: m.head(d), digits: P, dose: d as number | undefined, value: (e: EfficacySummary) => m.value(e, d), se: (e: EfficacySummary) => m.se(e, d) }))),
  ];
  const width = 1 + cols.length * (anyMc ? 2 : 1);
  const head = `<tr><th scope="col">design</th>${cols.map((c) => `<th scope="col" class="num">${escapeHtml(c.head)}</th>${anyMc ? `<th scope="col" class="se">± SE</th>` : ""}`).join("")}</tr>`;
  const cell = (key: string, x: SweepEntry, dose: number | undefined, value: number | null, digits: number, cls: string) => {
    const ok = value !== null && Number.isFinite(value);
    const attrs = ` data-key="${key}" data-variant="${x.variant}" data-column="${x.column}"${dose !== undefined ? ` data-dose="${dose + 1}"` : ""}${ok ? ` data-value="${value}"` : ""}`;
    return `<td class="${cls}"${attrs}>${cls === "se" ? (ok ? `±${formatNumber(value, digits)}` : "") : formatNumber(value, digits)}</td>`;
  };
  let body = "";
  layout.columns.forEach((col, c) => {
    const block = rows.filter((x) => x.column === c);
    if (block.length === 0) return;
    const labels = layout.scenarios[col.scenario].cells[0].result.ladder.doses.map((d) => d.label);
    const obd = unique(block.map((x) => optimalText(x.e, labels)));
    body += `<tr class="group"><th scope="colgroup" colspan="${width}">${escapeHtml(col.label)}: true optimal dose ${escapeHtml(obd.join(" / "))}</th></tr>`;
    for (const x of block) {
      const mc = x.cell.result.method === "monte-carlo";
      body += `<tr><th scope="row">${escapeHtml(layout.variants[x.variant].label)}</th>`;
      for (const m of cols) {
        body += cell(m.key, x, m.dose, m.value(x.e), m.digits, "num");
        if (anyMc) body += mc ? cell(`${m.key}SE`, x, m.dose, m.se(x.e), m.digits + 1, "se") : `<td class="se"></td>`;
      }
      body += `</tr>`;
    }
  });
  const caption =
    "Efficacy expansion per curve and design variant (designs with efficacy-expansion only): P(recommending the true optimal dose, or no dose when none is safe enough), P(no dose), P(two doses expanded), P(both expanded and the better one recommended), the same given two expanded, expected expansion patients, patients in all (escalation + expansion) and expansion responders per trial; then per dose P(recommended) and P(its arm stopped for futility)";
  return `<div class="table-wrap"><table class="numbers sweep-summary sweep-efficacy" data-table="efficacy"><caption>${escapeHtml(caption)}</caption><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
}

/**
 * The table under the overview's efficacy-against-time chart: per curve and design variant with an
 * efficacy expansion run in calendar time, P(recommending the true optimal dose), patients in all,
 * the mean trial duration (to the last response assessment) and the mean time to the recommended
 * dose, in months (days / (365.25/12)), each with its Monte Carlo SE.
 */
export function efficacyDurationTable(layout: SweepLayout, entries: readonly SweepEntry[]): string {
  const rows = efficacyEntries(entries).filter((x) => x.curve.timing !== undefined);
  if (rows.length === 0) return "";
  const m = (v: number | undefined) => (v === undefined ? null : v / DAYS_PER_MONTH);
  const cols: { key: string; head: string; digits: number; value: (x: (typeof rows)[number]) => number | null; se: (x: (typeof rows)[number]) => number | null }[] = [
    { key: "effOptimalDoseRecommended", head: "P(recommend the optimal dose)", digits: P, value: (x) => x.e.optimalDoseRecommended, se: (x) => x.e.optimalDoseRecommendedSE },
    { key: "effExpectedPatients", head: "patients in all", digits: M, value: (x) => x.e.expectedPatients, se: (x) => x.e.expectedPatientsSE },
    { key: "durationMonths", head: "trial duration (months)", digits: 1, value: (x) => m(x.curve.timing!.duration.mean), se: (x) => m(x.curve.timing!.duration.se) },
    { key: "recommendedDecisionMonths", head: "time to the recommended dose (months)", digits: 1, value: (x) => m(x.curve.timing!.recommendedDecision?.mean), se: (x) => m(x.curve.timing!.recommendedDecision?.se) },
    { key: "mtdDecisionMonths", head: "time to the MTD (months)", digits: 1, value: (x) => m(x.curve.timing!.mtdDecision.mean), se: (x) => m(x.curve.timing!.mtdDecision.se) },
  ];
  const td = (key: string, x: SweepEntry, value: number | null, digits: number, cls: string) => {
    const ok = value !== null && Number.isFinite(value);
    return `<td class="${cls}" data-key="${key}" data-variant="${x.variant}" data-column="${x.column}"${ok ? ` data-value="${value}"` : ""}>${cls === "se" ? (ok ? `±${formatNumber(value, digits)}` : "") : formatNumber(value, digits)}</td>`;
  };
  let body = "";
  layout.columns.forEach((col, c) => {
    const block = rows.filter((x) => x.column === c);
    if (block.length === 0) return;
    body += `<tr class="group"><th scope="colgroup" colspan="${1 + 2 * cols.length}">${escapeHtml(col.label)}</th></tr>`;
    for (const x of block) body += `<tr><th scope="row">${escapeHtml(layout.variants[x.variant].label)}</th>${cols.map((k) => td(k.key, x, k.value(x), k.digits, "num") + td(`${k.key}SE`, x, k.se(x), k.digits + 1, "se")).join("")}</tr>`;
  });
  const head = `<tr><th scope="col">design</th>${cols.map((k) => `<th scope="col" class="num">${escapeHtml(k.head)}</th><th scope="col" class="se">± SE</th>`).join("")}</tr>`;
  const caption = "Efficacy expansion in calendar time, per curve and design variant: P(recommending the true optimal dose), patients in all, mean trial duration (from the first referred patient to the last response assessment), mean time to the recommended dose (every expansion arm stopped, or its data complete) and to the escalation's MTD decision, in months";
  return `<div class="table-wrap"><table class="numbers sweep-summary sweep-efficacy-duration" data-table="efficacy-duration"><caption>${escapeHtml(caption)}</caption><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
}
