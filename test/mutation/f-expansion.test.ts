/**
 * expansion (issue 10 item 11, part F): the split expansion's first cohort when the MTD is the
 * lowest dose (no dose below, so every expansion patient goes to the MTD), and when only
 * expansion patients received the dose below before the expansion was recorded as started (off
 * protocol). Expected cohorts are hand-derived from the module's rule: with a split, the MTD m
 * gets ceil(P / 2) of the P expansion patients and m - 1 gets floor(P / 2), unless nobody received
 * m - 1 (or m is the lowest dose), when m gets all P; cohorts are min(cohortSize, what is left).
 */
import { describe, expect, it } from "vitest";
import { stateOf } from "../../src/model/outcomes.js";
import type { Design } from "../../src/designs/design.js";
import type { TrialState } from "../../src/model/state.js";
import { decideSay, designOf, say } from "../helpers/build.js";

function start(design: Design, s: TrialState): string {
  const first = design.decide(s);
  s.mem[first.writeSlot] = first.writeValue;
  return say(first);
}

describe("split expansion at the lowest dose", () => {
  it("3+3, MTD dose 1 (dose 2 at 2/3): all 4 patients at dose 1, in cohorts of 3 then 1 (not 2 = ceil(4 / 2) first)", () => {
    const d = designOf({ type: "a-plus-b" }, 3, [{ type: "expansion", patients: 4, cohortSize: 3, split: "mtd-and-lower" }]);
    const s = stateOf("1NNN 2NTT", 3, d.memSlots);
    expect(d.selectMtd(s)).toBe(0);
    expect(start(d, s)).toBe("treat 3 at 1 (expansion)");
    s.addCohort(0, 3, 0, true);
    expect(decideSay(d, s)).toBe("treat 1 at 1 (expansion)");
    s.addCohort(0, 1, 0, true);
    expect(decideSay(d, s)).toBe("stop: dose-too-toxic");
    expect(d.selectMtd(s)).toBe(0);
  });
});

describe("split expansion when only expansion patients had the dose below (off protocol)", () => {
  it("start at dose 2, MTD dose 2, 3 expansion patients at dose 1 before the expansion started: the split holds, 2 at dose 2 first", () => {
    // 4 patients split 2 (MTD, dose 2) + 2 (dose 1): dose 1 counts as received through its
    // expansion patients, so the first cohort is min(3, ceil(4 / 2)) = 2
    const d = designOf({ type: "a-plus-b", startDose: 2 }, 3, [{ type: "expansion", patients: 4, cohortSize: 3, split: "mtd-and-lower" }]);
    const s = stateOf("2NNN 3NTT", 3, d.memSlots);
    s.addCohort(0, 3, 0, true);
    s.current = 2; // (addCohort moved it) the last escalation cohort stays the one at dose 3
    expect(d.selectMtd(s)).toBe(1);
    expect(start(d, s)).toBe("treat 2 at 2 (expansion)");
    // without them nobody received dose 1: all 4 at dose 2, a first cohort of 3
    const t = stateOf("2NNN 3NTT", 3, d.memSlots);
    expect(start(d, t)).toBe("treat 3 at 2 (expansion)");
  });
});

describe("the expansion's own end", () => {
  it("an escalation left with no MTD and no stop of its own after the expansion began ends 'expansion-complete' (design built in the test, so Stryker sees its construction covered)", () => {
    // 3+3 on 3 doses, "1NNN 2NTT": MTD dose 1, expansion at dose 1; one more escalation patient at
    // dose 1 with a DLT (1/4, incomplete for the 3+3) leaves no dose passed and the 3+3 treating
    const d = designOf({ type: "a-plus-b" }, 3, [{ type: "expansion", patients: 6, cohortSize: 3 }]);
    const s = stateOf("1NNN 2NTT", 3, d.memSlots);
    expect(start(d, s)).toBe("treat 3 at 1 (expansion)");
    s.addCohort(0, 1, 1, false);
    expect(d.selectMtd(s)).toBe(-1);
    expect(decideSay(d, s)).toBe("stop: expansion-complete");
  });
});
