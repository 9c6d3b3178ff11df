import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { betaCdf, posteriorExceeds } from "../../../src/select/beta-tail.js";
import { fixture } from "../../helpers/fixtures.js";

describe("betaCdf(x, a, b)", () => {
  it("matches closed forms", () => {
    expect(betaCdf(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    // Beta(2, 1): x^2 ; Beta(1, 3): 1 - (1 - x)^3
    expect(betaCdf(0.4, 2, 1)).toBeCloseTo(0.16, 12);
    expect(betaCdf(0.2, 1, 3)).toBeCloseTo(1 - 0.8 ** 3, 12);
    // Beta(2, 4) at 0.3: 1 - sum_{k<2} C(5,k) .3^k .7^(5-k)
    expect(betaCdf(0.3, 2, 4)).toBeCloseTo(1 - (0.7 ** 5 + 5 * 0.3 * 0.7 ** 4), 12);
  });
  it("equals the binomial tail for integer parameters (property)", () => {
    // I_x(a, b) = P(Bin(a + b - 1, x) >= a)
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (a, b, x) => {
        const n = a + b - 1;
        let tail = 0;
        let c = 1;
        for (let k = 0; k <= n; k++) {
          if (k > 0) c = (c * (n - k + 1)) / k;
          if (k >= a) tail += c * x ** k * (1 - x) ** (n - k);
        }
        expect(Math.abs(betaCdf(x, a, b) - tail)).toBeLessThan(1e-9);
      }),
    );
  });
});

describe("posteriorExceeds(y, n, limit)", () => {
  it("reproduces R BOIN 2.7.2's elimination boundary for a target of 0.3 at every n = 3..36 (fixtures/boin.json)", () => {
    const full = fixture("boin.json").fullTables.find((t: { target: number }) => t.target === 0.3);
    full.eliminateAtLeast.forEach((el: number | null, i: number) => {
      const n = i + 1;
      if (el === null) return;
      expect(posteriorExceeds(el, n, 0.3)).toBeGreaterThan(0.95);
      expect(posteriorExceeds(el - 1, n, 0.3)).toBeLessThan(0.95);
    });
  });
});
