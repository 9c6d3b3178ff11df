/**
 * Calendar-time figures of the HTML report: the distribution of the trial duration (and of the
 * time to the MTD decision), and the timeline of one simulated trial, one row per patient:
 * waiting, manufacturing, infusions, the DLT window coloured by dose, and DLT marks. Only
 * timed results have them (their curves carry a `timing` object).
 */
import type { TopLevelSpec } from "vega-lite";
import type { RunResult } from "../engine/run.js";
import { DAYS_PER_MONTH } from "../config/timing.js";
import { CHART_HEIGHT, CHART_WIDTH, COLORS, CONFIG, designFacet } from "./charts.js";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
const escape = (s: unknown) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "—");

/** One bar of a duration distribution (months). */
export interface DurationRow {
  readonly design: string;
  readonly measure: "trial duration" | "MTD decision";
  readonly month: number;
  readonly p: number;
}

/** The measures of the duration chart, in the legend's order. */
const DURATION_MEASURES = ["trial duration", "MTD decision"] as const;

/**
 * Distribution of the duration and of the time to the MTD decision, in 30-day bins: in each bin
 * the two measures' bars side by side (trial duration in the left half, MTD decision in the
 * right half), so neither hides the other; a legend names them.
 */
export function durationChart(rows: readonly DurationRow[]): TopLevelSpec {
  const designs = [...new Set(rows.map((r) => r.design))];
  const bin = 30 / DAYS_PER_MONTH;
  const panel = {
    width: designs.length > 1 ? Math.round(CHART_WIDTH * 0.75) : CHART_WIDTH,
    height: CHART_HEIGHT,
    mark: { type: "bar", opacity: 0.9 },
    encoding: {
      x: { field: "barFrom", type: "quantitative", title: designs.length > 1 ? "months (30-day bins)" : "months from the first referred patient (30-day bins)", scale: { zero: true } },
      x2: { field: "barTo" },
      y: { field: "p", type: "quantitative", title: "probability", stack: null, axis: { format: ".2f", tickCount: 5 } },
      color: { field: "measure", type: "nominal", title: null, scale: { domain: [...DURATION_MEASURES], range: [COLORS.bar, COLORS.designs[1]] }, legend: { orient: "top", direction: "horizontal" } },
      tooltip: [
        { field: "design", title: "design" },
        { field: "measure", title: "measure" },
        { field: "month", title: "from month", format: ".1f" },
        { field: "monthEnd", title: "to month", format: ".1f" },
        { field: "p", title: "probability", format: ".4f" },
      ],
    },
  };
  // each measure takes one half of its 30-day bin (a hair of gap between neighbouring bins)
  const data = rows.map((r) => {
    const k = DURATION_MEASURES.indexOf(r.measure);
    return { ...r, monthEnd: r.month + bin, barFrom: r.month + (k * bin) / 2, barTo: r.month + ((k + 1) * bin) / 2 - (k === 1 ? bin * 0.04 : 0) };
  });
  const base = { $schema: SCHEMA, config: CONFIG, data: { values: data }, description: "Distribution of the trial duration and of the time to the MTD decision" };
  if (designs.length <= 1) return { ...base, ...panel } as unknown as TopLevelSpec;
  const { width, height, ...inner } = panel;
  const f = designFacet(designs, CHART_WIDTH, height);
  return { ...base, data: { values: f.rows(data) }, facet: f.facet, columns: f.columns, spec: { width: f.width, height: f.height, ...inner } } as unknown as TopLevelSpec;
}

/** One segment of the timeline. */
export interface TimelineRow {
  readonly patient: string;
  readonly part: string;
  readonly from: number;
  readonly to: number;
  readonly dose: string;
}

/** One mark (infusion or DLT) of the timeline. */
export interface TimelineMark {
  readonly patient: string;
  readonly kind: "infusion" | "DLT" | "response" | "no response";
  readonly day: number;
}

