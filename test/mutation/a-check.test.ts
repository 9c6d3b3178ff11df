/**
 * checkAdmissible and checkHistory (src/designs/check.ts) must report each kind of inadmissible
 * decision, naming it and the state; a check that never fires would let the off-protocol
 * conformance suite pass any design. Deliberately broken fake designs, state by state.
 */
import { describe, expect, it } from "vitest";
import { checkAdmissible, checkHistory } from "../../src/designs/check.js";
import type { Design } from "../../src/designs/design.js";
import { chance, stop, treat, type Decision } from "../../src/model/decision.js";
import type { TrialView } from "../../src/model/state.js";
import { stateOf } from "../../src/model/outcomes.js";
import { fake } from "../helpers/fake-design.js";

const at1 = () => stateOf("1NNN", 3, 1);
const check = (over: Partial<Design> & { decide: (s: TrialView) => Decision }, s: TrialView = at1(), options = {}) => checkAdmissible(fake(over), s, options);

describe("checkAdmissible", () => {
  it("an admissible decision has no violation; a violation names the decision and the state", () => {
    expect(check({ decide: () => treat(1, 3, "escalate") })).toEqual([]);
    expect(check({ decide: () => treat(1, 3, "escalate", { eliminateFrom: 2 }) })).toEqual([]);
    // the state snapshot: n/y/en/ey per dose | memory | current | eliminatedFrom | cohorts | escalationN | expansionN
    expect(check({ decide: () => treat(1, 3, "escalate", { eliminateFrom: 1 }) })).toEqual([
      "treat at an eliminated dose: treat 3 at dose 2 in state 3/0/0/0,0/0/0/0,0/0/0/0|0|0|3|1|3|0",
    ]);
    expect(check({ decide: () => stop("max-n"), selectMtd: () => 1 })).toEqual([
      "selects dose 2, which nobody received: stop (max-n) in state 3/0/0/0,0/0/0/0,0/0/0/0|0|0|3|1|3|0",
    ]);
  });

  it("treats: at or above an eliminated dose (before or by the decision), skipping untried doses unless maySkip", () => {
    const s = stateOf("1NNN 2NNN", 3, 1);
    s.eliminate(2);
    expect(check({ decide: () => treat(2, 3, "escalate") }, s)).toEqual([expect.stringMatching(/^treat at an eliminated dose: treat 3 at dose 3 in state /)]);
    expect(check({ decide: () => treat(1, 3, "stay") }, s)).toEqual([]);
    // from dose 1, up to dose 3 over the untried dose 2 (reported once, for the first untried dose)
    const skip = check({ decide: () => treat(2, 3, "escalate") });
    expect(skip).toEqual([expect.stringMatching(/^escalation skips the untried dose 2: treat 3 at dose 3 in state /)]);
    const four = checkAdmissible(fake({ numDoses: 4, decide: () => treat(3, 3, "escalate") }), stateOf("1NNN", 4, 1));
    expect(four).toEqual([expect.stringMatching(/^escalation skips the untried dose 2: /)]);
    expect(check({ decide: () => treat(2, 3, "escalate") }, at1(), { maySkip: true })).toEqual([]);
    // dose 2 tried (by expansion patients only): no skip
    const tried = at1();
    tried.addCohort(1, 3, 0, true);
    tried.addCohort(0, 3, 0, false);
    expect(check({ decide: () => treat(2, 3, "escalate") }, tried)).toEqual([]);
    // the first cohort may start anywhere; going down never skips
    expect(check({ decide: () => treat(2, 3, "start") }, stateOf("", 3, 1))).toEqual([]);
    const high = stateOf("3NNN", 3, 1);
    expect(check({ decide: () => treat(0, 3, "de-escalate") }, high)).toEqual([]);
  });

  it("expansion cohorts only at doses that patients received; panels are not checked", () => {
    expect(check({ decide: () => treat(1, 3, "expansion", { expansion: true }) })).toEqual([
      expect.stringMatching(/^expansion at a dose nobody received: treat 3 at dose 2 in state /),
    ]);
    const s = at1();
    s.eliminate(0);
    expect(check({ decide: () => treat(0, 3, "expansion", { expansion: true }) }, s)).toEqual([]);
    const onlyExpansion = stateOf("", 3, 1);
    onlyExpansion.addCohort(2, 3, 0, true);
    expect(check({ decide: () => treat(2, 3, "expansion", { expansion: true }) }, onlyExpansion)).toEqual([]);
    expect(check({ decide: () => treat(2, 3, "start", { panel: true }), selectMtd: () => 2 })).toEqual([]);
  });

  it("stop reasons that contradict the data", () => {
    const lowest = () => stop("lowest-dose-too-toxic", 0);
    // a DLT at dose 2 only
    const elsewhere = stateOf("1NNN 2TNN", 3, 1);
    expect(check({ decide: lowest }, elsewhere)).toEqual([expect.stringMatching(/^"lowest-dose-too-toxic" with no DLT at the lowest dose: stop \(lowest-dose-too-toxic\) in state /)]);
    expect(check({ decide: lowest }, elsewhere, { modelBased: true })).toEqual([]);
    expect(check({ decide: lowest }, at1(), { modelBased: true })).toEqual([expect.stringMatching(/^"lowest-dose-too-toxic" with no DLT at all: /)]);
    expect(check({ decide: lowest }, stateOf("1TNN", 3, 1))).toEqual([]);
    // a DLT at the lowest dose in expansion counts
    const expanded = at1();
    expanded.addCohort(0, 3, 1, true);
    expect(check({ decide: lowest }, expanded)).toEqual([]);
    for (const reason of ["dose-too-toxic", "all-eliminated"] as const) {
      expect(check({ decide: () => stop(reason) })).toEqual([expect.stringMatching(new RegExp(`^"${reason}" with no DLT: stop \\(${reason}\\) in state `))]);
      expect(check({ decide: () => stop(reason) }, elsewhere)).toEqual([]);
      expect(check({ decide: () => stop(reason) }, expanded)).toEqual([]);
    }
    expect(check({ decide: () => stop("top-dose-passed") })).toEqual([expect.stringMatching(/^"top-dose-passed" with nobody at the top dose: /)]);
    expect(check({ decide: () => stop("top-dose-passed"), selectMtd: () => 2 }, stateOf("1NNN 2NNN 3NNN", 3, 1))).toEqual([]);
    expect(check({ decide: () => stop("mtd-declared") })).toEqual([expect.stringMatching(/^"mtd-declared" but no MTD is selected: /)]);
    expect(check({ decide: () => stop("mtd-declared"), selectMtd: () => 0 })).toEqual([]);
  });

  it("the selected dose after the stop's own elimination and memory write: tried, and not eliminated unless expanded", () => {
    const s = stateOf("1NNN 2NNN", 3, 1);
    // selects dose 2, which the stop itself eliminates
    expect(check({ decide: () => stop("max-n", 1), selectMtd: () => 1 }, s)).toEqual([expect.stringMatching(/^selects the eliminated dose 2: stop \(max-n\) in state /)]);
    expect(check({ decide: () => stop("max-n", 2), selectMtd: () => 1 }, s)).toEqual([]);
    // an eliminated dose that had expansion patients may be selected
    const e = stateOf("1NNN 2NNN", 3, 1);
    e.addCohort(1, 3, 0, true);
    expect(check({ decide: () => stop("max-n", 1), selectMtd: () => 1 }, e)).toEqual([]);
    // selectMtd sees the stop's memory write
    const writes = { decide: () => stop("max-n"), selectMtd: (t: TrialView) => (t.mem[0] === 5 ? 2 : 0) };
    expect(check(writes)).toEqual([]);
    expect(check({ ...writes, decide: () => ({ ...stop("max-n"), writeSlot: 0, writeValue: 5 }) })).toEqual([expect.stringMatching(/^selects dose 3, which nobody received/)]);
  });

  it("chance nodes are followed both ways, each with its answer in memory; endless chance is reported", () => {
    // yes (1) treats at dose 2, no (2) over the untried dose 2 to dose 3
    const branch = { decide: (t: TrialView) => (t.mem[0] === 0 ? chance(0.5, 0, 1, 2, "expand-cohort") : t.mem[0] === 1 ? treat(1, 3, "escalate") : treat(2, 3, "escalate")) };
    expect(check(branch)).toEqual([expect.stringMatching(/^escalation skips the untried dose 2: treat 3 at dose 3 in state 3\/0\/0\/0,0\/0\/0\/0,0\/0\/0\/0\|0\|/)]);
    const swapped = { decide: (t: TrialView) => (t.mem[0] === 0 ? chance(0.5, 0, 2, 1, "expand-cohort") : t.mem[0] === 1 ? treat(1, 3, "escalate") : treat(2, 3, "escalate")) };
    expect(check(swapped)).toHaveLength(1);
    // chance after chance (yes asks again, no treats): 21 in a row are followed, a 22nd is reported
    const deep = (levels: number) => ({
      decide: (t: TrialView) => (t.mem[0] < levels ? chance(0.5, 0, t.mem[0] + 1, 100, "expand-cohort") : treat(0, 3, "stay")),
    });
    expect(check(deep(21))).toEqual([]);
    const endless = check(deep(22));
    expect(endless).toEqual(["more than 20 chance nodes in a row in state 3/0/0/0,0/0/0/0,0/0/0/0|0|0|3|1|3|0"]);
  });

  it("explain must not print undefined or NaN", () => {
    expect(check({ decide: () => treat(0, 3, "stay"), explain: () => "dose 1: 0/3" })).toEqual([]);
    expect(check({ decide: () => treat(0, 3, "stay"), explain: () => "rate NaN" })).toEqual([expect.stringMatching(/^explain printed "rate NaN" in state 3\/0\/0\/0/)]);
    expect(check({ decide: () => treat(0, 3, "stay"), explain: () => "dose undefined" })).toEqual([expect.stringMatching(/^explain printed "dose undefined" in state /)]);
  });

  it("does not touch the state it is given", () => {
    const s = stateOf("1NNN", 3, 1);
    const before = s.key();
    check({ decide: () => ({ ...stop("max-n", 0), writeSlot: 0, writeValue: 7 }) }, s);
    expect(s.key()).toBe(before);
  });
});

