/**
 * doseladder as a library: `import { loadDesign, loadScenario, runMonteCarlo, ... } from "doseladder"`.
 */
export { VERSION } from "./version.js";
export * from "./model/decision.js";
export * from "./model/state.js";
export * from "./model/outcomes.js";
export * from "./random/stream.js";
export * from "./random/binomial.js";
export * from "./designs/design.js";
export * from "./designs/check.js";
export { DESIGNS, MODIFIERS, registerDesign, registerModifier, type DesignEntry, type ModifierEntry } from "./designs/index.js";
export * from "./config/types.js";
export * from "./config/messages.js";
export { resolveParams, type ParamSpec, type ParamValues } from "./config/params.js";
export { loadDesign, loadScenario, parseDesignConfig, parseScenarioConfig, buildDesign, trueMtd, isMonotone } from "./config/load.js";
export { designSchema, scenarioSchema } from "./config/schema.js";
export * from "./engine/accumulator.js";
export { curveRunner, runBlocks, layoutFor, BLOCK_SIZE, DEFAULT_MAX_COHORTS, blockCount, blockTrials } from "./engine/monte-carlo.js";
export { simulateDesign, simulateConfig, type CurveJob, type SimulateOptions } from "./engine/simulate.js";
export { runMonteCarlo, resultHeader, type RunInput, type RunResult } from "./engine/run.js";
export { runExact, type ExactRunOptions } from "./engine/run.js";
// efficacy
export { simonDesigns, describeSimon, SIMON_MAX_N, type SimonDesign, type SimonResult } from "./efficacy/simon.js";
export { futilityBoundary, futilityOc, type FutilityRule, type FutilityLook, type FutilityOc } from "./efficacy/futility.js";
// calendar time
export { runTimed, runTimedMonteCarlo, isTimed } from "./engine/run.js";
export { simulateTimed, timedRunner, timedLayout, type TimedRunner, type TimedLayout, type TimedOptions, type TrialTrace, type PatientRow } from "./engine/timed.js";
export { parseTiming, parseConduct, TIMING_PARAMS, CONDUCT_PARAMS, DAYS_PER_MONTH, type TimingConfig, type ConductConfig } from "./config/timing.js";
export { summarizeTiming, type TimingSummary, type DurationStat } from "./report/timing.js";
export {
  simulateCoupled,
  pairedDifferences,
  pairedMeans,
  pairedStatNames,
  mergeCoupled,
  coupledPatientBound,
  MAX_COUPLED_PATIENTS,
  CHANCE_BOUND,
  PAIRED_FIELDS,
  type CoupledCurve,
  type CoupledOptions,
  type CoupledRun,
  type PairedMean,
  type PairedDifference,
} from "./engine/coupled.js";
export { runCompare, COMPARE_STATS, type CompareInput, type CompareResult, type CompareCurve, type CompareRow, type CompareStat } from "./engine/compare.js";
export { compareCsv, compareTable, seRatio, COMPARE_CSV_COLUMNS } from "./report/compare.js";
export { exactDesign, ExactInfeasibleError, DEFAULT_MAX_STATES, type ExactOptions, type ExactCurve, type ExactRun } from "./engine/exact.js";
export { replay, type Replay, type ReplayStep } from "./engine/replay.js";
export { dosePaths, leaves, type PathNode, type PathOptions, type Paths } from "./engine/paths.js";
export { summarize, type CurveResult, type Method } from "./report/summary.js";
export { toCsv, CSV_COLUMNS } from "./report/csv.js";
export { toTable } from "./report/table.js";
export { renderHtml, buildHtmlReport, compileChart, renderStaticSvgs, readVegaScript, reportCharts, escapeHtml, jsonForScript, type HtmlOptions } from "./report/html.js";
export * from "./report/charts.js";
export { writeAtomic } from "./report/write.js";
export { posteriorExceeds, betaCdf } from "./select/beta-tail.js";
export { crmPosterior, crmSkeleton, type CrmPosterior } from "./designs/crm.js";
export { getprior, type CrmModel } from "./select/skeleton.js";
export { optimalExact } from "./select/optimal-exact.js";
export { randomCurves, pseudoUniformCurve, probitCurve, randomScenario, closestDose, RANDOM_METHODS, type RandomMethod, type RandomCurve } from "./scenarios/random.js";
export { accuracy, type AccuracySummary } from "./report/accuracy.js";
export { boin, lambdaE, boinTables } from "./designs/boin.js";
export { keyboard, anchoredIntervals } from "./designs/keyboard.js";
export { mtpi2 } from "./designs/mtpi2.js";
export { i3plus3 } from "./designs/i3plus3.js";
export { decisionTableDesign, parseTableCsv } from "./designs/table.js";
export { intervalDesign, type IntervalSpec, type IntervalTables } from "./designs/interval.js";
export { checkDecisionTable, type DecisionTable, type DecisionTableRow } from "./designs/decision-table.js";
export { formatDecisionTable, TABLE_FORMATS, type TableFormat } from "./report/decision-table.js";
export { isotonic, pavaInPlace, pavaScratch } from "./select/isotonic.js";
export { selectMtd, isotonicMtdSelector, lambdaD, eliminationThreshold } from "./select/mtd.js";
