/**
 * Random dose-toxicity curves for judging designs "on average" rather than on a handful of
 * hand-picked scenarios. Every generator takes an explicit `Uniform` (never Math.random), so a
 * seed gives the same curves on every machine.
 *
 * - `pseudoUniformCurve`: the pseudo-uniform algorithm of Clertant & O'Quigley (2017, JRSS B,
 *   "Semiparametric dose finding methods"), as its public implementations do: draw the MTD
 *   uniformly; draw an upper bound M for the curve (if the MTD is below the top dose, the
 *   largest of K − MTD uniforms on (θ, 1), but at least θ + 0.05; if the MTD is the top dose,
 *   θ + (1 − θ)·Beta(0.5, 1)); then draw K sorted uniforms on (0, M) until the dose closest to θ
 *   is the MTD and its rate is at least θ − 0.05.
 * - `probitCurve`: the probit-scale generator of the BOIN paper's random scenarios (Liu & Yuan
 *   2015, JRSS C 64:507-523, doi:10.1111/rssc.12089), with the neighbour correction of public
 *   code (CFO-simu `gen.rand.doses`): the MTD uniform; Φ⁻¹(p_MTD) ~ N(Φ⁻¹(θ), 0.05²); the
 *   neighbours are first pushed past the mirror image 2θ − p_MTD (so the MTD stays the dose
 *   closest to θ), then every gap on the probit scale adds ε² with ε ~ N(μ, 0.35²); μ (default
 *   0.55) sets how steep the curves are.
 *
 * (Paoletti et al. 2004, named in issue 7, could not be verified; no generator claims that name.)
 */
import { errorFunction, probit } from "simple-statistics";
import type { Uniform } from "../random/stream.js";
import { closestDose, NO_ACCEPTABLE_DOSE, OVERDOSE_FACTOR, trueMtd } from "../model/truth.js";

/** The generators, by the name the CLI and files use. */
export const RANDOM_METHODS = ["pseudo-uniform", "probit"] as const;
export type RandomMethod = (typeof RANDOM_METHODS)[number];

/** One generated curve and the dose it was built around (0-based). */
export interface RandomCurve {
  readonly truth: number[];
  readonly mtd: number;
}

/** Options of the probit generator. */
export interface ProbitOptions {
  /** Mean of ε, whose square is each probit-scale gap. __Default:__ 0.55 */
  readonly mu?: number;
  /** SD of ε. __Default:__ 0.35 */
  readonly sigma?: number;
  /** SD of Φ⁻¹(p_MTD) around Φ⁻¹(θ). __Default:__ 0.05 */
  readonly sigmaMtd?: number;
}

/** A uniform integer in 0..k−1. */
function uniformInt(u: Uniform, k: number): number {
  return Math.min(k - 1, Math.floor(u() * k));
}

/** A standard normal draw by inversion of one uniform (simple-statistics' probit). */
function normal(u: Uniform): number {
  const x = u();
  return probit(Math.min(1 - 1e-12, Math.max(1e-12, x)));
}

/** Standard normal CDF from simple-statistics' error function (absolute error about 1e-7). */
function phi(z: number): number {
  return 0.5 * (1 + errorFunction(z / Math.SQRT2));
}

/** Φ⁻¹ with the tails clamped so that p = 0 or 1 give finite values. */
function phiInv(p: number): number {
  return probit(Math.min(1 - 1e-12, Math.max(1e-12, p)));
}

export { closestDose };

/**
 * One pseudo-uniform curve (Clertant & O'Quigley 2017).
 * @throws Error if no acceptable curve is found in `maxTries` draws (it does not happen for
 * targets in [0.1, 0.5]; the bound only guards against an endless loop).
 */
export function pseudoUniformCurve(u: Uniform, doses: number, target: number, maxTries = 1_000_000): RandomCurve {
  const K = doses;
  const mtd = uniformInt(u, K);
  const above = K - 1 - mtd; // doses above the MTD
  let bound: number;
  if (above > 0) {
    let m = 0;
    for (let i = 0; i < above; i++) m = Math.max(m, target + (1 - target) * u());
    bound = Math.max(target + 0.05, m);
  } else {
    // θ + (1 − θ)·Beta(0.5, 1); a Beta(0.5, 1) draw is U² (its CDF is √x)
    const v = u();
    bound = target + (1 - target) * v * v;
  }
  const truth = new Array<number>(K);
  for (let t = 0; t < maxTries; t++) {
    for (let k = 0; k < K; k++) truth[k] = bound * u();
    truth.sort((a, b) => a - b);
    if (closestDose(truth, target) === mtd && truth[mtd] >= target - 0.05) return { truth, mtd };
  }
  throw new Error(`pseudo-uniform: no curve accepted in ${maxTries} draws (doses ${K}, target ${target})`);
}

