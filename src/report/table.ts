/** A readable plain-text table of a run's operating characteristics, for the terminal. */
import type { RunResult } from "../engine/run.js";
import { timingTableLines } from "./timing.js";
import { efficacyTableLines } from "./efficacy.js";

const fmt = (x: number, digits = 3) => x.toFixed(digits);

/**
 * Decimals that show a standard error to two significant digits (at least `digits`, at most 6), so a
 * small SE (100,000 trials and more) never prints as ±0.000.
 */
export function seDigits(se: number, digits = 3): number {
  if (!(se > 0) || !Number.isFinite(se)) return digits;
  return Math.min(6, Math.max(digits, 1 - Math.floor(Math.log10(se))));
}

/** "0.2501 ±0.0043": a value and its SE with the same decimals, the SE with two significant digits; the value alone when the SE is 0 (exact). */
export function withSe(x: number, se: number, digits = 3): string {
  if (!(se > 0)) return fmt(x, digits);
  const d = seDigits(se, digits);
  return `${fmt(x, d)} ±${fmt(se, d)}`;
}

function pad(rows: string[][]): string {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => (r[j] ?? "").length)));
  return rows.map((r) => "  " + r.map((c, j) => (j < 2 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join("  ")).join("\n");
}

/** The terminal table for a run. */
export function toTable(r: RunResult): string {
  const out: string[] = [];
  const how = r.method === "exact" ? `exact${r.exactStates !== undefined ? ` (${r.exactStates.toLocaleString("en-US")} distinct states enumerated)` : ""}` : `Monte Carlo, ${r.trials} trials, seed ${JSON.stringify(r.seed)} (± one standard error)`;
  out.push(`${r.design.name} [${r.design.type}] on ${r.scenario.name}: ${how}`);
  if (r.ladder.unit) out.push(`Doses in ${r.ladder.unit}${r.target !== null ? `; target DLT rate ${r.target}` : ""}`);
  else if (r.target !== null) out.push(`Target DLT rate ${r.target}`);
  const hasExpansion = r.curves.some((c) => c.expansionPatients.some((x) => x > 0));
  for (const c of r.curves) {
    out.push("");
    const truth = c.trueMtd === null ? "" : c.trueMtd === 0 ? " (true MTD: none, every dose is overly toxic)" : ` (true MTD: dose ${c.trueMtd})`;
    out.push(`Curve "${c.name}"${truth}`);
    const header = ["dose", "label", "truth", "P(select)", "patients", "DLTs"];
    if (hasExpansion) header.push("exp.patients", "exp.DLTs");
    const rows: string[][] = [header];
    r.ladder.doses.forEach((d, i) => {
      const row = [
        `${i + 1}${c.trueMtd === i + 1 ? "*" : ""}`,
        d.label,
        fmt(c.truth[i], 3),
        withSe(c.selection[i], c.selectionSE[i]),
        withSe(c.patients[i], c.patientsSE[i], 2),
        withSe(c.dlts[i], c.dltsSE[i], 2),
      ];
      if (hasExpansion) row.push(fmt(c.expansionPatients[i], 2), fmt(c.expansionDlts[i], 2));
      rows.push(row);
    });
    rows.push([`none${c.trueMtd === 0 ? "*" : ""}`, "no MTD", "", withSe(c.noMtd, c.noMtdSE), "", ""]);
    out.push(pad(rows));
    if (hasExpansion) out.push("  patients, DLTs: mean per trial in escalation; exp.patients, exp.DLTs: mean per trial in the expansion phase");
    out.push(
      `  sample size ${withSe(c.sampleSize, c.sampleSizeSE, 2)} (SD ${fmt(c.sampleSizeSD, 2)}); total DLTs ${withSe(c.totalDlts, c.totalDltsSE, 2)}` +
        (c.shareAboveMtd !== null ? `; share treated above the true MTD ${fmt(c.shareAboveMtd)}` : "") +
        (c.correctSelection !== null ? `; P(correct selection) ${withSe(c.correctSelection, c.correctSelectionSE ?? 0)}` : ""),
    );
    if (c.aboveMtd !== null || c.accuracyIndex !== null) {
      const parts: string[] = [];
      if (c.aboveMtd !== null) parts.push(`P(selecting a dose above the true MTD) ${withSe(c.aboveMtd, c.aboveMtdSE ?? 0)}`);
      if (c.accuracyIndex !== null) parts.push(`accuracy index (Cheung 2011) ${withSe(c.accuracyIndex, c.accuracyIndexSE ?? 0)}`);
      out.push(`  ${parts.join("; ")}`);
    }
    const reasons = Object.entries(c.stopReasons)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${(100 * v).toFixed(1)}%`)
      .join(", ");
    out.push(`  how escalation ended: ${reasons}`);
    const m = c.metrics;
    if (m.expansionStarted !== undefined) {
      const stopped = r.ladder.doses
        .map((_, i) => m[`expansionStopped${i + 1}`])
        .map((v, i) => (v > 0 ? `dose ${i + 1} ${fmt(v)}` : ""))
        .filter(Boolean)
        .join(", ");
      out.push(`  expansion started ${fmt(m.expansionStarted)}; monitoring stopped: ${stopped || "never"}`);
    }
    if (m.responses !== undefined && m.responses1 !== undefined) {
      const per = r.ladder.doses.map((_, i) => `dose ${i + 1} ${fmt(m[`responses${i + 1}`])}`).join(", ");
      out.push(`  responders ${fmt(m.responses)} (${per})`);
    }
    if (c.efficacy) out.push(...efficacyTableLines(c.efficacy, r.ladder.doses.map((d) => d.label)));
    if (c.timing) out.push(...timingTableLines(c.timing));
  }
  return out.join("\n") + "\n";
}
