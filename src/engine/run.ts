/**
 * One run: a design over a scenario's curves, giving the result object every output format
 * (terminal table, JSON, CSV, HTML) is written from.
 */
import type { DesignConfig, Ladder } from "../config/types.js";
import { buildDesign, trueMtd } from "../config/load.js";
import { GENERATOR } from "../random/stream.js";
import { summarize, type CurveResult, type Method } from "../report/summary.js";
import { VERSION } from "../version.js";
import type { DecisionTable, DecisionTableRow } from "../designs/decision-table.js";
import { BLOCK_SIZE, blockCount, layoutFor } from "./monte-carlo.js";
import { runTimedBlocks, simulateConfig } from "./simulate.js";
import { exactDesign } from "./exact.js";
import { blockValues, defaultConduct, defaultTiming, type TimingConfig } from "../config/timing.js";
import { summarizeTiming } from "../report/timing.js";
import { simulateTimed, timedRunner } from "./timed.js";
import type { Association } from "../model/joint.js";
import type { Design } from "../designs/design.js";
import { ConfigError, UsageError } from "../config/messages.js";
import { finalMeans, type Layout } from "./accumulator.js";

/** The jobs of a run's curves: truth, true MTD and the world a final-state phase reads. */
export function curveJobs(input: Pick<RunInput, "scenario">) {
  return input.scenario.curves.map((c) => ({
    truth: c.truth,
    trueMtd: trueMtd(c.truth, input.scenario.target),
    ...(c.response ? { response: c.response } : {}),
    ...(c.association ? { association: c.association } : {}),
  }));
}

/**
 * Refuse, before anything runs, a curve the design's final-state phase cannot use (a curve
 * without response rates under efficacy-expansion): one line naming the scenario file and the curve.
 */
export function checkFinalStateWorlds(design: Design, input: Pick<RunInput, "scenario">): void {
  checkResponseCurves(design, input.scenario);
  const phase = design.finalStateOc;
  if (!phase) return;
  input.scenario.curves.forEach((c, i) => {
    try {
      phase.forCurve(c);
    } catch (e) {
      throw new ConfigError(input.scenario.file, `curves[${i}]`, `curve "${c.name}" ${(e as Error).message}`);
    }
  });
}

/**
 * Refuse, before anything runs, a curve without response rates when the design decides on
 * responses (Design.jointOutcomes, BOIN12): one line naming the scenario file and the curve.
 */
export function checkResponseCurves(design: Design, scenario: Pick<RunInput["scenario"], "file" | "ladder" | "curves">): void {
  if (!design.jointOutcomes) return;
  const K = scenario.ladder.doses.length;
  scenario.curves.forEach((c, i) => {
    if (!c.response || c.response.length !== K) {
      throw new ConfigError(scenario.file, `curves[${i}]`, `curve "${c.name}" has no response rates, which design type ${design.type} decides on (give "response", one rate per dose)`);
    }
  });
}

/** The curve result's final-state block (e.g. `efficacy`), when the design has a final-state phase. */
export function finalStateBlock(design: Design, acc: Float64Array, L: Layout, world: RunInput["scenario"]["curves"][number], monteCarlo: boolean): Record<string, unknown> {
  const phase = design.finalStateOc;
  if (!phase) return {};
  const { mean, se, weight } = finalMeans(acc, L, monteCarlo);
  return { [phase.key]: phase.summarize(world, mean, se, monteCarlo, weight) };
}

/** What to run: a design, a ladder, and the truth curves. */
export interface RunInput {
  readonly config: DesignConfig;
  readonly scenario: {
    readonly name: string;
    readonly file: string;
    readonly trial: string;
    readonly ladder: Ladder;
    readonly target: number | undefined;
    readonly curves: readonly { readonly name: string; readonly truth: readonly number[]; readonly response?: readonly number[]; readonly association?: Association }[];
    /** Calendar time of the world (runs through the timed engine when present). */
    readonly timing?: TimingConfig;
  };
  readonly trials: number;
  readonly seed: string;
  readonly workers?: number;
  readonly maxCohorts?: number;
  readonly onProgress?: (trials: number) => void;
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
  /** Exact runs: the number of distinct trial states the enumeration expanded. */
  readonly exactStates?: number;
  readonly curves: CurveResult[];
  /** The design's decision table, for designs that have one (interval designs); reports print it. */
  /** The design's decision table (rows for n = 1 .. max), for designs that have one. */
  readonly decisionTable?: readonly DecisionTableRow[];
  /** Timed runs: the resolved timing (scenario) and conduct (design) parameters, defaults filled in. */
  readonly timing?: { readonly scenario: Record<string, unknown>; readonly conduct: Record<string, unknown> };
}

/** The largest n a decision table needs for a design (its sample size, within reason). */
function tableSize(design: { maxPatients: number; maxExpansionPatients: number }): number {
  const n = design.maxPatients - design.maxExpansionPatients;
  return Number.isFinite(n) ? Math.min(Math.max(n, 1), 120) : 60;
}

