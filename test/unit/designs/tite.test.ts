/**
 * TITE-BOIN and TITE-Keyboard at the dose: with no pending patients each is its untimed design
 * (properties over random states); pending patients followed the whole window without a DLT
 * give the untimed decision on the complete data (a different code path: the continuous
 * estimate / the key posterior with a real effective sample size), unless the rules suspend or
 * hold an escalation; the ESS estimate and Chen et al.'s rules behave as stated.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DESIGNS } from "../../../src/designs/index.js";
import { resolveParams } from "../../../src/config/params.js";
import { PendingTrialState, SUSPEND } from "../../../src/model/pending.js";
import type { Decision } from "../../../src/model/decision.js";

const K = 5;
const build = (type: string, raw: Record<string, unknown>) => DESIGNS.get(type)!.build(resolveParams(DESIGNS.get(type)!.params, raw, "(t)", "design"), K);
const same = (a: Decision, b: Decision) => a.action === b.action && a.dose === b.dose && a.reason === b.reason && a.eliminateFrom === b.eliminateFrom;

const stateArb = fc.record({
  current: fc.integer({ min: 0, max: K - 1 }),
  ns: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: K, maxLength: K }),
  frac: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: K, maxLength: K }),
});
function stateOf(r: { current: number; ns: number[]; frac: number[] }): PendingTrialState {
  const s = new PendingTrialState(K, 0);
  s.reset(0);
  for (let d = 0; d < K; d++) {
    const n = r.ns[d] * 3;
    if (n > 0) s.addCohort(d, n, Math.floor(r.frac[d] * (n + 1) * 0.999), false);
  }
  if (s.n[r.current] === 0) s.addCohort(r.current, 3, 0, false);
  s.current = r.current;
  return s;
}

for (const [tite, untimed, target] of [
  ["tite-boin", "boin", 0.3],
  ["tite-keyboard", "keyboard", 0.3],
  ["tite-boin", "boin", 0.2],
  ["tite-keyboard", "keyboard", 0.25],
] as const) {
  describe(`${tite} (target ${target})`, () => {
    const raw = { target, cohortSize: 3, nCohorts: 8 };
    const T = build(tite, raw);
    const U = build(untimed, raw);
    it(`with no pending patients decides as ${untimed} (property)`, () => {
      fc.assert(fc.property(stateArb, (r) => same(T.decide(stateOf(r)), U.decide(stateOf(r)))), { numRuns: 400 });
    });
    it(`pending patients followed the whole window, no DLT: ${untimed}'s decision on the complete data unless suspended or short of completed patients (property)`, () => {
      fc.assert(
        fc.property(stateArb, fc.integer({ min: 1, max: 4 }), (r, c) => {
          const s = stateOf(r);
          const d = s.current;
          const n = s.n[d];
          if (c > n - s.y[d] || s.escalationN >= 24) return true;
          for (let k = 0; k < c; k++) s.addPending(d, 1);
          const dec = T.decide(s);
          if (dec === SUSPEND) return c / n > 0.5;
          const full = U.decide(stateOf(r));
          if (same(dec, full)) return true;
          // the only allowed difference: an escalation held (stay) for want of completed patients
          return tite === "tite-keyboard" && full.reason === 1 && dec.reason === 2 && n - c < 3;
        }),
        { numRuns: 400 },
      );
    });
  });
}

describe("options", () => {
  it("ESS: p̃ = y/(n - c + STFT); escalation needs 2 completed patients", () => {
    const T = build("tite-boin", { target: 0.3, estimate: "ess" });
    const s = new PendingTrialState(K, 0);
    s.reset(0);
    s.addCohort(0, 3, 0, false);
    s.addCohort(0, 1, 0, false); // n = 4, c = 1: 3 completed, no DLT
    s.addPending(0, 0.5);
    expect(T.decide(s).reason).toBe(1); // escalate
    const t = new PendingTrialState(K, 0);
    t.reset(0);
    t.addCohort(0, 3, 0, false); // n = 3, 1 completed and 2 pending? c/n > 0.5: suspend
    t.addPending(0, 0.9);
    t.addPending(0, 0.9);
    expect(T.decide(t)).toBe(SUSPEND);
    const loose = build("tite-boin", { target: 0.3, estimate: "ess", suspendShare: 0.9 });
    expect(loose.decide(t).reason).toBe(2); // 0/2.8 would escalate, but only 1 completed: stay
  });

  it("Chen et al. Rule 1 (minCompletedShare) suspends, Rule 2 (minFollowUp) holds an escalation", () => {
    const s = new PendingTrialState(K, 0);
    s.reset(0);
    s.addCohort(0, 6, 0, false);
    s.addPending(0, 0.1);
    s.addPending(0, 0.6); // 4 of 6 completed (0.67), no DLT
    expect(build("tite-boin", { target: 0.3 }).decide(s).reason).toBe(1);
    expect(build("tite-boin", { target: 0.3, minCompletedShare: 0.7 }).decide(s)).toBe(SUSPEND);
    expect(build("tite-boin", { target: 0.3, minFollowUp: 0.25 }).decide(s).reason).toBe(2);
    expect(build("tite-boin", { target: 0.3, minFollowUp: 0.25, shortFollowUp: "suspend" }).decide(s)).toBe(SUSPEND);
    expect(build("tite-boin", { target: 0.3, minFollowUp: 0.05 }).decide(s).reason).toBe(1);
  });

  it("eliminates with pending patients counted DLT-free", () => {
    const T = build("tite-boin", { target: 0.3 });
    const at = (y: number, c: number) => {
      const s = new PendingTrialState(K, 0);
      s.reset(0);
      s.addCohort(1, 3, 0, false);
      s.addCohort(2, 5, y, false);
      for (let k = 0; k < c; k++) s.addPending(2, 0.2);
      return T.decide(s);
    };
    // 4 DLTs of 5 (1 pending): Pr(p > 0.3 | Beta(5, 2)) = 0.989 > 0.95
    expect(at(4, 1)).toMatchObject({ dose: 1, eliminateFrom: 2 });
    // 3 of 5 (2 pending): Pr(p > 0.3 | Beta(4, 3)) = 0.930: de-escalate whatever they show, no elimination
    expect(at(3, 2)).toMatchObject({ dose: 1, eliminateFrom: -1 });
  });
});
