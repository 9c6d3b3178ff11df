/**
 * Operating characteristics from an accumulator: plain, JSON-ready numbers. Monte Carlo
 * results carry standard errors; exact results carry zeros there (no simulation error).
 */
import { REASONS } from "../model/decision.js";
import type { Layout } from "../engine/accumulator.js";
import { NO_ACCEPTABLE_DOSE } from "../model/truth.js";
import type { TimingSummary } from "./timing.js";
import type { EfficacySummary } from "../efficacy/summary.js";

/** How a result was computed. */
export type Method = "monte-carlo" | "exact";

/** The operating characteristics of one design under one truth curve. */
export interface CurveResult {
  readonly name: string;
  readonly truth: readonly number[];
  /** 1-based true MTD (closest to the target); 0 when every dose is overly toxic (the right answer is no MTD); null without a target. */
  readonly trueMtd: number | null;
  /** Probability each dose is selected as the MTD, in ladder order. */
  readonly selection: number[];
  readonly selectionSE: number[];
  /** Probability the trial selects no dose. */
  readonly noMtd: number;
  readonly noMtdSE: number;
  /** Probability of selecting the true MTD (null without a target). */
  readonly correctSelection: number | null;
  readonly correctSelectionSE: number | null;
  /** Mean escalation-phase patients per dose. */
  readonly patients: number[];
  readonly patientsSE: number[];
  /** Mean escalation-phase DLTs per dose. */
  readonly dlts: number[];
  readonly dltsSE: number[];
  /** Mean expansion-phase patients and DLTs per dose (zeros without expansion). */
  readonly expansionPatients: number[];
  readonly expansionDlts: number[];
  /** Mean total sample size (both phases), its SE and the SD across trials. */
  readonly sampleSize: number;
  readonly sampleSizeSE: number;
  readonly sampleSizeSD: number;
  /** Mean escalation-phase sample size. */
  readonly escalationSize: number;
  /** Distribution of the total sample size: probability of each size that occurs. */
  readonly sampleSizeDistribution: { n: number; p: number }[];
  /** Mean total DLTs (both phases). */
  readonly totalDlts: number;
  readonly totalDltsSE: number;
  /** Mean patients treated above the true MTD, and their share of all patients (null without a target). */
  readonly patientsAboveMtd: number | null;
  readonly shareAboveMtd: number | null;
  /**
   * P(selecting a dose above the true MTD): the doses above it, or any dose when none is acceptable
   * (null without a target). SE sqrt(q(1 − q)/n) for Monte Carlo, 0 for exact results.
   */
  readonly aboveMtd: number | null;
  readonly aboveMtdSE: number | null;
  /**
   * Cheung's (2011) accuracy index A = 1 − K·Σ_k |p_k − θ|·P(select k) / Σ_k |p_k − θ| ("no MTD"
   * adds nothing to the sum); null without a target or when every rate equals θ. Its Monte Carlo SE
   * is that of the per-trial value 1 − K·|p_sel − θ| / Σ|p_k − θ| (the multinomial covariance of
   * the selection indicators), 0 for exact results.
   */
  readonly accuracyIndex: number | null;
  readonly accuracyIndexSE: number | null;
  /** How trials ended: probability of each stop reason that occurred. */
  readonly stopReasons: Record<string, number>;
  /** Design-specific metrics (means), e.g. expansion outcomes. */
  readonly metrics: Record<string, number>;
  /** Calendar-time statistics (timed runs only: src/report/timing.ts). */
  readonly timing?: TimingSummary;
  /** What an efficacy-guided expansion does after escalation (designs with efficacy-expansion: src/efficacy/summary.ts). */
  readonly efficacy?: EfficacySummary;
}

const seMean = (sum: number, sq: number, w: number, mc: boolean): number => {
  // Stryker disable next-line EqualityOperator: `w < 1` also computes at w = 1, a single Monte Carlo trial (weight 1 each), where sq = x·x and mean = x exactly, so the variance is 0 either way
  if (!mc || w <= 1) return 0;
  const mean = sum / w;
  const variance = Math.max(0, sq / w - mean * mean);
  return Math.sqrt(variance / w);
};
const seProp = (p: number, w: number, mc: boolean): number => (mc && w > 0 ? Math.sqrt((p * (1 - p)) / w) : 0);

