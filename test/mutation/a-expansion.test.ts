/**
 * expansion: the split when nobody received the dose below the MTD, the "exceeds" in the
 * monitoring rule (a posterior equal to the cutoff does not stop a dose), monitoring of counts
 * beyond the tabulated ones, the off-protocol ends (escalation left with no MTD after the
 * expansion began) and the fallback when every expansion dose was stopped.
 *
 * Every posterior here is a hand calculation with Beta(1, 1) priors, by
 * Pr(p > L | Beta(a, b)) = P(Binomial(a + b − 1, L) <= a − 1) for integer a, b:
 * - 3 DLTs in 6, L = 1/2: Beta(4, 4) is symmetric about 1/2, so Pr = 1/2 exactly;
 * - 4 DLTs in 6, L = 1/2: Beta(5, 3): P(Bin(7, 1/2) <= 4) = (1 + 7 + 21 + 35 + 35) / 128 = 99/128;
 * - 3 DLTs in 3, L = 0.3: Beta(4, 1): 1 − 0.3^4 = 0.9919.
 */
import { describe, expect, it } from "vitest";
import { stateOf } from "../../src/model/outcomes.js";
import { posteriorExceeds } from "../../src/select/beta-tail.js";
import type { Design } from "../../src/designs/design.js";
import type { TrialState } from "../../src/model/state.js";
import { decideSay, designOf, say } from "../helpers/build.js";

/** Carry out the first expansion decision (its memory write) on s and return it in words. */
function start(design: Design, s: TrialState): string {
  const first = design.decide(s);
  s.mem[first.writeSlot] = first.writeValue;
  return say(first);
}

describe("expansion split when nobody received the dose below the MTD", () => {
  const split = (startDose: number) =>
    designOf({ type: "a-plus-b", startDose }, 3, [{ type: "expansion", patients: 4, cohortSize: 3, split: "mtd-and-lower" }]);

  it("start at dose 2, MTD dose 2: all 4 patients go to dose 2, so the first cohort is a full 3 (not half of 4)", () => {
    const d = split(2);
    const s = stateOf("2NNN 3NTT", 3, d.memSlots);
    expect(start(d, s)).toBe("treat 3 at 2 (expansion)");
    s.addCohort(1, 3, 0, true);
    expect(decideSay(d, s)).toBe("treat 1 at 2 (expansion)");
    s.addCohort(1, 1, 0, true);
    expect(decideSay(d, s)).toBe("stop: dose-too-toxic");
    expect(d.selectMtd(s)).toBe(1);
  });

  it("dose 1 received (escalation): 2 + 2, the first cohort is 2 at the MTD, then 2 at dose 1", () => {
    const d = split(1);
    const s = stateOf("1NNN 2NNN 3NTT", 3, d.memSlots);
    expect(start(d, s)).toBe("treat 2 at 2 (expansion)");
    s.addCohort(1, 2, 0, true);
    expect(decideSay(d, s)).toBe("treat 2 at 1 (expansion)");
    s.addCohort(0, 2, 0, true);
    expect(decideSay(d, s)).toBe("stop: dose-too-toxic");
  });

  it("patients at the dose below count whether they were escalation or expansion patients (off protocol)", () => {
    // 3 escalation and 3 expansion patients at dose 1 before the expansion was recorded as started
    const d = split(1);
    const s = stateOf("1NNN 2NNN 3NTT", 3, d.memSlots);
    s.addCohort(0, 3, 0, true);
    expect(decideSay(d, s)).toBe("treat 2 at 2 (expansion)");
  });
});

describe("expansion without a split: cohorts of cohortSize at the MTD", () => {
  it("4 expansion patients in cohorts of 3: 3 then 1 (a bug sized the first cohort for half of them, 2)", () => {
    const d = designOf({ type: "a-plus-b" }, 3, [{ type: "expansion", patients: 4, cohortSize: 3 }]);
    const s = stateOf("1NNN 2NNN 3NTT", 3, d.memSlots);
    expect(start(d, s)).toBe("treat 3 at 2 (expansion)");
    s.addCohort(1, 3, 0, true);
    expect(decideSay(d, s)).toBe("treat 1 at 2 (expansion)");
    s.addCohort(1, 1, 0, true);
    expect(decideSay(d, s)).toBe("stop: dose-too-toxic");
  });
});

