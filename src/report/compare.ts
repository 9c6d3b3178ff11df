/**
 * Output of `doseladder compare`: a terminal table, and long-format CSV with one row per
 * curve × design × statistic (× dose for the selection probabilities).
 */
import type { CompareResult, CompareRow } from "../engine/compare.js";
import { csvField } from "./csv.js";

/** The CSV columns, in order (the README documents each). */
export const COMPARE_CSV_COLUMNS = [
  "scenario",
  "curve",
  "trueMtd",
  "trials",
  "seed",
  "design",
  "designIndex",
  "reference",
  "statistic",
  "dose",
  "value",
  "valueSE",
  "difference",
  "seCoupled",
  "seIndependent",
  "seRatio",
] as const;

/** seIndependent / seCoupled, or null when undefined (the reference row, or both zero). */
export function seRatio(row: CompareRow): number | null {
  if (row.seCoupled === null || row.seIndependent === null) return null;
  if (row.seCoupled > 0) return row.seIndependent / row.seCoupled;
  return row.seIndependent > 0 ? Infinity : null;
}

/** The whole CSV text. */
export function compareCsv(r: CompareResult): string {
  const lines: string[] = [COMPARE_CSV_COLUMNS.join(",")];
  const reference = r.designs[0].name;
  for (const c of r.curves) {
    r.designs.forEach((d, j) => {
      for (const row of c.rows[j]) {
        const ratio = seRatio(row);
        const fields = [
          r.scenario.name,
          c.name,
          c.trueMtd,
          r.trials,
          r.seed,
          d.name,
          j + 1,
          reference,
          row.stat,
          row.dose,
          row.value,
          row.se,
          row.difference,
          row.seCoupled,
          row.seIndependent,
          ratio === Infinity ? "Inf" : ratio,
        ];
        lines.push(fields.map(csvField).join(","));
      }
    });
  }
  return lines.join("\n") + "\n";
}

const LABELS: Record<string, string> = {
  noMtd: "P(no MTD)",
  correctSelection: "P(correct selection)",
  aboveMtdSelection: "P(select above true MTD)",
  accuracyIndex: "accuracy index",
  sampleSize: "sample size",
  patientsAboveMtd: "patients above true MTD",
  totalDlts: "total DLTs",
  "efficacy.optimalDoseRecommended": "P(recommend optimal dose)",
  "efficacy.noDose": "P(no dose recommended)",
  "efficacy.twoDoses": "P(two doses expanded)",
  "efficacy.betterOfTwo": "P(better of two recommended)",
  "efficacy.expectedExpansionPatients": "expansion patients",
  "efficacy.expectedPatients": "patients (both phases)",
  "efficacy.expectedResponders": "expansion responders",
  durationMonths: "trial duration (months)",
  mtdDecisionMonths: "MTD decision (months)",
};
/** Efficacy statistics that are probabilities (3 decimals); the others are means (2). */
const EFFICACY_PROBABILITIES = new Set(["efficacy.optimalDoseRecommended", "efficacy.noDose", "efficacy.twoDoses", "efficacy.betterOfTwo"]);
const label = (row: CompareRow) => (row.stat === "selection" ? `P(select dose ${row.dose})` : LABELS[row.stat]);
const digits = (row: CompareRow) =>
  row.stat === "durationMonths" || row.stat === "mtdDecisionMonths" ? 1 : row.stat === "selection" || row.stat === "noMtd" || row.stat === "correctSelection" || row.stat === "aboveMtdSelection" || row.stat === "accuracyIndex" || EFFICACY_PROBABILITIES.has(row.stat) ? 3 : 2;
const signed = (x: number, k: number) => (x > 0 ? "+" : x < 0 ? "" : " ") + x.toFixed(k);

function pad(rows: string[][], left: number): string {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => (r[j] ?? "").length)));
  return rows.map((r) => "  " + r.map((c, j) => (j < left ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join("  ")).join("\n");
}

/** The terminal table. */
export function compareTable(r: CompareResult): string {
  const out: string[] = [];
  const timed = r.method === "monte-carlo-crn-timed";
  out.push(`Comparison on ${r.scenario.name}: Monte Carlo${timed ? " in calendar time" : ""} with common random numbers, ${r.trials} trials, seed ${JSON.stringify(r.seed)} (± one standard error)`);
  out.push(`Designs paired ${r.pairing}`);
  if (r.ladder.unit || r.target !== null) out.push([r.ladder.unit ? `Doses in ${r.ladder.unit}` : "", r.target !== null ? `target DLT rate ${r.target}` : ""].filter(Boolean).join("; "));
  r.designs.forEach((d, j) => out.push(`  [${j + 1}] ${d.name} [${d.type}] (${d.file})${j === 0 ? ": the reference" : ""}`));
  for (const c of r.curves) {
    out.push("");
    out.push(`Curve "${c.name}"${c.trueMtd === null ? "" : c.trueMtd === 0 ? " (true MTD: none, every dose is overly toxic)" : ` (true MTD: dose ${c.trueMtd})`}: truth ${c.truth.map((p) => p.toFixed(3)).join(", ")}`);
    const header = ["statistic", ...r.designs.map((_, j) => `[${j + 1}]`)];
    const table: string[][] = [header];
    c.rows[0].forEach((row, s) => {
      const k = digits(row);
      table.push([label(row), ...r.designs.map((_, j) => `${c.rows[j][s].value.toFixed(k)} ±${c.rows[j][s].se.toFixed(k)}`)]);
    });
    out.push(pad(table, 1));
    out.push("");
    out.push(`  differences from [1]: SE under common random numbers, SE independent runs would give, and their ratio`);
    const diff: string[][] = [["design", "statistic", "difference", "SE (CRN)", "SE (indep.)", "ratio"]];
    for (let j = 1; j < r.designs.length; j++) {
      for (const row of c.rows[j]) {
        const k = digits(row) + 1;
        const ratio = seRatio(row);
        diff.push([
          `[${j + 1}]`,
          label(row),
          signed(row.difference!, k - 1),
          row.seCoupled!.toFixed(k),
          row.seIndependent!.toFixed(k),
          ratio === null ? "-" : ratio === Infinity ? "inf" : `${ratio.toFixed(2)}x`,
        ]);
      }
    }
    out.push(pad(diff, 2));
  }
  return out.join("\n") + "\n";
}
