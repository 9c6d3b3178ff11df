/** Shared fast-check arbitraries for doseladder's tests. */
import fc from "fast-check";

/** A monotone non-decreasing truth curve of length k with values in [lo, hi]. */
export function monotoneCurve(k: number, lo = 0, hi = 0.9): fc.Arbitrary<number[]> {
  return fc
    .array(fc.double({ min: lo, max: hi, noNaN: true }), { minLength: k, maxLength: k })
    .map((xs) => xs.sort((a, b) => a - b).map((x) => Math.round(x * 1000) / 1000));
}

/**
 * Any truth curve of length k (not necessarily monotone): rates on a 0.01 grid, where every
 * outcome of a cohort has a fair chance, mixed with arbitrary doubles (fast-check favours the
 * extremes 0, 1 and tiny values, which exercise the edges).
 */
export function anyCurve(k: number): fc.Arbitrary<number[]> {
  const rate = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 100 }).map((x) => x / 100) }, { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) });
  return fc.array(rate, { minLength: k, maxLength: k });
}

/** A seed string. */
export const seedArb = fc.string({ minLength: 1, maxLength: 12 });
