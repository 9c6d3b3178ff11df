/**
 * What a statistician reads: standard errors with enough digits, P(correct selection) with its SE,
 * the CSV's curve-level columns, the legend of the expansion columns, the target line without a unit.
 * The result below is written by hand (not produced by the engine), so each printed number is known.
 */
import { describe, expect, it } from "vitest";
import type { RunResult } from "../../../src/engine/run.js";
import type { CurveResult } from "../../../src/report/summary.js";
import { CSV_COLUMNS, stopColumn, toCsv } from "../../../src/report/csv.js";
import { seDigits, toTable, withSe } from "../../../src/report/table.js";

const curve = (over: Partial<CurveResult> = {}): CurveResult => ({
  name: "c",
  truth: [0.1, 0.3],
  trueMtd: 2,
  selection: [0.30012, 0.65],
  selectionSE: [0.00014, 0.0021],
  noMtd: 0.04988,
  noMtdSE: 0.000069,
  correctSelection: 0.65,
  correctSelectionSE: 0.0021,
  patients: [3.5, 4.25],
  patientsSE: [0.004, 0.0061],
  dlts: [0.35, 1.275],
  dltsSE: [0.001, 0.002],
  expansionPatients: [0, 0],
  expansionDlts: [0, 0],
  sampleSize: 7.75,
  sampleSizeSE: 0.0089,
  sampleSizeSD: 2.81,
  escalationSize: 7.75,
  sampleSizeDistribution: [{ n: 6, p: 1 }],
  totalDlts: 1.625,
  totalDltsSE: 0.003,
  patientsAboveMtd: 0,
  shareAboveMtd: 0,
  aboveMtd: 0.0123,
  aboveMtdSE: 0.00036,
  accuracyIndex: 0.39976,
  accuracyIndexSE: 0.0042,
  stopReasons: { "mtd-declared": 0.75, "top-dose-passed": 0.25 },
  metrics: {},
  ...over,
});
const result = (over: Partial<RunResult> = {}, c: Partial<CurveResult> = {}): RunResult => ({
  doseladder: "test",
  design: { name: "d", file: "d.json", description: "", trial: "", type: "a-plus-b", parameters: {} },
  scenario: { name: "s", file: "s.json", trial: "" },
  ladder: { unit: "", doses: [{ label: "D1", amount: undefined }, { label: "D2", amount: undefined }] },
  target: 0.25,
  method: "monte-carlo",
  trials: 100_000,
  seed: "1",
  generator: "alea",
  blockSize: 4096,
  curves: [curve(c)],
  ...over,
});

describe("withSe / seDigits", () => {
  it("shows the SE to two significant digits and the value to as many decimals, never ±0.000", () => {
    expect(withSe(0.30012, 0.00014)).toBe("0.30012 ±0.00014");
    expect(withSe(0.65, 0.0021)).toBe("0.6500 ±0.0021");
    expect(withSe(0.65, 0.021)).toBe("0.650 ±0.021");
    expect(withSe(3.5, 0.04, 2)).toBe("3.500 ±0.040");
    expect(withSe(3.5, 0.4, 2)).toBe("3.50 ±0.40");
    expect(withSe(0.5, 0)).toBe("0.500");
    expect(seDigits(1e-9)).toBe(6);
  });
});

describe("toTable", () => {
  const text = toTable(result());
  it("prints no ±0.000 at 100,000 trials", () => {
    expect(text).not.toMatch(/±0\.0+(?!\d*[1-9])/);
    expect(text).toContain("0.30012 ±0.00014");
    expect(text).toContain("0.049880 ±0.000069");
  });
  it("gives P(correct selection) its SE", () => {
    expect(text).toContain("P(correct selection) 0.6500 ±0.0021");
  });
  it("prints the target line when the ladder has no unit", () => {
    expect(text.split("\n")[1]).toBe("Target DLT rate 0.25");
    const withUnit = toTable(result({ ladder: { unit: "mg", doses: result().ladder.doses } }));
    expect(withUnit.split("\n")[1]).toBe("Doses in mg; target DLT rate 0.25");
  });
  it("explains exp.patients / exp.DLTs with a legend line when there is an expansion phase", () => {
    expect(text).not.toContain("exp.patients");
    const exp = toTable(result({}, { expansionPatients: [0, 6], expansionDlts: [0, 1.8] }));
    expect(exp).toContain("exp.patients");
    expect(exp).toContain("  patients, DLTs: mean per trial in escalation; exp.patients, exp.DLTs: mean per trial in the expansion phase");
  });
});

describe("toCsv", () => {
  const lines = toCsv(result({}, { patientsAboveMtd: 1.5, shareAboveMtd: 0.19 })).trim().split("\n");
  const head = lines[0].split(",");
  const row = lines[1].split(",");
  const col = (name: string) => row[head.indexOf(name)];
  it("has the curve-level SE and SD columns, patientsAboveMtd and one column per stop reason", () => {
    for (const name of ["correctSelectionSE", "noMtdSE", "sampleSizeSD", "patientsAboveMtd", "stopMtdDeclared", "stopTopDosePassed", "stopMaxN", "stopSmcDeclined"]) {
      expect(head).toContain(name);
    }
    expect(head).toEqual([...CSV_COLUMNS]);
    expect(col("correctSelectionSE")).toBe("0.0021");
    expect(col("noMtdSE")).toBe("0.000069");
    expect(col("sampleSizeSD")).toBe("2.81");
    expect(col("patientsAboveMtd")).toBe("1.5");
    expect(col("stopMtdDeclared")).toBe("0.75");
    expect(col("stopTopDosePassed")).toBe("0.25");
    expect(col("stopMaxN")).toBe("0");
    expect(lines.every((l) => l.split(",").length === head.length)).toBe(true);
  });
  it("names stop columns in camel case", () => {
    expect(stopColumn("lowest-dose-too-toxic")).toBe("stopLowestDoseTooToxic");
    expect(stopColumn("cap")).toBe("stopCap");
  });
});
