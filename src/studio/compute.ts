/**
 * What the studio computes, as `doseladder run` computes it: validate a design object and a
 * scenario object exactly as the CLI validates the same JSON read from files (the same loader,
 * so the same one-line messages naming the file and field), then run exact enumeration when
 * feasible and Monte Carlo otherwise, with the CLI's defaults. The page calls `validate` on
 * every edit; its Web Worker calls `compute`.
 */
import { buildDesign, parseDesignConfig, parseScenarioConfig } from "../config/load.js";
import { ConfigError, LIMITS, UsageError, messages } from "../config/messages.js";
import type { DesignConfig, ScenarioConfig } from "../config/types.js";
import { checkDecisionTable } from "../designs/decision-table.js";
import { DEFAULT_MAX_STATES, ExactInfeasibleError } from "../engine/exact.js";
import { checkFinalStateWorlds, curveJobs, isTimed, monteCarloResult, runExact, runTimedMonteCarlo, type RunInput, type RunResult } from "../engine/run.js";
import { blockCount, BLOCK_SIZE } from "../engine/monte-carlo.js";
import { simulateConfig } from "../engine/simulate.js";
import { mergeInto } from "../engine/accumulator.js";
import { buildDesign as buildConfigDesign } from "../config/load.js";
import { choice, positiveInt, positiveIntAtMost } from "../cli/options.js";

export const METHODS = ["auto", "exact", "monte-carlo"] as const;
export type StudioMethod = (typeof METHODS)[number];

/** The run settings, as the text of the CLI's flags (so bad values get the CLI's messages). */
export interface RunSettings {
  readonly method: string;
  readonly trials: string;
  readonly seed: string;
  readonly maxStates: string;
  readonly maxCohorts: string;
}

/** The CLI's defaults: `doseladder run` with no flags. */
export const DEFAULT_SETTINGS: RunSettings = Object.freeze({ method: "auto", trials: "10000", seed: "1", maxStates: String(DEFAULT_MAX_STATES), maxCohorts: "1000" });

/** A request to compute: the two files' JSON values and names, and the run settings. */
export interface ComputeRequest {
  readonly id: number;
  readonly design: unknown;
  readonly designFile: string;
  readonly scenario: unknown;
  readonly scenarioFile: string;
  readonly settings: RunSettings;
  /** Designs run on the same scenario with the same settings, side by side with the edited one. */
  readonly compare?: readonly { readonly design: unknown; readonly designFile: string }[];
}

/** What validation found: the typed configs, the CLI's warnings, and the parsed settings. */
export interface Validated {
  readonly config: DesignConfig;
  readonly scenario: ScenarioConfig;
  readonly warnings: readonly string[];
  readonly method: StudioMethod;
  readonly trials: number;
  readonly seed: string;
  readonly maxStates: number;
  readonly maxCohorts: number;
}

/** A validation failure: the CLI's line (without its "doseladder: " prefix), and the file and field it names. */
export interface Problem {
  readonly message: string;
  readonly file: string;
  readonly field: string;
}

function topObject(v: unknown, file: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new ConfigError(file, "", messages.notObject());
  return v as Record<string, unknown>;
}

/** The CLI's warning for a user decision table `doseladder table --check` finds incoherent (src/cli/commands/run.ts). */
function incoherentTable(config: DesignConfig): string | undefined {
  if (config.design.type !== "table") return undefined;
  const design = buildDesign(config, config.doses ?? 3);
  if (!design.decisionTable) return undefined;
  const problems = checkDecisionTable(design.decisionTable());
  if (problems.length === 0) return undefined;
  return `doseladder: warning: ${config.file}: the decision table is incoherent (${problems.length} problem${problems.length === 1 ? "" : "s"}, first: ${problems[0]}); running it anyway; see doseladder table --check --design ${config.file}`;
}

/**
 * Validate as `doseladder run --design DESIGN --scenario SCENARIO [flags]` does, in its order:
 * the flags, the design file, the scenario file, then the dose counts.
 * @throws ConfigError or UsageError with the CLI's message.
 */
