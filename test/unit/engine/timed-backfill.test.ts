/**
 * The backfill modifier (BF-BOIN) and its calendar-time integration: untimed it is the inner
 * design exactly (a property, and whole untimed runs); the open rule (response, safety alone
 * or pooled with the dose above, closing every dose above an unsafe one, the cap); the
 * conflict rule of the paper's Table 2 on hand-built states; and in timed runs, every
 * backfilled patient at a dose below the escalation cohort's, enrolled only while it is
 * pending, under the cap, with outputs that add up and the same result for any worker count.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildDesign, loadDesign, loadScenario, parseDesignConfig, trueMtd } from "../../../src/config/load.js";
import type { Design } from "../../../src/designs/design.js";
import { Action } from "../../../src/model/decision.js";
import { backfillStateOf, plainStateOf, type BackfillPart } from "../../helpers/backfill-state.js";
import { TrialState } from "../../../src/model/state.js";
import { simulateDesign } from "../../../src/engine/simulate.js";
import { layoutFor } from "../../../src/engine/monte-carlo.js";
import { runTimed, runTimedMonteCarlo } from "../../../src/engine/run.js";
import { REASONS } from "../../../src/model/decision.js";

const K = 5;
const inners = {
  boin: { type: "boin", target: 0.25, cohortSize: 3, nCohorts: 10, nEarlyStop: 9 },
  keyboard: { type: "keyboard", target: 0.25, cohortSize: 3, nCohorts: 10 },
  "a-plus-b": { type: "a-plus-b" },
} as const;

function build(inner: object, bf: object | null, conduct?: object): Design {
  return buildDesign(parseDesignConfig({ design: inner, ...(bf ? { modifiers: [{ type: "backfill", ...bf }] } : {}), ...(conduct ? { conduct } : {}) }, "(test)"), K);
}

/** A state with escalation data (n, y), current dose, and optionally a backfill part. */
function stateOf(n: number[], y: number[], current: number, bf?: BackfillPart): TrialState {
  return bf ? backfillStateOf(n, y, current, bf) : plainStateOf(n, y, current);
}

describe("untimed, the backfill modifier is its inner design", () => {
  for (const [name, inner] of Object.entries(inners)) {
    it(`${name}: the same decision and selection in every state without backfilled patients (property)`, () => {
      const plain = build(inner, null);
      const bf = build(inner, { cap: 12 });
      const counts = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: K, maxLength: K });
      fc.assert(
        fc.property(counts, counts, fc.integer({ min: 0, max: K - 1 }), fc.boolean(), (n, yRaw, cur, withPart) => {
          const y = yRaw.map((v, d) => Math.min(v, n[d]));
          // a backfill part with nobody backfilled is the same as none
          const s = stateOf(n, y, cur, withPart ? {} : undefined);
          expect(bf.decide(s)).toEqual(plain.decide(s));
          expect(bf.selectMtd(s)).toBe(plain.selectMtd(s));
        }),
        { numRuns: 300 },
      );
    });
    it(`${name}: a whole untimed Monte Carlo run gives the inner design's selection, patients and stop reasons`, () => {
      const plain = build(inner, null);
      const bf = build(inner, { cap: 12 });
      const truth = [0.05, 0.12, 0.25, 0.4, 0.55];
      const curve = { truth, trueMtd: trueMtd(truth, 0.25) };
      const a = simulateDesign(plain, curve, { trials: 3000, seed: "bf-untimed" }).acc;
      const b = simulateDesign(bf, curve, { trials: 3000, seed: "bf-untimed" }).acc;
      const La = layoutFor(plain);
      const Lb = layoutFor(bf);
      for (let d = 0; d <= K; d++) expect(b[Lb.sel + d]).toBe(a[La.sel + d]);
      for (let d = 0; d < K; d++) {
        expect(b[Lb.nSum + d]).toBe(a[La.nSum + d]);
        expect(b[Lb.ySum + d]).toBe(a[La.ySum + d]);
      }
      for (let r = 0; r < REASONS.length; r++) expect(b[Lb.reasons + r]).toBe(a[La.reasons + r]);
    });
  }
});

