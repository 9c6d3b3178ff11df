/**
 * Common random numbers: several designs run the *same* simulated trials, so that their
 * differences are estimated with far less Monte Carlo error than from independent runs
 * (brockk/escalation's `simulate_compare`; Sweeting, Slade, Jackson & Brock 2024).
 *
 * Each simulated trial is a list of patients, each with a latent tolerance u_i ~ U(0, 1):
 * the i-th patient enrolled has a DLT at dose d iff u_i < p_d. Every design meets the same
 * patients in the same order, whatever doses it gives them:
 *
 * - Patients are numbered in order of enrolment, escalation and expansion alike (expansion
 *   patients continue the count; they have no index range of their own). A cohort of size s
 *   takes the next s indices; a complete-information panel patient (the optimal benchmark)
 *   takes one index and uses its u at every dose.
 * - Trial t of block b reads `L` tolerances from the stream `streamFor(`${seed}/crn`, b)`,
 *   where L is a per-run bound (the largest patient bound over the designs, at most
 *   {@link MAX_COUPLED_PATIENTS}), and {@link CHANCE_BOUND} uniforms for chance nodes (an SMC
 *   that agrees with probability q) from `streamFor(`${seed}/crn-chance`, b)`: the k-th chance
 *   node of the trial, in every design, reads the k-th of them. Consumption per trial is fixed,
 *   so trial t sees the same numbers whichever designs are compared and in whatever order.
 * - A patient beyond index L, or a chance node beyond the CHANCE_BOUND-th, draws instead from
 *   the design's own overflow stream `streamFor(`${seed}/crn-overflow/${j}`, b)` (j the design's
 *   position). Those draws are not shared, so coupling is partial there, but every design's
 *   marginal distribution stays exact: its uniforms are still independent U(0, 1).
 *
 * Marginally each design's trials have the ordinary Monte Carlo distribution (a cohort's DLT
 * count is a sum of independent Bernoulli(p_d) draws), so each design's accumulator is an
 * unbiased estimate of the same operating characteristics as `simulateDesign` (with other
 * numbers: the ordinary engine draws one uniform per cohort). What coupling adds are paired
 * per-trial statistics: for every design j and statistic s, the sums and sums of squares of
 * the per-trial value x_js and of the per-trial difference x_js - x_0s from design 0 (the
 * reference). The mean difference then has standard error sd(diff)/sqrt(n), to set against
 * sqrt(SE_0^2 + SE_j^2), the standard error the difference would have from independent runs.
 */
import { settleDecision } from "./settle.js";
import { NO_ACCEPTABLE_DOSE } from "../model/truth.js";
import { Action, REASONS } from "../model/decision.js";
import { TrialState } from "../model/state.js";
import type { CurveWorld, Design } from "../designs/design.js";
import { UsageError } from "../config/messages.js";
import { streamFor } from "../random/stream.js";
import { addFinal, addTrial, finalGrid, type Layout } from "./accumulator.js";
import { blockCount, blockTrials, DEFAULT_MAX_COHORTS, layoutFor } from "./monte-carlo.js";

/** The most patients per trial whose tolerances are shared between designs. */
export const MAX_COUPLED_PATIENTS = 512;

/** Chance-node uniforms shared per trial (more chance nodes than this draw from the overflow stream). */
export const CHANCE_BOUND = 32;

const CAP = REASONS.indexOf("cap");

/** One truth curve. */
export interface CoupledCurve {
  readonly truth: readonly number[];
  /** 0-based true MTD, or -1 when there is no target. */
  readonly trueMtd: number;
  /** The target DLT rate (for the accuracy index); without it the index's per-trial value is 0. */
  readonly target?: number | null;
  /** Response rates and association, read by designs with a final-state phase (efficacy-expansion). */
  readonly response?: readonly number[];
  readonly association?: CurveWorld["association"];
}

/** Options of a coupled run. */
export interface CoupledOptions {
  readonly trials: number;
  readonly seed: string;
  /** The cohort cap, as in Monte Carlo (a trial reaching it stops with reason "cap"). */
  readonly maxCohorts?: number;
  /** Blocks to run, as [from, to) of the run's blocks (for shards); default all. */
  readonly blocks?: readonly [number, number];
  /** Called with the number of trials finished since the last call (after each block). */
  readonly onProgress?: (trials: number) => void;
}

/**
 * The paired statistics, in the order of {@link CoupledRun.paired}: correct selection, no MTD,
 * selection of each dose (1-based names), total patients, patients above the true MTD, total DLTs,
 * selection of a dose above the true MTD (any dose when none is acceptable), and the per-trial value
 * of Cheung's accuracy index, 1 − K·|p_selected − θ| / Σ_k |p_k − θ| (1 for "no MTD"), whose mean is the index.
 */
