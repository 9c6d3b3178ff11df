/**
 * BOIN against its published definition and reference numbers:
 * - Liu & Yuan (2015) JRSS C 64:507-523 (boundaries λe, λd);
 * - R BOIN 2.7.2 `get.boundary` boundary tables and `get.oc` operating characteristics, as
 *   recorded in /work/shared/REFERENCES.md (values computed independently from the package).
 */
import { describe, expect, it } from "vitest";
import { boin, boinParams, lambdaE } from "../../src/designs/boin.js";
import { lambdaD } from "../../src/select/mtd.js";
import { resolveParams } from "../../src/config/params.js";
import { simulateDesign } from "../../src/engine/simulate.js";
import { summarize } from "../../src/report/summary.js";
import type { DecisionTableRow } from "../../src/designs/decision-table.js";
import { exactSelection } from "../helpers/exact-selection.js";

function build(params: Record<string, unknown>, numDoses = 5) {
  return boin(resolveParams(boinParams, params, "(test)", "design"), numDoses);
}
const col = (rows: readonly DecisionTableRow[], k: keyof DecisionTableRow) => rows.map((r) => r[k] ?? "-");
const parse = (s: string) => s.trim().split(/\s+/).map((x) => (x === "-" ? "-" : Number(x)));

describe("BOIN boundaries (Liu & Yuan 2015; REFERENCES.md)", () => {
  const cases: [number, number, number][] = [
    [0.15, 0.117797, 0.178686],
    [0.2, 0.157242, 0.238462],
    [0.25, 0.196801, 0.298392],
    [0.3, 0.2364907, 0.3585195],
    [1 / 3, 0.263034, 0.398744],
    [0.35, 0.276334, 0.418908],
    [0.4, 0.31636, 0.47965],
  ];
  for (const [phi, le, ld] of cases) {
    it(`lambdaE/lambdaD for target ${phi.toFixed(4)} are ${le}, ${ld} (to the published digits)`, () => {
      const digits = String(le).split(".")[1].length;
      expect(Math.abs(lambdaE(phi, 0.6 * phi) - le)).toBeLessThan(0.5 * 10 ** -digits + 1e-12);
      expect(Math.abs(lambdaD(phi, 1.4 * phi) - ld)).toBeLessThan(0.5 * 10 ** -String(ld).split(".")[1].length + 1e-12);
    });
  }
});

