/** Random scenario generators: monotone curves in [0, 1], the count asked for, deterministic, MTD uniform. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { closestDose, randomCurves, randomScenario, RANDOM_METHODS } from "../../src/scenarios/random.js";
import { streamFor } from "../../src/random/stream.js";
import { parseScenarioConfig } from "../../src/config/load.js";

describe("randomCurves(u, method, doses, target, count)", () => {
  for (const method of RANDOM_METHODS) {
    it(`${method}: monotone, in [0, 1], the requested count, the MTD it was built around is the closest dose (fast-check seed 17)`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 8 }), fc.constantFrom(0.2, 0.25, 0.3, 1 / 3), fc.integer({ min: 1, max: 20 }), fc.string({ maxLength: 6 }), (K, target, count, seed) => {
          const curves = randomCurves(streamFor(seed, 0), method, K, target, count);
          expect(curves).toHaveLength(count);
          for (const c of curves) {
            expect(c.truth).toHaveLength(K);
            c.truth.forEach((p, k) => {
              expect(p).toBeGreaterThanOrEqual(0);
              expect(p).toBeLessThanOrEqual(1);
              if (k > 0) expect(p).toBeGreaterThanOrEqual(c.truth[k - 1]);
            });
            expect(closestDose(c.truth, target)).toBe(c.mtd);
          }
        }),
        { seed: 17, numRuns: 80 },
      );
    });
    it(`${method}: the same seed gives the same curves, another seed different ones`, () => {
      const a = randomCurves(streamFor("s", 0), method, 5, 0.3, 10);
      expect(randomCurves(streamFor("s", 0), method, 5, 0.3, 10)).toEqual(a);
      expect(randomCurves(streamFor("t", 0), method, 5, 0.3, 10)).not.toEqual(a);
    });
    it(`${method}: the true MTD is uniform over doses: with 6,000 curves over 5 doses each share is within 4 SE (0.0207) of 0.2`, () => {
      const M = 6000;
      const K = 5;
      const curves = randomCurves(streamFor(`uniform-${method}`, 0), method, K, 0.3, M);
      const counts = new Array(K).fill(0);
      for (const c of curves) counts[closestDose(c.truth, 0.3)]++;
      const se = Math.sqrt((0.2 * 0.8) / M); // 0.00516
      counts.forEach((n) => expect(Math.abs(n / M - 0.2)).toBeLessThan(4 * se));
    });
  }
  it("probit: a larger mu gives steeper curves (mean neighbour distance from the target grows)", () => {
    const spread = (mu: number) => {
      const cs = randomCurves(streamFor("mu", 0), "probit", 5, 0.3, 2000, { mu });
      let s = 0;
      let n = 0;
      for (const c of cs) {
        for (const k of [c.mtd - 1, c.mtd + 1]) {
          if (k >= 0 && k < 5) {
            s += Math.abs(c.truth[k] - 0.3);
            n++;
          }
        }
      }
      return s / n;
    };
    expect(spread(0.23)).toBeLessThan(spread(0.55));
    expect(spread(0.55)).toBeLessThan(spread(0.71));
  });
});

describe("randomScenario(curves, info)", () => {
  it("is a valid scenario file with ladder D1..DK, the target, and one named curve per draw", () => {
    const curves = randomCurves(streamFor("file", 0), "pseudo-uniform", 4, 0.25, 12);
    const file = randomScenario(curves, { method: "pseudo-uniform", doses: 4, target: 0.25, seed: "file" });
    const sc = parseScenarioConfig(JSON.parse(JSON.stringify(file)), "gen.json");
    expect(sc.ladder.doses.map((d) => d.label)).toEqual(["D1", "D2", "D3", "D4"]);
    expect(sc.target).toBe(0.25);
    expect(sc.curves).toHaveLength(12);
    expect(sc.curves[0].name).toBe("random-01");
    expect(sc.warnings).toEqual([]);
    sc.curves.forEach((c, i) => expect(c.truth).toEqual(curves[i].truth.map((p) => Number(p.toFixed(4)))));
  });
});
