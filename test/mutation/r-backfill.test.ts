/**
 * src/designs/modifiers/backfill.ts, part R: the survivors of the part R run (test/stryker-rules.config.mjs)
 * in the conflict rule's search, the open rule's pooling with the dose above and the calls without a
 * backfill part. Hand-derived with BOIN's target-0.25 boundaries as the modifier reads them from the
 * decision table (R BOIN 2.7.2 get.boundary, lambda_e = 0.1968, lambda_d = 0.2984: escalate when
 * y <= floor(n lambda_e), de-escalate when y >= ceil(n lambda_d); eliminate when
 * Pr(p > 0.25 | y, n) > 0.95 under Beta(1, 1), from n = 3). The classes used:
 *   n = 2: E y = 0, D y >= 1;  n = 3: E 0, D >= 1 (2/3: Pr = 1 - I_0.25(3, 2) = 0.949, not eliminated);
 *   n = 4: E 0, S 1, D >= 2;   n = 5: E 0, S 1, D >= 2;  n = 6: E <= 1, D >= 2 (3/6: Pr = 0.929, not eliminated);
 *   n = 9: E <= 1, S 2, D >= 3; n = 10: E <= 1, S 2, D >= 3; n = 11: E <= 2, S 3, D >= 4;
 *   n = 12: E <= 2, S 3, D >= 4.
 */
import { describe, expect, it } from "vitest";
import { buildDesign, parseDesignConfig } from "../../src/config/load.js";
import type { Design } from "../../src/designs/design.js";
import { backfill } from "../../src/designs/modifiers/backfill.js";
import { Action, REASONS, stop, treat, type Decision } from "../../src/model/decision.js";
import { backfillStateOf, plainStateOf, type BackfillPart } from "../helpers/backfill-state.js";

const K = 5;
const boin = () => buildDesign(parseDesignConfig({ design: { type: "boin", target: 0.25, cohortSize: 3, nCohorts: 10 } }, "(test)"), K);
/** BF-BOIN with the "backfilled" conflict rule and no response condition; `decide` replaces BOIN's. */
function bf(decide?: () => Decision, cap = 12, conflictRule = "backfilled"): Design {
  const inner = boin();
  return backfill(decide ? { ...inner, decide } : inner, { cap, requireResponse: false, reserve: 0, conflictRule });
}
const st = (n: number[], y: number[], current: number, part: BackfillPart) => backfillStateOf(n, y, current, part, 4);
const R = (r: (typeof REASONS)[number]) => REASONS.indexOf(r);

describe("the conflict rule's search", () => {
  it("no backfilled dose in conflict: the inner decision, whatever the doses without backfill show", () => {
    // dose 1 at 3/0 + backfill 1/0 = 4/0 (E); dose 2 at 2/3 (D) without backfill (skipped by the
    // "backfilled" rule); current dose 3 at 0/3 (E). No conflict: the inner decision.
    // (Pooling 2-3, 2/6, would de-escalate to dose 1; pooling 1-3, 2/10, would stay.)
    const esc = treat(3, 3, "escalate");
    const d = bf(() => esc);
    expect(d.decide(st([3, 3, 3, 0, 0], [0, 2, 0, 0, 0], 2, { n: [1, 0, 0, 0, 0] }))).toBe(esc);
  });

  it("a staying current dose is in conflict only with a backfilled de-escalation, not with a backfilled stay", () => {
    // dose 1: backfill 1/5 (S); dose 2: 0/3 (E), no backfill; current dose 3: 1/4 (S). A stay below a
    // stay is no conflict: the inner decision. (Pooling 1-3, 2/12 (E), would escalate.)
    const stay = treat(2, 3, "stay");
    const d = bf(() => stay);
    expect(d.decide(st([0, 3, 4, 0, 0], [0, 0, 1, 0, 0], 2, { n: [5, 0, 0, 0, 0], y: [1, 0, 0, 0, 0] }))).toBe(stay);
  });

  it('the search looks only below the current dose (rule "all": a de-escalating dose above is no conflict)', () => {
    // dose 1: 0/3 + backfill 1/0 = 4/0 (E); current dose 2: 1/4 (S); dose 3: 2/3 (D), above. Below the
    // current dose nothing de-escalates: no conflict, the inner decision. (Taking dose 3 as the
    // conflicting dose would pool nothing, class E, and escalate.)
    const stay = treat(1, 3, "stay");
    const d = bf(() => stay, 12, "all");
    expect(d.decide(st([3, 4, 3, 0, 0], [0, 1, 2, 0, 0], 1, { n: [1, 0, 0, 0, 0] }))).toBe(stay);
  });

  it("a pool of the class of the current dose keeps the inner decision, even an early stop", () => {
    // dose 1: backfill 1/2 (D); current dose 2: 2/9 (S): conflict (D below S). Pool 1-2: 3/11, S, the
    // current dose's class: the inner decision (here an early stop) stands.
    const early = stop("early-stop");
    const d = bf(() => early);
    expect(d.decide(st([0, 9, 0, 0, 0], [0, 2, 0, 0, 0], 1, { n: [2, 0, 0, 0, 0], y: [1, 0, 0, 0, 0] }))).toBe(early);
    // the same with a pool of another class: dose 1 backfill 3/6 (D), current 2/9: pool 5/15 is D
    // (ceil(15 x 0.2984) = 5): the modifier de-escalates
    const dec = d.decide(st([0, 9, 0, 0, 0], [0, 2, 0, 0, 0], 1, { n: [6, 0, 0, 0, 0], y: [3, 0, 0, 0, 0] }));
    expect([dec.action, dec.dose, REASONS[dec.reason]]).toEqual([Action.Treat, 0, "de-escalate"]);
    expect(dec.reason).toBe(R("de-escalate"));
  });
});

