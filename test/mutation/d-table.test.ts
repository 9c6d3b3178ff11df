/**
 * Mutation testing, part D: the "table" design's row checks, CSV parser and the tables it hands
 * the interval loop. The rows used are the 3+3 rules written as a table (Storer 1989: at n = 3
 * escalate on 0 DLTs, de-escalate from 2; at n = 6 escalate on at most 1, de-escalate from 2) and
 * the published BOIN target-0.3 rows (R BOIN 2.7.2 get.boundary(0.3, 12, 3)$boundary_tab, n = 3, 6:
 * escalate <= 0 / 1, de-escalate >= 2 / 3, eliminate >= 3 / 4).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildDesign, parseDesignConfig } from "../../src/config/load.js";
import { parseTableCsv, prepareTable, decisionTableDesign } from "../../src/designs/table.js";

const dir = mkdtempSync(join(tmpdir(), "doseladder-d-table-"));
const design = (d: Record<string, unknown>, file = join(dir, "d.json")) => parseDesignConfig({ design: { type: "table", target: 0.3, ...d } }, file);

describe("parseTableCsv (part D)", () => {
  it("reads quoted, upper-case, reordered headers, CRLF, blank and comment lines, NA / - / empty as never, -1 as never", () => {
    const text = '"Eliminate", N ,ESCALATE,"deescalate"\r\n# the 3+3 rules\r\n\r\nNA,3,0,2\r\n  - , 6 , "1" ,2  \r\n,1,-1,\r\n';
    expect(parseTableCsv(text, "t.csv")).toEqual([
      { n: 1, escalateAtMost: null, deEscalateAtLeast: null, eliminateAtLeast: null },
      { n: 3, escalateAtMost: 0, deEscalateAtLeast: 2, eliminateAtLeast: null },
      { n: 6, escalateAtMost: 1, deEscalateAtLeast: 2, eliminateAtLeast: null },
    ]);
    expect(parseTableCsv("n,escalate,deescalate,eliminate\n3,0,2,na\n", "t.csv")[0].eliminateAtLeast).toBeNull();
  });
  it("names the missing columns, and rejects non-integers, with line and column", () => {
    expect(() => parseTableCsv("", "t.csv")).toThrow("t.csv: line 1: missing column(s) n, escalate, deescalate, eliminate; expected the header n,escalate,deescalate,eliminate");
    expect(() => parseTableCsv("n,escalate,eliminate\n", "t.csv")).toThrow("t.csv: line 1: missing column(s) deescalate;");
    expect(() => parseTableCsv("n,escalate,deescalate,eliminate\n3,0,2,3\n6,1.5,3,4\n", "t.csv")).toThrow('t.csv: line 3, column escalate: expected an integer or an empty cell (never), got "1.5"');
    expect(() => parseTableCsv("n,escalate,deescalate,eliminate\n3,0,2,x3\n", "t.csv")).toThrow('line 2, column eliminate: expected an integer or an empty cell (never), got "x3"');
    expect(() => parseTableCsv("n,escalate,deescalate,eliminate\n3,0,2,3x\n", "t.csv")).toThrow('got "3x"');
    expect(() => parseTableCsv("n,escalate,deescalate,eliminate\n3,0,2,99999999999999999\n", "t.csv")).toThrow('got "99999999999999999"');
    expect(() => parseTableCsv("n,escalate,deescalate,eliminate\n0,0,2,3\n", "t.csv")).toThrow("t.csv: rows[0].n: expected an integer >= 1, got 0");
    expect(() => parseTableCsv("n,escalate,deescalate,eliminate\n3,-2,2,3\n", "t.csv")).toThrow("t.csv: rows[0].escalateAtMost: expected an integer >= -1 or null (never), got -2");
    expect(() => parseTableCsv("n,escalate,deescalate,eliminate\n3,0,-1,3\n", "t.csv")).toThrow("rows[0].deEscalateAtLeast: expected an integer >= 0 or null (never), got -1");
    expect(() => parseTableCsv("n,escalate,deescalate,eliminate\n3,0,2,-1\n", "t.csv")).toThrow("rows[0].eliminateAtLeast: expected an integer >= 0 or null (never), got -1");
    expect(() => parseTableCsv("n,escalate,deescalate,eliminate\n,0,2,3\n", "t.csv")).toThrow("rows[0].n: expected an integer >= 1, got null");
  });
});

describe("table rows (part D)", () => {
  it("rejects a non-array, a non-object row, a fractional n, with the exact messages", () => {
    const p = { rows: 3, file: "" };
    expect(() => prepareTable(p, "x.json", "design")).toThrow("x.json: design.rows: expected an array of rows, got 3");
    expect(() => prepareTable({ rows: [[3]], file: "" }, "x.json", "design")).toThrow("x.json: design.rows[0]: expected an object, got [[3]]".replace("[[3]]", "[3]"));
    expect(() => prepareTable({ rows: [null], file: "" }, "x.json", "design")).toThrow("design.rows[0]: expected an object, got null");
    expect(() => prepareTable({ rows: ["r"], file: "" }, "x.json", "design")).toThrow('design.rows[0]: expected an object, got "r"');
    expect(() => prepareTable({ rows: [{ n: 2.5 }], file: "" }, "x.json", "design")).toThrow("design.rows[0].n: expected an integer >= 1, got 2.5");
    expect(() => prepareTable({ rows: [{ n: "3" }], file: "" }, "x.json", "design")).toThrow('design.rows[0].n: expected an integer >= 1, got "3"');
    expect(() => prepareTable({ rows: [{ n: 3, deEscalateAtLeast: 1.5 }], file: "" }, "x.json", "design")).toThrow("design.rows[0].deEscalateAtLeast: expected an integer >= 0 or null (never), got 1.5");
    expect(() => prepareTable({ rows: [{ n: 3, x: 1 }], file: "" }, "x.json", "design")).toThrow("design.rows[0].x: unknown field; expected one of: n, escalateAtMost, deEscalateAtLeast, eliminateAtLeast");
    expect(() => prepareTable({ rows: [], file: "" }, "x.json", "design")).toThrow("x.json: design.rows: the decision table is empty: give rows or a CSV file");
  });
  it("accepts the boundary values (escalate -1 = never, de-escalate 0, eliminate 0, n = 1), sorted by n, frozen", () => {
    const p = prepareTable({ rows: [{ n: 2, escalateAtMost: 0 }, { n: 1, escalateAtMost: -1, deEscalateAtLeast: 0, eliminateAtLeast: 0 }], file: "", target: 0.3 }, "x.json", "design");
    expect(p.rows).toEqual([
      { n: 1, escalateAtMost: null, deEscalateAtLeast: 0, eliminateAtLeast: 0 },
      { n: 2, escalateAtMost: 0, deEscalateAtLeast: null, eliminateAtLeast: null },
    ]);
    expect(p.target).toBe(0.3);
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.rows)).toBe(true);
    expect(Object.isFrozen((p.rows as object[])[0])).toBe(true);
  });
  it("an empty CSV (header only) is an empty table; rows with an empty file string are used", () => {
    writeFileSync(join(dir, "empty.csv"), "n,escalate,deescalate,eliminate\n");
    expect(() => prepareTable({ rows: [], file: "empty.csv" }, join(dir, "x.json"), "design")).toThrow("design.rows: the decision table is empty");
    expect(() => prepareTable({ rows: [], file: "empty.csv" }, join(dir, "x.json"), "design")).not.toThrow("not both");
    writeFileSync(join(dir, "one.csv"), "n,escalate,deescalate,eliminate\n3,0,2,3\n");
    expect(prepareTable({ rows: [], file: "one.csv" }, join(dir, "x.json"), "design").rows).toEqual([{ n: 3, escalateAtMost: 0, deEscalateAtLeast: 2, eliminateAtLeast: 3 }]);
  });
});

describe("decisionTableDesign (part D)", () => {
  const rows33 = [
    { n: 3, escalateAtMost: 0, deEscalateAtLeast: 2, eliminateAtLeast: null },
    { n: 6, escalateAtMost: 1, deEscalateAtLeast: 2, eliminateAtLeast: null },
  ];
  it("builds errors for an empty table and a start dose beyond the doses", () => {
    const base = { target: 0.3, rows: rows33, cohortSize: 3, nCohorts: 2, startDose: 1, minEliminationN: 1, nEarlyStop: 100, earlyStopRule: "if-staying", file: "" };
    expect(() => decisionTableDesign({ ...base, rows: [] }, 3)).toThrow("the decision table is empty: give rows or a CSV file");
    expect(() => decisionTableDesign({ ...base, startDose: 4 }, 3)).toThrow("startDose 4 is beyond the 3 doses");
    expect(() => decisionTableDesign({ ...base, startDose: 3 }, 3)).not.toThrow();
    expect(() => decisionTableDesign({ ...base, nCohorts: 3 }, 3)).toThrow("the table has no row for n = 9, which a trial with cohorts of 3 and up to 9 patients reaches");
  });
  it("the decision table shows the given rows up to the asked n, rows beyond maxN ignored by the trial", () => {
    const d = buildDesign(design({ nCohorts: 1, minEliminationN: 3, rows: [...rows33, { n: 9, escalateAtMost: 2, deEscalateAtLeast: 3, eliminateAtLeast: 5 }] }), 4);
    expect(d.decisionTable!().rows).toEqual([{ n: 3, escalateAtMost: 0, deEscalateAtLeast: 2, eliminateAtLeast: null }]);
    expect(d.decisionTable!(9).rows).toEqual([...rows33, { n: 9, escalateAtMost: 2, deEscalateAtLeast: 3, eliminateAtLeast: 5 }]);
    expect(d.decisionTable!(6).rows).toEqual(rows33);
    expect(d.decisionTable!(9).note).toBe("User-supplied table; elimination applies from n = 3.");
    expect(d.decisionTable!(9).type).toBe("table");
    expect(d.describe()).toMatchObject({ type: "table", target: 0.3, source: "inline rows", rows: 3, minEliminationN: 3, cohortSize: 3, nCohorts: 1, startDose: 1 });
  });
  it("names the CSV file as the source", () => {
    writeFileSync(join(dir, "boin.csv"), "n,escalate,deescalate,eliminate\n3,0,2,3\n6,1,3,4\n");
    const d = buildDesign(design({ nCohorts: 2, file: "boin.csv" }), 3);
    expect(d.describe()).toMatchObject({ source: "boin.csv", rows: 2, minEliminationN: 1 });
    expect(d.decisionTable!().rows).toEqual([
      { n: 3, escalateAtMost: 0, deEscalateAtLeast: 2, eliminateAtLeast: 3 },
      { n: 6, escalateAtMost: 1, deEscalateAtLeast: 3, eliminateAtLeast: 4 },
    ]);
  });
});
