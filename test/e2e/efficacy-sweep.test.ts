/**
 * Sweeps and `compare` of designs with efficacy-expansion, through the compiled CLI:
 * - the seed sweep scenarios/sweeps/sys6020-efficacy.json (toxicity-only vs efficacy-guided
 *   2-dose expansion, exact): every cell's efficacy block in sweep.json, and the efficacy
 *   columns of sweep.csv, equal those of `doseladder run` of the same design (JSON and CSV);
 * - a Monte Carlo sweep of the same designs (and the registered design, which has no efficacy
 *   block) agrees with the exact one within 4 standard errors, the tolerance taken from bounds that
 *   do not use the code's SEs (binomial sqrt(p(1 - p)/n) for probabilities; range/2 over sqrt(n)
 *   for means, Popoviciu), the code's own SEs staying below those bounds;
 * - the optimal dose of every curve is the hand-computed one (lowest dose with DLT rate <= 0.33
 *   whose response is within 0.1 of the best such dose), the same for both designs;
 * - `compare` pairs the efficacy statistics when every design has an efficacy expansion, each
 *   design's value within 4 binomial SEs of the exact run;
 * - bad input (an efficacy design on a timed scenario or on a curve without response rates) is one
 *   line on stderr, exit 2, and no output folder content.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EFFICACY_CSV_COLUMNS } from "../../src/report/efficacy.js";

const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, ["dist/src/cli/main.js", ...args], { encoding: "utf8", timeout: 300_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const dir = mkdtempSync(join(tmpdir(), "doseladder-effsweep-"));
const write = (name: string, obj: unknown) => {
  const f = join(dir, name);
  writeFileSync(f, JSON.stringify(obj));
  return f;
};
const TOX = resolve("designs/sys6020-toxicity-expansion.json");
const EFF = resolve("designs/sys6020-efficacy.json");
const SCEN = resolve("scenarios/sys6020.json");

type Eff = Record<string, number | number[] | string | null>;
type Curve = { name: string; truth: number[]; sampleSize: number; efficacy?: Eff };
type Result = { method: string; design: { file: string; name: string }; curves: Curve[] };
type SweepJson = { cells: { index: number; result: Result }[]; rows: Record<string, unknown>[] };

/** CSV text → rows of objects (no quoted commas in these files' numeric columns; names are compared whole). */
function parseCsv(text: string): Record<string, string>[] {
  const lines = text.trim().split("\n");
  const split = (l: string) => {
    const out: string[] = [];
    let cur = "";
    let q = false;
    for (const ch of l) {
      if (ch === '"') q = !q;
      else if (ch === "," && !q) {
        out.push(cur);
        cur = "";
      } else cur += ch;
    }
    out.push(cur);
    return out;
  };
  const head = split(lines[0]);
  return lines.slice(1).map((l) => Object.fromEntries(split(l).map((v, i) => [head[i], v])));
}

const exactOut = join(dir, "exact");
let exact: SweepJson;

beforeAll(() => {
  const r = cli("sweep", "scenarios/sweeps/sys6020-efficacy.json", "--out", exactOut);
  expect(r.code, r.err).toBe(0);
  exact = JSON.parse(readFileSync(join(exactOut, "sweep.json"), "utf8"));
}, 300_000);