describe("expansion monitoring stops a dose only when the posterior exceeds the cutoff", () => {
  // toxLimit 1/2, cutoff 1/2, Beta(1, 1), expansion data only, 6 expansion patients (tabulated up to 6)
  const monitored = (patients: number) =>
    designOf({ type: "a-plus-b" }, 3, [
      { type: "expansion", patients, cohortSize: 3, monitor: true, toxLimit: 0.5, cutoff: 0.5, monitorData: "expansion" },
    ]);
  const after = (d: Design, cohorts: [number, number][]) => {
    const s = stateOf("1NNN 2NNN 3NTT", 3, d.memSlots);
    expect(start(d, s)).toBe("treat 3 at 2 (expansion)");
    for (const [size, dlts] of cohorts) s.addCohort(1, size, dlts, true);
    return s;
  };

  it("the hand-computed tails: 3/6 gives exactly 1/2, 4/6 gives 99/128", () => {
    expect(posteriorExceeds(3, 6, 0.5, 1, 1)).toBe(0.5);
    expect(Math.abs(posteriorExceeds(4, 6, 0.5, 1, 1) - 99 / 128)).toBeLessThan(1e-12);
  });

  it("3/6 (Pr = 1/2, equal to the cutoff): not stopped; 4/6 (Pr = 99/128): stopped", () => {
    const d = monitored(6);
    const tie = after(d, [[3, 1], [3, 2]]);
    expect(d.selectMtd(tie)).toBe(1);
    expect(decideSay(d, tie)).toBe("stop: dose-too-toxic");
    const out = new Float64Array(d.metrics.length);
    d.measure(tie, out, 0);
    expect(out[d.metrics.indexOf("expansionStopped2")]).toBe(0);
    const over = after(d, [[3, 2], [3, 2]]);
    expect(d.selectMtd(over)).toBe(0);
    d.measure(over, out, 0);
    expect(out[d.metrics.indexOf("expansionStopped2")]).toBe(1);
  });

  it("beyond the tabulated counts (6 expansion patients where the protocol has 3, off protocol) the same rule applies", () => {
    const d = monitored(3);
    expect(d.selectMtd(after(d, [[3, 1], [3, 2]]))).toBe(1);
    expect(d.selectMtd(after(d, [[3, 2], [3, 2]]))).toBe(0);
  });
});

describe("expansion: off-protocol ends", () => {
  // 3+3 on 3 doses, "1NNN 2NTT": dose 2 too toxic, MTD dose 1; expansion of 6 at dose 1
  const d = designOf({ type: "a-plus-b" }, 3, [{ type: "expansion", patients: 6, cohortSize: 3 }]);

  it("escalation patients added after the expansion began leave no MTD and a cohort to complete: the trial ends 'expansion-complete'", () => {
    const s = stateOf("1NNN 2NTT", 3, d.memSlots);
    expect(start(d, s)).toBe("treat 3 at 1 (expansion)");
    // one more escalation patient at dose 1, with a DLT: 1/4 is incomplete for the 3+3, so no dose has passed
    s.addCohort(0, 1, 1, false);
    expect(d.selectMtd(s)).toBe(-1);
    expect(decideSay(d, s)).toBe("stop: expansion-complete");
  });

  it("...and when they make dose 1 too toxic, the escalation's own stop gives the reason", () => {
    const s = stateOf("1NNN 2NTT", 3, d.memSlots);
    start(d, s);
    s.addCohort(0, 3, 3, false); // 3/6 at dose 1: more than E = 1 of A + B = 6
    expect(d.selectMtd(s)).toBe(-1);
    expect(decideSay(d, s)).toBe("stop: lowest-dose-too-toxic");
  });

  it("every expansion dose stopped: the dose below counts as received when only expansion patients had it", () => {
    // start at dose 2 ("2NNN 3NTT": MTD dose 2); an expansion cohort given at dose 1 off protocol,
    // and 3/3 at dose 2: Pr(p > 0.3 | Beta(4, 1)) = 1 − 0.3^4 = 0.9919 > 0.8 stops dose 2
    expect(1 - 0.3 ** 4).toBeGreaterThan(0.8);
    const m = designOf({ type: "a-plus-b", startDose: 2 }, 3, [
      { type: "expansion", patients: 6, cohortSize: 3, monitor: true, monitorData: "expansion" },
    ]);
    const s = stateOf("2NNN 3NTT", 3, m.memSlots);
    expect(start(m, s)).toBe("treat 3 at 2 (expansion)");
    s.addCohort(0, 3, 0, true);
    s.addCohort(1, 3, 3, true);
    expect(m.selectMtd(s)).toBe(0);
    // without the cohort at dose 1, nobody received a dose below: no MTD
    const t = stateOf("2NNN 3NTT", 3, m.memSlots);
    start(m, t);
    t.addCohort(1, 3, 3, true);
    expect(m.selectMtd(t)).toBe(-1);
  });
});
