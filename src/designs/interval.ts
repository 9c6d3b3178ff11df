/**
 * The machinery every interval design shares: a trial driven by per-n threshold tables at the
 * current dose, with elimination of overly toxic doses and isotonic MTD selection. BOIN,
 * Keyboard, mTPI-2, i3+3 and user-supplied tables are thin table builders over it.
 *
 * The trial loop is R BOIN 2.7.2's `get.oc` (Liu & Yuan 2015, JRSS C 64:507-523,
 * doi:10.1111/rssc.12089), decided one cohort at a time:
 *
 * 1. The first cohort goes to the start dose. After `nCohorts` cohorts the trial stops
 *    ("max-n"); nothing is eliminated after the last cohort (selection re-derives it anyway).
 * 2. `earlyStopRule: "always"` (Keyboard's `get.oc.kb`): stop ("early-stop") as soon as the
 *    current dose has `nEarlyStop` patients, before anything else.
 * 3. Elimination at the current dose d with n >= `minEliminationN` and y >= eliminate(n): doses
 *    d and above are eliminated (the decision's `eliminateFrom`) and the trial moves to d - 1;
 *    at the lowest dose it stops with no MTD ("lowest-dose-too-toxic").
 * 4. Extra safety (BOIN's `extrasafe`): at dose 1 with n >= 3, stop with no MTD when
 *    y >= extraSafe(n), the looser cutoff `cutoffEli - offset`.
 * 5. Move: y <= escalate(n) goes up one dose unless it is the top or eliminated (then stay);
 *    y >= deEscalate(n) goes down one dose (at the lowest dose: stay); otherwise stay. Moves
 *    are +-1, so doses are never skipped and an eliminated dose is never entered.
 * 6. `earlyStopRule: "if-staying"` (BOIN's `get.oc`): when the current dose has `nEarlyStop`
 *    patients and the move in 5 is "stay", stop ("early-stop") instead.
 *
 * Off-protocol histories (a live trial replayed by `doseladder next`): a cohort given at an
 * eliminated dose sends the trial to the highest dose below the eliminated ones ("de-escalate"),
 * or stops it ("all-eliminated") when every dose is eliminated; counts beyond the tables (more
 * patients at a dose than nCohorts × cohortSize) are judged with the elimination rule computed
 * for that n.
 *
 * The MTD is chosen by `select.mtd` (src/select/mtd.ts). Tables and decisions are built once
 * per design; `decide` and `selectMtd` allocate nothing.
 */
import { stop, treat, type Decision } from "../model/decision.js";
import type { TrialView } from "../model/state.js";
import type { ParamSpec, ParamValues } from "../config/params.js";
import { eliminationThreshold, isotonicMtdSelector, NEVER } from "../select/mtd.js";
import { measureNothing, type Design } from "./design.js";
import type { DecisionTable, DecisionTableRow } from "./decision-table.js";
import { checkPatients, MAX_COHORT, MAX_COHORTS, MAX_PATIENTS } from "./limits.js";

export { NEVER };

/** Threshold tables indexed by n = 0..maxN (patients at the current dose). */
export interface IntervalTables {
  /** Escalate when y <= this; -1 = never. */
  readonly escalateAtMost: Int32Array;
  /** De-escalate when y >= this; NEVER = never. */
  readonly deEscalateAtLeast: Int32Array;
  /** Eliminate when y >= this (only with n >= minEliminationN); NEVER = never. */
  readonly eliminateAtLeast: Int32Array;
}

/**
 * The decisions of the interval-design loop for `K` doses and cohorts of `size`, built once per
 * design (shared by the untimed loop and the time-to-event loop of tite-interval.ts): escalate,
 * stay and de-escalate to each dose, eliminate dose d and above and treat at d - 1, and the stops.
 */