/** One probit-scale curve (Liu & Yuan 2015 style). */
export function probitCurve(u: Uniform, doses: number, target: number, options: ProbitOptions = {}): RandomCurve {
  const mu = options.mu ?? 0.55;
  const sigma = options.sigma ?? 0.35;
  const sigmaMtd = options.sigmaMtd ?? 0.05;
  const K = doses;
  const mtd = uniformInt(u, K);
  const z = new Array<number>(K);
  const zt = phiInv(target);
  z[mtd] = zt + sigmaMtd * normal(u);
  const gap = () => {
    const e = mu + sigma * normal(u);
    return e * e;
  };
  if (mtd > 0) {
    // if p_MTD is above θ, the dose below must be at least as far below θ: below 2θ − p_MTD
    const push = z[mtd] > zt ? z[mtd] - phiInv(2 * target - phi(z[mtd])) : 0;
    z[mtd - 1] = z[mtd] - (push + gap());
  }
  if (mtd < K - 1) {
    const push = z[mtd] < zt ? phiInv(2 * target - phi(z[mtd])) - z[mtd] : 0;
    z[mtd + 1] = z[mtd] + (push + gap());
  }
  for (let k = mtd - 2; k >= 0; k--) z[k] = z[k + 1] - gap();
  for (let k = mtd + 2; k < K; k++) z[k] = z[k - 1] + gap();
  return { truth: z.map(phi), mtd };
}

/**
 * `count` random curves by `method`, drawn in order from `u`.
 * @example randomCurves(streamFor("7", 0), "pseudo-uniform", 5, 0.3, 2) // => two monotone curves over 5 doses
 */
export function randomCurves(u: Uniform, method: RandomMethod, doses: number, target: number, count: number, options: ProbitOptions = {}): RandomCurve[] {
  const out: RandomCurve[] = [];
  for (let i = 0; i < count; i++) out.push(method === "probit" ? probitCurve(u, doses, target, options) : pseudoUniformCurve(u, doses, target));
  return out;
}

/** A curve's description: its true MTD as the scoring defines it. */
export function mtdLabel(truth: readonly number[], target: number): string {
  const m = trueMtd(truth, target);
  if (m === NO_ACCEPTABLE_DOSE) {
    return `true MTD: none (D1's rate ${truth[0]} is at least ${OVERDOSE_FACTOR} × target ${target}: no dose is acceptable)`;
  }
  return `true MTD: D${m + 1}`;
}

/** What a generated scenario file records about how it was made. */
export interface RandomScenarioInfo {
  readonly method: RandomMethod;
  readonly doses: number;
  readonly target: number;
  readonly seed: string;
  readonly mu?: number;
}

/**
 * A scenario file (the JSON `loadScenario` reads) holding `curves`, with ladder labels D1..DK.
 * Rates are rounded to 4 decimals; each curve's description names its true MTD after rounding,
 * by the rule the scoring uses (`trueMtd`, src/model/truth.ts): a curve whose lowest rate is at
 * least 1.4 × target (the pseudo-uniform generator can make one when its MTD is dose 1) is
 * labelled "true MTD: none", as it is scored.
 */
export function randomScenario(curves: readonly RandomCurve[], info: RandomScenarioInfo): Record<string, unknown> {
  const width = String(curves.length).length;
  const methodText =
    info.method === "probit"
      ? `probit-scale generator (Liu & Yuan 2015 style, mu = ${info.mu ?? 0.55})`
      : "pseudo-uniform generator (Clertant & O'Quigley 2017)";
  return {
    name: `${curves.length} random curves, ${info.doses} doses, target ${info.target}`,
    description: `Generated by doseladder scenarios random: ${methodText}, seed "${info.seed}". Each curve's true MTD (the dose closest to the target) is uniform over the doses; a curve whose lowest rate is at least ${OVERDOSE_FACTOR} × target is labelled and scored as having none.`,
    target: info.target,
    ladder: { unit: "", doses: Array.from({ length: info.doses }, (_, k) => ({ label: `D${k + 1}` })) },
    curves: curves.map((c, i) => {
      const truth = c.truth.map((p) => Math.min(1, Math.max(0, Number(p.toFixed(4)))));
      return { name: `random-${String(i + 1).padStart(width, "0")}`, description: mtdLabel(truth, info.target), truth };
    }),
  };
}