describe("the seed efficacy sweep (exact)", () => {
  it("has both designs on all six curves, computed exactly, each with an efficacy block", () => {
    expect(exact.cells).toHaveLength(2);
    for (const c of exact.cells) {
      expect(c.result.method).toBe("exact");
      expect(c.result.curves.map((k) => k.name)).toEqual(["safe", "mtd-low", "mtd-middle", "mtd-high", "toxic-first", "steep-jump"]);
      for (const k of c.result.curves) expect(k.efficacy).toBeDefined();
    }
  });

  it("sweep.json's efficacy blocks equal `run --format json` of each design", () => {
    for (const [i, file] of [TOX, EFF].entries()) {
      const r = cli("run", "--design", file, "--scenario", SCEN, "--format", "json");
      expect(r.code, r.err).toBe(0);
      const run = JSON.parse(r.out) as Result;
      expect(exact.cells[i].result.curves.map((k) => k.efficacy)).toEqual(run.curves.map((k) => k.efficacy));
      expect(exact.cells[i].result.curves.map((k) => k.sampleSize)).toEqual(run.curves.map((k) => k.sampleSize));
    }
  });

  it("sweep.csv's efficacy columns equal `run --format csv`'s, row for row", () => {
    const sweepRows = parseCsv(readFileSync(join(exactOut, "sweep.csv"), "utf8"));
    for (const [i, file] of [TOX, EFF].entries()) {
      const r = cli("run", "--design", file, "--scenario", SCEN, "--format", "csv");
      expect(r.code, r.err).toBe(0);
      const runRows = parseCsv(r.out);
      const mine = sweepRows.filter((row) => row.cell === String(i + 1));
      expect(mine).toHaveLength(runRows.length);
      runRows.forEach((row, j) => {
        for (const col of EFFICACY_CSV_COLUMNS) expect(mine[j][col], `${col} row ${j}`).toBe(row[col]);
      });
    }
  });

  it("the true optimal dose is the hand-computed one, the same for both designs", () => {
    // lowest dose with DLT rate <= 0.33 whose response is within 0.1 of the best such dose (scenarios/sys6020.json):
    // safe: .20 .35 .50 .60 .65 -> >= .55 -> 4; mtd-low: doses 1-2 (.10 .25) -> .30 .50 -> 2; mtd-middle: doses 1-3 -> .30 .55 .60 -> 2;
    // mtd-high: all -> best .60 -> 2; toxic-first: none (.45 > .33) -> 0; steep-jump: doses 1-3 -> .25 .45 .60 -> 3
    const hand = [4, 2, 2, 2, 0, 3];
    for (const c of exact.cells) expect(c.result.curves.map((k) => k.efficacy!.optimalDose)).toEqual(hand);
    // the toxicity-only design recommends the highest dose not stopped, so its P(recommend the OBD) is that dose's P(recommended)
    for (const k of exact.cells[0].result.curves) {
      const e = k.efficacy!;
      const obd = e.optimalDose as number;
      expect(e.optimalDoseRecommended).toBe(obd === 0 ? e.noDose : (e.recommended as number[])[obd - 1]);
      expect((e.futilityStop as number[]).every((p) => p === 0)).toBe(true);
    }
  });

  it("without optimalRule the toxicity-only design's optimal dose is the highest dose with DLT rate <= 0.33 (hand)", () => {
    const raw = JSON.parse(readFileSync(TOX, "utf8"));
    delete raw.modifiers[1].optimalRule;
    const f = write("tox-highest.json", raw);
    const r = cli("run", "--design", f, "--scenario", SCEN, "--format", "json");
    expect(r.code, r.err).toBe(0);
    expect((JSON.parse(r.out) as Result).curves.map((k) => k.efficacy!.optimalDose)).toEqual([5, 2, 3, 5, 0, 3]);
  });

  it("the overview and the scenario page carry the efficacy chart and tables", () => {
    const overview = readFileSync(join(exactOut, "sweep.html"), "utf8");
    expect(overview).toContain(`data-chart="sweep-efficacy"`);
    expect(overview).toMatch(/data-table="efficacy"/);
    const page = readdirSync(exactOut).find((f) => /^sweep-1-.*\.html$/.test(f))!;
    const html = readFileSync(join(exactOut, page), "utf8");
    for (let c = 0; c < 6; c++) expect(html).toContain(`data-chart="c${c}-efficacy"`);
  });
});

