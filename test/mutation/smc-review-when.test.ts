/**
 * When smc-review asks the SMC, state by state (BOIN target 0.3: escalate if y/n <= 0.236,
 * de-escalate if y/n >= 0.359, the published boundaries of Liu & Yuan 2015, Table 1).
 */
import { describe, expect, it } from "vitest";
import { stateOf } from "../../src/model/outcomes.js";
import { Action } from "../../src/model/decision.js";
import { decideSay, designOf } from "../helpers/build.js";
import { smcReview, smcReviewParams } from "../../src/designs/modifiers/smc-review.js";
import { resolveParams } from "../../src/config/params.js";

describe("smc-review asks only at afterPatients patients with afterDlts DLTs at the current dose", () => {
  it("q = 1 never asks: the inner decision passes through", () => {
    const d = designOf({ type: "boin", target: 0.3 }, 3, [{ type: "smc-review", q: 1 }]);
    expect(decideSay(d, stateOf("1NTN", 3, d.memSlots))).toBe("treat 3 at 1");
  });
  it("the review is a chance node labelled SMC", () => {
    const d = designOf({ type: "boin", target: 0.3 }, 3, [{ type: "smc-review", q: 0.5 }]);
    const dec = d.decide(stateOf("1NTN", 3, d.memSlots));
    expect(dec.action).toBe(Action.Chance);
    expect(dec.label).toBe("SMC");
  });
  it("1 DLT in 2 patients (a de-escalation that stays at dose 1) is not reviewed", () => {
    const d = designOf({ type: "boin", target: 0.3 }, 3, [{ type: "smc-review", q: 0.5 }]);
    // 1/2 = 0.5 >= 0.359: de-escalate, at dose 1 that means stay; n = 2 is not afterPatients = 3
    expect(decideSay(d, stateOf("1NT", 3, d.memSlots))).toBe("treat 3 at 1");
  });
  it("0 DLTs in 3 patients at the top dose (stay) is not reviewed", () => {
    const d = designOf({ type: "boin", target: 0.3 }, 2, [{ type: "smc-review", q: 0.5 }]);
    expect(decideSay(d, stateOf("1NNN 2NNN", 2, d.memSlots))).toBe("treat 3 at 2");
  });
  it("an expansion cohort is never reviewed", () => {
    // BOIN with 2 cohorts stops after 1NNN 2NTN; the MTD is dose 2 (1/3 closest to 0.3), where the
    // expansion starts, although dose 2 has afterPatients = 3 with afterDlts = 1
    // (configs refuse smc-review after expansion; the wrapper itself is built here)
    const d = smcReview(designOf({ type: "boin", target: 0.3, nCohorts: 2 }, 3, [{ type: "expansion", patients: 6 }]), resolveParams(smcReviewParams, { q: 0.5 }, "(test)", "modifier"));
    expect(decideSay(d, stateOf("1NNN 2NTN", 3, d.memSlots))).toBe("treat 3 at 2 (expansion)");
  });
});