describe("the open rule pools a dose with the dose above it", () => {
  it("the dose above counts its escalation and backfill patients, added", () => {
    const d = bf();
    // dose 1: 1/3 + backfill 2/3 = 3/6 (D); dose 2: 0/3 + backfill 0/3 = 0/6; pool 3/12 (S): not closed
    const open = st([3, 3, 0, 0, 0], [1, 0, 0, 0, 0], 2, { n: [3, 3, 0, 0, 0], y: [2, 0, 0, 0, 0] });
    expect(d.explainBackfill!(open)).toEqual(["dose 1: open (3/6 DLTs, 6 of 12 patients)", "dose 2: open (0/6 DLTs, 6 of 12 patients)"]);
    expect(d.backfillDose!(open)).toBe(1);
    // dose 2 with backfill 2/3: 2/6; pool 5/12 (D): dose 1 and every dose above are closed
    const closed = st([3, 3, 0, 0, 0], [1, 0, 0, 0, 0], 2, { n: [3, 3, 0, 0, 0], y: [2, 2, 0, 0, 0] });
    expect(d.explainBackfill!(closed)).toEqual(["dose 1: closed, with every dose above it (3/6 DLTs, pooled with dose 2 5/12: de-escalation by the table)"]);
    expect(d.backfillDose!(closed)).toBe(-1);
  });

  it("the escalation cohort's completed patients count only at the cohort's own dose", () => {
    const d = bf();
    // cohort at dose 3 with 3 done, 0 DLTs; dose 2 at 0/3: pool of dose 1 (3/6) with dose 2 is 3/9 (D):
    // closed (the cohort's patients are not at dose 2)
    const s = st([3, 3, 0, 0, 0], [1, 0, 0, 0, 0], 2, { n: [3, 0, 0, 0, 0], y: [2, 0, 0, 0, 0], done: 3, dlts: 0 });
    expect(d.explainBackfill!(s)).toEqual(["dose 1: closed, with every dose above it (3/6 DLTs, pooled with dose 2 3/9: de-escalation by the table)"]);
    // cohort at dose 2 with 3 done, 2 DLTs: pool of dose 1 with dose 2 is 5/9 (D): closed
    const t = st([3, 0, 0, 0, 0], [1, 0, 0, 0, 0], 1, { n: [3, 0, 0, 0, 0], y: [2, 0, 0, 0, 0], done: 3, dlts: 2 });
    expect(d.explainBackfill!(t)).toEqual(["dose 1: closed, with every dose above it (3/6 DLTs, pooled with dose 2 5/9: de-escalation by the table)"]);
    expect(d.backfillDose!(t)).toBe(-1);
  });
});

describe("without a backfill part", () => {
  it("no backfill dose, no open-rule lines", () => {
    const d = bf();
    const s = plainStateOf([3, 3, 0, 0, 0], [0, 0, 0, 0, 0], 1, 4);
    expect(d.backfillDose!(s)).toBe(-1);
    expect(d.explainBackfill!(s)).toEqual([]);
  });

  it("selection reads the pooled counts when there are backfilled patients, else the escalation counts", () => {
    const d = bf();
    // dose 1 at 0/3, dose 2 at 1/3: BOIN selects dose 2 (estimate (1 + 0.05)/(3 + 0.1) = 0.339 against
    // 0.016 for dose 1). With backfill 3/3 at dose 2 (4/6: Pr(p > 0.25) = 1 - I_0.25(5, 3) = 0.987 > 0.95,
    // eliminated for the selection) BOIN selects dose 1.
    expect(d.selectMtd(plainStateOf([3, 3, 0, 0, 0], [0, 1, 0, 0, 0], 1, 4))).toBe(1);
    expect(d.selectMtd(st([3, 3, 0, 0, 0], [0, 1, 0, 0, 0], 1, {}))).toBe(1);
    expect(d.selectMtd(st([3, 3, 0, 0, 0], [0, 1, 0, 0, 0], 1, { n: [0, 3, 0, 0, 0], y: [0, 3, 0, 0, 0] }))).toBe(0);
  });
});