describe("a Monte Carlo efficacy sweep", () => {
  const N = 4000;
  let mc: SweepJson;
  const mcOut = join(dir, "mc");
  beforeAll(() => {
    const sweep = write("mc-sweep.json", {
      name: "efficacy MC",
      trials: N,
      seed: "eff-mc",
      method: "monte-carlo",
      designs: [{ file: resolve("designs/sys6020.json") }, { file: TOX }, { file: EFF }],
      scenarios: [{ file: SCEN, curves: ["mtd-middle", "mtd-high"] }],
    });
    const r = cli("sweep", sweep, "--out", mcOut, "--format", "json", "--workers", "1");
    expect(r.code, r.err).toBe(0);
    mc = JSON.parse(readFileSync(join(mcOut, "sweep.json"), "utf8"));
  }, 300_000);

  it("a design without efficacy-expansion has no block and empty efficacy columns", () => {
    expect(mc.cells[0].result.curves.every((k) => k.efficacy === undefined)).toBe(true);
    const rows = mc.rows.filter((r) => r.cell === 1);
    expect(rows.length).toBe(12);
    for (const r of rows) for (const col of EFFICACY_CSV_COLUMNS) expect(r[col]).toBeNull();
    expect(mc.rows.filter((r) => r.cell === 3).every((r) => typeof r.effOptimalDoseRecommended === "number")).toBe(true);
  });

  it("agrees with the exact sweep within 4 independent SEs, and its SEs stay below those bounds", () => {
    const probabilities = ["recommended", "futilityStop", "toxicityStop", "expanded"] as const;
    const scalars = ["noDose", "twoDoses", "betterOfTwo", "optimalDoseRecommended"] as const;
    let checked = 0;
    for (const cellIndex of [1, 2]) {
      for (const k of mc.cells[cellIndex].result.curves) {
        const e = k.efficacy!;
        const x = exact.cells[cellIndex - 1].result.curves.find((c) => c.name === k.name)!.efficacy!;
        const prob = (m: number, p: number, se: number, what: string) => {
          const bound = Math.sqrt((p * (1 - p)) / N);
          expect(Math.abs(m - p), `${k.name} ${what}`).toBeLessThanOrEqual(4 * bound + 1e-12);
          expect(se, `${what} SE`).toBeLessThanOrEqual(bound * 1.05 + 1e-12);
          checked++;
        };
        for (const f of probabilities) (e[f] as number[]).forEach((m, d) => prob(m, (x[f] as number[])[d], (e[`${f}SE`] as number[])[d], `${f}[${d}]`));
        for (const f of scalars) prob(e[f] as number, x[f] as number, e[`${f}SE`] as number, f);
        // means: expansion patients lie in [0, 24], patients in all in [0, 30 + 24], responders in [0, 24]
        const mean = (f: string, range: number) => {
          expect(Math.abs((e[f] as number) - (x[f] as number)), `${k.name} ${f}`).toBeLessThanOrEqual((4 * range) / 2 / Math.sqrt(N));
          checked++;
        };
        mean("expectedExpansionPatients", 24);
        mean("expectedPatients", 54);
        mean("expectedResponders", 24);
      }
    }
    expect(checked).toBe(2 * 2 * (4 * 5 + 4 + 3));
  });
});

describe("a sharded Monte Carlo efficacy sweep", () => {
  it("two shards merged give sweep.json byte for byte as one run (the efficacy sums are exact)", () => {
    const sweep = write("shard-sweep.json", { name: "sh", trials: 9000, seed: "sh", method: "monte-carlo", designs: [{ file: EFF }], scenarios: [{ file: SCEN, curves: ["mtd-high", "safe"] }] });
    const one = join(dir, "sh-all");
    const a = join(dir, "sh-1");
    const b = join(dir, "sh-2");
    const merged = join(dir, "sh-merged");
    for (const args of [[one], [a, "--shard", "1/2"], [b, "--shard", "2/2"]]) {
      const r = cli("sweep", sweep, "--out", args[0], "--format", "json", "--workers", "1", ...args.slice(1));
      expect(r.code, r.err).toBe(0);
    }
    const m = cli("merge", a, b, "--out", merged, "--format", "json");
    expect(m.code, m.err).toBe(0);
    const text = readFileSync(join(merged, "sweep.json"), "utf8");
    expect(text).toBe(readFileSync(join(one, "sweep.json"), "utf8"));
    expect((JSON.parse(text) as SweepJson).cells[0].result.curves[0].efficacy!.optimalDoseRecommendedSE).toBeGreaterThan(0);
  });
});

