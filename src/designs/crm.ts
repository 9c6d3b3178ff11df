/**
 * The continual reassessment method (CRM) of O'Quigley, Pepe & Fisher (1990), Biometrics
 * 46:33-48 (doi:10.2307/2531628), with the conventions of R's dfcrm (`crm`, `crmsim`;
 * Cheung 2011, "Dose Finding by the Continual Reassessment Method", CRC Press).
 *
 * Implemented:
 * - One-parameter models over a skeleton s_1 < ... < s_K: the power ("empiric") model
 *   p_k(a) = s_k^exp(a), or the logistic model p_k(a) = 1 / (1 + exp(−c − exp(a)·x_k)) with
 *   x_k = logit(s_k) − c and intercept c (dfcrm's `intcpt`, default 3).
 * - Prior a ~ N(0, σ²) with σ² = 1.34 by default (dfcrm's `scale = sqrt(1.34)`).
 * - The skeleton is given, or built by Lee & Cheung's (2009) `getprior` (src/select/skeleton.ts).
 * - After each cohort, â = the posterior mean of a, computed by the trapezoid rule on a fixed
 *   grid over [−10, 10] (step 0.1, 201 points; the trapezoid rule converges
 *   exponentially fast for such smooth, rapidly decaying integrands) built once per design; the next dose is the
 *   dose whose plug-in estimate p_k(â) is closest to the target (ties: the lower dose), as dfcrm.
 * - `restrict` (dfcrm's `restrict = TRUE`, the default): never escalate more than one dose above
 *   the last cohort's dose, and never escalate when the last cohort's observed DLT rate is at
 *   least the target.
 * - Start-up: one-stage (first cohort at the start dose, then the model: dfcrm with scalar x0),
 *   or two-stage (dfcrm with vector x0): cohorts follow an initial dose sequence (given, or one
 *   cohort per dose upwards from the start dose) until the first DLT, then the model takes over.
 *   As dfcrm does in two-stage designs, while every patient so far had a DLT the model step uses
 *   a vague prior (σ = 500).
 * - Safety stop (not in dfcrm; on by default, switch off with `safetyStop: false` to reproduce
 *   crmsim): once `safetyMinPatients` have been treated, stop with no MTD when
 *   Pr(p_1 > target | data) > `safetyCutoff` (default 0.9).
 * - MTD = the model's recommendation from all the data at the end (no restriction). When that
 *   dose was never tried, the tried dose whose estimate is closest to the target is taken
 *   instead, unless `allowUntriedMtd` is set (dfcrm allows untried doses).
 *
 * Speed: each grid point's log p_k and log(1 − p_k) are precomputed, so a posterior costs
 * O(grid × tried doses) with no allocation. Recommendations are also memoised in a fixed-size
 * hash table keyed by the per-dose counts (n_k, y_k): the value is a pure function of those
 * counts, so the memo changes no result, only the time (trials revisit the same states).
 */
import { stop, treat, type Decision } from "../model/decision.js";
import type { TrialView } from "../model/state.js";
import type { ParamSpec, ParamValues } from "../config/params.js";
import { getprior, type CrmModel } from "../select/skeleton.js";
import { measureNothing, type Design } from "./design.js";
import { MAX_COHORT, MAX_PATIENTS } from "./limits.js";

export const crmParams: readonly ParamSpec[] = [
  { name: "target", kind: "probability", open: true, description: "Target DLT probability θ: the MTD is the dose whose estimated DLT rate is closest to it." },
  { name: "maxPatients", kind: "integer", min: 1, max: MAX_PATIENTS, description: "Maximum sample size N; must be a multiple of cohortSize (as dfcrm requires)." },
  { name: "cohortSize", kind: "integer", min: 1, max: MAX_COHORT, default: 3, description: "Patients per cohort (dfcrm's mcohort)." },
  {
    name: "skeleton",
    kind: "probabilities",
    default: [],
    description: "Prior guess of the DLT rate at each dose, increasing. Leave out to build it with getprior(halfwidth, target, priorMtd, doses).",
  },
  { name: "halfwidth", kind: "number", exclusiveMin: 0, exclusiveMax: 0.5, default: 0.05, description: "getprior's halfwidth δ of the indifference interval θ ± δ (used when no skeleton is given)." },
  { name: "priorMtd", kind: "integer", min: 0, default: 0, description: "getprior's prior MTD ν (1-based); 0 means the middle dose, ceil(doses / 2)." },
  { name: "model", kind: "enum", values: ["empiric", "logistic"], default: "empiric", description: "Dose-toxicity model: empiric (power) p = s^exp(a), or logistic p = 1/(1+exp(-c-exp(a)x))." },
  { name: "intercept", kind: "number", default: 3, description: "Logistic model's fixed intercept c (dfcrm's intcpt)." },
  { name: "priorVariance", kind: "number", exclusiveMin: 0, default: 1.34, description: "Prior variance σ² of the model parameter a ~ N(0, σ²)." },
  { name: "startDose", kind: "integer", min: 1, default: 1, description: "Dose (1-based) of the first cohort." },
  { name: "restrict", kind: "boolean", default: true, description: "No escalation by more than one dose above the last cohort's dose, and none after a cohort whose DLT rate is >= target (dfcrm's restrict)." },
  {
    name: "startup",
    kind: "enum",
    values: ["none", "escalate-until-first-dlt"],
    default: "none",
    description: "none: the model decides from the second cohort on. escalate-until-first-dlt: one cohort per dose upwards from startDose until the first DLT (a two-stage CRM).",
  },
  {
    name: "initialDoses",
    kind: "integers",
    min: 1,
    default: [],
    description: "Two-stage CRM: the 1-based dose of each cohort until the first DLT (the last entry repeats if the list runs out), as dfcrm's x0 per cohort.",
  },
  { name: "safetyStop", kind: "boolean", default: true, description: "Stop with no MTD when Pr(DLT rate at dose 1 > target | data) > safetyCutoff (dfcrm has no such rule)." },
  { name: "safetyCutoff", kind: "probability", default: 0.9, description: "Posterior probability above which the safety stop fires." },
  { name: "safetyMinPatients", kind: "integer", min: 1, max: MAX_PATIENTS, default: 3, description: "The safety stop is checked once at least this many patients have been treated." },
  { name: "allowUntriedMtd", kind: "boolean", default: false, description: "Let the final recommendation be a dose nobody received (dfcrm does); by default the tried dose with the estimate closest to the target is taken instead." },
];

