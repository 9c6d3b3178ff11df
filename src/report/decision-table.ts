/**
 * Decision tables as text: the protocol layout of R BOIN's `get.boundary` boundary_tab (one
 * column per n), as Markdown, as CSV (one row per n: the format the "table" design reads back),
 * or as JSON (the shape of the "table" design's inline rows).
 */
import type { DecisionTable, DecisionTableRow } from "../designs/decision-table.js";
import type { PendingDecisionTable } from "../designs/pending-table.js";
import type { ScoreTable } from "../designs/design.js";

export const TABLE_FORMATS = ["table", "json", "csv", "md"] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

const cell = (v: number | null): string => (v === null ? "-" : String(v));

const LABELS = ["Number of patients treated", "Escalate if # of DLT <=", "Deescalate if # of DLT >=", "Eliminate if # of DLT >="];

function lines(rows: readonly DecisionTableRow[]): string[][] {
  return [
    rows.map((r) => String(r.n)),
    rows.map((r) => cell(r.escalateAtMost)),
    rows.map((r) => cell(r.deEscalateAtLeast)),
    rows.map((r) => cell(r.eliminateAtLeast)),
  ];
}

function title(t: DecisionTable): string {
  return `${t.type} decision table${t.target !== null ? `, target ${t.target}` : ""}${t.cohortSize > 1 ? `, cohorts of ${t.cohortSize}` : ""}`;
}

/** Format a decision table. */
export function formatDecisionTable(t: DecisionTable, format: TableFormat): string {
  const cols = lines(t.rows);
  switch (format) {
    case "json":
      return JSON.stringify({ type: t.type, target: t.target, cohortSize: t.cohortSize, note: t.note, rows: t.rows }, null, 2) + "\n";
    case "csv":
      return ["n,escalate,deescalate,eliminate", ...t.rows.map((r) => [r.n, r.escalateAtMost, r.deEscalateAtLeast, r.eliminateAtLeast].map((v) => (v === null ? "" : String(v))).join(","))].join("\n") + "\n";
    case "md": {
      const head = `| ${LABELS[0]} | ${cols[0].join(" | ")} |`;
      const rule = `|---|${cols[0].map(() => "---:").join("|")}|`;
      const body = [1, 2, 3].map((i) => `| ${LABELS[i]} | ${cols[i].join(" | ")} |`);
      return [`**${title(t)}**`, "", head, rule, ...body, "", t.note].join("\n") + "\n";
    }
    case "table": {
      const labelWidth = Math.max(...LABELS.map((l) => l.length));
      const width = Math.max(...cols.flat().map((c) => c.length));
      const out = [title(t)];
      LABELS.forEach((l, i) => out.push(`${l.padEnd(labelWidth)} ${cols[i].map((c) => c.padStart(width)).join(" ")}`));
      out.push(t.note);
      return out.join("\n") + "\n";
    }
  }
}

/**
 * A decision table with pending patients (TITE designs) in the layout of Yuan et al. (2018)
 * Table 1: one line per (n, DLT count or run of counts), each pending group with its decision.
 * CSV and JSON give one record per (n, DLTs, pending) cell, with the STFT threshold(s).
 */
export function formatPendingTable(t: PendingDecisionTable, format: TableFormat): string {
  const head = `${t.type} decision table with pending patients${t.target !== null ? `, target ${t.target}` : ""}${t.cohortSize > 1 ? `, cohorts of ${t.cohortSize}` : ""}`;
  switch (format) {
    case "json":
      return (
        JSON.stringify(
          {
            type: t.type,
            target: t.target,
            cohortSize: t.cohortSize,
            note: t.note,
            rows: t.rows,
            cells: t.cells.map((c) => ({ n: c.n, dlt: c.dlt, pending: c.pending, decision: c.label, segments: c.segments.map((s) => ({ decision: s.decision, fromStft: Number(s.from.toFixed(6)) })) })),
          },
          null,
          2,
        ) + "\n"
      );
    case "csv":
      return (
        [
          "n,dlt,pending,decision,stft_threshold",
          ...t.cells.map((c) => [c.n, c.dlt, c.pending, c.segments.length === 1 ? c.segments[0].decision : c.label.split(" ")[0], c.segments.slice(1).map((s) => s.from.toFixed(4)).join(";")].join(",")),
        ].join("\n") + "\n"
      );
    case "md": {
      const body = t.rows.map((r) => `| ${r.n} | ${r.dlt.replace(">=", "≥")} | ${r.pending.map((p) => p.replace(">=", "≥")).join(" / ")} | ${r.decisions.join(" / ")} |`);
      return [`**${head}**`, "", "| n | DLT | pending | decision |", "|---|---|---|---|", ...body, "", t.note].join("\n") + "\n";
    }
    case "table": {
      const cols = [["n", "DLTs", "pending", "decision"], ...t.rows.map((r) => [String(r.n), r.dlt, r.pending.join(" / "), r.decisions.join(" / ")])];
      const w = [0, 1, 2].map((i) => Math.max(...cols.map((c) => c[i].length)));
      const out = [head, ...cols.map((c) => `${c[0].padStart(w[0])}  ${c[1].padEnd(w[1])}  ${c[2].padEnd(w[2])}  ${c[3]}`.trimEnd()), t.note];
      return out.join("\n") + "\n";
    }
  }
}

/**
 * A score table (BOIN12's desirability scores, Design.scoreTable): per n, a grid with one row per
 * DLT count and one column per response count ("E" where the dose is not admissible). CSV and
 * JSON give one record per (n, DLTs, responses) cell with the probability the score ranks.
 */
export function formatScoreTable(t: ScoreTable, format: TableFormat): string {
  const show = (v: number | null): string => (v === null ? "E" : String(v));
  switch (format) {
    case "json":
      return JSON.stringify(t, null, 2) + "\n";
    case "csv":
      return ["n,dlts,responses,score,probability", ...t.cells.map((c) => `${c.n},${c.dlts},${c.responses},${c.score === null ? "E" : c.score},${c.probability}`)].join("\n") + "\n";
    case "md":
    case "table": {
      const out = [format === "md" ? `**${t.title}**` : t.title];
      for (const n of t.sampleSizes) {
        const cells = t.cells.filter((c) => c.n === n);
        const at = (y: number, r: number) => show(cells.find((c) => c.dlts === y && c.responses === r)?.score ?? null);
        const cols = Array.from({ length: n + 1 }, (_, r) => r);
        if (format === "md") {
          out.push("", `n = ${n}`, "", `| DLTs \\ responses | ${cols.join(" | ")} |`, `|---|${cols.map(() => "---:").join("|")}|`);
          for (let y = 0; y <= n; y++) out.push(`| ${y} | ${cols.map((r) => at(y, r)).join(" | ")} |`);
        } else {
          const width = Math.max(4, ...cells.map((c) => show(c.score).length));
          const head = `n = ${n}, DLTs \\ responses:`;
          out.push("", `${head} ${cols.map((r) => String(r).padStart(width)).join(" ")}`);
          for (let y = 0; y <= n; y++) out.push(`${String(y).padStart(head.length)} ${cols.map((r) => at(y, r).padStart(width)).join(" ")}`);
        }
      }
      out.push("", t.note);
      return out.join("\n") + "\n";
    }
  }
}
