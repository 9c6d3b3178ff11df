/**
 * The "table" design: a user-supplied decision table, inline or as CSV, simulated with the
 * shared interval loop. A BOIN table written out by `doseladder table --format csv|json` and
 * read back must simulate exactly like BOIN itself.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildDesign, parseDesignConfig } from "../../src/config/load.js";
import { ConfigError } from "../../src/config/messages.js";
import { formatDecisionTable } from "../../src/report/decision-table.js";
import { simulateDesign } from "../../src/engine/simulate.js";

const dir = mkdtempSync(join(tmpdir(), "doseladder-table-"));
const truth = [0.05, 0.1, 0.2, 0.3, 0.45, 0.6];
const boinConfig = parseDesignConfig({ design: { type: "boin", target: 0.3, nCohorts: 12 } }, join(dir, "boin.json"));
const boinDesign = buildDesign(boinConfig, 6);

function run(design: ReturnType<typeof buildDesign>) {
  return Array.from(simulateDesign(design, { truth, trueMtd: 3 }, { trials: 20_000, seed: "table" }).acc);
}

describe("table design", () => {
  it("inline rows from BOIN's JSON table simulate exactly like BOIN (same seed, identical accumulators)", () => {
    const json = JSON.parse(formatDecisionTable(boinDesign.decisionTable!(), "json"));
    const config = parseDesignConfig({ design: { type: "table", target: 0.3, nCohorts: 12, minEliminationN: 3, rows: json.rows } }, join(dir, "inline.json"));
    expect(run(buildDesign(config, 6))).toEqual(run(boinDesign));
  });

  it("a CSV file (relative to the design file) from `table --format csv` simulates exactly like BOIN", () => {
    writeFileSync(join(dir, "boin.csv"), formatDecisionTable(boinDesign.decisionTable!(), "csv"));
    const config = parseDesignConfig({ design: { type: "table", target: 0.3, nCohorts: 12, minEliminationN: 3, file: "boin.csv" } }, join(dir, "from-csv.json"));
    expect(run(buildDesign(config, 6))).toEqual(run(boinDesign));
  });

  it("a table that only escalates on 0 DLTs differs from BOIN (the comparison above can fail)", () => {
    const rows = boinDesign.decisionTable!().rows.map((r) => ({ ...r, escalateAtMost: 0 }));
    const config = parseDesignConfig({ design: { type: "table", target: 0.3, nCohorts: 12, minEliminationN: 3, rows } }, join(dir, "strict.json"));
    expect(run(buildDesign(config, 6))).not.toEqual(run(boinDesign));
  });

  const bad = (design: Record<string, unknown>, file = join(dir, "bad.json")) => () => parseDesignConfig({ design: { type: "table", target: 0.3, ...design } }, file);

  it("rejects a table missing a row the trial can reach, naming the file and the n", () => {
    expect(bad({ nCohorts: 3, rows: [{ n: 3, escalateAtMost: 0 }, { n: 6, escalateAtMost: 1 }] })).toThrow(/bad\.json: design: the table has no row for n = 9/);
  });
  it("rejects rows and file together, and neither", () => {
    expect(bad({ rows: [{ n: 3 }], file: "x.csv" })).toThrow(/design\.file: give the table either as rows or as a file, not both/);
    expect(bad({})).toThrow(/design\.rows: the decision table is empty/);
  });
  it("rejects a bad row field with its path", () => {
    expect(bad({ rows: [{ n: 3, escalateAtMost: "0" }] })).toThrow(ConfigError);
    expect(bad({ rows: [{ n: 3, escalateAtMost: "0" }] })).toThrow(/design\.rows\[0\]\.escalateAtMost: expected an integer >= -1 or null/);
    expect(bad({ rows: [{ n: 3, esc: 0 }] })).toThrow(/design\.rows\[0\]\.esc: unknown field/);
    expect(bad({ rows: [{ n: 3 }, { n: 3 }] })).toThrow(/design\.rows\[1\]\.n: duplicate row for n = 3/);
  });
  it("rejects a bad CSV cell naming the CSV file, line and column", () => {
    writeFileSync(join(dir, "bad.csv"), "n,escalate,deescalate,eliminate\n3,0,2,3\n6,one,3,4\n");
    expect(bad({ nCohorts: 2, file: "bad.csv" })).toThrow(/bad\.csv: line 3, column escalate: expected an integer or an empty cell \(never\), got "one"/);
    writeFileSync(join(dir, "nohead.csv"), "n,escalate\n3,0\n");
    expect(bad({ nCohorts: 1, file: "nohead.csv" })).toThrow(/nohead\.csv: line 1: missing column\(s\) deescalate, eliminate/);
    expect(bad({ file: "missing.csv" })).toThrow(/design\.file: cannot read .*missing\.csv \(ENOENT\)/);
  });
  it("describes itself and exposes its rows as its decision table", () => {
    const config = parseDesignConfig({ design: { type: "table", target: 0.25, nCohorts: 2, rows: [{ n: 6, escalateAtMost: 1, deEscalateAtLeast: 3, eliminateAtLeast: 4 }, { n: 3, escalateAtMost: 0, deEscalateAtLeast: 2, eliminateAtLeast: 3 }] } }, join(dir, "small.json"));
    const d = buildDesign(config, 3);
    expect(d.decisionTable!().rows.map((r) => r.n)).toEqual([3, 6]);
    expect(d.describe()).toMatchObject({ type: "table", target: 0.25, source: "inline rows", rows: 2 });
  });
});
