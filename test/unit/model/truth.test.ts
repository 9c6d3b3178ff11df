import { describe, expect, it } from "vitest";
import { closestDose, NO_ACCEPTABLE_DOSE, trueMtd } from "../../../src/model/truth.js";
import { summarize } from "../../../src/report/summary.js";
import { layout, addTrial } from "../../../src/engine/accumulator.js";
import { stateOf } from "../../../src/model/outcomes.js";

describe("trueMtd(truth, target)", () => {
  it("is the dose closest to the target, ties to the lower dose", () => {
    expect(closestDose([0.05, 0.2, 0.4], 0.3)).toBe(1);
    expect(trueMtd([0.05, 0.2, 0.4], 0.3)).toBe(1);
    expect(trueMtd([0.1, 0.2, 0.3], 0.25)).toBe(1); // 0.2 and 0.3 tie: the lower dose
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
});
