/**
 * BOIN against its published definition and reference numbers:
 * - Liu & Yuan (2015) JRSS C 64:507-523 (boundaries λe, λd);
 * - R BOIN 2.7.2 `get.boundary` boundary tables and `get.oc` operating characteristics.
 * Every reference number comes from test/reference/fixtures/boin.json, with its provenance.
 */
import { describe, expect, it } from "vitest";
import { boin, boinParams, lambdaE } from "../../src/designs/boin.js";
import { lambdaD } from "../../src/select/mtd.js";
import { resolveParams } from "../../src/config/params.js";
import { simulateDesign } from "../../src/engine/simulate.js";
import { summarize } from "../../src/report/summary.js";
import type { DecisionTableRow } from "../../src/designs/decision-table.js";
import { exactSelection } from "../helpers/exact-selection.js";
import { fixture } from "../helpers/fixtures.js";

const fx = fixture("boin.json");

function build(params: Record<string, unknown>, numDoses = 5) {
  return boin(resolveParams(boinParams, params, "(test)", "design"), numDoses);
}
const col = (rows: readonly DecisionTableRow[], k: keyof DecisionTableRow) => rows.map((r) => r[k] ?? "-");

describe("BOIN boundaries (Liu & Yuan 2015; fixtures/boin.json)", () => {
  const cases: [number, number, number][] = fx.lambdas.cases.map((c: { target: number; lambdaE: number; lambdaD: number }) => [c.target, c.lambdaE, c.lambdaD]);
  for (const [phi, le, ld] of cases) {
    it(`lambdaE/lambdaD for target ${phi.toFixed(4)} are ${le}, ${ld} (to the published digits)`, () => {
      const digits = String(le).split(".")[1].length;
      expect(Math.abs(lambdaE(phi, 0.6 * phi) - le)).toBeLessThan(0.5 * 10 ** -digits + 1e-12);
      expect(Math.abs(lambdaD(phi, 1.4 * phi) - ld)).toBeLessThan(0.5 * 10 ** -String(ld).split(".")[1].length + 1e-12);
    });
  }
});

