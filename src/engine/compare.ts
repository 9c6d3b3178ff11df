/**
 * A comparison: several designs over a scenario's curves under common random numbers
 * (see coupled.ts), giving each design's operating characteristics and every design's
 * differences from the first, with their coupled and independent-runs standard errors.
 */
import type { DesignConfig, Ladder } from "../config/types.js";
import { buildDesign, trueMtd } from "../config/load.js";
import { NO_ACCEPTABLE_DOSE } from "../model/truth.js";
import { ConfigError, UsageError, messages } from "../config/messages.js";
import { GENERATOR } from "../random/stream.js";
import { summarize, type CurveResult } from "../report/summary.js";
import { VERSION } from "../version.js";
import { BLOCK_SIZE, blockCount, blockTrials, DEFAULT_MAX_COHORTS } from "./monte-carlo.js";
import { addPairedTrial, CHANCE_BOUND, coupledPatientBound, PAIRED_FIELDS, pairedDifferences, pairedMeans, pairedStatNames, pairedStatWriter, simulateCoupled, type CoupledRun } from "./coupled.js";
import { checkFinalStateWorlds, finalStateBlock, isTimed, type RunInput } from "./run.js";
import { timedRunner, type TimedTrialView } from "./timed.js";
import { blockValues, DAYS_PER_MONTH, defaultConduct, defaultTiming } from "../config/timing.js";
import type { Design } from "../designs/design.js";
import { mergeInto } from "./accumulator.js";
import { summarizeTiming } from "../report/timing.js";
import { EFFICACY_PAIRED } from "../designs/modifiers/efficacy-expansion.js";

/** What to compare: two or more designs (the first is the reference), a ladder and the truth curves. */
export interface CompareInput {
  readonly configs: readonly DesignConfig[];
  readonly scenario: RunInput["scenario"];
  readonly trials: number;
  readonly seed: string;
  readonly maxCohorts?: number;
  readonly onProgress?: (trials: number) => void;
}

/** The statistics compared, in report order (selection has one entry per dose). */
export const COMPARE_STATS = ["selection", "noMtd", "correctSelection", "aboveMtdSelection", "accuracyIndex", "sampleSize", "patientsAboveMtd", "totalDlts"] as const;
/**
 * The efficacy statistics compared when every design has an efficacy-expansion (the efficacy
 * block's curve-level fields, per trial), after COMPARE_STATS: "efficacy." + the block's field name.
 */
export const EFFICACY_COMPARE_STATS = EFFICACY_PAIRED.map((n) => `efficacy.${n}` as const);
/** The durations compared in calendar time (months per trial), after the others. */
export const TIMED_COMPARE_STATS = ["durationMonths", "mtdDecisionMonths"] as const;
export type CompareStat = (typeof COMPARE_STATS)[number] | (typeof EFFICACY_COMPARE_STATS)[number] | (typeof TIMED_COMPARE_STATS)[number];

/** One statistic of one design on one curve, and (for designs after the first) its difference from the first. */
export interface CompareRow {
  readonly stat: CompareStat;
  /** 1-based dose for "selection", else null. */
  readonly dose: number | null;
  /** The design's mean and its ordinary Monte Carlo SE. */
  readonly value: number;
  readonly se: number;
  /** Design minus reference (null for the reference itself), its SE under common random numbers, and the SE independent runs would give. */
  readonly difference: number | null;
  readonly seCoupled: number | null;
  readonly seIndependent: number | null;
}

/** One curve of a comparison. */
export interface CompareCurve {
  readonly name: string;
  readonly truth: readonly number[];
  /** 1-based true MTD, or null without a target. */
  readonly trueMtd: number | null;
  /** Each design's full operating characteristics (the `run` result shape), in design order. */
  readonly results: CurveResult[];
  /** rows[j]: design j's compared statistics (statistics needing a target are left out without one). */
  readonly rows: CompareRow[][];
}

/** The result of `doseladder compare` (its JSON output). */
export interface CompareResult {
  readonly doseladder: string;
  /** monte-carlo-crn: paired cohort by cohort (untimed); monte-carlo-crn-timed: paired patient by patient in calendar time. */
  readonly method: "monte-carlo-crn" | "monte-carlo-crn-timed";
  /** How the designs' trials are paired (printed under the table's title). */
  readonly pairing: string;
  /** The designs, in order; the first is the reference of every difference. */
  readonly designs: { name: string; file: string; description: string; trial: string; type: string; parameters: Record<string, unknown> }[];
  readonly scenario: { name: string; file: string; trial: string };
  readonly ladder: Ladder;
  readonly target: number | null;
  readonly trials: number;
  readonly seed: string;
  readonly generator: string;
  readonly blockSize: number;
  /** Patients per trial whose latent tolerances are shared by the designs (null in calendar time: every patient). */
  readonly coupledPatients: number | null;
  /** Chance-node uniforms per trial shared by the designs (null in calendar time: every one, in order). */
  readonly coupledChances: number | null;
  /** Calendar time only: the resolved timing block of the scenario and each design's conduct (every default filled in). */
  readonly timing?: { scenario: Record<string, unknown>; conduct: Record<string, unknown>[] };
  readonly curves: CompareCurve[];
}

