/**
 * Timing statistics of a calendar-time run, from the timing part of its accumulator
 * (src/engine/timed.ts): trial durations with quantiles from fixed histograms (so they merge),
 * recruitment and waiting counts. Absent from untimed results.
 */
import { DAYS_PER_MONTH } from "../config/timing.js";
import { DURATION_HIST_BINS, durationBinStart, durationBinWidth, histIndex, scalarIndex, type DurationKind, type TimedLayout, type TimingScalar, type TrialTrace } from "../engine/timed.js";

/** Summary of one duration (days from the first referred patient). */
export interface DurationStat {
  readonly mean: number;
  readonly se: number;
  readonly sd: number;
  readonly median: number;
  readonly p10: number;
  readonly p90: number;
  /** Probability of each 30-day bin that occurs: [fromDay, fromDay + 30). */
  readonly distribution: { fromDay: number; p: number }[];
}

/** A per-trial count or day total: its mean and SD across trials. */
export interface MeanStat {
  readonly mean: number;
  readonly sd: number;
}

/** The timing statistics of one curve (the `timing` object of a curve in JSON). */
export interface TimingSummary {
  /** Days from the first referred patient until the last enrolled patient's follow-up ends (or the final decision, if later). */
  readonly duration: DurationStat;
  /** Days until the escalation phase is over (its last patient followed up, its final decision taken). */
  readonly escalationDuration: DurationStat;
  /** Days of the dose-expansion phase (0 without one). */
  readonly expansionDuration: DurationStat;
  /** Days until the escalation's MTD decision (its stop, or the start of expansion). */
  readonly mtdDecision: DurationStat;
  /**
   * Designs with an efficacy expansion only: days until the recommended dose is known (every
   * expansion arm stopped or its last look and the data of the final rule in; the MTD decision
   * when nothing is expanded).
   */
  readonly recommendedDecision?: DurationStat;
  /** Patients referred (screened) up to the last enrolment. */
  readonly screened: MeanStat;
  readonly screenFailures: MeanStat;
  /** Patients turned away while enrolment was paused, or lost after the maximum wait (up to the last enrolment). */
  readonly turnedAway: MeanStat;
  /** Enrolled patients who waited for a slot. */
  readonly waited: MeanStat;
  /** Mean wait in days of the patients who waited (null when nobody waited). */
  readonly meanWaitDays: number | null;
  readonly manufacturingFailures: MeanStat;
  readonly nonEvaluable: MeanStat;
  /** Days between the first referral and the last enrolment during which no slot was open. */
  readonly pausedDays: MeanStat;
  /** Backfilling designs only (the backfill modifier): backfilled patients and their DLTs. */
  readonly backfill?: BackfillSummary;
  /** One simulated trial (the first of the run), patient by patient, for the timeline. */
  readonly example?: TrialTrace;
}

/** The backfill part of a timing summary (means per trial). */
export interface BackfillSummary {
  /** Backfilled (evaluable) patients per trial; they are also in the patients per dose and the sample size. */
  readonly patients: MeanStat;
  /** Their DLTs per trial. */
  readonly dlts: MeanStat;
  /** Backfilled patients per trial still in their DLT window at the final decision (followed up, not in the selection's data). */
  readonly pendingAtEnd: MeanStat;
  /** Mean backfilled patients per dose. */
  readonly perDose: number[];
  /** Mean DLTs among backfilled patients per dose. */
  readonly dltsPerDose: number[];
  /** Patients turned away per trial (no slot and no dose open for backfill), as `turnedAway`. */
  readonly turnedAway: MeanStat;
}

const DIST_BIN_DAYS = 30;

/**
 * The `pr` quantile of a duration histogram, interpolated linearly within its bin (durations
 * spread evenly over the bin); in the last, open-ended bin its lower edge (a lower bound).
 */
function quantile(acc: Float64Array, at: number, w: number, pr: number): number {
  const goal = pr * w;
  let cum = 0;
  for (let b = 0; b < DURATION_HIST_BINS; b++) {
    const c = acc[at + b];
    if (c > 0 && cum + c >= goal) return durationBinStart(b) + ((goal - cum) / c) * durationBinWidth(b);
    cum += c;
  }
  return durationBinStart(DURATION_HIST_BINS - 1);
}

