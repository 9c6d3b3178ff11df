/**
 * mTPI-2 (Guo et al. 2017, Contemp Clin Trials 58:23-33) pinned cell by cell against an
 * independent exact-rational computation (test/reference/fixtures/gen_mtpi2.py -> mtpi2.json):
 * every (n, y), n = 1..30, for ten (target, epsilon1, epsilon2) settings, including five whose EI
 * has an edge at 0.5, where y = n/2 gives two intervals exactly the same unit probability mass.
 * Exact ties go to the lower interval (R's which.max); floating-point rounding must not decide them.
 */
import { describe, expect, it } from "vitest";
import { mtpi2, mtpi2Cell, mtpi2Params } from "../../src/designs/mtpi2.js";
import { Cell } from "../../src/designs/interval.js";
import { resolveParams } from "../../src/config/params.js";
import { fixture } from "../helpers/fixtures.js";

interface Table { target: number; epsilon1: number; epsilon2: number; cells: string[]; ties: { n: number; y: number; decision: string }[]; minRelGap: number }
const fx = fixture("mtpi2.json") as { n: number; cutoffEli: number; tables: Table[] };
const LETTER = { [Cell.E]: "E", [Cell.S]: "S", [Cell.D]: "D", [Cell.DU]: "U" } as const;
const name = (t: Table) => `target ${t.target}, EI [${t.target} - ${t.epsilon1}, ${t.target} + ${t.epsilon2}]`;

describe("mTPI-2 cells against the exact computation (fixtures/mtpi2.json)", () => {
  for (const t of fx.tables) {
    it(`${name(t)}: every cell for n = 1..${fx.n}`, () => {
      for (let n = 1; n <= fx.n; n++) {
        let got = "";
        for (let y = 0; y <= n; y++) got += LETTER[mtpi2Cell(n, y, t.target, t.epsilon1, t.epsilon2, fx.cutoffEli)];
        expect(got, `n = ${n}`).toBe(t.cells[n - 1]);
      }
    });
  }

  it("the exact ties (two intervals with the same largest UPM) go to the lower interval", () => {
    const tied = fx.tables.filter((t) => t.ties.length > 0);
    expect(tied.length).toBeGreaterThanOrEqual(5);
    // target 0.45, EI [0.4, 0.5]: at y = n/2, [0.4, 0.5] and [0.5, 0.6] tie; the lower (EI) wins: stay
    const t45 = fx.tables.find((t) => t.target === 0.45)!;
    expect(t45.ties.filter((c) => c.decision === "S").map((c) => c.n)).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30]);
    for (const t of tied) {
      for (const c of t.ties) {
        const got = LETTER[mtpi2Cell(c.n, c.y, t.target, t.epsilon1, t.epsilon2, fx.cutoffEli)];
        expect(got, `${name(t)}, ${c.y}/${c.n}`).toBe(c.decision);
      }
    }
    // target 0.55, EI [0.5, 0.6]: the tie is between [0.4, 0.5] and the EI; the lower wins: escalate
    expect(mtpi2Cell(10, 5, 0.55, 0.05, 0.05, 0.95)).toBe(Cell.E);
  });

  it("the tables' non-tied decisions are far from a tie (smallest relative UPM gap > 1e-4)", () => {
    // so the tie tolerance of mtpi2Cell (relative 1e-9) cannot change any other cell of these tables
    for (const t of fx.tables) expect(t.minRelGap, name(t)).toBeGreaterThan(1e-4);
  });

  it("the design's decision table for target 0.3 reads its thresholds off the same cells", () => {
    const t = fx.tables.find((x) => x.target === 0.3 && x.epsilon2 === 0.05)!;
    const rows = mtpi2(resolveParams(mtpi2Params, { target: 0.3, nCohorts: 10 }, "(test)", "design"), 5).decisionTable!(30).rows;
    rows.forEach((r, i) => {
      const c = t.cells[i];
      const last = (ch: string) => c.lastIndexOf(ch);
      const first = (ch: string) => (c.indexOf(ch) < 0 ? null : c.indexOf(ch));
      expect(r.n).toBe(i + 1);
      expect(r.escalateAtMost, `n = ${i + 1}`).toBe(last("E") < 0 ? null : last("E"));
      expect(r.deEscalateAtLeast, `n = ${i + 1}`).toBe(first("D") ?? first("U"));
      expect(r.eliminateAtLeast, `n = ${i + 1}`).toBe(first("U"));
    });
  });
});

describe("mTPI-2's equivalence interval must lie strictly inside (0, 1)", () => {
  const build = (target: number, epsilon1: number, epsilon2: number) => () =>
    mtpi2(resolveParams(mtpi2Params, { target, epsilon1, epsilon2, nCohorts: 10 }, "(test)", "design"), 5);
  it("an upper edge at exactly 1 (0.9 + 0.1) is refused, one just below it is accepted", () => {
    expect(build(0.9, 0.05, 0.1)).toThrow(/must lie inside \(0, 1\)/);
    expect(build(0.9, 0.05, 0.09)).not.toThrow();
  });
  it("a lower edge at exactly 0 (0.1 − 0.1) is refused", () => {
    expect(build(0.1, 0.1, 0.05)).toThrow(/must lie inside \(0, 1\)/);
  });
});
