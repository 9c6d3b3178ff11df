/**
 * The sweep's hook into exact computation. Until the exact engine is available every cell is
 * run by Monte Carlo; this module is the one place that decides feasibility for sweeps.
 */
import type { Cell, SweepPlan } from "./plan.js";
import type { CurveJob } from "../engine/simulate.js";

export const exactCell = {
  feasible(_cell: Cell, _plan: SweepPlan): boolean {
    return false;
  },
  run(_cell: Cell, _plan: SweepPlan, _jobs: readonly CurveJob[]): { accs: Float64Array[]; states: number } {
    throw new Error("exact computation is not available");
  },
};
