/**
 * The statistical-design section of a protocol, from a run: the design in words (from its
 * resolved parameters, see protocol-text.ts), its decision table in the published layout, the
 * operating-characteristics table in the conventional layout (per scenario: true DLT rates,
 * selection %, patients per dose, % stopped early, mean N) and how the numbers were computed.
 * The section is built once as a small document model and written as Markdown here or as Word
 * by protocol-docx.ts, so both formats hold the same words and numbers.
 */
import type { RunResult } from "../engine/run.js";
import type { CurveResult } from "./summary.js";
import { conductText, designText, modifierTexts, rate, type TextContext } from "./protocol-text.js";

/** A table cell; `span` merges it over that many columns (scenario heading rows). */
export interface Cell {
  readonly text: string;
  readonly bold?: boolean;
  readonly span?: number;
}

export interface ProtocolTable {
  /** What the table is (a stable name tests and readers can find it by). */
  readonly id: "decision-table" | "operating-characteristics" | "expansion-monitoring";
  readonly caption: string;
  readonly header: readonly Cell[];
  readonly rows: readonly (readonly Cell[])[];
  readonly note?: string;
}

export type Block =
  | { readonly kind: "heading"; readonly level: 1 | 2; readonly text: string }
  | { readonly kind: "paragraph"; readonly text: string }
  | { readonly kind: "table"; readonly table: ProtocolTable };

export interface ProtocolDoc {
  readonly title: string;
  readonly blocks: readonly Block[];
}

/** Data columns per block of a wide horizontal table (decision tables): wider ones wrap. */
export const MAX_TABLE_COLUMNS = 12;

/** Percent with one decimal, as the operating-characteristics table prints it. */
export const pct = (p: number): string => (100 * p).toFixed(1);
/** Mean patients with one decimal. */
export const mean1 = (x: number): string => x.toFixed(1);
/** Days in a month (365.25 / 12): durations are printed in months. */
const DAYS_PER_MONTH = 365.25 / 12;
/** A duration in days, printed in months with one decimal. */
export const months1 = (d: number): string => (d / DAYS_PER_MONTH).toFixed(1);

/** Whether every curve of a run carries timing statistics (a run in calendar time). */
const isTimed = (r: RunResult): boolean => r.timing !== undefined && r.curves.every((cv) => cv.timing !== undefined);

const c = (text: string, bold = false): Cell => (bold ? { text, bold } : { text });

/** Split a horizontal table (label column + data columns) into blocks of at most `max` data columns. */
function wrapColumns(t: Omit<ProtocolTable, "id"> & { id: ProtocolTable["id"] }, max = MAX_TABLE_COLUMNS): ProtocolTable[] {
  const data = t.header.length - 1;
  if (data <= max) return [t];
  const out: ProtocolTable[] = [];
  for (let from = 1, part = 1; from <= data; from += max, part++) {
    const to = Math.min(from + max, data + 1);
    const cut = (row: readonly Cell[]) => [row[0], ...row.slice(from, to)];
    out.push({
      id: t.id,
      caption: part === 1 ? t.caption : `${t.caption} (continued)`,
      header: cut(t.header),
      rows: t.rows.map(cut),
      note: to > data ? t.note : undefined,
    });
  }
  return out;
}

/** The decision table in the layout of R BOIN's get.boundary: one column per number of patients. */
function decisionTableBlocks(r: RunResult, note: string | undefined): ProtocolTable[] {
  const rows = r.decisionTable ?? [];
  if (rows.length === 0) return [];
  const v = (x: number | null) => c(x === null ? "-" : String(x));
  return wrapColumns({
    id: "decision-table",
    caption: "Dose-escalation decision table: the number of DLTs at the current dose that leads to each decision, by the number of patients treated at it",
    header: [c("Number of patients treated"), ...rows.map((x) => c(String(x.n)))],
    rows: [
      [c("Escalate if # of DLT <="), ...rows.map((x) => v(x.escalateAtMost))],
      [c("Deescalate if # of DLT >="), ...rows.map((x) => v(x.deEscalateAtLeast))],
      [c("Eliminate if # of DLT >="), ...rows.map((x) => v(x.eliminateAtLeast))],
    ],
    note: (note ? note + " " : "") + "“-” means the decision cannot occur with that number of patients.",
  });
}

