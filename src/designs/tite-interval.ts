/**
 * The trial loop every time-to-event interval design shares (TITE-BOIN, TITE-Keyboard): the
 * untimed design's loop (interval.ts) with the decision at the current dose taken with the
 * patients still pending there, read from the pending part of the state (src/model/pending.ts).
 *
 * - No patient pending at the current dose: the untimed design decides (exactly its decision).
 * - Otherwise, in this order: the cohort cap (`nCohorts` × `cohortSize` patients, pending ones
 *   included); `nEarlyStop` in the "always" sense; elimination, with the pending patients
 *   counted as DLT-free (Pr(p > φ | y, n) > cutoffEli under Beta(1, 1) with n including them);
 *   BOIN's extra safety rule, likewise; then the design's cell decision (E, S, D or SUS) with
 *   moves of one dose, never into an eliminated dose; `nEarlyStop` in the "if-staying" sense.
 *
 * The conduct options of the published papers, shared by both designs:
 * - suspension (Yuan et al. 2018): suspend when more than `suspendShare` (0.5) of the patients
 *   at the dose are pending, unless the decision is de-escalation whatever they show;
 * - Chen, Chen, Zhang, Lin & Yuan (2025, Clin Cancer Res 31:2573-2580) Rule 1
 *   (`minCompletedShare`, 0.51 in the paper): suspend when fewer than that share have
 *   completed; Rule 2 (`minFollowUp`, 0.25 in the paper): escalate only when every pending
 *   patient at the dose has been followed for at least that share of the window; otherwise
 *   `shortFollowUp` says whether to stay or to suspend.
 */
import type { Decision } from "../model/decision.js";
import { pendingAt, SUSPEND, type PendingTrialView } from "../model/pending.js";
import type { TrialView } from "../model/state.js";
import type { ParamSpec, ParamValues } from "../config/params.js";
import type { Design } from "./design.js";
import { intervalDecisions, NEVER, type LoopOptions } from "./interval.js";
import { buildPendingTable, type PendingCode, type PendingDecisionTable } from "./pending-table.js";

/** Parameters of the published conduct options (both TITE interval designs). */
export const titeConductParams: readonly ParamSpec[] = [
  { name: "suspendShare", kind: "number", min: 0, exclusiveMax: 1, default: 0.5, description: "Suspend accrual when more than this share of the patients at the current dose are pending (c/n > suspendShare, Yuan et al. 2018), unless the decision is de-escalation whatever they show." },
  { name: "minCompletedShare", kind: "number", min: 0, max: 1, default: 0, description: "Chen et al. (2025) Rule 1: also suspend when fewer than this share of the patients at the dose have completed their window (0.51 in the paper). 0: off." },
  { name: "minFollowUp", kind: "number", min: 0, exclusiveMax: 1, default: 0, description: "Chen et al. (2025) Rule 2: escalate only when every pending patient at the dose has been followed for at least this share of the DLT window (0.25 in the paper). 0: off." },
  { name: "shortFollowUp", kind: "enum", values: ["stay", "suspend"], default: "stay", description: "What to do when minFollowUp forbids an escalation: stay at the dose, or suspend accrual until the next event." },
];

/** The conduct options, resolved. */
export interface TiteConduct {
  readonly suspendShare: number;
  readonly minCompletedShare: number;
  readonly minFollowUp: number;
  readonly shortFollowUp: "stay" | "suspend";
}

export function titeConductFrom(p: ParamValues): TiteConduct {
  return {
    suspendShare: p.suspendShare as number,
    minCompletedShare: p.minCompletedShare as number,
    minFollowUp: p.minFollowUp as number,
    shortFollowUp: p.shortFollowUp as "stay" | "suspend",
  };
}

/** Suspension by the pending share (and Chen's Rule 1): c of n pending. */
export function suspendedByShare(n: number, c: number, o: TiteConduct): boolean {
  if (c / n > o.suspendShare) return true;
  // Rule 1 off (minCompletedShare 0) needs no test of its own: (n - c)/n < 0 never holds
  return (n - c) / n < o.minCompletedShare;
}

/** Everything the shared loop needs. */
/** The words of a table code in an explanation. */
export const CODE_WORDS: Readonly<Record<string, string>> = {
  E: "escalate",
  S: "stay",
  D: "de-escalate",
  // Stryker disable next-line StringLiteral: cell never answers DE (elimination is explained before the cell)
  DE: "de-escalate and eliminate",
  // Stryker disable next-line StringLiteral: a suspension returns its own sentence, before this word is used
  SUS: "suspend accrual",
};

/** The explanation of a suspension (Rule 1 of Chen et al. 2025 named when it is on). */
export function suspendSentence(n: number, y: number, c: number, o: TiteConduct): string {
  return `${y}/${n} DLTs with ${c} pending (${c}/${n} > ${o.suspendShare}${o.minCompletedShare > 0 ? ` or fewer than ${o.minCompletedShare} completed` : ""}): suspend accrual until more patients complete`;
}

