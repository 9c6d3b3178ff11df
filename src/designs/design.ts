/**
 * The one interface every dose-escalation design implements, and the two helpers that
 * compose them: `wrap` (a modifier overrides one or two methods and forwards the rest) and
 * `pipe` (apply modifiers in order; the later modifier wraps the earlier and has the final say).
 */
import type { Decision } from "../model/decision.js";
import type { TrialView } from "../model/state.js";
import type { DecisionTable } from "./decision-table.js";
import type { PendingDecisionTable } from "./pending-table.js";
import type { Association } from "../model/joint.js";

/** The world of one truth curve as the scenario gives it: what a final-state hook may read. */
export interface CurveWorld {
  readonly truth: readonly number[];
  /** True response probability per dose, when the curve gives one. */
  readonly response?: readonly number[];
  /** DLT-response association in the same patient (independent when absent). */
  readonly association?: Association;
}

/**
 * A phase whose outcome follows from a trial's final state by computation instead of by more
 * random draws (an efficacy expansion after escalation, src/designs/modifiers/efficacy-expansion.ts).
 * Per trial it gives `names.length` values, each the conditional expectation of a per-trial
 * quantity given the final state and the curve (P(dose 2 recommended | final state), the expected
 * expansion responders...). The engines add them, weighted by each final state's probability
 * (exact) or count (Monte Carlo: a Rao-Blackwellised estimator, with no extra draw, so results
 * stay identical for any split over workers), into the accumulator's final-state region
 * (src/engine/accumulator.ts). The engines never know what the values mean.
 */
export interface FinalStateOc {
  /** Who computes it, for messages ("efficacy-expansion"). */
  readonly label: string;
  /** The key of the per-curve result block the values become (e.g. "efficacy"). */
  readonly key: string;
  /** The values' names, in accumulator order. */
  readonly names: readonly string[];
  /** Per value, an upper bound on its absolute value (Monte Carlo sums it on an exact binary grid). */
  readonly bounds: readonly number[];
  /**
   * The evaluator for one curve: writes the values for the final state `state` into `out` (from 0).
   * @throws Error whose message says what the curve lacks (the caller names the file and curve).
   */
  forCurve(world: CurveWorld): (state: TrialView, out: Float64Array) => void;
  /** The result block from the values' means and standard errors (zeros when exact). */
  summarize(world: CurveWorld, mean: Float64Array, se: Float64Array, monteCarlo: boolean, trials: number): Record<string, unknown>;
  /**
   * Optional: per-trial statistics `compare` pairs between designs (src/engine/coupled.ts) when
   * every compared design's phase has them under the same names: per curve, a function writing
   * them into `out` from `at`, from the phase's values of one trial.
   */
  readonly paired?: { readonly names: readonly string[]; forCurve(world: CurveWorld): (values: Float64Array, out: Float64Array, at: number) => void };
  /**
   * Optional: the same phase patient by patient, for the calendar-time engine (src/engine/timed.ts):
   * per curve, a {@link TimedArms} that the engine feeds with each expansion patient's outcomes as
   * they become known. `pauseForLooks`: accrual to an arm stops while a look it needs is pending
   * (conduct.interimAccrual "pause"), else only the toxicity cohorts wait for their window.
   * @throws Error whose message says what the curve lacks (the caller names the file and curve).
   */
  timed?(world: CurveWorld, pauseForLooks: boolean): TimedArms;
}

/**
 * The arms of a final-state phase run in calendar time (FinalStateOc.timed): the engine owns the
 * clock, the patients and their draws; the arms own the monitoring rules, the final rule and the
 * per-trial values. Patients are reported arm by arm in the order they were infused (the engine
 * waits for an earlier patient's outcome before it reports a later one), evaluable patients only.
 */
export interface TimedArms {
  /**
   * Start after the escalation's final state: returns the number of arms (0: no phase).
   * `u` draws what the phase needs beyond the escalation's data (the escalation patients'
   * responses at the expanded doses, given their DLTs). `extra` (optional): patients per dose
   * outside the state's escalation counts whose data join them for the phase (a backfilling
   * design's backfilled patients whose window has closed), n patients and y DLTs per dose.
   */
  begin(state: TrialView, u: { next(): number }, extra?: { readonly n: ArrayLike<number>; readonly y: ArrayLike<number> }): number;
  /** The 0-based dose of arm `a`. */
  dose(a: number): number;
  /**
   * The arm the next enrolled patient joins, given the patients each arm has now (`active`:
   * enrolled and not lost to a manufacturing failure or drop-out), or -1 when no arm takes
   * patients now (full, stopped, or waiting for a look). `u` breaks allocation ties at random;
   * without it (a check that enrols nobody) ties go to arm 0 and nothing is drawn.
   */
  assign(active: Int32Array, u?: { next(): number }): number;
  /** The next patient of arm `a` (infusion order) has completed the DLT window (or had a DLT). */
  dlt(a: number, dlt: boolean): void;
  /** The next patient of arm `a` (infusion order) has had the response assessment. */
  assessed(a: number, dlt: boolean, response: boolean): void;
  /** True when arm `a`'s outcome for the final rule is known (stopped, or every look and the data the final rule reads are in). */
  settled(a: number): boolean;
  /** Write this trial's values (FinalStateOc.names order) into `out`, once every arm is settled (or there are none). */
  write(state: TrialView, out: Float64Array): void;
}