export function pairedStatNames(numDoses: number): string[] {
  const sel = Array.from({ length: numDoses }, (_, d) => `selection${d + 1}`);
  return ["correctSelection", "noMtd", ...sel, "sampleSize", "patientsAboveMtd", "totalDlts", "aboveMtdSelection", "accuracyIndex"];
}

/**
 * The per-trial values of the {@link pairedStatNames} statistics of one design's finished trial
 * (its state and selected dose), written at out[at ...]: shared by the untimed coupled engine
 * and the calendar-time comparison. `countAbove`: count the patients above the true MTD (not
 * for complete-information pseudo-designs).
 */
export function pairedStatWriter(curve: CoupledCurve, countAbove: boolean): (state: TrialState, selected: number, out: Float64Array, at: number) => void {
  const K = curve.truth.length;
  const trueMtd = curve.trueMtd;
  const S = pairedStatNames(K).length;
  const SEL = 2;
  const NTOT = SEL + K;
  const ABOVE = NTOT + 1;
  const DLTS = NTOT + 2;
  const ABOVE_SEL = NTOT + 3;
  const INDEX = NTOT + 4;
  // accuracy index: per-trial value 1 − K·d_selected / Σd (d_k = |p_k − θ|); all zero without a target or when Σd = 0
  const target = curve.target ?? null;
  const indexWeight = new Float64Array(K);
  let dsum = 0;
  if (target !== null && trueMtd !== -1) {
    for (let d = 0; d < K; d++) dsum += Math.abs(curve.truth[d] - target);
    if (dsum > 0) for (let d = 0; d < K; d++) indexWeight[d] = (K * Math.abs(curve.truth[d] - target)) / dsum;
  }
  const hasIndex = dsum > 0;
  const firstAbove = trueMtd === NO_ACCEPTABLE_DOSE ? 0 : trueMtd === -1 ? K : trueMtd + 1;
  const above = countAbove && trueMtd !== -1;
  return (state, selected, values, v) => {
    for (let s = 0; s < S; s++) values[v + s] = 0;
    if (selected < 0) {
      values[v + 1] = 1;
      if (trueMtd === NO_ACCEPTABLE_DOSE) values[v] = 1; // no dose was the right answer
      if (hasIndex) values[v + INDEX] = 1;
    } else {
      values[v + SEL + selected] = 1;
      if (selected === trueMtd) values[v] = 1;
      if (selected >= firstAbove) values[v + ABOVE_SEL] = 1;
      if (hasIndex) values[v + INDEX] = 1 - indexWeight[selected];
    }
    let n = 0;
    let dlts = 0;
    for (let d = 0; d < K; d++) {
      dlts += state.y[d] + state.ey[d];
      if (above && d > trueMtd) n += state.n[d] + state.en[d];
    }
    values[v + NTOT] = state.escalationN + state.expansionN;
    values[v + ABOVE] = n;
    values[v + DLTS] = dlts;
  };
}

/** Entries per (design, statistic) in {@link CoupledRun.paired}: sum x, sum x², sum diff, sum diff². */
export const PAIRED_FIELDS = 4;

/** The result of a coupled run over one curve. */
export interface CoupledRun {
  /** Each design's accumulator layout (`layoutFor(design, maxCohorts)`) and accumulator. */
  readonly layouts: Layout[];
  readonly accs: Float64Array[];
  /** Names of the paired statistics ({@link pairedStatNames}). */
  readonly stats: readonly string[];
  /**
   * Paired sums: entry ((j * stats.length) + s) * PAIRED_FIELDS + f, with f = 0 sum of the
   * per-trial value, 1 its sum of squares, 2 sum of the per-trial difference from design 0,
   * 3 its sum of squares (zero for design 0). Integers, so merging shards by adding is exact,
   * except for a final-state phase's paired statistics (conditional expectations, not integers):
   * their sums are deterministic for a seed, and a split run's sum equals the whole to rounding.
   */
  readonly paired: Float64Array;
  /** Trials simulated (the sum over the blocks run). */
  readonly trials: number;
  /** L: patients per trial whose tolerances are shared. */
  readonly patientBound: number;
}

/** The patient bound L of a coupled run of `designs`. */
export function coupledPatientBound(designs: readonly Design[], maxCohorts = DEFAULT_MAX_COHORTS): number {
  let L = 1;
  for (const d of designs) {
    const bound = Math.min(d.maxPatients, maxCohorts * d.maxCohortSize, MAX_COUPLED_PATIENTS);
    if (bound > L) L = bound;
  }
  return L;
}

/**
 * Simulate `designs` under common random numbers on one truth curve. Every design must have
 * as many doses as the curve. Deterministic for a seed, and the result of a run split into
 * block ranges is the sum of the parts.
 */
