import { describe, expect, it } from "vitest";
import { closestDose, NO_ACCEPTABLE_DOSE, trueMtd } from "../../../src/model/truth.js";
import { summarize } from "../../../src/report/summary.js";
import { layout, addTrial } from "../../../src/engine/accumulator.js";
import { stateOf } from "../../../src/model/outcomes.js";
import { exactDesign } from "../../../src/engine/exact.js";
import { designOf } from "../../helpers/build.js";

describe("trueMtd(truth, target)", () => {
  it("is the dose closest to the target", () => {
    expect(closestDose([0.05, 0.2, 0.4], 0.3)).toBe(1);
    expect(trueMtd([0.05, 0.2, 0.4], 0.3)).toBe(1);
  });
  it("breaks ties toward the highest tied dose at or below the target, else the lowest tied dose", () => {
    expect(trueMtd([0.1, 0.2, 0.3], 0.25)).toBe(1); // 0.2 and 0.3 tie: 0.2 is below the target
    expect(trueMtd([0.3, 0.2], 0.25)).toBe(1); // non-monotone: still the dose at or below the target
    expect(trueMtd([0, 0, 0, 0], 0.25)).toBe(3); // an all-zero curve: every dose ties, the highest
    expect(trueMtd([0.05, 0.1, 0.1, 0.4], 0.25)).toBe(2);
    expect(trueMtd([0.25, 0.25, 0.5], 0.25)).toBe(1); // rates equal to the target count as at or below it
    expect(trueMtd([0.3, 0.3, 0.3], 0.25)).toBe(0); // every tie above the target: the lowest
    // distances equal up to floating-point rounding (0.3 - 0.25 vs 0.25 - 0.2) are ties
    expect(closestDose([0.2, 0.30000000000000004], 0.25)).toBe(0);
  });
  it("is 'no acceptable dose' when the lowest dose is at least 1.4 × target, and -1 without a target", () => {
    expect(trueMtd([0.45, 0.55], 0.25)).toBe(NO_ACCEPTABLE_DOSE);
    expect(trueMtd([0.35, 0.55], 0.25)).toBe(NO_ACCEPTABLE_DOSE);
    expect(trueMtd([0.34, 0.55], 0.25)).toBe(0);
    expect(trueMtd([0.45, 0.55], undefined)).toBe(-1);
  });
  it("with no acceptable dose, correct selection is P(no MTD) and every patient counts as above the MTD", () => {
    const L = layout(2, 12, 0, false);
    const acc = new Float64Array(L.length);
    const metrics = new Float64Array(1);
    addTrial(acc, L, stateOf("1NTT", 2), -1, 7, NO_ACCEPTABLE_DOSE, metrics, 3);
    addTrial(acc, L, stateOf("1NNN 2NTT", 2), 0, 8, NO_ACCEPTABLE_DOSE, metrics, 1);
    const r = summarize(acc, L, { name: "toxic", truth: [0.45, 0.55], trueMtd: NO_ACCEPTABLE_DOSE, metricNames: [], method: "exact" });
    expect(r.trueMtd).toBe(0);
    expect(r.correctSelection).toBeCloseTo(0.75, 12);
    expect(r.shareAboveMtd).toBeCloseTo(1, 12);
  });
  it("an all-zero curve: the 3+3 passes every dose and selects the top dose, which is the true MTD (correct selection 1, nobody above it)", () => {
    const truth = [0, 0, 0, 0];
    const design = designOf({ type: "a-plus-b" }, 4);
    const { accs, layout: L } = exactDesign(design, [{ truth, trueMtd: trueMtd(truth, 0.25) }]);
    const r = summarize(accs[0], L, { name: "zero", truth, trueMtd: trueMtd(truth, 0.25), metricNames: [], method: "exact" });
    expect(r.trueMtd).toBe(4);
    expect(r.correctSelection).toBe(1);
    expect(r.patientsAboveMtd).toBe(0);
  });
});