/** Trapezoid grid for the posterior of a: dfcrm integrates the numerator over [−10, 10]. */
const GRID_LO = -10;
const GRID_HI = 10;
const GRID_STEP = 0.1;
/** σ of dfcrm's vague prior in two-stage designs while every patient had a DLT. */
const VAGUE_SCALE = 500;
/** Memo table: slots (a power of two) and the longest probe. */
const MEMO_SLOTS = 1 << 16;
const MEMO_PROBES = 16;

/** The posterior machinery of one CRM model, precomputed once. Exposed for tests and tools. */
export interface CrmPosterior {
  /** Grid points of a. */
  readonly grid: Float64Array;
  /** Posterior mean of a after (n, y) per dose, under the normal prior with variance σ², or the vague prior. */
  posteriorMean(n: ArrayLike<number>, y: ArrayLike<number>, vague?: boolean): number;
  /** Posterior Pr(p_1 > target | data) (the safety rule). */
  probLowestAboveTarget(n: ArrayLike<number>, y: ArrayLike<number>): number;
  /**
   * Both at once from one pass over the grid (what a decision needs): returns the posterior
   * mean and leaves Pr(p_1 > target | data) in `lastProb`.
   */
  fit(n: ArrayLike<number>, y: ArrayLike<number>): number;
  /**
   * `fit` with some patients' DLT-free outcomes down-weighted (TITE-CRM's likelihood factor
   * 1 − w·p_k(a)): n and y count every patient, the `m` listed ones (0-based `dose`, weight
   * `weight`, 0 <= w < 1) among the DLT-free ones. Log-space arithmetic.
   */
  fitWeighted(n: ArrayLike<number>, y: ArrayLike<number>, m: number, dose: ArrayLike<number>, weight: ArrayLike<number>): number;
  /** Pr(p_1 > target | data) from the last `fit` or `fitWeighted`. */
  readonly lastProb: number;
  /** DLT probability of dose k at parameter value a. */
  p(k: number, a: number): number;
  /** The dose (0-based) whose p_k(a) is closest to the target (dfcrm's rule). */
  recommend(a: number): number;
}

/**
 * Build the posterior machinery for a skeleton and model. With `maxCount` > 0, tables of
 * p_k(a_i)^y and (1 − p_k(a_i))^m for counts up to `maxCount` are built, so that a posterior
 * needs only multiplications (Math.exp is the bottleneck otherwise); larger counts fall back
 * to the log-space computation.
 */