export function intervalDecisions(K: number, size: number) {
  return {
    up: Array.from({ length: K }, (_, d) => treat(d, size, "escalate")),
    stay: Array.from({ length: K }, (_, d) => treat(d, size, "stay")),
    down: Array.from({ length: K }, (_, d) => treat(d, size, "de-escalate")),
    // eliminate dose d and above, treat at d - 1
    downEliminate: Array.from({ length: K }, (_, d) => (d === 0 ? stop("lowest-dose-too-toxic", 0) : treat(d - 1, size, "de-escalate", { eliminateFrom: d }))),
    lowestTooToxic: stop("lowest-dose-too-toxic", 0),
    maxNStop: stop("max-n"),
    earlyStop: stop("early-stop"),
  };
}

/** Empty tables (never escalate, never de-escalate, never eliminate) for n = 0..maxN. */
export function emptyTables(maxN: number): IntervalTables {
  return {
    escalateAtMost: new Int32Array(maxN + 1).fill(-1),
    deEscalateAtLeast: new Int32Array(maxN + 1).fill(NEVER),
    eliminateAtLeast: new Int32Array(maxN + 1).fill(NEVER),
  };
}

/** How the design treats `nEarlyStop`. */
export type EarlyStopRule = "if-staying" | "always";

/** Everything the shared trial loop needs, resolved by a table builder. */
export interface IntervalSpec {
  readonly type: string;
  readonly numDoses: number;
  readonly target: number;
  readonly cohortSize: number;
  readonly nCohorts: number;
  /** 0-based. */
  readonly startDose: number;
  /** Tables for n = 0..maxN of any size (the loop needs nCohorts × cohortSize). */
  tablesFor(maxN: number): IntervalTables;
  /** Elimination applies with at least this many patients at the dose (3 in BOIN and Keyboard). */
  readonly minEliminationN: number;
  /** BOIN's extrasafe thresholds for dose 1 (index n), or null when off. */
  extraSafeFor: ((maxN: number) => Int32Array) | null;
  /**
   * Apply the extra safety rule again in the final MTD selection (R BOIN's get.oc passes
   * extrasafe to select.mtd; R Keyboard 0.1.3's get.oc.kb calls select.mtd.kb without it).
   * __Default:__ true.
   */
  readonly extraSafeInSelection?: boolean;
  readonly nEarlyStop: number;
  readonly earlyStopRule: EarlyStopRule;
  /** BOIN's boundMTD bound (λd), or null. */
  readonly boundMtd: number | null;
  /** Resolved parameters for reports. */
  readonly parameters: Record<string, unknown>;
  /** A line under the decision table saying how to read it. */
  readonly tableNote: string;
  /** Rows the decision table shows (default every n = 1..maxN). */
  readonly tableRowsAt?: (maxN: number) => number[];
}

/** Parameters every interval design takes (the trial loop's). */
export function loopParams(earlyStopDefault: EarlyStopRule, defaults: { nCohorts?: number } = {}): ParamSpec[] {
  return [
    { name: "cohortSize", kind: "integer", min: 1, max: MAX_COHORT, default: 3, description: "Patients per cohort." },
    { name: "nCohorts", kind: "integer", min: 1, max: MAX_COHORTS, default: defaults.nCohorts ?? 10, description: `Number of cohorts: the maximum sample size is nCohorts × cohortSize (at most ${MAX_PATIENTS}).` },
    { name: "startDose", kind: "integer", min: 1, default: 1, description: "The dose (1-based) the first cohort receives." },
    { name: "cutoffEli", kind: "probability", open: true, default: 0.95, description: "Eliminate a dose (and all higher) when Pr(DLT rate > target | data) > cutoffEli, with at least 3 patients there (Beta(1, 1) prior)." },
    { name: "nEarlyStop", kind: "integer", min: 1, max: MAX_PATIENTS, default: 100, description: "Stop the trial when the current dose has this many patients (see earlyStopRule)." },
    { name: "earlyStopRule", kind: "enum", values: ["if-staying", "always"], default: earlyStopDefault, description: "\"if-staying\" (R BOIN get.oc): stop at nEarlyStop only when the next decision would stay at the dose. \"always\" (R Keyboard get.oc.kb): stop as soon as the dose has nEarlyStop patients." },
    { name: "extraSafe", kind: "boolean", default: false, description: "Extra safety rule at the lowest dose: stop the trial with no MTD when Pr(DLT rate > target) > cutoffEli - offset with at least 3 patients there." },
    { name: "offset", kind: "number", min: 0, exclusiveMax: 1, default: 0.05, description: "How much looser the extra safety cutoff is than cutoffEli." },
  ];
}

