/**
 * The self-contained HTML report: one file that opens offline, prints cleanly, and still
 * reads with scripts blocked.
 *
 * How a chart reaches the reader:
 * - Every chart is a vega-lite spec (`charts.ts`) compiled here to a vega spec.
 * - At build time (`buildHtmlReport`) vega renders each spec to a static SVG in Node; the SVG
 *   is inlined in the page, so the report reads (and prints) without any script.
 * - vega's minified build is inlined too, with each compiled spec in a JSON script block. When
 *   scripts run, each static SVG is replaced by the live vega view (same picture, plus
 *   tooltips). Nothing is fetched from the network.
 * - Every number drawn also appears in a table under its chart.
 *
 * `renderHtml` is a pure function of its inputs (the date is an argument), so a report can be
 * rebuilt byte for byte. It reads result fields only and knows no engine and no design.
 */
import { efficacyReportCharts, efficacyReportTable } from "./efficacy-html.js";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as vega from "vega";
import { compile } from "vega-lite";
import type { TopLevelSpec } from "vega-lite";
import type { RunResult } from "../engine/run.js";
import type { DecisionTableRow } from "../designs/decision-table.js";
import type { CurveResult } from "./summary.js";
import { durationTable, timelineTable } from "./timeline.js";
import { curveCharts, designLabels, hasExpansion, NO_MTD, DEFAULT_TARGET_BAND, type ReportChart } from "./charts.js";

/** Options of `renderHtml`. */
export interface HtmlOptions {
  /** The date printed in the header (e.g. "2025-01-31"); an argument so the output is reproducible. */
  readonly date: string;
  /** vega's minified build, inlined so charts become live views; without it the report is static. */
  readonly vegaScript?: string;
  /** Static SVG of each chart, by chart id (see `renderStaticSvgs`); a chart without one shows its table only until scripts run. */
  readonly staticSvg?: Readonly<Record<string, string>>;
  /** Half-width of the shaded band around the target DLT rate. __Default:__ 0.05 */
  readonly targetBand?: number;
}

// ---------------------------------------------------------------------------------------------
// Escaping

/** Escape text for HTML element content and quoted attribute values. */
export function escapeHtml(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/**
 * JSON that is safe inside a `<script>` element: `<`, `>` and `&` become \u escapes (so no
 * `</script>` or `<!--` can close or confuse the element), as do U+2028 and U+2029 (line
 * terminators in older JavaScript). `JSON.parse` reads the escapes back to the same value.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Library code for an inline `<script>`: no sequence in it may end the element early. */
export function inlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

/**
 * Give the ids inside one static SVG a prefix, so clip paths and gradients of different charts
 * (vega numbers them per process) never resolve to another chart's definitions.
 */
export function prefixSvgIds(svg: string, prefix: string): string {
  return svg.replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`).replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`);
}

// ---------------------------------------------------------------------------------------------
// Charts: compile and render

/** Compile a vega-lite spec to vega, collecting vega-lite's warnings instead of printing them. */
export function compileChart(spec: TopLevelSpec): { spec: vega.Spec; warnings: string[] } {
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    error: (...a: unknown[]) => (warnings.push(a.map(String).join(" ")), logger),
    warn: (...a: unknown[]) => (warnings.push(a.map(String).join(" ")), logger),
    info: () => logger,
    debug: () => logger,
  };
  const out = compile(spec, { logger: logger as never });
  return { spec: out.spec as vega.Spec, warnings };
}

/** Render compiled vega specs to SVG strings in Node with vega's headless renderer, by chart id. */
export async function renderStaticSvgs(charts: readonly { id: string; spec: vega.Spec }[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const c of charts) {
    const view = new vega.View(vega.parse(c.spec), { renderer: "none" });
    out[c.id] = await view.toSVG();
    view.finalize();
  }
  return out;
}

/** vega's minified browser build, read from node_modules. */
export function readVegaScript(): string {
  const require = createRequire(import.meta.url);
  return readFileSync(join(dirname(require.resolve("vega")), "vega.min.js"), "utf8");
}

/** Every chart of a report, curve by curve. */
export function reportCharts(results: readonly RunResult[], options: { targetBand?: number } = {}): ReportChart[] {
  checkComparable(results);
  // designs with an efficacy expansion add their chart per curve (src/report/efficacy-html.ts)
  const names = designLabels(results);
  return results[0].curves.flatMap((_, i) => [...curveCharts(results, i, { band: options.targetBand }), ...efficacyReportCharts(results, i, names)]);
}

/**
 * The whole report, ready to write: the charts rendered to static SVG and vega inlined.
 * `date` defaults to today (UTC).
 */
export async function buildHtmlReport(
  result: RunResult | readonly RunResult[],
  options: { date?: string; targetBand?: number } = {},
): Promise<string> {
  const results = toList(result);
  const compiled = reportCharts(results, options).map((c) => ({ id: c.id, spec: compileChart(c.spec).spec }));
  const staticSvg = await renderStaticSvgs(compiled);
  return renderHtml(results, {
    date: options.date ?? new Date().toISOString().slice(0, 10),
    vegaScript: readVegaScript(),
    staticSvg,
    targetBand: options.targetBand,
  });
}

// ---------------------------------------------------------------------------------------------
// Numbers

