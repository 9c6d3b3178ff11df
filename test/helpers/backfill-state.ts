/**
 * Trial states built by hand for the backfill tests: escalation counts (n, y) at a current dose,
 * and optionally a backfill part (backfill patients, DLTs, enrolment and responders per dose, the
 * escalation cohort's dose and progress).
 */
import { BackfillTrialState } from "../../src/model/pending.js";
import { TrialState } from "../../src/model/state.js";

/** The backfill part of a hand-built state; omitted fields are 0 (responded: 1, cohortDose: current). */
export interface BackfillPart {
  n?: number[];
  y?: number[];
  enrolled?: number[];
  responded?: number[];
  cohortDose?: number;
  done?: number;
  dlts?: number;
}

/** Escalation counts into `s` at `current`, cohorts of 3. */
function fill<S extends TrialState>(s: S, n: readonly number[], y: readonly number[], current: number): S {
  s.reset(0);
  for (let d = 0; d < n.length; d++) {
    s.n[d] = n[d];
    s.y[d] = y[d];
    s.escalationN += n[d];
  }
  s.current = current;
  s.cohorts = Math.ceil(s.escalationN / 3);
  return s;
}

/** A BackfillTrialState with escalation data (n, y) at `current` and the backfill part `part`. */
export function backfillStateOf(n: readonly number[], y: readonly number[], current: number, part: BackfillPart = {}, capacity = 0): BackfillTrialState {
  const s = fill(new BackfillTrialState(n.length, capacity), n, y, current);
  const b = s.backfill;
  for (let d = 0; d < n.length; d++) {
    b.n[d] = part.n?.[d] ?? 0;
    b.y[d] = part.y?.[d] ?? 0;
    b.enrolled[d] = part.enrolled?.[d] ?? b.n[d];
    b.responded[d] = part.responded?.[d] ?? 1;
  }
  b.cohortDose = part.cohortDose ?? current;
  b.cohortDone = part.done ?? 0;
  b.cohortDlts = part.dlts ?? 0;
  return s;
}

/** A plain TrialState (no backfill part) with escalation data (n, y) at `current`. */
export function plainStateOf(n: readonly number[], y: readonly number[], current: number, capacity = 0): TrialState {
  return fill(new TrialState(n.length, capacity), n, y, current);
}
