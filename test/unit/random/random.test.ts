import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { binomialCdf, binomialPmf, binomialPmfs, drawFromCdf } from "../../../src/random/binomial.js";
import { restoreStream, streamFor } from "../../../src/random/stream.js";

describe("streamFor(seed, block)", () => {
  it("gives the same numbers for the same (seed, block) and different ones otherwise", () => {
    const a = streamFor("2024", 3);
    const b = streamFor("2024", 3);
    const c = streamFor("2024", 4);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });
  it("can be captured, advanced, restored and replayed", () => {
    const s = streamFor("replay", 0);
    s();
    const saved = s.state();
    const ahead = [s(), s(), s()];
    const r = restoreStream(saved);
    expect([r(), r(), r()]).toEqual(ahead);
  });
});

describe("binomial tables", () => {
  it("binomialPmf(k, n, p) matches hand values", () => {
    expect(binomialPmf(1, 3, 0.5)).toBeCloseTo(0.375, 14);
    expect(binomialPmf(0, 3, 0.3)).toBeCloseTo(0.343, 14);
    expect(binomialPmf(2, 3, 0)).toBe(0);
    expect(binomialPmf(3, 3, 1)).toBe(1);
  });
  it("pmfs sum to 1 and the CDF ends at exactly 1 (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, p) => {
        const sum = binomialPmfs(n, p).reduce((a, b) => a + b, 0);
        expect(Math.abs(sum - 1)).toBeLessThan(1e-9);
        expect(binomialCdf(n, p)[n]).toBe(1);
      }),
    );
  });
  it("a draw is monotone in p for the same uniform (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        (n, p1, p2, u) => {
          const [lo, hi] = p1 <= p2 ? [p1, p2] : [p2, p1];
          expect(drawFromCdf(u, binomialCdf(n, hi))).toBeGreaterThanOrEqual(drawFromCdf(u, binomialCdf(n, lo)));
        },
      ),
    );
  });
  it("draws have the binomial mean and variance (seed 'moments', 200,000 draws, 4 SE)", () => {
    const u = streamFor("moments", 0);
    const n = 3;
    const p = 0.3;
    const cdf = binomialCdf(n, p);
    const N = 200_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < N; i++) {
      const k = drawFromCdf(u(), cdf);
      s += k;
      s2 += k * k;
    }
    const mean = s / N;
    const variance = s2 / N - mean * mean;
    const v = n * p * (1 - p);
    expect(Math.abs(mean - n * p)).toBeLessThan(4 * Math.sqrt(v / N));
    // SE of the sample variance ~ sqrt((mu4 - v^2)/N); mu4 of Bin(3,0.3) is below 1, so 4 * sqrt(1/N) bounds 4 SE
    expect(Math.abs(variance - v)).toBeLessThan(4 * Math.sqrt(1 / N));
  });
});

describe("AleaBuffer", () => {
  it("produces exactly seedrandom.alea's sequence for the same (seed, block), across buffer refills", async () => {
    const { AleaBuffer } = await import("../../../src/random/stream.js");
    const b = new AleaBuffer();
    for (const [seed, block] of [["2024", 0], ["x", 17]] as const) {
      b.reseed(seed, block);
      const s = streamFor(seed, block);
      for (let i = 0; i < 2000; i++) expect(b.next()).toBe(s());
    }
  });
});

describe("TerminalTally", () => {
  it("counts equal final states once with their multiplicity and hands back each state intact", async () => {
    const { TerminalTally } = await import("../../../src/engine/tally.js");
    const { TrialState } = await import("../../../src/model/state.js");
    const t = new TerminalTally(3, 1, 4);
    const a = new TrialState(3, 1);
    a.reset(0);
    a.addCohort(0, 3, 1, false);
    a.mem[0] = 5;
    const b = a.clone();
    b.addCohort(1, 3, 0, true);
    t.add(a, 7);
    t.add(b, 7);
    t.add(a, 7);
    t.add(a, 8); // same state, other reason: a different entry
    expect(t.full).toBe(false); // 3 distinct states of 4
    const c = b.clone();
    c.eliminate(1);
    t.add(c, 7);
    expect(t.full).toBe(true);
    const seen: string[] = [];
    t.flush(new TrialState(3, 1), (s, reason, count) => seen.push(`${s.key()}#${s.escalationN}/${s.expansionN}/${s.cohorts}@${reason}x${count}`));
    expect(seen).toEqual([`${a.key()}#3/0/1@7x2`, `${b.key()}#3/3/2@7x1`, `${a.key()}#3/0/1@8x1`, `${c.key()}#3/3/2@7x1`]);
    expect(t.full).toBe(false);
  });
});
