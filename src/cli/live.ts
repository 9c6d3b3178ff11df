/**
 * `doseladder next` in a live trial that waits for DLT windows, or backfills.
 *
 * A design that does not decide with pending patients (every design but the TITE ones) cannot
 * answer while the escalation cohort is in its DLT window: `next --pending` then says "wait" and
 * lists what the design will do for each number of DLTs among the pending patients. The cohort
 * in progress is the pending patients plus, when the last group of `--outcomes` is at the same
 * dose and together with them makes at most one cohort, that group's known outcomes (write
 * "... 3T" and `--pending "3:10,3:12"` for a cohort of 3 at dose 3 with one DLT known and two
 * patients followed 10 and 12 days).
 *
 * A backfilling design (the `backfill` modifier) also takes the backfilled patients: completed
 * ones in `--backfill` (escalation notation, "1NN 2NT"), those still in their window in
 * `--backfill-pending` (dose:days), and the doses where a response has been seen in
 * `--responses`. Their data join the escalation data at this decision (the design's conflict
 * rule applies); the answer adds the dose an arriving patient would be backfilled at, with the
 * open rule dose by dose.
 */
import { UsageError } from "../config/messages.js";
import type { Design } from "../designs/design.js";
import { Action, describeDecision, type Decision } from "../model/decision.js";
import type { Cohort } from "../model/outcomes.js";
import { BackfillTrialState } from "../model/pending.js";
import type { TrialState } from "../model/state.js";
import { replay } from "../engine/replay.js";
import type { PendingPatient } from "./pending.js";

/** The escalation cohort in progress: its dose (0-based), its known outcomes, its pending patients. */
export interface CohortInProgress {
  readonly dose: number;
  readonly known: number;
  readonly dlts: number;
  readonly pending: number;
}

/** Split the cohort in progress off the observed cohorts (see the module comment). */
export function cohortInProgress(
  design: Design,
  cohorts: readonly Cohort[],
  pending: readonly PendingPatient[],
): { cohorts: Cohort[]; cohort: CohortInProgress } {
  const dose = pending[0].dose;
  const others = [...new Set(pending.map((p) => p.dose + 1))];
  if (others.length > 1)
    throw new UsageError(
      `--pending: patients pending at doses ${others.join(" and ")}, but ${design.type} waits for every window, so one escalation cohort is in progress (backfilled patients go in --backfill-pending)`,
    );
  const last = cohorts[cohorts.length - 1];
  if (last !== undefined && last.dose === dose && last.size + pending.length <= design.maxCohortSize)
    return { cohorts: cohorts.slice(0, -1), cohort: { dose, known: last.size, dlts: last.dlts, pending: pending.length } };
  return { cohorts: [...cohorts], cohort: { dose, known: 0, dlts: 0, pending: pending.length } };
}

/** Parse `--responses "1,2"`: 1-based doses where a response has been seen. */
export function parseResponses(text: string, numDoses: number): number[] {
  const out: number[] = [];
  for (const part of text.split(/[\s,]+/).filter((p) => p.length > 0)) {
    if (!/^\d+$/.test(part) || Number(part) < 1 || Number(part) > numDoses)
      throw new UsageError(`--responses: "${part}" is not a dose 1..${numDoses} (list the doses where a response has been seen, e.g. "1,2")`);
    out.push(Number(part) - 1);
  }
  return out;
}

/** The backfilled patients of a live trial. */
export interface LiveBackfill {
  readonly completed: readonly Cohort[];
  readonly pending: readonly PendingPatient[];
  readonly responses: readonly number[];
}

/** The replayed state with the backfilled patients' data (completed ones in n/y, every one enrolled). */
export function withBackfill(design: Design, s: TrialState, bf: LiveBackfill, cohort: { dose: number; done: number; dlts: number }): BackfillTrialState {
  const t = new BackfillTrialState(design.numDoses, design.memSlots);
  t.reset(s.current);
  t.copyFrom(s);
  const b = t.backfill;
  for (const c of bf.completed) {
    b.n[c.dose] += c.size;
    b.y[c.dose] += c.dlts;
    b.enrolled[c.dose] += c.size;
  }
  for (const p of bf.pending) b.enrolled[p.dose]++;
  for (const d of bf.responses) b.responded[d] = 1;
  b.cohortDose = cohort.dose;
  b.cohortDone = cohort.done;
  b.cohortDlts = cohort.dlts;
  return t;
}

/** What the design will do once the cohort in progress completes, for each number of DLTs among its pending patients. */
export function ifCompleted(
  design: Design,
  before: readonly Cohort[],
  c: CohortInProgress,
  bf: LiveBackfill | null,
): { dlts: number; decision: Decision; state: TrialState }[] {
  const out: { dlts: number; decision: Decision; state: TrialState }[] = [];
  for (let k = 0; k <= c.pending; k++) {
    const r = replay(design, [...before, { dose: c.dose, size: c.known + c.pending, dlts: c.dlts + k }]);
    const s = bf ? withBackfill(design, r.state, bf, { dose: r.state.current, done: 0, dlts: 0 }) : r.state;
    out.push({ dlts: k, decision: design.decide(s), state: s });
  }
  return out;
}

/** The dose of the next escalation cohort a decision starts (for the backfill rule), or -1. */
export function nextCohortDose(dec: Decision): number {
  return dec.action === Action.Treat && !dec.expansion ? dec.dose : -1;
}

/** The backfill answer for a state: the dose (0-based, or -1) and the open rule dose by dose. */
export function backfillAnswer(design: Design, s: BackfillTrialState): { dose: number; why: string[] } {
  const dose = design.backfillDose!(s);
  return { dose, why: design.explainBackfill?.(s) ?? [] };
}

/** One line per outcome of the pending patients. */
export function describeIfCompleted(rows: readonly { dlts: number; decision: Decision }[], pending: number): string[] {
  return rows.map((r) => `  with ${r.dlts} DLT${r.dlts === 1 ? "" : "s"} among the ${pending} pending: ${describeDecision(r.decision)}`);
}
