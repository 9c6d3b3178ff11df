/**
 * optimalExact against a brute-force enumeration of the multinomial cell counts with exact
 * fractions (test/reference/fixtures/gen_optimal_exact.py → optimal-exact-brute.json), on curves
 * listed out of p order, with equal p, p = 0 and p = 1 twice; its input checks; and the tie
 * tolerance of `closer`.
 */
import { describe, expect, it } from "vitest";
import { closer, optimalExact, TIE_TOLERANCE } from "../../src/select/optimal-exact.js";
import { fixture } from "../helpers/fixtures.js";

interface Case {
  truth: number[];
  target: number;
  n: number;
  selection: number[];
}
const fx = fixture<{ cases: Case[] }>("optimal-exact-brute.json");

describe("optimalExact(truth, target, n) against brute force (fixtures/optimal-exact-brute.json)", () => {
  for (const c of fx.cases) {
    it(`truth ${c.truth.join(", ")}, target ${c.target}, n = ${c.n}: ${c.selection.map((v) => v.toFixed(6)).join(" / ")}`, () => {
      const p = optimalExact(c.truth, c.target, c.n);
      expect(p).toHaveLength(c.truth.length);
      c.selection.forEach((v, k) => expect(Math.abs(p[k] - v), `dose ${k + 1}`).toBeLessThan(1e-12));
    });
  }

  it("no doses: an empty distribution", () => {
    expect(optimalExact([], 0.3, 5)).toEqual([]);
  });

  it("n must be a positive integer", () => {
    for (const n of [0, -1, 2.5, Number.NaN]) expect(() => optimalExact([0.1, 0.3], 0.3, n)).toThrow(`n must be a positive integer, got ${n}`);
    expect(optimalExact([0.1, 0.3], 0.3, 1)).toHaveLength(2);
  });
});

describe("closer(a, b, target): strictly closer beyond the tie tolerance", () => {
  it("a distance shorter by exactly TIE_TOLERANCE is still a tie; by twice it, closer", () => {
    // |0 − 0| = 0 and |1e-12 − 0| − 1e-12 = 0 exactly: not strictly less
    expect(TIE_TOLERANCE).toBe(1e-12);
    expect(closer(0, TIE_TOLERANCE, 0)).toBe(false);
    expect(closer(0, 2 * TIE_TOLERANCE, 0)).toBe(true);
    expect(closer(0.2, 0.4, 0.3)).toBe(false);
    expect(closer(0.4, 0.2, 0.3)).toBe(false);
    expect(closer(0.25, 0.4, 0.3)).toBe(true);
  });
});
