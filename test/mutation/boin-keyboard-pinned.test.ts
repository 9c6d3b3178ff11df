/**
 * BOIN's strict de-escalation where λd·n is (within rounding) an integer, and Keyboard's edge-key
 * compensation at small targets (0.06-0.14), where it changes decisions.
 * Fixtures: test/reference/fixtures/boin-strict-deescalation.json (mpmath bisection for the pTox
 * giving λd = 0.4 at target 0.3) and keyboard-small-targets.json (scipy re-implementation of
 * R Keyboard 0.1.3 get.boundary.kb's key rule, with and without the compensation).
 */
import { describe, expect, it } from "vitest";
import { boin, boinParams, boinTables, deEscalationCount, lambdaE } from "../../src/designs/boin.js";
import { keyboard, keyboardCell, keyboardParams } from "../../src/designs/keyboard.js";
import { Cell } from "../../src/designs/interval.js";
import { lambdaD } from "../../src/select/mtd.js";
import { resolveParams } from "../../src/config/params.js";
import { stateOf } from "../../src/model/outcomes.js";
import type { DecisionTableRow } from "../../src/designs/decision-table.js";
import { decideSay } from "../helpers/build.js";
import { fixture } from "../helpers/fixtures.js";

const strict = fixture<{ target: number; pTox: number; deEscalateAtLeast: Record<string, number> }>("boin-strict-deescalation.json");
const kbFx = fixture<{ tables: { target: number; rows: DecisionTableRow[]; withoutCompensation: DecisionTableRow[]; changedCells: [number, number, string, string][] }[] }>(
  "keyboard-small-targets.json",
);
const bo = (params: Record<string, unknown>, K = 4) => boin(resolveParams(boinParams, params, "(test)", "design"), K);
const kb = (params: Record<string, unknown>, K = 4) => keyboard(resolveParams(keyboardParams, params, "(test)", "design"), K);

