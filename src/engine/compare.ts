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
import { BLOCK_SIZE, DEFAULT_MAX_COHORTS } from "./monte-carlo.js";
import { CHANCE_BOUND, coupledPatientBound, pairedDifferences, pairedMeans, simulateCoupled } from "./coupled.js";
import { checkFinalStateWorlds, finalStateBlock, type RunInput } from "./run.js";
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
export type CompareStat = (typeof COMPARE_STATS)[number] | (typeof EFFICACY_COMPARE_STATS)[number];

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
  readonly method: "monte-carlo-crn";
  /** The designs, in order; the first is the reference of every difference. */
  readonly designs: { name: string; file: string; description: string; trial: string; type: string; parameters: Record<string, unknown> }[];
  readonly scenario: { name: string; file: string; trial: string };
  readonly ladder: Ladder;
  readonly target: number | null;
  readonly trials: number;
  readonly seed: string;
  readonly generator: string;
  readonly blockSize: number;
  /** Patients per trial whose latent tolerances are shared by the designs. */
  readonly coupledPatients: number;
  /** Chance-node uniforms per trial shared by the designs. */
  readonly coupledChances: number;
  readonly curves: CompareCurve[];
}

/** The paired-statistic name of (stat, dose) in coupled.ts. */
const pairedName = (stat: CompareStat, dose: number | null) => (stat === "selection" ? `selection${dose}` : stat.startsWith("efficacy.") ? stat.slice("efficacy.".length) : stat);

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
  const curves = input.scenario.curves.map((curve): CompareCurve => {
    const mtd = trueMtd(curve.truth, input.scenario.target);
    const world = { truth: curve.truth, trueMtd: mtd, target: input.scenario.target ?? null, ...(curve.response ? { response: curve.response } : {}), ...(curve.association ? { association: curve.association } : {}) };
    const run = simulateCoupled(designs, world, { trials: input.trials, seed: input.seed, maxCohorts, onProgress: input.onProgress });
    const results = designs.map((d, j) => ({
      ...summarize(run.accs[j], run.layouts[j], { name: curve.name, truth: curve.truth, trueMtd: mtd, metricNames: d.metrics, method: "monte-carlo", target: input.scenario.target ?? null }),
      // a design's efficacy expansion: its efficacy block, as run writes it (per-trial values of these trials)
      ...finalStateBlock(d, run.accs[j], run.layouts[j], curve, true),
    }));
    const means = pairedMeans(run);
    const diffs = pairedDifferences(run);
    const S = run.stats.length;
    const keys: [CompareStat, number | null][] = [];
    for (const stat of COMPARE_STATS) {
      if (stat === "selection") for (let d = 1; d <= K; d++) keys.push([stat, d]);
      else if (stat === "accuracyIndex") {
        if (results[0].accuracyIndex !== null) keys.push([stat, null]);
      } else if (mtd !== -1 || (stat !== "correctSelection" && stat !== "patientsAboveMtd" && stat !== "aboveMtdSelection")) keys.push([stat, null]);
    }
    // every design has an efficacy expansion: its statistics are paired too
    for (const stat of EFFICACY_COMPARE_STATS) if (run.stats.includes(pairedName(stat, null))) keys.push([stat, null]);
    const rows = designs.map((_, j) =>
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
    return { name: curve.name, truth: [...curve.truth], trueMtd: mtd === -1 ? null : mtd === NO_ACCEPTABLE_DOSE ? 0 : mtd + 1, results, rows };
  });
  return {
    doseladder: VERSION,
    method: "monte-carlo-crn",
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
    coupledPatients: coupledPatientBound(designs, maxCohorts),
    coupledChances: CHANCE_BOUND,
    curves,
  };
}
