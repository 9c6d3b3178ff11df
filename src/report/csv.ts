/**
 * Long-format CSV: one row per curve and dose, plus a "none" row per curve carrying the
 * probability of selecting no dose. Curve-level statistics repeat on every row of the curve,
 * so the file reads straight into R (read.csv) or pandas with no reshaping.
 */
import type { RunResult } from "../engine/run.js";
import { STOP_REASONS } from "../model/decision.js";

/** "lowest-dose-too-toxic" → "stopLowestDoseTooToxic": the CSV column of a stop reason's probability. */
export function stopColumn(reason: string): string {
  return "stop" + reason.split("-").map((w) => w[0].toUpperCase() + w.slice(1)).join("");
}
import { TIMING_CSV_COLUMNS, timingCsvValues } from "./timing.js";
import { EFFICACY_CSV_COLUMNS, efficacyCsvValues } from "./efficacy.js";

/** Quote a CSV field when it needs it (RFC 4180). */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return "";
  const s = typeof v === "number" ? (Number.isInteger(v) ? String(v) : String(+v.toPrecision(10))) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The CSV columns, in order (the README documents each): the fixed ones, then one per stop reason. */
export const CSV_COLUMNS: readonly string[] = [
  "design",
  "scenario",
  "curve",
  "method",
  "trials",
  "seed",
  "dose",
  "label",
  "amount",
  "truth",
  "trueMtd",
  "selection",
  "selectionSE",
  "patients",
  "patientsSE",
  "dlts",
  "dltsSE",
  "expansionPatients",
  "expansionDlts",
  "noMtd",
  "noMtdSE",
  "correctSelection",
  "correctSelectionSE",
  "sampleSize",
  "sampleSizeSE",
  "sampleSizeSD",
  "totalDlts",
  "patientsAboveMtd",
  "shareAboveMtd",
  "aboveMtd",
  "aboveMtdSE",
  "accuracyIndex",
  "accuracyIndexSE",
  ...STOP_REASONS.map(stopColumn),
];

/** One CSV row per result row, as arrays of values in column order. */
export function csvRows(r: RunResult): unknown[][] {
  const rows: unknown[][] = [];
  for (const c of r.curves) {
    const common = (dose: string, label: string, amount: unknown) => [r.design.name, r.scenario.name, c.name, r.method, r.trials, r.seed, dose, label, amount];
    const tail = [
      c.noMtd,
      c.noMtdSE,
      c.correctSelection,
      c.correctSelectionSE,
      c.sampleSize,
      c.sampleSizeSE,
      c.sampleSizeSD,
      c.totalDlts,
      c.patientsAboveMtd,
      c.shareAboveMtd,
      c.aboveMtd,
      c.aboveMtdSE,
      c.accuracyIndex,
      c.accuracyIndexSE,
      ...STOP_REASONS.map((r) => c.stopReasons[r] ?? 0),
    ];
    r.ladder.doses.forEach((d, i) => {
      rows.push([
        ...common(String(i + 1), d.label, d.amount),
        c.truth[i],
        c.trueMtd === i + 1 ? 1 : 0,
        c.selection[i],
        c.selectionSE[i],
        c.patients[i],
        c.patientsSE[i],
        c.dlts[i],
        c.dltsSE[i],
        c.expansionPatients[i],
        c.expansionDlts[i],
        ...tail,
      ]);
    });
    rows.push([...common("none", "no MTD", null), null, c.trueMtd === 0 ? 1 : c.trueMtd === null ? null : 0, c.noMtd, c.noMtdSE, null, null, null, null, null, null, ...tail]);
  }
  return rows;
}

/** The whole CSV text. */
export function toCsv(r: RunResult): string {
  // timed runs add the calendar-time columns (src/report/timing.ts), repeated on every row of a curve
  const timed = r.curves.some((c) => c.timing);
  // designs with an efficacy expansion add its columns (src/report/efficacy.ts) after the timing ones
  const efficacy = r.curves.some((c) => c.efficacy);
  const lines = [[...CSV_COLUMNS, ...(timed ? TIMING_CSV_COLUMNS : []), ...(efficacy ? EFFICACY_CSV_COLUMNS : [])].join(",")];
  const perCurve = r.ladder.doses.length + 1;
  csvRows(r).forEach((row, i) => {
    const curve = r.curves[Math.floor(i / perCurve)];
    const values = [...row, ...(timed ? timingCsvValues(curve.timing, i % perCurve) : []), ...(efficacy ? efficacyCsvValues(curve.efficacy, i % perCurve) : [])];
    lines.push(values.map(csvField).join(","));
  });
  return lines.join("\n") + "\n";
}
