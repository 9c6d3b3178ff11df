/**
 * Operating characteristics from an accumulator: plain, JSON-ready numbers. Monte Carlo
 * results carry standard errors; exact results carry zeros there (no simulation error).
 */
import { REASONS } from "../model/decision.js";
import type { Layout } from "../engine/accumulator.js";
import { NO_ACCEPTABLE_DOSE } from "../model/truth.js";
import type { TimingSummary } from "./timing.js";

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
  /** How trials ended: probability of each stop reason that occurred. */
  readonly stopReasons: Record<string, number>;
  /** Design-specific metrics (means), e.g. expansion outcomes. */
  readonly metrics: Record<string, number>;
  /** Calendar-time statistics (timed runs only: src/report/timing.ts). */
  readonly timing?: TimingSummary;
}

const seMean = (sum: number, sq: number, w: number, mc: boolean): number => {
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
  meta: { name: string; truth: readonly number[]; trueMtd: number; metricNames: readonly string[]; method: Method },
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
    stopReasons,
    metrics,
  };
}
