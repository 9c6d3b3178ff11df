/**
 * Sufficient statistics of a batch of trials, in one flat Float64Array so that blocks,
 * workers and shards merge by adding arrays. The Monte Carlo engine adds weight 1 per trial
 * (every entry then stays an integer, so sums are exact whatever the merge order); the exact
 * engine adds each terminal state's probability. Every formatter reads this one layout.
 */
import { REASONS } from "../model/decision.js";
import { recordWidth, writeRecord, type TrialView } from "../model/state.js";

/** Where each statistic lives in the accumulator array. */
export interface Layout {
  readonly numDoses: number;
  /** Histogram bins of the total sample size: 0 .. maxN (larger values land in the last bin). */
  readonly maxN: number;
  readonly numMetrics: number;
  /** Whether trials can have expansion patients (when not, their sums are skipped: they stay 0). */
  readonly expansion: boolean;
  /** Complete-information pseudo-designs: no allocation statistics (patients above the MTD). */
  readonly completeInformation: boolean;
  readonly weight: number;
  /** numDoses + 1 entries: selection counts per dose, then "no MTD". */
  readonly sel: number;
  readonly nSum: number;
  readonly nSq: number;
  readonly ySum: number;
  readonly ySq: number;
  readonly enSum: number;
  readonly eySum: number;
  /** Scalars, each a (sum, sum of squares) pair: total patients, total DLTs, patients above the true MTD, escalation patients. */
  readonly totalN: number;
  readonly totalY: number;
  readonly above: number;
  readonly escN: number;
  readonly hist: number;
  readonly reasons: number;
  readonly metricSum: number;
  readonly metricSq: number;
  /** Values of the design's final-state phase (Design.finalStateOc): their count, sums and sums of squares. */
  readonly numFinal: number;
  readonly finalSum: number;
  readonly finalSq: number;
  readonly length: number;
}

/** The layout for a design with `numDoses` doses, at most `maxN` patients and `numMetrics` metrics. */
export function layout(numDoses: number, maxN: number, numMetrics: number, expansion = true, completeInformation = false, numFinal = 0): Layout {
  let at = 0;
  const take = (k: number) => {
    const start = at;
    at += k;
    return start;
  };
  const K = numDoses;
  const l = {
    numDoses,
    maxN,
    numMetrics,
    expansion,
    completeInformation,
    weight: take(1),
    sel: take(K + 1),
    nSum: take(K),
    nSq: take(K),
    ySum: take(K),
    ySq: take(K),
    enSum: take(K),
    eySum: take(K),
    totalN: take(2),
    totalY: take(2),
    above: take(2),
    escN: take(2),
    hist: take(maxN + 1),
    reasons: take(REASONS.length),
    metricSum: take(numMetrics),
    metricSq: take(numMetrics),
    numFinal,
    finalSum: take(numFinal),
    finalSq: take(numFinal),
    length: 0,
  };
  l.length = at;
  return Object.freeze(l);
}

/**
 * Add one finished trial with weight `w`. `selected` is the 0-based MTD or -1; `reason` the
 * index of the stop reason; `trueMtd` the 0-based true MTD, -2 when no dose is acceptable
 * (src/model/truth.ts) or -1 when the scenario has no target; `metrics` holds the design's
 * per-trial metrics (read from index 0). The state is written into a reused record and added
 * by {@link addRecord}, so the two can never disagree.
 */
export function addTrial(
  acc: Float64Array,
  L: Layout,
  s: TrialView,
  selected: number,
  reason: number,
  trueMtd: number,
  metrics: Float64Array,
  w: number,
): void {
  const width = recordWidth(s.numDoses, s.mem.length);
  if (scratch.length < width) scratch = new Int32Array(width);
  writeRecord(s, scratch);
  addRecord(acc, L, scratch, 0, s.mem.length, selected, reason, trueMtd, metrics, w);
}

let scratch = new Int32Array(64);

/**
 * {@link addTrial} for a trial state stored as a record (src/engine/state-graph.ts: n, y, en, ey
 * per dose from `o`, then `memSlots` memory slots and current, eliminatedFrom, cohorts,
 * escalationN, expansionN), without rebuilding the state. Adds exactly what addTrial adds.
 */
