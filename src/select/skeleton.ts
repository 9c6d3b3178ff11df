/**
 * CRM skeletons by the indifference-interval method of Lee & Cheung (2009), Clinical Trials
 * 6:227-238 (doi:10.1177/1740774509105076), as R's `dfcrm::getprior` builds them.
 *
 * The skeleton s_1 < ... < s_K is the prior guess of the DLT curve. With halfwidth δ, target θ
 * and prior MTD ν, dose ν gets s_ν = θ, and the other doses are placed so that under the model
 * the switch from recommending dose k to dose k+1 happens exactly where dose k's DLT rate
 * leaves the indifference interval θ ± δ: at that parameter value p_k = θ − δ and p_{k+1} = θ + δ.
 *
 * Power ("empiric") model p_k(a) = s_k^exp(a):
 *   s_{k-1} = (θ−δ)^(log s_k / log(θ+δ)),   s_{k+1} = (θ+δ)^(log s_k / log(θ−δ)).
 * Logistic model p_k(a) = 1 / (1 + exp(−c − exp(a)·x_k)), skeleton s_k = p_k(0):
 *   the scaled doses x_k solve the same switching conditions on the logit scale.
 */

/** The dose-toxicity models the CRM offers, with dfcrm's names. */
export type CrmModel = "empiric" | "logistic";

const logit = (p: number): number => Math.log(p / (1 - p));

/**
 * Skeleton for `nlevel` doses with halfwidth `halfwidth`, target `target` and prior MTD `nu`
 * (1-based), as `dfcrm::getprior(halfwidth, target, nu, nlevel, model, intcpt)`.
 * @example getprior(0.05, 0.3, 3, 5) // => [0.122529, 0.203956, 0.3, 0.401819, 0.501346] (to 6 places)
 * @throws Error when the interval θ ± δ leaves (0, 1) or `nu` is not a dose.
 */
export function getprior(halfwidth: number, target: number, nu: number, nlevel: number, model: CrmModel = "empiric", intercept = 3): number[] {
  if (!(halfwidth > 0 && target - halfwidth > 0 && target + halfwidth < 1)) {
    throw new Error(`halfwidth ${halfwidth} must be positive with target ± halfwidth inside (0, 1)`);
  }
  if (!(Number.isInteger(nu) && nu >= 1 && nu <= nlevel)) throw new Error(`prior MTD ${nu} is not one of the ${nlevel} doses`);
  const lo = target - halfwidth;
  const hi = target + halfwidth;
  const k0 = nu - 1;
  // Stryker disable next-line ArrayDeclaration: every index 0..nlevel-1 is assigned below, so an empty array grows to the same one
  const s = new Array<number>(nlevel);
  if (model === "empiric") {
    s[k0] = target;
    for (let k = k0; k > 0; k--) s[k - 1] = Math.pow(lo, Math.log(s[k]) / Math.log(hi));
    for (let k = k0; k < nlevel - 1; k++) s[k + 1] = Math.pow(hi, Math.log(s[k]) / Math.log(lo));
    return s;
  }
  // logistic: work with the scaled doses x_k (p_k(a) = expit(c + e^a x_k)); x_k < 0 throughout.
  // Stryker disable next-line ArrayDeclaration: every index 0..nlevel-1 is assigned below, so an empty array grows to the same one
  const x = new Array<number>(nlevel);
  x[k0] = logit(target) - intercept;
  // Stryker disable next-line EqualityOperator: k >= 0 only also writes x[-1], a property of the local x that nothing reads
  for (let k = k0; k > 0; k--) {
    const ea = (logit(hi) - intercept) / x[k]; // where dose k reaches θ + δ
    x[k - 1] = (logit(lo) - intercept) / ea; // dose k−1 is then at θ − δ
  }
  // Stryker disable next-line EqualityOperator,ArithmeticOperator: running on to k = nlevel - 1 or nlevel only writes x[nlevel], x[nlevel + 1], which nothing reads
  for (let k = k0; k < nlevel - 1; k++) {
    const ea = (logit(lo) - intercept) / x[k]; // where dose k falls to θ − δ
    x[k + 1] = (logit(hi) - intercept) / ea; // dose k+1 is then at θ + δ
  }
  for (let k = 0; k < nlevel; k++) s[k] = 1 / (1 + Math.exp(-intercept - x[k]));
  return s;
}
