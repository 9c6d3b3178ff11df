/**
 * Simon's two-stage search (src/efficacy/simon.ts) at the top of its nMax domain: nMax = 300 (SIMON_MAX_N)
 * is accepted and finds the same designs as a search to 60, those of test/reference/fixtures/simon.json
 * (gen_simon.py's exhaustive search; for p0 0.2, p1 0.4, alpha 0.05, power 0.8 the optimal 3/13, 12/43 and
 * minimax 4/18, 10/33 of Simon 1989, Table 1).
 */
import { describe, expect, it } from "vitest";
import { SIMON_MAX_N, simonDesigns } from "../../src/efficacy/simon.js";
import { fixture } from "../helpers/fixtures.js";

interface Stage { r1: number; n1: number; r: number; n: number }
const simon = fixture("simon.json") as { cases: { p0: number; p1: number; alpha: number; power: number; optimal: Stage; minimax: Stage }[] };

describe("simonDesigns: nMax at its upper limit", () => {
  it("nMax = 300 is accepted and gives Simon's (1989, Table 1) designs for 0.2 / 0.4", () => {
    expect(SIMON_MAX_N).toBe(300);
    const want = simon.cases.find((c) => c.p0 === 0.2 && c.p1 === 0.4 && c.alpha === 0.05 && c.power === 0.8)!;
    const got = simonDesigns(0.2, 0.4, 0.05, 0.8, 300)!;
    const stages = (d: Stage) => [d.r1, d.n1, d.r, d.n];
    expect(stages(got.optimal)).toEqual(stages(want.optimal));
    expect(stages(got.minimax)).toEqual(stages(want.minimax));
    expect(got.nMax).toBe(300);
  }, 60_000);
});
