/**
 * `doseladder run` of the BOIN12 seed design through the compiled CLI: Monte Carlo JSON (the
 * same for 1 and 2 workers), the responders line of the table, an exact run of a small BOIN12,
 * and the refusals (a curve without response rates, a timed scenario, compare): one line on
 * stderr, exit 2, nothing on stdout.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, ["dist/src/cli/main.js", ...args], { encoding: "utf8", timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const B12 = ["--design", "designs/sys6020-boin12.json", "--scenario", "scenarios/sys6020.json"];
const dir = mkdtempSync(join(tmpdir(), "doseladder-boin12-"));
const write = (name: string, obj: unknown) => {
  const f = join(dir, name);
  writeFileSync(f, JSON.stringify(obj));
  return f;
};

describe("doseladder run with BOIN12", () => {
  it("Monte Carlo JSON: OBD selection per dose, responders per dose, identical for 1 and 2 workers", () => {
    const one = cli("run", ...B12, "--method", "monte-carlo", "--trials", "3000", "--seed", "b12", "--format", "json", "--workers", "1");
    expect(one.code, one.err).toBe(0);
    const two = cli("run", ...B12, "--method", "monte-carlo", "--trials", "3000", "--seed", "b12", "--format", "json", "--workers", "2");
    expect(two.code, two.err).toBe(0);
    const j = JSON.parse(one.out);
    expect(JSON.parse(two.out).curves).toEqual(j.curves);
    expect(j.method).toBe("monte-carlo");
    expect(j.design.type).toBe("boin12");
    expect(j.design.parameters.uBenchmark).toBeCloseTo(74, 10);
    for (const c of j.curves) {
      expect(c.selection.reduce((a: number, b: number) => a + b, 0) + c.noMtd).toBeCloseTo(1, 10);
      const per = [1, 2, 3, 4, 5].map((d) => c.metrics[`responses${d}`]);
      expect(per.reduce((a, b) => a + b, 0)).toBeCloseTo(c.metrics.responses, 9);
      // responders per dose cannot exceed patients per dose
      per.forEach((r, d) => expect(r).toBeLessThanOrEqual(c.patients[d] + 1e-12));
    }
    // "safe": responses rise with dose to 0.65 at the top, DLTs stay below 0.1, so the top two doses are the likeliest OBDs
    const safe = j.curves.find((c: { name: string }) => c.name === "safe");
    expect(safe.selection[3] + safe.selection[4]).toBeGreaterThan(safe.selection[0] + safe.selection[1]);
    // "toxic-first": every dose above 0.25, the lowest at 0.45: mostly no dose
    expect(j.curves.find((c: { name: string }) => c.name === "toxic-first").noMtd).toBeGreaterThan(0.5);
  });

  it("the table prints the responders line", () => {
    const r = cli("run", ...B12, "--method", "monte-carlo", "--trials", "500", "--curve", "mtd-low");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/responders \d+\.\d+ \(dose 1 \d+\.\d+, dose 2/);
  });

  it("exact for a small BOIN12 (3 doses, 3 cohorts of 3)", () => {
    const design = write("small.json", { design: { type: "boin12", target: 0.3, efficacyLow: 0.2, nCohorts: 3 } });
    const scenario = write("small-scenario.json", {
      target: 0.3,
      association: { model: "gumbel", value: 0.5 },
      ladder: { doses: [1, 2, 3] },
      curves: [{ name: "a", truth: [0.1, 0.25, 0.5], response: [0.2, 0.4, 0.5] }],
    });
    const r = cli("run", "--design", design, "--scenario", scenario, "--method", "exact", "--format", "json");
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.method).toBe("exact");
    const c = j.curves[0];
    expect(c.selection.reduce((a: number, b: number) => a + b, 0) + c.noMtd).toBeCloseTo(1, 12);
    expect(j.exactStates).toBeGreaterThan(10);
  });

  it("doseladder table prints the desirability scores (the paper's Table 3 with its parameters) and refuses u11 + u00 != 100", () => {
    const paper = write("paper.json", { design: { type: "boin12", target: 0.35, efficacyLow: 0.25, u11: 60, u00: 40 } });
    const r = cli("table", "--design", paper, "--format", "csv");
    expect(r.code, r.err).toBe(0);
    const rows = r.out.trim().split("\n");
    expect(rows[0]).toBe("n,dlts,responses,score,probability");
    expect(rows).toHaveLength(1 + 1 + 16 + 49 + 100);
    const score = (n: number, t: number, e: number) => rows.find((l) => l.startsWith(`${n},${t},${e},`))!.split(",")[3];
    expect([score(0, 0, 0), score(3, 0, 3), score(6, 1, 5), score(6, 5, 1), score(9, 0, 8), score(9, 2, 3)]).toEqual(["60", "91", "87", "E", "99", "32.5"]);
    const text = cli("table", "--design", paper);
    expect(text.out).toMatch(/n = 9, DLTs \\ responses:/);
    const bad = cli("table", "--design", write("bad.json", { design: { type: "boin12", target: 0.35, efficacyLow: 0.25, u11: 30, u00: 40 } }));
    expect(bad.code).toBe(2);
    expect(bad.out).toBe("");
    expect(bad.err.trim().split("\n")).toHaveLength(1);
    expect(bad.err).toMatch(/u11 \+ u00 = 100/);
  });

  it("in a sweep beside BOIN; a sweep over curves without response rates is refused before any output", () => {
    const sweep = (scenario: string) =>
      write(`sweep-${scenario}.json`, {
        name: "boin12 vs boin",
        trials: 500,
        seed: "s",
        method: "monte-carlo",
        designs: [{ file: join(process.cwd(), "designs/sys6020-boin12.json"), name: "BOIN12" }, { file: join(process.cwd(), "designs/sys6020-boin.json"), name: "BOIN" }],
        scenarios: [{ file: join(process.cwd(), `scenarios/${scenario}.json`) }],
      });
    const ok = cli("sweep", sweep("sys6020"), "--out", join(dir, "sw-ok"));
    expect(ok.code, ok.err).toBe(0);
    const rows = JSON.parse(readFileSync(join(dir, "sw-ok", "sweep.json"), "utf8"));
    expect(JSON.stringify(rows)).toContain("boin12");
    const bad = cli("sweep", sweep("sys6020-timed"), "--out", join(dir, "sw-bad"));
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split("\n")).toHaveLength(1);
    expect(bad.err).toMatch(/has no response rates/);
    expect(existsSync(join(dir, "sw-bad"))).toBe(false);
  });

  it("refuses a curve without response rates, a timed scenario, and compare: one line, exit 2", () => {
    const noResp = cli("run", "--design", "designs/sys6020-boin12.json", "--truth", "0.1,0.2,0.3,0.4,0.5", "--target", "0.25", "--method", "monte-carlo");
    const timed = cli("run", "--design", "designs/sys6020-boin12.json", "--scenario", "scenarios/sys6020-timed.json", "--trials", "100");
    const compare = cli("compare", "--design", "designs/sys6020-boin12.json", "--design", "designs/sys6020-boin.json", "--scenario", "scenarios/sys6020.json", "--trials", "100");
    for (const [r, re] of [
      [noResp, /response/],
      [timed, /response|calendar-time/],
      [compare, /decides on responses/],
    ] as const) {
      expect(r.code, r.err).toBe(2);
      expect(r.out).toBe("");
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect(r.err).toMatch(re);
    }
  });
});
