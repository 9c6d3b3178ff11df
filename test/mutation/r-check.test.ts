/**
 * src/designs/check.ts, part R: the survivors of the part R run (test/stryker-rules.config.mjs), each
 * pinned with a deliberately built fake design whose expected violations, states and memory values
 * are worked by hand here from the rules the checks document (not from the checks' own output).
 */
import { describe, expect, it } from "vitest";
import { checkAdmissible, checkDecision, checkHistory, checkTrial } from "../../src/designs/check.js";
import { Action, chance, stop, treat, type Decision } from "../../src/model/decision.js";
import { TrialState, type TrialView } from "../../src/model/state.js";
import { stateOf } from "../../src/model/outcomes.js";
import { fake } from "../helpers/fake-design.js";

const truth = [0.2, 0.3, 0.4];
/** A uniform stream that returns the given values in order (then 0.99). */
const scripted = (values: number[]) => {
  let i = 0;
  return () => (i < values.length ? values[i++] : 0.99);
};

describe("checkDecision", () => {
  it("the state snapshot lists every memory slot, comma-separated", () => {
    const s = new TrialState(3, 2);
    s.reset(0);
    s.mem[0] = 4;
    s.mem[1] = 7;
    const mutating = fake({ memSlots: 2, decide: (t) => (((t as TrialState).cohorts = 5), stop("max-n")) });
    // n/y/en/ey per dose | memory | current | eliminatedFrom | cohorts | escalationN | expansionN
    expect(checkDecision(mutating, s)[0]).toBe("decide mutated the state 0/0/0/0,0/0/0/0,0/0/0/0|4,7|0|3|0|0|0");
  });

  it("two decisions differing only in their action, or only in their memory slot, are different", () => {
    const t = treat(1, 3, "escalate");
    const onlyAction = { ...t, action: Action.Stop } as Decision;
    let k = 0;
    const flipAction = fake({ decide: () => (k++ % 2 === 0 ? t : onlyAction) });
    expect(checkDecision(flipAction, stateOf("1NNN", 3, 1)).some((m) => m.startsWith("decide gave two different decisions"))).toBe(true);
    // writeSlot 0 versus none (-1), both with writeValue 0
    const a = treat(1, 3, "escalate", { writeSlot: 0, writeValue: 0 });
    let j = 0;
    const flipSlot = fake({ decide: () => (j++ % 2 === 0 ? a : t) });
    expect(checkDecision(flipSlot, stateOf("1NNN", 3, 1)).some((m) => m.startsWith("decide gave two different decisions"))).toBe(true);
  });

  it("a treat at dose 1 that eliminates from dose 1 (index 0) treats at an eliminated dose", () => {
    const s = stateOf("1NNN", 3, 1);
    expect(checkDecision(fake({ decide: () => treat(0, 3, "stay", { eliminateFrom: 0 }) }), s)).toEqual([expect.stringMatching(/^treat at eliminated dose 1 in state /)]);
  });

  it("selectMtd: the lowest dose untried is reported; a dose tried as often in escalation as in expansion is tried", () => {
    const empty = stateOf("", 3, 1);
    expect(checkDecision(fake({ decide: () => stop("max-n"), selectMtd: () => 0 }), empty)).toEqual(["selectMtd chose dose 1, which was never tried"]);
    const both = stateOf("1NNN", 3, 1);
    both.addCohort(0, 3, 0, true);
    expect(checkDecision(fake({ decide: () => stop("max-n"), selectMtd: () => 0 }), both)).toEqual([]);
  });
});

