/**
 * The nonparametric optimal benchmark of O'Quigley, Paoletti & Maccario (2002), Biostatistics
 * 3(1):51-56 (doi:10.1093/biostatistics/3.1.51), as a pseudo-design.
 *
 * Not a trial anyone could run: it treats one complete-information panel of N patients, each
 * with a latent tolerance u observed at every dose (DLT at dose k iff u < p_k), then stops.
 * The MTD is the dose whose empirical rate p̂_k = y_k / n_k is closest to the target (ties: the
 * lower dose). Its correct-selection probability is the usual upper bound against which a real
 * design with N patients is judged; `optimalExact` (src/select/optimal-exact.ts) gives the same
 * selection distribution without simulation.
 */
import { stop, treat } from "../model/decision.js";
import type { TrialView } from "../model/state.js";
import type { ParamSpec, ParamValues } from "../config/params.js";
import { closer } from "../select/optimal-exact.js";
import { measureNothing, type Design } from "./design.js";
import { MAX_PATIENTS } from "./limits.js";

export const optimalParams: readonly ParamSpec[] = [
  { name: "target", kind: "probability", open: true, description: "Target DLT probability: the selected dose has the empirical rate closest to it." },
  { name: "maxPatients", kind: "integer", min: 1, max: MAX_PATIENTS, description: "Sample size N of the complete-information panel (compare with a design of N patients)." },
];

/** Build the optimal benchmark for `numDoses` doses. */
export function optimal(p: ParamValues, numDoses: number): Design {
  const target = p.target as number;
  const N = p.maxPatients as number;
  const panel = treat(0, N, "start", { panel: true });
  const done = stop("max-n");
  const decide = (s: TrialView) => (s.escalationN === 0 ? panel : done);
  const selectMtd = (s: TrialView): number => {
    let best = -1;
    let bestEst = 0;
    for (let k = 0; k < numDoses; k++) {
      if (s.n[k] === 0) continue;
      const est = s.y[k] / s.n[k];
      if (best < 0 || closer(est, bestEst, target)) {
        best = k;
        bestEst = est;
      }
    }
    return best;
  };
  return {
    type: "optimal",
    numDoses,
    startDose: 0,
    memSlots: 0,
    maxCohortSize: N,
    maxPatients: N,
    maxExpansionPatients: 0,
    completeInformation: true,
    metrics: [],
    decide,
    selectMtd,
    measure: measureNothing,
    describe: () => ({ type: "optimal", target, maxPatients: N }),
    explain: (s) =>
      s.escalationN === 0
        ? `treat a complete-information panel of ${N} patients (observed at every dose)`
        : `empirical rates ${Array.from({ length: numDoses }, (_, k) => `${s.y[k]}/${s.n[k]}`).join(", ")}; closest to ${target}: dose ${selectMtd(s) + 1}`,
  };
}