/** A configured design, ready to decide. Designs are immutable and shared between trials. */
export interface Design {
  /** The design type, with its modifiers: e.g. "a-plus-b+smc-review+expansion". */
  readonly type: string;
  readonly numDoses: number;
  /** 0-based start dose. */
  readonly startDose: number;
  /** Integer memory slots the design and its modifiers use (TrialView.mem). */
  readonly memSlots: number;
  /** The largest cohort the design ever treats (sizes the binomial tables). */
  readonly maxCohortSize: number;
  /** An upper bound on the patients in one trial (Infinity when the design has none). */
  readonly maxPatients: number;
  /** An upper bound on the expansion-phase patients in one trial (0 when there is no expansion). */
  readonly maxExpansionPatients: number;
  /**
   * True for pseudo-designs that observe every patient at every dose (the optimal benchmark):
   * allocation statistics such as patients above the true MTD do not apply to them.
   */
  readonly completeInformation?: boolean;
  /** Names of extra per-trial metrics this design reports (see `measure`). */
  readonly metrics: readonly string[];
  /** Given the state, what happens next. Must not mutate the state; must depend on it alone. */
  decide(state: TrialView): Decision;
  /** At the end of the trial, the 0-based selected dose, or -1 for "no dose". */
  selectMtd(state: TrialView): number;
  /** Write this trial's extra metrics (one per `metrics` name) into `out` from `offset`. */
  measure(state: TrialView, out: Float64Array, offset: number): void;
  /** The resolved parameters, for reports. */
  describe(): Record<string, unknown>;
  /** Optional: the escalation-boundary explanation of a decision, for `doseladder next`. */
  explain?(state: TrialView): string;
  /**
   * Optional: the protocol decision table (escalate / de-escalate / eliminate DLT counts per
   * number of patients at the current dose) for n up to `maxN` (default: the design's own
   * maximum), for designs that can be written as one. `doseladder table` prints it.
   */
  decisionTable?(maxN?: number): DecisionTable;
  /**
   * Optional: true for time-to-event designs, which decide with patients still pending. They
   * read the pending part of the state (src/model/pending.ts) and may answer SUSPEND; the timed
   * engine then asks them at each arrival instead of waiting for every window to close. Every
   * other design leaves this unset and never notices time.
   */
  readonly decidesWithPending?: boolean;
  /**
   * Optional: a table of scores by (patients, DLTs, responses) at a dose that the design decides
   * by (BOIN12's rank-based desirability scores, its paper's Table 3), for `doseladder table`;
   * n runs over the multiples of the cohort size up to `maxN`.
   * @throws Error whose message says why the design's parameters have no such table.
   */
  scoreTable?(maxN?: number): ScoreTable;
  /** Optional: the decision table with pending patients (TITE designs), for `doseladder table`. */
  pendingTable?(maxN?: number): PendingDecisionTable;
  /**
   * Optional: backfilling (src/designs/modifiers/backfill.ts). While the escalation cohort is
   * pending, the timed engine asks where an arriving patient goes: a 0-based dose below the
   * current one, or -1 (turned away). The state then carries a `backfill` part
   * (BackfillTrialView, src/model/pending.ts). Untimed engines never call it.
   */
  backfillDose?(state: TrialView): number;
  /** Optional (backfilling designs): the open rule dose by dose, one line each, for `doseladder next`. */
  explainBackfill?(state: TrialView): string[];
  /** Optional (backfilling designs): with a waiting list, arriving patients join it instead of being backfilled while fewer than this many wait. */
  readonly backfillReserve?: number;
  /** Optional: the design's backfill rule reads responses (the timed engine simulates them when the curve gives a response rate). */
  readonly needsResponse?: boolean;
  /** Optional: a phase computed from the final state (see {@link FinalStateOc}); the timed engine runs it patient by patient (FinalStateOc.timed). */
  readonly finalStateOc?: FinalStateOc;
  /**
   * Optional: the design decides on joint outcomes (DLT and response) of its escalation
   * patients (BOIN12). The untimed engines then draw each escalation patient's response given
   * the patient's DLT, under the curve's response rates and association (src/model/joint.ts),
   * and add, per dose d, the responses to mem[slot + d] and, when `both`, the patients with a
   * DLT and a response to mem[slot + numDoses + d]. Every curve must give response rates. The
   * timed engine does not draw them (a timed run of such a design is refused).
   */
  readonly jointOutcomes?: JointOutcomes;
}

