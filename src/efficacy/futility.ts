/**
 * Bayesian futility monitoring of a response rate at interim looks (the rule of the efficacy
 * expansion, in the style of Thall & Simon 1994 and BOP2's futility boundary):
 *
 *   at a look with n assessed patients of whom x responded, stop the dose for futility when
 *   Pr(response rate > p0 | x, n) < cutoff, under a Beta(priorA, priorB) prior.
 *
 * The posterior probability rises with x, so each look has a boundary: stop when x <= b(n)
 * (b = -1: the look cannot stop). Operating characteristics are exact: the number of responders
 * is carried look to look as a distribution over the trials not yet stopped (binomial increments
 * between looks), so P(stop at each look), P(stop early) and the expected number of patients
 * follow without simulation.
 */
import { binomialPmfs } from "../random/binomial.js";
import { posteriorExceeds } from "../select/beta-tail.js";

export interface FutilityRule {
  /** response rate not worth pursuing */
  p0: number;
  /** stop when Pr(rate > p0 | data) < cutoff */
  cutoff: number;
  priorA: number;
  priorB: number;
}

/** The largest x with Pr(rate > p0 | x of n) < cutoff (stop when responders <= it), or -1. */
export function futilityBoundary(rule: FutilityRule, n: number): number {
  let b = -1;
  for (let x = 0; x <= n; x++) {
    // Stryker disable next-line EqualityOperator: a posterior tail exactly equal to the cutoff cannot be told from a neighbour in floating point (continued fraction)
    if (posteriorExceeds(x, n, rule.p0, rule.priorA, rule.priorB) < rule.cutoff) b = x;
    else break; // the posterior tail is increasing in x
  }
  return b;
}

export interface FutilityLook {
  /** patients assessed at this look */
  n: number;
  /** stop when responders <= boundary (-1: cannot stop here) */
  boundary: number;
  /** P(the dose stops for futility at this look), under the true rate */
  pStop: number;
}

export interface FutilityOc {
  rate: number;
  looks: FutilityLook[];
  /** P(stopped at any look before the last one) */
  pStopEarly: number;
  /** P(stopped at any look, the last one included) */
  pStop: number;
  /** expected number of patients treated (a stopped dose treats no one after its look) */
  expectedN: number;
}

/**
 * Exact operating characteristics of the rule at the looks `looks` (strictly increasing
 * numbers of assessed patients; the last is the planned size), under a true response rate.
 */
export function futilityOc(rule: FutilityRule, looks: readonly number[], rate: number): FutilityOc {
  if (looks.length === 0) throw new RangeError("futility: give at least one look");
  for (let i = 0; i < looks.length; i++) {
    const n = looks[i];
    // Stryker disable next-line ConditionalExpression,EqualityOperator: at i = 0, looks[-1] is undefined and n <= undefined is false, so the i > 0 guard only documents intent
    if (!Number.isInteger(n) || n < 1 || (i > 0 && n <= looks[i - 1])) throw new RangeError(`futility: looks must be increasing positive integers, got ${looks.join(", ")}`);
  }
  const nMax = looks[looks.length - 1];
  // alive[x] = P(not stopped so far and x responders among the patients assessed so far)
  let alive = new Float64Array(nMax + 1);
  alive[0] = 1;
  let prev = 0;
  let expectedN = 0;
  let pStop = 0;
  let pStopEarly = 0;
  const out: FutilityLook[] = [];
  for (let i = 0; i < looks.length; i++) {
    const n = looks[i];
    const inc = binomialPmfs(n - prev, rate);
    const next = new Float64Array(nMax + 1);
    for (let x = 0; x <= prev; x++) {
      // Stryker disable next-line ConditionalExpression: skipping empty states saves time only (adding 0 changes nothing)
      if (alive[x] === 0) continue;
      for (let k = 0; k < inc.length; k++) next[x + k] += alive[x] * inc[k];
    }
    let aliveBefore = 0;
    for (let x = 0; x <= prev; x++) aliveBefore += alive[x];
    expectedN += aliveBefore * (n - prev);
    const boundary = futilityBoundary(rule, n);
    let stop = 0;
    for (let x = 0; x <= boundary; x++) {
      stop += next[x];
      next[x] = 0;
    }
    out.push({ n, boundary, pStop: stop });
    pStop += stop;
    if (i < looks.length - 1) pStopEarly += stop;
    alive = next;
    prev = n;
  }
  return { rate, looks: out, pStopEarly, pStop, expectedN };
}