export function crmPosterior(skeleton: readonly number[], target: number, model: CrmModel, intercept: number, priorVariance: number, maxCount = 0): CrmPosterior {
  const K = skeleton.length;
  const G = Math.round((GRID_HI - GRID_LO) / GRID_STEP) + 1;
  const grid = new Float64Array(G);
  // Stryker disable next-line EqualityOperator: i = G writes past the end of the typed array, which is ignored
  for (let i = 0; i < G; i++) grid[i] = GRID_LO + i * GRID_STEP;
  // x_k: log s_k (empiric) or the scaled dose logit(s_k) − c (logistic)
  const x = skeleton.map((s) => (model === "empiric" ? Math.log(s) : Math.log(s / (1 - s)) - intercept));
  // Stryker disable next-line ConditionalExpression: for the empiric model x_k = log s_k < 0 for every s_k in (0, 1) (crmSkeleton and getprior give only such values), so the check never fires there either way
  if (model === "logistic" && x.some((v) => !(v < 0))) {
    throw new Error(`intercept ${intercept} is too small for the skeleton: logit(skeleton) − intercept must be negative at every dose (dfcrm requires it too)`);
  }
  const p = (k: number, a: number): number =>
    model === "empiric" ? Math.exp(Math.exp(a) * x[k]) : 1 / (1 + Math.exp(-intercept - Math.exp(a) * x[k]));
  // logTox[k*G + i] = log p_k(a_i); logNon[k*G + i] = log(1 − p_k(a_i)), computed stably.
  const logTox = new Float64Array(K * G);
  const logNon = new Float64Array(K * G);
  // Stryker disable next-line EqualityOperator: k = K writes only past the end of the typed arrays (index >= K·G), which is ignored
  for (let k = 0; k < K; k++) {
    // Stryker disable next-line EqualityOperator: i = G writes entry (k + 1)·G + 0, which the next k overwrites first thing (and for the last k, past the end: ignored)
    for (let i = 0; i < G; i++) {
      const ea = Math.exp(grid[i]);
      if (model === "empiric") {
        const lp = ea * x[k]; // log p = e^a log s
        logTox[k * G + i] = lp;
        logNon[k * G + i] = Math.log(-Math.expm1(lp));
      } else {
        const eta = intercept + ea * x[k];
        logTox[k * G + i] = -softplus(-eta);
        logNon[k * G + i] = -softplus(eta);
      }
    }
  }
  // probTox[k*G + i] = p_k(a_i) as exp(logTox): the pending patients' factors (1 − w·p) of the
  // weighted fit read it at every grid point of every fit (the same exp, computed once)
  const probTox = logTox.map(Math.exp);
  // Prior weight (normal density times the trapezoid weight), in log space and linear, for both priors.
  const logPrior = new Float64Array(G);
  const logVague = new Float64Array(G);
  const sd = Math.sqrt(priorVariance);
  // Stryker disable next-line ArithmeticOperator: the normalising constant log(σ√(2π)) is the same at every grid point and cancels in every ratio (posterior mean, tail probability); it only scales the sum compared with the 1e-250 underflow guard
  const logNormal = Math.log(sd * Math.sqrt(2 * Math.PI));
  // Stryker disable next-line EqualityOperator: i = G writes past the end of the typed arrays, which is ignored
  for (let i = 0; i < G; i++) {
    const trap = trapLog(i, G);
    // Stryker disable next-line ArithmeticOperator: + logNormal for − logNormal multiplies every prior weight by the same constant σ²·2π, which cancels in every ratio, as the disable on logNormal above argues
    logPrior[i] = trap - (grid[i] * grid[i]) / (2 * priorVariance) - logNormal;
    logVague[i] = trap - (grid[i] * grid[i]) / (2 * VAGUE_SCALE * VAGUE_SCALE) - Math.log(VAGUE_SCALE * Math.sqrt(2 * Math.PI));
  }
  const linPrior = logPrior.map(Math.exp);
  const linVague = logVague.map(Math.exp);
  // Power tables: pow[((k * (M + 1)) + c) * G + i] = p_k(a_i)^c (tox) or (1 − p_k(a_i))^c (non).
  // Entries below 1e-280 are set to 0 so that products never crawl through subnormal numbers.
  const M = maxCount;
  // (with M = 0 only the c = 0 entries, all 1, which no fit reads: weigh takes the log-space path for any data)
  const powTox = new Float64Array(K * (M + 1) * G);
  const powNon = new Float64Array(K * (M + 1) * G);
  // Stryker disable next-line EqualityOperator: k = K reads logTox past its end (NaN) and writes only past the end of the tables, which is ignored
  for (let k = 0; k < K; k++) {
    for (let c = 0; c <= M; c++) {
      const off = (k * (M + 1) + c) * G;
      // Stryker disable next-line EqualityOperator: i = G writes entry off + G, the next c's (or the next k's) first entry, which that iteration overwrites first thing (past the end of the tables for the last one: ignored)
      for (let i = 0; i < G; i++) {
        const t = Math.exp(c * logTox[k * G + i]);
        const u = Math.exp(c * logNon[k * G + i]);
        // Stryker disable next-line ConditionalExpression,EqualityOperator: a speed guard against subnormal products: keeping or dropping a value below 1e-280 changes a posterior sum dominated by values above 1e-250 by less than 1e-30 relative
        powTox[off + i] = t < 1e-280 ? 0 : t;
        // Stryker disable next-line ConditionalExpression,EqualityOperator: as for powTox above
        powNon[off + i] = u < 1e-280 ? 0 : u;
      }
    }
  }
  // Safety rule: p_1(a) > θ exactly when a < aStar.
  const ratio = model === "empiric" ? Math.log(target) / x[0] : (Math.log(target / (1 - target)) - intercept) / x[0];
  // Stryker disable next-line EqualityOperator: at ratio = 0 both branches give -Infinity (Math.log(0))
  const aStar = ratio > 0 ? Math.log(ratio) : -Infinity;
  /** Scratch: unnormalised posterior weight (density times trapezoid weight) per grid point. */
  const w = new Float64Array(G);
  const tried = new Int32Array(K);
  const complete = new Int32Array(K);

  /** Fill w by log-space arithmetic (any counts), with `pm` down-weighted patients (fitWeighted). */
  const weighLog = (n: ArrayLike<number>, y: ArrayLike<number>, prior: Float64Array, pm = 0, pDose: ArrayLike<number> = tried, pWeight: ArrayLike<number> = tried): void => {
    let m = 0;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: an untried dose listed as tried adds 0 · log p + nothing: same weights
    for (let k = 0; k < K; k++) if (n[k] > 0) tried[m++] = k;
    let max = -Infinity;
    // Stryker disable next-line EqualityOperator: i = G reads prior[G], undefined: v is NaN, written past the end of w (ignored), and NaN is never > max
    for (let i = 0; i < G; i++) {
      let v = prior[i];
      for (let j = 0; j < m; j++) {
        const k = tried[j];
        const yk = y[k];
        const off = k * G + i;
        // Stryker disable next-line ConditionalExpression,EqualityOperator: adding 0 · log p (log p is finite: e^a log s or −softplus) changes nothing
        if (yk > 0) v += yk * logTox[off];
        // Stryker disable next-line ConditionalExpression,EqualityOperator: adding 0 · log(1 − p) (finite, p < 1 on the grid) changes nothing
        if (n[k] > yk) v += (n[k] - yk) * logNon[off];
      }
      for (let j = 0; j < pm; j++) v += Math.log1p(-pWeight[j] * probTox[pDose[j] * G + i]);
      w[i] = v;
      // Stryker disable next-line EqualityOperator: v >= max gives the same maximum (v <= max would track the minimum instead: caught)
      if (v > max) max = v;
    }
    // Stryker disable next-line EqualityOperator: i <= G writes past the end of the typed array, which is ignored (i >= G skips the normalisation: caught)
    for (let i = 0; i < G; i++) w[i] = Math.exp(w[i] - max);
  };

  /** Fill w from the power tables when the counts allow; otherwise in log space. */
  const weigh = (n: ArrayLike<number>, y: ArrayLike<number>, vague: boolean): void => {
    // (with M = 0 any data has a count n_k >= 1 > M; with no data the tables are not read: the prior alone)
    let fits = true;
    // Stryker disable next-line EqualityOperator: k = K reads n[K], undefined, which is not > M
    for (let k = 0; k < K && fits; k++) {
      if (n[k] > M) fits = false;
    }
    const logWeight = vague ? logVague : logPrior;
    if (!fits) {
      weighLog(n, y, logWeight);
      return;
    }
    w.set(vague ? linVague : linPrior);
    for (let k = 0; k < K; k++) {
      const nk = n[k];
      // Stryker disable next-line ConditionalExpression: an untried dose multiplies by p^0 · (1 − p)^0 = 1
      if (nk === 0) continue;
      const t = (k * (M + 1) + y[k]) * G;
      const u = (k * (M + 1) + (nk - y[k])) * G;
      // Stryker disable next-line EqualityOperator: i <= G writes w[G], past the end of the typed array: ignored (i >= G skips the products: caught)
      for (let i = 0; i < G; i++) w[i] *= powTox[t + i] * powNon[u + i];
    }
    let den = 0;
    // Stryker disable next-line EqualityOperator,AssignmentOperator: den is only compared with the underflow guard below: a NaN (i <= G) or negative (−=) sum sends the case to the log-space path, which gives the same weights to rounding (i >= G leaves den = 0: the same)
    for (let i = 0; i < G; i++) den += w[i];
    // Far-fetched data can underflow every product: redo those in log space.
    // Stryker disable next-line ConditionalExpression,EqualityOperator: taking the log-space path always (true) or also at den = 1e-250 (>=) gives the same weights to rounding; never taking it (false) is caught by the underflow tests
    if (!(den > 1e-250)) weighLog(n, y, logWeight);
  };

  const meanOfW = (): number => {
    let num = 0;
    let den = 0;
    for (let i = 0; i < G; i++) {
      den += w[i];
      num += grid[i] * w[i];
    }
    return num / den;
  };

  /**
   * Pr(a < aStar) from w. The trapezoid rule up to the grid point a_j below aStar gets the
   * Euler-Maclaurin endpoint correction −h²/12·f'(a_j) (f' by central difference), and the
   * piece from a_j to aStar integrates the quadratic through f_{j−1}, f_j, f_{j+1}: the
   * error is O(h³) rather than the O(h²) of plain trapezoids.
   */
  const probBelowStar = (): number => {
    // (a* = −Infinity is below the grid too)
    if (aStar <= GRID_LO + GRID_STEP) return 0;
    // Stryker disable next-line EqualityOperator: differs only at a* = 9.9 exactly, a double that needs a skeleton's s_1 within 1e-4 of 1; there the shortcut's 1 and the quadrature's value both stand for the same integral and differ by the posterior mass of [9.9, 10], below 1e-15 under the default prior
    if (aStar >= GRID_HI - GRID_STEP) return 1;
    const h = GRID_STEP;
    const f = (i: number) =>
      w[i] /
      (i === 0 ||
      // Stryker disable next-line ConditionalExpression,ArithmeticOperator: f is read at j − 1, j and j + 1 with j = floor((a* + 10) / h) <= 198 for a* < 9.9 (up to a* within rounding of 9.9), so i = G − 1 = 200 is never read and how it is weighted does not matter
      i === G - 1
        ? h / 2
        : h);
    const j = Math.floor((aStar - GRID_LO) / h);
    let total = 0;
    let below = 0;
    for (let i = 0; i < G; i++) {
      total += w[i];
      if (i < j) below += w[i];
    }
    const fm = f(j - 1);
    const f0 = f(j);
    const fp = f(j + 1);
    below += (h * f0) / 2 - (h * (fp - fm)) / 24;
    const t = (aStar - grid[j]) / h;
    below += h * (f0 * t + ((fp - fm) * t * t) / 4 + ((fp - 2 * f0 + fm) * t * t * t) / 6);
    return Math.min(1, Math.max(0, below / total));
  };

  const posteriorMean = (n: ArrayLike<number>, y: ArrayLike<number>, vague = false): number => {
    weigh(n, y, vague);
    let num = 0;
    let den = 0;
    for (let i = 0; i < G; i++) {
      den += w[i];
      num += grid[i] * w[i];
    }
    if (vague) {
      // dfcrm integrates the denominator over the whole line: with the vague prior the mass
      // below −10 is not negligible; there p_k(a) → 1 at every dose, so the likelihood is
      // constant, and nonzero only when every patient had a DLT (the only case this prior is used).
      let allTox = true;
      // Stryker disable next-line EqualityOperator: k = K compares n[K] and y[K], both undefined: equal
      for (let k = 0; k < K; k++) if (n[k] !== y[k]) allTox = false;
      if (allTox) den += normalCdf(GRID_LO / VAGUE_SCALE) * (w[0] / linVague[0]);
    }
    return num / den;
  };

  const out = {
    grid,
    lastProb: 0,
    posteriorMean,
    probLowestAboveTarget: (n: ArrayLike<number>, y: ArrayLike<number>): number => {
      weigh(n, y, false);
      return probBelowStar();
    },
    fit: (n: ArrayLike<number>, y: ArrayLike<number>): number => {
      weigh(n, y, false);
      out.lastProb = probBelowStar();
      return meanOfW();
    },
    fitWeighted: (n: ArrayLike<number>, y: ArrayLike<number>, m: number, dose: ArrayLike<number>, weight: ArrayLike<number>): number => {
      // the listed patients leave the full-weight DLT-free counts
      // Stryker disable next-line EqualityOperator: k <= K writes past the end of the typed array, which is ignored (k >= K copies nothing: caught)
      for (let k = 0; k < K; k++) complete[k] = n[k];
      for (let j = 0; j < m; j++) complete[dose[j]]--;
      weighLog(complete, y, logPrior, m, dose, weight);
      out.lastProb = probBelowStar();
      return meanOfW();
    },
    p,
    recommend: (a: number): number => {
      let best = 0;
      let bestDist = Infinity;
      // Stryker disable next-line EqualityOperator: k = K reads x[K], undefined: p is NaN, and a NaN distance is never below the best
      for (let k = 0; k < K; k++) {
        const d = Math.abs(p(k, a) - target);
        if (d < bestDist) {
          bestDist = d;
          best = k;
        }
      }
      return best;
    },
  };
  return out;
}

