/**
 * TITE-CRM, the time-to-event continual reassessment method (Cheung & Chappell 2000,
 * Biometrics 56:1177-1182, doi:10.1111/j.0006-341X.2000.01177.x), with the conventions of R's
 * dfcrm (`titecrm`, `titesim`): the CRM of crm.ts deciding with patients still pending.
 *
 * The likelihood weighs each patient i at dose x_i with weight w_i:
 *   ∏ {w_i F(x_i, β)}^{Y_i} {1 − w_i F(x_i, β)}^{1 − Y_i},
 * where a patient with a DLT (Y_i = 1) and a patient who completed the window without one have
 * w_i = 1, and a pending patient (inside the window, no DLT so far) has
 * - `weights: "linear"` (dfcrm's default): w = follow-up / window;
 * - `weights: "adaptive"` (Cheung & Chappell 2000, dfcrm's `scheme = "adaptive"`): with the
 *   z observed DLTs' times (from the start of follow-up) sorted, s_1 <= ... <= s_z, all
 *   standardized by the window, and m = #{s_j <= u} for follow-up u:
 *   w = u / s_1 / (z + 1) if m = 0; (z + (u − s_z)/(1 − s_z)) / (z + 1) if m = z;
 *   (m + (u − s_m)/(s_{m+1} − s_m)) / (z + 1) otherwise; the linear weight when z = 0.
 *   (dfcrm clips weights at 1 for follow-ups beyond the window; a pending follow-up is below
 *   the window, so every weight here is below 1 already.)
 * The posterior mean of a is computed on crm.ts's grid (CrmPosterior.fitWeighted), and then
 * every rule of the CRM applies unchanged (crm.ts's CrmFitOverride): the dose closest to the
 * target, `restrict`, the safety stop, the maximum sample size, eliminated doses, the two-stage
 * start, the final selection (from complete data: the timed engine ends a trial only when
 * nobody is pending). With no pending patient the design is exactly crm.ts.
 *
 * dfcrm's conventions, and what this design does about them:
 * - Dose skipping: `titesim(restrict = TRUE)` never assigns more than one level above the
 *   last patient's dose; crm.ts's `restrict` does the same, and also does not escalate after
 *   a cohort whose observed DLT rate is at least the target (crmsim's coherence rule, which
 *   titesim lacks); with pending patients that rate counts the DLTs observed at the current
 *   dose since the last cohort was assigned.
 * - The first patients: titesim with a scalar x0 treats the first patient at x0 and lets the
 *   model decide from the second patient on, with the first one still pending (weight near
 *   0, so the recommendation is close to the prior's, and only `restrict` holds escalation to
 *   one level per patient); so does this design with `startup: "none"`. With a vector x0
 *   (two-stage, crm.ts's `initialDoses` or `startup: "escalate-until-first-dlt"`), titesim
 *   follows x0 until the first DLT is observed, moving to the next level of x0 only when
 *   `tgrp` time units have passed since the last patient entered (default: the window);
 *   here `stageOneWait` is tgrp / window: in stage 1 an escalation waits (SUSPEND) until every
 *   patient pending at the current dose has been followed for that share of the window.
 *   dfcrm's vague prior (σ = 500) while every observed outcome is a DLT applies only without
 *   pending patients here (with one pending, not every outcome is a DLT).
 * - dfcrm treats one patient at a time; `cohortSize` > 1 gives the group version (a decision
 *   at each arrival once the previous cohort is assigned).
 */
import { SUSPEND, type PendingTrialView, type PendingView } from "../model/pending.js";
import type { TrialView } from "../model/state.js";
import type { ParamSpec, ParamValues } from "../config/params.js";
import type { CrmModel } from "../select/skeleton.js";
import { crm, crmParams, crmPosterior, crmSkeleton, type CrmFitOverride } from "./crm.js";
import { wrap, type Design } from "./design.js";

export const titeCrmParams: readonly ParamSpec[] = [
  ...crmParams,
  {
    name: "weights",
    kind: "enum",
    values: ["linear", "adaptive"],
    default: "linear",
    description: "Weight of a pending patient's DLT-free follow-up: linear, follow-up / window (dfcrm's default); adaptive, Cheung & Chappell's (2000) weights from the observed DLT times (dfcrm's scheme \"adaptive\").",
  },
  {
    name: "stageOneWait",
    kind: "number",
    min: 0,
    max: 1,
    default: 1,
    description: "Two-stage start only: move up the initial sequence only when every patient pending at the current dose has been followed for this share of the window (dfcrm titesim's tgrp / obswin; 1: the whole window).",
  },
];

