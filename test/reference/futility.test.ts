/**
 * Bayesian futility monitoring against an independent enumeration (test/reference/fixtures/gen_futility.py:
 * posterior tails by the Beta-binomial identity, operating characteristics by enumerating every vector of
 * responder counts between looks), and properties of the rule.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { futilityBoundary, futilityOc } from "../../src/efficacy/futility.js";
import { posteriorExceeds } from "../../src/select/beta-tail.js";
import fixture from "./fixtures/futility.json" with { type: "json" };

describe("futility monitoring (independent enumeration)", () => {
  for (const c of fixture.cases) {
    const rule = { p0: c.p0, cutoff: c.cutoff, priorA: c.priorA, priorB: c.priorB };
    for (const want of c.oc) {
      it(`p0 ${c.p0}, cutoff ${c.cutoff}, Beta(${c.priorA}, ${c.priorB}), looks ${c.looks.join("/")}, true rate ${want.rate}`, () => {
        const got = futilityOc(rule, c.looks, want.rate);
        expect(got.looks.map((l) => l.boundary)).toEqual(want.boundaries);
        got.looks.forEach((l, i) => expect(l.pStop).toBeCloseTo(want.pStop[i], 12));
        expect(got.pStopEarly).toBeCloseTo(want.pStopEarly, 12);
        expect(got.pStop).toBeCloseTo(want.pStopAny, 12);
        expect(got.expectedN).toBeCloseTo(want.expectedN, 10);
      });
    }
  }
  it("a hand case: p0 0.2, Beta(1, 1), 0 of 10: Pr(rate > 0.2) = 0.8^11 = 0.0859 < 0.1 stops; 1 of 10 does not", () => {
    const rule = { p0: 0.2, cutoff: 0.1, priorA: 1, priorB: 1 };
    expect(futilityBoundary(rule, 10)).toBe(0);
    expect(futilityBoundary({ ...rule, cutoff: 0.08 }, 10)).toBe(-1); // 0.0859 is not < 0.08
    // 0 of 10 at rate 0.2 happens with 0.8^10
    expect(futilityOc(rule, [10], 0.2).pStop).toBeCloseTo(0.8 ** 10, 14);
  });
  it("a look can stop even when every patient responded, if the cutoff asks for it", () => {
    // Beta(1, 1), 1 of 1: Pr(rate > 0.9) = 1 - 0.9^2 = 0.19 < 0.5, so x = n = 1 is inside the boundary
    expect(futilityBoundary({ p0: 0.9, cutoff: 0.5, priorA: 1, priorB: 1 }, 1)).toBe(1);
  });
  it("refuses looks that are not increasing positive integers", () => {
    const rule = { p0: 0.2, cutoff: 0.1, priorA: 1, priorB: 1 };
    expect(() => futilityOc(rule, [], 0.2)).toThrow(/at least one look/);
    expect(() => futilityOc(rule, [5, 5], 0.2)).toThrow(/increasing positive integers, got 5, 5$/);
    expect(() => futilityOc(rule, [0, 5], 0.2)).toThrow(/increasing/);
  });
});

describe("futility monitoring: properties", () => {
  const ruleArb = fc.record({
    p0: fc.double({ min: 0.05, max: 0.6, noNaN: true }),
    cutoff: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
    priorA: fc.double({ min: 0.2, max: 3, noNaN: true }),
    priorB: fc.double({ min: 0.2, max: 3, noNaN: true }),
  });
  const looksArb = fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 5 }).map((a) => a.sort((x, y) => x - y));
  it("the boundary is exactly where the posterior tail crosses the cutoff", () => {
    fc.assert(
      fc.property(ruleArb, fc.integer({ min: 1, max: 40 }), (rule, n) => {
        const b = futilityBoundary(rule, n);
        for (let x = 0; x <= n; x++) expect(posteriorExceeds(x, n, rule.p0, rule.priorA, rule.priorB) < rule.cutoff).toBe(x <= b);
      }),
    );
  });
  it("probabilities add up, the expected size lies between the first and the last look, and a better drug stops less", () => {
    fc.assert(
      fc.property(ruleArb, looksArb, fc.double({ min: 0, max: 0.8, noNaN: true }), fc.double({ min: 0.01, max: 0.2, noNaN: true }), (rule, looks, rate, delta) => {
        const lo = futilityOc(rule, looks, rate);
        const hi = futilityOc(rule, looks, Math.min(1, rate + delta));
        expect(lo.pStop).toBeLessThanOrEqual(1 + 1e-12);
        expect(lo.pStop).toBeCloseTo(lo.looks.reduce((s, l) => s + l.pStop, 0), 12);
        expect(lo.expectedN).toBeGreaterThanOrEqual(looks[0] - 1e-9);
        expect(lo.expectedN).toBeLessThanOrEqual(looks.at(-1)! + 1e-9);
        expect(hi.pStop).toBeLessThanOrEqual(lo.pStop + 1e-12);
      }),
    );
  });
});