/** The protocol's rows: multiples of the cohort size (every row when the cohort size is 1). */
function protocolRows(t: DecisionTable): DecisionTableRow[] {
  return t.rows.filter((r) => r.n % t.cohortSize === 0 || t.cohortSize <= 1);
}

/** Header fields shared by Monte Carlo and exact results (`design`: the config's design, built for the ladder, when the caller has it). */
export function resultHeader(input: Pick<RunInput, "config" | "scenario">, design: Design = buildDesign(input.config, input.scenario.ladder.doses.length)) {
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
    ...(design.decisionTable ? { decisionTable: protocolRows(design.decisionTable(tableSize(design))) } : {}),
  };
}

/** The fields every Monte Carlo result states: method, trials, seed, generator and block size. */
function monteCarloHeader(input: { trials: number; seed: string }) {
  return { method: "monte-carlo" as const, trials: input.trials, seed: input.seed, generator: GENERATOR, blockSize: BLOCK_SIZE };
}

/** Run the Monte Carlo simulation of `input`. */
export async function runMonteCarlo(input: RunInput): Promise<RunResult> {
  const K = input.scenario.ladder.doses.length;
  const design = buildDesign(input.config, K);
  checkFinalStateWorlds(design, input);
  const jobs = curveJobs(input);
  const accs = await simulateConfig(input.config, K, jobs, {
    trials: input.trials,
    seed: input.seed,
    workers: input.workers,
    maxCohorts: input.maxCohorts,
    onProgress: input.onProgress,
  });
  return monteCarloResult(input, accs);
}

/**
 * The result of a Monte Carlo run from its per-curve accumulators (`input.trials` is what the
 * result states; the accumulators carry their own trial counts): what {@link runMonteCarlo}
 * returns, and what the studio shows while the blocks of a run accumulate.
 */
export function monteCarloResult(input: RunInput, accs: readonly Float64Array[]): RunResult {
  const design = buildDesign(input.config, input.scenario.ladder.doses.length);
  const jobs = curveJobs(input);
  const L = layoutFor(design, input.maxCohorts);
  return {
    ...resultHeader(input),
    ...monteCarloHeader(input),
    curves: accs.map((acc, i) => ({
      ...summarize(acc, L, {
        name: input.scenario.curves[i].name,
        truth: input.scenario.curves[i].truth,
        trueMtd: jobs[i].trueMtd,
        metricNames: design.metrics,
        method: "monte-carlo",
        target: input.scenario.target ?? null,
      }),
      ...finalStateBlock(design, acc, L, input.scenario.curves[i], true),
    })),
  };
}

/** Options of an exact run from the command line or library. */
export interface ExactRunOptions {
  readonly maxStates?: number;
  /** Visit outcomes in reverse order (testing). */
  readonly reverse?: boolean;
  /** Give up early when the states predict more than maxStates (method auto: see ExactOptions.predict). */
  readonly predict?: boolean;
}

/**
 * Exact operating characteristics of `input` (every cohort outcome enumerated, identical
 * states merged): the same result shape as {@link runMonteCarlo}, with `method: "exact"`,
 * no trials or seed, zero standard errors, and `exactStates`, the distinct states expanded.
 * `design` is the config's design built for the ladder, when the caller has it (the studio keeps
 * the designs it has built: a design's decisions depend on the trial state alone).
 * @throws ExactInfeasibleError (a UsageError) when the design is unbounded or has too many states.
 */
export function runExact(
  input: Pick<RunInput, "config" | "scenario" | "maxCohorts">,
  options: ExactRunOptions = {},
  design: Design = buildDesign(input.config, input.scenario.ladder.doses.length),
): RunResult {
  checkFinalStateWorlds(design, input);
  const jobs = curveJobs(input);
  const run = exactDesign(design, jobs, { maxStates: options.maxStates, maxCohorts: input.maxCohorts, reverse: options.reverse, predict: options.predict });
  return exactResult(
    input,
    design,
    run.states,
    run.accs.map((acc, i) => ({
      ...summarize(acc, run.layout, {
        name: input.scenario.curves[i].name,
        truth: input.scenario.curves[i].truth,
        trueMtd: jobs[i].trueMtd,
        metricNames: design.metrics,
        method: "exact",
        target: input.scenario.target ?? null,
      }),
      ...finalStateBlock(design, acc, run.layout, input.scenario.curves[i], false),
    })),
  );
}

/** An exact run's result from its curves' summaries (the header of every exact result: no trials, seed or blocks). */
export function exactResult(input: Pick<RunInput, "config" | "scenario" | "maxCohorts">, design: Design, states: number, curves: RunResult["curves"]): RunResult {
  return { ...resultHeader(input, design), method: "exact", trials: null, seed: null, generator: null, blockSize: null, exactStates: states, curves };
}

