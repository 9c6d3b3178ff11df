/** crm.decide / crm.selectMtd on hand-built trial histories ("1NNN 2NNT" notation). */
import { describe, expect, it } from "vitest";
import { crm, crmParams, crmPosterior } from "../../src/designs/crm.js";
import { getprior } from "../../src/select/skeleton.js";
import { resolveParams } from "../../src/config/params.js";
import { parseOutcomes } from "../../src/model/outcomes.js";
import { TrialState } from "../../src/model/state.js";
import { Action, REASONS, type Decision } from "../../src/model/decision.js";
import type { Design } from "../../src/designs/design.js";

const K = 5;
const base = { target: 0.3, maxPatients: 30, cohortSize: 3, priorMtd: 3 };
const make = (extra: Record<string, unknown> = {}, doses = K) => crm(resolveParams(crmParams, { ...base, ...extra }, "test", "design"), doses);

/** Replay an outcome string through the design, applying each decision's eliminations and memory writes. */
function replay(design: Design, text: string): TrialState {
  const s = new TrialState(design.numDoses, design.memSlots);
  s.reset(design.startDose);
  for (const c of parseOutcomes(text, design.numDoses)) {
    const dec = design.decide(s);
    if (dec.writeSlot >= 0) s.mem[dec.writeSlot] = dec.writeValue;
    s.addCohort(c.dose, c.size, c.dlts, false);
  }
  return s;
}
const next = (design: Design, text: string): Decision => design.decide(replay(design, text));
const reason = (d: Decision) => REASONS[d.reason];

describe("crm.decide", () => {
  it("treats the first cohort at the start dose", () => {
    const d = next(make({ startDose: 2 }), "");
    expect([d.action, d.dose, d.size, reason(d)]).toEqual([Action.Treat, 1, 3, "start"]);
  });
  it("escalates by one dose only after 1NNN although the model points higher (restrict)", () => {
    const post = crmPosterior(getprior(0.05, 0.3, 3, 5), 0.3, "empiric", 3, 1.34);
    const unrestricted = post.recommend(post.posteriorMean([3, 0, 0, 0, 0], [0, 0, 0, 0, 0]));
    expect(unrestricted).toBeGreaterThan(1); // the model alone would skip dose 2
    const d = next(make(), "1NNN");
    expect([d.dose, reason(d)]).toEqual([1, "escalate"]);
    expect(next(make({ restrict: false }), "1NNN").dose).toBe(unrestricted);
  });
  it("does not escalate after a cohort whose DLT rate is >= target (1NNN 2NNN 3NNT: 1/3 >= 0.3)", () => {
    const d = next(make(), "1NNN 2NNN 3NNT");
    expect(d.dose).toBeLessThanOrEqual(2);
  });
  it("uses the last cohort's DLTs, not all DLTs at the dose (1NNN 2NNT 2NNN may escalate)", () => {
    const withTox = next(make(), "1NNN 2NNT");
    expect(withTox.dose).toBeLessThanOrEqual(1);
    const s = replay(make(), "1NNN 2NNT 2NNN");
    // memory holds (dose last treated) × (N + 1) + (its DLTs before that cohort), N = 30
    expect(Math.floor(s.mem[0] / 31)).toBe(1);
    expect(s.y[1] - (s.mem[0] % 31)).toBe(0); // the last cohort had no DLT
    const post = crmPosterior(getprior(0.05, 0.3, 3, 5), 0.3, "empiric", 3, 1.34);
    const model = post.recommend(post.posteriorMean(s.n, s.y));
    expect(make().decide(s).dose).toBe(Math.min(model, 2));
  });
  it("follows the model's plug-in recommendation when no restriction binds", () => {
    const post = crmPosterior(getprior(0.05, 0.3, 3, 5), 0.3, "empiric", 3, 1.34);
    const s = replay(make(), "1NNN 2NNN 3TTT");
    const model = post.recommend(post.posteriorMean(s.n, s.y));
    expect(make().decide(s).dose).toBe(Math.min(model, 2));
    expect(model).toBeLessThanOrEqual(1); // 3/3 at dose 3 pulls the estimate down
    expect(reason(make().decide(s))).toBe("de-escalate");
  });
  it("stops at the maximum sample size", () => {
    const d = next(make({ maxPatients: 6 }), "1NNN 2NNN");
    expect([d.action, reason(d)]).toEqual([Action.Stop, "max-n"]);
  });
  it("safety stop: 1TTT gives Pr(p1 > 0.3) > 0.9 and stops with no MTD; off, the trial goes on", () => {
    const design = make();
    const s = replay(design, "1TTT");
    const post = crmPosterior(getprior(0.05, 0.3, 3, 5), 0.3, "empiric", 3, 1.34);
    expect(post.probLowestAboveTarget(s.n, s.y)).toBeGreaterThan(0.9);
    const d = design.decide(s);
    expect([d.action, reason(d), d.eliminateFrom]).toEqual([Action.Stop, "lowest-dose-too-toxic", 0]);
    s.eliminate(0);
    expect(design.selectMtd(s)).toBe(-1);
    expect(next(make({ safetyStop: false }), "1TTT")).toMatchObject({ action: Action.Treat, dose: 0 });
  });
  it("safety stop waits for safetyMinPatients", () => {
    expect(next(make({ safetyMinPatients: 6 }), "1TTT").action).toBe(Action.Treat);
  });
  it("two-stage (initialDoses 1,1,2,2,...): stays on the sequence until the first DLT, then the model decides", () => {
    const design = make({ initialDoses: [1, 1, 2, 2, 3, 3, 4, 4, 5, 5] });
    expect(next(design, "1NNN").dose).toBe(0); // the one-stage CRM would escalate here
    expect(next(design, "1NNN 1NNN").dose).toBe(1);
    expect(next(design, "1NNN 1NNN 2NNN 2NNN 3NNN 3NNN 4NNN 4NNN 5NNN 5NNN").action).toBe(Action.Stop); // 30 patients
    const after = next(design, "1NNN 1NNN 2NNN 2NNT");
    expect(after.dose).toBeLessThanOrEqual(1); // model step, restricted: no escalation after 1/3
  });
  it("startup escalate-until-first-dlt climbs one cohort per dose from the start dose, then repeats the top", () => {
    const design = make({ startup: "escalate-until-first-dlt", startDose: 2 });
    expect(next(design, "").dose).toBe(1);
    expect(next(design, "2NNN").dose).toBe(2);
    expect(next(design, "2NNN 3NNN 4NNN 5NNN").dose).toBe(4);
  });
  it("two-stage: while every patient had a DLT the model step uses dfcrm's vague prior", () => {
    const design = make({ startup: "escalate-until-first-dlt", startDose: 3, safetyStop: false, restrict: false });
    const post = crmPosterior(getprior(0.05, 0.3, 3, 5), 0.3, "empiric", 3, 1.34, 30);
    const s = replay(design, "3TTT");
    const vague = post.posteriorMean(s.n, s.y, true);
    // by hand: with σ = 500 the likelihood ≈ 1 left of −10, so â ≈ (∫_{−10}^{10} a L φ) / (Φ(−0.02) + ...) is near 0
    expect(Math.abs(vague)).toBeLessThan(0.2);
    expect(design.decide(s).dose).toBe(post.recommend(vague));
    expect(post.recommend(post.posteriorMean(s.n, s.y))).toBe(0); // the usual prior would drop to dose 1
  });
});