describe("the open rule (backfillDose)", () => {
  const d = build(inners.boin, { cap: 12 });
  const zeros = [0, 0, 0, 0, 0];
  it("sends the patient to the highest open dose below the escalation cohort's", () => {
    // doses 1-2 done with 0/3, cohort pending at dose 3
    expect(d.backfillDose!(stateOf([3, 3, 0, 0, 0], zeros, 1, { cohortDose: 2 }))).toBe(1);
    expect(d.backfillDose!(stateOf([3, 3, 3, 0, 0], zeros, 2, { cohortDose: 3 }))).toBe(2);
  });
  it("turns the patient away at the lowest dose and without a state backfill part", () => {
    expect(d.backfillDose!(stateOf([0, 0, 0, 0, 0], zeros, 0, { cohortDose: 0 }))).toBe(-1);
    expect(d.backfillDose!(stateOf([3, 3, 0, 0, 0], zeros, 1))).toBe(-1);
  });
  it("needs a response at the dose when requireResponse is set", () => {
    const s = stateOf([3, 3, 0, 0, 0], zeros, 1, { cohortDose: 2, responded: [1, 0, 0, 0, 0] });
    expect(d.backfillDose!(s)).toBe(0);
    const s0 = stateOf([3, 3, 0, 0, 0], zeros, 1, { cohortDose: 2, responded: [0, 0, 0, 0, 0] });
    expect(d.backfillDose!(s0)).toBe(-1);
    expect(build(inners.boin, { requireResponse: false }).backfillDose!(s0)).toBe(1);
  });
  it("closes a dose at the cap (escalation and backfill patients, pending included)", () => {
    expect(d.backfillDose!(stateOf([3, 3, 0, 0, 0], zeros, 1, { cohortDose: 2, enrolled: [0, 9, 0, 0, 0] }))).toBe(0);
    expect(d.backfillDose!(stateOf([3, 3, 0, 0, 0], zeros, 1, { cohortDose: 2, enrolled: [0, 8, 0, 0, 0] }))).toBe(1);
    expect(build(inners.boin, { cap: 6 }).backfillDose!(stateOf([3, 6, 0, 0, 0], zeros, 1, { cohortDose: 2 }))).toBe(0);
  });
  it("closes a dose too toxic on its own and pooled with the dose above, and every dose above it", () => {
    // dose 1 at 2/3 (de-escalate), pooled with dose 2's 1/3: 3/6 (de-escalate): doses 1 and 2 closed
    expect(d.backfillDose!(stateOf([3, 3, 0, 0, 0], [2, 1, 0, 0, 0], 1, { cohortDose: 2 }))).toBe(-1);
    // pooled with dose 2's 0/6: 2/9 is not a de-escalation, so dose 1 stays open, and dose 2 (0/6) too
    expect(d.backfillDose!(stateOf([3, 6, 0, 0, 0], [2, 0, 0, 0, 0], 1, { cohortDose: 2 }))).toBe(1);
    // the top candidate too toxic alone (1/3 de-escalates at target 0.25) but safe pooled with the
    // escalation cohort's completed 0/3 (1/6); not with its 1 DLT in 1 (2/4)
    expect(d.backfillDose!(stateOf([3, 3, 0, 0, 0], [0, 1, 0, 0, 0], 1, { cohortDose: 2, done: 3, dlts: 0 }))).toBe(1);
    expect(d.backfillDose!(stateOf([3, 3, 0, 0, 0], [0, 1, 0, 0, 0], 1, { cohortDose: 2, done: 1, dlts: 1 }))).toBe(0);
  });
});

