/**
 * Tail probabilities of Beta distributions, for posterior safety rules such as
 * "stop when Pr(p > limit | y DLTs in n) > cutoff" under a Beta(a, b) prior.
 *
 * The regularized incomplete beta function I_x(a, b) is evaluated by its continued
 * fraction (modified Lentz algorithm), using the symmetry I_x(a, b) = 1 - I_{1-x}(b, a)
 * where the fraction converges slowly (x > (a + 1) / (a + b + 2)). The log-beta prefactor
 * is computed in log space so that large counts do not overflow.
 */
import { gammaln } from "simple-statistics";

const EPS = 1e-15;
const TINY = 1e-300;

function continuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/**
 * The Beta(a, b) cumulative distribution function at x, I_x(a, b).
 * @example betaCdf(0.3, 1, 1) // => 0.3
 * @example betaCdf(0.3, 2, 4) // => 0.47178 (to 5 places)
 */
export function betaCdf(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = gammaln(a + b) - gammaln(a) - gammaln(b) + a * Math.log(x) + b * Math.log1p(-x);
  const front = Math.exp(logFront);
  if (x < (a + 1) / (a + b + 2)) return (front * continuedFraction(x, a, b)) / a;
  return 1 - (front * continuedFraction(1 - x, b, a)) / b;
}

/**
 * Posterior probability that the DLT rate exceeds `limit` after `y` DLTs in `n` patients,
 * under a Beta(priorA, priorB) prior: 1 - I_limit(priorA + y, priorB + n - y).
 * @example posteriorExceeds(3, 3, 0.3) // => 0.9919 (BOIN's elimination at n = 3 for a target of 0.3)
 */
export function posteriorExceeds(y: number, n: number, limit: number, priorA = 1, priorB = 1): number {
  return 1 - betaCdf(limit, priorA + y, priorB + n - y);
}
