/**
 * The conformance checks of src/designs/check.ts must report each kind of broken design, with a
 * message naming what is wrong (a check that never fires would let the conformance suite pass
 * any design).
 */
import { describe, expect, it } from "vitest";
import { checkDecision, checkTrial } from "../../src/designs/check.js";
import type { Design } from "../../src/designs/design.js";
import { chance, stop, treat, type Decision } from "../../src/model/decision.js";
import { TrialState, type TrialView } from "../../src/model/state.js";
import { stateOf } from "../../src/model/outcomes.js";
import { fake } from "../helpers/fake-design.js";
import { streamFor } from "../../src/random/stream.js";

const one = (d: Design, s: TrialView = stateOf("1NNN", 3, 1)) => checkDecision(d, s);

describe("checkDecision reports every kind of violation", () => {
  it("a well-behaved decision has none", () => {
    expect(one(fake({ decide: () => treat(1, 3, "escalate"), selectMtd: () => 0 }))).toEqual([]);
    expect(one(fake({ decide: () => stop("max-n") }))).toEqual([]);
    expect(one(fake({ decide: () => chance(0.5, 0, 1, 2, "expand-cohort") }))).toEqual([]);
    // a complete-information panel may name any dose; an expansion cohort may go to an eliminated dose
    expect(one(fake({ decide: () => treat(7, 3, "start", { panel: true }) }))).toEqual([]);
    const elim = stateOf("1NNN 2TTT", 3, 1);
    elim.eliminate(1);
    expect(one(fake({ decide: () => treat(1, 3, "expansion", { expansion: true }) }), elim)).toEqual([]);
  });

  it("mutating the state, and two different decisions for one state", () => {
    const mutating = fake({ decide: (s) => ((s as TrialState).current = 2, stop("max-n")) });
    expect(one(mutating)[0]).toMatch(/^decide mutated the state 3\/0\/0\/0,0\/0\/0\/0,0\/0\/0\/0\|0\|0\|3\|1\|3\|0$/);
    let flip = 0;
    const flaky = fake({ decide: () => (flip++ % 2 === 0 ? treat(0, 3, "stay") : treat(1, 3, "escalate")) });
    expect(one(flaky)).toEqual([expect.stringMatching(/^decide gave two different decisions for the same state /)]);
    // every field counts: decisions differing only in size, reason, elimination or memory write
    for (const [a, b] of [
      [treat(1, 3, "escalate"), treat(1, 2, "escalate")],
      [treat(1, 3, "escalate"), treat(1, 3, "stay")],
      [treat(1, 3, "escalate"), treat(1, 3, "escalate", { eliminateFrom: 2 })],
      [treat(1, 3, "escalate"), treat(1, 3, "escalate", { expansion: true })],
      [treat(1, 3, "escalate"), treat(1, 3, "escalate", { panel: true })],
      [treat(1, 3, "escalate"), treat(1, 3, "escalate", { writeSlot: 0, writeValue: 1 })],
      [treat(1, 3, "escalate", { writeSlot: 0, writeValue: 1 }), treat(1, 3, "escalate", { writeSlot: 0, writeValue: 2 })],
      [treat(1, 3, "escalate"), treat(2, 3, "escalate")],
      [treat(1, 3, "escalate"), stop("max-n")],
      [chance(0.5, 0, 1, 2, "expand-cohort"), chance(0.4, 0, 1, 2, "expand-cohort")],
      [chance(0.5, 0, 1, 2, "expand-cohort"), chance(0.5, 0, 3, 2, "expand-cohort")],
      [chance(0.5, 0, 1, 2, "expand-cohort"), chance(0.5, 0, 1, 4, "expand-cohort")],
    ] as [Decision, Decision][]) {
      let k = 0;
      const v = one(fake({ decide: () => (k++ % 2 === 0 ? a : b) }));
      expect(v.some((m) => m.startsWith("decide gave two different decisions"))).toBe(true);
    }
    const twoSlots = fake({ memSlots: 2, decide: (() => { let k = 0; return () => (k++ % 2 === 0 ? chance(0.5, 0, 1, 2, "expand-cohort") : chance(0.5, 1, 1, 2, "expand-cohort")); })() });
    expect(checkDecision(twoSlots, stateOf("1NNN", 3, 2)).some((m) => m.startsWith("decide gave two different"))).toBe(true);
  });

  it("treatment out of range, at an eliminated dose, or with a bad cohort size", () => {
    expect(one(fake({ decide: () => treat(3, 3, "escalate") }))).toEqual(["treat at dose 3 is out of range"]);
    expect(one(fake({ decide: () => treat(-1, 3, "escalate") }))).toEqual(["treat at dose -1 is out of range"]);
    const s = stateOf("1NNN 2TTT", 3, 1);
    s.eliminate(1);
    expect(one(fake({ decide: () => treat(1, 3, "de-escalate") }), s)).toEqual([expect.stringMatching(/^treat at eliminated dose 2 in state /)]);
    // the decision's own elimination counts too
    expect(one(fake({ decide: () => treat(1, 3, "stay", { eliminateFrom: 1 }) }))).toEqual([expect.stringMatching(/^treat at eliminated dose 2 /)]);
    expect(one(fake({ decide: () => treat(1, 3, "stay", { eliminateFrom: 2 }) }))).toEqual([]);
    expect(one(fake({ decide: () => treat(1, 4, "escalate") }))).toEqual(["cohort size 4 not in 1..3"]);
    expect(one(fake({ decide: () => treat(1, 0, "escalate") }))).toEqual(["cohort size 0 not in 1..3"]);
    expect(one(fake({ decide: () => treat(1, 1.5, "escalate") }))).toEqual(["cohort size 1.5 not in 1..3"]);
  });

  it("chance nodes with a bad probability or slot; bad eliminateFrom; a memory write outside the design's slots", () => {
    expect(one(fake({ decide: () => chance(1.5, 0, 1, 2, "expand-cohort") }))).toEqual(["chance probability 1.5 not in [0, 1]"]);
    expect(one(fake({ decide: () => chance(-0.1, 0, 1, 2, "expand-cohort") }))).toEqual(["chance probability -0.1 not in [0, 1]"]);
    expect(one(fake({ decide: () => chance(0, 0, 1, 2, "expand-cohort") }))).toEqual([]);
    expect(one(fake({ decide: () => chance(1, 0, 1, 2, "expand-cohort") }))).toEqual([]);
    expect(one(fake({ decide: () => chance(0.5, 1, 1, 2, "expand-cohort") }))).toEqual(["chance slot 1 outside memory of 1"]);
    expect(one(fake({ decide: () => chance(0.5, -1, 1, 2, "expand-cohort") }))).toEqual(["chance slot -1 outside memory of 1"]);
    expect(one(fake({ decide: () => stop("max-n", 3) }))).toEqual(["eliminateFrom 3 is not -1 or a dose index"]);
    expect(one(fake({ decide: () => stop("max-n", -2) }))).toEqual(["eliminateFrom -2 is not -1 or a dose index"]);
    expect(one(fake({ decide: () => stop("max-n", 0.5) }))).toEqual(["eliminateFrom 0.5 is not -1 or a dose index"]);
    expect(one(fake({ decide: () => stop("max-n", 2) }))).toEqual([]);
    expect(one(fake({ decide: () => treat(0, 3, "stay", { writeSlot: 1, writeValue: 1 }) }))).toEqual(["write to slot 1 outside memory of 1"]);
    expect(one(fake({ decide: () => treat(0, 3, "stay", { writeSlot: 0, writeValue: 1 }) }))).toEqual([]);
  });

  it("selectMtd that mutates the state, returns a non-dose, or picks an untried dose", () => {
    const mutating = fake({ decide: () => stop("max-n"), selectMtd: (s) => (((s as TrialState).cohorts = 9), -1) });
    expect(one(mutating)).toEqual(["selectMtd mutated the state"]);
    expect(one(fake({ decide: () => stop("max-n"), selectMtd: () => 3 }))).toEqual(["selectMtd returned 3"]);
    expect(one(fake({ decide: () => stop("max-n"), selectMtd: () => -2 }))).toEqual(["selectMtd returned -2"]);
    expect(one(fake({ decide: () => stop("max-n"), selectMtd: () => 0.5 }))).toEqual(["selectMtd returned 0.5"]);
    expect(one(fake({ decide: () => stop("max-n"), selectMtd: () => 1 }))).toEqual(["selectMtd chose dose 2, which was never tried"]);
    expect(one(fake({ decide: () => stop("max-n"), selectMtd: () => 2 }))).toEqual(["selectMtd chose dose 3, which was never tried"]);
    // a dose tried only in expansion counts as tried
    const s = stateOf("1NNN", 3, 1);
    s.addCohort(1, 3, 0, true);
    expect(one(fake({ decide: () => stop("max-n"), selectMtd: () => 1 }), s)).toEqual([]);
  });
});