/** The paired-statistic name of (stat, dose) in coupled.ts. */
const pairedName = (stat: CompareStat, dose: number | null) => (stat === "selection" ? `selection${dose}` : stat.startsWith("efficacy.") ? stat.slice("efficacy.".length) : stat);

const PAIRING_UNTIMED = "cohort by cohort: patient i of trial t has the same latent tolerance in every design";
const PAIRING_TIMED =
  "patient by patient in calendar time: trial t has the same referrals (arrival times and screening) and patient i the same uniforms (manufacturing, drop-out, DLT, DLT time, response) in every design; SEs of the differences from the per-trial paired differences";

/** The compared rows of one curve, from a (coupled or timed) paired run. */
function compareRows(run: CoupledRun, K: number, mtd: number, hasIndex: boolean, extra: readonly CompareStat[]): CompareRow[][] {
  const means = pairedMeans(run);
  const diffs = pairedDifferences(run);
  const S = run.stats.length;
  const keys: [CompareStat, number | null][] = [];
  for (const stat of COMPARE_STATS) {
    if (stat === "selection") for (let d = 1; d <= K; d++) keys.push([stat, d]);
    else if (stat === "accuracyIndex") {
      if (hasIndex) keys.push([stat, null]);
    } else if (mtd !== -1 || (stat !== "correctSelection" && stat !== "patientsAboveMtd" && stat !== "aboveMtdSelection")) keys.push([stat, null]);
  }
  // every design has an efficacy expansion: its statistics are paired too
  for (const stat of EFFICACY_COMPARE_STATS) if (run.stats.includes(pairedName(stat, null))) keys.push([stat, null]);
  for (const stat of extra) keys.push([stat, null]);
  return means.map((_, j) =>
    keys.map(([stat, dose]): CompareRow => {
      const s = run.stats.indexOf(pairedName(stat, dose));
      const m = means[j][s];
      const diff = j > 0 ? diffs[(j - 1) * S + s] : undefined;
      return {
        stat,
        dose,
        value: m.mean,
        se: m.se,
        difference: diff ? diff.difference : null,
        seCoupled: diff ? diff.seCoupled : null,
        seIndependent: diff ? diff.seIndependent : null,
      };
    }),
  );
}

/**
 * Compare the designs under common random numbers, in this thread. Deterministic for a seed.
 * @throws ConfigError when a design's dose count differs from the ladder's; UsageError with fewer than two designs.
 */
export function runCompare(input: CompareInput): CompareResult {
  if (input.configs.length < 2) throw new UsageError("compare: give at least two designs (--design A.json --design B.json)");
  const K = input.scenario.ladder.doses.length;
  for (const c of input.configs) {
    if (c.doses !== undefined && c.doses !== K) throw new ConfigError(c.file, "doses", messages.doseCountMismatch(c.doses, K));
  }
  const maxCohorts = input.maxCohorts ?? DEFAULT_MAX_COHORTS;
  const designs = input.configs.map((c) => buildDesign(c, K));
  designs.forEach((d) => checkFinalStateWorlds(d, input));
  if (input.configs.some((config) => isTimed({ config, scenario: input.scenario }))) return compareTimed(input, designs, maxCohorts);
  const curves = input.scenario.curves.map((curve): CompareCurve => {
    const mtd = trueMtd(curve.truth, input.scenario.target);
    const world = { truth: curve.truth, trueMtd: mtd, target: input.scenario.target ?? null, ...(curve.response ? { response: curve.response } : {}), ...(curve.association ? { association: curve.association } : {}) };
    const run = simulateCoupled(designs, world, { trials: input.trials, seed: input.seed, maxCohorts, onProgress: input.onProgress });
    const results = designs.map((d, j) => ({
      ...summarize(run.accs[j], run.layouts[j], { name: curve.name, truth: curve.truth, trueMtd: mtd, metricNames: d.metrics, method: "monte-carlo", target: input.scenario.target ?? null }),
      // a design's efficacy expansion: its efficacy block, as run writes it (per-trial values of these trials)
      ...finalStateBlock(d, run.accs[j], run.layouts[j], curve, true),
    }));
    const rows = compareRows(run, K, mtd, results[0].accuracyIndex !== null, []);
    return { name: curve.name, truth: [...curve.truth], trueMtd: mtd === -1 ? null : mtd === NO_ACCEPTABLE_DOSE ? 0 : mtd + 1, results, rows };
  });
  return {
    ...header(input, designs),
    method: "monte-carlo-crn",
    pairing: PAIRING_UNTIMED,
    coupledPatients: coupledPatientBound(designs, maxCohorts),
    coupledChances: CHANCE_BOUND,
    curves,
  };
}

