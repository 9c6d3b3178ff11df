/**
 * Exact operating characteristics of an efficacy-guided expansion, given the escalation's final
 * state (n and DLTs per dose, selected MTD m).
 *
 * After escalation, `patientsPerDose` patients are enrolled at m (and, with doses
 * "mtd-and-below", also at m - 1). Each patient's outcome is one of the four joint cells
 * [DLT and response, DLT only, response only, neither] (src/model/joint.ts). A dose's arm runs
 * on its own: arms have fixed sizes (sequential, or block-randomised 1:1), so given the final
 * escalation state the arms are independent and the allocation order changes the calendar, not
 * the outcome distribution. Each arm is computed exactly by dynamic programming over the
 * multinomial counts of its patients' cells; escalation patients at the dose are pooled into the
 * efficacy data when `poolEscalation` is set, their responses following their known DLT counts:
 * Bin(y, P(R | DLT)) + Bin(n - y, P(R | no DLT)).
 *
 * Monitoring after each expansion patient k (1-based):
 * - toxicity (the rule of the `expansion` modifier, posteriorExceeds from src/select/beta-tail.ts):
 *   when k is a multiple of `toxEvery`, stop the dose if Pr(DLT rate > toxLimit | data) > toxCutoff,
 *   data = expansion DLTs (plus the escalation's at the dose with toxData "all");
 * - efficacy, `futility`: when k >= minPatients and (k - minPatients) is a multiple of lookEvery,
 *   stop if Pr(response rate > p0 | data) < futilityCutoff (Beta(effPriorA, effPriorB) prior);
 * - efficacy, `simon`: at k = n1 stop if expansion responders <= r1; at k = n the dose passes only
 *   with more than r responders (the arm's size is then the Simon n).
 * A toxicity stop takes precedence when both rules fire at the same patient.
 *
 * The final rule chooses among the doses that were neither stopped nor failed:
 * - `highest-safe`: the highest;
 * - `best-utility`: the highest posterior mean utility sum_c w_c (x_c + 1/4) / (N + 1)
 *   (a Dirichlet(1/4, 1/4, 1/4, 1/4) prior on the cells; ties go to the lower dose);
 * - `lowest-within-delta`: the lower dose when its posterior mean response (Beta(effPriorA,
 *   effPriorB) prior, efficacy data) is at least the higher dose's minus delta.
 * No dose is recommended when every expansion dose stopped or failed.
 */
import { binomialPmfs } from "../random/binomial.js";
import { posteriorExceeds } from "../select/beta-tail.js";
import { jointCells, responseGivenDlt, type Association } from "../model/joint.js";

export type FinalRule = "highest-safe" | "best-utility" | "lowest-within-delta";

/** Resolved configuration of an efficacy expansion. */
export interface EfficacyExpansionConfig {
  readonly doses: "mtd" | "mtd-and-below";
  readonly allocation: "sequential" | "randomised";
  readonly patientsPerDose: number;
  readonly poolEscalation: boolean;
  readonly efficacy:
    | { readonly rule: "none" }
    | { readonly rule: "futility"; readonly p0: number; readonly cutoff: number; readonly priorA: number; readonly priorB: number; readonly minPatients: number; readonly every: number }
    | { readonly rule: "simon"; readonly n1: number; readonly r1: number; readonly n: number; readonly r: number };
  readonly toxicity: { readonly monitor: boolean; readonly limit: number; readonly cutoff: number; readonly priorA: number; readonly priorB: number; readonly every: number; readonly pooled: boolean };
  readonly finalRule: FinalRule;
  /**
   * The rule defining the true optimal biological dose and the "better" of two doses (the same
   * three rules applied to the true rates); the final rule when absent. A toxicity-only expansion
   * (highest-safe) sets it to the efficacy designs' rule so their P(recommending the OBD) compare.
   */
  readonly optimalRule?: FinalRule;
  /** cell weights [DLT and response, DLT only, response only, neither] for best-utility */
  readonly weights: readonly [number, number, number, number];
  readonly delta: number;
  /** Beta prior of the posterior mean response (lowest-within-delta) */
  readonly responsePriorA: number;
  readonly responsePriorB: number;
}

/** The world of one curve: DLT and response probabilities per dose, and their association. */
export interface EfficacyTruth {
  readonly tox: readonly number[];
  readonly response: readonly number[];
  readonly association: Association;
}

/** The escalation's final state. */
export interface EscalationFinal {
  readonly n: readonly number[];
  readonly y: readonly number[];
  /** 0-based MTD, or -1 (no expansion) */
  readonly mtd: number;
}

