import { closestDose } from "../model/truth.js";
/**
 * Summary metrics of a design over many truth curves (typically random scenarios): how often
 * it picks the right dose, a dose near the target, or too high a dose, how patients are spread,
 * and Cheung's (2011) accuracy index. Each metric is the plain average over the curves of the
 * per-curve value, with the Monte Carlo standard error of that average (zero for exact results).
 */
import type { CurveResult } from "./summary.js";

/** Averages over curves of one design's results. */
export interface AccuracySummary {
  /** Number of curves averaged. */
  readonly curves: number;
  /** Mean probability of selecting the true MTD (the dose closest to the target). */
  readonly correctSelection: number;
  readonly correctSelectionSE: number;
  /** Mean probability of selecting a dose whose true rate is within ±`margin` of the target. */
  readonly withinMargin: number;
  readonly withinMarginSE: number;
  /** The margin used by `withinMargin`. */
  readonly margin: number;
  /** Mean probability of selecting a dose above the true MTD (overdosing). */
  readonly overdoseSelection: number;
  readonly overdoseSelectionSE: number;
  /** Mean probability of selecting no dose. */
  readonly noMtd: number;
  /** Mean number of patients treated at the true MTD, and above it. */
  readonly patientsAtMtd: number;
  readonly patientsAboveMtd: number;
  /**
   * Mean of Cheung's accuracy index A = 1 − K·Σ_k |p_k − θ|·P(select k) / Σ_k |p_k − θ|.
   * It is 1 when the true MTD is always selected and can be negative; "no dose" selections
   * add nothing to the sum. Curves whose rates all equal θ (Σ|p_k − θ| = 0) are left out.
   */
  readonly accuracyIndex: number;
  readonly accuracyIndexSE: number;
}


/**
 * Average the accuracy metrics of `results` (one per curve) for target `target`.
 * The true MTD is re-derived from each curve and `target`, so results computed without a
 * scenario target still work.
 * @example accuracy([{ truth: [0.1, 0.3], selection: [0.2, 0.8], ... }], 0.3).correctSelection // => 0.8
 */
export function accuracy(results: readonly CurveResult[], target: number, margin = 0.05): AccuracySummary {
  const M = results.length;
  if (M === 0) throw new Error("accuracy: no curves to average");
  let pcs = 0;
  let pcsVar = 0;
  let within = 0;
  let withinVar = 0;
  let over = 0;
  let overVar = 0;
  let none = 0;
  let atMtd = 0;
  let aboveMtd = 0;
  let index = 0;
  let indexVar = 0;
  let indexCurves = 0;
  for (const r of results) {
    const K = r.truth.length;
    const mtd = closestDose(r.truth, target);
    // Monte Carlo SE of a sum of selection probabilities from one multinomial: sqrt(q(1 − q)/w),
    // recovered from the per-dose SEs (selectionSE² = p(1 − p)/w).
    const w = trialsOf(r);
    const se2 = (q: number) => (w > 0 ? (q * (1 - q)) / w : 0);
    const correct = r.selection[mtd];
    pcs += correct;
    pcsVar += se2(correct);
    let near = 0;
    let high = 0;
    for (let k = 0; k < K; k++) {
      if (Math.abs(r.truth[k] - target) <= margin + 1e-12) near += r.selection[k];
      if (k > mtd) high += r.selection[k];
    }
    within += near;
    withinVar += se2(near);
    over += high;
    overVar += se2(high);
    none += r.noMtd;
    atMtd += r.patients[mtd];
    for (let k = mtd + 1; k < K; k++) aboveMtd += r.patients[k];
    let dsum = 0;
    for (let k = 0; k < K; k++) dsum += Math.abs(r.truth[k] - target);
    if (dsum > 0) {
      // A = 1 − K·Σ d_k P_k / Σ d_k; its MC variance is (K/Σd)² Var(d of the selected dose)/w
      let m1 = 0;
      let m2 = 0;
      for (let k = 0; k < K; k++) {
        const d = Math.abs(r.truth[k] - target);
        m1 += d * r.selection[k];
        m2 += d * d * r.selection[k];
      }
      index += 1 - (K * m1) / dsum;
      indexVar += w > 0 ? ((K / dsum) ** 2 * Math.max(0, m2 - m1 * m1)) / w : 0;
      indexCurves++;
    }
  }
  return {
    curves: M,
    correctSelection: pcs / M,
    correctSelectionSE: Math.sqrt(pcsVar) / M,
    withinMargin: within / M,
    withinMarginSE: Math.sqrt(withinVar) / M,
    margin,
    overdoseSelection: over / M,
    overdoseSelectionSE: Math.sqrt(overVar) / M,
    noMtd: none / M,
    patientsAtMtd: atMtd / M,
    patientsAboveMtd: aboveMtd / M,
    accuracyIndex: indexCurves > 0 ? index / indexCurves : NaN,
    accuracyIndexSE: indexCurves > 0 ? Math.sqrt(indexVar) / indexCurves : NaN,
  };
}

/**
 * The number of trials behind a Monte Carlo result, recovered from a selection SE
 * (SE² = p(1 − p)/w); 0 for exact results (all SEs zero).
 */
function trialsOf(r: CurveResult): number {
  const all = [...r.selection, r.noMtd];
  const ses = [...r.selectionSE, r.noMtdSE];
  for (let i = 0; i < all.length; i++) {
    const p = all[i];
    if (ses[i] > 0 && p > 0 && p < 1) return (p * (1 - p)) / (ses[i] * ses[i]);
  }
  return 0;
}