/** True when a run needs the calendar-time engine: the scenario has `timing` or the design has `conduct`. */
export function isTimed(input: Pick<RunInput, "config" | "scenario">): boolean {
  return input.scenario.timing !== undefined || input.config.conduct !== undefined;
}

/** A timed run's input: a run, optionally restricted to blocks [from, to) of it (shards). */
export type TimedRunInput = RunInput & { readonly blocks?: readonly [number, number] };

/** What both timed entry points prepare: the design, resolved blocks, and one runner per curve in this thread. */
function prepareTimed(input: TimedRunInput) {
  const K = input.scenario.ladder.doses.length;
  const design = buildDesign(input.config, K);
  if (design.finalStateOc && !design.finalStateOc.timed) {
    throw new UsageError(`${input.config.file}: ${design.finalStateOc.label} is computed from the escalation's final state and has no calendar time yet; run it without a timing block in the scenario (${input.scenario.file}) or a conduct block in the design`);
  }
  checkFinalStateWorlds(design, input);
  const timing = input.scenario.timing ?? defaultTiming(input.scenario.file);
  const conduct = input.config.conduct ?? defaultConduct(input.config.file);
  const jobs = curveJobs(input);
  // built first, so that a timing or conduct the design cannot run stops here, before any thread starts;
  // they give the layout and the example trial of the report's timeline
  const runners = jobs.map((job) => timedRunner(design, timing, conduct, job.truth, job.trueMtd, input.maxCohorts, job.response, job.association));
  return { K, design, timing, conduct, jobs, runners };
}

function timedResult(input: TimedRunInput, prep: ReturnType<typeof prepareTimed>, accs: readonly Float64Array[]): RunResult {
  const { design, timing, conduct, jobs, runners } = prep;
  const curves = input.scenario.curves.map((c, i) => {
    const runner = runners[i];
    const base = summarize(accs[i], runner.layout.base, { name: c.name, truth: c.truth, trueMtd: jobs[i].trueMtd, metricNames: design.metrics, method: "monte-carlo", target: input.scenario.target ?? null });
    return { ...base, timing: summarizeTiming(accs[i], runner.layout, runner.trace(input.seed, 0, 0)), ...finalStateBlock(design, accs[i], runner.layout.base, c, true) };
  });
  return {
    ...resultHeader(input),
    ...monteCarloHeader(input),
    curves,
    timing: { scenario: blockValues(timing), conduct: blockValues(conduct) },
  };
}

/**
 * The calendar-time Monte Carlo simulation of `input` (src/engine/timed.ts) in this thread
 * only (`workers` is ignored): the same result shape as {@link runMonteCarlo}, with a `timing`
 * object per curve. {@link runTimedMonteCarlo} gives the same result, using worker threads.
 */
export function runTimed(input: TimedRunInput): RunResult {
  const prep = prepareTimed(input);
  const accs = prep.jobs.map((job) =>
    simulateTimed(prep.design, prep.timing, prep.conduct, job, { trials: input.trials, seed: input.seed, maxCohorts: input.maxCohorts, blocks: input.blocks, onProgress: input.onProgress }).acc,
  );
  return timedResult(input, prep, accs);
}

/**
 * {@link runTimed}'s result, computed a block at a time (BLOCK_SIZE trials of every curve), with
 * `onPartial` given after each block but the last the result of the trials so far: what
 * `doseladder run --trials <so far>` prints, since block b draws the same streams whatever the
 * run's length and the block sums are integer counts. The last result is runTimed's. (The
 * studio's numbers that refine as the trials run.)
 */
export async function runTimedRefining(input: TimedRunInput, onPartial?: (partial: RunResult) => void): Promise<RunResult> {
  const prep = prepareTimed(input);
  const [from, to] = input.blocks ?? [0, blockCount(input.trials)];
  const accs = prep.runners.map((r) => new Float64Array(r.layout.length));
  for (let b = from; b < to; b++) {
    prep.runners.forEach((runner, i) => runTimedBlocks(runner, input.seed, input.trials, b, b + 1, accs[i], input.onProgress));
    if (b < to - 1 && from === 0) onPartial?.(timedResult({ ...input, trials: Math.min(input.trials, (b + 1) * BLOCK_SIZE) }, prep, accs));
    await Promise.resolve();
  }
  return timedResult(input, prep, accs);
}

/**
 * The calendar-time Monte Carlo simulation of `input`, like {@link runMonteCarlo} over
 * `workers` threads (default `defaultWorkers(trials × curves)`, at most the cores): byte for
 * byte the result of {@link runTimed} for any number of threads (every block sums exactly).
 */
export async function runTimedMonteCarlo(input: TimedRunInput): Promise<RunResult> {
  const prep = prepareTimed(input);
  const accs = await simulateConfig(input.config, prep.K, prep.jobs, {
    trials: input.trials,
    seed: input.seed,
    workers: input.workers,
    maxCohorts: input.maxCohorts,
    blocks: input.blocks,
    onProgress: input.onProgress,
    timed: { timing: prep.timing },
  });
  return timedResult(input, prep, accs);
}
