/**
 * More of the expansion and SMC-review rules, state by state: split quotas (odd totals, ties to
 * the MTD), monitoring with pooled escalation data before any expansion patient, at the largest
 * count the monitoring table holds, and at an MTD of dose 1; the metrics written over old
 * values; the wrapped design's bounds; SMC review only at the dose it is treating.
 */
import { describe, expect, it } from "vitest";
import { stateOf } from "../../src/model/outcomes.js";
import type { Design } from "../../src/designs/design.js";
import type { TrialState } from "../../src/model/state.js";
import { decideSay, designOf, say } from "../helpers/build.js";

/** P(Binomial(m, p) <= k), by direct summation: Pr(p > L | Beta(a, b)) = P(Bin(a + b − 1, L) <= a − 1). */
function binomCdf(k: number, m: number, p: number): number {
  let term = (1 - p) ** m;
  let sum = 0;
  for (let j = 0; j <= k; j++) {
    sum += term;
    term *= ((m - j) / (j + 1)) * (p / (1 - p));
  }
  return sum;
}

/** Carry out the first expansion decision (its memory write) on s and return it. */
function start(design: Design, s: TrialState) {
  const first = design.decide(s);
  s.mem[first.writeSlot] = first.writeValue;
  return first;
}

describe("expansion: split quotas and order", () => {
  it("an odd total gives the MTD the extra patient; equal counts go to the MTD first", () => {
    const design = designOf({ type: "a-plus-b" }, 4, [{ type: "expansion", patients: 7, cohortSize: 3, split: "mtd-and-lower" }]);
    const s = stateOf("1NNN 2NNN 3TTN", 4, design.memSlots);
    expect(say(start(design, s))).toBe("treat 3 at 2 (expansion)");
    s.addCohort(1, 3, 0, true);
    expect(decideSay(design, s)).toBe("treat 3 at 1 (expansion)");
    s.addCohort(0, 3, 0, true);
    expect(decideSay(design, s)).toBe("treat 1 at 2 (expansion)");
    s.addCohort(1, 1, 0, true);
    expect(decideSay(design, s)).toBe("stop: dose-too-toxic");
    const even = designOf({ type: "a-plus-b" }, 4, [{ type: "expansion", patients: 12, cohortSize: 3, split: "mtd-and-lower" }]);
    const t = stateOf("1NNN 2NNN 3TTN", 4, even.memSlots);
    start(even, t);
    for (const expected of ["treat 3 at 1 (expansion)", "treat 3 at 2 (expansion)", "treat 3 at 1 (expansion)"]) {
      t.addCohort(expected.endsWith("at 1 (expansion)") ? 1 : 0, 3, 0, true);
      expect(decideSay(even, t)).toBe(expected);
    }
  });
  it("a split expansion at an MTD of dose 1 puts every patient at dose 1", () => {
    const design = designOf({ type: "a-plus-b" }, 4, [{ type: "expansion", patients: 6, cohortSize: 3, split: "mtd-and-lower" }]);
    const s = stateOf("1NNN 2TTN", 4, design.memSlots);
    expect(say(start(design, s))).toBe("treat 3 at 1 (expansion)");
    s.addCohort(0, 3, 0, true);
    expect(decideSay(design, s)).toBe("treat 3 at 1 (expansion)");
    s.addCohort(0, 3, 0, true);
    expect(decideSay(design, s)).toBe("stop: dose-too-toxic");
  });
  it("the first expansion cohort carries out the escalation stop's elimination and remembers its reason", () => {
    const inner = designOf({ type: "boin", target: 0.3, nCohorts: 10 }, 3);
    const design = designOf({ type: "boin", target: 0.3, nCohorts: 10 }, 3, [{ type: "expansion", patients: 3 }]);
    // 3/3 at dose 2 eliminates doses 2 and 3 and moves to dose 1: not a stop. 10 cohorts end at max-n.
    const s = stateOf("1NNN 1NNN 1NNN 1NNN 1NNN 1NNN 1NNN 1NNN 1NNN 1NNN", 3, design.memSlots);
    const stopDec = inner.decide(s);
    expect(say(stopDec)).toBe("stop: max-n");
    const first = design.decide(s);
    expect(first.eliminateFrom).toBe(stopDec.eliminateFrom);
    expect(say(first)).toBe(`treat 3 at ${inner.selectMtd(s) + 1} (expansion)`);
    s.mem[first.writeSlot] = first.writeValue;
    s.addCohort(first.dose, 3, 0, true);
    expect(decideSay(design, s)).toBe("stop: max-n");
  });
  it("bounds, type, memory and description of the wrapped design", () => {
    const inner = designOf({ type: "a-plus-b" }, 4);
    const wide = designOf({ type: "a-plus-b" }, 4, [{ type: "expansion", patients: 10, cohortSize: 5 }]);
    expect(wide.maxCohortSize).toBe(5);
    expect(wide.maxPatients).toBe(inner.maxPatients + 10);
    expect(wide.maxExpansionPatients).toBe(10);
    expect(wide.memSlots).toBe(1);
    expect(wide.type).toBe("a-plus-b+expansion");
    expect(designOf({ type: "a-plus-b" }, 4, [{ type: "expansion", patients: 10, cohortSize: 2 }]).maxCohortSize).toBe(3);
    expect(wide.describe().expansion).toEqual({ patients: 10, cohortSize: 5, split: "mtd", monitor: false, toxLimit: 0.3, cutoff: 0.8, priorA: 1, priorB: 1, monitorData: "all" });
    expect(wide.metrics).toEqual(["expansionStarted", "escalationMtd1", "escalationMtd2", "escalationMtd3", "escalationMtd4", "escalationNoMtd", "expansionStopped1", "expansionStopped2", "expansionStopped3", "expansionStopped4"]);
  });
});

