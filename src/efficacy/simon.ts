/**
 * Simon's two-stage designs for a single-arm response endpoint (Simon 1989, Controlled Clinical
 * Trials 10:1-10), as used to monitor efficacy in a dose-expansion cohort.
 *
 * Stage 1 treats n1 patients and stops for futility when at most r1 respond; otherwise stage 2
 * treats n - n1 more, and the dose is declared promising when more than r of the n respond.
 * Error rates: P(declared promising | p0) <= alpha and P(declared promising | p1) >= power.
 * The optimal design minimises the expected sample size under p0, EN(p0); the minimax design
 * minimises n, then EN(p0) among designs of that n. The search is exhaustive over n <= nMax,
 * 1 <= n1 < n, 0 <= r1 < n1, taking for each (n, n1, r1) the smallest r that holds alpha (the
 * type I error falls as r grows, and a larger r only loses power); ties in EN(p0) go to the first
 * design found in the order n, n1, r1 (the order of R clinfun's ph2simon).
 */
import { binomialPmfs } from "../random/binomial.js";

export interface SimonDesign {
  /** futility bound of stage 1: stop when responses <= r1 among n1 */
  r1: number;
  n1: number;
  /** final bound: promising when responses > r among n */
  r: number;
  n: number;
  /** expected sample size and probability of early termination under p0 and under p1 */
  en0: number;
  pet0: number;
  en1: number;
  pet1: number;
  /** attained type I error and power */
  alpha: number;
  power: number;
}

export interface SimonResult {
  p0: number;
  p1: number;
  alpha: number;
  power: number;
  nMax: number;
  optimal: SimonDesign;
  minimax: SimonDesign;
}

export const SIMON_MAX_N = 300;

/** Upper tails: tail[m][t] = P(Bin(m, p) > t) for t = 0..m (t >= m gives 0). */
function upperTails(nMax: number, p: number): Float64Array[] {
  const out: Float64Array[] = [];
  // Stryker disable next-line EqualityOperator: the entry m = nMax is never read (n1 and n - n1 stay below nMax); building it or not changes nothing
  for (let m = 0; m <= nMax; m++) {
    const pmf = binomialPmfs(m, p);
    const tail = new Float64Array(m + 1);
    let acc = 0;
    for (let t = m; t >= 0; t--) {
      tail[t] = acc; // P(X > t) = sum over k > t
      acc += pmf[t];
    }
    out.push(tail);
  }
  return out;
}

/** P(X1 > r1 and X1 + X2 > r): the probability that the dose is declared promising. */
function promising(pmf1: Float64Array, n1: number, r1: number, r: number, tail2: Float64Array, n2: number): number {
  let s = 0;
  for (let x1 = r1 + 1; x1 <= n1; x1++) {
    const t = r - x1;
    // Stryker disable next-line EqualityOperator: tail2[n2] = P(X > n2) = 0, so t = n2 adds 0 on either branch
    s += t < 0 ? pmf1[x1] : t < n2 ? pmf1[x1] * tail2[t] : 0;
  }
  return s;
}

/** The optimal and minimax designs, or null when no design with n <= nMax meets alpha and power. */
export function simonDesigns(p0: number, p1: number, alpha: number, power: number, nMax = 100): SimonResult | null {
  if (!(p0 >= 0 && p0 < p1 && p1 <= 1)) throw new RangeError(`simon: need 0 <= p0 < p1 <= 1, got p0 = ${p0}, p1 = ${p1}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`simon: alpha must be in (0, 1), got ${alpha}`);
  if (!(power > 0 && power < 1)) throw new RangeError(`simon: power must be in (0, 1), got ${power}`);
  if (!Number.isInteger(nMax) || nMax < 2 || nMax > SIMON_MAX_N) throw new RangeError(`simon: nMax must be an integer in 2..${SIMON_MAX_N}, got ${nMax}`);
  const pmf0 = Array.from({ length: nMax + 1 }, (_, m) => binomialPmfs(m, p0));
  const pmf1 = Array.from({ length: nMax + 1 }, (_, m) => binomialPmfs(m, p1));
  const tail0 = upperTails(nMax, p0);
  const tail1 = upperTails(nMax, p1);
  let optimal: SimonDesign | null = null;
  let minimax: SimonDesign | null = null;
  const pet = (pmf: Float64Array, r1: number) => {
    let s = 0;
    for (let x = 0; x <= r1; x++) s += pmf[x];
    return s;
  };
  for (let n = 2; n <= nMax; n++) {
    for (let n1 = 1; n1 < n; n1++) {
      // EN(p0) >= n1: once n1 reaches the best EN found, no design here can be optimal, and a
      // minimax design (the first n with a feasible design) has been found already
      // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: a pruning step for speed only; the designs it skips can win neither search
      if (optimal && minimax && n1 >= optimal.en0) break;
      const n2 = n - n1;
      // Stryker disable next-line EqualityOperator: r1 = n1 stops every trial after stage 1 (power 0), so it is never feasible
      for (let r1 = 0; r1 < n1; r1++) {
        // power <= P(X1 > r1 | p1), which only falls as r1 grows
        // Stryker disable next-line ConditionalExpression,EqualityOperator: a pruning step for speed only (the power check below refuses the same designs)
        if (tail1[n1][r1] < power) break;
        // smallest r in [r1, n - 1] with type I error <= alpha (it falls as r grows)
        let lo = r1;
        let hi = n; // n means "none": P(X > n - 1 ... ) bound never met
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          // Stryker disable next-line EqualityOperator: <= alpha is Simon's definition; an attained error exactly equal to alpha cannot be told from a neighbour in floating point (the binomial terms go through exp and log)
          if (promising(pmf0[n1], n1, r1, mid, tail0[n2], n2) <= alpha) hi = mid;
          else lo = mid + 1;
        }
        // lo = n when no r holds alpha: then no x1 + x2 can exceed r = n, the power is 0 and the check below refuses the design
        const r = lo;
        const pw = promising(pmf1[n1], n1, r1, r, tail1[n2], n2);
        // Stryker disable next-line EqualityOperator: as for alpha, equality with the requested power is not decidable in floating point
        if (pw < power) continue;
        const pet0 = pet(pmf0[n1], r1);
        const en0 = n1 + (1 - pet0) * n2;
        const make = (): SimonDesign => {
          const pet1 = pet(pmf1[n1], r1);
          return { r1, n1, r, n, en0, pet0, en1: n1 + (1 - pet1) * n2, pet1, alpha: promising(pmf0[n1], n1, r1, r, tail0[n2], n2), power: pw };
        };
        // Stryker disable next-line EqualityOperator,ArithmeticOperator: the 1e-12 keeps the first of two designs whose EN(p0) differ by rounding only; no two designs of the fixtures come that close
        if (!optimal || en0 < optimal.en0 - 1e-12) optimal = make();
        // Stryker disable next-line EqualityOperator,ArithmeticOperator: as above
        if (!minimax || (n === minimax.n && en0 < minimax.en0 - 1e-12)) minimax = make();
      }
    }
  }
  // Stryker disable next-line LogicalOperator: optimal and minimax are set by the same first feasible design, so they are null together
  if (!optimal || !minimax) return null;
  return { p0, p1, alpha, power, nMax, optimal, minimax };
}

/** The rule in words, for a protocol or the terminal. */
export function describeSimon(d: SimonDesign): string {
  return (
    `Stage 1: treat ${d.n1} patients; stop for futility if ${d.r1} or fewer respond. ` +
    `Stage 2: treat ${d.n - d.n1} more (${d.n} in all); the dose is promising if more than ${d.r} of the ${d.n} respond.`
  );
}