describe("BOIN decision tables (R BOIN 2.7.2 get.boundary; REFERENCES.md)", () => {
  it("get.boundary(target=0.3, ncohort=12, cohortsize=3)$boundary_tab", () => {
    const t = build({ target: 0.3, nCohorts: 12 }).decisionTable!();
    const rows = t.rows.filter((r) => r.n % 3 === 0);
    expect(col(rows, "n")).toEqual(parse("3 6 9 12 15 18 21 24 27 30 33 36"));
    expect(col(rows, "escalateAtMost")).toEqual(parse("0 1 2  2  3  4  4  5  6  7  7  8"));
    expect(col(rows, "deEscalateAtLeast")).toEqual(parse("2 3 4  5  6  7  8  9 10 11 12 13"));
    expect(col(rows, "eliminateAtLeast")).toEqual(parse("3 4 5  7  8  9 10 11 12 14 15 16"));
  });

  it("get.boundary(target=0.25, ncohort=8, cohortsize=3)$boundary_tab", () => {
    const t = build({ target: 0.25, nCohorts: 8 }).decisionTable!();
    const rows = t.rows.filter((r) => r.n % 3 === 0);
    expect(col(rows, "escalateAtMost")).toEqual(parse("0 1 1  2  2  3  4  4"));
    expect(col(rows, "deEscalateAtLeast")).toEqual(parse("1 2 3  4  5  6  7  8"));
    expect(col(rows, "eliminateAtLeast")).toEqual(parse("3 4 5  6  7  8  9 10"));
  });

  it("full table for target 0.3, every n = 1..36 (boundaries.json)", () => {
    const t = build({ target: 0.3, nCohorts: 12 }).decisionTable!(36);
    expect(col(t.rows, "escalateAtMost")).toEqual(parse("0 0 0 0 1 1 1 1 2  2  2  2  3  3  3  3  4  4  4  4  4  5  5  5  5  6  6  6  6  7  7  7  7  8  8  8"));
    expect(col(t.rows, "deEscalateAtLeast")).toEqual(parse("1 1 2 2 2 3 3 3 4  4  4  5  5  6  6  6  7  7  7  8  8  8  9  9  9 10 10 11 11 11 12 12 12 13 13 13"));
    expect(col(t.rows, "eliminateAtLeast")).toEqual(parse("- - 3 3 4 4 5 5 5  6  6  7  7  8  8  8  9  9  9 10 10 11 11 11 12 12 12 13 13 14 14 14 15 15 15 16"));
  });

  it("full table for target 0.25, every n = 1..24 (boundaries.json)", () => {
    const t = build({ target: 0.25, nCohorts: 8 }).decisionTable!(24);
    expect(col(t.rows, "escalateAtMost")).toEqual(parse("0 0 0 0 0 1 1 1 1  1  2  2  2  2  2  3  3  3  3  3  4  4  4  4"));
    expect(col(t.rows, "deEscalateAtLeast")).toEqual(parse("1 1 1 2 2 2 3 3 3  3  4  4  4  5  5  5  6  6  6  6  7  7  7  8"));
    expect(col(t.rows, "eliminateAtLeast")).toEqual(parse("- - 3 3 3 4 4 4 5  5  6  6  6  7  7  7  8  8  8  9  9  9 10 10"));
  });

  it("de-escalates strictly above lambdaD: at n = 20 for target 0.25, y/n = 0.3 > 0.2984 gives 6, not 5.97 → 6", () => {
    // λd·n = 5.968: ceiling 6; the 1e-12 rule only bites when λd·n is an integer
    const t = build({ target: 0.25, nCohorts: 8 }).decisionTable!(24);
    expect(t.rows[19].deEscalateAtLeast).toBe(6);
  });
});

/** |ours - theirs| within z standard errors of the difference, plus half the last published digit. */
function expectWithin(ours: number, theirs: number, se: number, z: number, rounding: number, label: string) {
  const tol = z * se + rounding;
  expect(Math.abs(ours - theirs), `${label}: ours ${ours.toFixed(4)} vs ${theirs} (tolerance ${tol.toFixed(4)})`).toBeLessThanOrEqual(tol);
}