describe("BOIN decision tables (R BOIN 2.7.2 get.boundary; fixtures/boin.json)", () => {
  const dash = (v: number | null) => (v === null ? "-" : v);
  for (const tab of fx.boundaryTabs) {
    it(`${tab.provenance.replace("R BOIN 2.7.2: ", "")}`, () => {
      const t = build({ target: tab.target, nCohorts: tab.nCohorts }).decisionTable!();
      const rows = t.rows.filter((r) => r.n % tab.cohortSize === 0);
      expect(col(rows, "n")).toEqual(tab.n);
      expect(col(rows, "escalateAtMost")).toEqual(tab.escalateAtMost.map(dash));
      expect(col(rows, "deEscalateAtLeast")).toEqual(tab.deEscalateAtLeast.map(dash));
      expect(col(rows, "eliminateAtLeast")).toEqual(tab.eliminateAtLeast.map(dash));
    });
  }

  for (const full of fx.fullTables) {
    const maxN = full.escalateAtMost.length;
    it(`full table for target ${full.target}, every n = 1..${maxN}`, () => {
      const t = build({ target: full.target, nCohorts: full.nCohorts }).decisionTable!(maxN);
      expect(col(t.rows, "escalateAtMost")).toEqual(full.escalateAtMost.map(dash));
      expect(col(t.rows, "deEscalateAtLeast")).toEqual(full.deEscalateAtLeast.map(dash));
      expect(col(t.rows, "eliminateAtLeast")).toEqual(full.eliminateAtLeast.map(dash));
    });
  }

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

describe("BOIN operating characteristics against R BOIN get.oc (fixtures/boin.json)", () => {
  const ex = fx.getOcExample;
  it("get.oc(target=0.3, p.true=c(0.05,0.15,0.3,0.45,0.6), ncohort=20, cohortsize=3): 200,000 trials, seed 'boin-getoc', within 4 SE", () => {
    // Tolerance: 4 standard errors of the difference, combining our SE (200,000 trials) and the
    // R run's own SE (1,000 trials, estimated with our standard deviations), plus half a unit
    // of the last published digit.
    const design = build({ target: ex.target, nCohorts: ex.nCohorts });
    const truth: number[] = ex.truth;
    const trials = 200_000;
    const { runner, acc } = simulateDesign(design, { truth, trueMtd: 2 }, { trials, seed: "boin-getoc" });
    const r = summarize(acc, runner.layout, { name: "getoc", truth, trueMtd: 2, metricNames: [], method: "monte-carlo" });
    const L = runner.layout;
    const rTrials: number = ex.trials;
    const sel: number[] = ex.selpercent;
    sel.forEach((pct, d) => {
      const p = r.selection[d];
      const se = Math.sqrt((p * (1 - p)) / trials + (p * (1 - p)) / rTrials);
      expectWithin(100 * p, pct, 100 * se, 4, 0.05, `selpercent dose ${d + 1}`);
    });
    const npatients: number[] = ex.npatients;
    npatients.forEach((m, d) => {
      const w = acc[L.weight];
      const sd = Math.sqrt(Math.max(0, acc[L.nSq + d] / w - (acc[L.nSum + d] / w) ** 2));
      const se = Math.sqrt(sd ** 2 / trials + sd ** 2 / rTrials);
      expectWithin(r.patients[d], m, se, 4, 0.005, `npatients dose ${d + 1}`);
    });
    const sdTox = Math.sqrt(acc[L.totalY + 1] / acc[L.weight] - r.totalDlts ** 2);
    expectWithin(r.totalDlts, ex.totaltox, Math.sqrt(sdTox ** 2 / trials + sdTox ** 2 / rTrials), 4, 0.05, "totaltox");
    expectWithin(r.sampleSize, ex.totaln, Math.sqrt(r.sampleSizeSD ** 2 / trials + r.sampleSizeSD ** 2 / rTrials), 4, 0.05, "totaln");
    const stop = r.noMtd;
    expectWithin(100 * stop, ex.percentstop, 100 * Math.sqrt((stop * (1 - stop)) / trials + (stop * (1 - stop)) / rTrials + 1e-6 / rTrials), 4, 0.05, "percentstop");
  });

  // The reference scenario p.true = (0.05, 0.15, 0.3, 0.45, 0.6), target 0.3, 10 cohorts of 3
  // (the curve whose 3+3 row fixtures/three-plus-three.json gives by Lin & Shih's closed form).
  const ref = fx.referenceScenario;
  const reference: number[] = ref.truth;

  it(`reference scenario, N = 30: exact enumeration equals the exact BOIN row ${ref.exact.selectionPercent.join("/")} (${ref.exact.noMtdPercent} none)`, () => {
    const design = build({ target: 0.3, nCohorts: 10 });
    const ex = exactSelection(design, reference);
    const published: number[] = ref.exact.selectionPercent;
    published.forEach((pct, d) => expect(Math.abs(100 * ex.selection[d] - pct), `dose ${d + 1}: ${100 * ex.selection[d]}`).toBeLessThanOrEqual(0.005 + 1e-9));
    expect(Math.abs(100 * ex.noMtd - ref.exact.noMtdPercent)).toBeLessThanOrEqual(0.005 + 1e-9);
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

  it(`reference scenario, N = 30: exact selection agrees with R get.oc (10,000 trials, seed 6) ${ref.getOc.selectionPercent.join("/")} within 4 of R's SEs`, () => {
    const ex = exactSelection(build({ target: 0.3, nCohorts: 10 }), reference);
    ref.getOc.selectionPercent.forEach((pct: number, d: number) => {
      const p = ex.selection[d];
      expectWithin(100 * p, pct, 100 * Math.sqrt((p * (1 - p)) / ref.getOc.trials), 4, 0.005, `dose ${d + 1}`);
    });
  });
});