/** Fixed decimals, with "−0.000" shown as "0.000"; null and NaN as an em dash. */
export function formatNumber(x: number | null | undefined, digits: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "—";
  const s = x.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/** A dose amount: plain below 10^4, otherwise as a power of ten (HTML). */
function formatAmount(x: number | undefined): string {
  if (x === undefined) return "—";
  if (Math.abs(x) < 1e4) return escapeHtml(String(x));
  const [m, e] = x.toExponential().split("e");
  return `${escapeHtml(String(+Number(m).toPrecision(4)))}&#8239;×&#8239;10<sup>${Number(e)}</sup>`;
}

const P = 3; // decimals of probabilities
const M = 2; // decimals of means

interface CellKey {
  key: string;
  design?: number;
  dose?: string;
  n?: number;
}

/** A numeric cell carrying its full-precision value for tests and copy-paste tools. */
function num(value: number | null | undefined, digits: number, k?: CellKey, cls = "num"): string {
  const attrs = k
    ? ` data-key="${escapeHtml(k.key)}"` +
      (k.design !== undefined ? ` data-design="${k.design}"` : "") +
      (k.dose !== undefined ? ` data-dose="${escapeHtml(k.dose)}"` : "") +
      (k.n !== undefined ? ` data-n="${k.n}"` : "") +
      (value !== null && value !== undefined ? ` data-value="${value}"` : "")
    : "";
  return `<td class="${cls}"${attrs}>${formatNumber(value, digits)}</td>`;
}

/** A standard-error cell: "±0.011". */
function seCell(value: number | null | undefined, digits: number, k?: CellKey): string {
  if (value === null || value === undefined) return `<td class="se"></td>`;
  const attrs = k ? ` data-key="${escapeHtml(k.key)}" data-design="${k.design}"${k.dose !== undefined ? ` data-dose="${escapeHtml(k.dose)}"` : ""} data-value="${value}"` : "";
  return `<td class="se"${attrs}>±${formatNumber(value, digits)}</td>`;
}

const isMc = (r: RunResult) => r.method === "monte-carlo";

// ---------------------------------------------------------------------------------------------
// Structure

function toList(result: RunResult | readonly RunResult[]): readonly RunResult[] {
  const list = Array.isArray(result) ? (result as readonly RunResult[]) : [result as RunResult];
  if (list.length === 0) throw new Error("renderHtml: no results to report");
  return list;
}

/** Results shown together must share the ladder and the curves (several designs, one scenario). */
function checkComparable(results: readonly RunResult[]): void {
  const [first, ...rest] = results;
  for (const r of rest) {
    const same =
      r.ladder.doses.length === first.ladder.doses.length &&
      r.curves.length === first.curves.length &&
      r.curves.every((c, i) => c.name === first.curves[i].name && c.truth.every((p, d) => p === first.curves[i].truth[d]));
    if (!same) throw new Error(`renderHtml: "${r.design.name}" was run on other doses or curves than "${first.design.name}"; a report compares designs on one scenario`);
  }
}

/** Nested parameters as dotted rows: { smcReview: { q: 1 } } → ["smcReview.q", "1"]. */
export function flattenParameters(obj: Record<string, unknown>, prefix = ""): [string, string][] {
  const rows: [string, string][] = [];
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) rows.push(...flattenParameters(v as Record<string, unknown>, key));
    else rows.push([key, Array.isArray(v) ? v.map(String).join(", ") : v === null || v === undefined ? "—" : String(v)]);
  }
  return rows;
}

function methodText(r: RunResult): string {
  return isMc(r) ? `Monte Carlo, ${r.trials?.toLocaleString("en-US")} trials per curve` : "exact (all outcomes enumerated)";
}

/** The header: title, scenario and run facts, each design's description, parameters and decision table. */
function renderHeader(results: readonly RunResult[], names: string[], options: HtmlOptions): string {
  const first = results[0];
  const uniform = <T>(f: (r: RunResult) => T) => results.every((r) => f(r) === f(first));
  const facts: [string, string][] = [];
  facts.push(["Scenario", `${escapeHtml(first.scenario.name)} <span class="muted">(${escapeHtml(first.scenario.file)})</span>`]);
  if (first.scenario.trial) facts.push(["Trial", escapeHtml(first.scenario.trial)]);
  facts.push(["Dose ladder", `${first.ladder.doses.length} doses${first.ladder.unit ? `, ${escapeHtml(first.ladder.unit)}` : ""}`]);
  facts.push([
    "Target DLT rate",
    first.target === null ? "none (no true MTD defined)" : `${escapeHtml(String(first.target))} <span class="muted">(true MTD: the dose closest to it)</span>`,
  ]);
  if (uniform(methodText)) facts.push(["Method", escapeHtml(methodText(first))]);
  if (uniform((r) => r.seed)) facts.push(["Seed", first.seed === null ? "— (exact)" : `<code>${escapeHtml(JSON.stringify(first.seed))}</code>`]);
  if (first.generator && uniform((r) => r.generator)) facts.push(["Generator", `${escapeHtml(first.generator)}, blocks of ${escapeHtml(String(first.blockSize))}`]);
  facts.push(["doseladder", escapeHtml(first.doseladder)]);
  facts.push(["Date", escapeHtml(options.date)]);

  const title =
    results.length === 1
      ? escapeHtml(first.design.name)
      : `${results.length} designs compared`;
  const out: string[] = [];
  out.push(`<header class="report-header">`);
  out.push(`<p class="kicker">Dose-escalation operating characteristics</p>`);
  out.push(`<h1>${title}</h1>`);
  out.push(`<dl class="facts">${facts.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join("")}</dl>`);
  out.push(`</header>`);

  out.push(`<section class="designs" id="design">`);
  out.push(`<h2>${results.length === 1 ? "Design" : "Designs"}</h2>`);
  for (const [k, r] of results.entries()) {
    out.push(`<div class="design-text">`);
    if (results.length > 1) out.push(`<h3>${escapeHtml(names[k])}</h3>`);
    out.push(`<p class="design-meta"><span>${escapeHtml(r.design.type)}</span> · <span>${escapeHtml(r.design.file)}</span>${r.design.trial ? ` · <span>${escapeHtml(r.design.trial)}</span>` : ""}</p>`);
    if (r.design.description) out.push(`<p class="description">${escapeHtml(r.design.description)}</p>`);
    out.push(`</div>`);
  }
  out.push(renderParameters(results, names));
  for (const [k, r] of results.entries()) {
    if (r.decisionTable && r.decisionTable.length > 0) out.push(renderDecisionTable(r.decisionTable, results.length > 1 ? names[k] : null));
  }
  out.push(`</section>`);
  return out.join("\n");
}

