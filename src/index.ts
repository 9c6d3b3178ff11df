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
export { runMonteCarlo, resultHeader, type RunInput, type RunResult, type DecisionTableRow } from "./engine/run.js";
export { summarize, type CurveResult, type Method } from "./report/summary.js";
export { toCsv, CSV_COLUMNS } from "./report/csv.js";
export { toTable } from "./report/table.js";
export { renderHtml, buildHtmlReport, compileChart, renderStaticSvgs, readVegaScript, reportCharts, escapeHtml, jsonForScript, type HtmlOptions } from "./report/html.js";
export * from "./report/charts.js";
export { writeAtomic } from "./report/write.js";
export { posteriorExceeds, betaCdf } from "./select/beta-tail.js";
