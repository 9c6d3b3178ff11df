/**
 * `doseladder next --pending`: patients of a live trial still inside their DLT window, given as
 * dose:days-followed pairs (days since the first infusion) ("2:14,2:20": two patients at dose 2 followed for 14 and 20 days,
 * no DLT so far). They join the replayed state as treated without a DLT, and form the pending
 * part a time-to-event design reads (src/model/pending.ts); the current dose becomes the dose of
 * the last pending patient listed.
 */
import { UsageError } from "../config/messages.js";
import type { ConductConfig } from "../config/timing.js";
import { describeDecision, type Decision } from "../model/decision.js";
import { isSuspend, PendingTrialState } from "../model/pending.js";
import type { TrialState } from "../model/state.js";
import { decisionJson } from "../engine/paths.js";

/** Days from the first infusion to the end of the DLT window (the timed engine's standardizing span). */
export function followUpSpan(conduct: ConductConfig | undefined): number {
  if (!conduct) return 28;
  const last = conduct.infusionDays[conduct.infusionDays.length - 1];
  return conduct.windowDays + (conduct.windowFrom === "last" ? last : 0);
}

/** One pending patient: 0-based dose and days of follow-up so far. */
export interface PendingPatient {
  readonly dose: number;
  readonly days: number;
}

/** Parse `--pending "2:14,2:20"` (1-based doses, follow-up days >= 0 and below the window). */
export function parsePendingFlag(text: string, numDoses: number, windowDays: number, flag = "--pending"): PendingPatient[] {
  const out: PendingPatient[] = [];
  const parts = text.split(/[\s,]+/).filter((p) => p.length > 0);
  for (const part of parts) {
    const m = /^(\d+):(\d+(?:\.\d+)?)$/.exec(part);
    if (!m) throw new UsageError(`${flag}: "${part}" is not dose:days (e.g. "2:14,2:20")`);
    const dose = Number(m[1]);
    const days = Number(m[2]);
    if (dose < 1 || dose > numDoses) throw new UsageError(`${flag}: dose ${dose} in "${part}" is not one of 1..${numDoses}`);
    if (!(days < windowDays)) throw new UsageError(`${flag}: ${days} days in "${part}" is not inside the ${windowDays}-day DLT window (a patient followed for the whole window has completed: list them in --outcomes)`);
    out.push({ dose: dose - 1, days });
  }
  return out;
}

/** The replayed state with the pending patients added (treated, no DLT yet, pending). */
export function withPending(s: TrialState, pending: readonly PendingPatient[], windowDays: number): PendingTrialState {
  const p = new PendingTrialState(s.numDoses, s.mem.length);
  p.reset(s.current);
  p.copyFrom(s);
  for (const x of pending) {
    p.n[x.dose]++;
    p.escalationN++;
    p.addPending(x.dose, x.days / windowDays);
  }
  if (pending.length > 0) p.current = pending[pending.length - 1].dose;
  return p;
}

/** A decision in words, with suspension. */
export function describeNext(d: Decision): string {
  return isSuspend(d) ? "suspend accrual until more pending patients complete their window" : describeDecision(d);
}

/** A decision as JSON, with suspension. */
export function nextDecisionJson(d: Decision): Record<string, unknown> {
  return isSuspend(d) ? { action: "suspend", reason: "pending", text: describeNext(d) } : { ...decisionJson(d), text: describeDecision(d) };
}