describe("BOIN de-escalates only when y/n > λd, also when λd·n is an integer up to rounding", () => {
  it("deEscalationCount: exact integers and values within 1e-12 of one give m + 1; others the ceiling", () => {
    expect(deEscalationCount(0.25, 4)).toBe(2); // 0.25·4 = 1 exactly
    expect(deEscalationCount(0.4, 5)).toBe(3); // 0.4·5 = 2 in floating point
    expect(deEscalationCount(0.58, 50)).toBe(30); // 0.58·50 = 28.999999999999996, 4e-15 below 29
    expect(deEscalationCount(0.3, 10)).toBe(4); // 0.3·10 = 3.0000000000000004
    expect(deEscalationCount(0.35, 4)).toBe(2); // 1.4 → 2
    expect(deEscalationCount(0.35, 2)).toBe(1); // 0.7 → 1
    expect(deEscalationCount(0.2983922, 20)).toBe(6); // 5.968 → 6
    expect(deEscalationCount(0.3, 1 / 0.3 + 1e-9)).toBe(2); // 1 + 3e-10: not within 1e-12, ceiling 2
    expect(deEscalationCount(0.5, 2 + 1e-11)).toBe(2); // 1 + 5e-12: within 1e-12? no (5e-12), ceiling 2
    expect(deEscalationCount(0.5, 2 + 1e-12)).toBe(2); // 1 + 5e-13: within 1e-12 of 1, so 1 + 1
    expect(deEscalationCount(0.5, 2 - 1e-11)).toBe(1); // 1 − 5e-12: ceiling 1
  });

  it(`target ${strict.target}, pTox ${strict.pTox} (λd = 0.4 to rounding): de-escalate at n = 5, 10, 15 from 3, 5, 7 DLTs`, () => {
    const ld = lambdaD(strict.target, strict.pTox);
    expect(Math.abs(ld - 0.4)).toBeLessThan(1e-15);
    const design = bo({ target: strict.target, pTox: strict.pTox, nCohorts: 5, cohortSize: 5 });
    const rows = design.decisionTable!(15).rows;
    for (const [n, at] of Object.entries(strict.deEscalateAtLeast)) expect(rows[Number(n) - 1].deEscalateAtLeast).toBe(at);
    // in the trial: 2/5 at dose 2 (y/n = λd) stays, 3/5 de-escalates
    expect(decideSay(design, stateOf("1NNNNN 2NNNTT", 4))).toBe("treat 5 at 2");
    expect(decideSay(design, stateOf("1NNNNN 2NNTTT", 4))).toBe("treat 5 at 1");
    expect(design.describe().lambdaD).toBeCloseTo(0.4, 14);
  });

  it("boinTables: de-escalation is capped by elimination only where elimination is defined (n >= 3)", () => {
    const le = lambdaE(0.3, 0.18);
    const t = boinTables(0.3, le, 0.4, 0.95, 10);
    expect(Array.from(t.deEscalateAtLeast.slice(1))).toEqual([1, 1, 2, 2, 3, 3, 3, 4, 4, 5]);
    expect(t.eliminateAtLeast[1]).toBeGreaterThan(100);
    expect(t.eliminateAtLeast[2]).toBeGreaterThan(100);
    expect(Array.from(t.eliminateAtLeast.slice(3))).toEqual([3, 3, 4, 4, 5, 5, 5, 6]);
    // λd = 0.9: ceiling(0.9 n) > elimination from n = 3 on, so elimination caps it
    const capped = boinTables(0.3, le, 0.9, 0.95, 6);
    expect(Array.from(capped.deEscalateAtLeast.slice(1))).toEqual([1, 2, 3, 3, 4, 4]);
    expect(Array.from(capped.escalateAtMost.slice(1))).toEqual([0, 0, 0, 0, 1, 1]);
  });

  it("boundMtd: a dose whose isotonic estimate exceeds λd is not selected by the design either", () => {
    // 3/6 at dose 2: estimate (3 + 0.05) / (6 + 0.1) = 0.5 > λd = 0.3585 (Liu & Yuan's bound)
    const s = stateOf("1NNN 2NTT 2NTN", 4);
    expect(bo({ target: 0.3 }).selectMtd(s)).toBe(1);
    expect(bo({ target: 0.3, boundMtd: true }).selectMtd(s)).toBe(0);
  });

  it("rejects pSaf >= target and pTox <= target, and takes 0 as the 0.6 / 1.4 defaults", () => {
    expect(() => bo({ target: 0.3, pSaf: 0.3 })).toThrow(/pSaf \(0\.3\) must be below the target \(0\.3\)/);
    expect(() => bo({ target: 0.3, pTox: 0.3 })).toThrow(/pTox \(0\.3\) must be above the target \(0\.3\)/);
    const d = bo({ target: 0.3 }).describe();
    expect(d.pSaf).toBeCloseTo(0.18, 15);
    expect(d.pTox).toBeCloseTo(0.42, 15);
    expect(d.lambdaE).toBeCloseTo(0.2364907, 7);
    const given = bo({ target: 0.3, pSaf: 0.2, pTox: 0.4 }).describe();
    expect(given.pSaf).toBe(0.2);
    expect(given.pTox).toBe(0.4);
    expect(given.boundMtd).toBe(false);
    expect(bo({ target: 0.3, boundMtd: true }).describe().boundMtd).toBe(true);
  });
});

describe("Keyboard's edge-key compensation at targets 0.06-0.14", () => {
  for (const t of kbFx.tables) {
    it(`target ${t.target}: the decision table equals the independent one, which differs from the uncompensated one in ${t.changedCells.length} cells`, () => {
      expect(t.changedCells.length).toBeGreaterThan(0);
      const rows = kb({ target: t.target, nCohorts: 10 }).decisionTable!(30).rows;
      expect(rows.map((r) => ({ ...r }))).toEqual(t.rows);
      expect(rows).not.toEqual(t.withoutCompensation);
      const code = { E: Cell.E, S: Cell.S, D: Cell.D, DU: Cell.DU } as Record<string, number>;
      for (const [n, y, withComp] of t.changedCells) expect(keyboardCell(n, y, t.target, 0.05, 0.05, 0.95), `n=${n} y=${y}`).toBe(code[withComp]);
    });
  }

  it("target 0.1: 0/3 at dose 1 escalates (the half-width key [0, 0.05] counts double); without compensation it would stay", () => {
    expect(decideSay(kb({ target: 0.1 }), stateOf("1NNN", 4))).toBe("treat 3 at 2");
  });

  it("rejects a target key outside (0, 1)", () => {
    expect(() => kb({ target: 0.04 })).toThrow(/the target key \[-0\.01.*, 0\.09\] must lie inside \(0, 1\)/);
    expect(() => kb({ target: 0.96 })).toThrow(/must lie inside \(0, 1\)/);
    expect(kb({ target: 0.1 }).describe()).toMatchObject({ type: "keyboard", target: 0.1, marginL: 0.05, marginR: 0.05 });
  });
});