/** Status of an arm at its end. */
export const ARM_PASSED = 0;
export const ARM_TOX_STOP = 1;
export const ARM_FUTILITY_STOP = 2;
export const ARM_FAILED = 3;

/** Exact summary of one dose's arm. */
export interface ArmSummary {
  readonly dose: number;
  /** P(status) for ARM_PASSED .. ARM_FAILED */
  readonly status: Float64Array;
  readonly expectedPatients: number;
  readonly expectedResponders: number;
  readonly expectedDlts: number;
  /** the final-rule statistic of each passing outcome, with its probability (sorted by stat) */
  readonly passStats: Float64Array;
  readonly passProbs: Float64Array;
}

/** Exact OC of the expansion after one final state (per dose over all K doses). */
export interface ExpansionOc {
  readonly recommended: Float64Array;
  readonly none: number;
  readonly futilityStop: Float64Array;
  readonly toxStop: Float64Array;
  readonly patients: Float64Array;
  readonly responders: Float64Array;
  readonly expanded: Float64Array;
  /** 1 when two doses were expanded */
  readonly twoDoses: number;
  /** P(recommending the dose of the two that the final rule would choose knowing the truth), or 0 with one dose */
  readonly better: number;
}

/** The arm's size: the Simon n under a Simon rule, else patientsPerDose. */
export function armSize(cfg: EfficacyExpansionConfig): number {
  return cfg.efficacy.rule === "simon" ? cfg.efficacy.n : cfg.patientsPerDose;
}

/** The doses expanded after final state `f` (highest first). */
export function expansionDoses(cfg: EfficacyExpansionConfig, mtd: number): number[] {
  if (mtd < 0) return [];
  return cfg.doses === "mtd-and-below" && mtd > 0 ? [mtd, mtd - 1] : [mtd];
}

const M = 128; // key radix (counts < 128)