describe("BOIN operating characteristics against R BOIN get.oc (REFERENCES.md)", () => {
  it("get.oc(target=0.3, p.true=c(0.05,0.15,0.3,0.45,0.6), ncohort=20, cohortsize=3): 200,000 trials, seed 'boin-getoc', within 4 SE", () => {
    // Tolerance: 4 standard errors of the difference, combining our SE (200,000 trials) and the
    // R run's own SE (1,000 trials, estimated with our standard deviations), plus half a unit
    // of the last published digit.
    const design = build({ target: 0.3, nCohorts: 20 });
    const truth = [0.05, 0.15, 0.3, 0.45, 0.6];
    const trials = 200_000;
    const { runner, acc } = simulateDesign(design, { truth, trueMtd: 2 }, { trials, seed: "boin-getoc" });
    const r = summarize(acc, runner.layout, { name: "getoc", truth, trueMtd: 2, metricNames: [], method: "monte-carlo" });
    const L = runner.layout;
    const rTrials = 1000;
    const sel = [1.1, 23.5, 65.0, 10.1, 0.2];
    sel.forEach((pct, d) => {
      const p = r.selection[d];
      const se = Math.sqrt((p * (1 - p)) / trials + (p * (1 - p)) / rTrials);
      expectWithin(100 * p, pct, 100 * se, 4, 0.05, `selpercent dose ${d + 1}`);
    });
    const npatients = [4.61, 17.73, 27.75, 8.78, 1.07];
    npatients.forEach((m, d) => {
      const w = acc[L.weight];
      const sd = Math.sqrt(Math.max(0, acc[L.nSq + d] / w - (acc[L.nSum + d] / w) ** 2));
      const se = Math.sqrt(sd ** 2 / trials + sd ** 2 / rTrials);
      expectWithin(r.patients[d], m, se, 4, 0.005, `npatients dose ${d + 1}`);
    });
    const sdTox = Math.sqrt(acc[L.totalY + 1] / acc[L.weight] - r.totalDlts ** 2);
    expectWithin(r.totalDlts, 15.8, Math.sqrt(sdTox ** 2 / trials + sdTox ** 2 / rTrials), 4, 0.05, "totaltox");
    expectWithin(r.sampleSize, 59.9, Math.sqrt(r.sampleSizeSD ** 2 / trials + r.sampleSizeSD ** 2 / rTrials), 4, 0.05, "totaln");
    const stop = r.noMtd;
    expectWithin(100 * stop, 0.1, 100 * Math.sqrt((stop * (1 - stop)) / trials + (stop * (1 - stop)) / rTrials + 1e-6 / rTrials), 4, 0.05, "percentstop");
  });

  // The "reference scenario" of REFERENCES.md's head-to-head table is not named there; it is
  // p.true = (0.05, 0.15, 0.3, 0.45, 0.6), target 0.3: that curve reproduces the table's 3+3
  // row (18.1/40.1/30.0/8.4/0.8, 2.7 none) exactly by Lin & Shih's closed form.
  const reference = [0.05, 0.15, 0.3, 0.45, 0.6];

  it("reference scenario, N = 30: exact enumeration equals the published exact BOIN row 1.17/23.21/54.63/19.37/1.60 (0.02 none)", () => {
    const design = build({ target: 0.3, nCohorts: 10 });
    const ex = exactSelection(design, reference);
    const published = [1.17, 23.21, 54.63, 19.37, 1.6];
    published.forEach((pct, d) => expect(Math.abs(100 * ex.selection[d] - pct), `dose ${d + 1}: ${100 * ex.selection[d]}`).toBeLessThanOrEqual(0.005 + 1e-9));
    expect(Math.abs(100 * ex.noMtd - 0.02)).toBeLessThanOrEqual(0.005 + 1e-9);
    expect(ex.selection.reduce((a, b) => a + b, ex.noMtd)).toBeCloseTo(1, 12);
  });

  it("reference scenario, N = 30: 200,000 Monte Carlo trials agree with the exact row within 4 SE", () => {
    const design = build({ target: 0.3, nCohorts: 10 });
    const ex = exactSelection(design, reference);
    const trials = 200_000;
    const { runner, acc } = simulateDesign(design, { truth: reference, trueMtd: 2 }, { trials, seed: "boin-n30" });
    const r = summarize(acc, runner.layout, { name: "ref", truth: reference, trueMtd: 2, metricNames: [], method: "monte-carlo" });
    for (let d = 0; d < 5; d++) {
      const p = ex.selection[d];
      expectWithin(r.selection[d], p, Math.sqrt((p * (1 - p)) / trials), 4, 0, `dose ${d + 1}`);
      const w = acc[runner.layout.weight];
      const sd = Math.sqrt(acc[runner.layout.nSq + d] / w - (acc[runner.layout.nSum + d] / w) ** 2);
      expectWithin(r.patients[d], ex.patients[d], sd / Math.sqrt(trials), 4, 0, `patients dose ${d + 1}`);
    }
  });

  it("reference scenario, N = 30: exact selection agrees with R get.oc (10,000 trials, seed 6) 1.08/23.52/54.96/19.03/1.39 within 4 of R's SEs", () => {
    const ex = exactSelection(build({ target: 0.3, nCohorts: 10 }), reference);
    [1.08, 23.52, 54.96, 19.03, 1.39].forEach((pct, d) => {
      const p = ex.selection[d];
      expectWithin(100 * p, pct, 100 * Math.sqrt((p * (1 - p)) / 10_000), 4, 0.005, `dose ${d + 1}`);
    });
  });
});
