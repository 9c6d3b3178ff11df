/**
 * Keyboard and mTPI-2 against their published definitions and reference numbers:
 * - Yan, Mandrekar & Yuan (2017) Clin Cancer Res 23(15):3994-4003 (the Keyboard design);
 * - R Keyboard 0.1.3 `get.boundary.kb` tables and `get.oc.kb` operating characteristics
 *   (test/reference/fixtures/keyboard.json, with their provenance);
 * - Guo et al. (2017) Contemp Clin Trials (mTPI-2): its UPM decision ranks the same intervals
 *   as Keyboard's keys, so the tables coincide.
 */
import { describe, expect, it } from "vitest";
import { keyboard, keyboardParams, anchoredIntervals } from "../../src/designs/keyboard.js";
import { mtpi2, mtpi2Params } from "../../src/designs/mtpi2.js";
import { boin, boinParams } from "../../src/designs/boin.js";
import { resolveParams } from "../../src/config/params.js";
import type { DecisionTableRow } from "../../src/designs/decision-table.js";
import { simulateDesign } from "../../src/engine/simulate.js";
import { exactSelection } from "../helpers/exact-selection.js";
import { fixture } from "../helpers/fixtures.js";

const fx = fixture("keyboard.json");
const dash = (v: number | null) => (v === null ? "-" : v);

const kb = (params: Record<string, unknown>, K = 5) => keyboard(resolveParams(keyboardParams, params, "(test)", "design"), K);
const mt = (params: Record<string, unknown>, K = 5) => mtpi2(resolveParams(mtpi2Params, params, "(test)", "design"), K);
const bo = (params: Record<string, unknown>, K = 5) => boin(resolveParams(boinParams, params, "(test)", "design"), K);
const col = (rows: readonly DecisionTableRow[], k: keyof DecisionTableRow) => rows.map((r) => r[k] ?? "-");

describe("Keyboard keys (R Keyboard 0.1.3 get.boundary.kb)", () => {
  it("anchoredIntervals(0.25, 0.35) lays keys out from the target key: 0, .05, .15, ..., .95, 1", () => {
    const { breaks, targetIndex } = anchoredIntervals(0.25, 0.35);
    const expected = [0, 0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95, 1];
    expect(breaks.length).toBe(expected.length);
    breaks.forEach((b, i) => expect(b).toBeCloseTo(expected[i], 12));
    expect(targetIndex).toBe(3);
  });

  it("anchoredIntervals(0.2, 0.3) has no degenerate keys (the package's [0, 5.55e-17] is taken as 0)", () => {
    const { breaks } = anchoredIntervals(0.2, 0.3);
    expect(breaks.length).toBe(11);
    for (let i = 1; i < breaks.length; i++) expect(breaks[i] - breaks[i - 1]).toBeGreaterThan(0.09);
  });
});

describe("Keyboard decision tables (fixtures/keyboard.json)", () => {
  for (const tab of fx.tables) {
    it(`target ${tab.target}, margins 0.05/0.05, n = 1..${tab.escalateAtMost.length}`, () => {
      const t = kb({ target: tab.target, nCohorts: 8 }).decisionTable!(tab.escalateAtMost.length);
      expect(col(t.rows, "escalateAtMost")).toEqual(tab.escalateAtMost.map(dash));
      expect(col(t.rows, "deEscalateAtLeast")).toEqual(tab.deEscalateAtLeast.map(dash));
      expect(col(t.rows, "eliminateAtLeast")).toEqual(tab.eliminateAtLeast.map(dash));
    });
  }

  it("differs from BOIN at target 0.3 (n <= 36) exactly where fixtures/keyboard.json says", () => {
    const k = kb({ target: 0.3, nCohorts: 12 }).decisionTable!(36).rows;
    const b = bo({ target: 0.3, nCohorts: 12 }).decisionTable!(36).rows;
    const diffs: string[] = [];
    for (let i = 0; i < 36; i++) {
      if (k[i].escalateAtMost !== b[i].escalateAtMost) diffs.push(`esc n=${i + 1}: ${b[i].escalateAtMost}->${k[i].escalateAtMost}`);
      if (k[i].deEscalateAtLeast !== b[i].deEscalateAtLeast) diffs.push(`de n=${i + 1}: ${b[i].deEscalateAtLeast}->${k[i].deEscalateAtLeast}`);
      if (i >= 2 && k[i].eliminateAtLeast !== b[i].eliminateAtLeast) diffs.push(`el n=${i + 1}`);
    }
    expect(diffs.sort()).toEqual([...fx.differencesFromBoin.cells].sort());
  });

  it("equals BOIN at target 0.25 for n = 3..24", () => {
    const k = kb({ target: 0.25, nCohorts: 8 }).decisionTable!(24).rows.slice(2);
    const b = bo({ target: 0.25, nCohorts: 8 }).decisionTable!(24).rows.slice(2);
    expect(k).toEqual(b);
  });
});