/** Exactly compute one dose's arm given the escalation's n0 patients with y0 DLTs there. */
export function armExact(cfg: EfficacyExpansionConfig, truth: EfficacyTruth, dose: number, n0: number, y0: number): ArmSummary {
  const size = armSize(cfg);
  if (n0 + size >= M) throw new RangeError("efficacy expansion: more than 127 patients at one dose");
  const cells = jointCells(truth.tox[dose], truth.response[dose], truth.association);
  const pool = cfg.poolEscalation;
  const eff = cfg.efficacy;
  const tox = cfg.toxicity;
  // statistic for the final rule from total cells (a, b, c, d) and efficacy data
  const stat = (a: number, b: number, c: number, d: number, resp: number, nEff: number): number => {
    if (cfg.finalRule === "best-utility") {
      const w = cfg.weights;
      const N = a + b + c + d;
      return (w[0] * (a + 0.25) + w[1] * (b + 0.25) + w[2] * (c + 0.25) + w[3] * (d + 0.25)) / (N + 1);
    }
    return (resp + cfg.responsePriorA) / (nEff + cfg.responsePriorA + cfg.responsePriorB);
  };
  // initial distribution of escalation responders (k1 among DLTs, k0 among the others)
  let cur = new Map<number, number>();
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: entering this block without pooling (true, ||) only splits the start state by escalation responders k1, k0, which nothing reads without pooling (every use is `pool ? ... : 0`), so every sum is the same; with n0 = 0 (n0 >= 0, or true) it sets the single state 0 with probability Bin(0)·Bin(0) = 1, as the else branch
  if (pool && n0 > 0) {
    const g = responseGivenDlt(truth.tox[dose], truth.response[dose], truth.association);
    const p1 = binomialPmfs(y0, g.withDlt);
    const p0 = binomialPmfs(n0 - y0, g.withoutDlt);
    // Stryker disable next-line ArithmeticOperator: k0 <= n0 + y0 reads p0[k0] past the end of the length n0 - y0 + 1 array: undefined, so p is NaN and `p > 0` skips it (and with y0 = 0 the bound is the same)
    for (let k1 = 0; k1 <= y0; k1++) for (let k0 = 0; k0 <= n0 - y0; k0++) {
      const p = p1[k1] * p0[k0];
      // Stryker disable next-line ConditionalExpression,EqualityOperator: the skip only saves time: a state of probability 0 (true, >=) adds 0 to every status, expectation and pair sum, and its pass entries carry probability 0
      if (p > 0) cur.set(((k1 * M + k0) * M * M) * M, p);
    }
  } else cur.set(0, 1);
  const status = new Float64Array(4);
  let ePat = 0;
  let eResp = 0;
  let eDlt = 0;
  const stats: number[] = [];
  const probs: number[] = [];
  const finish = (key: number, k: number, p: number, st: number): void => {
    const c = key % M;
    const b = Math.floor(key / M) % M;
    const a = Math.floor(key / (M * M)) % M;
    const k0 = Math.floor(key / (M * M * M)) % M;
    const k1 = Math.floor(key / (M * M * M * M));
    status[st] += p;
    ePat += p * k;
    eResp += p * (a + c);
    eDlt += p * (a + b);
    if (st === ARM_PASSED) {
      const d = k - a - b - c;
      const ta = a + (pool ? k1 : 0), tb = b + (pool ? y0 - k1 : 0), tc = c + (pool ? k0 : 0), td = d + (pool ? n0 - y0 - k0 : 0);
      const resp = a + c + (pool ? k1 + k0 : 0);
      stats.push(stat(ta, tb, tc, td, resp, k + (pool ? n0 : 0)));
      probs.push(p);
    }
  };
  // the monitoring rules' answers by (events, patients), computed once each (many DP states share them)
  const toxMemo = new Map<number, boolean>();
  const toxFires = (y: number, n: number): boolean => {
    // Stryker disable next-line ArithmeticOperator: a memo key only: y, n < 128 (armExact refuses n0 + size >= 128), so y·1024 - n and y/1024 + n are also one-to-one on (y, n)
    const key = y * 1024 + n;
    let v = toxMemo.get(key);
    if (v === undefined) toxMemo.set(key, (v = posteriorExceeds(y, n, tox.limit, tox.priorA, tox.priorB) > tox.cutoff));
    return v;
  };
  const futMemo = new Map<number, boolean>();
  const futile = (r: number, n: number): boolean => {
    // Stryker disable next-line ArithmeticOperator: a memo key only: r <= n < 128 (armExact refuses n0 + size >= 128), so r·1024 - n and r/1024 + n are also one-to-one on (r, n)
    const key = r * 1024 + n;
    let v = futMemo.get(key);
    // Stryker disable next-line ConditionalExpression,LogicalOperator: the memo test (true, ||) only recomputes the same answer; the rule test is for the type checker: futile is called only under futLook, which needs the futility rule
    if (v === undefined && eff.rule === "futility") futMemo.set(key, (v = posteriorExceeds(r, n, eff.p0, eff.priorA, eff.priorB) < eff.cutoff));
    return v === true;
  };
  for (let k = 0; k < size; k++) {
    const next = new Map<number, number>();
    const kk = k + 1;
    const toxLook = tox.monitor && kk % tox.every === 0;
    const futLook = eff.rule === "futility" && kk >= eff.minPatients && (kk - eff.minPatients) % eff.every === 0;
    for (const [key, p] of cur) {
      for (let cell = 0; cell < 4; cell++) {
        const q = p * cells[cell];
        // Stryker disable next-line ConditionalExpression: the skip only saves time: a successor of probability 0 adds 0 to every sum (and its pass entries carry probability 0)
        if (q === 0) continue;
        const nk = cell === 0 ? key + M * M : cell === 1 ? key + M : cell === 2 ? key + 1 : key;
        const c = nk % M;
        const b = Math.floor(nk / M) % M;
        const a = Math.floor(nk / (M * M)) % M;
        const k0 = Math.floor(nk / (M * M * M)) % M;
        const k1 = Math.floor(nk / (M * M * M * M));
        if (toxLook) {
          const yT = a + b + (tox.pooled ? y0 : 0);
          const nT = kk + (tox.pooled ? n0 : 0);
          if (toxFires(yT, nT)) {
            finish(nk, kk, q, ARM_TOX_STOP);
            continue;
          }
        }
        if (futLook) {
          const r = a + c + (pool ? k1 + k0 : 0);
          const nE = kk + (pool ? n0 : 0);
          if (futile(r, nE)) {
            finish(nk, kk, q, ARM_FUTILITY_STOP);
            continue;
          }
        }
        if (eff.rule === "simon" && kk === eff.n1 && kk < eff.n && a + c <= eff.r1) {
          finish(nk, kk, q, ARM_FUTILITY_STOP);
          continue;
        }
        if (kk === size) {
          finish(nk, kk, q, eff.rule === "simon" && a + c <= eff.r ? ARM_FAILED : ARM_PASSED);
          continue;
        }
        next.set(nk, (next.get(nk) ?? 0) + q);
      }
    }
    cur = next;
  }
  // Stryker disable next-line ConditionalExpression: with size > 0 the loop above finishes every state at k = size, so cur is empty here and `true` does nothing (size 0 itself is tested: false is killed)
  if (size === 0) for (const [key, p] of cur) finish(key, 0, p, ARM_PASSED);
  const order = stats.map((_, i) => i).sort((i, j) => stats[i] - stats[j]);
  return {
    dose,
    status,
    expectedPatients: ePat,
    expectedResponders: eResp,
    expectedDlts: eDlt,
    passStats: Float64Array.from(order, (i) => stats[i]),
    passProbs: Float64Array.from(order, (i) => probs[i]),
  };
}