/** The loop fields of an IntervalSpec from resolved parameters (validated). */
export function loopFromParams(p: ParamValues, numDoses: number): {
  cohortSize: number;
  nCohorts: number;
  startDose: number;
  cutoffEli: number;
  nEarlyStop: number;
  earlyStopRule: EarlyStopRule;
  extraSafe: boolean;
  offset: number;
} {
  const startDose = (p.startDose as number) - 1;
  if (startDose >= numDoses) throw new Error(`startDose ${startDose + 1} is beyond the ${numDoses} doses`);
  const cutoffEli = p.cutoffEli as number;
  const offset = p.offset as number;
  if (p.extraSafe && !(cutoffEli - offset > 0)) throw new Error(`offset (${offset}) must be below cutoffEli (${cutoffEli})`);
  return {
    cohortSize: p.cohortSize as number,
    nCohorts: p.nCohorts as number,
    startDose,
    cutoffEli,
    nEarlyStop: p.nEarlyStop as number,
    earlyStopRule: p.earlyStopRule as EarlyStopRule,
    extraSafe: p.extraSafe as boolean,
    offset,
  };
}

const show = (v: number, n: number, low: boolean): number | null => (low ? (v < 0 ? null : v) : v > n ? null : v);

/** Rows of a decision table from threshold tables. */
export function tableRows(t: IntervalTables, ns: readonly number[]): DecisionTableRow[] {
  return ns.map((n) => ({
    n,
    escalateAtMost: show(t.escalateAtMost[n], n, true),
    deEscalateAtLeast: show(t.deEscalateAtLeast[n], n, false),
    eliminateAtLeast: show(t.eliminateAtLeast[n], n, false),
  }));
}