const hasExpansion = (r: RunResult): boolean => r.curves.some((cv) => cv.expansionPatients.some((x) => x > 0)) || /\+expansion/.test(r.design.type);

/** The operating-characteristics table: one block of rows per scenario curve. */
export function operatingCharacteristics(r: RunResult): ProtocolTable {
  const K = r.ladder.doses.length;
  const timed = isTimed(r);
  const width = K + 3 + (timed ? 1 : 0);
  const expansion = hasExpansion(r);
  // the duration column: the mean trial duration, on the row of the mean sample size
  const dur = (cv: CurveResult, on: boolean): Cell[] => (timed ? [c(on ? months1(cv.timing!.duration.mean) : "")] : []);
  const rows: Cell[][] = [];
  r.curves.forEach((cv: CurveResult, i) => {
    const mtd = cv.trueMtd;
    const mtdText = mtd === null ? "" : mtd === 0 ? " (no acceptable dose)" : ` (true MTD: dose level ${mtd})`;
    rows.push([{ text: `Scenario ${i + 1}: ${cv.name}${mtdText}`, bold: true, span: width }]);
    rows.push([c("True DLT rate"), ...cv.truth.map((p, d) => c(String(p), mtd === d + 1)), c(""), c(""), ...dur(cv, false)]);
    rows.push([c("Selection %"), ...cv.selection.map((p, d) => c(pct(p), mtd === d + 1)), c(pct(cv.noMtd), mtd === 0), c(""), ...dur(cv, false)]);
    if (expansion) {
      rows.push([c("Patients, escalation"), ...cv.patients.map((x) => c(mean1(x))), c(""), c(mean1(cv.sampleSize)), ...dur(cv, true)]);
      rows.push([c("Patients, expansion"), ...cv.expansionPatients.map((x) => c(mean1(x))), c(""), c(""), ...dur(cv, false)]);
    } else {
      rows.push([c("Patients treated"), ...cv.patients.map((x) => c(mean1(x))), c(""), c(mean1(cv.sampleSize)), ...dur(cv, true)]);
    }
  });
  return {
    id: "operating-characteristics",
    caption: `Operating characteristics of the design under ${r.curves.length} toxicity scenario${r.curves.length === 1 ? "" : "s"}`,
    header: [c("Dose level"), ...r.ladder.doses.map((d) => c(d.label)), c("% stopped early"), c("Mean N"), ...(timed ? [c("Mean duration (months)")] : [])],
    rows,
    note:
      `Selection %: percentage of trials selecting each dose as the MTD. % stopped early: percentage of trials that stopped without selecting any dose. ` +
      `Patients${expansion ? ", escalation and expansion" : " treated"}: mean number of patients treated at each dose${expansion ? " in each phase" : ""}. Mean N: mean total sample size. ` +
      (timed ? `Mean duration: mean time from the first referred patient until the last enrolled patient's follow-up ends (or the final decision, if later), in months of 365.25/12 days. ` : "") +
      (r.target !== null ? `The true MTD (in bold) is the dose whose true DLT rate is closest to the target of ${rate(r.target)}.` : ""),
  };
}