/** log of the trapezoid weight of grid point i (of G). */
function trapLog(i: number, G: number): number {
  return Math.log(i === 0 || i === G - 1 ? GRID_STEP / 2 : GRID_STEP);
}

/** log(1 + e^x) without overflow. */
function softplus(x: number): number {
  // Stryker disable next-line EqualityOperator: at x = 0 both branches give log 2
  // Stryker disable next-line ConditionalExpression: log1p(e^x) alone agrees to rounding for x <= 709; beyond, it is Infinity (log p = −Infinity for the logistic model's far right grid points, where the other form gives log p < −709): the weight exp(...) is 0 either way, and a 0 · (−Infinity) = NaN power-table entry (c = 0) only sends the posterior to the log-space path, which skips y = 0
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** Standard normal CDF by its Taylor series at 0: ample for |z| < 0.5 (used only at z = −10/500). Exported for tests. */
export function normalCdf(z: number): number {
  const phi0 = 1 / Math.sqrt(2 * Math.PI);
  let term = z;
  let sum = z;
  // Stryker disable next-line EqualityOperator: a 30th term adds |z|^61 / (2^30 · 30! · 61) < 1e-100 for |z| < 0.5
  for (let n = 1; n < 30; n++) {
    term *= (-z * z) / (2 * n);
    sum += term / (2 * n + 1);
  }
  return 0.5 + phi0 * sum;
}

/** Resolve the skeleton a CRM uses from its parameters. */
export function crmSkeleton(p: ParamValues, numDoses: number): number[] {
  const given = p.skeleton as readonly number[];
  const model = p.model as CrmModel;
  if (given.length > 0) {
    if (given.length !== numDoses) throw new Error(`skeleton has ${given.length} values but the ladder has ${numDoses} doses`);
    for (let k = 0; k < given.length; k++) {
      if (!(given[k] > 0 && given[k] < 1)) throw new Error(`skeleton[${k}] = ${given[k]} must be strictly between 0 and 1`);
      if (k > 0 && !(given[k] > given[k - 1])) throw new Error(`skeleton must increase strictly with dose (skeleton[${k}] = ${given[k]} <= skeleton[${k - 1}] = ${given[k - 1]})`);
    }
    return [...given];
  }
  const nu = (p.priorMtd as number) === 0 ? Math.ceil(numDoses / 2) : (p.priorMtd as number);
  if (nu > numDoses) throw new Error(`priorMtd ${nu} is beyond the ${numDoses} doses`);
  return getprior(p.halfwidth as number, p.target as number, nu, numDoses, model, p.intercept as number);
}

const REASON_BY_MOVE = ["de-escalate", "stay", "escalate"] as const;

/**
 * A fit from data the counts (n_k, y_k) do not tell (TITE-CRM's pending patients): when `fit`
 * returns true for a view, its `mean` (posterior mean of a) and `prob` (Pr(p_1 > target)) are
 * used instead of the CRM's own fit; every rule of the design then applies unchanged.
 */
export interface CrmFitOverride {
  fit(s: TrialView): boolean;
  readonly mean: number;
  readonly prob: number;
}

/** Build a CRM for `numDoses` doses from resolved parameters (`override`: see CrmFitOverride). */
export function crm(p: ParamValues, numDoses: number, override?: CrmFitOverride): Design {
  const K = numDoses;
  const target = p.target as number;
  const N = p.maxPatients as number;
  const size = p.cohortSize as number;
  const model = p.model as CrmModel;
  const intercept = p.intercept as number;
  const priorVariance = p.priorVariance as number;
  const startDose = (p.startDose as number) - 1;
  const restrict = p.restrict as boolean;
  const safetyStop = p.safetyStop as boolean;
  const safetyCutoff = p.safetyCutoff as number;
  const safetyMin = p.safetyMinPatients as number;
  const allowUntried = p.allowUntriedMtd as boolean;
  if (N % size !== 0) throw new Error(`maxPatients (${N}) must be a multiple of cohortSize (${size}), as in dfcrm`);
  if (startDose >= K) throw new Error(`startDose ${startDose + 1} is beyond the ${K} doses`);
  const given = p.initialDoses as readonly number[];
  if (given.length > 0 && p.startup !== "none") throw new Error(`give either startup "escalate-until-first-dlt" or initialDoses, not both`);
  given.forEach((d, i) => {
    if (d > K) throw new Error(`initialDoses[${i}] = ${d} is beyond the ${K} doses`);
  });
  const sequence: number[] =
    given.length > 0 ? given.map((d) => d - 1) : p.startup === "escalate-until-first-dlt" ? Array.from({ length: K - startDose }, (_, i) => startDose + i) : [];
  const twoStage = sequence.length > 0;
  const firstDose = twoStage ? sequence[0] : startDose;
  const skeleton = crmSkeleton(p, K);
  const post = crmPosterior(skeleton, target, model, intercept, priorVariance, N);

  // Decisions, built once. A treat decision at dose d writes d (N + 1) + (the DLT count at d
  // before the cohort) into memory slot 0, so the next decision can tell how many DLTs the last
  // cohort had, and whether it was given where the design said. (On protocol, d is the current
  // dose after the cohort, so the exact engine merges no fewer states for it.)
  const treatTable: Decision[][][] = REASON_BY_MOVE.map((reason) =>
    Array.from({ length: K }, (_, d) => Array.from({ length: N + 1 }, (_, yb) => treat(d, size, reason, { writeSlot: 0, writeValue: d * (N + 1) + yb }))),
  );
  const first = Array.from({ length: N + 1 }, (_, yb) => treat(firstDose, size, "start", { writeSlot: 0, writeValue: firstDose * (N + 1) + yb }));
  const maxN = stop("max-n");
  const tooToxic = stop("lowest-dose-too-toxic", 0);
  const allEliminated = stop("all-eliminated");
  const defaultStartup = given.length === 0;
  const moveTo = (s: TrialView, d: number): Decision => {
    const move = d > s.current ? 2 : d < s.current ? 0 : 1;
    return treatTable[move][d][s.y[d]];
  };

  // Memo of (recommended dose, safety probability, posterior mean) by the counts (n_k, y_k).
  // Each slot keeps the 32-bit hash (0 = empty) so that most probes never touch the keys, and
  // the keys as 16-bit counts to keep the table small for the cache (counts never exceed N).
  // Stryker disable next-line ArithmeticOperator: with a fractional stride no key is stored (typed arrays ignore non-integer indices) and nothing is ever found: no memo, same results
  const stride = 2 * K;
  // Stryker disable next-line EqualityOperator,ConditionalExpression: the memo only saves time: every slot found or stored is checked against the counts themselves, so turning it on or off changes no result (N is at most MAX_PATIENTS, far below 65536)
  const useMemo = N < 65536;
  // Stryker disable next-line ConditionalExpression: empty tables only disable the memo (reads give undefined: never a free slot, never a match)
  const memoHash = new Int32Array(useMemo ? MEMO_SLOTS : 0);
  // Stryker disable next-line ConditionalExpression: empty tables only disable the memo (reads give undefined: never a free slot, never a match)
  // Stryker disable next-line ArithmeticOperator: a shorter key table drops the writes past its end and reads undefined there: misses, i.e. recomputations: same results
  const memoKeys = new Uint16Array(useMemo ? MEMO_SLOTS * stride : 0);
  // Stryker disable next-line ConditionalExpression: empty tables only disable the memo (reads give undefined: never a free slot, never a match)
  const memoRec = new Int32Array(useMemo ? MEMO_SLOTS : 0);
  // Stryker disable next-line ConditionalExpression: empty tables only disable the memo (reads give undefined: never a free slot, never a match)
  const memoProb = new Float64Array(useMemo ? MEMO_SLOTS : 0);
  // Stryker disable next-line ConditionalExpression: empty tables only disable the memo (reads give undefined: never a free slot, never a match)
  const memoMean = new Float64Array(useMemo ? MEMO_SLOTS : 0);
  let lastRec = 0;
  let lastProb = 0;
  let lastMean = 0;
  /** Compute (or recall) the recommendation, safety probability and posterior mean for s (into lastRec/lastProb/lastMean). */
  const evaluate = (s: TrialView): void => {
    if (override !== undefined && override.fit(s)) {
      lastMean = override.mean;
      lastRec = post.recommend(lastMean);
      lastProb = override.prob;
      return;
    }
    // Stryker disable next-line UnaryOperator: free stays at its initial value only when all MEMO_PROBES probed slots are taken (then +1 overwrites slot 1 with a consistent entry: hash, keys and values together), which the tests never reach: same results
    let free = -1;
    let h = 0x811c9dc5 | 0;
    // Stryker disable next-line ConditionalExpression: the memo only saves time: every slot found or stored is checked against the counts themselves, so skipping the lookup changes no result
    // Stryker disable next-line BlockStatement: no lookup leaves free = −1: no memo at all, the same results
    if (useMemo) {
      // Stryker disable next-line EqualityOperator,ConditionalExpression: another hash function (k = K reads undefined, i.e. 0; no loop leaves h constant): the memo only saves time: every slot found or stored is checked against the counts themselves, so results do not depend on it
      // Stryker disable next-line BlockStatement: without the hash loop every state hashes alike: the probes fill up, then nothing is stored: only time
      for (let k = 0; k < K; k++) {
        h = Math.imul(h ^ s.n[k], 16777619);
        h = Math.imul(h ^ s.y[k], 16777619);
      }
      // final avalanche (MurmurHash3's fmix32) so that the low bits used as the slot are well mixed
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
      // Stryker disable next-line AssignmentOperator: h &= 1 leaves two hash values (0: stored but never found again; 1: every lookup compares keys): same results
      h |= 1; // never 0, which marks an empty slot
      // Stryker disable next-line ArithmeticOperator: a slot past the table reads undefined (neither empty nor a match) and the probe wraps back into it: same results
      let slot = (h >>> 1) & (MEMO_SLOTS - 1);
      // Stryker disable next-line EqualityOperator,ConditionalExpression,UpdateOperator,ArithmeticOperator: the probe length and direction only decide where an entry is stored or looked for: the memo only saves time: every slot found or stored is checked against the counts themselves, so results do not change (the table never fills in the tests)
      // Stryker disable next-line BlockStatement: an empty probe loop finds nothing and leaves free = −1: no memo, the same results
      for (let probe = 0; probe < MEMO_PROBES; probe++, slot = (slot + 1) & (MEMO_SLOTS - 1)) {
        const sh = memoHash[slot];
        // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: mistaking which slot is free only overwrites or skips memo entries: the memo only saves time: every slot found or stored is checked against the counts themselves, so same results
        if (sh === 0) {
          free = slot;
          break;
        }
        // Stryker disable next-line ConditionalExpression,EqualityOperator: the hash only saves comparing the keys, which follow and decide the match
        if (sh !== h) continue;
        // Stryker disable next-line ArithmeticOperator: a fractional key offset reads undefined: every lookup misses (a recomputation): same results
        const base = slot * stride;
        // Stryker disable next-line BooleanLiteral: starting from false no lookup ever matches: no memo, the same results
        let same = true;
        // Stryker disable next-line EqualityOperator,UpdateOperator: k = K (or k = −1 with k--) compares a key with s.n[K] or s.n[−1], undefined: a mismatch, so the lookup misses (a recomputation): same results (k >= K, no key compared at all, is killed by the hash-collision tests)
        for (let k = 0; k < K; k++) {
          // Stryker disable next-line ArithmeticOperator: keys read at the wrong offsets (another dose's, another slot's, or undefined at fractional offsets) can only match by chance on top of a full 32-bit hash collision; in the tests they only miss (recomputations): same results
          if (memoKeys[base + 2 * k] !== s.n[k] || memoKeys[base + 2 * k + 1] !== s.y[k]) {
            same = false;
            break;
          }
        }
        // Stryker disable next-line ConditionalExpression,BlockStatement: never taking a match found only recomputes it: same results (true, taking any hash match, is killed by the hash-collision tests)
        if (same) {
          lastRec = memoRec[slot];
          lastProb = memoProb[slot];
          lastMean = memoMean[slot];
          return;
        }
      }
    }
    lastMean = post.fit(s.n, s.y);
    lastRec = post.recommend(lastMean);
    lastProb = post.lastProb;
    // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: not storing (or writing at slot -1, which typed arrays ignore) only costs time
    if (free >= 0) {
      // Stryker disable next-line ArithmeticOperator: keys stored elsewhere make later lookups of this slot mismatch (a recomputation); a match still needs equal counts
      const base = free * stride;
      // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: keys not (or partly) stored make later lookups of this slot mismatch: only a recomputation
      for (let k = 0; k < K; k++) {
        // Stryker disable next-line ArithmeticOperator: as above, misplaced keys only cause mismatches
        memoKeys[base + 2 * k] = s.n[k];
        // Stryker disable next-line ArithmeticOperator: as above
        memoKeys[base + 2 * k + 1] = s.y[k];
      }
      memoHash[free] = h;
      memoRec[free] = lastRec;
      memoProb[free] = lastProb;
      memoMean[free] = lastMean;
    }
  };

  const allToxic = (s: TrialView): boolean => {
    // Stryker disable next-line EqualityOperator: k = K reads n[K] and y[K] past the typed arrays, both undefined, which compare equal
    for (let k = 0; k < K; k++) if (s.n[k] !== s.y[k]) return false;
    return true;
  };
  const totalDlts = (s: TrialView): number => {
    let t = 0;
    // Stryker disable next-line AssignmentOperator: only totalDlts(s) === 0 is asked, and −Σy is 0 exactly when Σy is
    for (let k = 0; k < K; k++) t += s.y[k];
    return t;
  };

  const decide = (s: TrialView): Decision => {
    if (s.escalationN === 0) return first[s.y[firstDose]];
    evaluate(s);
    if (safetyStop && s.escalationN >= safetyMin && lastProb > safetyCutoff) return tooToxic;
    if (s.escalationN + size > N) return maxN;
    // doses at or above an eliminated one (the safety stop's, or a modifier's) are never given again
    if (s.eliminatedFrom === 0) return allEliminated;
    const ceiling = s.eliminatedFrom - 1;
    if (twoStage && totalDlts(s) === 0) {
      // stage 1: escalate-until-first-dlt goes one dose up from the last cohort's dose (on
      // protocol, the next dose of the sequence startDose, startDose + 1, ...; off protocol it
      // never skips a dose); a given initial sequence is followed cohort by cohort
      // Stryker disable next-line ArithmeticOperator: ceiling = eliminatedFrom − 1 <= K − 1 already, so K + 1 for K − 1 never decides the minimum
      if (defaultStartup) return moveTo(s, Math.min(s.current + 1, K - 1, ceiling));
      const idx = Math.floor(s.escalationN / size);
      return moveTo(s, Math.min(sequence[Math.min(idx, sequence.length - 1)], ceiling));
    }
    let next = twoStage && allToxic(s) ? post.recommend(post.posteriorMean(s.n, s.y, true)) : lastRec;
    if (restrict) {
      const cur = s.current;
      // the last cohort's DLT rate: memory holds the dose the design last treated and its DLT
      // count before that cohort. When the cohort was given elsewhere (off protocol) its DLTs
      // are unknown, and the design does not escalate right after it.
      const m = s.mem[0];
      const known = Math.floor(m / (N + 1)) === cur;
      next = !known || (s.y[cur] - (m % (N + 1))) / size >= target ? Math.min(next, cur) : Math.min(next, cur + 1);
    }
    return moveTo(s, Math.min(next, ceiling));
  };

  const selectMtd = (s: TrialView): number => {
    // (every dose eliminated, eliminatedFrom = 0, gives −1 below: lastRec < 0 fails and the fallback loop is empty)
    if (s.escalationN === 0) return -1;
    evaluate(s);
    // Stryker disable next-line ConditionalExpression: with a finite posterior mean (always: the log-space path keeps the largest weight at 1) a tried recommendation that the false mutant of the tried check sends to the fallback below is picked there again: it is the closest to the target of all doses, hence of the tried ones below eliminatedFrom, and the first of any tie (both loops keep the first minimum); the line's other ConditionalExpression mutants are killed by the selection tests
    if (lastRec < s.eliminatedFrom && (allowUntried || s.n[lastRec] > 0)) return lastRec;
    // the recommendation was never tried: take the tried dose whose estimate is closest to the target
    let best = -1;
    let bestDist = Infinity;
    // (eliminatedFrom <= K, the state's invariant, keeps k inside the ladder)
    for (let k = 0; k < s.eliminatedFrom; k++) {
      if (s.n[k] === 0) continue;
      const d = Math.abs(post.p(k, lastMean) - target);
      if (d < bestDist) {
        bestDist = d;
        best = k;
      }
    }
    return best;
  };

  return {
    type: "crm",
    numDoses: K,
    startDose: firstDose,
    memSlots: 1,
    maxCohortSize: size,
    maxPatients: N,
    maxExpansionPatients: 0,
    metrics: [],
    decide,
    selectMtd,
    measure: measureNothing,
    describe: () => ({
      type: "crm",
      target,
      maxPatients: N,
      cohortSize: size,
      skeleton: skeleton.map((v) => Number(v.toPrecision(6))),
      model,
      ...(model === "logistic" ? { intercept } : {}),
      priorVariance,
      startDose: startDose + 1,
      restrict,
      initialDoses: sequence.map((d) => d + 1),
      safetyStop,
      ...(safetyStop ? { safetyCutoff, safetyMinPatients: safetyMin } : {}),
      allowUntriedMtd: allowUntried,
    }),
    explain: (s) => {
      if (s.escalationN === 0) return `no data yet: start at dose ${firstDose + 1}`;
      const a = post.posteriorMean(s.n, s.y);
      const est = skeleton.map((_, k) => post.p(k, a).toFixed(3)).join(", ");
      const pr = post.probLowestAboveTarget(s.n, s.y);
      const elim = s.eliminatedFrom < K ? `; doses ${s.eliminatedFrom + 1} and above are eliminated and never given again` : "";
      return `posterior mean of a = ${a.toFixed(4)}; estimated DLT rates ${est}; closest to ${target}: dose ${post.recommend(a) + 1}; Pr(p1 > ${target}) = ${pr.toFixed(3)}${elim}`;
    },
  };
}
