/**
 * The calendar-time (discrete-event) engine. One clock, one priority queue of events (arrival,
 * manufacturing done, dosing gate, patient done: DLT, window end or drop-out, review end) over
 * typed arrays, patients as rows of reused typed arrays. The design is asked what to do only at
 * decision times, through the same Design interface as the untimed engines; the conduct rules
 * (wait for the window, sentinel gaps, staggered dosing, SMC pauses, waiting list, early
 * decisions) are this layer between the events and the design, so designs never notice time.
 *
 * Randomness: trials run in blocks of BLOCK_SIZE, block b of a run seeded S drawing from the
 * stream streamFor(S, b) (read through AleaBuffer), so results are the same for any split of
 * the blocks over workers or shards. Each trial takes nine uniforms from its block's stream to
 * seed three small generators of its own (arrivals, patients, chance nodes): patient j of a
 * trial then gets the same draws whatever the window, sentinel or recruitment (common random
 * numbers), and every patient draws its DLT as the untimed engine's semantics say, a Bernoulli
 * with the true rate at its dose. With the default conduct (decide when every patient of the
 * cohort has completed the window) the sequence of decisions is therefore distributed exactly as
 * in the untimed design.
 *
 * Nothing is allocated per trial: every array is sized once and grown (rarely) on demand.
 */
import { INDEPENDENT, responseGivenDlt, type Association } from "../model/joint.js";
import { Action, REASONS, type Decision } from "../model/decision.js";
import { TrialState } from "../model/state.js";
import { BackfillTrialState, PendingTrialState, SUSPEND } from "../model/pending.js";
import type { Design } from "../designs/design.js";
import { ConfigError, UsageError } from "../config/messages.js";
import { DAYS_PER_MONTH, defaultConduct, defaultTiming, type ConductConfig, type TimingConfig } from "../config/timing.js";
import { AleaBuffer } from "../random/stream.js";
import { addFinal, addTrial, finalGrid, mergeInto, type Layout } from "./accumulator.js";
import { BLOCK_SIZE, blockCount, blockTrials, DEFAULT_MAX_COHORTS, layoutFor } from "./monte-carlo.js";
import { settleDecision } from "./settle.js";
import { Arrivals, DltTimes, Manufacturing, SubStream } from "./timed-random.js";

/**
 * The duration histograms are fixed (so accumulators merge by addition, identical for any split
 * over workers or shards) and cover what trials take: DURATION_FINE_BINS bins of
 * DURATION_BIN_DAYS days over [0, DURATION_FINE_DAYS) (11.3 years), then DURATION_COARSE_BINS bins
 * of DURATION_COARSE_BIN_DAYS days up to DURATION_MAX_DAYS (67.4 years), then one bin for anything
 * longer. Both widths divide 30 and both edges are multiples of 30, so the 30-day distribution
 * of the summary groups whole bins.
 */
export const DURATION_BIN_DAYS = 2;
/** Fine bins of each duration histogram: [0, DURATION_FINE_DAYS) days. */
export const DURATION_FINE_BINS = 2055;
/** End of the fine bins in days (137 thirty-day bins). */
export const DURATION_FINE_DAYS = DURATION_FINE_BINS * DURATION_BIN_DAYS;
/** Width in days of a coarse bin (durations from DURATION_FINE_DAYS). */
export const DURATION_COARSE_BIN_DAYS = 10;
/** Coarse bins of each duration histogram: [DURATION_FINE_DAYS, DURATION_MAX_DAYS) days. */
export const DURATION_COARSE_BINS = 2049;
/** Durations from this many days on land in the histogram's last bin (its quantiles then read this lower bound). */
export const DURATION_MAX_DAYS = DURATION_FINE_DAYS + DURATION_COARSE_BINS * DURATION_COARSE_BIN_DAYS;
/** Bins of each duration histogram: fine, coarse, and the last one (from DURATION_MAX_DAYS on). */
export const DURATION_HIST_BINS = DURATION_FINE_BINS + DURATION_COARSE_BINS + 1;

/** The histogram bin of a duration of `days` (negative: bin 0). */
export function durationBin(days: number): number {
  if (days < DURATION_FINE_DAYS) return days > 0 ? Math.floor(days / DURATION_BIN_DAYS) : 0;
  if (days >= DURATION_MAX_DAYS) return DURATION_HIST_BINS - 1;
  return DURATION_FINE_BINS + Math.floor((days - DURATION_FINE_DAYS) / DURATION_COARSE_BIN_DAYS);
}

/** First day of histogram bin `b`. */
export function durationBinStart(b: number): number {
  return b < DURATION_FINE_BINS ? b * DURATION_BIN_DAYS : DURATION_FINE_DAYS + (b - DURATION_FINE_BINS) * DURATION_COARSE_BIN_DAYS;
}

/** Width in days of histogram bin `b` (0 for the last, open-ended bin). */
export function durationBinWidth(b: number): number {
  return b < DURATION_FINE_BINS ? DURATION_BIN_DAYS : b < DURATION_HIST_BINS - 1 ? DURATION_COARSE_BIN_DAYS : 0;
}
/** Durations and day counts are rounded to 1/QUANT day before they are summed, so sums are exact binary fractions and merge in any order. */
const QUANT = 16;

/** Per-trial timing quantities, each accumulated as (sum, sum of squares). */
export const TIMING_SCALARS = [
  "total",
  "escalation",
  "expansion",
  "mtdDecision",
  "screened",
  "screenFailures",
  "turnedAway",
  "waited",
  "waitDays",
  "manufacturingFailures",
  "nonEvaluable",
  "pausedDays",
  // backfilling designs (Design.backfillDose): backfilled patients treated (evaluable), their
  // DLTs, those still in their window at the final decision (outside its data), and a count of
  // the trials that could backfill (0 for every other design: the summary then has no backfill part)
  "backfilled",
  "backfillDlts",
  "backfillPendingAtEnd",
  "backfillTrials",
] as const;
export type TimingScalar = (typeof TIMING_SCALARS)[number];

/** The durations that have a histogram. */
export const DURATION_HISTS = ["total", "escalation", "expansion", "mtdDecision"] as const;
export type DurationKind = (typeof DURATION_HISTS)[number];

/** Where the timing statistics live: after the untimed layout, in the same array. */
export interface TimedLayout {
  readonly base: Layout;
  /**
   * Designs with a final-state phase (an efficacy expansion, base.numFinal > 0): index of
   * (sum, sum of squares) of the days to the recommended dose, then its histogram
   * (DURATION_HIST_BINS bins); -1 for every other design.
   */
  readonly decision: number;
  /** Index of (sum, sum of squares) of each of TIMING_SCALARS, in order. */
  readonly scalars: number;
  /** Index of the first histogram (DURATION_HISTS order, DURATION_HIST_BINS bins each). */
  readonly hist: number;
  /** Index of the backfilled patients per dose (numDoses sums), then their DLTs per dose (numDoses sums). */
  readonly backfill: number;
  readonly length: number;
}

/** The timed layout on top of an untimed one. */
export function timedLayout(base: Layout): TimedLayout {
  const scalars = base.length;
  const hist = scalars + 2 * TIMING_SCALARS.length;
  const backfill = hist + DURATION_HISTS.length * DURATION_HIST_BINS;
  const end = backfill + 2 * base.numDoses;
  const decision = base.numFinal > 0 ? end : -1;
  return Object.freeze({ base, scalars, hist, backfill, decision, length: decision >= 0 ? end + 2 + DURATION_HIST_BINS : end });
}

