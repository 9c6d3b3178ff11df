/** The command line as a user meets it: outputs, exit codes, one-line errors, atomic files. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CSV_COLUMNS } from "../../src/report/csv.js";

const CLI = "dist/src/cli/main.js";
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const dir = mkdtempSync(join(tmpdir(), "doseladder-cli-"));
const SYS = ["--design", "designs/sys6020.json", "--scenario", "scenarios/sys6020.json"];

describe("doseladder run", () => {
  it("prints a readable table by default", () => {
    const r = cli("run", ...SYS, "--trials", "3000", "--curve", "mtd-middle", "--workers", "1");
    expect(r.code).toBe(0);
    expect(r.out).toContain('Curve "mtd-middle" (true MTD: dose 3)');
    expect(r.out).toMatch(/none\s+no MTD/);
    expect(r.err).toBe("");
  });
  it("writes JSON with the documented fields, identical for 1 and 2 workers", () => {
    const a = cli("run", ...SYS, "--method", "monte-carlo", "--trials", "9000", "--format", "json", "--workers", "1", "--seed", "x");
    const b = cli("run", ...SYS, "--method", "monte-carlo", "--trials", "9000", "--format", "json", "--workers", "2", "--seed", "x");
    expect(a.code).toBe(0);
    expect(b.out).toBe(a.out);
    const j = JSON.parse(a.out);
    expect(j.method).toBe("monte-carlo");
    expect(j.trials).toBe(9000);
    expect(j.seed).toBe("x");
    expect(j.ladder.doses).toHaveLength(5);
    expect(j.curves.map((c: { name: string }) => c.name)).toEqual(["safe", "mtd-low", "mtd-middle", "mtd-high", "toxic-first", "steep-jump"]);
    for (const key of ["name", "truth", "selection", "selectionSE", "noMtd", "patients", "dlts", "sampleSize", "sampleSizeSE", "patientsSE", "dltsSE"]) {
      expect(j.curves[0]).toHaveProperty(key);
    }
  });
  it("writes long-format CSV (one row per curve and dose, plus a no-MTD row) atomically to --out", () => {
    const out = join(dir, "sub", "oc.csv");
    const r = cli("run", ...SYS, "--trials", "2000", "--format", "csv", "--out", out, "--workers", "1");
    expect(r.code).toBe(0);
    expect(r.out).toBe("");
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe(CSV_COLUMNS.join(","));
    expect(lines).toHaveLength(1 + 6 * (5 + 1));
    expect(readdirSync(join(dir, "sub"))).toEqual(["oc.csv"]);
  });
  it("accepts an inline --truth curve", () => {
    const r = cli("run", "--design", "designs/s103.json", "--truth", "0.05,0.1,0.25,0.4", "--target", "0.25", "--trials", "2000", "--format", "json", "--workers", "1");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.curves[0].truth).toEqual([0.05, 0.1, 0.25, 0.4]);
    expect(j.curves[0].trueMtd).toBe(3);
  });
});

describe("bad input: one line on stderr, exit code 2, no output file", () => {
  const bad = (args: string[], pattern: RegExp) => {
    const out = join(dir, `bad-${Math.random().toString(36).slice(2)}.json`);
    const r = cli(...args, "--out", out);
    expect(r.code).toBe(2);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toMatch(pattern);
    expect(existsSync(out)).toBe(false);
  };
  it("unknown flag", () => bad(["run", ...SYS, "--trails", "10"], /unknown option '--trails'/));
  it("non-positive trial count", () => bad(["run", ...SYS, "--trials", "0"], /--trials: expected a positive integer, got "0"/));
  it("bad format", () => bad(["run", ...SYS, "--format", "xml"], /--format: expected one of table, json, csv/));
  it("probability outside [0, 1]", () => bad(["run", "--design", "designs/s103.json", "--truth", "0.1,0.2,1.5,0.3"], /--truth: value 3 \("1.5"\) is not a probability/));
  it("curve length differs from the ladder", () => bad(["run", ...SYS, "--truth", "0.1,0.2"], /has 2 probabilities but the ladder has 5 doses/));
  it("mismatched dose counts", () => bad(["run", "--design", "designs/s103.json", "--scenario", "scenarios/sys6020.json"], /design is for 4 doses but the scenario's ladder has 5/));
  it("unknown curve", () => bad(["run", ...SYS, "--curve", "nope"], /no curve named "nope"/));
  it("malformed design file and unknown design type", () => {
    const broken = join(dir, "broken.json");
    writeFileSync(broken, "{");
    bad(["run", "--design", broken, "--scenario", "scenarios/sys6020.json"], /broken\.json: not valid JSON/);
    const unknown = join(dir, "unknown.json");
    writeFileSync(unknown, JSON.stringify({ design: { type: "magic" } }));
    bad(["run", "--design", unknown, "--scenario", "scenarios/sys6020.json"], /unknown\.json: design\.type: unknown design type "magic"/);
  });
  it("missing scenario", () => bad(["run", "--design", "designs/s103.json"], /give a scenario file with --scenario/));
});

describe("doseladder schema", () => {
  it("prints the JSON Schema of design and scenario files", () => {
    const d = cli("schema", "design");
    expect(d.code).toBe(0);
    expect(JSON.parse(d.out).title).toBe("doseladder design file");
    expect(JSON.parse(cli("schema", "scenario").out).title).toBe("doseladder scenario file");
    expect(cli("schema", "other").code).toBe(2);
  });
});
