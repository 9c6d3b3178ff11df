/**
 * TITE-CRM (src/designs/tite-crm.ts): with nobody pending it is the CRM exactly (property over
 * random histories); the weighted posterior lies between "pending patients absent" and
 * "pending patients complete and DLT-free" and moves with the weights; the weights are
 * dfcrm's; the two-stage start waits in stage 1; explanations say what decided; in the timed
 * engine it sees the observed DLT times and finishes sooner than the waiting CRM.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DESIGNS } from "../../../src/designs/index.js";
import { resolveParams } from "../../../src/config/params.js";
import { crmPosterior, crmSkeleton } from "../../../src/designs/crm.js";
import { titeWeights } from "../../../src/designs/tite-crm.js";
import { PendingTrialState, SUSPEND } from "../../../src/model/pending.js";
import { Action, type Decision } from "../../../src/model/decision.js";
import { TrialState } from "../../../src/model/state.js";
import { buildDesign, loadDesign, loadScenario, parseDesignConfig } from "../../../src/config/load.js";
import { timedRunner } from "../../../src/engine/timed.js";
import { runTimed } from "../../../src/engine/run.js";
import type { Design } from "../../../src/designs/design.js";

const K = 5;
const N = 30;
const params = (type: string, raw: Record<string, unknown>) => resolveParams(DESIGNS.get(type)!.params, raw, "(t)", "design");
const build = (type: string, raw: Record<string, unknown>) => DESIGNS.get(type)!.build(params(type, raw), K);
const same = (a: Decision, b: Decision) =>
  a.action === b.action && a.dose === b.dose && a.size === b.size && a.reason === b.reason && a.eliminateFrom === b.eliminateFrom && a.writeSlot === b.writeSlot && a.writeValue === b.writeValue;

const history = fc.record({
  current: fc.integer({ min: 0, max: K - 1 }),
  ns: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: K, maxLength: K }),
  frac: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: K, maxLength: K }),
  mem: fc.integer({ min: 0, max: K * (N + 1) - 1 }),
  elim: fc.integer({ min: 0, max: K }),
});
type History = { current: number; ns: number[]; frac: number[]; mem: number; elim: number };
function fill(s: TrialState, r: History): void {
  s.reset(0);
  for (let d = 0; d < K; d++) {
    const n = r.ns[d] * 3;
    if (n > 0) s.addCohort(d, n, Math.floor(r.frac[d] * (n + 1) * 0.999), false);
  }
  s.current = r.current;
  s.mem[0] = r.mem;
  if (r.elim < K) s.eliminate(r.elim);
}

for (const raw of [
  { target: 0.3, maxPatients: N, cohortSize: 3 },
  { target: 0.25, maxPatients: N, cohortSize: 3, model: "logistic", restrict: false, weights: "adaptive" },
  { target: 0.3, maxPatients: N, cohortSize: 3, startup: "escalate-until-first-dlt", safetyStop: false },
]) {
  describe(`tite-crm ${JSON.stringify(raw)}`, () => {
    const T = build("tite-crm", raw);
    const { weights: _w, ...crmRaw } = raw as Record<string, unknown>;
    const C = build("crm", crmRaw);
    it("with no pending patient decides, selects and explains as crm (property over random histories)", () => {
      fc.assert(
        fc.property(history, (r) => {
          const a = new PendingTrialState(K, 1);
          fill(a, r);
          const b = new TrialState(K, 1);
          fill(b, r);
          expect(same(T.decide(a), C.decide(b))).toBe(true);
          expect(same(T.decide(b), C.decide(b))).toBe(true);
          expect(T.selectMtd(a)).toBe(C.selectMtd(b));
          expect(T.explain!(a)).toBe(`${C.explain!(b)} (no patient pending: the crm rule)`);
        }),
        { numRuns: 300 },
      );
    });
  });
}

describe("tite-crm's weighted posterior", () => {
  const p = params("tite-crm", { target: 0.3, maxPatients: N });
  const post = crmPosterior(crmSkeleton(p, K), 0.3, "empiric", 3, 1.34);
  const arb = fc.record({
    n: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: K, maxLength: K }),
    yFrac: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: K, maxLength: K }),
    pend: fc.array(fc.record({ dose: fc.integer({ min: 0, max: K - 1 }), w: fc.double({ min: 0, max: 0.999, noNaN: true }) }), { minLength: 1, maxLength: 6 }),
  });
  it("lies between the fits with the pending patients absent and complete DLT-free, and grows with their weights (property)", () => {
    fc.assert(
      fc.property(arb, ({ n, yFrac, pend }) => {
        const full = [...n];
        for (const q of pend) full[q.dose]++;
        const y = n.map((v, k) => Math.floor(yFrac[k] * (v + 1) * 0.999));
        const dose = pend.map((q) => q.dose);
        const lo = post.fitWeighted(full, y, pend.length, dose, pend.map(() => 0));
        const mid = post.fitWeighted(full, y, pend.length, dose, pend.map((q) => q.w));
        const more = post.fitWeighted(full, y, pend.length, dose, pend.map((q) => Math.min(0.999, q.w + 0.3)));
        const hi = post.fit(full, y);
        expect(Math.abs(lo - post.fit(n, y))).toBeLessThan(1e-9);
        expect(mid).toBeGreaterThanOrEqual(lo - 1e-12);
        expect(more).toBeGreaterThanOrEqual(mid - 1e-12);
        expect(hi).toBeGreaterThanOrEqual(more - 1e-12);
      }),
      { numRuns: 200 },
    );
  });
  it("weights approaching 1 give the complete-data fit, and the safety probability follows", () => {
    const n = [3, 3, 2, 0, 0];
    const y = [0, 1, 0, 0, 0];
    const m = post.fitWeighted(n, y, 2, [2, 2], [1 - 1e-13, 1 - 1e-13]);
    expect(Math.abs(m - post.fit(n, y))).toBeLessThan(1e-9);
    const pr = post.lastProb;
    post.fit(n, y);
    expect(Math.abs(pr - post.lastProb)).toBeLessThan(1e-9);
    // weight 0: the pending patients tell nothing, and Pr(p1 > θ) is the fit without them
    post.fitWeighted(n, y, 2, [2, 2], [0, 0]);
    const pr0 = post.lastProb;
    post.fit([3, 3, 0, 0, 0], y);
    expect(Math.abs(pr0 - post.lastProb)).toBeLessThan(1e-9);
    expect(pr0).toBeGreaterThan(pr);
  });
});

function view(pending: { dose: number; u: number }[], dlts: number[] = []): PendingTrialState {
  const s = new PendingTrialState(K, 1);
  s.reset(0);
  for (const q of pending) s.addPending(q.dose, q.u);
  for (const t of dlts) s.addDltTime(t);
  return s;
}

describe("titeWeights (dfcrm's linear and adaptive schemes)", () => {
  const out = new Float64Array(8);
  const support = new Float64Array(8);
  it("linear: the follow-up share; adaptive with no DLT time: the same", () => {
    const s = view([{ dose: 0, u: 0.25 }, { dose: 1, u: 0.7 }, { dose: 1, u: 0.3 }]);
    s.clearPending();
    s.addPending(0, 0.25);
    s.addPending(1, 0.7);
    out.fill(-1);
    titeWeights(s.pending, false, out, support);
    expect([out[0], out[1], out[2]]).toEqual([0.25, 0.7, -1]); // only the listed patients are written
    titeWeights(s.pending, true, out, support);
    expect([out[0], out[1]]).toEqual([0.25, 0.7]);
  });
  it("adaptive: Cheung & Chappell's piecewise-linear weights between the sorted DLT times (given unsorted)", () => {
    // DLT times 0.6 and 0.2 (z = 2): below 0.2, u/0.2/3; between, (1 + (u − 0.2)/0.4)/3; above 0.6, (2 + (u − 0.6)/0.4)/3
    const s = view([{ dose: 0, u: 0.1 }, { dose: 0, u: 0.2 }, { dose: 0, u: 0.4 }, { dose: 0, u: 0.6 }, { dose: 0, u: 0.9 }], [0.6, 0.2]);
    titeWeights(s.pending, true, out, support);
    const want = [0.1 / 0.2 / 3, 1 / 3, 1.5 / 3, 2 / 3, (2 + 0.3 / 0.4) / 3];
    want.forEach((w, j) => expect(out[j]).toBeCloseTo(w, 12));
    // one DLT time: halves split at it
    const t = view([{ dose: 0, u: 0.25 }, { dose: 0, u: 0.75 }], [0.5]);
    titeWeights(t.pending, true, out, support);
    expect(out[0]).toBeCloseTo(0.25, 12);
    expect(out[1]).toBeCloseTo(0.75, 12);
    // three DLT times, a follow-up in the middle interval
    const u = view([{ dose: 0, u: 0.35 }], [0.3, 0.1, 0.5]);
    titeWeights(u.pending, true, out, support);
    expect(out[0]).toBeCloseTo((2 + 0.05 / 0.2) / 4, 12);
  });
});

describe("tite-crm decisions with pending patients", () => {
  it("treats at the weighted posterior's recommendation, and the explanation lists the weights", () => {
    const T = build("tite-crm", { target: 0.3, maxPatients: N, restrict: false, safetyStop: false });
    const s = new PendingTrialState(K, 1);
    s.reset(0);
    s.addCohort(0, 3, 0, false);
    s.addCohort(1, 3, 0, false);
    s.addPending(1, 0.5);
    s.addPending(1, 0.25);
    s.current = 1;
    const p = params("tite-crm", { target: 0.3, maxPatients: N });
    const post = crmPosterior(crmSkeleton(p, K), 0.3, "empiric", 3, 1.34);
    const a = post.fitWeighted(s.n, s.y, 2, [1, 1], [0.5, 0.25]);
    const dec = T.decide(s);
    expect(dec.action).toBe(Action.Treat);
    expect(dec.dose).toBe(post.recommend(a));
    const text = T.explain!(s);
    expect(text).toContain("2 pending patient(s), linear weights w = follow-up / window");
    expect(text).toContain("dose 2 followed 0.500 of the window: w = 0.500; dose 2 followed 0.250 of the window: w = 0.250");
    expect(text).toContain(`posterior mean of a = ${a.toFixed(4)}`);
    expect(text).toContain(`closest to 0.3: dose ${post.recommend(a) + 1}`);
    expect(text).toContain(`estimated DLT rates ${[0, 1, 2, 3, 4].map((k) => post.p(k, a).toFixed(3)).join(", ")};`);
    expect(text.endsWith(`Pr(p1 > 0.3) = ${post.lastProb.toFixed(3)}`)).toBe(true);
    expect(text).not.toContain("stage 1");
    // the same patients complete and DLT-free: a different (higher) estimate, the crm rule
    const c = new PendingTrialState(K, 1);
    c.reset(0);
    c.addCohort(0, 3, 0, false);
    c.addCohort(1, 3, 0, false);
    c.current = 1;
    expect(T.explain!(c)).toContain("no patient pending");
  });
  it("adaptive weights: the explanation names the DLT times used, or says it fell back to linear", () => {
    const T = build("tite-crm", { target: 0.3, maxPatients: N, weights: "adaptive" });
    const s = view([{ dose: 1, u: 0.4 }], [0.2]);
    s.n[0] = 3;
    s.y[0] = 1;
    s.n[1] = 1;
    s.escalationN = 4;
    s.current = 1;
    const text = T.explain!(s);
    expect(text).toContain("adaptive weights (Cheung & Chappell 2000) from 1 observed DLT time(s)");
    expect(text).toContain(`w = ${((1 + 0.2 / 0.8) / 2).toFixed(3)}`);
    s.clearPending();
    s.addPending(1, 0.4);
    expect(T.explain!(s)).toContain("adaptive weights with no DLT time known: linear weights");
  });
  it("the safety stop and the sample size cap apply with pending patients", () => {
    const T = build("tite-crm", { target: 0.3, maxPatients: 9 });
    const s = view([]);
    s.addCohort(0, 3, 3, false);
    s.addCohort(0, 3, 0, false);
    s.addPending(0, 0.1);
    s.current = 0;
    expect(T.decide(s).reason).toBe(build("crm", { target: 0.3, maxPatients: 9 }).decide(s).reason);
    const t = view([{ dose: 0, u: 0.9 }]);
    t.addCohort(0, 3, 0, false);
    t.addCohort(0, 3, 0, false);
    t.addCohort(1, 3, 0, false);
    t.current = 1;
    expect(T.decide(t).action).toBe(Action.Stop);
  });
  it("two-stage start: stage 1 escalation waits for stageOneWait of the window at the current dose; after a DLT the model decides", () => {
    const raw = { target: 0.3, maxPatients: N, startup: "escalate-until-first-dlt" };
    const T = build("tite-crm", raw);
    const early = build("tite-crm", { ...raw, stageOneWait: 0.4 });
    const s = view([]);
    s.addCohort(0, 3, 0, false);
    s.addPending(0, 0.5);
    s.current = 0;
    expect(T.decide(s)).toBe(SUSPEND);
    expect(T.explain!(s)).toContain("stage 1: escalation waits until every patient at dose 1 has been followed for 1 of the window");
    const dec = early.decide(s);
    expect(dec.action).toBe(Action.Treat);
    expect(dec.dose).toBe(1);
    expect(early.explain!(s)).not.toContain("stage 1");
    // nobody pending at the current dose (the pending patient is at dose 1, the current dose 2): no wait
    s.addCohort(1, 3, 0, false);
    s.current = 1;
    expect(T.decide(s).dose).toBe(2);
    // a DLT ends stage 1: the model decides, pending patients or not
    const d = view([]);
    d.addCohort(0, 3, 1, false);
    d.addPending(0, 0.5);
    d.current = 0;
    expect(T.decide(d)).not.toBe(SUSPEND);
    // follow-up exactly stageOneWait: no longer held
    const half = build("tite-crm", { ...raw, stageOneWait: 0.5 });
    const h = view([]);
    h.addCohort(0, 3, 0, false);
    h.addPending(0, 0.5);
    h.current = 0;
    expect(half.decide(h).dose).toBe(1);
    // a DLT at another dose also ends stage 1: the model escalates with a patient pending at the current dose
    const g = view([]);
    g.addCohort(0, 6, 1, false);
    g.addCohort(1, 3, 0, false);
    g.addPending(1, 0.3);
    g.mem[0] = 1 * (N + 1);
    g.current = 1;
    expect(T.decide(g)).not.toBe(SUSPEND);
    expect(T.decide(g).dose).toBe(2);
    // a stage-1 decision that does not escalate is never held
    const e = view([]);
    e.addCohort(K - 1, 3, 0, false);
    e.addPending(K - 1, 0.1);
    e.current = K - 1;
    expect(T.decide(e)).not.toBe(SUSPEND);
  });
  it("describes itself as tite-crm with its weights (and stageOneWait only for a two-stage start), deciding with pending patients", () => {
    const T = build("tite-crm", { target: 0.3, maxPatients: N });
    expect(T.type).toBe("tite-crm");
    expect(T.decidesWithPending).toBe(true);
    expect(T.describe()).toMatchObject({ type: "tite-crm", weights: "linear" });
    expect(T.describe().stageOneWait).toBeUndefined();
    const U = build("tite-crm", { target: 0.3, maxPatients: N, initialDoses: [1, 2], stageOneWait: 0.5, weights: "adaptive" });
    expect(U.describe()).toMatchObject({ type: "tite-crm", weights: "adaptive", stageOneWait: 0.5 });
  });
  it("grows its scratch for a pending list longer than maxPatients (doseladder next)", () => {
    const T = build("tite-crm", { target: 0.3, maxPatients: 3, cohortSize: 1, weights: "adaptive" });
    const s = view([], [0.1, 0.2, 0.3, 0.4, 0.5]);
    s.addCohort(0, 5, 5, false);
    for (let i = 0; i < 5; i++) {
      s.n[0]++;
      s.addPending(0, 0.05 * i + 0.7);
    }
    const text = T.explain!(s);
    expect(Number.isFinite(Number(/a = (-?[0-9.]+)/.exec(text)![1]))).toBe(true);
    // every follow-up is beyond the last DLT time 0.5: w = (5 + (u − 0.5)/0.5)/6
    for (let i = 0; i < 5; i++) expect(text).toContain(`w = ${((5 + (0.05 * i + 0.2) / 0.5) / 6).toFixed(3)}`);
  });
});

describe("tite-crm in the timed engine", () => {
  it("sees the observed DLT times, each inside the window, never more than the DLTs observed", () => {
    const base = loadScenario("scenarios/cd19-bcma-timed.json");
    const design = { type: "tite-crm", target: 0.25, maxPatients: 18, cohortSize: 3, halfwidth: 0.06, priorMtd: 2, weights: "adaptive" };
    const adaptive = parseDesignConfig({ name: "a", doses: 3, design, conduct: { windowDays: 28 } }, "(test)");
    const inner = buildDesign(adaptive, 3);
    let seen = 0;
    const spy: Design = {
      ...inner,
      decide: (v) => {
        const pv = (v as PendingTrialState).pending;
        let y = 0;
        for (let k = 0; k < v.numDoses; k++) y += v.y[k];
        expect(pv.dltTimes).toBeLessThanOrEqual(y);
        for (let j = 0; j < pv.dltTimes; j++) expect(pv.dltTime[j] > 0 && pv.dltTime[j] < 1).toBe(true);
        if (pv.dltTimes > 0) seen++;
        return inner.decide(v);
      },
    };
    const runner = timedRunner(spy, { ...base.timing!, rate: 4 }, adaptive.conduct, [0.25, 0.42, 0.6], 0);
    runner.runBlock("dlt-times", 0, 100, new Float64Array(runner.layout.length));
    expect(seen).toBeGreaterThan(0);
  });
  it("at 4 referrals a month finishes sooner than the CRM waiting for every window, correct selection within 0.06", () => {
    const tite = loadDesign("designs/cd19-bcma-tite-crm.json");
    const wait = { ...loadDesign("designs/cd19-bcma-crm.json"), conduct: tite.conduct };
    const base = loadScenario("scenarios/cd19-bcma-timed.json");
    const scenario = { ...base, timing: { ...base.timing!, rate: 4 }, curves: base.curves.filter((c) => c.name === "mtd-middle") };
    const a = runTimed({ config: wait, scenario, trials: 2000, seed: "tite-crm" }).curves[0];
    const b = runTimed({ config: tite, scenario, trials: 2000, seed: "tite-crm" }).curves[0];
    expect(b.timing!.duration.mean).toBeLessThan(0.85 * a.timing!.duration.mean);
    expect(Math.abs(b.correctSelection! - a.correctSelection!)).toBeLessThan(0.06);
  });
});