/** Index of the sum of `name` (its sum of squares is the next entry). */
export function scalarIndex(T: TimedLayout, name: TimingScalar): number {
  return T.scalars + 2 * TIMING_SCALARS.indexOf(name);
}

/** Index of bin 0 of the histogram of `kind`. */
export function histIndex(T: TimedLayout, kind: DurationKind): number {
  return T.hist + DURATION_HISTS.indexOf(kind) * DURATION_HIST_BINS;
}

/** One patient of a simulated trial, for the timeline (days from the first arrival). */
export interface PatientRow {
  readonly patient: number;
  /** 0-based dose. */
  readonly dose: number;
  readonly expansion: boolean;
  readonly arrival: number;
  readonly enrolled: number;
  /** First possible infusion (manufacturing done), or null when manufacturing failed. */
  readonly ready: number | null;
  /** Infusion days (calendar), empty when never dosed. */
  readonly infusions: number[];
  /** The end of follow-up for the DLT decision: DLT, window end or drop-out; null when never dosed. */
  readonly end: number | null;
  readonly dlt: boolean;
  readonly outcome: "evaluable" | "non-evaluable" | "manufacturing failure" | "not dosed";
  readonly sentinel: boolean;
  /** Present (true) for a simulated responder (backfilling designs that read responses). */
  readonly response?: true;
  /** Present (true) for a backfilled patient. */
  readonly backfill?: boolean;
  /** Efficacy expansion: the day of the response assessment (evaluable patients). */
  readonly assessed?: number;
}

/** One simulated trial, for the report's timeline. */
export interface TrialTrace {
  readonly patients: PatientRow[];
  readonly duration: number;
  readonly mtdDecision: number;
  /** Designs with an efficacy expansion: the day the recommended dose is known, and the dose (0-based, -1: none). */
  readonly recommendedDecision?: number;
  readonly recommended?: number;
  readonly selected: number;
  readonly reason: string;
}

/** One finished trial of a timed block, as {@link TimedRunner.runBlock} shows it to its `onTrial` (valid during the call only). */
export interface TimedTrialView {
  /** The trial's final state (backfilled patients folded into the escalation counts). */
  readonly state: TrialState;
  /** 0-based selected dose, or negative for none. */
  readonly selected: number;
  /** Days from the first referral to the end of the trial, and to the MTD decision (rounded as the accumulator sums them). */
  readonly duration: number;
  readonly mtdDecision: number;
  /** Designs with an efficacy expansion: its per-trial values (the phase's write), else null. */
  readonly phaseValues: Float64Array | null;
}

/** Options of {@link timedRunner} beyond the design, the calendar and the curve. */
export interface TimedRunnerOptions {
  /**
   * Common random numbers across designs (doseladder compare): every patient draws the same
   * number of uniforms whatever happens to it (the DLT time and the response are always drawn,
   * and discarded when unused), and the efficacy expansion's draws for the escalation's
   * responders come from a fourth generator of the trial; so patient j of trial t meets the
   * same uniforms in every design run with the same seed (same referrals, same per-patient
   * uniforms for manufacturing, drop-out, DLT, DLT time and response, by patient index). Each
   * design's results stay distributed as without it (other uniforms, same law), but are not
   * byte for byte those of `run`.
   */
  readonly crn?: boolean;
}

/** A prepared timed simulation of one design under one truth curve. */
export interface TimedRunner {
  readonly layout: TimedLayout;
  /**
   * Run block `block` of a run seeded `seed` (`trials` trials), adding into `acc`
   * (layout.length long); `onTrial` (optional) sees each trial when it is done.
   */
  runBlock(seed: string, block: number, trials: number, acc: Float64Array, onTrial?: (trial: TimedTrialView) => void): void;
  /** Trial `index` of block `block` of a run seeded `seed`, patient by patient. */
  trace(seed: string, block: number, index: number): TrialTrace;
}

// event kinds (low 3 bits of an event code; the patient row is code >> 3)
// (arrivals, kind 0, are kept beside the heap: one is always pending)
const E_MADE = 1;
const E_GATE = 2;
const E_DONE = 3;
const E_REVIEW = 4;
const E_ASSESS = 5;

// patient flags
const F_DLT = 1;
const F_NE = 2;
const F_MFAIL = 4;
const F_EXP = 8;
const F_SENTINEL = 16;
const F_DOSED = 32;
// pending mode (designs that decide with pending patients): counted in the data / outcome known
const F_IN = 64;
const F_KNOWN = 128;
// backfilling: a backfilled patient / a responder
const F_BF = 256;
const F_RESP = 512;
// efficacy expansion: a patient of an arm (pCohort = -2 - arm), whose response has been assessed
const F_ARM = 1024;
const F_ASSESSED = 2048;

const CAP = REASONS.indexOf("cap");
/** A trial that handles more events than this is stuck (e.g. nobody is ever referred). */
const MAX_EVENTS = 50_000_000;

const q = (x: number): number => Math.round(x * QUANT) / QUANT;

function sameDecision(a: Decision, b: Decision): boolean {
  return (
    a === b ||
    (a.action === b.action &&
      a.dose === b.dose &&
      a.size === b.size &&
      a.expansion === b.expansion &&
      a.panel === b.panel &&
      a.eliminateFrom === b.eliminateFrom &&
      a.reason === b.reason &&
      a.writeSlot === b.writeSlot &&
      a.writeValue === b.writeValue)
  );
}

/**
 * Prepare the timed simulation of `design` under `truth`. Either block may be absent (its
 * defaults apply). Complete-information pseudo-designs have no calendar time.
 */