describe("the conflict rule (the paper's Table 2)", () => {
  const on = build(inners.boin, { conflictRule: "backfilled" });
  const off = build(inners.boin, { conflictRule: "off" });
  const all = build(inners.boin, { conflictRule: "all" });
  it("current dose escalates, a backfilled lower dose does not: pool and stay", () => {
    // dose 3 at 0/3 escalates; dose 2 with 0/3 + backfill 3/6 = 3/9 de-escalates; pool 2-3: 3/12 = 0.25, stay
    const s = stateOf([3, 3, 3, 0, 0], [0, 0, 0, 0, 0], 2, { n: [0, 6, 0, 0, 0], y: [0, 3, 0, 0, 0] });
    expect(off.decide(s)).toMatchObject({ action: Action.Treat, dose: 3 });
    expect(on.decide(s)).toMatchObject({ action: Action.Treat, dose: 2, reason: REASONS.indexOf("stay") });
  });
  it("current dose stays, a lower dose de-escalates and the pool too: down to the highest safe pooled dose", () => {
    // dose 3 at 2/8 stays; dose 2: 0/3 + backfill 4/6 = 4/9 de-escalates; pool 2-3: 6/17 de-escalates;
    // the pool from dose 2 alone (4/9) is not safe either, so below it: dose 1
    const s = stateOf([3, 3, 8, 0, 0], [0, 0, 2, 0, 0], 2, { n: [0, 6, 0, 0, 0], y: [0, 4, 0, 0, 0] });
    expect(off.decide(s)).toMatchObject({ action: Action.Treat, dose: 2 });
    expect(on.decide(s)).toMatchObject({ action: Action.Treat, dose: 0, reason: REASONS.indexOf("de-escalate") });
  });
  it('"backfilled" looks only at doses with backfilled patients, "all" at every lower dose', () => {
    // dose 2 at 1/3 (de-escalate) without backfill, current dose 3 at 0/3 escalates
    const s = stateOf([3, 3, 3, 0, 0], [0, 1, 0, 0, 0], 2, { n: [3, 0, 0, 0, 0], y: [0, 0, 0, 0, 0] });
    expect(on.decide(s)).toMatchObject({ dose: 3 });
    // "all": pool 2-3: 1/6, escalate all the same; with 2/3 at dose 2: pool 2/6 de-escalates, and dose 2's
    // own 2/3 too, so below it: dose 1
    expect(all.decide(s)).toMatchObject({ dose: 3 });
    const t = stateOf([3, 3, 3, 0, 0], [0, 2, 0, 0, 0], 2, { n: [3, 0, 0, 0, 0], y: [0, 0, 0, 0, 0] });
    expect(all.decide(t)).toMatchObject({ action: Action.Treat, dose: 0 });
    expect(on.decide(t)).toMatchObject({ dose: 3 });
  });
  it("selection pools the backfilled data with the escalation data", () => {
    const s = stateOf([3, 3, 3, 0, 0], [0, 0, 0, 0, 0], 2, { n: [0, 6, 0, 0, 0], y: [0, 4, 0, 0, 0] });
    const plain = build(inners.boin, null);
    const m = stateOf([3, 9, 3, 0, 0], [0, 4, 0, 0, 0], 2);
    expect(on.selectMtd(s)).toBe(plain.selectMtd(m));
  });
});