function durationStat(acc: Float64Array, T: TimedLayout, scalar: TimingScalar | number, kind: DurationKind | number, w: number, mc: boolean): DurationStat {
  const i = typeof scalar === "number" ? scalar : scalarIndex(T, scalar);
  const mean = acc[i] / w;
  const sd = Math.sqrt(Math.max(0, acc[i + 1] / w - mean * mean));
  const at = typeof kind === "number" ? kind : histIndex(T, kind);
  // 30-day bins: each histogram bin lies inside one (src/engine/timed.ts: widths and edges divide 30)
  const distribution: { fromDay: number; p: number }[] = [];
  let from = 0;
  let c = 0;
  for (let b = 0; b < DURATION_HIST_BINS; b++) {
    const start = durationBinStart(b);
    if (start >= from + DIST_BIN_DAYS) {
      if (c > 0) distribution.push({ fromDay: from, p: c / w });
      from = start - (start % DIST_BIN_DAYS);
      c = 0;
    }
    c += acc[at + b];
  }
  if (c > 0) distribution.push({ fromDay: from, p: c / w });
  return { mean, se: mc && w > 1 ? sd / Math.sqrt(w) : 0, sd, median: quantile(acc, at, w, 0.5), p10: quantile(acc, at, w, 0.1), p90: quantile(acc, at, w, 0.9), distribution };
}

function meanStat(acc: Float64Array, T: TimedLayout, name: TimingScalar, w: number): MeanStat {
  const i = scalarIndex(T, name);
  const mean = acc[i] / w;
  return { mean, sd: Math.sqrt(Math.max(0, acc[i + 1] / w - mean * mean)) };
}

/** The timing summary of one curve's accumulator. */
export function summarizeTiming(acc: Float64Array, T: TimedLayout, example?: TrialTrace): TimingSummary {
  const w = acc[T.base.weight];
  const mc = true;
  const waitedSum = acc[scalarIndex(T, "waited")];
  return {
    duration: durationStat(acc, T, "total", "total", w, mc),
    escalationDuration: durationStat(acc, T, "escalation", "escalation", w, mc),
    expansionDuration: durationStat(acc, T, "expansion", "expansion", w, mc),
    mtdDecision: durationStat(acc, T, "mtdDecision", "mtdDecision", w, mc),
    ...(T.decision >= 0 ? { recommendedDecision: durationStat(acc, T, T.decision, T.decision + 2, w, mc) } : {}),
    screened: meanStat(acc, T, "screened", w),
    screenFailures: meanStat(acc, T, "screenFailures", w),
    turnedAway: meanStat(acc, T, "turnedAway", w),
    waited: meanStat(acc, T, "waited", w),
    meanWaitDays: waitedSum > 0 ? acc[scalarIndex(T, "waitDays")] / waitedSum : null,
    manufacturingFailures: meanStat(acc, T, "manufacturingFailures", w),
    nonEvaluable: meanStat(acc, T, "nonEvaluable", w),
    pausedDays: meanStat(acc, T, "pausedDays", w),
    ...(acc[scalarIndex(T, "backfillTrials")] > 0 ? { backfill: backfillSummary(acc, T, w) } : {}),
    ...(example ? { example } : {}),
  };
}

function backfillSummary(acc: Float64Array, T: TimedLayout, w: number): BackfillSummary {
  const K = T.base.numDoses;
  return {
    patients: meanStat(acc, T, "backfilled", w),
    dlts: meanStat(acc, T, "backfillDlts", w),
    pendingAtEnd: meanStat(acc, T, "backfillPendingAtEnd", w),
    perDose: Array.from({ length: K }, (_, d) => acc[T.backfill + d] / w),
    dltsPerDose: Array.from({ length: K }, (_, d) => acc[T.backfill + K + d] / w),
    turnedAway: meanStat(acc, T, "turnedAway", w),
  };
}

/** Days as months, for reading. */
export function months(days: number): number {
  return days / DAYS_PER_MONTH;
}