describe("expansion monitoring: edge cases", () => {
  it("pooled data: a dose whose escalation data alone would fire is not stopped before its first expansion patient", () => {
    // escalation at dose 2: 1/6. Pr(p > 0.1 | Beta(2, 6)) = P(Bin(7, 0.1) <= 1) = 0.850 > 0.5
    expect(binomCdf(1, 7, 0.1)).toBeGreaterThan(0.5);
    const design = designOf({ type: "a-plus-b" }, 4, [{ type: "expansion", patients: 6, cohortSize: 3, monitor: true, toxLimit: 0.1, cutoff: 0.5 }]);
    const s = stateOf("1NNN 2NTN 2NNN 3TTN", 4, design.memSlots);
    expect(say(start(design, s))).toBe("treat 3 at 2 (expansion)");
    expect(decideSay(design, s)).toBe("treat 3 at 2 (expansion)");
    expect(design.selectMtd(s)).toBe(1);
    // after 0/3 in expansion: 1/9 pooled, Pr(p > 0.1 | Beta(2, 9)) = P(Bin(10, 0.1) <= 1) = 0.736 > 0.5: stopped
    expect(binomCdf(1, 10, 0.1)).toBeGreaterThan(0.5);
    s.addCohort(1, 3, 0, true);
    expect(design.selectMtd(s)).toBe(0);
  });
  it("monitoring fires at the largest pooled count (all escalation patients at the dose, then the whole expansion)", () => {
    // BOIN, 2 cohorts of 3, target 0.3: 1/3 then 1/3 at dose 1 stays; the trial ends at 6 (max-n).
    // Expansion 3 at dose 1 with 3/3: pooled 5/9, Pr(p > 0.3 | Beta(6, 5)) = P(Bin(10, 0.3) <= 5) = 0.953 > 0.8
    expect(binomCdf(5, 10, 0.3)).toBeGreaterThan(0.8);
    const design = designOf({ type: "boin", target: 0.3, nCohorts: 2 }, 3, [{ type: "expansion", patients: 3, monitor: true }]);
    const s = stateOf("1NTN 1NTN", 3, design.memSlots);
    expect(say(start(design, s))).toBe("treat 3 at 1 (expansion)");
    s.addCohort(0, 3, 3, true);
    expect(design.selectMtd(s)).toBe(-1);
    const out = new Float64Array(design.metrics.length);
    design.measure(s, out, 0);
    expect(out[design.metrics.indexOf("expansionStopped1")]).toBe(1);
  });
  it("an MTD of dose 1 that monitoring stops leaves no MTD", () => {
    const design = designOf({ type: "a-plus-b" }, 4, [{ type: "expansion", patients: 6, cohortSize: 3, monitor: true, monitorData: "expansion" }]);
    const s = stateOf("1NNN 2TTN", 4, design.memSlots);
    start(design, s);
    // 3/3: Pr(p > 0.3 | Beta(4, 1)) = 1 − 0.3^4 = 0.9919 > 0.8
    s.addCohort(0, 3, 3, true);
    expect(design.selectMtd(s)).toBe(-1);
    expect(decideSay(design, s)).toBe("stop: dose-too-toxic");
  });
  it("metrics overwrite whatever the output held; no MTD and no expansion are reported as such", () => {
    const design = designOf({ type: "a-plus-b" }, 3, [{ type: "expansion", patients: 6, cohortSize: 3, monitor: true }]);
    const none = stateOf("1TTN", 3, design.memSlots);
    const out = new Float64Array(2 + design.metrics.length).fill(7);
    design.measure(none, out, 2);
    expect(Array.from(out)).toEqual([7, 7, 0, 0, 0, 0, 1, 0, 0, 0]);
    const s = stateOf("1NNN 2NNN 3NTT", 3, design.memSlots);
    start(design, s);
    s.addCohort(1, 3, 3, true);
    out.fill(7);
    design.measure(s, out, 2);
    // started; escalation MTD dose 2; dose 2 stopped (pooled 3/6: Pr(p > 0.3 | Beta(4, 4)) = P(Bin(7, .3) <= 3) = 0.874 > 0.8)
    expect(binomCdf(3, 7, 0.3)).toBeGreaterThan(0.8);
    expect(Array.from(out)).toEqual([7, 7, 1, 0, 1, 0, 0, 0, 1, 0]);
  });
});

describe("smc-review reviews only a cohort at the dose it is at", () => {
  it("a de-escalation to a dose with afterPatients / afterDlts is not reviewed", () => {
    const design = designOf({ type: "boin", target: 0.3 }, 3, [{ type: "smc-review", q: 0.5 }]);
    // BOIN at dose 2 with 2/3 de-escalates to dose 1, which has 1/3: no review there
    expect(decideSay(design, stateOf("1NTN 2TTN", 3, design.memSlots))).toBe("treat 3 at 1");
    // staying at dose 1 with 1/3 is reviewed
    expect(decideSay(design, stateOf("1NTN", 3, design.memSlots))).toBe("chance 0.5");
  });
});