/** The dose of {hi, lo} the optimal-dose rule (by default the final rule) picks with the true cell probabilities (the "better" dose). */
export function trueBetter(cfg: EfficacyExpansionConfig, truth: EfficacyTruth, hi: number, lo: number): number {
  const rule = cfg.optimalRule ?? cfg.finalRule;
  if (rule === "highest-safe") return hi;
  if (rule === "best-utility") return trueUtility(cfg, truth, hi) > trueUtility(cfg, truth, lo) + 1e-12 ? hi : lo;
  return truth.response[lo] >= truth.response[hi] - cfg.delta - 1e-12 ? lo : hi;
}

/** True utility of a dose. */
export function trueUtility(cfg: EfficacyExpansionConfig, truth: EfficacyTruth, d: number): number {
  const c = jointCells(truth.tox[d], truth.response[d], truth.association);
  return cfg.weights[0] * c[0] + cfg.weights[1] * c[1] + cfg.weights[2] * c[2] + cfg.weights[3] * c[3];
}

/**
 * The optimal biological dose of the truth: among doses with DLT rate <= toxLimit, the highest
 * (highest-safe), the best true utility (best-utility), or the lowest whose response is within
 * delta of the best (lowest-within-delta); -1 when no dose is admissible.
 */
export function optimalBiologicalDose(cfg: EfficacyExpansionConfig, truth: EfficacyTruth): number {
  const ok = truth.tox.map((t) => t <= cfg.toxicity.limit + 1e-12);
  const adm = ok.map((o, d) => (o ? d : -1)).filter((d) => d >= 0);
  if (adm.length === 0) return -1;
  const rule = cfg.optimalRule ?? cfg.finalRule;
  if (rule === "highest-safe") return adm[adm.length - 1];
  if (rule === "best-utility") {
    let best = adm[0];
    for (const d of adm) if (trueUtility(cfg, truth, d) > trueUtility(cfg, truth, best) + 1e-12) best = d;
    return best;
  }
  const top = Math.max(...adm.map((d) => truth.response[d]));
  return adm.find((d) => truth.response[d] >= top - cfg.delta - 1e-12) as number;
}

/** An all-zero expansion OC over `K` doses (the start of a sum). */
function emptyOc(K: number): { -readonly [k in keyof ExpansionOc]: ExpansionOc[k] } {
  return { recommended: new Float64Array(K), none: 0, futilityStop: new Float64Array(K), toxStop: new Float64Array(K), patients: new Float64Array(K), responders: new Float64Array(K), expanded: new Float64Array(K), twoDoses: 0, better: 0 };
}

/**
 * The arms computed so far, per configuration and truth object: for them an arm depends only on
 * its dose and the escalation's n0, y0 there, and the final states of one curve share most arms
 * (SYS6020's efficacy expansion: 204 arms of 60 distinct over its 6 curves). The configuration
 * and truth objects must not change once used (callers make one truth object per curve).
 */
const armsKept = new WeakMap<EfficacyExpansionConfig, WeakMap<EfficacyTruth, Map<number, ArmSummary>>>();

/** {@link armExact}, computed once per configuration, truth object, dose, n0 and y0. */
function armOf(cfg: EfficacyExpansionConfig, truth: EfficacyTruth, dose: number, n0: number, y0: number): ArmSummary {
  let byTruth = armsKept.get(cfg);
  // Stryker disable next-line ConditionalExpression: a new map each time (true) only forgets the memo: the arm is computed again, the same
  if (!byTruth) armsKept.set(cfg, (byTruth = new WeakMap()));
  let kept = byTruth.get(truth);
  // Stryker disable next-line ConditionalExpression: as above
  if (!kept) byTruth.set(truth, (kept = new Map()));
  // n0, y0 < M (armExact's bound); doses < 2^31 / M^2
  // Stryker disable next-line ArithmeticOperator: a memo key only: (dose·M − n0)·M + y0 and its kin are one-to-one on (dose, n0, y0) as well; a key that is not gives another arm's OC, which the exact reference tests see
  const key = (dose * M + n0) * M + y0;
  let arm = kept.get(key);
  // Stryker disable next-line ConditionalExpression: the memo only saves time: computing again (true) gives the same arm
  if (!arm) kept.set(key, (arm = armExact(cfg, truth, dose, n0, y0)));
  return arm;
}

