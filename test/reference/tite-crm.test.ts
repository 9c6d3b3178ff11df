/**
 * TITE-CRM against dfcrm's titecrm on the example of its help page (prior c(0.05, 0.10, 0.20,
 * 0.35, 0.50, 0.70), target 0.2, ten patients, obswin 180; linear and adaptive weights, empiric
 * and logistic models). The help page prints no numbers, so the reference values were computed
 * independently with dfcrm's definitions by test/reference/fixtures/gen_tite_crm.py (Python
 * standard library, composite Simpson); they are in fixtures/tite-crm.json with that provenance.
 * The design sees the example as the timed engine would show it: the five patients followed
 * less than 180 days without a DLT are pending, the two DLTs carry their times.
 */
import { describe, expect, it } from "vitest";
import { resolveParams } from "../../src/config/params.js";
import { crmPosterior } from "../../src/designs/crm.js";
import { titeCrm, titeCrmParams, titeWeights } from "../../src/designs/tite-crm.js";
import { PendingTrialState } from "../../src/model/pending.js";
import { Action } from "../../src/model/decision.js";
import { fixture } from "../helpers/fixtures.js";

const fx = fixture("tite-crm.json");
const K = fx.prior.length as number;

function exampleState(): { s: PendingTrialState; pendingIndex: number[] } {
  const s = new PendingTrialState(K, 1);
  s.reset(0);
  const pendingIndex: number[] = [];
  fx.level.forEach((lev: number, i: number) => {
    const d = lev - 1;
    const u = fx.followup[i] / fx.obswin;
    s.n[d]++;
    s.escalationN++;
    if (fx.tox[i] === 1) {
      s.y[d]++;
      s.addDltTime(u);
    } else if (u < 1) {
      s.addPending(d, u);
      pendingIndex.push(i);
    }
  });
  s.cohorts = fx.level.length;
  s.current = fx.level[fx.level.length - 1] - 1;
  return { s, pendingIndex };
}

describe("TITE-CRM vs dfcrm::titecrm (help-page example, reference values by gen_tite_crm.py)", () => {
  for (const c of fx.cases as { model: "empiric" | "logistic"; scheme: "linear" | "adaptive"; weights: number[]; estimate: number; ptox: number[]; mtd: number }[]) {
    it(`${c.model} model, ${c.scheme} weights: weights, posterior mean, DLT estimates to 1e-6 and the recommended dose`, () => {
      const { s, pendingIndex } = exampleState();
      // weights of the pending patients
      const w = new Float64Array(16);
      titeWeights(s.pending, c.scheme === "adaptive", w, new Float64Array(16));
      pendingIndex.forEach((i, j) => expect(Math.abs(w[j] - c.weights[i]), `patient ${i + 1}`).toBeLessThan(1e-12));
      // posterior mean and estimates on the design's grid
      const post = crmPosterior(fx.prior, fx.target, c.model, fx.intercept, fx.priorVariance);
      const est = post.fitWeighted(s.n, s.y, s.pending.patients, s.pending.patientDose, w);
      expect(Math.abs(est - c.estimate)).toBeLessThan(1e-6);
      c.ptox.forEach((p, k) => expect(Math.abs(post.p(k, est) - p), `dose ${k + 1}`).toBeLessThan(1e-6));
      // the design's decision, unrestricted (titecrm's mtd), and its explanation
      const raw = { target: fx.target, maxPatients: 30, cohortSize: 1, skeleton: fx.prior, model: c.model, weights: c.scheme, restrict: false, safetyStop: false };
      const design = titeCrm(resolveParams(titeCrmParams, raw, "(ref)", "design"), K);
      const dec = design.decide(s);
      expect(dec.action).toBe(Action.Treat);
      expect(dec.dose + 1).toBe(c.mtd);
      expect(design.explain!(s)).toContain(`posterior mean of a = ${c.estimate.toFixed(4)}`);
    });
  }
});
