/**
 * stop-at-n on its own (no expansion: the cap's interplay with expansion is being redefined):
 * the stop, the truncated last cohort (memoised, carrying the inner decision's fields), the
 * maximum sample size it promises, and that stops and chance nodes pass through untouched.
 */
import { describe, expect, it } from "vitest";
import { stateOf } from "../../src/model/outcomes.js";
import { Action, REASONS } from "../../src/model/decision.js";
import { decideSay, designOf } from "../helpers/build.js";

describe("stop-at-n", () => {
  it("stops once the escalation has n or more patients, not before", () => {
    const d = designOf({ type: "boin", target: 0.3, nCohorts: 10 }, 4, [{ type: "stop-at-n", n: 9 }]);
    expect(decideSay(d, stateOf("1NNN 2NNN", 4))).toBe("treat 3 at 3");
    expect(decideSay(d, stateOf("1NNN 2NNN 3NNN", 4))).toBe("stop: max-n");
    // without truncation a cohort may overshoot n: 8 patients + a cohort of 3 = 11
    expect(decideSay(d, stateOf("1NNN 2NNN 3NN", 4))).toBe("treat 3 at 4");
    expect(d.maxPatients).toBe(9 + 3 - 1);
    expect(d.type).toBe("boin+stop-at-n");
    expect(d.describe().stopAtN).toEqual({ n: 9, truncate: false, counts: "escalation" });
  });
  it("truncates the cohort that would overshoot, keeping its dose and reason, and reuses the decision", () => {
    const d = designOf({ type: "boin", target: 0.3, nCohorts: 10 }, 4, [{ type: "stop-at-n", n: 7, truncate: true }]);
    const s = stateOf("1NNN 2NNN", 4);
    const dec = d.decide(s);
    expect(dec.action).toBe(Action.Treat);
    expect(dec.size).toBe(1);
    expect(dec.dose).toBe(2);
    expect(REASONS[dec.reason]).toBe("escalate");
    expect(d.decide(stateOf("1NNN 2NNN", 4))).toBe(dec);
    // another dose or size is another decision
    const stay = d.decide(stateOf("1NNN 2NTN", 4));
    expect([stay.dose, stay.size, REASONS[stay.reason]]).toEqual([1, 1, "stay"]);
    const two = d.decide(stateOf("1NNN 2NN", 4));
    expect([two.dose, two.size]).toEqual([2, 2]);
    // a cohort that ends exactly at n is not touched
    const exact = designOf({ type: "boin", target: 0.3, nCohorts: 10 }, 4, [{ type: "stop-at-n", n: 6, truncate: true }]);
    expect(exact.decide(stateOf("1NNN", 4)).size).toBe(3);
    expect(d.maxPatients).toBe(7);
    expect(d.describe().stopAtN).toEqual({ n: 7, truncate: true, counts: "escalation" });
  });
  it("keeps the inner design's bound when it is smaller, and passes stops and chance nodes through", () => {
    const d = designOf({ type: "a-plus-b" }, 2, [{ type: "smc-review", q: 0.5 }, { type: "stop-at-n", n: 30 }]);
    expect(d.maxPatients).toBe(12);
    expect(decideSay(d, stateOf("1NTN", 2, d.memSlots))).toBe("chance 0.5");
    expect(decideSay(d, stateOf("1TTN", 2, d.memSlots))).toBe("stop: lowest-dose-too-toxic");
    const capped = designOf({ type: "a-plus-b" }, 2, [{ type: "smc-review", q: 0.5 }, { type: "stop-at-n", n: 3 }]);
    // the chance node comes before the cap looks at the next cohort
    expect(decideSay(capped, stateOf("1NTN", 2, capped.memSlots))).toBe("chance 0.5");
  });
});
