/**
 * Exact enumeration's limits: the bound on the ints of state records (wide states cost more
 * each), and the prediction `auto` uses to give up early on a hopeless enumeration.
 */
import { describe, expect, it } from "vitest";
import { buildDesign, loadDesign, loadScenario, parseDesignConfig, trueMtd } from "../../../src/config/load.js";
import { defaultMaxStateInts, exactDesign, ExactInfeasibleError } from "../../../src/engine/exact.js";

const threePlusThree = (K: number) => buildDesign(parseDesignConfig({ design: { type: "a-plus-b" } }, "(3+3)"), K);
const boin = (nCohorts: number) => buildDesign(parseDesignConfig({ design: { type: "boin", target: 0.3, cohortSize: 3, nCohorts } }, "(boin)"), 6);
const SIX = [{ truth: [0.05, 0.1, 0.2, 0.3, 0.45, 0.6], trueMtd: 3 }];
const HUNDRED = [{ truth: Array.from({ length: 100 }, (_, i) => 0.002 * (i + 1)), trueMtd: -1 }];

describe("exact enumeration limits", () => {
  it("the default ints budget is at least 10^8 and 12 per allowed state", () => {
    expect(defaultMaxStateInts(1000)).toBe(100_000_000);
    expect(defaultMaxStateInts(10_000_000)).toBe(120_000_000);
  });

  it("gives up on wide states by their ints, naming the size, before the state count is reached", () => {
    // a 100-dose 3+3 state is 102 ints: 4 million ints allow 39,215 states
    let err: unknown;
    try {
      exactDesign(threePlusThree(100), HUNDRED, { maxStates: 1_000_000, maxStateInts: 4_000_000 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ExactInfeasibleError);
    expect((err as Error).message).toMatch(/102 ints each, and more than 39,216 of them/);
  });

  it("with predict, gives up on a hopeless enumeration early, long before the limit", () => {
    let message = "";
    try {
      exactDesign(boin(24), SIX, { maxStates: 2_000_000, predict: true });
    } catch (e) {
      expect(e).toBeInstanceOf(ExactInfeasibleError);
      message = (e as Error).message;
    }
    const m = /after ([\d,]+) distinct trial states, about ([\d,]+) are predicted \(more than 2,000,000\)/.exec(message);
    expect(m).not.toBeNull();
    const made = Number(m![1].replace(/,/g, ""));
    expect(made).toBeLessThan(1_500_000); // the limit is 2,000,000
    expect(Number(m![2].replace(/,/g, ""))).toBeGreaterThan(2_000_000);
  });

  it("with predict, projects levels that keep growing: gives up on BOIN with 72 patients and on BOIN12 within a few per cent of the limit's states", () => {
    // BOIN's levels grow about 2-fold a cohort, BOIN12's about 5-fold (sys6020-boin12.json on
    // sys6020.json: more than 10 million states); without the growth both ran to more than half
    // the limit (5.7 and 9.1 million states) before the largest level alone predicted too many
    const boin12 = buildDesign(loadDesign("designs/sys6020-boin12.json"), 5);
    const sc = loadScenario("scenarios/sys6020.json");
    const curves = sc.curves.map((c) => ({ truth: c.truth, trueMtd: trueMtd(c.truth, sc.target), response: c.response, association: c.association }));
    for (const [design, cs] of [[boin(24), SIX], [boin12, curves]] as const) {
      let message = "";
      try {
        exactDesign(design, cs, { maxStates: 10_000_000, predict: true });
      } catch (e) {
        expect(e).toBeInstanceOf(ExactInfeasibleError);
        message = (e as Error).message;
      }
      const m = /after ([\d,]+) distinct trial states, about ([\d,]+) are predicted \(more than 10,000,000\)/.exec(message);
      expect(m, message).not.toBeNull();
      expect(Number(m![1].replace(/,/g, ""))).toBeLessThan(200_000);
    }
  });

  it("with predict, still enumerates designs whose states come within a per cent of the limit", () => {
    // BOIN, 6 doses: 292,069 states with 42 patients, 1,026,753 with 48, 3,289,168 with 54
    for (const [nCohorts, states] of [[14, 292_069], [16, 1_026_753], [18, 3_289_168]]) {
      const r = exactDesign(boin(nCohorts), SIX, { maxStates: Math.ceil(states * 1.01), predict: true });
      expect(r.states).toBe(states);
    }
    // BOIN, 4 doses, 60 patients: its growth slows fast (from about 2.2-fold a cohort to 1.3);
    // projected at an undamped rate it would be given up at 61,208 states for about 1.43 million
    const four = buildDesign(parseDesignConfig({ design: { type: "boin", target: 0.3, cohortSize: 3, nCohorts: 20 } }, "(boin)"), 4);
    const r = exactDesign(four, [{ truth: [0.05, 0.2333, 0.4167, 0.6], trueMtd: 1 }], { maxStates: 1_094_000, predict: true });
    expect(r.states).toBe(1_083_130);
  });

  it("with predict, still enumerates what fits, with the same numbers", () => {
    const a = exactDesign(boin(12), SIX);
    const b = exactDesign(boin(12), SIX, { predict: true });
    expect(b.states).toBe(a.states);
    expect(Array.from(b.accs[0])).toEqual(Array.from(a.accs[0]));
  });
});

describe("the walk's peak memory", () => {
  it("counts at least a record, a probability per curve and two table slots per state held, and grows with the states", () => {
    const at = (nCohorts: number) =>
      exactDesign(buildDesign(parseDesignConfig({ design: { type: "boin", target: 0.3, cohortSize: 3, nCohorts } }, "(test)"), 6), [
        { truth: [0.05, 0.1, 0.2, 0.3, 0.45, 0.6], trueMtd: 3 },
        { truth: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], trueMtd: 2 },
      ]);
    const small = at(6);
    const big = at(10);
    // BOIN on 6 doses: at least 8 ints of record (32 bytes), 2 curves (16 bytes), 2 slots of 2 ints (16 bytes)
    for (const r of [small, big]) {
      expect(r.peakStates).toBeGreaterThan(0);
      expect(r.peakStates).toBeLessThanOrEqual(r.states);
      expect(r.peakBytes / r.peakStates).toBeGreaterThanOrEqual(32 + 16 + 16);
    }
    expect(big.peakStates).toBeGreaterThan(small.peakStates);
    expect(big.peakBytes).toBeGreaterThan(small.peakBytes);
  });
});
