/**
 * Joint toxicity and response outcomes of one patient.
 *
 * A scenario curve may give, besides the DLT probability pT of each dose, a response
 * probability pR and an association between the two in the same patient. The four cells of a
 * patient's outcome are then
 *
 *   DLT and response, DLT only, response only, neither      (JOINT_DLT_RESP ... JOINT_NEITHER)
 *
 * with margins pT and pR. Three association models, each with independence as a special case:
 *
 * - `odds-ratio` (Plackett 1965; Dale 1986): the cells whose odds ratio
 *   p11·p00 / (p10·p01) equals `value` (> 0; 1 = independent). p11 is the root in
 *   [max(0, pT + pR − 1), min(pT, pR)] of (ψ − 1)p11² − (1 + (pT + pR)(ψ − 1))p11 + ψ·pT·pR = 0.
 * - `gumbel` (the Gumbel-type model of EffTox, Thall & Cook 2004, Biometrics 60:684-693):
 *   p(x, y) = pR^x (1 − pR)^(1−x) pT^y (1 − pT)^(1−y) + (−1)^(x+y) pR(1 − pR)pT(1 − pT)·c,
 *   c = (e^ψ − 1)/(e^ψ + 1), ψ = `value` (any real; 0 = independent). Every cell stays ≥ 0.
 * - `gaussian` (a Gaussian copula): DLT = {Z1 ≤ Φ⁻¹(pT)}, response = {Z2 ≤ Φ⁻¹(pR)} for
 *   standard normals with correlation ρ = `value` in (−1, 1); p11 = Φ2(Φ⁻¹(pT), Φ⁻¹(pR); ρ).
 *
 * A positive association means a patient with a DLT is more likely to respond (the usual case
 * for CAR-T cells: cytokine release and efficacy both follow expansion).
 */

/** Cell indices of a joint outcome. */
export const JOINT_DLT_RESP = 0;
export const JOINT_DLT_ONLY = 1;
export const JOINT_RESP_ONLY = 2;
export const JOINT_NEITHER = 3;

/** The association models a scenario can name. */
export const ASSOCIATION_MODELS = ["independent", "odds-ratio", "gumbel", "gaussian"] as const;
export type AssociationModel = (typeof ASSOCIATION_MODELS)[number];

/** The association between DLT and response in the same patient. */
export interface Association {
  readonly model: AssociationModel;
  /** odds-ratio: ψ > 0 (1: independent); gumbel: ψ real (0: independent); gaussian: ρ in (−1, 1); independent: unused (0). */
  readonly value: number;
}

/** Independence. */
export const INDEPENDENT: Association = Object.freeze({ model: "independent", value: 0 });

/** Why `association` is not valid for its model, or undefined when it is. */
export function associationProblem(a: Association): string | undefined {
  if (!Number.isFinite(a.value)) return "value: not a finite number";
  if (a.model === "odds-ratio" && !(a.value > 0)) return `value: an odds ratio must be > 0, got ${a.value}`;
  if (a.model === "gaussian" && !(a.value > -1 && a.value < 1)) return `value: a Gaussian copula correlation must be in (-1, 1), got ${a.value}`;
  return undefined;
}

/** P(DLT and response) under the association; pT, pR in [0, 1]. */
export function probBoth(pT: number, pR: number, a: Association): number {
  const lo = Math.max(0, pT + pR - 1);
  const hi = Math.min(pT, pR);
  if (hi <= lo) return lo; // a margin at 0 or 1 (or pT + pR at 1 with one of them 1): the cells are fixed
  let p11: number;
  switch (a.model) {
    case "independent":
      p11 = pT * pR;
      break;
    case "odds-ratio": {
      const psi = a.value;
      if (Math.abs(psi - 1) < 1e-12) {
        p11 = pT * pR;
        break;
      }
      const s = 1 + (pT + pR) * (psi - 1);
      const disc = s * s - 4 * psi * (psi - 1) * pT * pR;
      p11 = (s - Math.sqrt(Math.max(0, disc))) / (2 * (psi - 1));
      break;
    }
    case "gumbel": {
      const c = Math.tanh(a.value / 2); // (e^ψ − 1)/(e^ψ + 1)
      p11 = pT * pR + pT * (1 - pT) * pR * (1 - pR) * c;
      break;
    }
    case "gaussian":
      p11 = bivariateNormalCdf(normalQuantile(pT), normalQuantile(pR), a.value);
      break;
  }
  return Math.min(hi, Math.max(lo, p11));
}

/**
 * The four cell probabilities [DLT and response, DLT only, response only, neither] into `out`
 * (length ≥ 4), which is returned.
 */
