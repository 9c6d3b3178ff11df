/** A minimal design whose members a test overrides: for broken designs the checks must catch. */
import type { Design } from "../../src/designs/design.js";
import type { Decision } from "../../src/model/decision.js";
import type { TrialView } from "../../src/model/state.js";

export function fake(over: Partial<Design> & { decide: (s: TrialView) => Decision }): Design {
  return {
    type: "fake",
    numDoses: 3,
    startDose: 0,
    memSlots: 1,
    maxCohortSize: 3,
    maxPatients: 30,
    maxExpansionPatients: 0,
    metrics: [],
    selectMtd: () => -1,
    measure: () => {},
    describe: () => ({}),
    ...over,
  };
}
