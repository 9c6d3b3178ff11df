import { describe, expect, it } from "vitest";
import { replay } from "../../../src/engine/replay.js";
import { buildDesign, loadDesign, parseDesignConfig } from "../../../src/config/load.js";
import { Action, REASONS, describeDecision, type Decision } from "../../../src/model/decision.js";
import type { Design } from "../../../src/designs/design.js";

const load = (file: string, k: number) => buildDesign(loadDesign(file), k);
const threePlusThree = load("designs/sys6020-3plus3.json", 5);
const s103 = load("designs/s103.json", 4);
const sys6020 = load("designs/sys6020.json", 5);
const smc = buildDesign(parseDesignConfig({ design: { type: "a-plus-b" }, modifiers: [{ type: "smc-review", q: 0.5 }] }, "(inline)"), 5);

/** What `doseladder next` reports: the decision after the outcomes, and the MTD after applying it. */
function next(design: Design, outcomes: string): { decision: Decision; text: string; mtd: number; warnings: readonly string[] } {
  const r = replay(design, outcomes);
  const decision = design.decide(r.state);
  const t = r.state.clone();
  if (decision.eliminateFrom >= 0) t.eliminate(decision.eliminateFrom);
  return { decision, text: describeDecision(decision), mtd: design.selectMtd(t), warnings: r.warnings };
}

describe("replay(design, outcomes) and the next decision (hand-worked examples)", () => {
  it('3+3 "1NNN 2NTN": treat 3 more at dose 2; MTD dose 1 if stopped now', () => {
    const n = next(threePlusThree, "1NNN 2NTN");
    expect(n.text).toBe("treat 3 at dose 2 (add patients at the current dose)");
    expect(n.mtd).toBe(0);
    expect(n.warnings).toEqual([]);
  });

  it('3+3 "1NNN 2NTT": stop, MTD dose 1', () => {
    const n = next(threePlusThree, "1NNN 2NTT");
    expect(n.decision.action).toBe(Action.Stop);
    expect(REASONS[n.decision.reason]).toBe("dose-too-toxic");
    expect(n.mtd).toBe(0);
  });

  it('3+3 "1NNN 2NTN 2NNN": 1/6 at dose 2 escalates to dose 3', () => {
    expect(next(threePlusThree, "1NNN 2NTN 2NNN").text).toBe("treat 3 at dose 3 (escalate)");
  });

  it('3+3 "1NTN 1NNT": 2/6 at dose 1 stops with no MTD', () => {
    const n = next(threePlusThree, "1NTN 1NNT");
    expect(REASONS[n.decision.reason]).toBe("lowest-dose-too-toxic");
    expect(n.mtd).toBe(-1);
  });

  it('3+3 "1NNN 2NNN 3NNN 4NNN 5NNN": the top dose passed, MTD dose 5', () => {
    const n = next(threePlusThree, "1NNN 2NNN 3NNN 4NNN 5NNN");
    expect(REASONS[n.decision.reason]).toBe("top-dose-passed");
    expect(n.mtd).toBe(4);
  });

  it('S103 (de-escalation) "1NNN 2NNN 3NTT": de-escalate to dose 2 for 3 more, eliminating doses 3 and 4; then "2NNN" declares dose 2', () => {
    const n = next(s103, "1NNN 2NNN 3NTT");
    expect(n.text).toBe("treat 3 at dose 2 (de-escalate)");
    expect(n.decision.eliminateFrom).toBe(2);
    const r = replay(s103, "1NNN 2NNN 3NTT 2NNN");
    expect(r.state.eliminatedFrom).toBe(2);
    const m = next(s103, "1NNN 2NNN 3NTT 2NNN");
    expect(REASONS[m.decision.reason]).toBe("mtd-declared");
    expect(m.mtd).toBe(1);
  });

  it("SMC review: a chance node; the next cohort at the same dose replays as \"yes\", elsewhere as \"no\"", () => {
    expect(next(smc, "1NNN 2NNT").decision.action).toBe(Action.Chance);
    const yes = replay(smc, "1NNN 2NNT 2NNN");
    expect(yes.steps[2].chances.map((c) => c.branch)).toEqual(["yes"]);
    expect(yes.warnings).toEqual([]);
    expect(next(smc, "1NNN 2NNT 2NNN").text).toBe("treat 3 at dose 3 (escalate)");
    const no = replay(smc, "1NNN 2NNT 1NNN");
    expect(no.steps[2].chances.map((c) => c.branch)).toEqual(["no"]);
    expect(no.warnings).toEqual(["warning: cohort 3 (1NNN) differs from the design's recommendation: stop (the Safety Monitoring Committee declined to add patients)"]);
  });

  it("SYS6020: after escalation stops at dose 3, expansion starts at the MTD (dose 2) and the expansion cohort is counted apart", () => {
    const n = next(sys6020, "1NNN 2NNN 3NTT");
    expect(n.text).toBe("treat 3 at dose 2 (expansion) (enrol in the dose-expansion phase)");
    const r = replay(sys6020, "1NNN 2NNN 3NTT 2NNN");
    expect(Array.from(r.state.en)).toEqual([0, 3, 0, 0, 0]);
    expect(Array.from(r.state.n)).toEqual([3, 3, 3, 0, 0]);
    expect(next(sys6020, "1NNN 2NNN 3NTT 2NNN").text).toBe("treat 3 at dose 1 (expansion) (enrol in the dose-expansion phase)");
  });

  it("warns when a cohort is not the recommended one, and still adds it", () => {
    const r = replay(threePlusThree, "1NNN 3NNN");
    expect(r.warnings).toEqual(["warning: cohort 2 (3NNN) differs from the design's recommendation: treat 3 at dose 2 (escalate)"]);
    expect(r.state.n[2]).toBe(3);
  });

  it("rejects a dose above the ladder with one line", () => {
    expect(() => replay(threePlusThree, "1NNN 6NNN")).toThrow("outcomes: cohort \"6NNN\": dose 6 is above the highest dose 5");
  });
});

describe("replay of off-protocol histories (issue 10's commands)", () => {
  it('"1NNN 2NTT 3NNN" (dose 2 eliminated, then dose 3 given anyway): stop, MTD dose 1, never "treat at dose 4"', () => {
    const r = next(threePlusThree, "1NNN 2NTT 3NNN");
    expect(r.warnings).toHaveLength(1);
    expect(replay(threePlusThree, "1NNN 2NTT 3NNN").state.eliminatedFrom).toBe(1);
    expect(r.text).toBe("stop (a dose was too toxic; the MTD is below it)");
    expect(r.mtd).toBe(0);
  });
  it('"1NNNNNNNNNN" (0/10 at dose 1): escalate to dose 2, MTD dose 1 so far; the rule line has no "undefined"', () => {
    const r = next(threePlusThree, "1NNNNNNNNNN");
    expect(r.text).toBe("treat 3 at dose 2 (escalate)");
    expect(r.mtd).toBe(0);
    expect(threePlusThree.explain?.(replay(threePlusThree, "1NNNNNNNNNN").state)).not.toMatch(/undefined/);
  });
});