/** Scores by (n, DLTs, responses) at a dose (see Design.scoreTable). */
export interface ScoreTable {
  readonly type: string;
  /** What a score is, one line. */
  readonly title: string;
  /** How to read the table, one line. */
  readonly note: string;
  readonly sampleSizes: readonly number[];
  /** Per cell: the score (null: the dose is not admissible, "E"), and the probability it ranks. */
  readonly cells: readonly { readonly n: number; readonly dlts: number; readonly responses: number; readonly score: number | null; readonly probability: number }[];
}

/** Where the engines count a joint-outcome design's responses (see Design.jointOutcomes). */
export interface JointOutcomes {
  /** The first of the design's memory slots holding responses per dose. */
  readonly slot: number;
  /** Also count the patients with both a DLT and a response, from slot + numDoses. */
  readonly both: boolean;
}

/** A modifier: takes a design, returns a design. */
export type Modifier = (inner: Design) => Design;

/** Parts of a design a modifier may override. */
export interface Overrides {
  type?: string;
  memSlots?: number;
  maxCohortSize?: number;
  maxPatients?: number;
  maxExpansionPatients?: number;
  metrics?: readonly string[];
  decide?(state: TrialView): Decision;
  selectMtd?(state: TrialView): number;
  measure?(state: TrialView, out: Float64Array, offset: number): void;
  describe?(): Record<string, unknown>;
  explain?(state: TrialView): string;
  decisionTable?(maxN?: number): DecisionTable;
  finalStateOc?: FinalStateOc;
}

/**
 * A design that behaves like `inner` except where `over` says otherwise.
 * A modifier's own memory slots start at `inner.memSlots`; it passes the new total in `memSlots`.
 */
export function wrap(inner: Design, over: Overrides): Design {
  const metrics = over.metrics ?? inner.metrics;
  return {
    type: over.type ?? inner.type,
    numDoses: inner.numDoses,
    startDose: inner.startDose,
    memSlots: over.memSlots ?? inner.memSlots,
    maxCohortSize: over.maxCohortSize ?? inner.maxCohortSize,
    maxPatients: over.maxPatients ?? inner.maxPatients,
    maxExpansionPatients: over.maxExpansionPatients ?? inner.maxExpansionPatients,
    completeInformation: inner.completeInformation,
    metrics,
    decide: over.decide ?? ((s) => inner.decide(s)),
    selectMtd: over.selectMtd ?? ((s) => inner.selectMtd(s)),
    measure: over.measure ?? ((s, out, offset) => inner.measure(s, out, offset)),
    describe: over.describe ?? (() => inner.describe()),
    explain: over.explain ?? (inner.explain ? (s) => inner.explain!(s) : undefined),
    decisionTable: over.decisionTable ?? (inner.decisionTable ? (m) => inner.decisionTable!(m) : undefined),
    ...(inner.decidesWithPending ? { decidesWithPending: true } : {}),
    ...(inner.pendingTable ? { pendingTable: (m?: number) => inner.pendingTable!(m) } : {}),
    ...(inner.scoreTable ? { scoreTable: (m?: number) => inner.scoreTable!(m) } : {}),
    ...(inner.backfillDose ? { backfillDose: (s: TrialView) => inner.backfillDose!(s) } : {}),
    ...(inner.explainBackfill ? { explainBackfill: (s: TrialView) => inner.explainBackfill!(s) } : {}),
    ...(inner.needsResponse ? { needsResponse: true } : {}),
    ...(inner.backfillReserve ? { backfillReserve: inner.backfillReserve } : {}),
    ...(over.finalStateOc || inner.finalStateOc ? { finalStateOc: over.finalStateOc ?? inner.finalStateOc } : {}),
    ...(inner.jointOutcomes ? { jointOutcomes: inner.jointOutcomes } : {}),
  };
}

/**
 * Apply modifiers in order: `pipe(d, a, b)` is `b(a(d))`, so `b` has the final say.
 */
export function pipe(design: Design, ...modifiers: Modifier[]): Design {
  return modifiers.reduce((d, m) => m(d), design);
}

/** A measure function that writes nothing (designs with no extra metrics). */
export function measureNothing(): void {}