/** How the numbers were computed, in one or two sentences. */
export function methodSentence(r: RunResult): string {
  if (r.method === "exact") {
    return `The operating characteristics were computed exactly, by enumerating every possible sequence of cohort outcomes (${r.exactStates ?? 0} distinct trial states), with doseladder ${r.doseladder}; they carry no simulation error.`;
  }
  const maxSel = Math.max(...r.curves.flatMap((cv) => [...cv.selectionSE, cv.noMtdSE]));
  const maxN = Math.max(...r.curves.map((cv) => cv.sampleSizeSE));
  const maxDur = isTimed(r) ? Math.max(...r.curves.map((cv) => cv.timing!.duration.se)) : null;
  return (
    `The operating characteristics were estimated from ${r.trials} simulated trials per scenario${maxDur !== null ? ", each simulated in calendar time patient by patient," : ""} with doseladder ${r.doseladder} (seed "${r.seed}", generator ${r.generator}); ` +
    `their Monte Carlo standard errors are at most ${pct(maxSel)} percentage points for the selection percentages${maxDur !== null ? "," : " and"} ${maxN.toFixed(2)} patients for the mean sample size` +
    (maxDur !== null ? ` and ${months1(maxDur)} months for the mean duration.` : ".")
  );
}

/** A sentence on the probability of correct selection across scenarios. */
function correctSelectionSentence(r: RunResult): string | null {
  const withPcs = r.curves.filter((cv) => cv.correctSelection !== null);
  if (withPcs.length === 0) return null;
  const lo = withPcs.reduce((a, b) => ((b.correctSelection ?? 0) < (a.correctSelection ?? 0) ? b : a));
  const hi = withPcs.reduce((a, b) => ((b.correctSelection ?? 0) > (a.correctSelection ?? 0) ? b : a));
  if (withPcs.length === 1) return `The probability of selecting the true MTD is ${pct(lo.correctSelection!)}%.`;
  return `The probability of making the correct selection ranges from ${pct(lo.correctSelection!)}% (scenario ${r.curves.indexOf(lo) + 1}, ${lo.name}) to ${pct(hi.correctSelection!)}% (scenario ${r.curves.indexOf(hi) + 1}, ${hi.name}).`;
}

/**
 * The response assessment behind the durations, when the design waits for responses (BOIN12's
 * dose decisions, an efficacy expansion's looks and end): a sentence, or "" otherwise.
 */
function responseAssessment(r: RunResult): string {
  const parts = r.design.type.split("+");
  const boin12 = parts.includes("boin12");
  const expansion = parts.includes("efficacy-expansion");
  // (a timed run of either needs response rates on every curve)
  if (!boin12 && !expansion) return "";
  const m = Number(r.timing?.scenario.responseMonths ?? 12);
  const when = m === 0 ? "at the first infusion" : `${Number(m.toFixed(1))} month${m === 1 ? "" : "s"} after the first infusion`;
  const waits: string[] = [];
  if (boin12) waits.push("each dose decision waits for the response assessments of its cohort");
  if (expansion) waits.push("the trial ends with the response assessment of the last expansion patient");
  return ` Each patient's response is assessed ${when}; ${waits.join(", and ")}, so the durations include the assessment time.`;
}

/** A sentence on the mean trial duration across scenarios (runs in calendar time), and the response assessment it includes. */
export function durationSentence(r: RunResult): string | null {
  if (!isTimed(r)) return null;
  const d = r.curves.map((cv) => cv.timing!.duration.mean);
  const lo = d.indexOf(Math.min(...d));
  const hi = d.indexOf(Math.max(...d));
  const assessed = responseAssessment(r);
  if (r.curves.length === 1) return `The mean trial duration is ${months1(d[0])} months.${assessed}`;
  return `The mean trial duration ranges from ${months1(d[lo])} months (scenario ${lo + 1}, ${r.curves[lo].name}) to ${months1(d[hi])} months (scenario ${hi + 1}, ${r.curves[hi].name}).${assessed}`;
}

/**
 * Build the protocol section of a run. `tableNote` is the design's note on reading its decision
 * table; `decidesWithPending` says that the design decides with patients still in their DLT
 * window (Design.decidesWithPending), for the conduct paragraph of a run in calendar time.
 */