export function simulateCoupled(designs: readonly Design[], curve: CoupledCurve, options: CoupledOptions): CoupledRun {
  const D = designs.length;
  if (D === 0) throw new UsageError("compare: no designs given");
  const K = curve.truth.length;
  designs.forEach((d, j) => {
    if (d.numDoses !== K) throw new UsageError(`compare: design ${j + 1} is for ${d.numDoses} doses but the truth curve has ${K}`);
    if (d.jointOutcomes) throw new UsageError(`compare: design ${j + 1} (${d.type}) decides on responses, which the untimed common-random-numbers engine does not draw; compare it in calendar time (a timing block in the scenario or a conduct block in a design) or with a sweep`);
  });
  const maxCohorts = options.maxCohorts ?? DEFAULT_MAX_COHORTS;
  const trueMtd = curve.trueMtd;
  const truth = Float64Array.from(curve.truth);
  // a final-state phase (efficacy-expansion): each trial's values, added to the design's accumulator
  // (its result block); paired too when every design's phase has the same paired statistics
  const world: CurveWorld = { truth: curve.truth, ...(curve.response ? { response: curve.response } : {}), ...(curve.association ? { association: curve.association } : {}) };
  const phases = designs.map((d) => d.finalStateOc);
  const evaluators = phases.map((ph) => (ph ? ph.forCurve(world) : undefined));
  const grids = phases.map((ph) => (ph ? finalGrid(ph.bounds) : null));
  const phaseValues = phases.map((ph) => new Float64Array(Math.max(1, ph?.names.length ?? 0)));
  const pairedNames = phases[0]?.paired?.names;
  const phasePaired =
    pairedNames !== undefined && phases.every((ph) => ph?.paired !== undefined && ph.paired.names.join("\u0000") === pairedNames.join("\u0000"))
      ? phases.map((ph) => ph!.paired!.forCurve(world))
      : undefined;
  const BASE = pairedStatNames(K).length;
  const stats = [...pairedStatNames(K), ...(phasePaired ? pairedNames! : [])];
  const S = stats.length;
  const writers = designs.map((d) => pairedStatWriter(curve, d.completeInformation !== true));

  // everything preallocated once per run
  const L = coupledPatientBound(designs, maxCohorts);
  const tolerance = new Float64Array(L);
  const chanceU = new Float64Array(CHANCE_BOUND);
  // the k-th chance node of a trial reads chanceU[k] in every design; past the bound, the design's own stream
  const chances = {
    k: 0,
    extra: (() => 0) as () => number,
    start(extra: () => number): void {
      this.k = 0;
      this.extra = extra;
    },
    next(): number {
      return this.k < CHANCE_BOUND ? chanceU[this.k++] : (this.k++, this.extra());
    },
  };
  const layouts = designs.map((d) => layoutFor(d, maxCohorts));
  const accs = layouts.map((l) => new Float64Array(l.length));
  const states = designs.map((d) => new TrialState(K, d.memSlots));
  const metrics = designs.map((d) => new Float64Array(Math.max(1, d.metrics.length)));
  const values = new Float64Array(D * S);
  const paired = new Float64Array(D * S * PAIRED_FIELDS);

  const [from, to] = options.blocks ?? [0, blockCount(options.trials)];
  let total = 0;
  for (let b = from; b < to; b++) {
    const n = blockTrials(options.trials, b);
    const patients = streamFor(`${options.seed}/crn`, b);
    const chanceStream = streamFor(`${options.seed}/crn-chance`, b);
    const overflow = designs.map((_, j) => streamFor(`${options.seed}/crn-overflow/${j}`, b));
    for (let t = 0; t < n; t++) {
      for (let i = 0; i < L; i++) tolerance[i] = patients();
      for (let i = 0; i < CHANCE_BOUND; i++) chanceU[i] = chanceStream();
      for (let j = 0; j < D; j++) {
        const design = designs[j];
        const state = states[j];
        const extra = overflow[j];
        state.reset(design.startDose);
        let patient = 0;
        chances.start(extra);
        let reason = CAP;
        for (;;) {
          const dec = settleDecision(design, state, chances);
          if (dec.action === Action.Stop) {
            reason = dec.reason;
            break;
          }
          if (state.cohorts >= maxCohorts) break;
          if (dec.panel) {
            for (let i = 0; i < dec.size; i++) {
              const u = patient < L ? tolerance[patient] : extra();
              patient++;
              state.addPanelPatient(u, truth);
            }
            state.cohorts++;
            continue;
          }
          const p = truth[dec.dose];
          let k = 0;
          for (let i = 0; i < dec.size; i++) {
            const u = patient < L ? tolerance[patient] : extra();
            patient++;
            if (u < p) k++;
          }
          state.addCohort(dec.dose, dec.size, k, dec.expansion);
        }
        const selected = design.selectMtd(state);
        if (design.metrics.length > 0) design.measure(state, metrics[j], 0);
        addTrial(accs[j], layouts[j], state, selected, reason, trueMtd, metrics[j], 1);
        const evaluate = evaluators[j];
        if (evaluate) {
          evaluate(state, phaseValues[j]);
          addFinal(accs[j], layouts[j], phaseValues[j], 1, grids[j]);
        }

        // this trial's paired statistics
        const v = j * S;
        writers[j](state, selected, values, v);
        if (phasePaired) phasePaired[j](phaseValues[j], values, v + BASE);
      }
      addPairedTrial(paired, values, D, S, 1, 0);
    }
    total += n;
    options.onProgress?.(n);
  }
  return { layouts, accs, stats, paired, trials: total, patientBound: L };
}

