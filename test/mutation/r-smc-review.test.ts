/**
 * src/designs/modifiers/smc-review.ts, part R: after a decline with onDecline "lower-dose", the MTD is
 * "the highest lower dose that patients received" (the modifier's documentation), and patients of the
 * expansion phase count as having received it. States built by hand: the SMC declined at dose 2
 * (memory 2(d + 1) + 1 = 5 for d = 1) with afterPatients = 3 patients there.
 */
import { describe, expect, it } from "vitest";
import { DESIGNS, MODIFIERS } from "../../src/designs/index.js";
import { resolveParams } from "../../src/config/params.js";
import { TrialState } from "../../src/model/state.js";

function design() {
  const a = DESIGNS.get("a-plus-b")!;
  const inner = a.build(resolveParams(a.params, {}, "(test)", "design"), 3);
  const m = MODIFIERS.get("smc-review")!;
  return m.apply(inner, resolveParams(m.params, { q: 0.5, onDecline: "lower-dose" }, "(test)", "modifiers[0]"));
}

function declinedAtDose2(d: ReturnType<typeof design>, escalationAtDose1: number, expansionAtDose1: number): TrialState {
  const s = new TrialState(3, d.memSlots);
  s.reset(0);
  if (escalationAtDose1 > 0) s.addCohort(0, escalationAtDose1, 0, false);
  if (expansionAtDose1 > 0) s.addCohort(0, expansionAtDose1, 0, true);
  s.addCohort(1, 3, 1, false);
  s.mem[d.memSlots - 1] = 5;
  return s;
}

describe("smc-review: the MTD after a decline (lower-dose)", () => {
  it("a lower dose received only by expansion patients, or by as many expansion as escalation patients, is the MTD", () => {
    const d = design();
    expect(d.selectMtd(declinedAtDose2(d, 0, 3))).toBe(0);
    expect(d.selectMtd(declinedAtDose2(d, 3, 3))).toBe(0);
    expect(d.selectMtd(declinedAtDose2(d, 3, 0))).toBe(0);
  });
  it("no lower dose received: no MTD", () => {
    const d = design();
    expect(d.selectMtd(declinedAtDose2(d, 0, 0))).toBe(-1);
  });
});
