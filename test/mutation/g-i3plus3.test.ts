/**
 * i3+3 (Liu, Wang & Ji 2020, J Biopharm Stat 30(2):294-304) pinned cell by cell against the
 * independent exact-rational generator test/reference/fixtures/gen_i3plus3.py -> i3plus3.json
 * (Python fractions: y/n against the interval ends exactly, the Beta(1, 1) tail as a binomial sum):
 * every (n, y), n = 1..30, for six (target, epsilon1, epsilon2, cutoffEli) settings, including
 * y/n exactly on an interval end (1/4 = 0.3 - 0.05, 7/20 = 0.3 + 0.05) and cutoffEli 0.8.
 */
import { describe, expect, it } from "vitest";
import { i3plus3, i3plus3Cell, i3plus3Params } from "../../src/designs/i3plus3.js";
import { Cell } from "../../src/designs/interval.js";
import { resolveParams } from "../../src/config/params.js";
import { posteriorExceeds } from "../../src/select/beta-tail.js";
import { REASONS } from "../../src/model/decision.js";
import { stateOf } from "../../src/model/outcomes.js";
import { fixture } from "../helpers/fixtures.js";

interface Table { target: number; epsilon1: number; epsilon2: number; cutoffEli: number; cells: string[] }
const fx = fixture("i3plus3.json") as { n: number; tables: Table[] };
const LETTER = { [Cell.E]: "E", [Cell.S]: "S", [Cell.D]: "D", [Cell.DU]: "U" } as const;
const name = (t: Table) => `target ${t.target}, EI [${t.target} - ${t.epsilon1}, ${t.target} + ${t.epsilon2}], cutoffEli ${t.cutoffEli}`;
const build = (t: Table, doses = 5) =>
  i3plus3(resolveParams(i3plus3Params, { target: t.target, epsilon1: t.epsilon1, epsilon2: t.epsilon2, cutoffEli: t.cutoffEli, nCohorts: 10 }, "(test)", "design"), doses);

describe("i3+3 cells against the exact computation (fixtures/i3plus3.json)", () => {
  it("the fixture holds the six settings, each with n = 1..30", () => {
    expect(fx.n).toBe(30);
    expect(fx.tables.map((t) => [t.target, t.epsilon1, t.epsilon2, t.cutoffEli])).toEqual([
      [0.3, 0.05, 0.05, 0.95], [0.2, 0.05, 0.05, 0.95], [0.25, 0.05, 0.05, 0.95], [0.3, 0.05, 0.1, 0.95], [0.45, 0.05, 0.05, 0.95], [0.3, 0.05, 0.05, 0.8],
    ]);
  });
  for (const t of fx.tables) {
    it(`${name(t)}: every cell of i3plus3Cell for n = 1..${fx.n}`, () => {
      for (let n = 1; n <= fx.n; n++) {
        let got = "";
        for (let y = 0; y <= n; y++) got += LETTER[i3plus3Cell(n, y, t.target, t.target - t.epsilon1, t.target + t.epsilon2, t.cutoffEli)];
        expect(got, `n = ${n}`).toBe(t.cells[n - 1]);
      }
    });
    it(`${name(t)}: the design's decision table (its own epsilon and cutoffEli) reads its thresholds off the same cells`, () => {
      const rows = build(t).decisionTable!(30).rows;
      expect(rows.length).toBe(30);
      rows.forEach((r, i) => {
        const c = t.cells[i];
        const first = (ch: string) => (c.indexOf(ch) < 0 ? null : c.indexOf(ch));
        expect(r.n).toBe(i + 1);
        expect(r.escalateAtMost, `n = ${i + 1}`).toBe(c.lastIndexOf("E") < 0 ? null : c.lastIndexOf("E"));
        expect(r.deEscalateAtLeast, `n = ${i + 1}`).toBe(first("D") ?? first("U"));
        expect(r.eliminateAtLeast, `n = ${i + 1}`).toBe(first("U"));
      });
    });
  }
  it("the interval ends are inside the EI even where floating point puts 0.3 - 0.05 above 0.25 (1/4, 5/20, 7/20)", () => {
    // 0.3 - 0.05 = 0.24999999999999997 and 0.3 + 0.05 = 0.35 in doubles; the rule compares exactly
    const t = fx.tables[0];
    expect([t.cells[3][1], t.cells[19][5], t.cells[19][7]]).toEqual(["S", "S", "S"]);
    expect(i3plus3Cell(4, 1, 0.3, 0.3 - 0.05, 0.3 + 0.05, 0.95)).toBe(Cell.S);
    expect(i3plus3Cell(20, 7, 0.3, 0.3 - 0.05, 0.3 + 0.05, 0.95)).toBe(Cell.S);
    // (y - 1)/n exactly on the lower end is not below it: 2/4 de-escalates, since 1/4 = 0.25
    expect(i3plus3Cell(4, 2, 0.3, 0.3 - 0.05, 0.3 + 0.05, 0.95)).toBe(Cell.D);
  });
});

