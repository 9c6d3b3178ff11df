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
  // Stryker disable next-line ConditionalExpression,EqualityOperator: 1 - (a + b) x / (a + 1) > 0 for every x below the switch point: the guard never fires
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  // (The cap's `m < 1000` mutant survives, equivalent: the fraction converges in far fewer terms for the
  // arguments used; EqualityOperator is left enabled because `m >= 1000`, which skips the loop, is killed.)
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: Lentz guard against 0/0; |d|, |c| stay near 1 for x below the switch point, so it never fires
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: Lentz guard against 0/0; |d|, |c| stay near 1 for x below the switch point, so it never fires
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: Lentz guard against 0/0; |d|, |c| stay near 1 for x below the switch point, so it never fires
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: Lentz guard against 0/0; |d|, |c| stay near 1 for x below the switch point, so it never fires
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator,BlockStatement: the early exit only saves time; iterating on after convergence multiplies h by 1
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
  return betaCdfAt(x, a, b, logBetaRatio(a, b));
}

/** log Γ(a + b) − log Γ(a) − log Γ(b), the log of 1/B(a, b): {@link betaCdfAt}'s `lnB`. */
export function logBetaRatio(a: number, b: number): number {
  return gammaln(a + b) - gammaln(a) - gammaln(b);
}

/**
 * {@link betaCdf} given `lnB` = logBetaRatio(a, b), for callers that evaluate one Beta(a, b) at
 * several points (the Keyboard's keys): the same numbers, with the log-gamma terms computed once.
 */
export function betaCdfAt(x: number, a: number, b: number, lnB: number): number {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: callers pass x in [0, 1] (limits, key break-points); at x = 0 and x = 1 the general formula gives 0 and 1 too (a log of 0 makes the prefactor 0)
  if (x <= 0) return 0;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: as above
  if (x >= 1) return 1;
  const logFront = lnB + a * Math.log(x) + b * Math.log1p(-x);
  const front = Math.exp(logFront);
  // Stryker disable next-line ArithmeticOperator: moving the switch point (a - 1 for a + 1, a + b - 2 for a + b + 2) picks the other, equally exact form near it; only the speed of convergence differs, and both converge within the tolerance
  const switchAt = (a + 1) / (a + b + 2);
  // Stryker disable next-line EqualityOperator: at the switch point both forms are exact; only the speed of convergence differs
  if (x < switchAt) return (front * continuedFraction(x, a, b)) / a;
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
