/**
 * What the studio computes, as `doseladder run` computes it: validate a design object and a
 * scenario object exactly as the CLI validates the same JSON read from files (the same loader,
 * so the same one-line messages naming the file and field), then run exact enumeration when
 * feasible and Monte Carlo otherwise, with the CLI's defaults. The page calls `validate` on
 * every edit; its Web Worker calls `compute`.
 */
import { openedFilesKey, setOpenedFiles } from "./files.js";
import { parseDesignConfig, parseScenarioConfig } from "../config/load.js";
import { ConfigError, LIMITS, UsageError, messages } from "../config/messages.js";
import type { DesignConfig, ScenarioConfig } from "../config/types.js";
import { checkDecisionTable } from "../designs/decision-table.js";
import { DEFAULT_MAX_STATES, ExactInfeasibleError } from "../engine/exact.js";
import { checkFinalStateWorlds, curveJobs, exactResult, isTimed, monteCarloResult, runExact, runTimedRefining, type RunInput, type RunResult } from "../engine/run.js";
import { blockCount, BLOCK_SIZE } from "../engine/monte-carlo.js";
import { simulateConfig } from "../engine/simulate.js";
import { mergeInto } from "../engine/accumulator.js";
import { buildDesign as buildConfigDesign } from "../config/load.js";
import { choice, positiveInt, positiveIntAtMost } from "../cli/options.js";
import type { Design } from "../designs/design.js";
import type { CurveResult } from "../report/summary.js";

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
  /** The files other than JSON the user opened (name -> text): a table design's CSV (src/studio/files.ts). */
  readonly files?: Readonly<Record<string, string>>;
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

/**
 * What the studio keeps between edits, in the page and in its worker: the last few design files
 * parsed (by file name and JSON text) and the designs built from them (by the same key and the
 * dose count). Parsing a design file builds its design once, and building some designs is the
 * larger part of an edit (SYS6020's expansion monitor: about 13 ms in Node); a design's decisions
 * depend on the trial state alone (the Design contract), so one built design serves every run.
 * Failures are not kept: a bad file is parsed again and gives its message again.
 */
class Memo<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly size: number) {}
  /** The value kept under `key`, if any (then the most recently used). */
  peek(key: string): V | undefined {
    const hit = this.map.get(key);
    if (hit !== undefined) {
      this.map.delete(key);
      this.map.set(key, hit);
    }
    return hit;
  }
  set(key: string, v: V): V {
    this.map.delete(key);
    this.map.set(key, v);
    if (this.map.size > this.size) this.map.delete(this.map.keys().next().value as string);
    return v;
  }
  /** The value kept under `key`, else `make()`'s, kept. */
  get(key: string, make: () => V): V {
    return this.peek(key) ?? this.set(key, make());
  }
}

/** Up to 4 designs side by side, and a few more for the examples opened in between. */
const MEMO_SIZE = 12;
const configs = new Memo<{ readonly config: DesignConfig; readonly key: string }>(MEMO_SIZE);
const designs = new Memo<Design>(MEMO_SIZE);
/** The config's key: its file name and JSON text (what the loader reads). */
const configKeys = new WeakMap<DesignConfig, string>();

/** `parseDesignConfig` of a design file's JSON value, kept for the next edit that leaves the design as it is. */
function parsedDesign(json: unknown, file: string, files: Readonly<Record<string, string>> | undefined): DesignConfig {
  // the opened files are part of what the loader reads (a table design's CSV)
  const key = `${file}\n${JSON.stringify(json)}\n${openedFilesKey(files)}`;
  const hit = configs.get(key, () => ({ config: parseDesignConfig(topObject(json, file), file), key }));
  configKeys.set(hit.config, key);
  return hit.config;
}

/** `buildDesign(config, K)`, built once for a config the studio parsed (else built now). */
export function designOf(config: DesignConfig, K: number): Design {
  const key = configKeys.get(config);
  if (key === undefined) return buildConfigDesign(config, K);
  return designs.get(`${K}\n${key}`, () => buildConfigDesign(config, K));
}

