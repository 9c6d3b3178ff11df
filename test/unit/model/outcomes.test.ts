import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatOutcomes, parseOutcomes, stateOf } from "../../../src/model/outcomes.js";

describe("parseOutcomes(text)", () => {
  it("reads escalation's notation: dose then N/T per patient", () => {
    expect(parseOutcomes("1NNN 2NTN")).toEqual([
      { dose: 0, size: 3, dlts: 0 },
      { dose: 1, size: 3, dlts: 1 },
    ]);
    expect(parseOutcomes("  ")).toEqual([]);
    expect(parseOutcomes("12TTn", 12)).toEqual([{ dose: 11, size: 3, dlts: 2 }]);
  });
  it("rejects malformed cohorts and doses beyond the ladder with one line", () => {
    expect(() => parseOutcomes("1NNX")).toThrow(/cannot read cohort "1NNX"/);
    expect(() => parseOutcomes("0NNN")).toThrow(/numbered from 1/);
    expect(() => parseOutcomes("4NNN", 3)).toThrow(/above the highest dose 3/);
  });
  it("round-trips through formatOutcomes (property)", () => {
    const cohort = fc.record({ dose: fc.integer({ min: 0, max: 8 }), size: fc.integer({ min: 1, max: 6 }) }).chain((c) =>
      fc.integer({ min: 0, max: c.size }).map((dlts) => ({ ...c, dlts })),
    );
    fc.assert(
      fc.property(fc.array(cohort, { maxLength: 8 }), (cohorts) => {
        expect(parseOutcomes(formatOutcomes(cohorts))).toEqual(cohorts);
      }),
    );
  });
});

describe("stateOf(text, K)", () => {
  it("adds up patients and DLTs per dose and ends at the last cohort's dose", () => {
    const s = stateOf("1NNN 2NTN 2NNT", 4);
    expect(Array.from(s.n)).toEqual([3, 6, 0, 0]);
    expect(Array.from(s.y)).toEqual([0, 2, 0, 0]);
    expect(s.current).toBe(1);
    expect(s.cohorts).toBe(3);
    expect(s.escalationN).toBe(9);
  });
});