/** Build an interval design from its spec. */
export function intervalDesign(spec: IntervalSpec): Design {
  const K = spec.numDoses;
  const size = spec.cohortSize;
  const maxN = spec.nCohorts * size;
  checkPatients(maxN, `nCohorts × cohortSize (${spec.nCohorts} × ${size})`);
  const tables = spec.tablesFor(maxN);
  const esc = tables.escalateAtMost;
  const de = tables.deEscalateAtLeast;
  const elim = tables.eliminateAtLeast;
  const minElimN = spec.minEliminationN;
  const extra = spec.extraSafeFor ? spec.extraSafeFor(maxN) : null;
  const nEarly = spec.nEarlyStop;
  const always = spec.earlyStopRule === "always";

  // Decisions, built once.
  const start = treat(spec.startDose, size, "start");
  const { up, stay, down, downEliminate, lowestTooToxic, maxNStop, earlyStop } = intervalDecisions(K, size);
  const allEliminated = stop("all-eliminated");

  const decide = (s: TrialView): Decision => {
    const total = s.escalationN;
    if (total === 0) return start;
    if (total >= maxN) return maxNStop;
    const d = s.current;
    // off protocol: the last cohort was given at an eliminated dose; go back below the eliminated doses
    if (d >= s.eliminatedFrom) return s.eliminatedFrom === 0 ? allEliminated : down[s.eliminatedFrom - 1];
    let n = s.n[d];
    // cannot happen in this loop (escalationN >= n[d]); keeps lookups in range under a custom view
    // Stryker disable next-line EqualityOperator: at n === maxN the assignment n = maxN changes nothing
    if (n > maxN) n = maxN;
    const y = s.y[d];
    if (always && n >= nEarly) return earlyStop;
    if (n >= minElimN && y >= elim[n]) return downEliminate[d];
    if (extra !== null && d === 0 && n >= 3 && y >= extra[n]) return lowestTooToxic;
    let next: Decision;
    // eliminatedFrom <= K (it equals K when nothing is eliminated), so this never escalates past the top dose
    if (y <= esc[n]) next = d + 1 < s.eliminatedFrom ? up[d + 1] : stay[d];
    else if (y >= de[n]) next = d > 0 ? down[d - 1] : stay[d];
    else next = stay[d];
    // "if-staying" (with "always" the trial has already stopped above whenever n >= nEarly)
    if (n >= nEarly && next === stay[d]) return earlyStop;
    return next;
  };

  const selectorFor = (t: IntervalTables, x: Int32Array | null) =>
    isotonicMtdSelector({
      numDoses: K,
      target: spec.target,
      eliminateAtLeast: t.eliminateAtLeast,
      minEliminationN: minElimN,
      extraSafeAtLeast: spec.extraSafeInSelection === false ? null : x,
      bound: spec.boundMtd,
    });
  const select = selectorFor(tables, extra);
  // Off protocol (a live trial's history), a dose can hold more than nCohorts × cohortSize
  // patients; tables and a selector for such counts are built on first use, so that elimination
  // and the extra safety rule still judge them (never in a simulated trial).
  let bigN = 0;
  let bigTables: IntervalTables = tables;
  let bigSelect = select;
  const tablesUpTo = (m: number): IntervalTables => {
    if (m <= maxN) return tables;
    if (m > bigN) {
      bigN = Math.max(m, 2 * maxN);
      bigTables = spec.tablesFor(bigN);
      bigSelect = selectorFor(bigTables, spec.extraSafeFor ? spec.extraSafeFor(bigN) : null);
    }
    return bigTables;
  };
  const selectMtd = (s: TrialView): number => {
    let most = 0;
    // Stryker disable next-line EqualityOperator: s.n has K entries (s.n[K] is undefined, and undefined > most is false); >= finds the same maximum
    for (let d = 0; d < K; d++) if (s.n[d] > most) most = s.n[d];
    // Stryker disable next-line ConditionalExpression,EqualityOperator: with most <= maxN, tablesUpTo(most) builds nothing and bigSelect is select or was built from tablesFor(bigN >= 2 maxN), whose rows n <= maxN equal those of tables (every table builder fills row n from n alone), so the selection is the same
    if (most <= maxN) return select(s.n, s.y, s.eliminatedFrom);
    tablesUpTo(most);
    return bigSelect(s.n, s.y, s.eliminatedFrom);
  };

  const fmt = (v: number | null) => (v === null ? "never" : String(v));
  const explain = (s: TrialView): string => {
    const d = s.current;
    const n = s.n[d];
    const [row] = tableRows(tablesUpTo(n), [n]);
    const elimText = n >= minElimN ? `, eliminate if >= ${fmt(row.eliminateAtLeast)}` : "";
    const rule = `${spec.type} (target ${spec.target}) at n=${n}: escalate if <= ${row.escalateAtMost ?? "never"}, de-escalate if >= ${fmt(row.deEscalateAtLeast)}${elimText}`;
    const done = s.escalationN >= maxN ? `; the maximum sample size nCohorts × cohortSize = ${maxN} is reached (${s.escalationN} treated)` : "";
    const elim = d >= s.eliminatedFrom ? `; dose ${d + 1} is eliminated (doses ${s.eliminatedFrom + 1} and above), so the trial moves below them` : "";
    return `dose ${d + 1}: ${s.y[d]}/${n} DLTs; ${rule}${done}${elim}`;
  };

  const decisionTable = (upTo?: number): DecisionTable => {
    const m = upTo ?? maxN;
    const t = m === maxN ? tables : spec.tablesFor(m);
    const ns = spec.tableRowsAt ? spec.tableRowsAt(m) : Array.from({ length: m }, (_, i) => i + 1);
    return { type: spec.type, target: spec.target, cohortSize: size, rows: tableRows(t, ns), note: spec.tableNote };
  };

  return {
    type: spec.type,
    numDoses: K,
    startDose: spec.startDose,
    memSlots: 0,
    maxCohortSize: size,
    maxPatients: maxN,
    maxExpansionPatients: 0,
    metrics: [],
    decide,
    selectMtd,
    measure: measureNothing,
    describe: () => ({ type: spec.type, ...spec.parameters }),
    explain,
    decisionTable,
  };
}

