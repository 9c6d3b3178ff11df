/**
 * isotonic / pavaInPlace: equal neighbours are not a violation, so they are never pooled and an
 * already non-decreasing sequence comes back bit for bit. Pooling two equal values a (weights
 * w1, w2) into (a·w1 + a·w2) / (w1 + w2) is the same number on paper but not always in floating
 * point: for a = 0.1, w = (1, 2) it gives 0.30000000000000004 / 3 = 0.10000000000000002.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { isotonic, pavaInPlace, pavaScratch } from "../../src/select/isotonic.js";

describe("isotonic leaves ties exactly as they are", () => {
  it("isotonic([0.1, 0.1], [1, 2]) is exactly [0.1, 0.1] (pooling would give 0.10000000000000002)", () => {
    // the hand calculation the comment above quotes, so the test can fail for the right reason
    expect((0.1 * 1 + 0.1 * 2) / 3).not.toBe(0.1);
    const r = isotonic([0.1, 0.1], [1, 2]);
    expect(r[0]).toBe(0.1);
    expect(r[1]).toBe(0.1);
  });

  it("a tie after a pooled block is not pooled into it: [0.3, 0.1, 0.2, 0.2] with weights [1, 1, 1, 2] → [0.2, 0.2, 0.2, 0.2] exactly", () => {
    // blocks: (0.3, 0.1) → mean 0.2 (weight 2); then 0.2 (w 1) and 0.2 (w 2) tie with it
    const x = Float64Array.from([0.3, 0.1, 0.2, 0.2]);
    pavaInPlace(x, Float64Array.from([1, 1, 1, 2]), 4, pavaScratch(4));
    expect(Array.from(x)).toEqual([0.2, 0.2, 0.2, 0.2]);
    expect(x[3]).toBe(0.2);
  });

  // Weights are powers of two so that an unpooled value x·w / w is x exactly (with w = 6,
  // 0.05·6 / 6 is not 0.05, pooling or not); any pooling of ties then shows in the last bit.
  it("property: any non-decreasing sequence with power-of-two weights comes back bit-identical", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.constantFrom(1, 2, 4, 8)), { minLength: 1, maxLength: 8 }),
        (pairs) => {
          const x = pairs.map(([v]) => v / 20).sort((a, b) => a - b);
          const w = pairs.map(([, m]) => m);
          const r = isotonic(x, w);
          r.forEach((v, i) => expect(Object.is(v, x[i])).toBe(true));
        },
      ),
      { seed: 20261206, numRuns: 300 },
    );
  });
});