/** The CSV columns a timed run adds (empty for untimed runs), in order. */
export const TIMING_CSV_COLUMNS = [
  "durationMean",
  "durationSD",
  "durationMedian",
  "durationP10",
  "durationP90",
  "escalationDurationMean",
  "expansionDurationMean",
  "mtdDecisionMean",
  "mtdDecisionMedian",
  "screened",
  "screenFailures",
  "turnedAway",
  "waited",
  "meanWaitDays",
  "manufacturingFailures",
  "nonEvaluable",
  "pausedDays",
  // backfilling designs (empty otherwise): mean backfilled patients per trial, and on each dose
  // row that dose's mean backfilled patients and their DLTs
  "backfilled",
  "backfillPatients",
  "backfillDlts",
  // the duration's Monte Carlo SE (days), and the durations the HTML pages and the protocol show, in months (days / (365.25/12))
  "durationSE",
  "durationMonths",
  "durationMonthsSE",
  "mtdDecisionMonths",
  // designs with an efficacy expansion (empty otherwise): days and months until the recommended dose is known
  "recommendedDecisionMean",
  "recommendedDecisionMonths",
] as const;

/**
 * The values of {@link TIMING_CSV_COLUMNS} for a curve (nulls when it has no timing), on the
 * row of 0-based `dose` (the per-dose backfill columns; omitted or out of range on the "none" row).
 */
export function timingCsvValues(t: TimingSummary | undefined, dose = -1): unknown[] {
  if (!t) return TIMING_CSV_COLUMNS.map(() => null);
  const b = t.backfill;
  const onDose = b !== undefined && dose >= 0 && dose < b.perDose.length;
  return [
    t.duration.mean,
    t.duration.sd,
    t.duration.median,
    t.duration.p10,
    t.duration.p90,
    t.escalationDuration.mean,
    t.expansionDuration.mean,
    t.mtdDecision.mean,
    t.mtdDecision.median,
    t.screened.mean,
    t.screenFailures.mean,
    t.turnedAway.mean,
    t.waited.mean,
    t.meanWaitDays,
    t.manufacturingFailures.mean,
    t.nonEvaluable.mean,
    t.pausedDays.mean,
    b ? b.patients.mean : null,
    onDose ? b.perDose[dose] : null,
    onDose ? b.dltsPerDose[dose] : null,
    t.duration.se,
    months(t.duration.mean),
    months(t.duration.se),
    months(t.mtdDecision.mean),
    t.recommendedDecision ? t.recommendedDecision.mean : null,
    t.recommendedDecision ? months(t.recommendedDecision.mean) : null,
  ];
}

const d1 = (x: number) => x.toFixed(1);

/** The terminal table's duration block for a curve (lines, indented like the table). */
export function timingTableLines(t: TimingSummary): string[] {
  const row = (label: string, s: DurationStat) =>
    `    ${label.padEnd(22)} mean ${d1(s.mean)}${s.se > 0 ? ` ±${d1(s.se)}` : ""} days (${d1(months(s.mean))} months), SD ${d1(s.sd)}; median ${d1(s.median)}, 10%-90% ${d1(s.p10)}-${d1(s.p90)}`;
  const out = ["  calendar time (days from the first referred patient):", row("trial duration", t.duration), row("MTD decision", t.mtdDecision), row("escalation phase", t.escalationDuration)];
  if (t.expansionDuration.mean > 0) out.push(row("expansion phase", t.expansionDuration));
  if (t.recommendedDecision) out.push(row("recommended dose", t.recommendedDecision));
  out.push(
    `    patients per trial: screened ${d1(t.screened.mean)}, screen failures ${d1(t.screenFailures.mean)}, turned away or lost ${d1(t.turnedAway.mean)}, waited ${d1(t.waited.mean)}` +
      (t.meanWaitDays !== null ? ` (mean wait ${d1(t.meanWaitDays)} days)` : "") +
      `, manufacturing failures ${d1(t.manufacturingFailures.mean)}, non-evaluable ${d1(t.nonEvaluable.mean)}; enrolment paused ${d1(t.pausedDays.mean)} days`,
  );
  const b = t.backfill;
  if (b) {
    out.push(
      `    backfill: ${d1(b.patients.mean)} patients per trial (${d1(b.dlts.mean)} DLTs; ${d1(b.pendingAtEnd.mean)} still in their window at the final decision), per dose ` +
        b.perDose.map((n, d) => `${d + 1}: ${d1(n)}`).join(", ") +
        `; turned away ${d1(b.turnedAway.mean)}`,
    );
  }
  return out;
}