/** A cell of a decision table: escalate, stay, de-escalate, or de-escalate and eliminate. */
export const Cell = { E: 0, S: 1, D: 2, DU: 3 } as const;
export type Cell = (typeof Cell)[keyof typeof Cell];

/**
 * Threshold tables from a per-(n, y) decision, the way R Keyboard reads its decision table
 * into boundaries: escalate if y <= the largest y with E; de-escalate if y >= the smallest y
 * with D, or else the smallest with DU; eliminate if y >= the smallest y with DU.
 */
export function tablesFromCells(maxN: number, cell: (n: number, y: number) => Cell): IntervalTables {
  const t = emptyTables(maxN);
  for (let n = 1; n <= maxN; n++) {
    let e = -1;
    let d = NEVER;
    let du = NEVER;
    for (let y = 0; y <= n; y++) {
      const c = cell(n, y);
      if (c === Cell.E) e = y;
      else if (c === Cell.D && d === NEVER) d = y;
      else if (c === Cell.DU && du === NEVER) du = y;
    }
    t.escalateAtMost[n] = e;
    t.deEscalateAtLeast[n] = d !== NEVER ? d : du;
    t.eliminateAtLeast[n] = du;
  }
  return t;
}

/**
 * BOIN's extrasafe thresholds for dose 1, n = 0..maxN: the smallest y with
 * Pr(p > target | data) > cutoff (the looser cutoffEli - offset), from n = 3.
 */
export function extraSafeTable(target: number, cutoff: number): (maxN: number) => Int32Array {
  return (maxN) => {
    const x = new Int32Array(maxN + 1).fill(NEVER);
    for (let n = 3; n <= maxN; n++) x[n] = eliminationThreshold(n, target, cutoff);
    return x;
  };
}

/** The loop options of `loopParams`, resolved. */
export type LoopOptions = ReturnType<typeof loopFromParams>;

/**
 * An interval design whose trial loop comes from the standard parameters (`loopParams`): BOIN,
 * Keyboard, mTPI-2 and i3+3 differ only in how they tabulate decisions (`tablesFor`), in their
 * optional `boundMtd`, and in what they report.
 */
export function standardIntervalDesign(
  type: string,
  p: ParamValues,
  numDoses: number,
  own: {
    target: number;
    tablesFor: (maxN: number, loop: LoopOptions) => IntervalTables;
    boundMtd?: number | null;
    /** See IntervalSpec.extraSafeInSelection. __Default:__ true. */
    extraSafeInSelection?: boolean;
    parameters: Record<string, unknown>;
    tableNote: string;
  },
): Design {
  const loop = loopFromParams(p, numDoses);
  return intervalDesign({
    type,
    numDoses,
    target: own.target,
    cohortSize: loop.cohortSize,
    nCohorts: loop.nCohorts,
    startDose: loop.startDose,
    tablesFor: (maxN) => own.tablesFor(maxN, loop),
    minEliminationN: 3,
    extraSafeFor: loop.extraSafe ? extraSafeTable(own.target, loop.cutoffEli - loop.offset) : null,
    nEarlyStop: loop.nEarlyStop,
    earlyStopRule: loop.earlyStopRule,
    boundMtd: own.boundMtd ?? null,
    extraSafeInSelection: own.extraSafeInSelection, // undefined = the spec's default, true
    parameters: { ...own.parameters, ...loop, startDose: loop.startDose + 1 },
    tableNote: own.tableNote,
  });
}