export function buildProtocol(r: RunResult, options: { tableNote?: string; decidesWithPending?: boolean } = {}): ProtocolDoc {
  const p = r.design.parameters;
  const ctx: TextContext = { labels: r.ladder.doses.map((d) => d.label), target: r.target };
  const t = designText(p, ctx);
  const mods = modifierTexts(r.design.type, p, ctx);
  const K = r.ladder.doses.length;
  const doses = r.ladder.doses.map((d, i) => `${i + 1}: ${d.label}`).join("; ");
  const blocks: Block[] = [];
  const para = (text: string) => blocks.push({ kind: "paragraph", text });
  const heading = (text: string, level: 1 | 2 = 2) => blocks.push({ kind: "heading", level, text });
  const table = (tb: ProtocolTable) => blocks.push({ kind: "table", table: tb });

  heading("Statistical design", 1);
  para(
    `The dose-escalation part of the study follows ${t.name}${t.reference ? ` (${t.reference})` : ""}, over ${K} dose levels (${doses}${r.ladder.unit ? `; ${r.ladder.unit}` : ""}).` +
      (mods.length > 0 ? ` It is complemented by ${mods.map((m) => m.phrase ?? m.title.toLowerCase()).join(" and ")}, described below.` : ""),
  );
  heading("Dose escalation");
  t.escalation.forEach(para);
  for (const tb of decisionTableBlocks(r, options.tableNote)) table(tb);
  if (t.stopping.length > 0) {
    heading("Stopping and elimination rules");
    t.stopping.forEach(para);
  }
  if (t.selection.length > 0) {
    heading("Selection of the MTD");
    t.selection.forEach(para);
  }
  for (const m of mods) {
    heading(m.title);
    m.paragraphs.forEach(para);
    if (m.table) {
      for (const tb of wrapColumns({ id: "expansion-monitoring", caption: m.table.caption, header: m.table.header.map((x) => c(x)), rows: m.table.rows.map((row) => row.map((x) => c(x))) })) table(tb);
    }
  }
  if (r.timing !== undefined) {
    const words = conductText(r.timing, { decidesWithPending: options.decidesWithPending, backfill: r.design.type.split("+").includes("backfill"), expansion: hasExpansion(r) });
    heading("Trial conduct and timing");
    words.conduct.forEach(para);
    words.assumptions.forEach(para);
  }
  heading("Operating characteristics");
  para(
    `The operating characteristics of the design were evaluated under ${r.curves.length} toxicity scenario${r.curves.length === 1 ? "" : "s"} (${r.scenario.name}).` +
      (r.target !== null
        ? ` In each scenario the true MTD is the dose whose true DLT rate is closest to the target of ${rate(r.target)}; when even the lowest dose is far more toxic than the target, the correct decision is to select no dose.`
        : ""),
  );
  table(operatingCharacteristics(r));
  const pcs = correctSelectionSentence(r);
  if (pcs) para(pcs);
  const duration = durationSentence(r);
  if (duration) para(duration);
  para(methodSentence(r));
  return { title: `Statistical design: ${r.design.name}`, blocks };
}

// ---- Markdown ------------------------------------------------------------------------------

const mdEscape = (s: string): string => s.replace(/\|/g, "\\|");
const mdCell = (x: Cell): string => (x.text === "" ? "" : x.bold ? `**${mdEscape(x.text)}**` : mdEscape(x.text));

function mdTable(t: ProtocolTable): string[] {
  const width = t.header.length;
  const row = (cells: readonly Cell[]) => {
    const out: string[] = [];
    for (const x of cells) {
      out.push(mdCell(x));
      for (let i = 1; i < (x.span ?? 1); i++) out.push("");
    }
    while (out.length < width) out.push("");
    return `| ${out.join(" | ")} |`;
  };
  return [`*${mdEscape(t.caption)}*`, "", row(t.header), `|${t.header.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`, ...t.rows.map(row), ...(t.note ? ["", t.note] : [])];
}

/** The protocol section as Markdown. */
export function protocolMarkdown(doc: ProtocolDoc): string {
  const out: string[] = [];
  for (const b of doc.blocks) {
    if (b.kind === "heading") out.push(`${"#".repeat(b.level)} ${b.text}`);
    else if (b.kind === "paragraph") out.push(b.text);
    else out.push(mdTable(b.table).join("\n"));
  }
  return out.join("\n\n") + "\n";
}
