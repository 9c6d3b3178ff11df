/**
 * A user-supplied decision table as a design: the protocol's own escalation / de-escalation /
 * elimination DLT counts per number of patients at the current dose, simulated with the
 * shared interval trial loop (R BOIN's `get.oc` loop, Liu & Yuan 2015, JRSS C 64:507-523,
 * doi:10.1111/rssc.12089) and BOIN's `select.mtd` isotonic selection, with elimination in
 * selection re-derived from the table's own elimination column.
 *
 * The table is given inline (`rows`: objects with n, escalateAtMost, deEscalateAtLeast,
 * eliminateAtLeast; null = never) or as a CSV file (`file`, relative to the design file) with
 * the columns n, escalate, deescalate, eliminate (an empty cell, NA or - means never), the
 * format `doseladder table --format csv` writes. Every multiple of the cohort size up to the
 * maximum sample size needs a row (those are the counts the trial can reach); any other n
 * the trial could reach without a row means "stay, never eliminate".
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { ParamSpec, ParamValues } from "../config/params.js";
import { ConfigError } from "../config/messages.js";
import type { Design } from "./design.js";
import type { DecisionTableRow } from "./decision-table.js";
import { checkPatients, MAX_PATIENTS } from "./limits.js";
import { emptyTables, intervalDesign, loopParams, NEVER, type EarlyStopRule } from "./interval.js";

const rowSchema = {
  type: "array",
  items: {
    type: "object",
    additionalProperties: false,
    required: ["n"],
    properties: {
      n: { type: "integer", minimum: 1, description: "Patients treated at the current dose." },
      escalateAtMost: { type: ["integer", "null"], minimum: -1, description: "Escalate when DLTs <= this (null or -1: never)." },
      deEscalateAtLeast: { type: ["integer", "null"], minimum: 0, description: "De-escalate when DLTs >= this (null: never)." },
      eliminateAtLeast: { type: ["integer", "null"], minimum: 0, description: "Eliminate the dose and all higher when DLTs >= this (null: never)." },
    },
  },
};

const DROP = new Set(["cutoffEli", "extraSafe", "offset"]);

export const tableParams: readonly ParamSpec[] = [
  { name: "target", kind: "probability", open: true, description: "Target DLT rate: the MTD is the dose whose isotonic DLT estimate is closest to it." },
  { name: "rows", kind: "object", schema: rowSchema, default: [], description: "The decision table inline: one row per n." },
  { name: "file", kind: "string", default: "", description: "Or a CSV file (relative to the design file) with columns n, escalate, deescalate, eliminate." },
  { name: "minEliminationN", kind: "integer", min: 1, max: MAX_PATIENTS, default: 1, description: "Elimination applies only with at least this many patients at the dose (BOIN and Keyboard use 3)." },
  ...loopParams("if-staying").filter((s) => !DROP.has(s.name)),
];

const ROW_KEYS = ["n", "escalateAtMost", "deEscalateAtLeast", "eliminateAtLeast"] as const;

function checkRows(raw: unknown, file: string, field: string): DecisionTableRow[] {
  if (!Array.isArray(raw)) throw new ConfigError(file, field, `expected an array of rows, got ${JSON.stringify(raw)}`);
  const seen = new Set<number>();
  const rows = raw.map((r, i) => {
    const at = `${field}[${i}]`;
    if (typeof r !== "object" || r === null || Array.isArray(r)) throw new ConfigError(file, at, `expected an object, got ${JSON.stringify(r)}`);
    const o = r as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (!(ROW_KEYS as readonly string[]).includes(k)) throw new ConfigError(file, `${at}.${k}`, `unknown field; expected one of: ${ROW_KEYS.join(", ")}`);
    }
    const n = o.n;
    // Stryker: `typeof n !== "number"` -> false is equivalent because Number.isInteger rejects non-numbers.
    if (typeof n !== "number" || !Number.isInteger(n) || n < 1) throw new ConfigError(file, `${at}.n`, `expected an integer >= 1, got ${JSON.stringify(n)}`);
    if (seen.has(n)) throw new ConfigError(file, `${at}.n`, `duplicate row for n = ${n}`);
    seen.add(n);
    const count = (k: string, min: number): number | null => {
      const v = o[k];
      if (v === undefined || v === null) return null;
      // Stryker: `typeof v !== "number"` -> false is equivalent because Number.isInteger rejects non-numbers.
      if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
        throw new ConfigError(file, `${at}.${k}`, `expected an integer >= ${min} or null (never), got ${JSON.stringify(v)}`);
      }
      return v;
    };
    const e = count("escalateAtMost", -1);
    return Object.freeze({
      n,
      escalateAtMost: e === -1 ? null : e,
      deEscalateAtLeast: count("deEscalateAtLeast", 0),
      eliminateAtLeast: count("eliminateAtLeast", 0),
    });
  });
  return rows.sort((a, b) => a.n - b.n);
}

/** Parse the CSV form of a decision table (columns n, escalate, deescalate, eliminate). */
export function parseTableCsv(text: string, file: string): DecisionTableRow[] {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const header = (lines[0] ?? "").split(",").map((h) => h.trim().toLowerCase().replace(/^"|"$/g, ""));
  const cols = ["n", "escalate", "deescalate", "eliminate"];
  const idx = cols.map((c) => header.indexOf(c));
  const missing = cols.filter((_, i) => idx[i] < 0);
  if (missing.length > 0) throw new ConfigError(file, "line 1", `missing column(s) ${missing.join(", ")}; expected the header n,escalate,deescalate,eliminate`);
  const rows: Record<string, unknown>[] = [];
  lines.forEach((line, li) => {
    if (li === 0 || line === "" || line.startsWith("#")) return;
    const cells = line.split(",").map((c) => c.trim().replace(/^"|"$/g, ""));
    const value = (ci: number): number | null => {
      const c = cells[idx[ci]] ?? "";
      if (c === "" || c.toUpperCase() === "NA" || c === "-") return null;
      const v = Number(c);
      if (!/^-?\d+$/.test(c) || !Number.isSafeInteger(v)) throw new ConfigError(file, `line ${li + 1}, column ${cols[ci]}`, `expected an integer or an empty cell (never), got "${c}"`);
      return v;
    };
    rows.push({ n: value(0), escalateAtMost: value(1), deEscalateAtLeast: value(2), eliminateAtLeast: value(3) });
  });
  return checkRows(rows, file, "rows");
}

