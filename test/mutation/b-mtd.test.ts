/**
 * R BOIN 2.7.2 `select.mtd` (Liu & Yuan 2015) against an independent Python re-implementation with
 * exact fractions for the elimination tails (test/reference/fixtures/gen_select_mtd.py →
 * select-mtd-b.json), and eliminationThreshold against the same tails.
 */
import { describe, expect, it } from "vitest";
import { eliminationThreshold, isotonicMtdSelector, NEVER, selectMtd } from "../../src/select/mtd.js";
import { fixture } from "../helpers/fixtures.js";

interface Case {
  target: number;
  n: number[];
  y: number[];
  cutoff?: number;
  extrasafe?: boolean;
  offset?: number;
  bound?: boolean;
  ptox?: number;
  selected: number;
}
const fx = fixture<{ cases: Case[]; thresholds: { target: number; cutoff: number; byN: Record<string, number | null> }[] }>("select-mtd-b.json");

describe("selectMtd against the independent select.mtd (fixtures/select-mtd-b.json)", () => {
  for (const c of fx.cases) {
    const opts = [c.cutoff !== undefined ? `cutoff.eli ${c.cutoff}` : "", c.extrasafe ? "extrasafe" : "", c.offset !== undefined ? `offset ${c.offset}` : "", c.bound ? "boundMTD" : "", c.ptox ? `p.tox ${c.ptox}` : ""].filter(Boolean).join(", ");
    it(`target ${c.target}, n = ${c.n.join(",")}, y = ${c.y.join(",")}${opts ? ` (${opts})` : ""}: ${c.selected < 0 ? "no MTD" : `dose ${c.selected + 1}`}`, () => {
      expect(
        selectMtd(c.target, c.n, c.y, { cutoffEli: c.cutoff, extraSafe: c.extrasafe, offset: c.offset, boundMtd: c.bound, pTox: c.ptox }),
      ).toBe(c.selected);
    });
  }
});

describe("eliminationThreshold(n, target, cutoff): the smallest y with Pr(p > target | y of n) > cutoff", () => {
  for (const t of fx.thresholds) {
    it(`target ${t.target}, cutoff ${t.cutoff}: n = 1..15`, () => {
      for (const [n, y] of Object.entries(t.byN)) expect(eliminationThreshold(Number(n), t.target, t.cutoff), `n = ${n}`).toBe(y ?? NEVER);
    });
  }
  it("fromY skips the smaller counts", () => {
    // target 0.3, cutoff 0.95, n = 6: the threshold is 4; from 5 on, 5
    expect(eliminationThreshold(6, 0.3, 0.95, 5)).toBe(5);
    expect(eliminationThreshold(6, 0.3, 0.95, 7)).toBe(NEVER);
  });
});

describe("isotonicMtdSelector: the precomputed tables and what lies beyond them", () => {
  // elimination table for target 0.3, cutoff 0.95, for n = 0..6 only (fixtures/select-mtd-b.json)
  const byN = fx.thresholds.find((t) => t.target === 0.3 && t.cutoff === 0.95)!.byN;
  const elim = Int32Array.from([NEVER, NEVER, NEVER, byN["3"]!, byN["4"]!, byN["5"]!, byN["6"]!]);
  const sel = (bound: number | null = null) =>
    isotonicMtdSelector({ numDoses: 3, target: 0.3, eliminateAtLeast: elim, minEliminationN: 3, extraSafeAtLeast: null, bound });

  it("counts beyond the elimination table never eliminate, and their estimates are still computed", () => {
    // 9 patients at dose 2 with 6 DLTs would be eliminated by select.mtd (threshold 5 at n = 9) but the
    // table stops at n = 6; the estimate (6.05/9.1 = 0.665) is then far above the target, dose 1 (0.05/3.1) below
    const n = Int32Array.from([3, 9, 0]);
    const y = Int32Array.from([0, 6, 0]);
    expect(sel()(n, y, 3)).toBe(0);
    // 9 patients, 3 DLTs: estimate 3.05/9.1 = 0.335 is the closest to 0.3
    expect(sel()(n, Int32Array.from([0, 3, 0]), 3)).toBe(1);
    expect(sel()(Int32Array.from([3, 6, 0]), Int32Array.from([0, 4, 0]), 3)).toBe(0); // n = 6, 4 DLTs: eliminated
  });

  it("the trial's own elimination is kept: with eliminatedFrom = 1 only dose 1 can be chosen", () => {
    const n = Int32Array.from([3, 3, 3]);
    const y = Int32Array.from([0, 1, 1]);
    expect(sel()(n, y, 3)).toBe(1);
    expect(sel()(n, y, 1)).toBe(0);
    expect(sel()(n, y, 0)).toBe(-1);
    expect(sel()(n, y, 7)).toBe(1); // beyond K: nothing eliminated
  });

  it("bound: doses whose estimate is above it are skipped, and none below it means no MTD", () => {
    const n = Int32Array.from([3, 3, 3]);
    const y = Int32Array.from([0, 1, 2]);
    // estimates 0.05/3.1 = 0.016, 1.05/3.1 = 0.339, 2.05/3.1 = 0.661 (no violation)
    expect(sel()(n, y, 3)).toBe(1);
    expect(sel(0.3)(n, y, 3)).toBe(0);
    expect(sel(0.34)(n, y, 3)).toBe(1);
    expect(sel(0.01)(n, y, 3)).toBe(-1);
  });
});