export function jointCells(pT: number, pR: number, a: Association, out: Float64Array = new Float64Array(4)): Float64Array {
  const p11 = probBoth(pT, pR, a);
  out[JOINT_DLT_RESP] = p11;
  out[JOINT_DLT_ONLY] = Math.max(0, pT - p11);
  out[JOINT_RESP_ONLY] = Math.max(0, pR - p11);
  out[JOINT_NEITHER] = Math.max(0, 1 - pT - pR + p11);
  return out;
}

/** P(response | DLT) and P(response | no DLT): how responses follow toxicity outcomes already drawn. */
export function responseGivenDlt(pT: number, pR: number, a: Association): { readonly withDlt: number; readonly withoutDlt: number } {
  const p11 = probBoth(pT, pR, a);
  return {
    withDlt: pT > 0 ? Math.min(1, p11 / pT) : pR,
    withoutDlt: pT < 1 ? Math.min(1, Math.max(0, (pR - p11) / (1 - pT))) : pR,
  };
}

// ---- the standard normal distribution ------------------------------------------------------

const INV_SQRT_2PI = 0.3989422804014327;

/** The standard normal density. */
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/**
 * The standard normal distribution function, to about 1e-15 absolute: Marsaglia's (2004, J Stat
 * Softw 11(4)) Taylor series Φ(x) = 1/2 + φ(x)(x + x³/3 + x⁵/(3·5) + ...) for |x| < 8 (evaluated
 * on the negative side, so the upper tail keeps its relative precision), 0 or 1 beyond.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < -37) return 0;
  if (x > 37) return 1;
  if (x > 0) return 1 - normalCdf(-x);
  if (x < -8) {
    // Laplace's continued fraction for the far lower tail.
    let f = 0;
    for (let k = 40; k >= 1; k--) f = k / (-x + f);
    return normalPdf(x) / (-x + f);
  }
  let s = x;
  let t = x;
  const x2 = x * x;
  for (let i = 3; i < 400; i += 2) {
    t *= x2 / i;
    const next = s + t;
    if (next === s) break;
    s = next;
  }
  return 0.5 + s * normalPdf(x);
}

/**
 * The standard normal quantile Φ⁻¹(p): Acklam's rational approximation (relative error 1.15e-9)
 * polished by two Newton steps on `normalCdf`. ±Infinity at 0 and 1.
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  let x: number;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  for (let i = 0; i < 2; i++) {
    const dens = normalPdf(x);
    if (dens === 0) break;
    x -= (normalCdf(x) - p) / dens;
  }
  return x;
}

/**
 * The bivariate standard normal distribution function P(Z1 ≤ h, Z2 ≤ k) with correlation ρ, by
 * Plackett's (1954) identity Φ2(h, k; ρ) = Φ(h)Φ(k) + ∫₀^ρ φ2(h, k; r) dr, the integral by
 * adaptive Simpson's rule (tolerance 1e-13). Infinite limits reduce to the margins.
 */
export function bivariateNormalCdf(h: number, k: number, rho: number): number {
  if (h === -Infinity || k === -Infinity) return 0;
  if (h === Infinity) return normalCdf(k);
  if (k === Infinity) return normalCdf(h);
  const base = normalCdf(h) * normalCdf(k);
  if (rho === 0) return base;
  const f = (r: number): number => {
    const s = 1 - r * r;
    return Math.exp(-(h * h - 2 * r * h * k + k * k) / (2 * s)) / (2 * Math.PI * Math.sqrt(s));
  };
  const simpson = (a: number, b: number, fa: number, fm: number, fb: number): number => ((b - a) / 6) * (fa + 4 * fm + fb);
  const adapt = (a: number, b: number, fa: number, fm: number, fb: number, whole: number, tol: number, depth: number): number => {
    const m = (a + b) / 2;
    const lm = (a + m) / 2;
    const rm = (m + b) / 2;
    const flm = f(lm);
    const frm = f(rm);
    const left = simpson(a, m, fa, flm, fm);
    const right = simpson(m, b, fm, frm, fb);
    if (depth <= 0 || Math.abs(left + right - whole) <= 15 * tol) return left + right + (left + right - whole) / 15;
    return adapt(a, m, fa, flm, fm, left, tol / 2, depth - 1) + adapt(m, b, fm, frm, fb, right, tol / 2, depth - 1);
  };
  const fa = f(0);
  const fb = f(rho);
  const fm = f(rho / 2);
  const integral = adapt(0, rho, fa, fm, fb, simpson(0, rho, fa, fm, fb), 1e-13, 40);
  return Math.min(1, Math.max(0, base + integral));
}