/** Exact expansion OC after the final state `f`, over `K` doses. */
export function expansionExact(cfg: EfficacyExpansionConfig, truth: EfficacyTruth, f: EscalationFinal): ExpansionOc {
  const K = truth.tox.length;
  const out = emptyOc(K);
  const doses = expansionDoses(cfg, f.mtd);
  if (doses.length === 0) return { ...out, none: 1 };
  const arms = doses.map((d) => armOf(cfg, truth, d, f.n[d], f.y[d]));
  for (const a of arms) {
    out.futilityStop[a.dose] = a.status[ARM_FUTILITY_STOP];
    out.toxStop[a.dose] = a.status[ARM_TOX_STOP];
    out.patients[a.dose] = a.expectedPatients;
    out.responders[a.dose] = a.expectedResponders;
    out.expanded[a.dose] = 1;
  }
  if (arms.length === 1) {
    const p = arms[0].status[ARM_PASSED];
    out.recommended[arms[0].dose] = p;
    return { ...out, none: 1 - p };
  }
  const [H, L] = arms;
  const pH = H.status[ARM_PASSED];
  const pL = L.status[ARM_PASSED];
  let recL: number;
  if (cfg.finalRule === "highest-safe") recL = pL * (1 - pH);
  else {
    // L is chosen when it passes and H fails, or both pass and H's stat <= L's (+ delta)
    const shift = cfg.finalRule === "lowest-within-delta" ? cfg.delta : 0;
    recL = pL * (1 - pH);
    // P(H passes with stat <= L's stat + shift (+ 1e-12 for ties)) for L's stats in ascending order,
    // by one walk over H's sorted stats: O(|L| + |H|) instead of summing H's mass afresh for each
    // (the partial sums are the same, in the same order)
    let j = 0;
    let cum = 0;
    for (let i = 0; i < L.passStats.length; i++) {
      const t = L.passStats[i] + shift + 1e-12;
      while (j < H.passStats.length && H.passStats[j] <= t) cum += H.passProbs[j++];
      recL += L.passProbs[i] * cum;
    }
  }
  out.recommended[L.dose] = recL;
  out.recommended[H.dose] = pH + pL - pH * pL - recL;
  const none = (1 - pH) * (1 - pL);
  const b = trueBetter(cfg, truth, H.dose, L.dose);
  return { ...out, none, twoDoses: 1, better: out.recommended[b] };
}

/** Weighted sum of expansion OCs over a distribution of final states (weights summing to 1). */
export function expansionOverStates(
  cfg: EfficacyExpansionConfig,
  truth: EfficacyTruth,
  finals: readonly { readonly state: EscalationFinal; readonly weight: number }[],
): ExpansionOc & { readonly obd: number; readonly pObd: number } {
  const K = truth.tox.length;
  const acc = emptyOc(K);
  const cache = new Map<string, ExpansionOc>();
  for (const { state, weight } of finals) {
    const ds = expansionDoses(cfg, state.mtd);
    const key = `${state.mtd}|${ds.map((d) => `${state.n[d]},${state.y[d]}`).join("|")}`;
    let oc = cache.get(key);
    // Stryker disable next-line ConditionalExpression: the cache only saves time: computing again (true) gives the same OC
    if (!oc) {
      oc = expansionExact(cfg, truth, state);
      cache.set(key, oc);
    }
    // Stryker disable next-line EqualityOperator: d = K (<=) writes past the end of length-K Float64Arrays, which is ignored, and adds NaN to nothing read
    for (let d = 0; d < K; d++) {
      acc.recommended[d] += weight * oc.recommended[d];
      acc.futilityStop[d] += weight * oc.futilityStop[d];
      acc.toxStop[d] += weight * oc.toxStop[d];
      acc.patients[d] += weight * oc.patients[d];
      acc.responders[d] += weight * oc.responders[d];
      acc.expanded[d] += weight * oc.expanded[d];
    }
    acc.none += weight * oc.none;
    acc.twoDoses += weight * oc.twoDoses;
    acc.better += weight * oc.better;
  }
  const obd = optimalBiologicalDose(cfg, truth);
  return { ...acc, obd, pObd: obd >= 0 ? acc.recommended[obd] : acc.none };
}
