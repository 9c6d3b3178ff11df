/**
 * One run: a design over a scenario's curves, giving the result object every output format
 * (terminal table, JSON, CSV, HTML) is written from.
 */
import type { DesignConfig, Ladder } from "../config/types.js";
import { buildDesign, trueMtd } from "../config/load.js";
import { GENERATOR } from "../random/stream.js";
import { summarize, type CurveResult, type Method } from "../report/summary.js";
import { VERSION } from "../version.js";
import { BLOCK_SIZE, layoutFor } from "./monte-carlo.js";
import { simulateConfig } from "./simulate.js";

/** What to run: a design, a ladder, and the truth curves. */
export interface RunInput {
  readonly config: DesignConfig;
  readonly scenario: {
    readonly name: string;
    readonly file: string;
    readonly trial: string;
    readonly ladder: Ladder;
    readonly target: number | undefined;
    readonly curves: readonly { readonly name: string; readonly truth: readonly number[] }[];
  };
  readonly trials: number;
  readonly seed: string;
  readonly workers?: number;
  readonly maxCohorts?: number;
  readonly onProgress?: (trials: number) => void;
}

/**
 * One row of an interval design's decision table (BOIN's published layout): with `n` patients
 * treated at the current dose, escalate when its DLTs are at most `escalate`, de-escalate when
 * they are at least `deescalate`, and eliminate the dose and those above when they are at
 * least `eliminate`. A null entry means the action never applies at this `n`.
 */
export interface DecisionTableRow {
  readonly n: number;
  readonly escalate: number | null;
  readonly deescalate: number | null;
  readonly eliminate: number | null;
}

/** The result of a run: what the JSON output holds. */
export interface RunResult {
  readonly doseladder: string;
  readonly design: { name: string; file: string; description: string; trial: string; type: string; parameters: Record<string, unknown> };
  readonly scenario: { name: string; file: string; trial: string };
  readonly ladder: Ladder;
  readonly target: number | null;
  readonly method: Method;
  readonly trials: number | null;
  readonly seed: string | null;
  readonly generator: string | null;
  readonly blockSize: number | null;
  readonly curves: CurveResult[];
  /** The design's decision table, for designs that have one (interval designs); reports print it. */
  readonly decisionTable?: readonly DecisionTableRow[];
}

/** Header fields shared by Monte Carlo and exact results. */
export function resultHeader(input: Pick<RunInput, "config" | "scenario">) {
  const design = buildDesign(input.config, input.scenario.ladder.doses.length);
  return {
    doseladder: VERSION,
    design: {
      name: input.config.name,
      file: input.config.file,
      description: input.config.description,
      trial: input.config.trial,
      type: design.type,
      parameters: design.describe(),
    },
    scenario: { name: input.scenario.name, file: input.scenario.file, trial: input.scenario.trial },
    ladder: input.scenario.ladder,
    target: input.scenario.target ?? null,
  };
}

/** Run the Monte Carlo simulation of `input`. */
export async function runMonteCarlo(input: RunInput): Promise<RunResult> {
  const K = input.scenario.ladder.doses.length;
  const design = buildDesign(input.config, K);
  const jobs = input.scenario.curves.map((c) => ({ truth: c.truth, trueMtd: trueMtd(c.truth, input.scenario.target) }));
  const accs = await simulateConfig(input.config, K, jobs, {
    trials: input.trials,
    seed: input.seed,
    workers: input.workers,
    maxCohorts: input.maxCohorts,
    onProgress: input.onProgress,
  });
  const L = layoutFor(design, input.maxCohorts);
  return {
    ...resultHeader(input),
    method: "monte-carlo",
    trials: input.trials,
    seed: input.seed,
    generator: GENERATOR,
    blockSize: BLOCK_SIZE,
    curves: accs.map((acc, i) =>
      summarize(acc, L, {
        name: input.scenario.curves[i].name,
        truth: input.scenario.curves[i].truth,
        trueMtd: jobs[i].trueMtd,
        metricNames: design.metrics,
        method: "monte-carlo",
      }),
    ),
  };
}
