/**
 * The efficacy block of a curve (src/efficacy/summary.ts) in the CSV and the terminal table:
 * designs with an efficacy-guided expansion add these columns and lines; others are unchanged.
 */
import type { EfficacySummary } from "../efficacy/summary.js";
import { withSe } from "./table.js";

/** The CSV columns an efficacy expansion adds (empty for other runs), in order. */
export const EFFICACY_CSV_COLUMNS = [
  // on each dose row: the true response rate and that dose's values ("none" row: P(no dose) in effRecommended)
  "response",
  "effRecommended",
  "effRecommendedSE",
  "effFutilityStop",
  "effToxicityStop",
  "effExpanded",
  "effExpansionPatients",
  "effResponders",
  "effOptimalDose",
  // per curve, repeated on every row
  "effNoDose",
  "effNoDoseSE",
  "effTwoDoses",
  "effBetterOfTwo",
  "effBetterOfTwoSE",
  "effBetterGivenTwo",
  "effBetterGivenTwoSE",
  "effOptimalDoseRecommended",
  "effOptimalDoseRecommendedSE",
  "effExpectedExpansionPatients",
  "effExpectedPatients",
  "effExpectedPatientsSE",
  "effExpectedResponders",
  "effExpectedRespondersSE",
] as const;

/**
 * The values of {@link EFFICACY_CSV_COLUMNS} for a curve (nulls when it has no efficacy block),
 * on the row of 0-based `dose` (-1 or out of range: the "none" row).
 */
export function efficacyCsvValues(e: EfficacySummary | undefined, dose = -1): unknown[] {
  if (!e) return EFFICACY_CSV_COLUMNS.map(() => null);
  const on = dose >= 0 && dose < e.recommended.length;
  return [
    on ? e.response[dose] : null,
    on ? e.recommended[dose] : e.noDose,
    on ? e.recommendedSE[dose] : e.noDoseSE,
    on ? e.futilityStop[dose] : null,
    on ? e.toxicityStop[dose] : null,
    on ? e.expanded[dose] : null,
    on ? e.expansionPatients[dose] : null,
    on ? e.responders[dose] : null,
    on ? (e.optimalDose === dose + 1 ? 1 : 0) : e.optimalDose === 0 ? 1 : 0,
    e.noDose,
    e.noDoseSE,
    e.twoDoses,
    e.betterOfTwo,
    e.betterOfTwoSE,
    e.betterGivenTwo,
    e.betterGivenTwoSE,
    e.optimalDoseRecommended,
    e.optimalDoseRecommendedSE,
    e.expectedExpansionPatients,
    e.expectedPatients,
    e.expectedPatientsSE,
    e.expectedResponders,
    e.expectedRespondersSE,
  ];
}

function pad(rows: string[][]): string[] {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => (r[j] ?? "").length)));
  return rows.map((r) => "    " + r.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join("  "));
}

/** The terminal table's efficacy section for a curve (lines, indented like the table). */
export function efficacyTableLines(e: EfficacySummary, labels: readonly string[]): string[] {
  const out = [`  efficacy expansion (${e.doses}, final rule ${e.finalRule}${e.optimalRule !== e.finalRule ? `, optimal dose by ${e.optimalRule}` : ""}; true optimal dose: ${e.optimalDose === 0 ? "none" : `dose ${e.optimalDose}`}):`];
  const rows: string[][] = [["dose", "response", "P(recommend)", "P(expanded)", "P(futility stop)", "P(tox stop)", "exp.patients", "responders"]];
  e.recommended.forEach((_, d) => {
    rows.push([
      `${d + 1}${e.optimalDose === d + 1 ? "*" : ""} ${labels[d] ?? ""}`.trimEnd(),
      e.response[d].toFixed(3),
      withSe(e.recommended[d], e.recommendedSE[d]),
      withSe(e.expanded[d], e.expandedSE[d]),
      withSe(e.futilityStop[d], e.futilityStopSE[d]),
      withSe(e.toxicityStop[d], e.toxicityStopSE[d]),
      withSe(e.expansionPatients[d], e.expansionPatientsSE[d], 2),
      withSe(e.responders[d], e.respondersSE[d], 2),
    ]);
  });
  rows.push([`none${e.optimalDose === 0 ? "*" : ""}`, "", withSe(e.noDose, e.noDoseSE), "", "", "", "", ""]);
  out.push(...pad(rows));
  const given = e.betterGivenTwo === null ? "" : `, given two: ${withSe(e.betterGivenTwo, e.betterGivenTwoSE ?? 0)}`;
  out.push(
    `    P(recommending the optimal dose) ${withSe(e.optimalDoseRecommended, e.optimalDoseRecommendedSE)}; P(two doses expanded) ${withSe(e.twoDoses, e.twoDosesSE)}; P(recommending the better of two) ${withSe(e.betterOfTwo, e.betterOfTwoSE)}${given}`,
  );
  out.push(
    `    per trial: expansion patients ${withSe(e.expectedExpansionPatients, e.expectedExpansionPatientsSE, 2)}, patients in all ${withSe(e.expectedPatients, e.expectedPatientsSE, 2)}, expansion responders ${withSe(e.expectedResponders, e.expectedRespondersSE, 2)}`,
  );
  return out;
}
