/**
 * src/designs/design.ts, part R: the optional parts `wrap` forwards that j-design.test.ts does not
 * reach (scoreTable, explainBackfill, jointOutcomes, finalStateOc). The inner design is synthetic
 * with distinct sentinel values, so a part forwarded with the wrong value, dropped, or added as an
 * undefined key shows. Expected values are the sentinels written here, not the code's output.
 */
import { describe, expect, it } from "vitest";
import { wrap, type Design, type FinalStateOc, type ScoreTable } from "../../src/designs/design.js";
import { treat } from "../../src/model/decision.js";
import { TrialState, type TrialView } from "../../src/model/state.js";

const scoreTbl: ScoreTable = { type: "inner-scores", title: "t", note: "n", sampleSizes: [3], cells: [] };
const innerOc = { label: "inner-oc" } as unknown as FinalStateOc;
const overOc = { label: "over-oc" } as unknown as FinalStateOc;

function bareInner(): Design {
  return {
    type: "inner",
    numDoses: 4,
    startDose: 0,
    memSlots: 2,
    maxCohortSize: 3,
    maxPatients: 30,
    maxExpansionPatients: 0,
    metrics: [],
    decide: () => treat(0, 3, "stay"),
    selectMtd: () => 0,
    measure: () => {},
    describe: () => ({}),
  };
}

function stateAt(current: number): TrialView {
  const s = new TrialState(4, 2);
  s.reset(current);
  return s;
}

describe("wrap forwards the optional parts added after part J", () => {
  it("scoreTable, with its maxN argument", () => {
    const seen: (number | undefined)[] = [];
    const w = wrap({ ...bareInner(), scoreTable: (m) => (seen.push(m), scoreTbl) }, {});
    expect(w.scoreTable!(12)).toBe(scoreTbl);
    expect(w.scoreTable!()).toBe(scoreTbl);
    expect(seen).toEqual([12, undefined]);
  });

  it("explainBackfill, with the state", () => {
    const w = wrap({ ...bareInner(), explainBackfill: (s) => [`dose ${s.current}`, "second line"] }, {});
    expect(w.explainBackfill!(stateAt(2))).toEqual(["dose 2", "second line"]);
  });

  it("jointOutcomes, the same object", () => {
    const jo = { slot: 5, both: true };
    const w = wrap({ ...bareInner(), jointOutcomes: jo }, {});
    expect(w.jointOutcomes).toBe(jo);
  });

  it("finalStateOc: the inner one, or the override's when given", () => {
    expect(wrap({ ...bareInner(), finalStateOc: innerOc }, {}).finalStateOc).toBe(innerOc);
    expect(wrap({ ...bareInner(), finalStateOc: innerOc }, { finalStateOc: overOc }).finalStateOc).toBe(overOc);
    expect(wrap(bareInner(), { finalStateOc: overOc }).finalStateOc).toBe(overOc);
  });

  it("without them, the wrapper has no such keys (not present as undefined)", () => {
    const w = wrap(bareInner(), {});
    for (const key of ["scoreTable", "explainBackfill", "jointOutcomes", "finalStateOc"]) expect(Object.keys(w)).not.toContain(key);
  });
});
