/**
 * The nonparametric optimal benchmark of O'Quigley, Paoletti & Maccario (2002), Biostatistics
 * 3(1):51-56 (doi:10.1093/biostatistics/3.1.51), computed exactly.
 *
 * Each of N patients has a latent tolerance u ~ U(0, 1) and would have a DLT at dose k iff
 * u < p_k ("complete information": every patient is observed at every dose). The benchmark
 * estimates p̂_k = C_k / N, where C_k counts the patients with u < p_k, and selects the dose with
 * p̂_k closest to the target (ties: the lower dose). The counts of patients in the intervals
 * between consecutive sorted p values are multinomial, so the selection distribution follows
 * exactly from a walk over the doses in increasing order of p_k: given C at one dose, the
 * number added at the next is Binomial(N − C, (p_next − p_prev) / (1 − p_prev)).
 */
import { binomialPmfs } from "../random/binomial.js";

/** Floating-point slack under which two distances to the target count as tied. */
export const TIE_TOLERANCE = 1e-12;

/**
 * Is the estimate `a` strictly closer to `target` than `b` (beyond {@link TIE_TOLERANCE})?
 * Both the exact benchmark and the pseudo-design compare distances this way, so they agree on ties.
 */
export function closer(a: number, b: number, target: number): boolean {
  return Math.abs(a - target) < Math.abs(b - target) - TIE_TOLERANCE;
}

/**
 * Exact selection probabilities of the optimal benchmark with `n` patients.
 * @param truth true DLT probability per dose (any order; ties allowed)
 * @returns probability that each dose (0-based index) is selected; they sum to 1
 * @example optimalExact([0.05, 0.15, 0.3, 0.45, 0.6], 0.3, 30) // => [0.0005, 0.1637, 0.6849, 0.1484, 0.0026] (to 4 places)
 */
export function optimalExact(truth: readonly number[], target: number, n: number): number[] {
  const K = truth.length;
  if (K === 0) return [];
  if (!(Number.isInteger(n) && n >= 1)) throw new Error(`n must be a positive integer, got ${n}`);
  // visit doses in increasing p (stable, so equal p keep dose order)
  // Stryker disable next-line ArithmeticOperator: a.k + b.k only reorders doses of equal p, which get the same count (the walk adds Binomial(·, 0) between them), and a tie goes to the lower dose whichever is visited first
  const order = truth.map((p, k) => ({ p, k })).sort((a, b) => a.p - b.p || a.k - b.k);
  const N1 = n + 1;
  // prob[best][bestC * N1 + c]: after some doses, the current count is c and the best dose so far
  // is `best` with count bestC.
  let prob = new Map<number, Float64Array>();
  // first dose in p order
  {
    const { p, k } = order[0];
    const pmf = binomialPmfs(n, p);
    const arr = new Float64Array(N1 * N1);
    for (let c = 0; c <= n; c++) arr[c * N1 + c] = pmf[c];
    prob.set(k, arr);
  }
  let prevP = order[0].p;
  for (let j = 1; j < K; j++) {
    const { p, k } = order[j];
    const q = prevP >= 1 ? 0 : Math.min(1, Math.max(0, (p - prevP) / (1 - prevP)));
    prevP = p;
    const pmfs: Float64Array[] = [];
    for (let m = 0; m <= n; m++) pmfs.push(binomialPmfs(m, q));
    const next = new Map<number, Float64Array>();
    const get = (b: number): Float64Array => {
      let a = next.get(b);
      if (!a) {
        a = new Float64Array(N1 * N1);
        next.set(b, a);
      }
      return a;
    };
    for (const [best, arr] of prob) {
      for (let bc = 0; bc <= n; bc++) {
        for (let c = 0; c <= n; c++) {
          const w = arr[bc * N1 + c];
          // Stryker disable next-line ConditionalExpression: a shortcut; without it the zero weight adds 0 to some cell and the sums do not change
          if (w === 0) continue;
          const pmf = pmfs[n - c];
          for (let add = 0; add <= n - c; add++) {
            const pw = w * pmf[add];
            // Stryker disable next-line ConditionalExpression: a shortcut; without it the zero weight adds 0 to some cell and the sums do not change
            if (pw === 0) continue;
            const c2 = c + add;
            const est = c2 / n;
            const bestEst = bc / n;
            // Stryker disable next-line EqualityOperator: k is the dose being visited and best one visited before, so k === best never happens and k <= best is k < best
            const wins = closer(est, bestEst, target) || (!closer(bestEst, est, target) && k < best);
            if (wins) get(k)[c2 * N1 + c2] += pw;
            else get(best)[bc * N1 + c2] += pw;
          }
        }
      }
    }
    prob = next;
  }
  const out = new Array<number>(K).fill(0);
  for (const [best, arr] of prob) {
    let s = 0;
    for (let i = 0; i < arr.length; i++) s += arr[i];
    out[best] += s;
  }
  return out;
}