describe("mTPI-2 (Guo et al. 2017) coincides with Keyboard for the same intervals", () => {
  for (const target of [0.15, 0.2, 0.25, 0.3, 1 / 3, 0.35, 0.4]) {
    it(`mtpi2 and keyboard tables are identical for target ${target.toFixed(3)}, n = 1..36`, () => {
      const a = mt({ target, nCohorts: 12 }).decisionTable!(36).rows;
      const b = kb({ target, nCohorts: 12 }).decisionTable!(36).rows;
      expect(a).toEqual(b);
    });
  }
  it("mtpi2 with asymmetric epsilons (0.05, 0.1) matches keyboard with margins (0.05, 0.1) at target 0.3", () => {
    const a = mt({ target: 0.3, epsilon1: 0.05, epsilon2: 0.1, nCohorts: 12 }).decisionTable!(36).rows;
    const b = kb({ target: 0.3, marginL: 0.05, marginR: 0.1, nCohorts: 12 }).decisionTable!(36).rows;
    expect(a).toEqual(b);
  });
  it("so with the same early-stopping rule the two simulate identically (same seed, identical accumulators)", () => {
    const truth = [0.05, 0.15, 0.3, 0.45, 0.6];
    const a = simulateDesign(mt({ target: 0.3, nCohorts: 10, earlyStopRule: "always", nEarlyStop: 9 }), { truth, trueMtd: 2 }, { trials: 20_000, seed: "twin" }).acc;
    const b = simulateDesign(kb({ target: 0.3, nCohorts: 10, nEarlyStop: 9 }), { truth, trueMtd: 2 }, { trials: 20_000, seed: "twin" }).acc;
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});

describe("Keyboard operating characteristics against R get.oc.kb (fixtures/keyboard.json)", () => {
  // Reference scenario p.true = (0.05, 0.15, 0.3, 0.45, 0.6), target 0.3, 10 cohorts of 3 (see boin.test.ts).
  const oc = fx.getOcKb;
  it(`exact selection agrees with get.oc.kb (10,000 trials, seed 6) ${oc.selectionPercent.join("/")} within 4 of R's SEs`, () => {
    const ex = exactSelection(kb({ target: oc.target, nCohorts: oc.nCohorts }), oc.truth);
    oc.selectionPercent.forEach((pct: number, d: number) => {
      const p = ex.selection[d];
      const tol = 4 * 100 * Math.sqrt((p * (1 - p)) / oc.trials) + 0.005;
      expect(Math.abs(100 * p - pct), `dose ${d + 1}: ${(100 * p).toFixed(3)}`).toBeLessThanOrEqual(tol);
    });
  });

  it("with cohorts of 3 and N = 30, Keyboard and BOIN differ only through n = 21 (escalate if <= 5 vs <= 4)", () => {
    const truth = [0.05, 0.15, 0.3, 0.45, 0.6];
    const k = exactSelection(kb({ target: 0.3, nCohorts: 10 }), truth);
    const b = exactSelection(bo({ target: 0.3, nCohorts: 10 }), truth);
    // the two differ, but by little: n = 21 at a dose is reached only late in a trial
    const gap = Math.max(...k.selection.map((p, d) => Math.abs(p - b.selection[d])));
    expect(gap).toBeGreaterThan(0);
    expect(gap).toBeLessThan(0.01);
  });
});
