/**
 * src/designs/tite-keyboard.ts, part R: an explained TITE-Keyboard design with Chen et al. (2025) Rule 1
 * (minCompletedShare), so that the Rule 1 words of Keyboard's suspension sentence are checked, and the
 * cell's order (the conservative check before the suspension, the 3-completed rule after it).
 *
 * Worked by hand. Target 0.3, default margins 0.05: the target key is [0.25, 0.35] (width w = 0.1), the
 * keys below it [0.15, 0.25], [0.05, 0.15] and the edge key [0, 0.05] (strength scaled by w / 0.05 = 2).
 * State: dose 1 with n = 4 treated (pending counted in n), y DLTs, c = 2 pending followed 0.5 and 0.5 of
 * the window (STFT = 1).
 * - Rule 1 at 0.51: c/n = 2/4 = 0.5 is not > suspendShare 0.5, but (n - c)/n = 0.5 < 0.51: suspend.
 * - Rule 1 at 0.5: 0.5 < 0.5 fails: no suspension. y = 0: ESS = n - c + STFT = 2 + 1 = 3, Beta(1, 4),
 *   CDF 1 - (1 - x)^4: key [0.15, 0.25] 0.85^4 - 0.75^4 = 0.2056, [0.05, 0.15] 0.95^4 - 0.85^4 = 0.2925,
 *   [0, 0.05] (1 - 0.95^4) × 2 = 0.3710; keys above the target key weigh less (mass above 0.25 is
 *   0.75^4 = 0.316 over the target key and the 7 above it, the target key 0.75^4 - 0.65^4 = 0.1379): the strongest key is
 *   the edge key, below the target key: escalate, but n - c = 2 < 3 completed: stay.
 * - y = 2 (pending counted DLT-free: Beta(3, 3), mean 0.5): the strongest key is [0.45, 0.55], above the
 *   target key (its mass I_0.55(3,3) - I_0.45(3,3) = 0.1863 against the target key's
 *   I_0.35(3,3) - I_0.25(3,3) = 0.1317): de-escalate whatever the pending show, before Rule 1.
 *   No elimination: Pr(p > 0.3 | Beta(3, 3)) = 1 - I_0.3(3, 3) = 0.837 <= 0.95.
 * (The key masses were re-checked with SciPy 1.17.1 beta.cdf; the sentences follow the code's documented wording.)
 */
import { describe, expect, it } from "vitest";
import { DESIGNS } from "../../src/designs/index.js";
import { resolveParams } from "../../src/config/params.js";
import { Action, REASONS } from "../../src/model/decision.js";
import { PendingTrialState, SUSPEND } from "../../src/model/pending.js";

function build(raw: Record<string, unknown>) {
  const entry = DESIGNS.get("tite-keyboard")!;
  return entry.build(resolveParams(entry.params, raw, "(test)", "design"), 5);
}

/** Dose 1 with 4 treated, y DLTs among them, 2 pending followed half the window each. */
function state(y: number, memSlots: number): PendingTrialState {
  const s = new PendingTrialState(5, memSlots);
  s.reset(0);
  s.addCohort(0, 4, y, false);
  s.addPending(0, 0.5);
  s.addPending(0, 0.5);
  return s;
}

describe("TITE-Keyboard with Rule 1 (minCompletedShare), explained", () => {
  it("fewer than 0.51 completed: suspend, and the sentence names Rule 1", () => {
    const d = build({ target: 0.3, cohortSize: 3, nCohorts: 8, minCompletedShare: 0.51 });
    const s = state(0, d.memSlots);
    expect(d.decide(s)).toBe(SUSPEND);
    expect(d.explain!(s)).toBe("dose 1: 0/4 DLTs with 2 pending (2/4 > 0.5 or fewer than 0.51 completed): suspend accrual until more patients complete");
  });

  it("exactly half completed with Rule 1 at 0.5: no suspension; the ESS decision stays for want of 3 completed", () => {
    const d = build({ target: 0.3, cohortSize: 3, nCohorts: 8, minCompletedShare: 0.5 });
    const s = state(0, d.memSlots);
    const dec = d.decide(s);
    expect([dec.action, dec.dose, REASONS[dec.reason]]).toEqual([Action.Treat, 0, "stay"]);
    expect(d.explain!(s)).toBe("dose 1: 0/4 DLTs with 2 pending: ESS = n - c + STFT = 3.000, strongest key under Beta(1, 4.000): stay (escalation needs 3 completed patients)");
  });

  it("the conservative check comes before Rule 1: 2/4 with the pending counted DLT-free de-escalates", () => {
    const d = build({ target: 0.3, cohortSize: 3, nCohorts: 8, minCompletedShare: 0.51 });
    // at dose 2 (3 patients without DLT at dose 1), so that de-escalation has somewhere to go
    const t = new PendingTrialState(5, d.memSlots);
    t.reset(0);
    t.addCohort(0, 3, 0, false);
    t.addCohort(1, 4, 2, false);
    t.addPending(1, 0.5);
    t.addPending(1, 0.5);
    const dec = d.decide(t);
    expect([dec.action, dec.dose, REASONS[dec.reason]]).toEqual([Action.Treat, 0, "de-escalate"]);
    expect(d.explain!(t)).toBe("dose 2: 2/4 DLTs with 2 pending counted DLT-free: the strongest key is above the target key: de-escalate whatever they show");
  });
});

/**
 * The top key's edge compensation matters when it is the only key above the target key: target 0.9,
 * margins 0.05, target key [0.85, 0.95], top key [0.95, 1] (width 0.05, strength scaled by w / 0.05 = 2).
 * Dose 2 with n = 7, y = 6, c = 1 pending followed 0.25 of the window: conservative check under
 * Beta(7, 2): the strongest key is [0.75, 0.85], below the target key (no forced de-escalation); c/n = 1/7;
 * Pr(p > 0.9 | Beta(7, 2)) = 0.187, no elimination. ESS = 6 + 0.25 = 6.25, Beta(7, 1.25): key masses
 * [0.85, 0.95] 0.3807, [0.95, 1] 0.2056, compensated 0.4113: the top key wins, above the target key:
 * de-escalate (uncompensated, the target key would win: stay). SciPy 1.17.1 beta.cdf.
 */
describe("TITE-Keyboard's top key compensation", () => {
  it("target 0.9: the compensated top key beats the target key and the design de-escalates", () => {
    const d = build({ target: 0.9, cohortSize: 3, nCohorts: 8 });
    const s = new PendingTrialState(5, d.memSlots);
    s.reset(0);
    s.addCohort(0, 3, 0, false);
    s.addCohort(1, 7, 6, false);
    s.addPending(1, 0.25);
    const dec = d.decide(s);
    expect([dec.action, dec.dose, REASONS[dec.reason]]).toEqual([Action.Treat, 0, "de-escalate"]);
    expect(d.explain!(s)).toBe("dose 2: 6/7 DLTs with 1 pending: ESS = n - c + STFT = 6.250, strongest key under Beta(7, 1.250): de-escalate");
  });
});