/** The pending patients' weights, linear or adaptive (see the header), into `out`. */
export function titeWeights(pv: PendingView, adaptive: boolean, out: Float64Array, support: Float64Array): void {
  const m = pv.patients;
  const z = adaptive ? pv.dltTimes : 0;
  // insertion sort of the DLT times (a handful)
  for (let j = 0; j < z; j++) {
    const t = pv.dltTime[j];
    let i = j;
    for (; i > 0; i--) {
      // Stryker disable next-line EqualityOperator: `<` for `<=` also moves times equal to t up one place, which gives the same sorted list
      if (support[i - 1] <= t) break;
      support[i] = support[i - 1];
    }
    support[i] = t;
  }
  for (let j = 0; j < m; j++) {
    const u = pv.patientFollowUp[j];
    if (z === 0) {
      out[j] = u;
      continue;
    }
    // m = #{s_j <= u}, as dfcrm counts (`support <= followup`): the weight is continuous at a
    // single DLT time, but jumps at tied ones (two DLTs at day 30: 1/3 just before, 2/3 at day 30)
    let c = 0;
    while (c < z && support[c] <= u) c++;
    if (c === 0) out[j] = u / support[0] / (z + 1);
    else if (c === z) out[j] = (z + (u - support[z - 1]) / (1 - support[z - 1])) / (z + 1);
    else out[j] = (c + (u - support[c - 1]) / (support[c] - support[c - 1])) / (z + 1);
  }
}

/** Build a TITE-CRM design for `numDoses` doses from resolved parameters. */
export function titeCrm(p: ParamValues, numDoses: number): Design {
  const target = p.target as number;
  const adaptive = p.weights === "adaptive";
  const wait = p.stageOneWait as number;
  const twoStage = (p.initialDoses as readonly number[]).length > 0 || p.startup === "escalate-until-first-dlt";
  const post = crmPosterior(crmSkeleton(p, numDoses), target, p.model as CrmModel, p.intercept as number, p.priorVariance as number);
  // scratch, sized for every patient of a trial (grown for a longer list given to `next`)
  let weight = new Float64Array(p.maxPatients as number);
  let support = new Float64Array(p.maxPatients as number);

  const override: CrmFitOverride & { mean: number; prob: number } = {
    mean: 0,
    prob: 0,
    fit(view: TrialView): boolean {
      const pv = (view as PendingTrialView).pending;
      if (pv === undefined || pv.patients === 0) return false;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: growing always, or also at equality, allocates a fresh array of the same length: the same weights, only slower
      if (weight.length < pv.patients) weight = new Float64Array(pv.patients);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: as for weight above (and support is read only for the first pv.dltTimes entries)
      if (support.length < pv.dltTimes) support = new Float64Array(pv.dltTimes);
      titeWeights(pv, adaptive, weight, support);
      override.mean = post.fitWeighted(view.n, view.y, pv.patients, pv.patientDose, weight);
      override.prob = post.lastProb;
      return true;
    },
  };
  const inner = crm(p, numDoses, override);

  /** Stage 1 of a two-stage start: no DLT observed yet. */
  const inStageOne = (s: TrialView): boolean => {
    // Stryker disable next-line EqualityOperator: `k <= numDoses` also reads y[K], past the end of the K-long typed array: undefined, not > 0
    for (let k = 0; k < numDoses; k++) {
      if (s.y[k] > 0) return false;
    }
    return twoStage;
  };
  /**
   * Stage 1 holds an escalation while a patient at the current dose is followed for less than
   * `wait` (minFollowUp is 1 when nobody is pending there, and wait <= 1).
   */
  const holds = (s: PendingTrialView): boolean => {
    const pv = s.pending;
    return pv !== undefined && pv.minFollowUp[s.current] < wait && inStageOne(s);
  };

  // an escalation is a treat decision above the current dose (a stop has dose −1)
  const decide = (view: TrialView): ReturnType<Design["decide"]> => {
    const dec = inner.decide(view);
    return dec.dose > view.current && holds(view as PendingTrialView) ? SUSPEND : dec;
  };

  const explain = (view: TrialView): string => {
    const s = view as PendingTrialView;
    if (!override.fit(s)) return `${inner.explain!(s)} (no patient pending: the crm rule)`;
    const pv = s.pending!;
    const a = override.mean;
    const list = Array.from({ length: pv.patients }, (_, j) => `dose ${pv.patientDose[j] + 1} followed ${pv.patientFollowUp[j].toFixed(3)} of the window: w = ${weight[j].toFixed(3)}`).join("; ");
    const how = adaptive
      ? pv.dltTimes > 0
        ? `adaptive weights (Cheung & Chappell 2000) from ${pv.dltTimes} observed DLT time(s)`
        : "adaptive weights with no DLT time known: linear weights (as dfcrm with no DLT)"
      : "linear weights w = follow-up / window";
    const est = Array.from({ length: numDoses }, (_, k) => post.p(k, a).toFixed(3)).join(", ");
    const wait1 = holds(s) ? `; stage 1: escalation waits until every patient at dose ${s.current + 1} has been followed for ${wait} of the window` : "";
    return `${pv.patients} pending patient(s), ${how}: ${list}; weighted-likelihood posterior mean of a = ${a.toFixed(4)}; estimated DLT rates ${est}; closest to ${target}: dose ${post.recommend(a) + 1}; Pr(p1 > ${target}) = ${override.prob.toFixed(3)}${wait1}`;
  };

  return {
    ...wrap(inner, {
      type: "tite-crm",
      decide,
      explain,
      describe: () => ({ ...inner.describe(), type: "tite-crm", weights: p.weights, ...(twoStage ? { stageOneWait: wait } : {}) }),
    }),
    decidesWithPending: true,
  };
}