describe("crm.selectMtd", () => {
  it("is the final recommendation, or the tried dose closest to the target when that dose is untried (unless allowUntriedMtd)", () => {
    const post = crmPosterior(getprior(0.05, 0.3, 3, 5), 0.3, "empiric", 3, 1.34);
    const text = "1NNN 2NNN 2NNN 2NNN 2NNN";
    const s = replay(make(), text);
    const model = post.recommend(post.posteriorMean(s.n, s.y));
    expect(model).toBeGreaterThan(1);
    expect(make().selectMtd(s)).toBe(1);
    expect(make({ allowUntriedMtd: true }).selectMtd(replay(make({ allowUntriedMtd: true }), text))).toBe(model);
  });
  it("is -1 before any patient", () => {
    const s = new TrialState(K, 1);
    s.reset(0);
    expect(make().selectMtd(s)).toBe(-1);
  });
});

describe("crm configuration errors", () => {
  const msg = (extra: Record<string, unknown>, doses = K) => {
    try {
      make(extra, doses);
      return "";
    } catch (e) {
      return (e as Error).message;
    }
  };
  it("rejects a sample size that is not a multiple of the cohort size", () => expect(msg({ maxPatients: 31 })).toMatch(/multiple of cohortSize/));
  it("rejects a skeleton of the wrong length", () => expect(msg({ skeleton: [0.1, 0.2, 0.3] })).toMatch(/3 values but the ladder has 5/));
  it("rejects a skeleton that does not increase", () => expect(msg({ skeleton: [0.1, 0.2, 0.2, 0.3, 0.4] })).toMatch(/increase strictly/));
  it("rejects startup together with initialDoses", () => expect(msg({ startup: "escalate-until-first-dlt", initialDoses: [1, 2] })).toMatch(/not both/));
  it("rejects initialDoses beyond the ladder", () => expect(msg({ initialDoses: [1, 6] })).toMatch(/initialDoses\[1\] = 6/));
  it("rejects a logistic intercept too small for the skeleton", () => expect(msg({ model: "logistic", intercept: 0.5, skeleton: [0.1, 0.2, 0.3, 0.5, 0.7] })).toMatch(/intercept 0.5 is too small/));
  it("rejects a prior MTD beyond the ladder", () => expect(msg({ priorMtd: 6 })).toMatch(/priorMtd 6/));
  it("the logistic model with dfcrm's intercept 3 builds and decides", () => {
    expect(next(make({ model: "logistic" }), "1NNN").dose).toBe(1);
  });
});