/** The timeline of one simulated trial: a row per patient, days from the first referral. */
export function timelineChart(rows: readonly TimelineRow[], marks: readonly TimelineMark[], doseLabels: readonly string[]): TopLevelSpec {
  const patients = [...new Set(rows.map((r) => r.patient))];
  const doseColors = ["#a6c4e0", "#5b8fc0", "#2f5f8f", "#f6c89a", "#d9822b", "#8e5ea2", "#4f9a5a", "#b04a5a"];
  // response assessments (efficacy expansion, BOIN12) only when the trial has some
  const assessed = marks.some((m) => m.kind === "response" || m.kind === "no response");
  const parts = ["waiting", "manufacturing", "awaiting dosing", ...(assessed ? ["awaiting response"] : [])];
  const kinds = ["infusion", "DLT", ...(assessed ? ["response", "no response"] : [])];
  const y = { field: "patient", type: "ordinal", sort: patients, title: "patient", axis: { labelFontSize: 9 } };
  return {
    $schema: SCHEMA,
    config: CONFIG,
    description: "Timeline of one simulated trial",
    width: CHART_WIDTH + 160,
    height: Math.max(CHART_HEIGHT, 12 * patients.length),
    layer: [
      {
        data: { values: rows.filter((r) => parts.includes(r.part)) },
        mark: { type: "rule", strokeWidth: 2 },
        encoding: {
          x: { field: "from", type: "quantitative", title: "days from the first referred patient" },
          x2: { field: "to" },
          y,
          color: { field: "part", type: "nominal", title: null, scale: { domain: parts, range: ["#bbbbbb", "#e0b85a", "#888888", "#b9d7c4"].slice(0, parts.length) } },
          tooltip: [{ field: "patient" }, { field: "part" }, { field: "from", format: ".1f" }, { field: "to", format: ".1f" }],
        },
      },
      {
        data: { values: rows.filter((r) => !parts.includes(r.part)) },
        mark: { type: "bar", height: 8 },
        encoding: {
          x: { field: "from", type: "quantitative" },
          x2: { field: "to" },
          y,
          fill: { field: "dose", type: "nominal", title: "dose (DLT window)", scale: { domain: [...doseLabels], range: doseColors.slice(0, doseLabels.length) } },
          tooltip: [{ field: "patient" }, { field: "dose" }, { field: "part" }, { field: "from", format: ".1f" }, { field: "to", format: ".1f" }],
        },
      },
      {
        data: { values: marks },
        mark: { type: "point", filled: true, size: 40 },
        encoding: {
          x: { field: "day", type: "quantitative" },
          y,
          shape: { field: "kind", type: "nominal", title: null, scale: { domain: kinds, range: ["triangle-down", "cross", "circle", "square"].slice(0, kinds.length) } },
          color: { field: "kind", type: "nominal", legend: null, scale: { domain: kinds, range: ["#222222", COLORS.target, "#2e8b57", "#999999"].slice(0, kinds.length) } },
          tooltip: [{ field: "patient" }, { field: "kind" }, { field: "day", format: ".1f" }],
        },
      },
    ],
    resolve: { scale: { color: "independent" } },
  } as unknown as TopLevelSpec;
}

/** The timeline's rows and marks for the example trial of curve `curve` of `r`. */
export function timelineData(r: RunResult, curve: number): { rows: TimelineRow[]; marks: TimelineMark[] } {
  const ex = r.curves[curve].timing?.example;
  const rows: TimelineRow[] = [];
  const marks: TimelineMark[] = [];
  if (!ex) return { rows, marks };
  for (const p of ex.patients) {
    const id = `${String(p.patient).padStart(2, "0")}${p.expansion ? " exp" : ""}${p.sentinel ? " sentinel" : ""}`;
    const dose = r.ladder.doses[p.dose]?.label ?? `D${p.dose + 1}`;
    if (p.enrolled > p.arrival) rows.push({ patient: id, part: "waiting", from: p.arrival, to: p.enrolled, dose });
    const made = p.ready;
    if (made !== null && made > p.enrolled) rows.push({ patient: id, part: "manufacturing", from: p.enrolled, to: made, dose });
    if (p.outcome === "manufacturing failure") rows.push({ patient: id, part: "manufacturing", from: p.enrolled, to: p.enrolled + 0.01, dose });
    if (p.infusions.length > 0) {
      if (made !== null && p.infusions[0] > made) rows.push({ patient: id, part: "awaiting dosing", from: made, to: p.infusions[0], dose });
      rows.push({ patient: id, part: p.outcome === "non-evaluable" ? "window (non-evaluable)" : "window", from: p.infusions[0], to: p.end!, dose });
      for (const day of p.infusions) marks.push({ patient: id, kind: "infusion", day });
      if (p.dlt) marks.push({ patient: id, kind: "DLT", day: p.end! });
    }
    if (p.assessed !== undefined) {
      if (p.assessed > p.end!) rows.push({ patient: id, part: "awaiting response", from: p.end!, to: p.assessed, dose });
      marks.push({ patient: id, kind: p.response ? "response" : "no response", day: p.assessed });
    }
  }
  return { rows, marks };
}