describe("checkHistory replays a live trial's cohorts", () => {
  it("chance nodes answer yes when the cohort stays at the current dose, no otherwise; writes, eliminations and expansion carried out", () => {
    // at 1 patient-free start: a review (slot 0: yes 1, no 2); then memory 1 treats at dose 1, memory 2 expands at dose 1 and eliminates dose 3
    const design = fake({
      decide: (t) => (t.mem[0] === 0 ? chance(0.5, 0, 1, 2, "expand-cohort") : t.mem[0] === 1 ? treat(0, 3, "stay") : treat(0, 3, "expansion", { expansion: true, eliminateFrom: 2 })),
    });
    // the first cohort at dose 1 = the current dose: yes
    const yes = checkHistory(design, [{ dose: 0, size: 3, dlts: 1 }]);
    expect(yes.state.mem[0]).toBe(1);
    expect([yes.state.n[0], yes.state.y[0], yes.state.en[0]]).toEqual([3, 1, 0]);
    expect(yes.state.eliminatedFrom).toBe(3);
    // at dose 2: no, so the cohort joins the expansion and dose 3 is eliminated
    const no = checkHistory(design, [{ dose: 1, size: 2, dlts: 1 }]);
    expect(no.state.mem[0]).toBe(2);
    expect([no.state.n[1], no.state.en[1], no.state.ey[1]]).toEqual([0, 2, 1]);
    expect(no.state.eliminatedFrom).toBe(2);
    // each state on the way is checked, the final one too: the expansion at dose 1 nobody received
    // is reported in the first state (and again after, when the memory says expand at dose 1, which dose 2's patients did not receive)
    expect(no.violations.length).toBeGreaterThan(0);
    expect(no.violations.every((m) => m.startsWith("expansion at a dose nobody received"))).toBe(true);
    expect(no.violations).toHaveLength(2);
    expect(yes.violations).toEqual([expect.stringMatching(/^expansion at a dose nobody received/)]);
  });

  it("starts at the design's start dose and passes options on", () => {
    const design = fake({ startDose: 1, decide: (t) => treat(Math.min(t.current + 2, 2), 3, "escalate") });
    const r = checkHistory(design, []);
    expect(r.state.current).toBe(1);
    expect(r.violations).toEqual([]);
    const after = checkHistory(fake({ decide: (t) => (t.cohorts === 0 ? treat(0, 3, "start") : treat(2, 3, "escalate")) }), [{ dose: 0, size: 3, dlts: 0 }]);
    expect(after.violations).toEqual([expect.stringMatching(/^escalation skips the untried dose 2/)]);
    expect(checkHistory(fake({ decide: (t) => (t.cohorts === 0 ? treat(0, 3, "start") : treat(2, 3, "escalate")) }), [{ dose: 0, size: 3, dlts: 0 }], { maySkip: true }).violations).toEqual([]);
  });
});