describe("checkTrial runs whole trials and reports what goes wrong on the way", () => {
  const u = () => streamFor("check-trial", 0);
  it("a trial that never ends is cut at maxCohorts", () => {
    const r = checkTrial(fake({ decide: () => treat(0, 1, "stay"), maxPatients: Infinity }), [0.2, 0.3, 0.4], u(), 7);
    expect(r.violations).toEqual(["the trial did not end within 7 cohorts"]);
    expect(r.state.cohorts).toBe(7);
  });
  it("more patients than the design's bound", () => {
    const r = checkTrial(fake({ decide: () => treat(0, 3, "stay"), maxPatients: 5 }), [0.2, 0.3, 0.4], u());
    expect(r.violations).toEqual(["the trial treated 6 patients, above the design's bound of 5"]);
    // exactly at the bound is fine: stop after 2 cohorts of 3
    const ok = checkTrial(fake({ decide: (s) => (s.escalationN >= 6 ? stop("max-n") : treat(0, 3, "stay")), maxPatients: 6, selectMtd: (s) => (s.n[0] > 0 ? 0 : -1) }), [0.2, 0.3, 0.4], u());
    expect(ok.violations).toEqual([]);
    expect(ok.state.escalationN).toBe(6);
  });
  it("a selected dose that was never tried, or is eliminated", () => {
    const untried = checkTrial(fake({ decide: (s) => (s.cohorts > 0 ? stop("max-n") : treat(0, 3, "start")), selectMtd: () => 2 }), [0.2, 0.3, 0.4], u());
    expect(untried.violations).toContain("the selected dose 3 was never tried");
    const eliminated = checkTrial(
      fake({ decide: (s) => (s.cohorts > 1 ? stop("dose-too-toxic", 1) : treat(s.cohorts, 3, "start")), selectMtd: (s) => (s.n[1] > 0 ? 1 : -1) }),
      [0.2, 0.3, 0.4],
      u(),
    );
    expect(eliminated.violations).toEqual(["the selected dose 2 is eliminated"]);
    expect(eliminated.state.eliminatedFrom).toBe(1);
  });
  it("endless chance nodes; chance answers written to memory; memory writes and eliminations carried out", () => {
    const endless = checkTrial(fake({ decide: () => chance(0.5, 0, 1, 2, "expand-cohort") }), [0.2, 0.3, 0.4], u());
    expect(endless.violations).toEqual(["more than 100 chance nodes in a row"]);
    // a chance node answered once, then a treat that writes memory, then a stop that eliminates
    const staged = fake({
      decide: (s) =>
        s.mem[0] === 0 ? chance(1, 0, 5, 6, "expand-cohort") : s.cohorts === 0 ? treat(0, 3, "start", { writeSlot: 0, writeValue: 9 }) : stop("dose-too-toxic", 1),
      selectMtd: (s) => (s.n[0] > 0 ? 0 : -1),
    });
    const r = checkTrial(staged, [0.2, 0.3, 0.4], u());
    expect(r.violations).toEqual([]);
    expect(r.state.mem[0]).toBe(9);
    expect(r.state.eliminatedFrom).toBe(1);
    expect(r.state.escalationN).toBe(3);
  });
  it("complete-information panels and expansion cohorts are recorded as such", () => {
    const panel = checkTrial(fake({ decide: (s) => (s.escalationN > 0 ? stop("max-n") : treat(0, 3, "start", { panel: true })), selectMtd: (s) => (s.n[0] > 0 ? 0 : -1) }), [0.2, 0.5, 0.9], u());
    expect(panel.violations).toEqual([]);
    expect(Array.from(panel.state.n)).toEqual([3, 3, 3]);
    expect(panel.state.escalationN).toBe(3);
    const exp = checkTrial(fake({ decide: (s) => (s.cohorts > 0 ? stop("max-n") : treat(1, 3, "expansion", { expansion: true })), selectMtd: (s) => (s.en[1] > 0 ? 1 : -1) }), [0.2, 0.3, 0.4], u());
    expect(exp.violations).toEqual([]);
    expect(exp.state.en[1]).toBe(3);
    expect(exp.state.expansionN).toBe(3);
  });
});