/** True when some result has calendar-time statistics for curve `curve`. */
export function hasTiming(results: readonly RunResult[], curve: number): boolean {
  return results.some((r) => r.curves[curve]?.timing !== undefined);
}

/** The duration rows of curve `curve`, one design per result. */
export function durationRows(results: readonly RunResult[], names: readonly string[], curve: number): DurationRow[] {
  const rows: DurationRow[] = [];
  results.forEach((r, k) => {
    const t = r.curves[curve]?.timing;
    if (!t) return;
    for (const b of t.duration.distribution) rows.push({ design: names[k], measure: "trial duration", month: b.fromDay / DAYS_PER_MONTH, p: b.p });
    for (const b of t.mtdDecision.distribution) rows.push({ design: names[k], measure: "MTD decision", month: b.fromDay / DAYS_PER_MONTH, p: b.p });
  });
  return rows;
}

/**
 * A numeric cell of a calendar-time table: the value as shown, with its full-precision value in
 * `data-value` (several values, comma-separated, for a cell that lists several numbers), its
 * measure in `data-key`, and the design's position in `data-design` when there is one.
 */
function numTd(value: number | null | readonly number[], shown: string, key: string, design?: number, extra = ""): string {
  const values = value === null ? [] : typeof value === "number" ? [value] : value;
  const finite = values.length > 0 && values.every((x) => Number.isFinite(x));
  const attrs = ` data-key="${key}"${design === undefined ? "" : ` data-design="${design}"`}${extra}${finite ? ` data-value="${values.join(",")}"` : ""}`;
  return `<td class="num"${attrs}>${shown}</td>`;
}

/** The table under the duration chart: the timing statistics of each design (HTML), durations in months (the data-value too). */
export function durationTable(results: readonly RunResult[], names: readonly string[], curve: number): string {
  const rows = results
    .map((r, k) => {
      const t = r.curves[curve]?.timing;
      if (!t) return "";
      const m = (key: string, days: number) => numTd(days / DAYS_PER_MONTH, f1(days / DAYS_PER_MONTH), key, k);
      const c = (key: string, x: number | null) => numTd(x, x === null ? "—" : f1(x), key, k);
      return (
        `<tr><th scope="row">${escape(names[k])}</th>${m("durationMonths", t.duration.mean)}${m("durationMedianMonths", t.duration.median)}${m("durationP10Months", t.duration.p10)}${m("durationP90Months", t.duration.p90)}` +
        `${m("mtdDecisionMonths", t.mtdDecision.mean)}${c("screened", t.screened.mean)}${c("turnedAway", t.turnedAway.mean)}${c("waited", t.waited.mean)}${c("meanWaitDays", t.meanWaitDays)}${c("manufacturingFailures", t.manufacturingFailures.mean)}${c("pausedDays", t.pausedDays.mean)}</tr>`
      );
    })
    .join("");
  const heads = ["duration", "median", "10%", "90%", "MTD decision", "screened", "turned away", "waited", "mean wait (days)", "manufacturing failures", "days paused"];
  return (
    `<div class="table-wrap"><table class="numbers" data-table="duration"><caption>Calendar time: durations in months (days / 30.44) from the first referred patient, with the 10% and 90% points of the trial duration; patients and days as means per trial</caption><thead><tr><th scope="col">design</th>${heads.map((h) => `<th scope="col" class="num">${h}</th>`).join("")}</tr></thead><tbody>${rows}</tbody></table></div>` +
    backfillTable(results, names, curve)
  );
}