/** Mean and standard error of one design's per-trial statistic. */
export interface PairedMean {
  readonly mean: number;
  readonly se: number;
}

/** One design's difference from the reference (design 0) in one statistic. */
export interface PairedDifference {
  /** 0-based position of the design (>= 1). */
  readonly design: number;
  readonly stat: string;
  /** Mean of the design's statistic and of the reference's, with their ordinary SEs. */
  readonly value: number;
  readonly seValue: number;
  readonly reference: number;
  readonly seReference: number;
  /** Mean of the per-trial difference (design minus reference). */
  readonly difference: number;
  /** Standard error of the mean difference under common random numbers: sd(diff)/sqrt(n). */
  readonly seCoupled: number;
  /** The standard error independent runs of the same size would give: sqrt(SE_design² + SE_reference²). */
  readonly seIndependent: number;
}

const meanSe = (sum: number, sq: number, n: number): PairedMean => {
  if (n <= 0) return { mean: NaN, se: 0 };
  const mean = sum / n;
  if (n <= 1) return { mean, se: 0 };
  return { mean, se: Math.sqrt(Math.max(0, sq / n - mean * mean) / n) };
};

/**
 * Every design's mean and SE of every paired statistic: out[j][s]. The SE uses the same
 * (population) variance as `summarize`, so it is what `doseladder run` would report.
 */
export function pairedMeans(run: CoupledRun): PairedMean[][] {
  const S = run.stats.length;
  const D = run.paired.length / (S * PAIRED_FIELDS);
  return Array.from({ length: D }, (_, j) =>
    run.stats.map((_, s) => {
      const a = (j * S + s) * PAIRED_FIELDS;
      return meanSe(run.paired[a], run.paired[a + 1], run.trials);
    }),
  );
}

/**
 * The differences of every design j >= 1 from design 0, statistic by statistic (design-major),
 * with the coupled SE and the SE independent runs of the same size would have had.
 */
export function pairedDifferences(run: CoupledRun): PairedDifference[] {
  const S = run.stats.length;
  const means = pairedMeans(run);
  const out: PairedDifference[] = [];
  for (let j = 1; j < means.length; j++) {
    for (let s = 0; s < S; s++) {
      const a = (j * S + s) * PAIRED_FIELDS;
      const x = means[j][s];
      const r = means[0][s];
      const diff = meanSe(run.paired[a + 2], run.paired[a + 3], run.trials);
      out.push({
        design: j,
        stat: run.stats[s],
        value: x.mean,
        seValue: x.se,
        reference: r.mean,
        seReference: r.se,
        difference: diff.mean,
        seCoupled: diff.se,
        seIndependent: Math.hypot(x.se, r.se),
      });
    }
  }
  return out;
}

/** Add a coupled run of the same designs and curve (another block range) into `dst`. */
export function mergeCoupled(dst: CoupledRun, src: CoupledRun): CoupledRun {
  const add = (a: Float64Array, b: Float64Array) => {
    const c = Float64Array.from(a);
    for (let i = 0; i < c.length; i++) c[i] += b[i];
    return c;
  };
  return {
    layouts: dst.layouts,
    accs: dst.accs.map((a, j) => add(a, src.accs[j])),
    stats: dst.stats,
    paired: add(dst.paired, src.paired),
    trials: dst.trials + src.trials,
    patientBound: dst.patientBound,
  };
}

/**
 * Add one trial's paired sums to `paired`: for design j and statistic s, the value x at
 * values[(j * stride + t) * S + s] and its difference from design 0's, x and x², d and d².
 * (`stride` is the number of trials whose values sit side by side per design; 1 for one trial.)
 */
export function addPairedTrial(paired: Float64Array, values: Float64Array, D: number, S: number, stride: number, t: number): void {
  for (let j = 0; j < D; j++) {
    for (let s = 0; s < S; s++) {
      const x = values[(j * stride + t) * S + s];
      const diff = x - values[t * S + s];
      const at = (j * S + s) * PAIRED_FIELDS;
      paired[at] += x;
      paired[at + 1] += x * x;
      paired[at + 2] += diff;
      paired[at + 3] += diff * diff;
    }
  }
}
