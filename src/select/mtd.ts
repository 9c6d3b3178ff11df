/**
 * The MTD selection rule of the interval designs: R BOIN 2.7.2 `select.mtd` (Liu & Yuan 2015,
 * JRSS C 64:507-523, doi:10.1111/rssc.12089), which R Keyboard 0.1.3 `select.mtd.kb` repeats
 * line for line (without `boundMTD`). From the final data:
 *
 * 1. Re-derive elimination: the lowest dose i with n_i >= minEliminationN and
 *    y_i >= eliminateAtLeast[n_i] eliminates i and every higher dose. With extra safety, dose 1
 *    failing the looser test (y_1 >= extraSafeAtLeast[n_1], n_1 >= 3) eliminates every dose.
 * 2. No MTD (-1) when dose 1 is eliminated or no patient was treated at a non-eliminated dose.
 * 3. Eligible doses: tried (n > 0) and not eliminated; untried doses are never selected.
 * 4. Estimates (y + 0.05) / (n + 0.1), the Beta(0.05, 0.05) posterior mean, with weights
 *    1 / var, var = (y + 0.05)(n - y + 0.05) / ((n + 0.1)^2 (n + 1.1)); weighted PAVA over the
 *    eligible doses in dose order.
 * 5. Offsets j * 1e-10 (j = 1..m, the position among eligible doses) break ties: inside a pooled
 *    block above the target the lowest dose wins, below it the highest.
 * 6. The eligible dose closest to the target; an exact remaining tie goes to the lower dose
 *    (R's stable `sort(..., index.return = TRUE)$ix[1]`).
 * 7. `bound` (BOIN's `boundMTD`): only doses whose offset estimate is <= bound (λd) qualify;
 *    none qualifying means no MTD.
 *
 * The selector is built once per design and reuses its scratch arrays, so a call allocates
 * nothing (it runs once per simulated trial). It is therefore not re-entrant; each worker
 * thread builds its own design.
 */
import type { ReadonlyInts } from "../model/state.js";
import { pavaInPlace, pavaScratch } from "./isotonic.js";
import { posteriorExceeds } from "./beta-tail.js";

/** The Beta(0.05, 0.05) posterior mean (y + 0.05) / (n + 0.1). */
function estimate(n: number, y: number): number {
  return (y + 0.05) / (n + 0.1);
}

/** 1 / posterior variance: (n + 0.1)^2 (n + 1.1) / ((y + 0.05)(n - y + 0.05)). */
function weightOf(n: number, y: number): number {
  const t = n + 0.1;
  return (t * t * (t + 1)) / ((y + 0.05) * (n - y + 0.05));
}

/** "Never" in a threshold table: larger than any count. */
export const NEVER = 0x3fffffff;

/** What the selection rule needs, resolved once. */
export interface IsotonicMtdOptions {
  readonly numDoses: number;
  readonly target: number;
  /** Elimination threshold per n (index n; NEVER for none). Counts beyond the table never eliminate. */
  readonly eliminateAtLeast: Int32Array;
  /** Elimination applies only with at least this many patients at the dose (3 in BOIN and Keyboard). */
  readonly minEliminationN: number;
  /** BOIN's extrasafe rule for dose 1 (per n, NEVER for none), or null when off. */
  readonly extraSafeAtLeast: Int32Array | null;
  /** BOIN's boundMTD: the largest isotonic estimate a selected dose may have (λd), or null when off. */
  readonly bound: number | null;
}

/** A selector: (n, y per dose, lowest eliminated dose in the trial state) → 0-based MTD or -1. */
export type MtdSelector = (n: ReadonlyInts, y: ReadonlyInts, eliminatedFrom: number) => number;