/** The CLI's warning for a user decision table `doseladder table --check` finds incoherent (src/cli/commands/run.ts). */
function incoherentTable(config: DesignConfig): string | undefined {
  if (config.design.type !== "table") return undefined;
  const design = designOf(config, config.doses ?? 3);
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
  setOpenedFiles(req.files);
  const config = parsedDesign(design, req.designFile, req.files);
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
  checkFinalStateWorlds(designOf(input.config, K), input);
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

/**
 * Exact results kept per curve, by design (config key, dose count, target, cohort cap and state
 * bound): an edit of one truth curve enumerates that curve only, and the other curves' results
 * are the ones already computed. This gives the numbers of the run with every curve, to the last
 * digit, because the exact engine walks the curves of a run side by side without mixing them:
 * each curve's probabilities are multiplied and added in the order of the states, and which
 * states exist and their order do not depend on the truth as long as no probability is 0 (a
 * state is made when a path of positive probability first reaches it). So curves are kept and
 * enumerated alone only when that holds for certain: every truth and response rate strictly
 * inside (0, 1), far enough from 0 and 1 that no path probability can underflow (see
 * {@link safeCurve}), and the curve enumerated alone expanding exactly as many states as the run
 * with every curve did; otherwise the whole scenario is enumerated again, as `doseladder run` does.
 */
interface ExactEntry {
  readonly states: number;
  readonly curves: Map<string, CurveResult>;
}
const exactRuns = new Memo<ExactEntry>(MEMO_SIZE);
/** Curve results kept per design: the scenario's and those of the last edits (an undo is free). */
const CURVES_KEPT = 64;

/** A curve's key: everything of it the engine and the summary read. */
function curveKey(c: RunInput["scenario"]["curves"][number]): string {
  return JSON.stringify([c.name, c.truth, c.response ?? null, c.association ?? null]);
}

/**
 * True when no path of the exact enumeration of `c` can have probability 0 for this curve alone:
 * every rate in (0, 1), and a path of `maxPatients` patients, each outcome of probability at least
 * min(p, 1 - p) (2^-bits), stays far above the smallest double (2^-1074), with 2^-200 to spare
 * for the chance nodes on the path (the same for every curve).
 */
function safeCurve(c: RunInput["scenario"]["curves"][number], maxPatients: number): boolean {
  let lo = 0.5;
  for (const p of [...c.truth, ...(c.response ?? [])]) {
    if (!(p > 0 && p < 1)) return false;
    lo = Math.min(lo, p, 1 - p);
  }
  return Number.isFinite(maxPatients) && maxPatients * -Math.log2(lo) < 1074 - 200;
}

/** `runExact(input, options)`, with the curves computed before taken from {@link exactRuns}. */
export function runExactKept(input: Pick<RunInput, "config" | "scenario" | "maxCohorts">, options: { maxStates: number; predict: boolean }): RunResult {
  const K = input.scenario.ladder.doses.length;
  const design = designOf(input.config, K);
  const key = configKeys.get(input.config);
  const all = () => runExact(input, options, design);
  if (key === undefined) return all();
  const curves = input.scenario.curves;
  // a complete-information panel's cell probabilities are differences of the truth (0 for two
  // equal rates), and a joint outcome's are conditional response rates: such designs run every curve
  const safe = design.completeInformation !== true && design.jointOutcomes === undefined && curves.every((c) => safeCurve(c, design.maxPatients));
  const runKey = JSON.stringify([key, K, input.scenario.target ?? null, input.maxCohorts ?? null, options.maxStates, options.predict]);
  const entry = exactRuns.peek(runKey);
  // the first run of this design (or a curve that could reach a state with probability 0): every curve
  if (!safe || entry === undefined) {
    const r = all();
    if (safe) exactRuns.set(runKey, { states: r.exactStates!, curves: new Map(r.curves.map((c, i) => [curveKey(curves[i]), c])) });
    return r;
  }
  const missing = curves.map((_, i) => i).filter((i) => !entry.curves.has(curveKey(curves[i])));
  if (missing.length > 0) {
    const fresh = runExact({ ...input, scenario: { ...input.scenario, curves: missing.map((i) => curves[i]) } }, options, design);
    // never expected (the guard above): then the whole run, as doseladder run does it
    if (fresh.exactStates !== entry.states) {
      exactRuns.set(runKey, { states: -1, curves: new Map() });
      return all();
    }
    missing.forEach((i, j) => entry.curves.set(curveKey(curves[i]), fresh.curves[j]));
  }
  const result = curves.map((c) => entry.curves.get(curveKey(c))!);
  // the curves kept: this scenario's (moved last) and those of the last edits before it (oldest dropped first)
  curves.forEach((c, i) => {
    entry.curves.delete(curveKey(c));
    entry.curves.set(curveKey(c), result[i]);
  });
  for (const k of entry.curves.keys()) if (entry.curves.size > Math.max(CURVES_KEPT, curves.length)) entry.curves.delete(k);
  return exactResult(input, design, entry.states, result);
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
  if (isTimed(base)) result = await runTimedRefining(mc, onPartial);
  else if (v.method === "monte-carlo") result = await runMonteCarloRefining(mc, onPartial);
  else {
    try {
      result = runExactKept(base, { maxStates: v.maxStates, predict: v.method === "auto" });
    } catch (e) {
      if (v.method === "exact" || !(e instanceof ExactInfeasibleError)) throw e;
      notes.push(`doseladder: note: ${e.message.replace(/; use .*$/, "")}; running Monte Carlo instead`);
      result = await runMonteCarloRefining(mc, onPartial);
    }
  }
  return { result, notes, ms: performance.now() - t0 };
}
