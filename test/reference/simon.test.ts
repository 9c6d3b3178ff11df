/**
 * Simon's two-stage designs against an independent computation (test/reference/fixtures/gen_simon.py,
 * whose alpha = 0.05 / power = 0.8 designs are those of Simon 1989, Table 1), and properties that
 * hold for any input: the designs meet alpha and power, and no design of smaller n (minimax) or
 * smaller EN(p0) (optimal) exists, checked by a naive search written here.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeSimon, simonDesigns, type SimonDesign } from "../../src/efficacy/simon.js";
import fixture from "./fixtures/simon.json" with { type: "json" };

const KEYS = ["r1", "n1", "r", "n"] as const;
const NUMS = ["en0", "pet0", "en1", "pet1", "alpha", "power"] as const;

describe("Simon two-stage designs (independent search; Simon 1989 Table 1)", () => {
  for (const c of fixture.cases) {
    it(`p0 ${c.p0}, p1 ${c.p1}, alpha ${c.alpha}, power ${c.power}`, () => {
      const got = simonDesigns(c.p0, c.p1, c.alpha, c.power, fixture.nMax);
      expect(got).not.toBeNull();
      for (const which of ["optimal", "minimax"] as const) {
        const want = c[which] as Record<string, number>;
        const d = got![which] as unknown as Record<string, number>;
        for (const k of KEYS) expect(d[k], `${which}.${k}`).toBe(want[k]);
        for (const k of NUMS) expect(d[k], `${which}.${k}`).toBeCloseTo(want[k], 10);
      }
    });
  }

  it("says when no design fits under nMax, and refuses impossible inputs", () => {
    expect(simonDesigns(0.1, 0.3, 0.05, 0.8, 20)).toBeNull();
    expect(() => simonDesigns(0.3, 0.3, 0.05, 0.8)).toThrow(/p0 < p1/);
    expect(() => simonDesigns(0.1, 0.3, 0, 0.8)).toThrow(/alpha/);
    expect(() => simonDesigns(0.1, 0.3, 0.05, 1)).toThrow(/power/);
  });

  it("finds the designs at the edge of the search: n = nMax counts, n = nMax + 1 does not", () => {
    const opt = simonDesigns(0.1, 0.3, 0.05, 0.8, 29)!; // the optimal design has n = 29
    expect([opt.optimal.r1, opt.optimal.n1, opt.optimal.r, opt.optimal.n]).toEqual([1, 10, 5, 29]);
    const mm = simonDesigns(0.1, 0.3, 0.05, 0.8, 25)!; // the minimax design has n = 25; the optimal within n <= 25 is then the minimax
    expect([mm.minimax.r1, mm.minimax.n1, mm.minimax.r, mm.minimax.n]).toEqual([1, 15, 5, 25]);
    expect(simonDesigns(0.1, 0.3, 0.05, 0.8, 24)).toBeNull();
  });

  it("accepts the edges of its domain and refuses what lies beyond", () => {
    expect(simonDesigns(0, 0.5, 0.05, 0.8, 10)).not.toBeNull(); // p0 = 0 is allowed
    expect(simonDesigns(0.5, 1, 0.05, 0.8, 10)).not.toBeNull(); // p1 = 1 is allowed
    expect(simonDesigns(0.05, 0.95, 0.05, 0.8, 2)).not.toBeNull(); // the smallest search
    expect(() => simonDesigns(-0.1, 0.3, 0.05, 0.8)).toThrow(/p0 < p1/);
    expect(() => simonDesigns(0.1, 1.1, 0.05, 0.8)).toThrow(/p0 < p1/);
    expect(() => simonDesigns(0.1, 0.3, 1, 0.8)).toThrow(/alpha must be in \(0, 1\), got 1/);
    expect(() => simonDesigns(0.1, 0.3, 0.05, 0)).toThrow(/power must be in \(0, 1\), got 0/);
    expect(() => simonDesigns(0.1, 0.3, 0.05, 0.8, 1)).toThrow(/nMax must be an integer in 2\.\.300, got 1/);
    expect(() => simonDesigns(0.1, 0.3, 0.05, 0.8, 301)).toThrow(/got 301/);
    expect(() => simonDesigns(0.1, 0.3, 0.05, 0.8, 20.5)).toThrow(/got 20\.5/);
  });

  it("describes the rule in words", () => {
    const d = simonDesigns(0.1, 0.3, 0.05, 0.8)!.optimal;
    expect(describeSimon(d)).toBe(
      "Stage 1: treat 10 patients; stop for futility if 1 or fewer respond. Stage 2: treat 19 more (29 in all); the dose is promising if more than 5 of the 29 respond.",
    );
  });
});

// A naive, separate implementation for the properties: direct sums of binomial terms.
const choose = (n: number, k: number) => {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
};
const b = (k: number, n: number, p: number) => choose(n, k) * p ** k * (1 - p) ** (n - k);
function reject(r1: number, n1: number, r: number, n: number, p: number): number {
  let s = 0;
  for (let x1 = r1 + 1; x1 <= n1; x1++) for (let x2 = 0; x2 <= n - n1; x2++) if (x1 + x2 > r) s += b(x1, n1, p) * b(x2, n - n1, p);
  return s;
}
function feasibleDesigns(p0: number, p1: number, alpha: number, power: number, nMax: number) {
  const out: { n: number; en0: number }[] = [];
  for (let n = 2; n <= nMax; n++)
    for (let n1 = 1; n1 < n; n1++)
      for (let r1 = 0; r1 < n1; r1++)
        for (let r = r1; r < n; r++)
          if (reject(r1, n1, r, n, p0) <= alpha && reject(r1, n1, r, n, p1) >= power) {
            let pet = 0;
            for (let x = 0; x <= r1; x++) pet += b(x, n1, p0);
            out.push({ n, en0: n1 + (1 - pet) * (n - n1) });
          }
  return out;
}

describe("Simon designs: properties", () => {
  it("meet alpha and power, and nothing smaller exists (naive search, small trials)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.02, max: 0.4, noNaN: true }),
        fc.double({ min: 0.4, max: 0.6, noNaN: true }),
        fc.constantFrom(0.05, 0.1),
        fc.constantFrom(0.8, 0.9),
        (p0, gap, alpha, power) => {
          const p1 = Math.min(0.99, p0 + gap);
          const nMax = 18;
          const got = simonDesigns(p0, p1, alpha, power, nMax);
          const all = feasibleDesigns(p0, p1, alpha, power, nMax);
          if (all.length === 0) return expect(got).toBeNull();
          expect(got).not.toBeNull();
          const check = (d: SimonDesign) => {
            expect(reject(d.r1, d.n1, d.r, d.n, p0)).toBeLessThanOrEqual(alpha + 1e-12);
            expect(reject(d.r1, d.n1, d.r, d.n, p1)).toBeGreaterThanOrEqual(power - 1e-12);
          };
          check(got!.optimal);
          check(got!.minimax);
          const minN = Math.min(...all.map((d) => d.n));
          const minEn = Math.min(...all.map((d) => d.en0));
          expect(got!.minimax.n).toBe(minN);
          expect(got!.optimal.en0).toBeCloseTo(minEn, 9);
          expect(got!.minimax.en0).toBeCloseTo(Math.min(...all.filter((d) => d.n === minN).map((d) => d.en0)), 9);
        },
      ),
      { numRuns: 25 },
    );
  });
});