/** The parts of a comparison's result that do not depend on how it was run. */
function header(input: CompareInput, designs: readonly Design[]) {
  return {
    doseladder: VERSION,
    designs: input.configs.map((c, j) => ({
      name: c.name,
      file: c.file,
      description: c.description,
      trial: c.trial,
      type: designs[j].type,
      parameters: designs[j].describe(),
    })),
    scenario: { name: input.scenario.name, file: input.scenario.file, trial: input.scenario.trial },
    ladder: input.scenario.ladder,
    target: input.scenario.target ?? null,
    trials: input.trials,
    seed: input.seed,
    generator: GENERATOR,
    blockSize: BLOCK_SIZE,
  };
}

/**
 * The comparison in calendar time (a timing block in the scenario or a conduct block in a
 * design; a design without one runs with the default conduct). Each design runs in the
 * discrete-event engine with common random numbers (timedRunner's `crn`): trial t of every
 * design is seeded alike, so it has the same referrals and patient i the same uniforms, and
 * each design's trials have the law of its own timed run. The paired statistics are summed per
 * trial as in the untimed comparison (coupled.ts), plus the trial's duration and the days to
 * its MTD decision, in months; identical designs give differences of exactly 0.
 */
function compareTimed(input: CompareInput, designs: readonly Design[], maxCohorts: number): CompareResult {
  const K = input.scenario.ladder.doses.length;
  const timing = input.scenario.timing ?? defaultTiming(input.scenario.file);
  const conducts = input.configs.map((c) => c.conduct ?? defaultConduct(c.file));
  const D = designs.length;
  const curves = input.scenario.curves.map((curve): CompareCurve => {
    const mtd = trueMtd(curve.truth, input.scenario.target);
    const world = { truth: curve.truth, trueMtd: mtd, target: input.scenario.target ?? null, ...(curve.response ? { response: curve.response } : {}), ...(curve.association ? { association: curve.association } : {}) };
    const runners = designs.map((d, j) => timedRunner(d, timing, conducts[j], curve.truth, mtd, maxCohorts, curve.response, curve.association, { crn: true }));
    // the efficacy expansion's paired statistics when every design has the same ones
    const phases = designs.map((d) => d.finalStateOc);
    const names = phases[0]?.paired?.names;
    const phasePaired =
      names !== undefined && phases.every((ph) => ph?.paired !== undefined && ph.paired.names.join("\u0000") === names.join("\u0000")) ? phases.map((ph) => ph!.paired!.forCurve(world)) : undefined;
    const BASE = pairedStatNames(K).length;
    const PHASE = phasePaired ? names!.length : 0;
    const stats = [...pairedStatNames(K), ...(phasePaired ? names! : []), ...TIMED_COMPARE_STATS];
    const S = stats.length;
    const writers = designs.map((d) => pairedStatWriter(world, d.completeInformation !== true));
    const accs = runners.map((r) => new Float64Array(r.layout.length));
    const blockAccs = runners.map((r) => new Float64Array(r.layout.length));
    const paired = new Float64Array(D * S * PAIRED_FIELDS);
    let values = new Float64Array(0);
    let total = 0;
    for (let b = 0; b < blockCount(input.trials); b++) {
      const n = blockTrials(input.trials, b);
      if (values.length < D * n * S) values = new Float64Array(D * n * S);
      for (let j = 0; j < D; j++) {
        let t = 0;
        const onTrial = (v: TimedTrialView): void => {
          const at = (j * n + t++) * S;
          writers[j](v.state, v.selected, values, at);
          if (phasePaired) phasePaired[j](v.phaseValues!, values, at + BASE);
          values[at + BASE + PHASE] = v.duration / DAYS_PER_MONTH;
          values[at + BASE + PHASE + 1] = v.mtdDecision / DAYS_PER_MONTH;
        };
        blockAccs[j].fill(0);
        runners[j].runBlock(input.seed, b, n, blockAccs[j], onTrial);
        mergeInto(accs[j], blockAccs[j]);
      }
      for (let t = 0; t < n; t++) addPairedTrial(paired, values, D, S, n, t);
      total += n;
      input.onProgress?.(n);
    }
    const run: CoupledRun = { layouts: runners.map((r) => r.layout.base), accs, stats, paired, trials: total, patientBound: 0 };
    const results = designs.map((d, j) => ({
      ...summarize(accs[j], runners[j].layout.base, { name: curve.name, truth: curve.truth, trueMtd: mtd, metricNames: d.metrics, method: "monte-carlo", target: input.scenario.target ?? null }),
      timing: summarizeTiming(accs[j], runners[j].layout),
      ...finalStateBlock(d, accs[j], runners[j].layout.base, curve, true),
    }));
    const rows = compareRows(run, K, mtd, results[0].accuracyIndex !== null, TIMED_COMPARE_STATS);
    return { name: curve.name, truth: [...curve.truth], trueMtd: mtd === -1 ? null : mtd === NO_ACCEPTABLE_DOSE ? 0 : mtd + 1, results, rows };
  });
  return {
    ...header(input, designs),
    method: "monte-carlo-crn-timed",
    pairing: PAIRING_TIMED,
    coupledPatients: null,
    coupledChances: null,
    timing: { scenario: blockValues(timing), conduct: conducts.map((c) => blockValues(c)) },
    curves,
  };
}