/** Backfilling designs (the backfill modifier): backfilled patients and DLTs per trial, and per dose (HTML; empty without any). */
function backfillTable(results: readonly RunResult[], names: readonly string[], curve: number): string {
  const withBackfill = results.map((r, k) => ({ b: r.curves[curve]?.timing?.backfill, k })).filter((x) => x.b !== undefined);
  if (withBackfill.length === 0) return "";
  const c = (key: string, x: number, k: number, dose?: number) => numTd(x, f1(x), key, k, dose === undefined ? "" : ` data-dose="${dose + 1}"`);
  const rows = withBackfill
    .map(({ b, k }) => `<tr><th scope="row">${escape(names[k])}</th>${c("backfilled", b!.patients.mean, k)}${c("backfillDltsTotal", b!.dlts.mean, k)}${c("backfillPendingAtEnd", b!.pendingAtEnd.mean, k)}${c("backfillTurnedAway", b!.turnedAway.mean, k)}</tr>`)
    .join("");
  const doses = results[0].ladder.doses;
  const designHead = withBackfill.map(({ k }) => `<th scope="colgroup" colspan="2" class="num">${escape(names[k])}</th>`).join("");
  const subHead = withBackfill.map(() => `<th scope="col" class="num">patients</th><th scope="col" class="num">DLTs</th>`).join("");
  const perDose = doses
    .map((d, i) => `<tr><th scope="row">${i + 1}</th><td class="label">${escape(d.label)}</td>${withBackfill.map(({ b, k }) => c("backfillPatients", b!.perDose[i], k, i) + c("backfillDlts", b!.dltsPerDose[i], k, i)).join("")}</tr>`)
    .join("");
  return (
    `<div class="table-wrap"><table class="numbers" data-table="backfill"><caption>Backfilling (means per trial; backfilled patients are also counted in the patients per dose)</caption><thead><tr><th scope="col">design</th><th scope="col" class="num">backfilled</th><th scope="col" class="num">their DLTs</th><th scope="col" class="num">pending at the final decision</th><th scope="col" class="num">turned away</th></tr></thead><tbody>${rows}</tbody></table></div>` +
    `<div class="table-wrap"><table class="numbers" data-table="backfill-per-dose"><caption>Backfilled patients and their DLTs per dose (means per trial)</caption><thead>${withBackfill.length > 1 ? `<tr><th colspan="2"></th>${designHead}</tr>` : ""}<tr><th scope="col">dose</th><th scope="col">label</th>${subHead}</tr></thead><tbody>${perDose}</tbody></table></div>`
  );
}

/** The table under the timeline: the example trial's patients (HTML, days; an infusions cell lists each day in its data-value). */
export function timelineTable(r: RunResult, curve: number): string {
  const ex = r.curves[curve].timing?.example;
  if (!ex) return "";
  const withResponse = ex.patients.some((p) => p.assessed !== undefined);
  const body = ex.patients
    .map((p) => {
      const at = ` data-patient="${p.patient}"`;
      return (
        `<tr><th scope="row">${p.patient}</th><td>${escape(r.ladder.doses[p.dose]?.label ?? p.dose + 1)}${p.expansion ? " (expansion)" : ""}${p.backfill ? " (backfill)" : ""}</td>` +
        numTd(p.arrival, f1(p.arrival), "referredDay", undefined, at) +
        numTd(p.enrolled, f1(p.enrolled), "enrolledDay", undefined, at) +
        numTd(p.infusions.length > 0 ? p.infusions : null, p.infusions.map(f1).join(", ") || "—", "infusionDays", undefined, at) +
        numTd(p.end, p.end === null ? "—" : f1(p.end), "followUpEndDay", undefined, at) +
        `<td>${p.dlt ? "DLT" : ""}</td>` +
        (withResponse ? numTd(p.assessed ?? null, p.assessed === undefined ? "—" : `${f1(p.assessed)}${p.response ? " (response)" : ""}`, "assessedDay", undefined, at) : "") +
        `<td>${escape(p.outcome)}${p.sentinel ? ", sentinel" : ""}</td></tr>`
      );
    })
    .join("");
  return `<div class="table-wrap"><table class="numbers" data-table="timeline"><caption>One simulated trial (days): ${f1(ex.duration)} days in all, MTD decision on day ${f1(ex.mtdDecision)}${ex.recommendedDecision !== undefined ? `, recommended dose ${ex.recommended !== undefined && ex.recommended >= 0 ? escape(r.ladder.doses[ex.recommended]?.label ?? String(ex.recommended + 1)) : "none"} known on day ${f1(ex.recommendedDecision)}` : ""}, stop: ${escape(ex.reason)}</caption><thead><tr><th scope="col">patient</th><th scope="col">dose</th><th scope="col" class="num">referred</th><th scope="col" class="num">enrolled</th><th scope="col" class="num">infusions</th><th scope="col" class="num">follow-up ends</th><th scope="col">DLT</th>${withResponse ? `<th scope="col" class="num">response assessed</th>` : ""}<th scope="col">outcome</th></tr></thead><tbody>${body}</tbody></table></div>`;
}
