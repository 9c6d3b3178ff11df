/**
 * stop-at-n: a cohort that ends exactly at n is the inner design's own decision (not a copy),
 * in both counting modes; the bound and description when it counts the total after an expansion.
 * Bounds by hand: 3+3 on 5 doses treats at most 5 x 6 = 30, plus 12 expansion patients.
 */
import { describe, expect, it } from "vitest";
import { stateOf } from "../../src/model/outcomes.js";
import { stopAtN, stopAtNParams } from "../../src/designs/modifiers/stop-at-n.js";
import { resolveParams } from "../../src/config/params.js";
import { designOf } from "../helpers/build.js";

const params = (v: Record<string, unknown>) => resolveParams(stopAtNParams, v, "(test)", "modifier");

describe("stop-at-n: exact fits and the total cap", () => {
  it("escalation cap: a cohort ending exactly at n passes through unchanged (the same decision object)", () => {
    const inner = designOf({ type: "boin", target: 0.3, nCohorts: 10 }, 4);
    const d = stopAtN(inner, params({ n: 6, truncate: true }));
    const s = stateOf("1NNN", 4, d.memSlots);
    expect(d.decide(s)).toBe(inner.decide(s));
  });
  it("total cap: a cohort ending exactly at n passes through unchanged (the same decision object)", () => {
    const inner = designOf({ type: "a-plus-b" }, 5, [{ type: "expansion", patients: 12 }]);
    const d = stopAtN(inner, params({ n: 6, truncate: true }));
    const s = stateOf("1NNN", 5, d.memSlots);
    expect(d.decide(s)).toBe(inner.decide(s));
    expect(d.decide(s).size).toBe(3);
  });
  it("total cap without truncation: bound n + (largest cohort - 1), below the uncapped 42; describe says what is counted", () => {
    const d = designOf({ type: "a-plus-b" }, 5, [{ type: "expansion", patients: 12 }, { type: "stop-at-n", n: 20 }]);
    expect(d.maxPatients).toBe(22);
    expect(designOf({ type: "a-plus-b" }, 5, [{ type: "expansion", patients: 12 }]).maxPatients).toBe(42);
    expect(designOf({ type: "a-plus-b" }, 5, [{ type: "expansion", patients: 12 }, { type: "stop-at-n", n: 50 }]).maxPatients).toBe(42);
    expect(d.describe().stopAtN).toEqual({ n: 20, truncate: false, counts: "total (escalation and expansion)" });
  });
  it("escalation cap before an expansion: the bound adds the expansion to the capped escalation", () => {
    // escalation at most 9 + 3 - 1 = 11 (below 3+3's 30), then 12 expansion patients
    const d = designOf({ type: "a-plus-b" }, 5, [{ type: "stop-at-n", n: 9 }, { type: "expansion", patients: 12 }]);
    expect(d.maxPatients).toBe(23);
  });
});