describe("the 1e-9 tolerance on the interval ends is inclusive", () => {
  // With low = 1e-9 exactly, 0/1 has y - low·n = 0 - 1e-9 = -1e-9 exactly in double precision:
  // on the end within the tolerance, so not below it (no escalation): 0/1 <= 0.5 stays.
  it("0/1 against a lower end of 1e-9 is on the end: stay, not escalate", () => {
    expect(0 - 1e-9 * 1).toBe(-1e-9);
    expect(i3plus3Cell(1, 0, 0.3, 1e-9, 0.5, 0.95)).toBe(Cell.S);
    expect(i3plus3Cell(1, 0, 0.3, 2e-9, 0.5, 0.95)).toBe(Cell.E); // 2e-9 is beyond the tolerance
  });
  it("1/1 above the EI: (1 - 1)/1 = 0 against a lower end of 1e-9 is on the end, so not below it: de-escalate", () => {
    // Pr(p > 0.3 | Beta(2, 1)) = 1 - 0.3^2 = 0.91 <= 0.95: not DU
    expect(i3plus3Cell(1, 1, 0.3, 1e-9, 0.5, 0.95)).toBe(Cell.D);
    expect(i3plus3Cell(1, 1, 0.3, 2e-9, 0.5, 0.95)).toBe(Cell.S);
    // and 0.91 > 0.9: DU
    expect(i3plus3Cell(1, 1, 0.3, 1e-9, 0.5, 0.9)).toBe(Cell.DU);
  });
});

describe("elimination needs the posterior to exceed cutoffEli strictly", () => {
  it("2/3 at target 0.3: Pr(p > 0.3 | Beta(3, 2)) = 0.9163 (exact: 1 - sum_{j=3..4} C(4, j) 0.3^j 0.7^(4-j) = 1 - 0.0756 - 0.0081); DU only with cutoffEli below it", () => {
    const pr = posteriorExceeds(2, 3, 0.3);
    expect(pr).toBeCloseTo(1 - 4 * 0.3 ** 3 * 0.7 - 0.3 ** 4, 12);
    expect(i3plus3Cell(3, 2, 0.3, 0.25, 0.35, pr)).toBe(Cell.D); // at the cutoff itself: not eliminated
    expect(i3plus3Cell(3, 2, 0.3, 0.25, 0.35, pr - 1e-9)).toBe(Cell.DU);
  });
});

describe("the i3+3 design around its cells", () => {
  const t = fx.tables[0];
  const design = () => build(t, 3); // built in each test, not while the file is collected
  it("describes itself with its type and interval parameters, and notes that elimination needs 3 patients", () => {
    const d = design();
    expect(d.type).toBe("i3plus3");
    expect(d.describe()).toMatchObject({ type: "i3plus3", target: 0.3, epsilon1: 0.05, epsilon2: 0.05, cutoffEli: 0.95, startDose: 1 });
    const table = d.decisionTable!();
    expect(table.type).toBe("i3plus3");
    expect(table.note).toBe(
      "i3+3 (Liu, Wang & Ji 2020): the elimination (DU) column is shown wherever Pr(p > target) > cutoffEli; the trial eliminates only with at least 3 patients at the dose.",
    );
  });
  it("a trial follows the cells: n = 6 ('EESDUUU'): 1/6 escalates, 2/6 stays, 3/6 de-escalates, 4/6 eliminates", () => {
    expect(t.cells[5]).toBe("EESDUUU");
    const r = (o: string) => {
      const dec = design().decide(stateOf(o, 3));
      return [dec.dose + 1, REASONS[dec.reason], dec.eliminateFrom];
    };
    expect(r("1NNN 2NNN 2NNT")).toEqual([3, "escalate", -1]);
    expect(r("1NNN 2NNN 2NTT")).toEqual([2, "stay", -1]);
    expect(r("1NNN 2NNT 2NTT")).toEqual([1, "de-escalate", -1]);
    expect(r("1NNN 2NTT 2NTT")).toEqual([1, "de-escalate", 1]);
  });
  it("the equivalence interval must lie strictly inside (0, 1): 0.1 - 0.1 = 0 and 0.9 + 0.1 = 1 are refused", () => {
    const make = (target: number, epsilon1: number, epsilon2: number) => () =>
      i3plus3(resolveParams(i3plus3Params, { target, epsilon1, epsilon2 }, "(test)", "design"), 3);
    expect(make(0.1, 0.1, 0.05)).toThrow("the equivalence interval [0, 0.15000000000000002] must lie inside (0, 1)");
    expect(make(0.9, 0.05, 0.1)).toThrow("the equivalence interval [0.85, 1] must lie inside (0, 1)");
    expect(make(0.1, 0.09, 0.05)).not.toThrow();
    expect(make(0.9, 0.05, 0.09)).not.toThrow();
  });
});
