/**
 * i3+3 (Liu, Wang & Ji 2020, J Biopharm Stat 30:294-304): the rule as the paper states it (and as
 * PhIdesign's get_i33_rules implements it), worked by hand for target 0.3 and EI = [0.25, 0.35],
 * including y/n exactly on an interval end.
 */
import { describe, expect, it } from "vitest";
import { i3plus3, i3plus3Cell, i3plus3Params } from "../../src/designs/i3plus3.js";
import { Cell } from "../../src/designs/interval.js";
import { resolveParams } from "../../src/config/params.js";

const design = i3plus3(resolveParams(i3plus3Params, { target: 0.3, nCohorts: 10 }, "(test)", "design"), 5);
const rows = design.decisionTable!(30).rows;
const row = (n: number) => rows[n - 1];

describe("i3+3 decision rule, target 0.3, EI [0.25, 0.35]", () => {
  it("n = 1: 0/1 escalates; 1/1 stays, since (1 - 1)/1 is below the EI", () => {
    expect(row(1)).toEqual({ n: 1, escalateAtMost: 0, deEscalateAtLeast: null, eliminateAtLeast: null });
  });
  it("n = 2: 1/2 stays (0/2 below the EI); 2/2 is DU (Pr(p > 0.3) = 0.973)", () => {
    expect(row(2)).toEqual({ n: 2, escalateAtMost: 0, deEscalateAtLeast: 2, eliminateAtLeast: 2 });
  });
  it("n = 3: 0 escalates, 1 (0.33) stays, 2 de-escalates, 3 eliminates", () => {
    expect(row(3)).toEqual({ n: 3, escalateAtMost: 0, deEscalateAtLeast: 2, eliminateAtLeast: 3 });
  });
  it("n = 4: 1/4 = 0.25 is inside the EI (stay), 2/4 de-escalates since 1/4 is not below it", () => {
    expect(i3plus3Cell(4, 1, 0.3, 0.3 - 0.05, 0.3 + 0.05, 0.95)).toBe(Cell.S);
    expect(row(4)).toEqual({ n: 4, escalateAtMost: 0, deEscalateAtLeast: 2, eliminateAtLeast: 3 });
  });
  it("n = 6: 1/6 escalates, 2/6 stays, 3/6 de-escalates, 4/6 eliminates", () => {
    expect(row(6)).toEqual({ n: 6, escalateAtMost: 1, deEscalateAtLeast: 3, eliminateAtLeast: 4 });
  });
  it("n = 20: 5/20 = 0.25 and 7/20 = 0.35 stay (interval ends are inside), 8/20 de-escalates", () => {
    expect(row(20).escalateAtMost).toBe(4);
    expect(row(20).deEscalateAtLeast).toBe(8);
    expect(row(20).eliminateAtLeast).toBe(10);
  });
  it("y/n above the EI stays only when one DLT fewer would have been below the EI", () => {
    // 4/10 = 0.4 > 0.35 and 3/10 = 0.3 is not below 0.25: de-escalate; at n = 10, 3/10 stays
    expect(i3plus3Cell(10, 4, 0.3, 0.25, 0.35, 0.95)).toBe(Cell.D);
    expect(i3plus3Cell(10, 3, 0.3, 0.25, 0.35, 0.95)).toBe(Cell.S);
    // 1/3 with EI [0.4, 0.5] (target 0.45): 0.33 < 0.4 escalates; 2/3 = 0.67 > 0.5 but 1/3 < 0.4: stays
    expect(i3plus3Cell(3, 1, 0.45, 0.4, 0.5, 0.95)).toBe(Cell.E);
    expect(i3plus3Cell(3, 2, 0.45, 0.4, 0.5, 0.95)).toBe(Cell.S);
  });
});