describe("compare with efficacy designs", () => {
  it("pairs the efficacy statistics, each design within 4 binomial SEs of the exact run", () => {
    const N = 6000;
    const r = cli("compare", "--design", TOX, "--design", EFF, "--scenario", SCEN, "--curve", "mtd-high", "--trials", String(N), "--seed", "cmp", "--format", "json");
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    const exactHigh = exact.cells.map((c) => c.result.curves.find((k) => k.name === "mtd-high")!.efficacy!);
    for (const d of [0, 1]) {
      const row = j.curves[0].rows[d].find((x: { stat: string }) => x.stat === "efficacy.optimalDoseRecommended");
      const p = exactHigh[d].optimalDoseRecommended as number;
      expect(Math.abs(row.value - p)).toBeLessThanOrEqual(4 * Math.sqrt((p * (1 - p)) / N));
      // the block sums values rounded to the accumulator's binary grid (exact sums); the paired sums do not round
      expect(j.curves[0].results[d].efficacy.optimalDoseRecommended).toBeCloseTo(row.value, 7);
      const better = j.curves[0].rows[d].find((x: { stat: string }) => x.stat === "efficacy.betterOfTwo");
      const q = exactHigh[d].betterOfTwo as number;
      expect(Math.abs(better.value - q)).toBeLessThanOrEqual(4 * Math.sqrt((q * (1 - q)) / N));
    }
    const diff = j.curves[0].rows[1].find((x: { stat: string }) => x.stat === "efficacy.optimalDoseRecommended");
    expect(diff.difference).toBeCloseTo(diff.value - j.curves[0].rows[0].find((x: { stat: string }) => x.stat === "efficacy.optimalDoseRecommended").value, 12);
    expect(diff.seCoupled).toBeLessThan(diff.seIndependent);
    const csv = cli("compare", "--design", TOX, "--design", EFF, "--scenario", SCEN, "--curve", "mtd-high", "--trials", "2000", "--format", "csv");
    expect(csv.code).toBe(0);
    expect(csv.out).toMatch(/,efficacy\.optimalDoseRecommended,,/);
    const table = cli("compare", "--design", TOX, "--design", EFF, "--scenario", SCEN, "--curve", "mtd-high", "--trials", "2000");
    expect(table.out).toMatch(/P\(recommend optimal dose\)/);
  });

  it("with a reference without efficacy-expansion: no paired efficacy rows, the efficacy design's block still reported", () => {
    const r = cli("compare", "--design", "designs/sys6020.json", "--design", EFF, "--scenario", SCEN, "--curve", "mtd-middle", "--trials", "2000", "--format", "json");
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.curves[0].rows[1].some((x: { stat: string }) => x.stat.startsWith("efficacy."))).toBe(false);
    expect(j.curves[0].results[0].efficacy).toBeUndefined();
    expect(j.curves[0].results[1].efficacy.optimalDose).toBe(2);
  });
});

describe("efficacy sweeps refuse bad input in one line", () => {
  it("a timed scenario without response rates, or an untimed curve without them: exit 2, one line, no cells", () => {
    const timed = write("timed-sweep.json", { name: "t", designs: [{ file: EFF }], scenarios: [{ file: resolve("scenarios/sys6020-timed.json") }] });
    const noResponse = write("nr-scen.json", { name: "nr", target: 0.25, ladder: { doses: [1, 2, 3, 4, 5] }, curves: [{ name: "a", truth: [0.05, 0.1, 0.2, 0.3, 0.4] }] });
    const nr = write("nr-sweep.json", { name: "n", designs: [{ file: EFF }], scenarios: [{ file: noResponse }] });
    for (const [f, pattern] of [
      [timed, /has efficacy-expansion, but curve "safe" of .*sys6020-timed\.json gives no "response" rates/],
      [nr, /curve "a" of .* gives no "response" rates/],
    ] as const) {
      const out = join(dir, `bad-${f.length}-${pattern.source.length}`);
      const r = cli("sweep", f, "--out", out);
      expect(r.code).toBe(2);
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect(r.err).toMatch(pattern);
      expect(existsSync(join(out, "cells")) && readdirSync(join(out, "cells")).length > 0).toBe(false);
    }
  });
});