describe("checkTrial", () => {
  it("each state is checked once: a cohort size above the maximum is reported once per cohort", () => {
    // cohorts of 4 with maxCohortSize 3, stop after two cohorts (8 patients, bound 30)
    const big = fake({ decide: (s) => (s.cohorts >= 2 ? stop("max-n") : treat(0, 4, "stay")), selectMtd: (s) => (s.n[0] > 0 ? 0 : -1) });
    const r = checkTrial(big, truth, scripted([]));
    expect(r.violations).toEqual(["cohort size 4 not in 1..3", "cohort size 4 not in 1..3"]);
    expect(r.state.escalationN).toBe(8);
  });

  it("chance answers: yes when u < p, no when u >= p (u = 0.3 then 0.5, p = 0.5)", () => {
    const staged = fake({
      memSlots: 2,
      decide: (s) => (s.mem[0] === 0 ? chance(0.5, 0, 1, 2, "expand-cohort") : s.mem[1] === 0 ? chance(0.5, 1, 1, 2, "expand-cohort") : stop("max-n")),
    });
    const r = checkTrial(staged, truth, scripted([0.3, 0.5]));
    expect(r.violations).toEqual([]);
    expect(Array.from(r.state.mem)).toEqual([1, 2]);
  });

  it("at most 100 chance nodes in a row are followed (a counter in memory reaches 100)", () => {
    // every answer (p = 1: always yes) adds one to slot 0
    const counting = fake({ decide: (s) => chance(1, 0, s.mem[0] + 1, 0, "expand-cohort") });
    const r = checkTrial(counting, truth, scripted([]));
    expect(r.violations).toEqual(["more than 100 chance nodes in a row"]);
    expect(r.state.mem[0]).toBe(100);
  });

  it("an elimination from the lowest dose (index 0) is carried out; the selected dose keeps its expansion patients", () => {
    // escalation 3 at dose 1, expansion 3 at dose 1, then stop eliminating from dose 1; dose 1 selected:
    // eliminated but with expansion patients, so not reported; tried (n = en = 3)
    const d = fake({
      decide: (s) => (s.cohorts === 0 ? treat(0, 3, "start") : s.cohorts === 1 ? treat(0, 3, "expansion", { expansion: true }) : stop("dose-too-toxic", 0)),
      selectMtd: (s) => (s.n[0] + s.en[0] > 0 ? 0 : -1),
    });
    const r = checkTrial(d, [0, 0, 0], scripted([]));
    expect(r.violations).toEqual([]);
    expect([r.state.eliminatedFrom, r.state.n[0], r.state.en[0]]).toEqual([0, 3, 3]);
  });

  it("the lowest dose selected without patients is reported at the end", () => {
    const r = checkTrial(fake({ decide: () => stop("max-n"), selectMtd: () => 0 }), truth, scripted([]));
    expect(r.violations).toEqual(["selectMtd chose dose 1, which was never tried", "the selected dose 1 was never tried"]);
  });

  it("a panel counts as one cohort", () => {
    const panel = fake({ decide: (s) => (s.cohorts >= 1 ? stop("max-n") : treat(0, 3, "start", { panel: true })), selectMtd: (s) => (s.n[0] > 0 ? 0 : -1) });
    const r = checkTrial(panel, truth, scripted([]));
    expect(r.violations).toEqual([]);
    expect([r.state.cohorts, r.state.escalationN]).toEqual([1, 3]);
  });

  it("the patient bound counts escalation and expansion patients together", () => {
    // expansion 3 (3 <= 5), then escalation 3: 6 > 5
    const d = fake({ maxPatients: 5, decide: (s) => (s.cohorts === 0 ? treat(0, 3, "expansion", { expansion: true }) : treat(0, 3, "stay")), selectMtd: (s) => (s.n[0] + s.en[0] > 0 ? 0 : -1) });
    const r = checkTrial(d, [0, 0, 0], scripted([]));
    expect(r.violations).toEqual(["the trial treated 6 patients, above the design's bound of 5"]);
    expect([r.state.escalationN, r.state.expansionN]).toEqual([3, 3]);
  });
});

describe("checkAdmissible", () => {
  it("a treat eliminating from the lowest dose (index 0) at that dose is at an eliminated dose", () => {
    expect(checkAdmissible(fake({ decide: () => treat(0, 3, "stay", { eliminateFrom: 0 }) }), stateOf("1TNN", 3, 1))).toEqual([
      expect.stringMatching(/^treat at an eliminated dose: treat 3 at dose 1 in state /),
    ]);
  });

  it("DLTs in escalation and expansion at the same dose add up (1 + 1, not 1 - 1)", () => {
    // one escalation DLT and one expansion DLT at dose 1
    const s = stateOf("1TNN", 3, 1);
    s.addCohort(0, 3, 1, true);
    expect(checkAdmissible(fake({ decide: () => stop("lowest-dose-too-toxic", 0) }), s)).toEqual([]);
    expect(checkAdmissible(fake({ decide: () => stop("lowest-dose-too-toxic", 0) }), s, { modelBased: true })).toEqual([]);
    expect(checkAdmissible(fake({ decide: () => stop("dose-too-toxic") }), s)).toEqual([]);
  });

  it("a stop selecting the lowest dose, untried, is reported", () => {
    expect(checkAdmissible(fake({ decide: () => stop("max-n"), selectMtd: () => 0 }), stateOf("", 3, 1))).toEqual([
      expect.stringMatching(/^selects dose 1, which nobody received: stop \(max-n\) in state /),
    ]);
  });
});

describe("checkHistory", () => {
  it("follows at most 100 chance nodes per cohort (a counter in memory reaches 100)", () => {
    // yes (the cohort stays at the current dose) adds one to slot 0; no jumps to 1000, which stops;
    // the counter stops asking at 150
    const counting = fake({ decide: (s) => (s.mem[0] < 150 ? chance(0.5, 0, s.mem[0] + 1, 1000, "expand-cohort") : stop("max-n")) });
    const r = checkHistory(counting, [{ dose: 0, size: 3, dlts: 0 }]);
    expect(r.state.mem[0]).toBe(100);
  });

  it("eliminations from the lowest dose and memory writes to slot 0 are carried out", () => {
    const d = fake({
      decide: (s: TrialView) => (s.cohorts === 0 ? treat(0, 3, "start", { writeSlot: 0, writeValue: 7 }) : stop("dose-too-toxic", 0)),
      selectMtd: () => -1,
    });
    const r = checkHistory(d, [
      { dose: 0, size: 3, dlts: 0 },
      { dose: 0, size: 3, dlts: 3 },
    ]);
    expect(r.state.mem[0]).toBe(7);
    expect(r.state.eliminatedFrom).toBe(0);
  });

  it("a cohort after a stop joins the escalation data even if the stop carries an expansion flag", () => {
    const odd = { ...stop("max-n"), expansion: true } as Decision;
    const r = checkHistory(fake({ decide: () => odd }), [{ dose: 1, size: 3, dlts: 0 }]);
    expect([r.state.n[1], r.state.en[1], r.state.escalationN, r.state.expansionN]).toEqual([3, 0, 3, 0]);
  });
});