describe("backfilling in calendar time", () => {
  const scenario = loadScenario("scenarios/sys6020-timed.json");
  const config = loadDesign("designs/sys6020-bf-boin.json");
  const sc = { ...scenario, curves: scenario.curves.filter((c) => c.name === "mtd-middle") };
  it("treats backfilled patients below the escalation cohort's dose, only while it is pending, under the cap", () => {
    const design = buildDesign(config, K);
    const r = runTimed({ config, scenario: sc, trials: 4096, seed: "bf-trace" });
    const ex = r.curves[0].timing!.example!;
    void design;
    let cohortDose = -1;
    const atDose = new Array(K).fill(0);
    for (const p of ex.patients) {
      if (!p.backfill) cohortDose = p.dose;
      else {
        expect(p.dose).toBeLessThan(cohortDose);
        expect(atDose[p.dose]).toBeLessThan(12);
      }
      if (p.outcome !== "manufacturing failure" && p.outcome !== "non-evaluable") atDose[p.dose]++;
    }
  });
  it("outputs add up: backfilled patients are in the patients per dose, DLTs at most patients, a seed gives one result", () => {
    const a = runTimed({ config, scenario: sc, trials: 3000, seed: "bf-sum" }).curves[0];
    const b = a.timing!.backfill!;
    expect(b.patients.mean).toBeGreaterThan(1);
    expect(b.perDose.reduce((x, y) => x + y, 0)).toBeCloseTo(b.patients.mean, 9);
    expect(b.dltsPerDose.reduce((x, y) => x + y, 0)).toBeCloseTo(b.dlts.mean, 9);
    b.perDose.forEach((n, d) => {
      expect(n).toBeLessThanOrEqual(a.patients[d] + 1e-12);
      expect(b.dltsPerDose[d]).toBeLessThanOrEqual(n + 1e-12);
    });
    expect(b.perDose[K - 1]).toBe(0);
    expect(b.pendingAtEnd.mean).toBeLessThanOrEqual(b.patients.mean);
    const again = runTimed({ config, scenario: sc, trials: 3000, seed: "bf-sum" }).curves[0];
    expect(again).toEqual(a);
  });
  it("patients otherwise turned away: finishes sooner than the BOIN it wraps (backfilled patients count toward nEarlyStop)", () => {
    const raw = JSON.parse(readFileSync("designs/sys6020-bf-boin.json", "utf8"));
    const conduct = { ...raw.conduct, whilePaused: "turn-away" };
    const wait = parseDesignConfig({ design: raw.design, conduct }, "(test)");
    const bf = parseDesignConfig({ design: raw.design, modifiers: raw.modifiers, conduct }, "(test)");
    const a = runTimed({ config: wait, scenario: sc, trials: 3000, seed: "bf-fast" }).curves[0];
    const b = runTimed({ config: bf, scenario: sc, trials: 3000, seed: "bf-fast" }).curves[0];
    expect(b.timing!.mtdDecision.mean).toBeLessThan(a.timing!.mtdDecision.mean);
    expect(b.timing!.turnedAway.mean).toBeLessThan(a.timing!.turnedAway.mean);
    expect(a.timing!.backfill).toBeUndefined();
  });
  it("with a waiting list, reserve keeps arriving patients for the next cohort", () => {
    const raw = JSON.parse(readFileSync("designs/sys6020-bf-boin.json", "utf8"));
    const mods = (reserve: number) => [{ ...raw.modifiers[0], reserve }];
    const r0 = runTimed({ config: parseDesignConfig({ design: raw.design, modifiers: mods(0), conduct: raw.conduct }, "(test)"), scenario: sc, trials: 3000, seed: "bf-res" }).curves[0];
    const r3 = runTimed({ config: parseDesignConfig({ design: raw.design, modifiers: mods(3), conduct: raw.conduct }, "(test)"), scenario: sc, trials: 3000, seed: "bf-res" }).curves[0];
    expect(r3.timing!.backfill!.patients.mean).toBeLessThan(r0.timing!.backfill!.patients.mean);
    expect(r3.timing!.waited.mean).toBeGreaterThan(r0.timing!.waited.mean);
    expect(r3.timing!.mtdDecision.mean).toBeLessThan(r0.timing!.mtdDecision.mean);
  });
  it("the same seed gives the same result in 1 and 2 worker threads", async () => {
    const here = runTimed({ config, scenario: sc, trials: 2 * 4096 + 17, seed: "bf-workers" });
    const two = await runTimedMonteCarlo({ config, scenario: sc, trials: 2 * 4096 + 17, seed: "bf-workers", workers: 2 });
    expect(JSON.parse(JSON.stringify(two.curves))).toEqual(JSON.parse(JSON.stringify(here.curves)));
  });
  it("refuses conduct.earlyDecision", () => {
    const raw = JSON.parse(readFileSync("designs/sys6020-bf-boin.json", "utf8"));
    const bad = parseDesignConfig({ design: raw.design, modifiers: raw.modifiers, conduct: { ...raw.conduct, earlyDecision: true } }, "(test)");
    expect(() => runTimed({ config: bad, scenario: sc, trials: 10, seed: "x" })).toThrow(/earlyDecision/);
  });
});
