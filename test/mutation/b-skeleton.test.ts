/**
 * getprior (Lee & Cheung 2009 indifference intervals): the interval θ ± δ must lie strictly
 * inside (0, 1), and the skeleton is a plain array of exactly `nlevel` entries.
 */
import { describe, expect, it } from "vitest";
import { getprior } from "../../src/select/skeleton.js";

describe("getprior edges", () => {
  it("getprior(0.25, 0.75, 1, 3) throws: θ + δ = 1 exactly is not inside (0, 1) (log(θ + δ) = 0 would divide by zero)", () => {
    expect(0.75 + 0.25).toBe(1);
    expect(() => getprior(0.25, 0.75, 1, 3)).toThrow("halfwidth 0.25 must be positive with target ± halfwidth inside (0, 1)");
    // just inside, it is accepted
    expect(getprior(0.24, 0.75, 1, 3)).toHaveLength(3);
  });

  it("the empiric skeleton with the prior MTD at the top has exactly the keys 0..nlevel-1 (nothing written below dose 1)", () => {
    for (const nu of [1, 3, 5]) {
      const s = getprior(0.05, 0.3, nu, 5);
      expect(Object.keys(s)).toEqual(["0", "1", "2", "3", "4"]);
    }
  });
});