/** Build the selection rule with its scratch arrays. */
export function isotonicMtdSelector(o: IsotonicMtdOptions): MtdSelector {
  const K = o.numDoses;
  const target = o.target;
  const elim = o.eliminateAtLeast;
  const minN = o.minEliminationN;
  const extra = o.extraSafeAtLeast;
  const bound = o.bound;
  const phat = new Float64Array(K);
  const weight = new Float64Array(K);
  const index = new Int32Array(K);
  const scratch = pavaScratch(K);
  // estimates and weights for every (n, y) the elimination table covers, computed once
  const tn = elim.length;
  const estTable = new Float64Array(tn * (tn + 1));
  const wTable = new Float64Array(tn * (tn + 1));
  // Stryker disable next-line EqualityOperator: nn = tn would write past the end of the typed arrays, which is ignored
  for (let nn = 0; nn < tn; nn++) {
    for (let yy = 0; yy <= nn; yy++) {
      estTable[nn * (tn + 1) + yy] = estimate(nn, yy);
      wTable[nn * (tn + 1) + yy] = weightOf(nn, yy);
    }
  }

  return (n, y, eliminatedFrom) => {
    // 1. elimination re-derived from the final data (never less than the trial's own)
    // Stryker disable next-line EqualityOperator: with eliminatedFrom === K both branches give K
    // (The clamp's `true` mutant survives, equivalent: an eliminatedFrom above K reads past the typed arrays, whose
    // undefined / NaN values are never eliminated, pooled into a selected dose or selected; it is left enabled
    // because disabling ConditionalExpression here would also hide the `false` mutant, which the tests kill.)
    let lim = eliminatedFrom < K ? eliminatedFrom : K;
    // Stryker disable next-line EqualityOperator: d = lim is either K (n[K] is undefined: no elimination) or a dose already eliminated (lim stays lim)
    for (let d = 0; d < lim; d++) {
      const nd = n[d];
      if (
        nd >= minN &&
        // Stryker disable next-line ConditionalExpression,EqualityOperator: beyond the table elim[nd] is undefined and y >= undefined is false anyway
        nd < elim.length &&
        y[d] >= elim[nd]
      ) {
        lim = d;
        break;
      }
    }
    if (extra !== null) {
      const n0 = n[0];
      if (
        n0 >= 3 &&
        // Stryker disable next-line ConditionalExpression,EqualityOperator: beyond the table extra[n0] is undefined and y >= undefined is false anyway
        n0 < extra.length &&
        y[0] >= extra[n0]
      )
        lim = 0;
    }
    // Stryker disable next-line ConditionalExpression: a shortcut; with lim = 0 no dose is eligible and m === 0 below returns -1 too
    if (lim === 0) return -1;
    // 3-4. eligible doses and their estimates
    let m = 0;
    for (let d = 0; d < lim; d++) {
      const nd = n[d];
      if (nd === 0) continue;
      const yd = y[d];
      // Stryker disable next-line ConditionalExpression: -> false is equivalent (the tables hold estimate() and weightOf() of the same counts); -> true reads past the table, as the EqualityOperator mutants here do, which the tests kill
      if (nd < tn) {
        phat[m] = estTable[nd * (tn + 1) + yd];
        weight[m] = wTable[nd * (tn + 1) + yd];
      } else {
        phat[m] = estimate(nd, yd);
        weight[m] = weightOf(nd, yd);
      }
      index[m] = d;
      m++;
    }
    // Stryker disable next-line ConditionalExpression: a shortcut; with m = 0 the loop below finds no dose and returns -1 too
    if (m === 0) return -1;
    pavaInPlace(phat, weight, m, scratch);
    // 5-7. offsets, closest to the target, stable ties
    let best = -1;
    let bestDist = Infinity;
    for (let j = 0; j < m; j++) {
      const p = phat[j] + (j + 1) * 1e-10;
      if (bound !== null && p > bound) break; // estimates are non-decreasing: the rest exceed it too
      const dist = Math.abs(p - target);
      if (dist < bestDist) {
        bestDist = dist;
        best = j;
      }
    }
    return best < 0 ? -1 : index[best];
  };
}

/** The smallest y in `fromY..n` with Pr(p > target | y of n, Beta(1, 1) prior) > cutoff, or NEVER. */
export function eliminationThreshold(n: number, target: number, cutoff: number, fromY = 1): number {
  for (let y = fromY; y <= n; y++) if (posteriorExceeds(y, n, target) > cutoff) return y;
  return NEVER;
}

/** Options of {@link selectMtd}, with BOIN's defaults. */
export interface SelectMtdOptions {
  /** Posterior cutoff for elimination (default 0.95). */
  cutoffEli?: number;
  /** Apply the extra safety rule to dose 1 (default false). */
  extraSafe?: boolean;
  /** How much looser the extra safety cutoff is (default 0.05). */
  offset?: number;
  /** Only select doses whose isotonic estimate is at most λd (default false). */
  boundMtd?: boolean;
  /** The toxic rate defining λd (default 1.4 × target). */
  pTox?: number;
}

/** BOIN's de-escalation boundary λd for target φ and toxic rate φ2. */
export function lambdaD(target: number, pTox: number): number {
  return Math.log((1 - target) / (1 - pTox)) / Math.log((pTox * (1 - target)) / (target * (1 - pTox)));
}

/**
 * R BOIN's `select.mtd(target, npts, ntox, ...)` as a plain function (allocates; for analyses
 * and tests, not the simulation loop). Doses are 0-based; -1 means no MTD.
 * @example selectMtd(0.3, [3, 6, 9, 3], [0, 1, 3, 2]) // => 2
 */
export function selectMtd(target: number, n: readonly number[], y: readonly number[], options: SelectMtdOptions = {}): number {
  const K = n.length;
  const cutoff = options.cutoffEli ?? 0.95;
  const maxN = Math.max(3, ...n);
  const elim = new Int32Array(maxN + 1).fill(NEVER);
  const extra = options.extraSafe ? new Int32Array(maxN + 1).fill(NEVER) : null;
  for (let k = 3; k <= maxN; k++) {
    elim[k] = eliminationThreshold(k, target, cutoff);
    if (extra) extra[k] = eliminationThreshold(k, target, cutoff - (options.offset ?? 0.05));
  }
  const select = isotonicMtdSelector({
    numDoses: K,
    target,
    eliminateAtLeast: elim,
    minEliminationN: 3,
    extraSafeAtLeast: extra,
    bound: options.boundMtd ? lambdaD(target, options.pTox ?? 1.4 * target) : null,
  });
  return select(Int32Array.from(n), Int32Array.from(y), K);
}