/** Summarise one curve's accumulator. */
export function summarize(
  acc: Float64Array,
  L: Layout,
  meta: { name: string; truth: readonly number[]; trueMtd: number; metricNames: readonly string[]; method: Method; target?: number | null },
): CurveResult {
  const K = L.numDoses;
  const w = acc[L.weight];
  const mc = meta.method === "monte-carlo";
  const mean = (i: number) => acc[i] / w;
  const range = (k: number) => Array.from({ length: k }, (_, i) => i);
  const selection = range(K).map((d) => mean(L.sel + d));
  const noMtd = mean(L.sel + K);
  const sampleSize = mean(L.totalN);
  const sampleSizeVar = Math.max(0, mean(L.totalN + 1) - sampleSize * sampleSize);
  const dist: { n: number; p: number }[] = [];
  for (let n = 0; n <= L.maxN; n++) {
    const c = acc[L.hist + n];
    if (c > 0) dist.push({ n, p: c / w });
  }
  const stopReasons: Record<string, number> = {};
  REASONS.forEach((r, i) => {
    const c = acc[L.reasons + i];
    if (c > 0) stopReasons[r] = c / w;
  });
  const metrics: Record<string, number> = {};
  meta.metricNames.forEach((m, i) => (metrics[m] = mean(L.metricSum + i)));
  const hasTarget = meta.trueMtd !== -1;
  const noneAcceptable = meta.trueMtd === NO_ACCEPTABLE_DOSE;
  const correct = !hasTarget ? null : noneAcceptable ? noMtd : selection[meta.trueMtd];
  const above = hasTarget && !L.completeInformation ? mean(L.above) : null;
  const sel = selectionAccuracy(meta.truth, selection, meta.trueMtd, meta.target ?? null, w, mc);
  return {
    name: meta.name,
    truth: [...meta.truth],
    trueMtd: !hasTarget ? null : noneAcceptable ? 0 : meta.trueMtd + 1,
    selection,
    selectionSE: selection.map((p) => seProp(p, w, mc)),
    noMtd,
    noMtdSE: seProp(noMtd, w, mc),
    correctSelection: correct,
    correctSelectionSE: correct === null ? null : seProp(correct, w, mc),
    patients: range(K).map((d) => mean(L.nSum + d)),
    patientsSE: range(K).map((d) => seMean(acc[L.nSum + d], acc[L.nSq + d], w, mc)),
    dlts: range(K).map((d) => mean(L.ySum + d)),
    dltsSE: range(K).map((d) => seMean(acc[L.ySum + d], acc[L.ySq + d], w, mc)),
    expansionPatients: range(K).map((d) => mean(L.enSum + d)),
    expansionDlts: range(K).map((d) => mean(L.eySum + d)),
    sampleSize,
    sampleSizeSE: seMean(acc[L.totalN], acc[L.totalN + 1], w, mc),
    sampleSizeSD: Math.sqrt(sampleSizeVar),
    escalationSize: mean(L.escN),
    sampleSizeDistribution: dist,
    totalDlts: mean(L.totalY),
    totalDltsSE: seMean(acc[L.totalY], acc[L.totalY + 1], w, mc),
    patientsAboveMtd: above,
    shareAboveMtd: above === null ? null : sampleSize > 0 ? above / sampleSize : 0,
    ...sel,
    stopReasons,
    metrics,
  };
}

/**
 * P(selecting above the true MTD) and Cheung's accuracy index of one curve, with their SEs, from the
 * selection probabilities. `trueMtd` is 0-based, NO_ACCEPTABLE_DOSE or -1 (no target); `w` the trials.
 * @example selectionAccuracy([0.1, 0.3, 0.5], [0.2, 0.7, 0.1], 1, 0.3, 0, false).aboveMtd // => 0.1
 */
export function selectionAccuracy(
  truth: readonly number[],
  selection: readonly number[],
  trueMtd: number,
  target: number | null,
  w: number,
  mc: boolean,
): Pick<CurveResult, "aboveMtd" | "aboveMtdSE" | "accuracyIndex" | "accuracyIndexSE"> {
  const K = truth.length;
  let aboveMtd: number | null = null;
  if (trueMtd !== -1) {
    aboveMtd = 0;
    for (let k = trueMtd === NO_ACCEPTABLE_DOSE ? 0 : trueMtd + 1; k < K; k++) aboveMtd += selection[k];
  }
  let accuracyIndex: number | null = null;
  let accuracyIndexSE: number | null = null;
  if (target !== null && trueMtd !== -1) {
    let dsum = 0;
    for (let k = 0; k < K; k++) dsum += Math.abs(truth[k] - target);
    if (dsum > 0) {
      let m1 = 0;
      let m2 = 0;
      for (let k = 0; k < K; k++) {
        const d = Math.abs(truth[k] - target);
        m1 += d * selection[k];
        m2 += d * d * selection[k];
      }
      accuracyIndex = 1 - (K * m1) / dsum;
      accuracyIndexSE = mc && w > 0 ? (K / dsum) * Math.sqrt(Math.max(0, m2 - m1 * m1) / w) : 0;
    }
  }
  return { aboveMtd, aboveMtdSE: aboveMtd === null ? null : seProp(Math.min(1, aboveMtd), w, mc), accuracyIndex, accuracyIndexSE };
}