/** Load-time step: read the CSV (relative to the design file) and check the rows. */
export function prepareTable(p: ParamValues, file: string, field: string): ParamValues {
  const inline = p.rows as unknown[];
  const csv = p.file as string;
  if (csv !== "" && Array.isArray(inline) && inline.length > 0) throw new ConfigError(file, `${field}.file`, "give the table either as rows or as a file, not both");
  let rows: DecisionTableRow[];
  if (csv !== "") {
    const path = resolve(dirname(file), csv);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (e) {
      throw new ConfigError(file, `${field}.file`, `cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    rows = parseTableCsv(text, path);
  } else {
    rows = checkRows(inline, file, `${field}.rows`);
  }
  if (rows.length === 0) throw new ConfigError(file, `${field}.rows`, "the decision table is empty: give rows or a CSV file");
  return Object.freeze({ ...p, rows: Object.freeze(rows) });
}

/** Build a user-table design for `numDoses` doses from prepared parameters. */
export function decisionTableDesign(p: ParamValues, numDoses: number): Design {
  const rows = p.rows as readonly DecisionTableRow[];
  if (rows.length === 0) throw new Error("the decision table is empty: give rows or a CSV file");
  const target = p.target as number;
  const cohortSize = p.cohortSize as number;
  const nCohorts = p.nCohorts as number;
  const startDose = (p.startDose as number) - 1;
  if (startDose >= numDoses) throw new Error(`startDose ${startDose + 1} is beyond the ${numDoses} doses`);
  const maxN = cohortSize * nCohorts;
  checkPatients(maxN, `nCohorts × cohortSize (${nCohorts} × ${cohortSize})`);
  const given = new Set(rows.map((r) => r.n));
  for (let n = cohortSize; n <= maxN; n += cohortSize) {
    if (!given.has(n)) throw new Error(`the table has no row for n = ${n}, which a trial with cohorts of ${cohortSize} and up to ${maxN} patients reaches`);
  }
  const tablesFor = (m: number) => {
    const t = emptyTables(m);
    for (const r of rows) {
      if (r.n > m) continue;
      t.escalateAtMost[r.n] = r.escalateAtMost ?? -1;
      t.deEscalateAtLeast[r.n] = r.deEscalateAtLeast ?? NEVER;
      t.eliminateAtLeast[r.n] = r.eliminateAtLeast ?? NEVER;
    }
    return t;
  };
  return intervalDesign({
    type: "table",
    numDoses,
    target,
    cohortSize,
    nCohorts,
    startDose,
    tablesFor,
    minEliminationN: p.minEliminationN as number,
    extraSafeFor: null,
    nEarlyStop: p.nEarlyStop as number,
    earlyStopRule: p.earlyStopRule as EarlyStopRule,
    boundMtd: null,
    parameters: {
      target,
      source: (p.file as string) || "inline rows",
      rows: rows.length,
      minEliminationN: p.minEliminationN,
      cohortSize,
      nCohorts,
      startDose: startDose + 1,
      nEarlyStop: p.nEarlyStop,
      earlyStopRule: p.earlyStopRule,
    },
    tableNote: `User-supplied table; elimination applies from n = ${p.minEliminationN as number}.`,
    tableRowsAt: (m) => rows.filter((r) => r.n <= m).map((r) => r.n),
  });
}
