/**
 * The extended view of the trial state that time-to-event designs read (ARCHITECTURE: "a
 * design that reads pending patients sees them through an extended view of the state; every
 * other design never notices time").
 *
 * In it, `n[d]` counts every patient assigned to dose d, pending ones included, and `y[d]` the
 * DLTs observed so far. `pending` adds, per dose, the patients whose outcome is not yet known
 * (inside the DLT window without a DLT) and their standardized total follow-up time
 * STFT = Σ t_i / τ (Yuan, Lin, Li, Nie & Warren 2018, Clin Cancer Res 24:4921-4930). A state
 * without `pending` (every untimed engine, the default conduct rule) has no pending patients.
 *
 * A design declares that it decides with pending patients by `Design.decidesWithPending`; the
 * timed engine then asks it at each arrival (and, while accrual is held, after each event that
 * changes the data), and a `SUSPEND` answer holds accrual.
 */
import { stop, type Decision } from "./decision.js";
import { TrialState, type ReadonlyInts, type TrialView } from "./state.js";

/** Read-only view of a float array. */
export interface ReadonlyFloats {
  readonly [index: number]: number;
  readonly length: number;
}

/** Per-dose pending patients (escalation phase). */
export interface PendingView {
  /** Patients counted in n[d] whose DLT outcome is not yet known. */
  readonly count: ReadonlyInts;
  /** Standardized total follow-up time of those patients: Σ (follow-up days / window days), each < 1. */
  readonly stft: ReadonlyFloats;
  /** The smallest standardized follow-up among them (1 when none is pending). */
  readonly minFollowUp: ReadonlyFloats;
  /**
   * The same pending patients one by one (TITE-CRM weighs each): the first `patients` entries
   * of `patientDose` (0-based) and `patientFollowUp` (follow-up / window, < 1).
   */
  readonly patients: number;
  readonly patientDose: ReadonlyInts;
  readonly patientFollowUp: ReadonlyFloats;
  /**
   * The observed DLTs' times from the start of follow-up, standardized by the window, when
   * known (the first `dltTimes` entries of `dltTime`; TITE-CRM's adaptive weights). `next`
   * does not know them and leaves `dltTimes` at 0.
   */
  readonly dltTimes: number;
  readonly dltTime: ReadonlyFloats;
}

/** A trial view that may carry pending patients. */
export interface PendingTrialView extends TrialView {
  readonly pending?: PendingView;
}

/**
 * "Hold accrual": the answer of a design that cannot decide with the patients still pending.
 * Only the timed engine (in pending mode) ever receives it; it is compared by identity. Were it
 * to reach another engine, it reads as a stop at the safety cap.
 */
export const SUSPEND: Decision = Object.freeze({ ...stop("cap") });

/** True when `d` is the suspend answer. */
export function isSuspend(d: Decision): boolean {
  return d === SUSPEND;
}

/** A mutable trial state with a pending part, owned by the timed engine (and `next`). */
export class PendingTrialState extends TrialState implements PendingTrialView {
  readonly pending: {
    count: Int32Array;
    stft: Float64Array;
    minFollowUp: Float64Array;
    patients: number;
    patientDose: Int32Array;
    patientFollowUp: Float64Array;
    dltTimes: number;
    dltTime: Float64Array;
  };

  constructor(numDoses: number, memSlots: number) {
    super(numDoses, memSlots);
    this.pending = {
      count: new Int32Array(numDoses),
      stft: new Float64Array(numDoses),
      minFollowUp: new Float64Array(numDoses).fill(1),
      patients: 0,
      patientDose: new Int32Array(16),
      patientFollowUp: new Float64Array(16),
      dltTimes: 0,
      dltTime: new Float64Array(16),
    };
  }

  /** No patient pending. */
  clearPending(): void {
    const p = this.pending;
    for (let d = 0; d < this.numDoses; d++) {
      p.count[d] = 0;
      p.stft[d] = 0;
      p.minFollowUp[d] = 1;
    }
    p.patients = 0;
    p.dltTimes = 0;
  }