export function addRecord(
  acc: Float64Array,
  L: Layout,
  r: Int32Array,
  o: number,
  memSlots: number,
  selected: number,
  reason: number,
  trueMtd: number,
  metrics: Float64Array,
  w: number,
): void {
  const K = L.numDoses;
  const escalationN = r[o + 4 * K + memSlots + 3];
  const expansionN = r[o + 4 * K + memSlots + 4];
  acc[L.weight] += w;
  acc[L.sel + (selected < 0 ? K : selected)] += w;
  // the sample size counts each patient once (a complete-information panel patient is observed at every dose)
  const total = escalationN + expansionN;
  let dlts = 0;
  let above = 0;
  const expansion = L.expansion;
  // trueMtd -2 (no acceptable dose): every patient is above it; -1 (no target): none counted
  const countAbove = trueMtd !== -1 && !L.completeInformation;
  for (let d = 0; d < K; d++) {
    const i = o + 4 * d;
    const n = r[i];
    const y = r[i + 1];
    acc[L.nSum + d] += w * n;
    acc[L.nSq + d] += w * n * n;
    acc[L.ySum + d] += w * y;
    acc[L.ySq + d] += w * y * y;
    let nd = n;
    dlts += y;
    if (expansion) {
      const en = r[i + 2];
      const ey = r[i + 3];
      acc[L.enSum + d] += w * en;
      acc[L.eySum + d] += w * ey;
      nd += en;
      dlts += ey;
    }
    if (countAbove && d > trueMtd) above += nd;
  }
  acc[L.totalN] += w * total;
  acc[L.totalN + 1] += w * total * total;
  acc[L.totalY] += w * dlts;
  acc[L.totalY + 1] += w * dlts * dlts;
  acc[L.above] += w * above;
  acc[L.above + 1] += w * above * above;
  acc[L.escN] += w * escalationN;
  acc[L.escN + 1] += w * escalationN * escalationN;
  acc[L.hist + (total > L.maxN ? L.maxN : total)] += w;
  acc[L.reasons + reason] += w;
  for (let i = 0; i < L.numMetrics; i++) {
    const m = metrics[i];
    acc[L.metricSum + i] += w * m;
    acc[L.metricSq + i] += w * m * m;
  }
}

/**
 * Largest number of Monte Carlo trials whose final-state sums stay exact: 2^27 (above
 * LIMITS.trials, 10^8). With every value rounded to a multiple of 2^-q where
 * bound · 2^q <= 2^(53 - 27), a sum of at most 2^27 trials' values is a multiple of 2^-q below
 * 2^53 · 2^-q, so every addition is exact and the order of the blocks, threads and shards that
 * add them cannot change the result.
 */
const EXACT_TRIALS_BITS = 27;

/**
 * The rounding grid of Monte Carlo final-state sums: for each value with absolute bound b, the
 * scale 2^q of its sum and 2^q' of its sum of squares (q = 26 - ceil(log2 b), q' likewise with
 * b²). Rounding to 2^-26 of a probability (1.5e-8) is far below any Monte Carlo error.
 */
export function finalGrid(bounds: readonly number[]): Float64Array {
  const g = new Float64Array(2 * bounds.length);
  const bits = (b: number) => 53 - EXACT_TRIALS_BITS - Math.max(0, Math.ceil(Math.log2(Math.max(1, b))));
  bounds.forEach((b, i) => {
    g[2 * i] = 2 ** bits(b);
    g[2 * i + 1] = 2 ** bits(b * b);
  });
  return g;
}

/**
 * Add a final state's phase values with weight `w` (Design.finalStateOc). Exact runs pass no
 * grid (probabilities as weights); Monte Carlo passes {@link finalGrid}'s, and integer counts as
 * weights, so the sums are exact (see EXACT_TRIALS_BITS).
 */
export function addFinal(acc: Float64Array, L: Layout, values: Float64Array, w: number, grid: Float64Array | null): void {
  for (let i = 0; i < L.numFinal; i++) {
    const v = values[i];
    if (grid === null) {
      acc[L.finalSum + i] += w * v;
      acc[L.finalSq + i] += w * v * v;
    } else {
      const s = grid[2 * i];
      const s2 = grid[2 * i + 1];
      acc[L.finalSum + i] += w * (Math.round(v * s) / s);
      acc[L.finalSq + i] += w * (Math.round(v * v * s2) / s2);
    }
  }
}

/**
 * Means of the final-state values and their standard errors (Monte Carlo: sqrt of the
 * across-trial variance / trials; exact: zeros), and the total weight (trials, or 1).
 */
export function finalMeans(acc: Float64Array, L: Layout, monteCarlo: boolean): { mean: Float64Array; se: Float64Array; weight: number } {
  const w = acc[L.weight];
  const mean = new Float64Array(L.numFinal);
  const se = new Float64Array(L.numFinal);
  for (let i = 0; i < L.numFinal; i++) {
    const m = w > 0 ? acc[L.finalSum + i] / w : 0;
    mean[i] = m;
    if (monteCarlo && w > 1) se[i] = Math.sqrt(Math.max(0, acc[L.finalSq + i] / w - m * m) / w);
  }
  return { mean, se, weight: w };
}

/** Add `src` into `dst` (the same layout). */
export function mergeInto(dst: Float64Array, src: Float64Array): void {
  for (let i = 0; i < dst.length; i++) dst[i] += src[i];
}
