/**
 * R BOIN 2.7.2 `select.mtd` rules (Liu & Yuan 2015, JRSS C 64:507-523, and the package's
 * select.mtd: elimination re-derived, Beta(0.05, 0.05) estimates, weighted PAVA, +j·1e-10 offsets,
 * closest to the target) worked by hand, and the PAVA underneath.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { isotonic } from "../../src/select/isotonic.js";
import { selectMtd, lambdaD } from "../../src/select/mtd.js";
import { fixture } from "../helpers/fixtures.js";

describe("isotonic (weighted pool-adjacent-violators)", () => {
  it("isotonic([0.1, 0.4, 0.2]) pools the violating pair into its mean", () => {
    const r = isotonic([0.1, 0.4, 0.2]);
    expect(r[0]).toBeCloseTo(0.1, 15);
    expect(r[1]).toBeCloseTo(0.3, 15);
    expect(r[2]).toBeCloseTo(0.3, 15);
  });
  it("isotonic([0.5, 0.1], [3, 1]) uses the weights", () => {
    expect(isotonic([0.5, 0.1], [3, 1])).toEqual([0.4, 0.4]);
  });
  it("isotonic leaves equal neighbours and increasing sequences alone", () => {
    expect(isotonic([0.2, 0.2, 0.3])).toEqual([0.2, 0.2, 0.3]);
  });
  it("isotonic pools back through several blocks: [0.3, 0.2, 0.1] → all 0.2", () => {
    isotonic([0.3, 0.2, 0.1]).forEach((v) => expect(v).toBeCloseTo(0.2, 15));
  });
  it("property: the result is non-decreasing, keeps the weighted mean, and is a fixed point", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.1, max: 100, noNaN: true })), { minLength: 1, maxLength: 12 }),
        (pairs) => {
          const x = pairs.map((p) => p[0]);
          const w = pairs.map((p) => p[1]);
          const r = isotonic(x, w);
          for (let i = 1; i < r.length; i++) expect(r[i]).toBeGreaterThanOrEqual(r[i - 1] - 1e-12);
          const mean = (v: number[]) => v.reduce((a, b, i) => a + b * w[i], 0) / w.reduce((a, b) => a + b, 0);
          expect(mean(r)).toBeCloseTo(mean(x), 9);
          isotonic(r, w).forEach((v, i) => expect(v).toBeCloseTo(r[i], 12));
        },
      ),
      { seed: 20240611, numRuns: 300 },
    );
  });
});

describe("selectMtd (R BOIN select.mtd)", () => {
  it("selectMtd(0.3, [3, 6, 9, 3], [0, 1, 3, 2]) picks the dose closest to the target: dose 3", () => {
    expect(selectMtd(0.3, [3, 6, 9, 3], [0, 1, 3, 2])).toBe(2);
  });
  it("a pooled block above the target resolves to its lowest dose", () => {
    // 2/3 then 1/3: estimates 0.661 > 0.339 are pooled to 0.5 (equal weights), above 0.3
    expect(selectMtd(0.3, [3, 3], [2, 1])).toBe(0);
  });
  it("a pooled block below the target resolves to its highest dose", () => {
    // 1/6 then 0/6 are pooled to an estimate far below 0.3
    expect(selectMtd(0.3, [6, 6], [1, 0])).toBe(1);
  });
  it("two doses exactly equidistant on opposite sides of the target resolve to the lower dose", () => {
    // target 0.5: estimates 1.05/4.1 and 3.05/4.1 are symmetric about it
    expect(selectMtd(0.5, [4, 4], [1, 3])).toBe(0);
  });
  it("never selects an eliminated dose: 3/3 at dose 2 eliminates doses 2 and 3 though dose 3 had 0/3", () => {
    expect(selectMtd(0.3, [3, 3, 3], [0, 3, 0])).toBe(0);
  });
  it("elimination is re-derived from the lowest qualifying dose", () => {
    // 5/6 at dose 3 is eliminated (Pr(p > 0.3) > 0.99); dose 2 at 1/3 is then the closest
    expect(selectMtd(0.3, [3, 3, 6], [0, 1, 5])).toBe(1);
  });
  it("returns -1 (no MTD) when dose 1 is eliminated", () => {
    expect(selectMtd(0.3, [3, 0, 0], [3, 0, 0])).toBe(-1);
  });
  it("never selects an untried dose", () => {
    expect(selectMtd(0.3, [3, 0, 0], [0, 0, 0])).toBe(0);
    expect(selectMtd(0.3, [0, 0, 0], [0, 0, 0])).toBe(-1);
  });
  it("extraSafe: 2/3 at dose 1 (Pr(p > 0.3) = 0.916 > 0.90) means no MTD; without it, dose 1", () => {
    expect(selectMtd(0.3, [3, 3], [2, 0], { extraSafe: true })).toBe(-1);
    expect(selectMtd(0.3, [3, 3], [2, 0])).toBe(1);
  });
  it("boundMtd: a dose whose estimate exceeds lambdaD is not selected", () => {
    // 3/6 = estimate 0.5 is closer to 0.3 than 0/3 (0.016), but 0.5 > λd = 0.3585
    expect(selectMtd(0.3, [3, 6], [0, 3])).toBe(1);
    expect(selectMtd(0.3, [3, 6], [0, 3], { boundMtd: true })).toBe(0);
    expect(selectMtd(0.3, [6], [3], { boundMtd: true })).toBe(-1);
    const ref = fixture("boin.json").lambdas.cases.find((c: { target: number }) => c.target === 0.3);
    expect(lambdaD(0.3, 0.42)).toBeCloseTo(ref.lambdaD, 7);
  });
  it("cutoffEli changes elimination: 3/6 (Pr(p > 0.3) = 0.874) is kept at 0.95 but eliminated at 0.85", () => {
    expect(selectMtd(0.3, [3, 6], [0, 3])).toBe(1);
    expect(selectMtd(0.3, [3, 6], [0, 3], { cutoffEli: 0.85 })).toBe(0);
  });
});