export function timedRunner(
  design: Design,
  timingIn: TimingConfig | undefined,
  conductIn: ConductConfig | undefined,
  truth: readonly number[],
  trueMtd: number,
  maxCohorts = DEFAULT_MAX_COHORTS,
  response?: readonly number[],
  association: Association = INDEPENDENT,
  runnerOptions: TimedRunnerOptions = {},
): TimedRunner {
  const crn = runnerOptions.crn === true;
  if (design.completeInformation) throw new UsageError(`the ${design.type} pseudo-design observes every patient at every dose and has no calendar time; remove the timing and conduct blocks`);
  const timing = timingIn ?? defaultTiming("(defaults)");
  const conduct = conductIn ?? defaultConduct("(defaults)");
  const L = layoutFor(design, maxCohorts);
  const T = timedLayout(L);
  const K = design.numDoses;
  const infusionDays = conduct.infusionDays;
  const lastInfusion = infusionDays[infusionDays.length - 1];
  const fromLast = conduct.windowFrom === "last" ? lastInfusion : 0;
  const span = conduct.windowDays + fromLast;
  const expSpan = (conduct.expansionWindowDays > 0 ? conduct.expansionWindowDays : conduct.windowDays) + fromLast;
  if (timing.dltTiming === "infusion" && timing.infusionShares.length > 0 && timing.infusionShares.length !== infusionDays.length) {
    throw new ConfigError(timing.file, "timing.infusionShares", `gives ${timing.infusionShares.length} shares but the design (${conduct.file}) has ${infusionDays.length} infusions`);
  }
  const arrivals = new Arrivals(timing);
  const manufacturing = new Manufacturing(timing);
  const dltTimes = new DltTimes(timing, truth, span, infusionDays);
  const p = Float64Array.from(truth);
  const screenFailure = timing.screenFailure;
  const mfgFailure = timing.manufacturingFailure;
  const nonEvaluable = timing.nonEvaluable;
  const hasMfgFailure = mfgFailure > 0;
  const hasNonEvaluable = nonEvaluable > 0;
  const earlyDecision = conduct.earlyDecision;
  const sentinelMode = conduct.sentinel === "cohort" ? 1 : conduct.sentinel === "dose" ? 2 : 0;
  const sentinelDays = conduct.sentinelDays;
  const minInterval = conduct.minIntervalDays;
  const reviewDays = conduct.reviewDays;
  const reviewUniform = conduct.reviewVariation === "uniform";
  const wait = conduct.whilePaused === "wait";
  const maxWait = conduct.maxWaitDays;

  // Pending mode: a time-to-event design (decidesWithPending) is asked at each arrival, with the
  // patients still pending in the state's pending part; its cohort enters the data when it is
  // assigned (n counts pending patients, y the DLTs observed so far), a SUSPEND answer holds
  // accrual until the next arrival or the next event that changes the data (a DLT, a window
  // end, a drop-out), and a stop waits for every pending patient before it is final. A
  // non-evaluable patient or a manufacturing failure leaves the data and is not replaced in
  // the cohort: the sample size counts the data, so a later cohort makes up for it (the last
  // cohort is cut to the design's maximum number of patients).
  const pendingMode = design.decidesWithPending === true;
  if (pendingMode && (conduct.reviewDays > 0 || conduct.earlyDecision)) {
    throw new UsageError(`the ${design.type} design decides with pending patients: conduct.reviewDays and conduct.earlyDecision apply only to designs that wait for the window (${conduct.file})`);
  }
  const pstate = pendingMode ? new PendingTrialState(K, design.memSlots) : null;
  // Backfilling (Design.backfillDose): while the escalation cohort is pending, an arriving
  // patient is offered to the design's backfill rule; backfilled patients are rows like any
  // other, counted in the state's backfill part when their window closes. Responses are drawn
  // (given the patient's DLT, under the curve's association) when the design's rule reads them and the curve gives response rates.
  const bfMode = typeof design.backfillDose === "function";
  if (bfMode && pendingMode) throw new UsageError(`the ${design.type} design decides with pending patients and cannot backfill`);
  if (bfMode && conduct.earlyDecision) throw new UsageError(`the ${design.type} design backfills: conduct.earlyDecision does not apply to it (${conduct.file})`);
  const bstate = bfMode ? new BackfillTrialState(K, design.memSlots) : null;
  const bf = bstate?.backfill;
  const bfReserve = design.backfillReserve ?? 0;
  const hasResp = bfMode && design.needsResponse === true && response !== undefined;
  const pResp = Float64Array.from(response ?? []);
  // P(response | DLT) and P(response | no DLT) under the curve's association (src/model/joint.ts);
  // independent: both are the response rate itself (so results for a seed are as before)
  const pRespDlt = Float64Array.from(pResp);
  const pRespNoDlt = Float64Array.from(pResp);
  if (association.model !== "independent")
    for (let d = 0; d < pResp.length; d++) {
      const g = responseGivenDlt(truth[d], pResp[d], association);
      pRespDlt[d] = g.withDlt;
      pRespNoDlt[d] = g.withoutDlt;
    }
  // An efficacy expansion (Design.finalStateOc with `timed`): when the escalation stops, its arms
  // run patient by patient (src/efficacy/expansion-timed.ts). Arm patients are rows like any
  // other (flag F_ARM, pCohort = -2 - arm), drawing their response after their DLT; their
  // outcomes reach the arms in infusion order: the DLT when the window is over, the response
  // at the assessment, respDays after the first infusion. The trial ends when every arm is
  // settled and every arm patient assessed (or lost); the escalation itself is untouched (its
  // draws, decisions, state and statistics are those of the design without the phase).
  const phase = design.finalStateOc;
  if (phase && !phase.timed) throw new UsageError(`${phase.label} has no calendar-time form; remove the timing and conduct blocks`);
  const arms = phase ? phase.timed!({ truth, ...(response ? { response } : {}), association }, conduct.interimAccrual === "pause") : null;
  // Backfilling then an efficacy expansion: backfilling ends with the escalation; the arms start
  // at its stop with the backfilled patients whose window has closed (the selection's data)
  // joining the escalation's at their dose (the phase's pooled data: DLTs, and responses drawn
  // for them as for escalation patients); those still in their window are followed up, as
  // without the phase, and every evaluable backfilled patient is counted at the end.
  const phaseValues = new Float64Array(Math.max(1, phase?.names.length ?? 0));
  const phaseGrid = phase ? finalGrid(phase.bounds) : null;
  const respDays = timing.responseMonths * DAYS_PER_MONTH;
  // A design deciding on joint outcomes (Design.jointOutcomes, BOIN12): every escalation patient
  // draws a response after the DLT (given it, under the curve's association), assessed respDays
  // after the first infusion; a cohort is decided when every patient has completed the DLT window
  // AND been assessed (the later of the two: the design waits for the responses, the published
  // BOIN12's convention of fully observed outcomes), and its responses then enter the state
  // (mem[slot + d], and the DLT-and-response patients at mem[slot + K + d] when `both`).
  const joint = design.jointOutcomes;
  if (joint) {
    if (!response || response.length !== K) throw new UsageError(`the ${design.type} design decides on responses: the curve must give a response rate per dose`);
    if (pendingMode || bfMode) throw new UsageError(`the ${design.type} design decides on responses and cannot decide with pending patients or backfill in calendar time`);
    if (conduct.earlyDecision) throw new UsageError(`the ${design.type} design decides on responses: conduct.earlyDecision does not apply to it (${conduct.file})`);
  }
  const respKnown = new Float64Array(K);
  const state = pstate ?? bstate ?? new TrialState(K, design.memSlots);
  const scratch = new TrialState(K, design.memSlots);
  const metrics = new Float64Array(Math.max(1, design.metrics.length));
  const hasMetrics = design.metrics.length > 0;
  const master = new AleaBuffer();
  const arr = new SubStream();
  const pat = new SubStream();
  const chance = new SubStream();
  // crn: the efficacy expansion's draws of the escalation's responders (else from `pat`)
  const phaseDraws = crn ? new SubStream() : pat;

  // patient rows
  let cap = 256;
  let pArrive = new Float64Array(cap);
  let pEnrol = new Float64Array(cap);
  let pReady = new Float64Array(cap);
  let pInfuse = new Float64Array(cap);
  let pEnd = new Float64Array(cap);
  let pDltAt = new Float64Array(cap);
  let pLeave = new Float64Array(cap);
  let pMade = new Float64Array(cap);
  let pDose = new Int32Array(cap);
  let pCohort = new Int32Array(cap);
  let pFlags = new Int32Array(cap);
  let ready = new Int32Array(cap);
  const grow = (): void => {
    const n = cap * 2;
    const f = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    pArrive = f(pArrive);
    pEnrol = f(pEnrol);
    pReady = f(pReady);
    pInfuse = f(pInfuse);
    pEnd = f(pEnd);
    pDltAt = f(pDltAt);
    pLeave = f(pLeave);
    pMade = f(pMade);
    pDose = i32(pDose);
    pCohort = i32(pCohort);
    pFlags = i32(pFlags);
    ready = i32(ready);
    cap = n;
  };

  // the doubles of a trial live in one typed array (closure variables holding doubles would be boxed on every write)
  const F_POP = 0;
  const F_MAXEND = 1;
  const F_ESCEND = 2;
  const F_MTD = 3;
  const F_WAITSUM = 4;
  const F_PAUSED = 5;
  const F_PSINCE = 6;
  const F_SNAPP = 7;
  const F_GATE = 8;
  const F_SENT = 9;
  const F_NEXTARR = 10;
  const F_ARRSEQ = 11;
  const F_REC = 12;
  const F = new Float64Array(13);
  // the event queue: a binary heap ordered by (time, insertion order)
  let hcap = 64;
  let hTime = new Float64Array(hcap);
  let hSeq = new Float64Array(hcap);
  let hCode = new Int32Array(hcap);
  let hn = 0;
  let seq = 0;
  const push = (t: number, code: number): void => {
    if (hn === hcap) {
      const n = hcap * 2;
      const a = new Float64Array(n);
      a.set(hTime);
      hTime = a;
      const b = new Float64Array(n);
      b.set(hSeq);
      hSeq = b;
      const c = new Int32Array(n);
      c.set(hCode);
      hCode = c;
      hcap = n;
    }
    let i = hn++;
    const s = seq++;
    while (i > 0) {
      const up = (i - 1) >> 1;
      const ut = hTime[up];
      if (ut < t || (ut === t && hSeq[up] < s)) break;
      hTime[i] = ut;
      hSeq[i] = hSeq[up];
      hCode[i] = hCode[up];
      i = up;
    }
    hTime[i] = t;
    hSeq[i] = s;
    hCode[i] = code;
  };
  /** Remove the earliest event; its time goes to F[F_POP]. */
  const pop = (): number => {
    const code = hCode[0];
    F[F_POP] = hTime[0];
    const n = --hn;
    if (n > 0) {
      const t = hTime[n];
      const s = hSeq[n];
      const c = hCode[n];
      let i = 0;
      for (;;) {
        let m = 2 * i + 1;
        if (m >= n) break;
        if (m + 1 < n && (hTime[m + 1] < hTime[m] || (hTime[m + 1] === hTime[m] && hSeq[m + 1] < hSeq[m]))) m++;
        if (t < hTime[m] || (t === hTime[m] && s < hSeq[m])) break;
        hTime[i] = hTime[m];
        hSeq[i] = hSeq[m];
        hCode[i] = hCode[m];
        i = m;
      }
      hTime[i] = t;
      hSeq[i] = s;
      hCode[i] = c;
    }
    return code;
  };

  // the waiting list: a ring of arrival days
  let qcap = 64;
  let qArr = new Float64Array(qcap);
  let qHead = 0;
  let qLen = 0;
  const qPush = (a: number): void => {
    if (qLen === qcap) {
      const b = new Float64Array(qcap * 2);
      for (let i = 0; i < qLen; i++) b[i] = qArr[(qHead + i) % qcap];
      qArr = b;
      qHead = 0;
      qcap *= 2;
    }
    qArr[(qHead + qLen++) % qcap] = a;
  };

  const lastInfAtDose = new Float64Array(K);

  // per-trial state
  let nPat = 0;
  let readyN = 0;
  let inExpansion = false;
  let ended = false;
  let stopReason = 0;
  let screened = 0;
  let screenFails = 0;
  let turned = 0;
  let waited = 0;
  let mfgFails = 0;
  let nonEval = 0;
  let snapScreened = 0;
  let snapScreenFails = 0;
  let snapTurned = 0;
  // the open cohort
  let cOpen = false;
  let cId = 0;
  let cDose = 0;
  let cSize = 0;
  let cExp = false;
  let cFirst = 0;
  let openSlots = 0;
  let cDone = 0;
  let cDlt = 0;
  let cDosed = 0;
  let cSentinel = false;
  // joint outcomes: patients of the open cohort assessed for response
  let cAssessed = 0;
  // pending mode
  let closing = false;
  let inFlight = 0;
  let firstOpen = 0;
  // the DLT times (in windows) of the escalation patients whose DLT is known, in the order they
  // became known: kept as outcomes arrive, so that a decision does not scan every patient
  // (TITE-CRM's adaptive weights sort them, so the order does not matter)
  // the efficacy expansion's arms
  let effBegun = false;
  let effOn = false;
  let nArms = 0;
  let effPending = 0;
  const armActive = new Int32Array(2);
  const armLen = new Int32Array(2);
  const armTox = new Int32Array(2);
  const armEff = new Int32Array(2);
  const armRows = [new Int32Array(64), new Int32Array(64)];
  let knownDlt = new Float64Array(16);
  let knownDlts = 0;
  const noteKnown = (i: number): void => {
    if ((pFlags[i] & (F_IN | F_KNOWN | F_DLT | F_EXP)) !== (F_IN | F_KNOWN | F_DLT)) return;
    if (knownDlts === knownDlt.length) {
      const g = new Float64Array(2 * knownDlt.length);
      g.set(knownDlt);
      knownDlt = g;
    }
    knownDlt[knownDlts++] = pDltAt[i] / span;
  };

  const closePause = (t: number): void => {
    if (F[F_PSINCE] >= 0) {
      F[F_PAUSED] += t - F[F_PSINCE];
      F[F_PSINCE] = -1;
    }
  };

  /** A new patient row at `dose` with the patient's draws; returns its index. */
  const newPatient = (t: number, a: number, dose: number, exp: boolean, extra: number): number => {
    if (nPat === cap) grow();
    const i = nPat++;
    pArrive[i] = a;
    pEnrol[i] = t;
    pDose[i] = dose;
    let flags = (exp ? F_EXP : 0) | extra;
    // the patient's draws, always in this order whatever the conduct rules (common random
    // numbers); draws a scenario cannot use (a probability of 0) are skipped
    const uMfg = hasMfgFailure ? pat.next() : 1;
    const made = manufacturing.draw(pat);
    const uNe = hasNonEvaluable ? pat.next() : 1;
    pLeave[i] = hasNonEvaluable ? pat.next() : 0;
    const uDlt = pat.next();
    // crn: the DLT time and the response are drawn for every patient (a fixed count of uniforms per patient)
    const tDlt = crn ? dltTimes.draw(pat, dose, exp ? expSpan : span) : 0;
    if (uMfg < mfgFailure) flags |= F_MFAIL;
    else if (uNe < nonEvaluable) flags |= F_NE;
    else if (uDlt < p[dose]) {
      flags |= F_DLT;
      pDltAt[i] = crn ? tDlt : dltTimes.draw(pat, dose, exp ? expSpan : span);
    }
    const drawsResponse = hasResp || joint !== undefined || (extra & F_ARM) !== 0;
    if (drawsResponse || crn) {
      const uResp = pat.next();
      if (drawsResponse && uResp < (flags & F_DLT ? pRespDlt[dose] : pRespNoDlt[dose])) flags |= F_RESP;
    }
    pFlags[i] = flags;
    pMade[i] = t + made;
    pReady[i] = -1;
    pInfuse[i] = -1;
    pEnd[i] = -1;
    return i;
  };

  /** After a patient is enrolled at t: snapshot the screening counts, then manufacture (or dose at once). */
  const started = (i: number, t: number): void => {
    snapScreened = screened;
    snapScreenFails = screenFails;
    snapTurned = turned;
    F[F_SNAPP] = F[F_PAUSED];
    if (pMade[i] > t) push(pMade[i], E_MADE | (i << 3));
    else onMade(i, t);
  };

  const enrol = (t: number, a: number): void => {
    const i = newPatient(t, a, cDose, cExp, 0);
    pCohort[i] = cId;
    let flags = pFlags[i];
    openSlots--;
    if (t > a) {
      waited++;
      F[F_WAITSUM] += t - a;
    }
    if (pendingMode) {
      flags |= F_IN;
      pFlags[i] = flags;
      inFlight++;
    } else if (openSlots === 0) F[F_PSINCE] = t;
    started(i, t);
  };

  /** Backfilling: offer the patient arriving at t to the design's backfill rule; false when turned away. */
  const tryBackfill = (t: number): boolean => {
    const b = bf!;
    for (let d = 0; d < K; d++) b.responded[d] = !hasResp || respKnown[d] <= t ? 1 : 0;
    b.cohortDose = cDose;
    b.cohortDone = cDone;
    b.cohortDlts = cDlt;
    const dose = design.backfillDose!(state);
    if (dose < 0 || dose >= cDose) return false;
    const i = newPatient(t, t, dose, false, F_BF);
    pCohort[i] = -1;
    b.enrolled[dose]++;
    started(i, t);
    return true;
  };

  /** Backfilling: a backfilled patient's outcome is known (or the patient left). */
  const onDoneBackfill = (i: number): void => {
    const flags = pFlags[i];
    const d = pDose[i];
    pFlags[i] = flags | F_KNOWN;
    if (flags & F_NE) {
      nonEval++;
      bf!.enrolled[d]--;
      return;
    }
    bf!.n[d]++;
    if (flags & F_DLT) bf!.y[d]++;
  };

  /** Take the first waiting patient at day t: their arrival day, or -1 when they waited longer than maxWait (turned away). */
  const takeWaiting = (t: number): number => {
    const a = qArr[qHead];
    qHead = (qHead + 1) % qcap;
    qLen--;
    if (t - a > maxWait) {
      turned++;
      return -1;
    }
    return a;
  };

  const fill = (t: number): void => {
    while (openSlots > 0 && qLen > 0) {
      const a = takeWaiting(t);
      if (a >= 0) enrol(t, a);
    }
  };

  const reopen = (t: number): void => {
    openSlots++;
    closePause(t);
    fill(t);
  };

  const infuse = (i: number, t: number): void => {
    const d = pDose[i];
    pInfuse[i] = t;
    lastInfAtDose[d] = t;
    let flags = pFlags[i] | F_DOSED;
    if (cSentinel && F[F_SENT] < 0) {
      F[F_SENT] = t;
      flags |= F_SENTINEL;
    }
    pFlags[i] = flags;
    if (!(flags & F_BF)) cDosed++;
    if (flags & F_RESP && !(flags & F_NE) && t + respDays < respKnown[d]) respKnown[d] = t + respDays;
    if (flags & F_ARM) {
      const arm = -2 - pCohort[i];
      if (armLen[arm] === armRows[arm].length) {
        const g = new Int32Array(2 * armLen[arm]);
        g.set(armRows[arm]);
        armRows[arm] = g;
      }
      armRows[arm][armLen[arm]++] = i;
      if (!(flags & F_NE)) push(t + respDays, E_ASSESS | (i << 3));
    } else if (joint && !(flags & F_NE) && !(flags & F_EXP)) push(t + respDays, E_ASSESS | (i << 3));
    const s = flags & F_EXP ? expSpan : span;
    const end = flags & F_NE ? t + pLeave[i] * s : flags & F_DLT ? t + pDltAt[i] : t + s;
    pEnd[i] = end;
    if (end > F[F_MAXEND]) F[F_MAXEND] = end;
    push(end, E_DONE | (i << 3));
  };

  /** Dose every ready patient the gates allow now; schedule a gate event for the next one. */
  const tryDose = (t: number): void => {
    while (readyN > 0) {
      const i = ready[0];
      const d = pDose[i];
      let gate = t;
      if (minInterval > 0 && lastInfAtDose[d] > -Infinity) gate = Math.max(gate, lastInfAtDose[d] + minInterval);
      if (cSentinel && F[F_SENT] >= 0) gate = Math.max(gate, F[F_SENT] + sentinelDays);
      if (gate > t) {
        if (F[F_GATE] < 0 || gate < F[F_GATE]) {
          F[F_GATE] = gate;
          push(gate, E_GATE);
        }
        return;
      }
      for (let k = 1; k < readyN; k++) ready[k - 1] = ready[k];
      readyN--;
      infuse(i, t);
    }
  };

  const startCohort = (dec: Decision, t: number, size = dec.size): void => {
    cOpen = true;
    cId++;
    cDose = dec.dose;
    cSize = size;
    cExp = dec.expansion;
    cFirst = nPat;
    openSlots = cSize;
    cDone = 0;
    cDlt = 0;
    cDosed = 0;
    cAssessed = 0;
    if (!pendingMode) {
      // backfilled patients waiting for a dosing gate stay in the queue
      let k = 0;
      if (bfMode) for (let j = 0; j < readyN; j++) if (pFlags[ready[j]] & F_BF) ready[k++] = ready[j];
      readyN = k;
    }
    cSentinel = !cExp && (sentinelMode === 1 || (sentinelMode === 2 && lastInfAtDose[cDose] === -Infinity));
    F[F_SENT] = -1;
    closePause(t);
    if (cSize <= 0) F[F_PSINCE] = t;
    fill(t);
  };

  /** Efficacy expansion: no arm takes patients now; the time without an open slot is counted. */
  const armPause = (t: number): void => {
    if (arms!.assign(armActive) >= 0) closePause(t);
    else if (F[F_PSINCE] < 0) F[F_PSINCE] = t;
  };

  /** Efficacy expansion: enrol the patient referred at `a` into `arm` at t. */
  const armEnrol = (t: number, a: number, arm: number): void => {
    const i = newPatient(t, a, arms!.dose(arm), true, F_ARM);
    pCohort[i] = -2 - arm;
    armActive[arm]++;
    effPending++;
    if (t > a) {
      waited++;
      F[F_WAITSUM] += t - a;
    }
    started(i, t);
  };

  /** Efficacy expansion: enrol waiting patients while an arm takes them. */
  const armFill = (t: number): void => {
    while (qLen > 0) {
      const arm = arms!.assign(armActive, chance);
      if (arm < 0) break;
      const a = takeWaiting(t);
      if (a >= 0) armEnrol(t, a, arm);
    }
    armPause(t);
  };

  /** Efficacy expansion: report arm `arm`'s outcomes now known, in infusion order. */
  const armAdvance = (arm: number): void => {
    const rows = armRows[arm];
    while (armTox[arm] < armLen[arm]) {
      const f = pFlags[rows[armTox[arm]]];
      if (!(f & F_KNOWN)) break;
      armTox[arm]++;
      if (!(f & F_NE)) arms!.dlt(arm, (f & F_DLT) !== 0);
    }
    while (armEff[arm] < armLen[arm]) {
      const f = pFlags[rows[armEff[arm]]];
      if (f & F_NE) {
        if (!(f & F_KNOWN)) break;
        armEff[arm]++;
        continue;
      }
      if (!(f & F_ASSESSED)) break;
      armEff[arm]++;
      arms!.assessed(arm, (f & F_DLT) !== 0, (f & F_RESP) !== 0);
    }
  };

  /** Efficacy expansion: note when every arm is settled (the recommended dose is known); end when nobody is left to assess. */
  const armCheck = (t: number): void => {
    if (F[F_REC] < 0) {
      let all = true;
      for (let a = 0; a < nArms; a++) if (!arms!.settled(a)) all = false;
      if (all) F[F_REC] = t;
    }
    if (F[F_REC] >= 0 && effPending === 0) {
      effOn = false;
      finish(t, stopReason);
    }
  };

  /** Efficacy expansion: an arm patient's DLT window is over (or the patient left). */
  const onDoneArm = (i: number, t: number): void => {
    const arm = -2 - pCohort[i];
    const f = pFlags[i] | F_KNOWN;
    pFlags[i] = f;
    if (f & F_NE) {
      nonEval++;
      armActive[arm]--;
      effPending--;
    }
    armAdvance(arm);
    armFill(t);
    armCheck(t);
  };

  /** Joint outcomes: an escalation patient's response is assessed; the cohort is decided once every patient is done and assessed. */
  const onAssessCohort = (i: number, t: number): void => {
    pFlags[i] |= F_ASSESSED;
    if (t > F[F_MAXEND]) F[F_MAXEND] = t;
    if (pCohort[i] !== cId || !cOpen) return;
    cAssessed++;
    if (cDone === cSize && cAssessed === cSize) commit(t, cSize, cDlt);
  };

  /** Efficacy expansion: an arm patient's response is assessed. */
  const onAssess = (i: number, t: number): void => {
    if (!(pFlags[i] & F_ARM)) return onAssessCohort(i, t);
    const arm = -2 - pCohort[i];
    pFlags[i] |= F_ASSESSED;
    effPending--;
    if (t > F[F_MAXEND]) F[F_MAXEND] = t;
    armAdvance(arm);
    armFill(t);
    armCheck(t);
  };

  /** Efficacy expansion: after the escalation's stop at t, start the arms; false when there are none (no MTD). */
  const startArms = (t: number): boolean => {
    effBegun = true;
    nArms = bf ? arms!.begin(state, phaseDraws, bf) : arms!.begin(state, phaseDraws);
    if (nArms === 0) return false;
    effOn = true;
    inExpansion = true;
    F[F_MTD] = t;
    F[F_ESCEND] = Math.max(t, F[F_MAXEND]);
    cOpen = false;
    openSlots = 0;
    cSentinel = false;
    for (let a = 0; a < 2; a++) armActive[a] = armLen[a] = armTox[a] = armEff[a] = 0;
    armFill(t);
    return true;
  };

  const finish = (t: number, reason: number): void => {
    if (arms && !effBegun) {
      stopReason = reason;
      if (startArms(t)) return;
    }
    ended = true;
    stopReason = reason;
    if (!inExpansion) {
      F[F_MTD] = t;
      F[F_ESCEND] = Math.max(t, F[F_MAXEND]);
    }
    if (F[F_MAXEND] < t) F[F_MAXEND] = t;
  };

  const decideNext = (t: number): void => {
    if (pendingMode) return probe(t);
    const dec = settleDecision(design, state, chance);
    if (dec.action === Action.Stop) return finish(t, dec.reason);
    if (state.cohorts >= maxCohorts) return finish(t, CAP);
    if (dec.panel) throw new UsageError(`the ${design.type} design treats complete-information panels, which have no calendar time`);
    if (dec.expansion && !inExpansion) {
      inExpansion = true;
      F[F_MTD] = t;
      F[F_ESCEND] = Math.max(t, F[F_MAXEND]);
    }
    startCohort(dec, t);
  };

  const commit = (t: number, n: number, y: number): void => {
    if (joint && !cExp) {
      // the cohort's responses (every evaluable patient of it has been assessed)
      for (let j = cFirst; j < nPat; j++) {
        if (pCohort[j] !== cId) continue;
        const f = pFlags[j];
        if (f & (F_MFAIL | F_NE) || !(f & F_RESP)) continue;
        state.mem[joint.slot + cDose]++;
        if (joint.both && f & F_DLT) state.mem[joint.slot + K + cDose]++;
      }
    }
    state.addCohort(cDose, n, y, cExp);
    cOpen = false;
    if (reviewDays > 0) {
      const r = reviewUniform ? reviewDays * (0.5 + chance.next()) : reviewDays;
      push(t + r, E_REVIEW);
    } else decideNext(t);
  };

  /** Pending mode: the pending part of the state at time t (follow-up standardized by the window). */
  const refreshPending = (t: number): void => {
    const ps = pstate!;
    ps.clearPending();
    // patients before the first one still in the data with an unknown outcome are all settled
    while (firstOpen < nPat && (pFlags[firstOpen] & (F_IN | F_KNOWN)) !== F_IN) firstOpen++;
    for (let i = firstOpen; i < nPat; i++) {
      if ((pFlags[i] & (F_IN | F_KNOWN | F_EXP)) !== F_IN) continue;
      let fu = pInfuse[i] >= 0 ? (t - pInfuse[i]) / span : 0;
      if (fu < 0) fu = 0;
      else if (fu > 1) fu = 1;
      ps.addPending(pDose[i], fu);
    }
    // the observed DLTs' times (TITE-CRM's adaptive weights), escalation patients in the data
    for (let j = 0; j < knownDlts; j++) ps.addDltTime(knownDlt[j]);
  };

  /**
   * Pending mode: ask the design now; a treat decision enters the data and opens its cohort,
   * unless `start` is false (nobody is waiting: the next arrival will ask again). A stop is
   * final once nobody is pending.
   */
  const probe = (t: number, start = true): void => {
    refreshPending(t);
    const dec = settleDecision(design, state, chance);
    if (dec === SUSPEND) {
      if (F[F_PSINCE] < 0) F[F_PSINCE] = t;
      return;
    }
    if (dec.action === Action.Stop || state.cohorts >= maxCohorts) {
      if (inFlight > 0) {
        // final only when every pending patient has completed: asked again then
        closing = true;
        return;
      }
      return finish(t, dec.action === Action.Stop ? dec.reason : CAP);
    }
    if (!start) return;
    if (dec.panel) throw new UsageError(`the ${design.type} design treats complete-information panels, which have no calendar time`);
    if (dec.expansion && !inExpansion) {
      inExpansion = true;
      F[F_MTD] = t;
      F[F_ESCEND] = Math.max(t, F[F_MAXEND]);
    }
    closing = false;
    // patients who left the data are made up for by the last cohort, never beyond the design's maximum
    let size = dec.size;
    if (!dec.expansion && state.escalationN + size > design.maxPatients) size = Math.max(1, design.maxPatients - state.escalationN);
    state.addCohort(dec.dose, size, 0, dec.expansion);
    startCohort(dec, t, size);
  };

  /** Pending mode: the data changed at t (an outcome is known or a patient left). */
  const changed = (t: number): void => {
    if (closing) {
      if (inFlight === 0) probe(t);
    } else if (openSlots === 0) probe(t, qLen > 0);
  };

  /** Pending mode: patient i leaves the data (non-evaluable, manufacturing failure). */
  const leave = (i: number): void => {
    const d = pDose[i];
    if (pFlags[i] & F_EXP) {
      state.en[d]--;
      state.expansionN--;
    } else {
      state.n[d]--;
      state.escalationN--;
    }
    pFlags[i] |= F_KNOWN;
    noteKnown(i);
    inFlight--;
  };

  const onDonePending = (i: number, t: number): void => {
    const flags = pFlags[i];
    if (flags & F_NE) {
      nonEval++;
      leave(i);
    } else {
      pFlags[i] = flags | F_KNOWN;
      noteKnown(i);
      inFlight--;
      if (flags & F_DLT) {
        if (flags & F_EXP) state.ey[pDose[i]]++;
        else state.y[pDose[i]]++;
      }
    }
    changed(t);
  };

  /** Early decision: every outcome of the pending patients gives the same decision. */
  const settled = (): boolean => {
    const pending = cSize - cDone;
    let first: Decision | undefined;
    for (let k = 0; k <= pending; k++) {
      scratch.copyFrom(state);
      scratch.addCohort(cDose, cSize, cDlt + k, cExp);
      const dec = design.decide(scratch);
      if (dec.action === Action.Chance) return false;
      if (first === undefined) first = dec;
      else if (!sameDecision(first, dec)) return false;
    }
    return true;
  };

  const onDone = (i: number, t: number): void => {
    if (pFlags[i] & F_ARM) return onDoneArm(i, t);
    if (bfMode && pFlags[i] & F_BF) return onDoneBackfill(i);
    if (pendingMode) return onDonePending(i, t);
    const flags = pFlags[i];
    if (pCohort[i] !== cId || !cOpen) {
      // a patient of a cohort decided early: followed up, not replaced
      if (flags & F_NE) nonEval++;
      return;
    }
    if (flags & F_NE) {
      nonEval++;
      cDosed--;
      reopen(t);
      return;
    }
    cDone++;
    if (flags & F_DLT) cDlt++;
    if (cDone === cSize && (!joint || cExp || cAssessed === cSize)) return commit(t, cSize, cDlt);
    if (earlyDecision && cDosed === cSize && openSlots === 0 && readyN === 0 && settled()) {
      // the cohort's data as it will be when its pending patients are done (the decision is the same whatever they show)
      let n = 0;
      let y = 0;
      for (let j = cFirst; j < nPat; j++) {
        if (pCohort[j] !== cId) continue;
        const f = pFlags[j];
        if (f & (F_MFAIL | F_NE)) continue;
        n++;
        if (f & F_DLT) y++;
      }
      commit(t, n, y);
    }
  };

  const onMade = (i: number, t: number): void => {
    if (pFlags[i] & F_MFAIL) {
      mfgFails++;
      if (pFlags[i] & F_ARM) {
        pFlags[i] |= F_KNOWN;
        armActive[-2 - pCohort[i]]--;
        effPending--;
        armFill(t);
        armCheck(t);
        return;
      }
      if (pFlags[i] & F_BF) {
        pFlags[i] |= F_KNOWN;
        bf!.enrolled[pDose[i]]--;
        return;
      }
      if (pendingMode) {
        leave(i);
        changed(t);
      } else reopen(t);
      return;
    }
    pReady[i] = t;
    ready[readyN++] = i;
    tryDose(t);
  };

  const onArrival = (t: number): void => {
    screened++;
    const uScreen = arr.next();
    // the one pending arrival is kept beside the heap (same order as if it were in it)
    F[F_NEXTARR] = t + arrivals.gap(t, arr, inExpansion);
    F[F_ARRSEQ] = seq++;
    if (uScreen < screenFailure) {
      screenFails++;
      return;
    }
    if (effOn) {
      if (qLen === 0 && arms!.assign(armActive) >= 0) {
        armEnrol(t, t, arms!.assign(armActive, chance));
        armPause(t);
      } else if (wait) qPush(t);
      else turned++;
      return;
    }
    if (pendingMode && openSlots === 0 && !closing) {
      probe(t);
      if (ended) return;
    }
    if (openSlots > 0) enrol(t, t);
    else if (bfMode && cOpen && !cExp && !(wait && qLen < bfReserve) && tryBackfill(t)) return;
    else if (wait && !closing) qPush(t);
    else turned++;
  };

  /** Run one trial from the generators' current seeds; the state and rows hold its result. */
  const runTrial = (): void => {
    state.reset(design.startDose);
    nPat = 0;
    readyN = 0;
    hn = 0;
    seq = 0;
    qHead = 0;
    qLen = 0;
    for (let d = 0; d < K; d++) lastInfAtDose[d] = -Infinity;
    for (let d = 0; d < K; d++) respKnown[d] = Infinity;
    inExpansion = false;
    ended = false;
    stopReason = 0;
    F[F_MTD] = 0;
    F[F_ESCEND] = 0;
    F[F_MAXEND] = 0;
    screened = screenFails = turned = waited = mfgFails = nonEval = 0;
    F[F_WAITSUM] = 0;
    F[F_PAUSED] = 0;
    F[F_PSINCE] = -1;
    snapScreened = snapScreenFails = snapTurned = 0;
    F[F_SNAPP] = 0;
    F[F_GATE] = -1;
    cOpen = false;
    cId = 0;
    openSlots = 0;
    closing = false;
    inFlight = 0;
    firstOpen = 0;
    knownDlts = 0;
    effBegun = false;
    effOn = false;
    nArms = 0;
    effPending = 0;
    F[F_REC] = -1;
    F[F_NEXTARR] = 0;
    F[F_ARRSEQ] = seq++;
    decideNext(0);
    let events = 0;
    while (!ended) {
      if (++events > MAX_EVENTS) throw new UsageError("a timed trial made no progress (check the recruitment rate and the screening and failure probabilities)");
      const ta = F[F_NEXTARR];
      if (hn === 0 || ta < hTime[0] || (ta === hTime[0] && F[F_ARRSEQ] < hSeq[0])) {
        onArrival(ta);
        continue;
      }
      const code = pop();
      const t = F[F_POP];
      const kind = code & 7;
      if (kind === E_DONE) onDone(code >> 3, t);
      else if (kind === E_MADE) onMade(code >> 3, t);
      else if (kind === E_GATE) {
        if (t >= F[F_GATE]) F[F_GATE] = -1;
        if (cOpen || effOn) tryDose(t);
      } else if (kind === E_ASSESS) onAssess(code >> 3, t);
      else decideNext(t);
    }
  };

  const seedTrial = (): void => {
    const b = master;
    arr.seed(b.next(), b.next(), b.next());
    pat.seed(b.next(), b.next(), b.next());
    chance.seed(b.next(), b.next(), b.next());
    if (crn) (phaseDraws as SubStream).seed(b.next(), b.next(), b.next());
  };

  const add = (acc: Float64Array, i: number, x: number): void => {
    acc[i] += x;
    acc[i + 1] += x * x;
  };
  const addHist = (acc: Float64Array, at: number, days: number): void => {
    acc[at + durationBin(days)] += 1;
  };
  const S = T.scalars;
  const H = T.hist;
  const HB = DURATION_HIST_BINS;

  const SB = scalarIndex(T, "backfilled");
  /**
   * Backfilling, after the MTD is selected: every evaluable backfilled patient (those still in
   * their window at the final decision too, who are followed up) joins the escalation counts,
   * so that patients and DLTs per dose and the sample size count them; their tallies go to acc.
   */
  const foldBackfill = (acc: Float64Array): void => {
    const b = bf!;
    let count = 0;
    let dlts = 0;
    let pending = 0;
    for (let i = 0; i < nPat; i++) {
      const f = pFlags[i];
      if (!(f & F_BF) || f & (F_NE | F_MFAIL)) continue;
      const d = pDose[i];
      count++;
      if (!(f & F_KNOWN)) pending++;
      state.n[d]++;
      state.escalationN++;
      acc[T.backfill + d] += 1;
      if (f & F_DLT) {
        dlts++;
        state.y[d]++;
        acc[T.backfill + K + d] += 1;
      }
    }
    for (let d = 0; d < K; d++) b.n[d] = b.y[d] = 0;
    add(acc, SB, count);
    add(acc, SB + 2, dlts);
    add(acc, SB + 4, pending);
    add(acc, SB + 6, 1);
  };

  const view = { state: state as TrialState, selected: -1, duration: 0, mtdDecision: 0, phaseValues: arms ? phaseValues : null };
  const runBlock = (seed: string, block: number, trials: number, acc: Float64Array, onTrial?: (trial: TimedTrialView) => void): void => {
    master.reseed(seed, block);
    for (let n = 0; n < trials; n++) {
      seedTrial();
      runTrial();
      const selected = design.selectMtd(state);
      if (bfMode) foldBackfill(acc);
      if (hasMetrics) design.measure(state, metrics, 0);
      addTrial(acc, L, state, selected, stopReason, trueMtd, metrics, 1);
      const total = q(F[F_MAXEND]);
      const esc = q(F[F_ESCEND]);
      const exp = inExpansion ? q(F[F_MAXEND] - F[F_ESCEND]) : 0;
      const mtd = q(F[F_MTD]);
      add(acc, S, total);
      add(acc, S + 2, esc);
      add(acc, S + 4, exp);
      add(acc, S + 6, mtd);
      add(acc, S + 8, snapScreened);
      add(acc, S + 10, snapScreenFails);
      add(acc, S + 12, snapTurned);
      add(acc, S + 14, waited);
      add(acc, S + 16, q(F[F_WAITSUM]));
      add(acc, S + 18, mfgFails);
      add(acc, S + 20, nonEval);
      add(acc, S + 22, q(F[F_SNAPP]));
      addHist(acc, H, total);
      addHist(acc, H + HB, esc);
      addHist(acc, H + 2 * HB, exp);
      addHist(acc, H + 3 * HB, mtd);
      if (arms) {
        arms.write(state, phaseValues);
        addFinal(acc, L, phaseValues, 1, phaseGrid);
        const rec = q(F[F_REC] >= 0 ? F[F_REC] : F[F_MTD]);
        add(acc, T.decision, rec);
        addHist(acc, T.decision + 2, rec);
      }
      if (onTrial) {
        view.selected = selected;
        view.duration = total;
        view.mtdDecision = mtd;
        onTrial(view);
      }
    }
  };

  const trace = (seed: string, block: number, index: number): TrialTrace => {
    master.reseed(seed, block);
    for (let n = 0; n <= index; n++) {
      seedTrial();
      runTrial();
    }
    const rows: PatientRow[] = [];
    for (let i = 0; i < nPat; i++) {
      const f = pFlags[i];
      const dosed = (f & F_DOSED) !== 0;
      const inf = dosed ? infusionDays.map((d) => pInfuse[i] + d).filter((d) => d <= pEnd[i]) : [];
      rows.push({
        patient: i + 1,
        dose: pDose[i],
        expansion: (f & F_EXP) !== 0,
        arrival: pArrive[i],
        enrolled: pEnrol[i],
        ready: f & F_MFAIL ? null : pReady[i] >= 0 ? pReady[i] : null,
        infusions: inf,
        end: dosed ? pEnd[i] : null,
        dlt: dosed && (f & F_DLT) !== 0,
        outcome: f & F_MFAIL ? "manufacturing failure" : !dosed ? "not dosed" : f & F_NE ? "non-evaluable" : "evaluable",
        sentinel: (f & F_SENTINEL) !== 0,
        ...(f & F_BF ? { backfill: true } : {}),
        ...(f & F_RESP && dosed ? { response: true } : {}),
        ...(f & F_ASSESSED ? { assessed: pInfuse[i] + respDays } : {}),
      });
    }
    let recommended: { recommendedDecision?: number; recommended?: number } = {};
    if (arms) {
      arms.write(state, phaseValues);
      let r = -1;
      for (let d = 0; d < K; d++) if (phaseValues[d] === 1) r = d;
      recommended = { recommendedDecision: F[F_REC] >= 0 ? F[F_REC] : F[F_MTD], recommended: r };
    }
    return { patients: rows, duration: F[F_MAXEND], mtdDecision: F[F_MTD], ...recommended, selected: design.selectMtd(state), reason: REASONS[stopReason] };
  };

  return { layout: T, runBlock, trace };
}