export function validate(req: Omit<ComputeRequest, "id">): Validated {
  const s = req.settings;
  const method = choice("--method", s.method, METHODS);
  const maxStates = positiveInt("--max-states", s.maxStates);
  const trials = positiveIntAtMost("--trials", s.trials, LIMITS.trials, "trials per curve");
  const maxCohorts = positiveInt("--max-cohorts", s.maxCohorts);
  // a round trip through JSON text: what is validated is exactly what a saved file holds
  const design = JSON.parse(JSON.stringify(req.design ?? null)) as unknown;
  const scenarioJson = JSON.parse(JSON.stringify(req.scenario ?? null)) as unknown;
  const config = parseDesignConfig(topObject(design, req.designFile), req.designFile);
  const warnings: string[] = [];
  const table = incoherentTable(config);
  if (table) warnings.push(table);
  const scenario = parseScenarioConfig(topObject(scenarioJson, req.scenarioFile), req.scenarioFile);
  warnings.push(...scenario.warnings);
  if (config.doses !== undefined && config.doses !== scenario.ladder.doses.length) {
    throw new ConfigError(scenario.file, "ladder", messages.doseCountMismatch(config.doses, scenario.ladder.doses.length));
  }
  if (isTimed({ config, scenario }) && method === "exact") {
    throw new UsageError("--method exact: calendar time (the scenario's timing block or the design's conduct block) is simulated by Monte Carlo only; use --method auto or monte-carlo");
  }
  return { config, scenario, warnings, method, trials, seed: s.seed, maxStates, maxCohorts };
}

/** A validation failure as a Problem, or undefined when the error is not the user's input. */
export function problemOf(e: unknown): Problem | undefined {
  if (e instanceof ConfigError) return { message: e.message, file: e.file, field: e.field };
  if (e instanceof UsageError) {
    const flag = /^(--[a-z-]+)/.exec(e.message)?.[1] ?? "";
    return { message: e.message, file: "", field: flag };
  }
  return undefined;
}

/** The result of a computation, with what the CLI would say on stderr. */
export interface Computed {
  readonly result: RunResult;
  readonly notes: readonly string[];
  /** Milliseconds the engine took (validation included). */
  readonly ms: number;
}

/**
 * Compute what `doseladder run --format json` prints for the request: exact when the method
 * allows and the design is feasible, else Monte Carlo in this thread (one worker: results are
 * the same for any number).
 */
/**
 * `runMonteCarlo`'s result, computed a block at a time (BLOCK_SIZE trials of every curve) so that
 * `onPartial` can show the numbers of the trials run so far; the block sums are integer counts, so
 * the final result is the one `doseladder run` prints, to the last digit, for any split.
 */
export async function runMonteCarloRefining(input: RunInput, onPartial?: (partial: RunResult) => void): Promise<RunResult> {
  const K = input.scenario.ladder.doses.length;
  checkFinalStateWorlds(buildConfigDesign(input.config, K), input);
  const jobs = curveJobs(input);
  const n = blockCount(input.trials);
  let accs: Float64Array[] | undefined;
  for (let b = 0; b < n; b++) {
    const part = await simulateConfig(input.config, K, jobs, { trials: input.trials, seed: input.seed, workers: 1, maxCohorts: input.maxCohorts, onProgress: input.onProgress, blocks: [b, b + 1] });
    if (!accs) accs = part;
    else part.forEach((a, i) => mergeInto(accs![i], a));
    if (b < n - 1) onPartial?.(monteCarloResult({ ...input, trials: Math.min(input.trials, (b + 1) * BLOCK_SIZE) }, accs));
  }
  return monteCarloResult(input, accs ?? jobs.map(() => new Float64Array(0)));
}

export async function compute(req: Omit<ComputeRequest, "id">, onProgress?: (done: number, total: number) => void, onPartial?: (partial: RunResult) => void): Promise<Computed> {
  const t0 = performance.now();
  const v = validate(req);
  const notes = [...v.warnings];
  const total = v.trials * v.scenario.curves.length;
  let done = 0;
  const progress = (n: number) => {
    done += n;
    onProgress?.(done, total);
  };
  const base = { config: v.config, scenario: v.scenario, maxCohorts: v.maxCohorts };
  const mc = { ...base, trials: v.trials, seed: v.seed, workers: 1, onProgress: progress };
  let result: RunResult;
  if (isTimed(base)) result = await runTimedMonteCarlo(mc);
  else if (v.method === "monte-carlo") result = await runMonteCarloRefining(mc, onPartial);
  else {
    try {
      result = runExact(base, { maxStates: v.maxStates, predict: v.method === "auto" });
    } catch (e) {
      if (v.method === "exact" || !(e instanceof ExactInfeasibleError)) throw e;
      notes.push(`doseladder: note: ${e.message.replace(/; use .*$/, "")}; running Monte Carlo instead`);
      result = await runMonteCarloRefining(mc, onPartial);
    }
  }
  return { result, notes, ms: performance.now() - t0 };
}