/** Parameters: one row per (dotted) parameter, one column per design. */
function renderParameters(results: readonly RunResult[], names: string[]): string {
  const per = results.map((r) => new Map(flattenParameters(r.design.parameters)));
  const extra = results.map((r) => new Map<string, string>([["method", r.method], ["trials", r.trials === null ? "exact" : String(r.trials)], ["seed", r.seed ?? "—"]]));
  const keys = [...new Set(per.flatMap((m) => [...m.keys()]))];
  const multi = results.length > 1;
  if (!multi) {
    const items = keys.map((key) => `<div><dt><code>${escapeHtml(key)}</code></dt><dd>${escapeHtml(per[0].get(key) ?? "—")}</dd></div>`).join("");
    return `<div class="params-block"><p class="caption">Parameters</p><dl class="params" data-table="parameters">${items}</dl></div>`;
  }
  const head = `<thead><tr><th scope="col">parameter</th>${results.map((_, k) => `<th scope="col">${multi ? escapeHtml(names[k]) : "value"}</th>`).join("")}</tr></thead>`;
  const row = (key: string, maps: Map<string, string>[]) =>
    `<tr><th scope="row"><code>${escapeHtml(key)}</code></th>${maps.map((m) => `<td class="param">${escapeHtml(m.get(key) ?? "—")}</td>`).join("")}</tr>`;
  const body = keys.map((key) => row(key, per)).join("") + (multi ? ["method", "trials", "seed"].map((key) => row(key, extra)).join("") : "");
  return `<div class="table-wrap"><table class="params" data-table="parameters"><caption>Parameters</caption>${head}<tbody>${body}</tbody></table></div>`;
}

/** A decision table in the published layout: columns are the patients treated at the current dose. */
function renderDecisionTable(rows: readonly DecisionTableRow[], design: string | null): string {
  const cell = (x: number | null, key: string, n: number) => `<td class="num" data-key="${key}" data-n="${n}"${x === null ? "" : ` data-value="${x}"`}>${x === null ? "—" : x}</td>`;
  const line = (label: string, f: (r: DecisionTableRow) => number | null, key: string) => `<tr><th scope="row">${label}</th>${rows.map((r) => cell(f(r), key, r.n)).join("")}</tr>`;
  return (
    `<div class="table-wrap"><table class="decision" data-table="decision-table">` +
    `<caption>Decision table${design ? ` of ${escapeHtml(design)}` : ""}: act on the DLTs among the patients treated at the current dose</caption>` +
    `<thead><tr><th scope="col">patients treated</th>${rows.map((r) => `<th scope="col" class="num">${r.n}</th>`).join("")}</tr></thead><tbody>` +
    line("escalate if DLTs ≤", (r) => r.escalateAtMost, "escalateAtMost") +
    line("de-escalate if DLTs ≥", (r) => r.deEscalateAtLeast, "deEscalateAtLeast") +
    line("eliminate if DLTs ≥", (r) => r.eliminateAtLeast, "eliminateAtLeast") +
    `</tbody></table></div>`
  );
}

/** The design header row of a multi-design table: each design's name spanning its columns. */
function designSpanRow(names: string[], spans: number[], lead: number): string {
  return `<tr class="design-span"><th colspan="${lead}"></th>${names.map((n, k) => `<th scope="colgroup" colspan="${spans[k]}">${escapeHtml(n)}</th>`).join("")}</tr>`;
}

/** Column headers for a value with an optional SE column. */
const valueHeads = (label: string, se: boolean) => `<th scope="col" class="num">${label}</th>${se ? `<th scope="col" class="se">± SE</th>` : ""}`;

/** The dose number (with an "MTD" badge on the true MTD) and its label. */
function doseCells(r0: RunResult, i: number, c: CurveResult): string {
  const mark = c.trueMtd === i + 1 ? ` <span class="badge" title="true MTD">MTD</span>` : "";
  return `<th scope="row" class="dose">${i + 1}${mark}</th><td class="label">${escapeHtml(r0.ladder.doses[i].label)}</td>`;
}

