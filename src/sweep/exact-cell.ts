/**
 * The sweep's use of the exact engine: a cell is computed exactly when its design is bounded
 * and its distinct states stay under the bound; otherwise (method "auto") by Monte Carlo.
 * The attempt is deterministic, so every shard reaches the same verdict for a cell.
 */
import { buildDesign } from "../config/load.js";
import { DEFAULT_MAX_STATES, ExactInfeasibleError, exactDesign } from "../engine/exact.js";
import type { CurveJob } from "../engine/simulate.js";
import type { Cell, SweepPlan } from "./plan.js";

/** Exact accumulators for a cell, or null when exact is infeasible and the plan allows Monte Carlo. */
export function tryExact(cell: Cell, plan: SweepPlan, jobs: readonly CurveJob[]): { accs: Float64Array[]; states: number } | null {
  if (plan.method === "monte-carlo") return null;
  const design = buildDesign(cell.design, cell.scenario.ladder.doses.length);
  try {
    const run = exactDesign(design, jobs, { maxStates: DEFAULT_MAX_STATES, maxCohorts: plan.maxCohorts, predict: plan.method === "auto" });
    return { accs: run.accs, states: run.states };
  } catch (e) {
    if (e instanceof ExactInfeasibleError && plan.method === "auto") return null;
    throw e;
  }
}
