/**
 * Binomial draws by inversion through a cumulative table built once per (dose, cohort size):
 * one uniform per cohort, no allocation, and a draw that is monotone in p (for the same
 * uniform, a higher DLT probability never gives fewer DLTs).
 */
import type { Uniform } from "./stream.js";

/** log of the binomial coefficient C(n, k). */
function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

/**
 * Probability mass b(k; n, p), computed in log space so that large n stays accurate.
 * @example binomialPmf(1, 3, 0.5) // => 0.375
 */
export function binomialPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  return Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/** The probabilities b(0..n; n, p) as an array. */
export function binomialPmfs(n: number, p: number): Float64Array {
  const out = new Float64Array(n + 1);
  for (let k = 0; k <= n; k++) out[k] = binomialPmf(k, n, p);
  return out;
}

/**
 * Cumulative table for inversion: cdf[k] = P(X <= k), with the last entry forced to 1 so a
 * draw can never run off the end through rounding.
 */
export function binomialCdf(n: number, p: number): Float64Array {
  const pmf = binomialPmfs(n, p);
  const cdf = new Float64Array(n + 1);
  let acc = 0;
  for (let k = 0; k <= n; k++) {
    acc += pmf[k];
    cdf[k] = acc;
  }
  cdf[n] = 1;
  return cdf;
}

/** The number of DLTs for uniform `u` under a table from {@link binomialCdf}. */
export function drawFromCdf(u: number, cdf: Float64Array): number {
  let k = 0;
  while (u >= cdf[k]) k++;
  return k;
}

/**
 * Tables indexed [dose][size] for every dose of a truth curve and every cohort size up to
 * `maxSize`, built once per curve.
 */
export function cdfTables(truth: readonly number[], maxSize: number): Float64Array[][] {
  return truth.map((p) => {
    const row: Float64Array[] = [new Float64Array([1])];
    for (let size = 1; size <= maxSize; size++) row.push(binomialCdf(size, p));
    return row;
  });
}

/** One binomial draw from a stream (convenience; the engines use the tables directly). */
export function binomial(u: Uniform, n: number, p: number): number {
  return drawFromCdf(u(), binomialCdf(n, p));
}