function tableFor(kind: ReportChart["kind"], results: readonly RunResult[], curve: number, names: string[], severalDesigns = results.length > 1): string {
  if (kind === "duration") return durationTable(results, names, curve);
  if (kind === "timeline") return timelineTable(results[0], curve);
  if (kind === "efficacy") return efficacyReportTable(results, curve, names);
  const r0 = results[0];
  const c0 = r0.curves[curve];
  const K = r0.ladder.doses.length;
  const multi = severalDesigns;
  const rowClass = (i: number) => (c0.trueMtd === i + 1 ? ` class="true-mtd"` : "");
  const wrap = (name: string, caption: string, inner: string) =>
    `<div class="table-wrap"><table class="numbers" data-table="${name}"><caption>${caption}</caption>${inner}</table></div>`;

  if (kind === "truth") {
    const unit = r0.ladder.unit ? ` (${escapeHtml(r0.ladder.unit)})` : "";
    const body = r0.ladder.doses
      .map((d, i) => `<tr${rowClass(i)}>${doseCells(r0, i, c0)}<td class="num" data-key="amount" data-dose="${i + 1}"${d.amount === undefined ? "" : ` data-value="${d.amount}"`}>${formatAmount(d.amount)}</td>${num(c0.truth[i], P, { key: "truth", dose: String(i + 1) })}</tr>`)
      .join("");
    return wrap("truth", "True DLT probability per dose", `<thead><tr><th scope="col">dose</th><th scope="col">label</th><th scope="col" class="num">amount${unit}</th><th scope="col" class="num">true P(DLT)</th></tr></thead><tbody>${body}</tbody>`);
  }

  if (kind === "selection") {
    const spans = results.map((r) => (isMc(r) ? 2 : 1));
    const head =
      (multi ? designSpanRow(names, spans, 2) : "") +
      `<tr><th scope="col">dose</th><th scope="col">label</th>${results.map((r) => valueHeads("P(select)", isMc(r))).join("")}</tr>`;
    let body = "";
    for (let i = 0; i < K; i++) {
      body += `<tr${rowClass(i)}>${doseCells(r0, i, c0)}${results
        .map((r, k) => num(r.curves[curve].selection[i], P, { key: "selection", design: k, dose: String(i + 1) }) + (isMc(r) ? seCell(r.curves[curve].selectionSE[i], P, { key: "selectionSE", design: k, dose: String(i + 1) }) : ""))
        .join("")}</tr>`;
    }
    body += `<tr class="none"><th scope="row" class="dose">none</th><td class="label">${NO_MTD}</td>${results
      .map((r, k) => num(r.curves[curve].noMtd, P, { key: "noMtd", design: k, dose: "none" }) + (isMc(r) ? seCell(r.curves[curve].noMtdSE, P, { key: "noMtdSE", design: k, dose: "none" }) : ""))
      .join("")}</tr>`;
    return wrap("selection", "Probability each dose is selected as the MTD", `<thead>${head}</thead><tbody>${body}</tbody>`);
  }

  if (kind === "allocation") {
    const exp = hasExpansion(results, curve);
    const spans = results.map((r) => (isMc(r) ? 4 : 2) + (exp ? 2 : 0));
    const head =
      (multi ? designSpanRow(names, spans, 2) : "") +
      `<tr><th scope="col">dose</th><th scope="col">label</th>${results
        .map((r) => valueHeads("patients", isMc(r)) + valueHeads("DLTs", isMc(r)) + (exp ? `<th scope="col" class="num">exp. patients</th><th scope="col" class="num">exp. DLTs</th>` : ""))
        .join("")}</tr>`;
    let body = "";
    for (let i = 0; i < K; i++) {
      const dose = String(i + 1);
      body += `<tr${rowClass(i)}>${doseCells(r0, i, c0)}${results
        .map((r, k) => {
          const c = r.curves[curve];
          return (
            num(c.patients[i], M, { key: "patients", design: k, dose }) +
            (isMc(r) ? seCell(c.patientsSE[i], M, { key: "patientsSE", design: k, dose }) : "") +
            num(c.dlts[i], M, { key: "dlts", design: k, dose }) +
            (isMc(r) ? seCell(c.dltsSE[i], M, { key: "dltsSE", design: k, dose }) : "") +
            (exp ? num(c.expansionPatients[i], M, { key: "expansionPatients", design: k, dose }) + num(c.expansionDlts[i], M, { key: "expansionDlts", design: k, dose }) : "")
          );
        })
        .join("")}</tr>`;
    }
    body += `<tr class="total"><th scope="row" class="dose">all</th><td class="label">${exp ? "both phases" : "total"}</td>${results
      .map((r, k) => {
        const c = r.curves[curve];
        const cols =
          num(c.sampleSize, M, { key: "sampleSize", design: k }) +
          (isMc(r) ? seCell(c.sampleSizeSE, M, { key: "sampleSizeSE", design: k }) : "") +
          num(c.totalDlts, M, { key: "totalDlts", design: k }) +
          (isMc(r) ? seCell(c.totalDltsSE, M, { key: "totalDltsSE", design: k }) : "");
        return cols + (exp ? `<td class="num"></td><td class="num"></td>` : "");
      })
      .join("")}</tr>`;
    const caption = exp ? "Mean patients and DLTs per dose: escalation, then expansion (exp.)" : "Mean patients and DLTs per dose";
    return wrap("allocation", caption, `<thead>${head}</thead><tbody>${body}</tbody>`);
  }

  if (kind === "sample-size") {
    const ns = [...new Set(results.flatMap((r) => r.curves[curve].sampleSizeDistribution.map((s) => s.n)))].sort((a, b) => a - b);
    const head = (multi ? designSpanRow(names, results.map(() => 2), 1) : "") + `<tr><th scope="col" class="num">patients</th>${results.map(() => `<th scope="col" class="num">P(N = n)</th><th scope="col" class="num">P(N ≤ n)</th>`).join("")}</tr>`;
    const cum = results.map(() => 0);
    let body = "";
    for (const n of ns) {
      body += `<tr><th scope="row" class="num">${n}</th>${results
        .map((r, k) => {
          const p = r.curves[curve].sampleSizeDistribution.find((s) => s.n === n)?.p ?? 0;
          cum[k] += p;
          return num(p, 4, { key: "sampleSizeDistribution", design: k, n }) + num(Math.min(1, cum[k]), 4, { key: "sampleSizeCumulative", design: k, n }, "num cum");
        })
        .join("")}</tr>`;
    }
    body += `<tr class="total"><th scope="row" class="num">mean (SD)</th>${results
      .map((r, k) => {
        const c = r.curves[curve];
        return `<td class="num" colspan="2" data-key="sampleSize" data-design="${k}" data-value="${c.sampleSize}" data-sd="${c.sampleSizeSD}">${formatNumber(c.sampleSize, M)} (${formatNumber(c.sampleSizeSD, M)})</td>`;
      })
      .join("")}</tr>`;
    return wrap("sample-size", "Distribution of the total sample size N", `<thead>${head}</thead><tbody>${body}</tbody>`);
  }

  // expansion
  const withExp = results.map((r) => r.curves[curve].metrics.expansionStarted !== undefined);
  const spans = results.map((r, k) => (withExp[k] ? (isMc(r) ? 6 : 3) : 1));
  const head =
    (multi ? designSpanRow(names, spans, 2) : "") +
    `<tr><th scope="col">dose</th><th scope="col">label</th>${results
      .map((r, k) =>
        withExp[k]
          ? valueHeads("MTD after escalation", isMc(r)) + valueHeads("MTD after expansion", isMc(r)) + valueHeads("stopped in expansion", isMc(r))
          : `<th scope="col">no expansion</th>`,
      )
      .join("")}</tr>`;
  // the expansion metrics are per-trial indicators, so their SE is that of a proportion
  const pse = (r: RunResult, p: number | undefined) => (p === undefined || r.trials === null ? null : Math.sqrt((p * (1 - p)) / r.trials));
  const triple = (r: RunResult, k: number, dose: string, esc: number | undefined, fin: number, finSE: number, stop: number | undefined) => {
    if (!withExp[k]) return `<td></td>`;
    const mc = isMc(r);
    return (
      num(esc ?? null, P, { key: dose === "none" ? "escalationNoMtd" : "escalationMtd", design: k, dose }) +
      (mc ? seCell(pse(r, esc), P, { key: dose === "none" ? "escalationNoMtdSE" : "escalationMtdSE", design: k, dose }) : "") +
      num(fin, P, { key: dose === "none" ? "noMtd" : "selection", design: k, dose }) +
      (mc ? seCell(finSE, P, { key: dose === "none" ? "noMtdSE" : "selectionSE", design: k, dose }) : "") +
      (dose === "none" ? `<td class="num">—</td>` : num(stop ?? null, P, { key: "expansionStopped", design: k, dose })) +
      (mc ? (dose === "none" ? `<td class="se"></td>` : seCell(pse(r, stop), P, { key: "expansionStoppedSE", design: k, dose })) : "")
    );
  };
  let body = "";
  for (let i = 0; i < K; i++) {
    const dose = String(i + 1);
    body += `<tr${rowClass(i)}>${doseCells(r0, i, c0)}${results
      .map((r, k) => {
        const c = r.curves[curve];
        return triple(r, k, dose, c.metrics[`escalationMtd${i + 1}`], c.selection[i], c.selectionSE[i], c.metrics[`expansionStopped${i + 1}`]);
      })
      .join("")}</tr>`;
  }
  body += `<tr class="none"><th scope="row" class="dose">none</th><td class="label">${NO_MTD}</td>${results
    .map((r, k) => {
      const c = r.curves[curve];
      return triple(r, k, "none", c.metrics.escalationNoMtd, c.noMtd, c.noMtdSE, undefined);
    })
    .join("")}</tr>`;
  const started = results
    .map((r, k) => (withExp[k] ? `${multi ? `${escapeHtml(names[k])}: ` : ""}expansion started in ${formatNumber(r.curves[curve].metrics.expansionStarted, P)} of trials` : ""))
    .filter(Boolean)
    .join("; ");
  return wrap("expansion", `Probabilities per dose: selected as MTD by escalation, selected after expansion, stopped by expansion monitoring (${started})`, `<thead>${head}</thead><tbody>${body}</tbody>`);
}

