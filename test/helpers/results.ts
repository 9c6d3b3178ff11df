/** Reshaping run results for report tests. */
import type { RunResult } from "../../src/engine/run.js";

/** The same result as if an exact engine had produced it: no trials, no seed, zero SEs. */
export function asExact(r: RunResult): RunResult {
  const zero = (xs: number[]) => xs.map(() => 0);
  return {
    ...r,
    method: "exact",
    trials: null,
    seed: null,
    generator: null,
    blockSize: null,
    curves: r.curves.map((c) => ({
      ...c,
      selectionSE: zero(c.selectionSE),
      noMtdSE: 0,
      correctSelectionSE: c.correctSelectionSE === null ? null : 0,
      patientsSE: zero(c.patientsSE),
      dltsSE: zero(c.dltsSE),
      sampleSizeSE: 0,
      totalDltsSE: 0,
    })),
  };
}
