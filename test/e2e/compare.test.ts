/** `doseladder compare` as a user meets it: outputs, columns, determinism, one-line errors. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMPARE_CSV_COLUMNS } from "../../src/report/compare.js";

const CLI = "dist/src/cli/main.js";
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const dir = mkdtempSync(join(tmpdir(), "doseladder-compare-"));
/** Split one CSV line (RFC 4180 quoting). */
const fields = (line: string): string[] => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1].replace(/^"|"$/g, "").replace(/""/g, '"'));
const PAIR = ["--design", "designs/sys6020-3plus3.json", "--design", "designs/sys6020-boin.json", "--scenario", "scenarios/sys6020.json"];

describe("doseladder compare", () => {
  it("prints each design's operating characteristics and the differences from the first, with both SEs", () => {
    const r = cli("compare", ...PAIR, "--curve", "mtd-middle", "--trials", "4000");
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(r.out).toContain("common random numbers, 4000 trials");
    expect(r.out).toContain("[1] SYS6020 escalation only: classic 3+3 [a-plus-b] (designs/sys6020-3plus3.json): the reference");
    expect(r.out).toContain('Curve "mtd-middle" (true MTD: dose 3)');
    expect(r.out).toMatch(/design\s+statistic\s+difference\s+SE \(CRN\)\s+SE \(indep\.\)\s+ratio/);
    expect(r.out).toMatch(/\[2\]\s+P\(correct selection\)\s+\+0\.\d+\s+0\.\d+\s+0\.\d+\s+1\.\d\dx/);
  });

  it("writes JSON with every design's results and the paired rows, identical for a seed", () => {
    const args = ["compare", ...PAIR, "--design", "designs/sys6020.json", "--trials", "2000", "--seed", "s", "--format", "json"];
    const a = cli(...args);
    const b = cli(...args);
    expect(a.code).toBe(0);
    expect(b.out).toBe(a.out);
    const j = JSON.parse(a.out);
    expect(j.method).toBe("monte-carlo-crn");
    expect(j.designs.map((d: { file: string }) => d.file)).toEqual(["designs/sys6020-3plus3.json", "designs/sys6020-boin.json", "designs/sys6020.json"]);
    expect(j.trials).toBe(2000);
    expect(j.seed).toBe("s");
    expect(j.coupledPatients).toBe(54);
    expect(j.curves).toHaveLength(6);
    const c = j.curves[2];
    expect(c.results).toHaveLength(3);
    expect(c.results[1]).toHaveProperty("selectionSE");
    expect(c.rows).toHaveLength(3);
    expect(c.rows[0]).toHaveLength(5 + 7) // selection per dose, then noMtd, correctSelection, aboveMtdSelection, accuracyIndex, sampleSize, patientsAboveMtd, totalDlts;
    expect(c.rows[0][0]).toEqual(expect.objectContaining({ stat: "selection", dose: 1, difference: null, seCoupled: null, seIndependent: null }));
    const correct = c.rows[1].find((x: { stat: string }) => x.stat === "correctSelection");
    expect(correct.difference).toBeCloseTo(c.results[1].correctSelection - c.results[0].correctSelection, 12);
    expect(correct.seCoupled).toBeLessThan(correct.seIndependent);
    const other = cli("compare", ...PAIR, "--design", "designs/sys6020.json", "--trials", "2000", "--seed", "t", "--format", "json");
    expect(other.out).not.toBe(a.out);
  });

  it("writes long-format CSV, one row per curve × design × statistic (selection per dose), atomically to --out", () => {
    const out = join(dir, "sub", "compare.csv");
    const r = cli("compare", ...PAIR, "--trials", "2000", "--format", "csv", "--out", out);
    expect(r.code).toBe(0);
    expect(r.out).toBe("");
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe(COMPARE_CSV_COLUMNS.join(","));
    expect(lines).toHaveLength(1 + 6 * 2 * (5 + 7));
    const rows = lines.slice(1).map(fields);
    expect(rows.every((x) => x.length === COMPARE_CSV_COLUMNS.length)).toBe(true);
    const col = (name: string) => COMPARE_CSV_COLUMNS.indexOf(name as (typeof COMPARE_CSV_COLUMNS)[number]);
    // reference rows have no difference; the others have all three
    const ref = rows.find((x) => x[col("designIndex")] === "1")!;
    expect(ref[col("difference")]).toBe("");
    const cmp = rows.find((x) => x[col("designIndex")] === "2" && x[col("statistic")] === "correctSelection")!;
    expect(Number(cmp[col("seCoupled")])).toBeGreaterThan(0);
    expect(Number(cmp[col("seRatio")])).toBeCloseTo(Number(cmp[col("seIndependent")]) / Number(cmp[col("seCoupled")]), 6);
    expect(readdirSync(join(dir, "sub"))).toEqual(["compare.csv"]);
  });

  it("accepts an inline --truth curve with --target", () => {
    const r = cli("compare", "--design", "designs/s103.json", "--design", "designs/s103-boin.json", "--truth", "0.05,0.1,0.25,0.4", "--target", "0.25", "--trials", "1000", "--format", "json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.curves[0].trueMtd).toBe(3);
  });
});

describe("compare: bad input is one line on stderr, exit code 2, no output file", () => {
  const bad = (args: string[], pattern: RegExp) => {
    const out = join(dir, `bad-${Math.random().toString(36).slice(2)}.json`);
    const r = cli("compare", ...args, "--out", out);
    expect(r.code).toBe(2);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toMatch(pattern);
    expect(existsSync(out)).toBe(false);
  };
  it("mismatched dose counts", () =>
    bad(["--design", "designs/sys6020-boin.json", "--design", "designs/s103-boin.json", "--scenario", "scenarios/sys6020.json"], /s103-boin\.json: doses: the design is for 4 doses but the scenario's ladder has 5/));
  it("missing --design", () => bad(["--scenario", "scenarios/sys6020.json"], /give at least two designs/));
  it("a single --design", () => bad(["--design", "designs/sys6020-boin.json", "--scenario", "scenarios/sys6020.json"], /give at least two designs/));
  it("missing scenario", () => bad(["--design", "designs/sys6020-boin.json", "--design", "designs/sys6020-3plus3.json"], /give a scenario file with --scenario/));
  it("bad format and bad trial count", () => {
    bad([...PAIR, "--format", "html"], /--format: expected one of table, json, csv/);
    bad([...PAIR, "--trials", "-3"], /--trials: expected a positive integer/);
  });
  it("unknown curve", () => bad([...PAIR, "--curve", "nope"], /no curve named "nope"/));
});
