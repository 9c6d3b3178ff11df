/**
 * `doseladder run` of a design with efficacy-expansion through the compiled CLI: the efficacy
 * block in JSON (exact, and Monte Carlo identical for 1 and 2 workers), its CSV columns and
 * terminal section; bad input is one line on stderr, exit 2, nothing on stdout.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CSV_COLUMNS } from "../../src/report/csv.js";
import { EFFICACY_CSV_COLUMNS } from "../../src/report/efficacy.js";

const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, ["dist/src/cli/main.js", ...args], { encoding: "utf8", timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const EFF = ["--design", "designs/sys6020-efficacy.json", "--scenario", "scenarios/sys6020.json"];
const dir = mkdtempSync(join(tmpdir(), "doseladder-eff-"));
const write = (name: string, obj: unknown) => {
  const f = join(dir, name);
  writeFileSync(f, JSON.stringify(obj));
  return f;
};

describe("doseladder run with efficacy-expansion", () => {
  it("exact JSON: an efficacy block per curve whose probabilities sum to 1", () => {
    const r = cli("run", ...EFF, "--format", "json");
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.method).toBe("exact");
    expect(j.design.type).toBe("a-plus-b+smc-review+efficacy-expansion");
    for (const c of j.curves) {
      const e = c.efficacy;
      expect(e.recommended).toHaveLength(5);
      expect(e.recommended.reduce((a: number, b: number) => a + b, 0) + e.noDose).toBeCloseTo(1, 10);
      expect(e.expectedPatients).toBeGreaterThan(c.sampleSize);
    }
    // mtd-middle: response 0.30, 0.55, 0.60...; DLT rates <= 0.33 at doses 1-3: lowest within 0.1 of 0.60 is dose 2
    expect(j.curves.find((c: { name: string }) => c.name === "mtd-middle").efficacy.optimalDose).toBe(2);
  });

  it("Monte Carlo JSON is identical for 1 and 2 workers, with SEs", () => {
    const args = ["run", ...EFF, "--curve", "mtd-middle", "--method", "monte-carlo", "--trials", "12000", "--seed", "e2e", "--format", "json"];
    const a = cli(...args, "--workers", "1");
    const b = cli(...args, "--workers", "2");
    expect(a.code, a.err).toBe(0);
    expect(b.out).toBe(a.out);
    expect(JSON.parse(a.out).curves[0].efficacy.recommendedSE[1]).toBeGreaterThan(0);
  });

  it("CSV has the efficacy columns after the standard ones; the table has an efficacy section", () => {
    const csv = cli("run", ...EFF, "--curve", "mtd-low", "--format", "csv");
    expect(csv.code, csv.err).toBe(0);
    const lines = csv.out.trim().split("\n");
    expect(lines[0]).toBe([...CSV_COLUMNS, ...EFFICACY_CSV_COLUMNS].join(","));
    expect(lines).toHaveLength(1 + 6);
    const t = cli("run", ...EFF, "--curve", "mtd-low");
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/efficacy expansion \(mtd-and-below, final rule lowest-within-delta; true optimal dose: dose \d\)/);
    expect(t.out).toMatch(/P\(recommending the optimal dose\) \d\.\d+; P\(two doses expanded\)/);
    // other designs keep their CSV header
    expect(cli("run", "--design", "designs/sys6020.json", "--scenario", "scenarios/sys6020.json", "--curve", "mtd-low", "--format", "csv").out.split("\n")[0]).toBe(CSV_COLUMNS.join(","));
  });

  const oneLine = (r: ReturnType<typeof cli>) => {
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).not.toMatch(/\n\s+at /);
    return r.err;
  };

  it("refuses a curve without response rates, naming the file and the curve", () => {
    const err = oneLine(cli("run", "--design", "designs/sys6020-efficacy.json", "--truth", "0.05,0.1,0.25,0.4,0.55"));
    expect(err).toMatch(/\(inline\): curves\[0\]: curve "inline" gives no "response" rates/);
  });

  it("refuses bad modifier settings, naming the file and the field", () => {
    const base = { name: "x", doses: 3, design: { type: "a-plus-b" } };
    let f = write("min.json", { ...base, modifiers: [{ type: "efficacy-expansion", patientsPerDose: 4, minPatients: 6 }] });
    expect(oneLine(cli("run", "--design", f, "--truth", "0.1,0.2,0.3"))).toContain(`${f}: modifiers[0].minPatients: 6 is more than patientsPerDose (4)`);
    f = write("w.json", { ...base, modifiers: [{ type: "efficacy-expansion", weights: [1, 0, 1] }] });
    expect(oneLine(cli("run", "--design", f, "--truth", "0.1,0.2,0.3"))).toContain(`${f}: modifiers[0].weights: expected 4 utilities`);
    f = write("rule.json", { ...base, modifiers: [{ type: "efficacy-expansion", finalRule: "best" }] });
    expect(oneLine(cli("run", "--design", f, "--truth", "0.1,0.2,0.3"))).toContain(`${f}: modifiers[0].finalRule:`);
    f = write("order.json", { ...base, modifiers: [{ type: "efficacy-expansion" }, { type: "stop-at-n", n: 9 }] });
    expect(oneLine(cli("run", "--design", f, "--truth", "0.1,0.2,0.3"))).toContain(`${f}: modifiers[0]: "efficacy-expansion" must be the last modifier`);
    f = write("two.json", { ...base, modifiers: [{ type: "expansion", patients: 6 }, { type: "efficacy-expansion" }] });
    expect(oneLine(cli("run", "--design", f, "--truth", "0.1,0.2,0.3"))).toContain(`${f}: modifiers[1]: "efficacy-expansion" (modifiers[1]) and "expansion" (modifiers[0])`);
  });

  it("refuses a timed run over curves without response rates in one line", () => {
    const err = oneLine(cli("run", "--design", "designs/sys6020-efficacy.json", "--scenario", "scenarios/sys6020-timed.json", "--trials", "100"));
    expect(err).toContain(`scenarios/sys6020-timed.json: curves[0]: curve "safe" gives no "response" rates`);
  });
});
