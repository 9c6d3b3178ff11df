/**
 * The studio's Math functions (src/studio/math.ts) must be Node's to the bit, so that the page and
 * `doseladder run` agree to the last digit: checked here against Node's own Math on every kind of
 * input the engine meets (probabilities, counts, log-likelihoods, tiny and huge values, the special
 * values), in Node, where Math is the reference the CLI uses.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { installNodeMath, NODE_MATH } from "../../../src/studio/math.js";

const SPECIAL = [0, -0, 1, -1, 0.5, 2, 1e-300, 5e-324, -5e-324, 1e300, Number.MAX_VALUE, Number.MIN_VALUE, Infinity, -Infinity, NaN, 709.78, 709.79, -745.1, -745.12, -745.133, -745.2, -744.44, -744.5, -744.9, 1 - 2 ** -53, 1 + 2 ** -52, -0.9999999999999999, 1e-17, -1e-17];

describe("the studio's Math functions equal Node's bit for bit", () => {
  for (const [name, f] of Object.entries(NODE_MATH)) {
    const node = (Math as unknown as Record<string, (x: number) => number>)[name];
    it(`${name}: special values`, () => {
      for (const x of SPECIAL) expect(Object.is(f(x), node(x)), `${name}(${x})`).toBe(true);
    });
    it(`${name}: 20,000 doubles of every magnitude, and probabilities and counts`, () => {
      fc.assert(
        fc.property(fc.oneof(fc.double({ noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -800, max: 800, noNaN: true }), fc.integer({ min: 0, max: 100_000 }).map((k) => k / 1000)), (x) => Object.is(f(x), node(x))),
        { numRuns: 20_000, seed: 20261207 },
      );
    });
  }
  it("installNodeMath puts them on a Math object by name", () => {
    const target = {} as Math;
    installNodeMath(target);
    expect(Object.keys(target).sort()).toEqual(["exp", "expm1", "log", "log1p", "log2"]);
    expect((target as unknown as Record<string, unknown>).log).toBe(NODE_MATH.log);
  });
});

describe("exp near underflow, where the last scaling rounds to subnormals", () => {
  it("equals Node's on 200,000 points of [-745.2, -744]", () => {
    const f = NODE_MATH.exp;
    let differ = 0;
    for (let i = 0; i <= 200_000; i++) {
      const x = -745.2 + (i * 1.2) / 200_000;
      if (!Object.is(f(x), Math.exp(x))) differ++;
    }
    expect(differ).toBe(0);
  });
});
