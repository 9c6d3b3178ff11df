/**
 * Keyboard with extraSafe: R Keyboard 0.1.3's get.oc.kb applies the extra safety rule in its
 * trial loop only and ends with `select.mtd.kb(target, n, y)` (extrasafe left at FALSE: source
 * of R/get.oc.kb.R, cran/Keyboard); R BOIN's get.oc passes extrasafe on to select.mtd.
 *
 * The case: target 0.3, cohorts of 3, nEarlyStop 12, 6 DLTs in 12 patients at dose 1 (the only
 * dose given). Pr(p > 0.3 | Beta(7, 7)) = 0.9376: above cutoffEli - offset = 0.90 (the extra
 * safety rule fails) but not above cutoffEli = 0.95 (no elimination). Keyboard's early stop
 * (n >= nEarlyStop, checked first) ends the trial; select.mtd.kb without extrasafe selects dose 1.
 */
import { describe, expect, it } from "vitest";
import { stateOf } from "../../../src/model/outcomes.js";
import { posteriorExceeds } from "../../../src/select/beta-tail.js";
import { decideSay, designOf } from "../../helpers/build.js";

const params = { target: 0.3, cohortSize: 3, nCohorts: 10, nEarlyStop: 12, extraSafe: true };

describe("keyboard extraSafe (R Keyboard 0.1.3 get.oc.kb)", () => {
  it("the case sits between the two cutoffs (Beta(7, 7) tail at 0.3)", () => {
    const tail = posteriorExceeds(6, 12, 0.3);
    expect(tail).toBeGreaterThan(0.9);
    expect(tail).toBeLessThan(0.95);
  });
  it("by default selects from the data after an early stop at dose 1, as get.oc.kb does", () => {
    const kb = designOf({ type: "keyboard", ...params }, 3);
    const s = stateOf("1NNNNNNTTTTTT", 3);
    expect(decideSay(kb, s)).toBe("stop: early-stop");
    expect(kb.selectMtd(s)).toBe(0);
  });
  it("extraSafeAtSelection: true applies the rule at selection too, as BOIN does (no MTD)", () => {
    const kb = designOf({ type: "keyboard", ...params, extraSafeAtSelection: true }, 3);
    expect(kb.selectMtd(stateOf("1NNNNNNTTTTTT", 3))).toBe(-1);
    const boin = designOf({ type: "boin", ...params }, 3);
    expect(boin.selectMtd(stateOf("1NNNNNNTTTTTT", 3))).toBe(-1);
  });
  it("the rule still stops the trial in the loop", () => {
    const kb = designOf({ type: "keyboard", ...params }, 3);
    const s = stateOf("1NTT", 3);
    const dec = kb.decide(s);
    expect(decideSay(kb, s)).toBe("stop: lowest-dose-too-toxic"); // Pr(p > 0.3 | 2/3) = 0.9163 > 0.90
    s.eliminate(dec.eliminateFrom); // the stop eliminates every dose, as get.oc.kb's earlystop = 1 (MTD 99)
    expect(kb.selectMtd(s)).toBe(-1);
  });
});