/** Designs per block of a table with a column group per design: wider tables continue in further blocks, so they print whole. */
export const DESIGNS_PER_BLOCK = 3;

/**
 * A table with a column group per design, split into blocks of at most DESIGNS_PER_BLOCK designs
 * (`per`; the expansion table of Monte Carlo results, 6 columns a design, takes 2) when there are more, each block a whole table whose caption says which
 * designs it holds; the cells keep their design's position in `data-design`.
 */
function inDesignBlocks(results: readonly RunResult[], names: string[], render: (results: readonly RunResult[], names: string[]) => string, per = DESIGNS_PER_BLOCK): string {
  const n = results.length;
  if (n <= per) return render(results, names);
  const size = Math.ceil(n / Math.ceil(n / per));
  let out = "";
  for (let from = 0; from < n; from += size) {
    const to = Math.min(n, from + size);
    out += render(results.slice(from, to), names.slice(from, to))
      .replace(/ data-design="(\d+)"/g, (_, k: string) => ` data-design="${Number(k) + from}"`)
      .replace(/<\/caption>/, ` (designs ${from + 1}–${to} of ${n})</caption>`);
  }
  return out;
}

/** Key statistics of one curve: one row per statistic, one column per design. */
function renderSummary(results: readonly RunResult[], curve: number, names: string[]): string {
  const multi = results.length > 1;
  const anyMc = results.some(isMc);
  type Stat = [label: string, key: string, digits: number, value: (c: CurveResult) => number | null, se: ((c: CurveResult) => number | null) | null];
  const stats: Stat[] = [
    ["P(correct selection)", "correctSelection", P, (c) => c.correctSelection, (c) => c.correctSelectionSE],
    ["P(no MTD selected)", "noMtd", P, (c) => c.noMtd, (c) => c.noMtdSE],
    ["Mean sample size (both phases)", "sampleSize", M, (c) => c.sampleSize, (c) => c.sampleSizeSE],
    ["SD of the sample size", "sampleSizeSD", M, (c) => c.sampleSizeSD, null],
    ["Mean escalation sample size", "escalationSize", M, (c) => c.escalationSize, null],
    ["Mean DLTs (both phases)", "totalDlts", M, (c) => c.totalDlts, (c) => c.totalDltsSE],
    ["Mean patients above the true MTD", "patientsAboveMtd", M, (c) => c.patientsAboveMtd, null],
    ["Share of patients above the true MTD", "shareAboveMtd", P, (c) => c.shareAboveMtd, null],
  ];
  const head =
    `<tr><th scope="col">statistic</th>${results
      .map((r, k) => `<th scope="col" class="num">${multi ? escapeHtml(names[k]) : "value"}</th>${anyMc ? `<th scope="col" class="se">${isMc(r) ? "± SE" : ""}</th>` : ""}`)
      .join("")}</tr>`;
  let body = "";
  for (const [label, key, digits, value, se] of stats) {
    if (results.every((r) => value(r.curves[curve]) === null)) continue;
    body += `<tr><th scope="row">${label}</th>${results
      .map((r, k) => {
        const c = r.curves[curve];
        return num(value(c), digits, { key, design: k }) + (anyMc ? (isMc(r) && se ? seCell(se(c), digits, { key: `${key}SE`, design: k }) : `<td class="se"></td>`) : "");
      })
      .join("")}</tr>`;
  }
  const reasons = [...new Set(results.flatMap((r) => Object.keys(r.curves[curve].stopReasons)))];
  for (const reason of reasons) {
    body += `<tr class="reason"><th scope="row">Escalation ended: <span class="reason-name">${escapeHtml(reason)}</span></th>${results
      .map((r, k) => num(r.curves[curve].stopReasons[reason] ?? 0, P, { key: `stopReason:${reason}`, design: k }) + (anyMc ? `<td class="se"></td>` : ""))
      .join("")}</tr>`;
  }
  return `<div class="table-wrap"><table class="numbers summary" data-table="summary"><caption>Summary</caption><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
}

function renderCurve(results: readonly RunResult[], curve: number, names: string[], charts: readonly ReportChart[], options: HtmlOptions): string {
  const r0 = results[0];
  const c0 = r0.curves[curve];
  const truth = c0.truth.map((p) => formatNumber(p, 2)).join(", ");
  const mtd =
    c0.trueMtd === null
      ? "no target, so no true MTD"
      : c0.trueMtd === 0
        ? `true MTD: none, every dose is overly toxic (even the lowest dose's true DLT rate is at least 1.4 × the target ${escapeHtml(String(r0.target))}), so the correct selection is no MTD`
        : `true MTD: dose ${c0.trueMtd} (${escapeHtml(r0.ladder.doses[c0.trueMtd - 1].label)}), the dose whose true DLT rate is closest to the target ${escapeHtml(String(r0.target))}`;
  const multi = results.length > 1;
  const out: string[] = [];
  out.push(`<section class="curve" id="curve-${curve + 1}" data-curve="${curve}">`);
  out.push(`<h2><span class="eyebrow">Curve ${curve + 1} of ${r0.curves.length}</span><span class="curve-name">${escapeHtml(c0.name)}</span></h2>`);
  out.push(`<p class="lede">True DLT probabilities ${truth}; ${mtd}.</p>`);
  out.push(`<div class="figures">`);
  out.push(`<div class="summary-block${multi ? " wide" : ""}">${inDesignBlocks(results, names, (rs, ns) => renderSummary(rs, curve, ns))}</div>`);
  for (const chart of charts) {
    const wide = chart.kind === "expansion" || chart.kind === "efficacy" || chart.kind === "timeline" || chart.kind === "duration" || (multi && chart.kind !== "truth");
    // printed, one design's expansion chart and table fit half the A4 width, beside the sample size
    const printHalf = !multi && chart.kind === "expansion";
    const svg = options.staticSvg?.[chart.id];
    const compiled = compileChart(chart.spec).spec;
    out.push(`<figure class="chart${wide ? " wide" : ""}${printHalf ? " print-half" : ""}" data-chart="${chart.id}" data-kind="${chart.kind}">`);
    out.push(`<figcaption>${escapeHtml(chart.title)}</figcaption>`);
    out.push(`<div class="plot">${svg ? `<div class="static">${prefixSvgIds(svg, `s-${chart.id}`)}</div>` : ""}<div class="live" aria-hidden="true"></div></div>`);
    out.push(`<script type="application/json" id="spec-${chart.id}">${jsonForScript(compiled)}</script>`);
    out.push(chart.kind === "truth" || chart.kind === "duration" || chart.kind === "timeline" ? tableFor(chart.kind, results, curve, names) : inDesignBlocks(results, names, (rs, ns) => tableFor(chart.kind, rs, curve, ns, multi), chart.kind === "expansion" && results.some(isMc) ? 2 : DESIGNS_PER_BLOCK));
    out.push(`</figure>`);
  }
  out.push(`</div>`);
  out.push(`</section>`);
  return out.join("\n");
}

/** The script that swaps each static SVG for a live vega view; a failure leaves the static one. */
export const BOOT = `(function () {
  var vega = window.vega;
  if (!vega) return;
  var figures = document.querySelectorAll("figure[data-chart]");
  Array.prototype.forEach.call(figures, function (fig) {
    var id = fig.getAttribute("data-chart");
    var host = fig.querySelector(".live");
    try {
      var spec = JSON.parse(document.getElementById("spec-" + id).textContent);
      var view = new vega.View(vega.parse(spec), { renderer: "svg", container: host, hover: true });
      view.runAsync().then(function () {
        var still = fig.querySelector(".static");
        if (still) still.parentNode.removeChild(still);
        host.removeAttribute("aria-hidden");
        fig.setAttribute("data-rendered", "live");
      }, function (e) { console.error("doseladder: chart " + id + ": " + e); });
    } catch (e) {
      console.error("doseladder: chart " + id + ": " + e);
    }
  });
})();`;

export const CSS = `
:root { --ink: #1d2329; --muted: #5b6670; --rule: #d5dbe1; --soft: #f4f6f8; --accent: #3f6e9e; --mtd: #fbf1cf; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
.page { max-width: 1180px; margin: 0 auto; padding: 28px 32px 48px; }
h1 { font-size: 26px; line-height: 1.2; margin: 2px 0 14px; font-weight: 650; letter-spacing: -0.01em; }
h2 { font-size: 19px; margin: 0 0 6px; font-weight: 650; }
h3 { font-size: 15px; margin: 12px 0 2px; }
.kicker, .eyebrow { text-transform: uppercase; letter-spacing: 0.08em; font-size: 11px; color: var(--muted); margin: 0; font-weight: 600; }
.eyebrow { display: block; margin-bottom: 2px; }
.muted { color: var(--muted); }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.92em; }
.report-header { border-bottom: 2px solid var(--ink); padding-bottom: 14px; margin-bottom: 18px; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 6px 28px; margin: 0; }
.facts div { display: flex; gap: 10px; border-top: 1px solid var(--rule); padding-top: 4px; }
.facts dt { flex: 0 0 110px; color: var(--muted); font-size: 12.5px; }
.facts dd { margin: 0; font-size: 13px; }
.designs { margin-bottom: 22px; }
.design-meta { color: var(--muted); font-size: 12.5px; margin: 0 0 4px; }
.description { max-width: 80ch; margin: 4px 0 12px; }
nav.toc { font-size: 13px; margin: 0 0 20px; padding: 8px 12px; background: var(--soft); border-radius: 4px; }
nav.toc a { color: var(--accent); text-decoration: none; margin-right: 14px; white-space: nowrap; }
.curve { border-top: 1px solid var(--rule); padding-top: 18px; margin-top: 26px; }
.curve-name { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 18px; }
.lede { color: var(--muted); margin: 0 0 12px; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(480px, 1fr)); gap: 22px 28px; margin-top: 14px; }
figure.chart { margin: 0; min-width: 0; }
figure.chart.wide, .summary-block.wide { grid-column: 1 / -1; }
.summary-block { min-width: 0; }
figcaption { font-weight: 650; font-size: 13.5px; margin-bottom: 4px; }
.plot { min-height: 40px; overflow-x: auto; }
.plot svg { max-width: 100%; height: auto; display: block; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 12.5px; margin: 6px 0 0; font-variant-numeric: tabular-nums lining-nums; }
caption { text-align: left; color: var(--muted); font-size: 12px; padding: 2px 0 4px; caption-side: top; }
th, td { padding: 3px 8px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: baseline; }
thead th { border-bottom: 1.5px solid var(--ink); font-weight: 600; font-size: 12px; white-space: nowrap; }
tbody th { font-weight: 500; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.se, th.se { text-align: left; color: var(--muted); padding-left: 0; font-size: 11.5px; white-space: nowrap; }
td.cum { color: var(--muted); }
td.label, th.dose { white-space: nowrap; }
td.param { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12px; }
tr.true-mtd td, tr.true-mtd th { background: var(--mtd); }
tr.none td, tr.none th, tr.total td, tr.total th { border-top: 1.5px solid var(--ink); }
tr.design-span th { text-align: center; border-bottom: 1px solid var(--rule); font-size: 12px; }
.badge { display: inline-block; font-size: 9.5px; font-weight: 700; letter-spacing: 0.04em; color: #6b5a1e; background: #f1dc95; border-radius: 3px; padding: 0 4px; vertical-align: 1px; }
table.params { margin-top: 4px; }
p.caption { color: var(--muted); font-size: 12px; margin: 0 0 4px; }
dl.params { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 0 28px; margin: 0 0 8px; font-size: 12.5px; }
dl.params div { display: flex; justify-content: space-between; gap: 12px; border-bottom: 1px solid var(--rule); padding: 2px 0; }
dl.params dt { color: var(--ink); }
dl.params dd { margin: 0; font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12px; text-align: right; }
table.params th[scope=row] { font-weight: 400; }
table.decision th[scope=row] { white-space: nowrap; }
table.summary { margin-bottom: 4px; }
.reason-name { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.95em; }
footer { margin-top: 36px; border-top: 1px solid var(--rule); padding-top: 10px; color: var(--muted); font-size: 12px; }
footer p { margin: 4px 0; max-width: 100ch; }
.notes { color: var(--muted); font-size: 12.5px; margin: 0 0 18px; }
.notes p { margin: 2px 0; max-width: 110ch; }
@media print {
  /* A4: each curve starts a page and fills one or two; charts sit two a row, each with its table */
  @page { size: A4; margin: 14mm 12mm; }
  body { font-size: 9pt; }
  .page { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h1 { font-size: 19pt; margin-bottom: 8pt; }
  .report-header { padding-bottom: 8pt; margin-bottom: 10pt; }
  .facts { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 2pt 16pt; }
  .facts dt { flex-basis: 80pt; }
  .curve { break-before: page; border-top: none; margin-top: 0; padding-top: 0; }
  .lede { margin-bottom: 4pt; }
  figure.chart, table, .report-header, .summary-block, .params-block { break-inside: avoid; }
  h2, figcaption, caption { break-after: avoid; }
  .figures { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 10pt 14pt; align-items: start; margin-top: 6pt; }
  figure.chart.wide:not(.print-half), .summary-block.wide { grid-column: 1 / -1; }
  figure.chart.print-half { grid-column: auto; }
  figure.chart { margin: 0; }
  figure.chart[data-kind="timeline"] { break-before: page; }
  figure.chart[data-kind="timeline"] .plot svg { max-height: 70mm; width: auto; }
  figure.chart[data-kind="timeline"] table { line-height: 1.15; }
  figure.chart[data-kind="timeline"] td, figure.chart[data-kind="timeline"] th { padding-top: 0; padding-bottom: 0; }
  footer { display: none; }
  .notes { font-size: 7pt; margin-bottom: 6pt; }
  .notes p { display: inline; margin: 0; }
  .description { font-size: 8pt; margin-bottom: 6pt; }
  .plot { overflow: visible; }
  .table-wrap { overflow: visible; }
  table { font-size: 7pt; line-height: 1.25; }
  th, td { padding: 1px 2px; }
  td.label, th.dose { white-space: normal; }
  .badge { font-size: 6pt; padding: 0 2px; }
  td.se, th.se { padding-right: 1px; }
  thead th, thead th.num, thead th.se { white-space: normal; font-size: 7pt; }
  td.se, th.se { font-size: 6.5pt; }
  caption, p.caption { font-size: 7pt; }
  dl.params { font-size: 7.5pt; }
  dl.params dd { font-size: 7pt; }
  a { color: inherit; text-decoration: none; }
}
`;

/**
 * The report as one HTML document: header (designs, parameters, scenario, seed, trials or
 * "exact", version, date, decision tables), then per truth curve a summary table and the
 * charts, each with the table of its numbers under it. `result` may be several results of
 * different designs on one scenario; they appear side by side.
 *
 * Every name and label from a configuration is HTML-escaped; chart specs are embedded as JSON
 * with `<`, `>`, `&`, U+2028 and U+2029 escaped.
 *
 * @example renderHtml(result, { date: "2025-01-31" }) // => "<!doctype html>..." (static, no scripts)
 * @throws Error when the results do not share the ladder and curves.
 */
export function renderHtml(result: RunResult | readonly RunResult[], options: HtmlOptions): string {
  const results = toList(result);
  checkComparable(results);
  const names = designLabels(results);
  const charts = reportCharts(results, { targetBand: options.targetBand ?? DEFAULT_TARGET_BAND });
  const r0 = results[0];
  const title = `${results.length === 1 ? r0.design.name : names.join(" vs ")} on ${r0.scenario.name}`;
  const band = options.targetBand ?? DEFAULT_TARGET_BAND;
  const anyMc = results.some(isMc);
  const out: string[] = [];
  openDocument(out, title, r0.doseladder, CSS);
  out.push(`<div class="page">`);
  out.push(renderHeader(results, names, options));
  out.push(
    `<nav class="toc" aria-label="Curves">Curves: ${r0.curves.map((c, i) => `<a href="#curve-${i + 1}">${escapeHtml(c.name)}</a>`).join(" ")}</nav>`,
  );
  // how to read the numbers: before the curves, so that the notes print on the first page (not alone on the last)
  out.push(`<section class="notes" aria-label="Reading the numbers">`);
  if (anyMc) out.push(`<p>Monte Carlo results: “± SE” columns are one standard error; whiskers in the selection charts span ± 1.96 standard errors. Exact results have no simulation error.</p>`);
  if (r0.target !== null) out.push(`<p>The shaded band in the dose-ladder chart is the target DLT rate ± ${escapeHtml(String(band))}. The true MTD is the dose whose true DLT rate is closest to the target, or no dose when even the lowest dose is overly toxic (rate ≥ 1.4 × target).</p>`);
  out.push(`<p>Mean patients and DLTs count the escalation phase; “exp.” columns count the expansion phase; the sample size counts both.</p>`);
  out.push(`</section>`);
  out.push(`<main>`);
  r0.curves.forEach((_, i) => out.push(renderCurve(results, i, names, charts.filter((c) => c.id.startsWith(`c${i}-`)), options)));
  out.push(`</main>`);
  // printed, the header already names the version and the date: the footer would only add a page
  out.push(`<footer>`);
  out.push(`<p>Generated by doseladder ${escapeHtml(r0.doseladder)} on ${escapeHtml(options.date)}. Charts are vega renderings of the tables’ numbers; the file needs no network.</p>`);
  out.push(`</footer>`);
  return closeDocument(out, options.vegaScript);
}

/** Start a report page (doctype, head with the escaped title and the styles, body), into `out`. */
export function openDocument(out: string[], title: string, version: string, css: string): void {
  out.push(`<!doctype html>`);
  out.push(`<html lang="en">`);
  out.push(`<head>`);
  out.push(`<meta charset="utf-8">`);
  out.push(`<meta name="viewport" content="width=device-width, initial-scale=1">`);
  out.push(`<meta name="generator" content="doseladder ${escapeHtml(version)}">`);
  out.push(`<title>${escapeHtml(title)}</title>`);
  out.push(`<style>${css}</style>`);
  out.push(`</head>`);
  out.push(`<body>`);
}

/** End a report page: close the page, inline vega and the boot script when given, close the document. */
export function closeDocument(out: string[], vegaScript: string | undefined): string {
  out.push(`</div>`);
  if (vegaScript) {
    out.push(`<script id="vega-library">${inlineScript(vegaScript)}</script>`);
    out.push(`<script>${BOOT}</script>`);
  }
  out.push(`</body>`);
  out.push(`</html>`);
  return out.join("\n") + "\n";
}