describe("isotonicMtdSelector: the thresholds' own limits", () => {
  const any = (o: Partial<Parameters<typeof isotonicMtdSelector>[0]>) =>
    isotonicMtdSelector({ numDoses: 2, target: 0.3, eliminateAtLeast: Int32Array.from([NEVER, 1, 1, 2]), minEliminationN: 3, extraSafeAtLeast: null, bound: null, ...o });

  it("minEliminationN: a table entry below it never eliminates (2 DLTs of 2 at dose 1 stay eligible)", () => {
    // elimination table says 1 DLT of 1 or 2, but only n >= 3 counts: dose 1 (2/2, estimate 2.05/2.1) is the only tried dose
    expect(any({})(Int32Array.from([2, 0]), Int32Array.from([2, 0]), 2)).toBe(0);
    expect(any({})(Int32Array.from([1, 0]), Int32Array.from([1, 0]), 2)).toBe(0);
    // n = 3 reaches it: 2 of 3 eliminates dose 1 and everything above
    expect(any({})(Int32Array.from([3, 3]), Int32Array.from([2, 0]), 2)).toBe(-1);
  });

  it("extra safety applies from 3 patients at dose 1, and only when the DLTs reach its threshold", () => {
    const extraSafeAtLeast = Int32Array.from([NEVER, 1, 1, 2, 2]);
    const sel = any({ eliminateAtLeast: Int32Array.from([NEVER, NEVER, NEVER, NEVER, NEVER]), extraSafeAtLeast });
    expect(sel(Int32Array.from([2, 0]), Int32Array.from([1, 0]), 2)).toBe(0); // n1 = 2 < 3: not applied
    expect(sel(Int32Array.from([1, 0]), Int32Array.from([1, 0]), 2)).toBe(0);
    expect(sel(Int32Array.from([3, 0]), Int32Array.from([1, 0]), 2)).toBe(0); // 1 < 2: not reached
    expect(sel(Int32Array.from([3, 0]), Int32Array.from([2, 0]), 2)).toBe(-1); // reached: every dose eliminated
    expect(sel(Int32Array.from([6, 3]), Int32Array.from([0, 1]), 2)).toBe(1); // beyond its table: not applied
  });

  it("counts equal to the estimate table's length are computed, not read past the table", () => {
    // table covers n = 0..3 (length 4); 4 patients at dose 2 with 1 DLT: estimate 1.05/4.1 = 0.256, the closest to 0.3
    const sel = any({ eliminateAtLeast: Int32Array.from([NEVER, NEVER, NEVER, NEVER]) });
    expect(sel(Int32Array.from([3, 4]), Int32Array.from([0, 1]), 2)).toBe(1);
    expect(sel(Int32Array.from([3, 3]), Int32Array.from([0, 1]), 2)).toBe(1);
  });
});

describe("isotonicMtdSelector: boundaries of the final comparison", () => {
  // the selector's arithmetic for an unpooled dose j (0-based): (x·w)/w + (j + 1)·1e-10
  const est = (n: number, y: number) => (y + 0.05) / (n + 0.1);
  const wt = (n: number, y: number) => {
    const t = n + 0.1;
    return (t * t * (t + 1)) / ((y + 0.05) * (n - y + 0.05));
  };
  const offsetEstimate = (n: number, y: number, j: number) => (est(n, y) * wt(n, y)) / wt(n, y) + (j + 1) * 1e-10;
  const sel = (target: number, bound: number | null) =>
    isotonicMtdSelector({ numDoses: 2, target, eliminateAtLeast: Int32Array.from([NEVER]), minEliminationN: 3, extraSafeAtLeast: null, bound });

  it("bound: a dose whose offset estimate equals the bound qualifies (<=, as boundMTD)", () => {
    const b = offsetEstimate(3, 1, 0);
    expect(sel(0.5, b)(Int32Array.from([3, 0]), Int32Array.from([1, 0]), 2)).toBe(0);
    expect(sel(0.5, b - 1e-12)(Int32Array.from([3, 0]), Int32Array.from([1, 0]), 2)).toBe(-1);
  });

  it("an exact tie in distance goes to the lower dose", () => {
    // find counts and a target halfway between two offset estimates, exactly in floating point
    let found: { n: number[]; y: number[]; target: number } | null = null;
    for (let n1 = 1; n1 <= 12 && !found; n1++)
      for (let y1 = 0; y1 <= n1 && !found; y1++)
        for (let n2 = 1; n2 <= 12 && !found; n2++)
          for (let y2 = 0; y2 <= n2 && !found; y2++) {
            if (!(est(n2, y2) > est(n1, y1))) continue;
            const p1 = offsetEstimate(n1, y1, 0);
            const p2 = offsetEstimate(n2, y2, 1);
            const t = (p1 + p2) / 2;
            if (Math.abs(p1 - t) === Math.abs(p2 - t)) found = { n: [n1, n2], y: [y1, y2], target: t };
          }
    expect(found).not.toBeNull();
    const f = found!;
    expect(sel(f.target, null)(Int32Array.from(f.n), Int32Array.from(f.y), 2)).toBe(0);
  });

  it("eliminationThreshold: a posterior exactly at the cutoff does not eliminate (> cutoff, as select.mtd)", () => {
    // no data: Pr(p > 0.5) = 1/2 exactly under the Beta(1, 1) prior
    expect(eliminationThreshold(0, 0.5, 0.5, 0)).toBe(NEVER);
    expect(eliminationThreshold(0, 0.5, 0.49, 0)).toBe(0);
  });
});