  /** Add a pending patient at `dose` followed for the share `followUp` (0 <= followUp < 1) of the window. */
  addPending(dose: number, followUp: number): void {
    const p = this.pending;
    p.count[dose]++;
    p.stft[dose] += followUp;
    if (followUp < p.minFollowUp[dose]) p.minFollowUp[dose] = followUp;
    if (p.patients === p.patientDose.length) {
      p.patientDose = grownInts(p.patientDose);
      p.patientFollowUp = grownFloats(p.patientFollowUp);
    }
    p.patientDose[p.patients] = dose;
    p.patientFollowUp[p.patients++] = followUp;
  }

  /** Record an observed DLT's time from the start of follow-up, standardized by the window. */
  addDltTime(time: number): void {
    const p = this.pending;
    if (p.dltTimes === p.dltTime.length) p.dltTime = grownFloats(p.dltTime);
    p.dltTime[p.dltTimes++] = time;
  }

  override reset(startDose: number): void {
    super.reset(startDose);
    this.clearPending();
  }
}

function grownInts(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

function grownFloats(a: Float64Array): Float64Array {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

/** The pending part of a view, or null when it has none or nobody is pending at `dose`. */
export function pendingAt(s: PendingTrialView, dose: number): PendingView | null {
  const p = s.pending;
  return p !== undefined && p.count[dose] > 0 ? p : null;
}

/**
 * What a backfilling design sees of the patients treated outside the escalation cohorts (the
 * BF-BOIN modifier, src/designs/modifiers/backfill.ts; only the timed engine fills it). The
 * escalation data stay in the state's `n`/`y`; backfilled patients are counted here, per dose:
 */
export interface BackfillView {
  /** Backfilled patients enrolled (pending ones included). */
  readonly enrolled: ReadonlyInts;
  /** Backfilled patients whose DLT window has closed (or who had a DLT). */
  readonly n: ReadonlyInts;
  /** DLTs among those. */
  readonly y: ReadonlyInts;
  /** 1 when a response is known at the dose (any patient treated there), else 0. */
  readonly responded: ReadonlyInts;
  /** The dose of the escalation cohort in progress (the state's `current` is the last completed cohort's). */
  readonly cohortDose: number;
  /** Patients of the escalation cohort in progress whose outcome is known, and their DLTs. */
  readonly cohortDone: number;
  readonly cohortDlts: number;
}

/** A trial view that may carry backfilled patients. */
export interface BackfillTrialView extends TrialView {
  readonly backfill?: BackfillView;
}

/** A mutable trial state with a backfill part, owned by the timed engine. */
export class BackfillTrialState extends TrialState implements BackfillTrialView {
  readonly backfill: {
    enrolled: Int32Array;
    n: Int32Array;
    y: Int32Array;
    responded: Int32Array;
    cohortDose: number;
    cohortDone: number;
    cohortDlts: number;
  };

  constructor(numDoses: number, memSlots: number) {
    super(numDoses, memSlots);
    this.backfill = {
      enrolled: new Int32Array(numDoses),
      n: new Int32Array(numDoses),
      y: new Int32Array(numDoses),
      responded: new Int32Array(numDoses),
      cohortDose: 0,
      cohortDone: 0,
      cohortDlts: 0,
    };
  }

  override reset(startDose: number): void {
    super.reset(startDose);
    const b = this.backfill;
    for (let d = 0; d < this.numDoses; d++) b.enrolled[d] = b.n[d] = b.y[d] = b.responded[d] = 0;
    b.cohortDose = startDose;
    b.cohortDone = 0;
    b.cohortDlts = 0;
  }

  /** A new state equal to this one, backfill part included. */
  override clone(): BackfillTrialState {
    const t = new BackfillTrialState(this.numDoses, this.mem.length);
    t.copyFrom(this);
    const a = this.backfill;
    const b = t.backfill;
    b.enrolled.set(a.enrolled);
    b.n.set(a.n);
    b.y.set(a.y);
    b.responded.set(a.responded);
    b.cohortDose = a.cohortDose;
    b.cohortDone = a.cohortDone;
    b.cohortDlts = a.cohortDlts;
    return t;
  }
}