export interface TiteSpec {
  readonly type: string;
  /** The untimed design: it decides whenever nobody is pending at the current dose, and selects the MTD. */
  readonly inner: Design;
  readonly target: number;
  readonly loop: LoopOptions;
  readonly numDoses: number;
  /** Eliminate when y >= this (n >= 3), n = 0..maxN. */
  readonly eliminateAtLeast: Int32Array;
  /** BOIN's extra-safety thresholds at the lowest dose, or null. */
  readonly extraSafe: Int32Array | null;
  /** The decision at the dose with c > 0 pending, elimination aside (E, S, D or SUS). */
  readonly cell: (n: number, y: number, c: number, stft: number) => PendingCode;
  /** The decision at the dose with c = 0 (the untimed design's), elimination aside: for the table. */
  readonly completeCell: (n: number, y: number) => PendingCode;
  readonly conduct: TiteConduct;
  readonly parameters: Record<string, unknown>;
  readonly tableNote: string;
  /** Words for `explain`: how the estimate at the dose is formed. */
  explainCell(n: number, y: number, c: number, stft: number): string;
}

/** Build a TITE interval design. */
export function titeIntervalDesign(spec: TiteSpec): Design {
  const { inner, loop, conduct } = spec;
  const K = spec.numDoses;
  const size = loop.cohortSize;
  const maxN = loop.nCohorts * size;
  const elim = spec.eliminateAtLeast;
  const extra = spec.extraSafe;
  const always = loop.earlyStopRule === "always";
  const nEarly = loop.nEarlyStop;
  const { up, stay, down, downEliminate, lowestTooToxic, maxNStop, earlyStop } = intervalDecisions(K, size);
  const minFollow = conduct.minFollowUp;
  const shortSuspends = conduct.shortFollowUp === "suspend";

  /** The cell decision with Chen's Rule 2 applied. */
  const cellWith = (n: number, y: number, c: number, stft: number, minF: number): PendingCode => {
    const code = spec.cell(n, y, c, stft);
    // Rule 2 off (minFollowUp 0) needs no test of its own: a follow-up share is never below 0
    if (code === "E" && minF < minFollow) return shortSuspends ? "SUS" : "S";
    return code;
  };

  const decide = (view: TrialView): Decision => {
    const s = view as PendingTrialView;
    const d = s.current;
    // a pending patient is counted in n (so in escalationN): with no patient yet, none is pending
    const pv = pendingAt(s, d);
    if (pv === null) return inner.decide(s);
    if (s.escalationN >= maxN) return maxNStop;
    // n <= escalationN < maxN here (the cap has returned otherwise), so the tables' index n is in range
    const n = s.n[d];
    const y = s.y[d];
    if (always && n >= nEarly) return earlyStop;
    if (n >= 3 && y >= elim[n]) return downEliminate[d];
    if (extra !== null && d === 0 && n >= 3 && y >= extra[n]) return lowestTooToxic;
    const code = cellWith(n, y, pv.count[d], pv.stft[d], pv.minFollowUp[d]);
    if (code === "SUS") return SUSPEND;
    let next: Decision;
    // eliminatedFrom <= K (K when nothing is eliminated), so this also keeps the top dose; cell never answers DE
    if (code === "E") next = d + 1 < s.eliminatedFrom ? up[d + 1] : stay[d];
    else if (code === "D") next = d > 0 ? down[d - 1] : stay[d];
    else next = stay[d];
    if (!always && n >= nEarly && next === stay[d]) return earlyStop;
    return next;
  };

  const explain = (view: TrialView): string => {
    const s = view as PendingTrialView;
    const d = s.current;
    const pv = pendingAt(s, d);
    if (pv === null || !inner.explain) return inner.explain ? `${inner.explain(s)} (no patient pending at dose ${d + 1}: the ${inner.type} rule)` : "";
    const n = s.n[d];
    const y = s.y[d];
    const c = pv.count[d];
    const stft = pv.stft[d];
    if (n >= 3 && y >= elim[Math.min(n, maxN)]) return `dose ${d + 1}: ${y}/${n} DLTs with ${c} pending counted DLT-free: eliminate (Pr(DLT rate > ${spec.target}) > ${loop.cutoffEli} from ${elim[Math.min(n, maxN)]} DLTs of ${n})`;
    return `dose ${d + 1}: ${spec.explainCell(n, y, c, stft)}`;
  };

  const tableCell = (n: number, y: number, c: number, stft: number): PendingCode => {
    if (n >= 3 && y >= elim[n]) return "DE"; // the table's n are at most maxN
    if (c === 0) return spec.completeCell(n, y);
    return spec.cell(n, y, c, stft);
  };

  const pendingTable = (upTo?: number): PendingDecisionTable => {
    const m = Math.min(upTo ?? maxN, maxN);
    // Stryker disable next-line ArrayDeclaration: a non-numeric n gives no cells (0 <= "..." is false): the same table
    const ns: number[] = [];
    for (let n = size; n <= m; n += size) ns.push(n);
    return buildPendingTable(spec.type, spec.target, size, ns, tableCell, spec.tableNote);
  };

  return {
    type: spec.type,
    numDoses: K,
    startDose: inner.startDose,
    memSlots: inner.memSlots,
    maxCohortSize: size,
    maxPatients: maxN,
    maxExpansionPatients: 0,
    metrics: inner.metrics,
    decidesWithPending: true,
    decide,
    selectMtd: (s) => inner.selectMtd(s),
    // Stryker disable next-line ArrowFunction: BOIN and Keyboard measure nothing (measureNothing in interval.ts)
    measure: (s, out, offset) => inner.measure(s, out, offset),
    describe: () => ({ ...inner.describe(), type: spec.type, ...spec.parameters, ...conduct }),
    explain,
    decisionTable: inner.decisionTable ? (m) => ({ ...inner.decisionTable!(m), type: spec.type }) : undefined,
    pendingTable,
  };
}

export { NEVER };