/** Options of {@link simulateTimed}. */
export interface TimedOptions {
  readonly trials: number;
  readonly seed: string;
  /** Blocks [from, to) of the run (shards); default all. */
  readonly blocks?: readonly [number, number];
  readonly maxCohorts?: number;
  /** Called with the number of trials finished since the last call. */
  readonly onProgress?: (trials: number) => void;
}

/**
 * Simulate `design` in calendar time over one curve, in this thread, blocks in order; returns
 * the accumulator (the untimed layout followed by the timing statistics, runner.layout).
 */
export function simulateTimed(
  design: Design,
  timing: TimingConfig | undefined,
  conduct: ConductConfig | undefined,
  curve: { readonly truth: readonly number[]; readonly trueMtd: number; readonly response?: readonly number[]; readonly association?: Association },
  options: TimedOptions,
): { runner: TimedRunner; acc: Float64Array } {
  const runner = timedRunner(design, timing, conduct, curve.truth, curve.trueMtd, options.maxCohorts ?? DEFAULT_MAX_COHORTS, curve.response, curve.association);
  const [from, to] = options.blocks ?? [0, blockCount(options.trials)];
  const len = runner.layout.length;
  const acc = new Float64Array(len);
  const block = new Float64Array(len);
  for (let b = from; b < to; b++) {
    const n = blockTrials(options.trials, b);
    if (n <= 0) break;
    block.fill(0);
    runner.runBlock(options.seed, b, n, block);
    mergeInto(acc, block);
    options.onProgress?.(n);
  }
  return { runner, acc };
}

export { BLOCK_SIZE };
