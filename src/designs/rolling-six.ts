/**
 * The rolling six design (Skolnik, Barrett, Jayaraman, Patel & Adamson 2008, J Clin Oncol
 * 26:190-195, doi:10.1200/JCO.2007.12.7712): patients enter one at a time, up to 6 at a dose,
 * before the first ones are evaluable. The decision grid is the one printed as the "Rolling 6"
 * column of Frankel et al. (2020, JAMA Netw Open 3(5):e204787, Table 2); it is reproduced cell
 * for cell by test/reference/rolling-six.test.ts from test/reference/fixtures/rolling-six-grid.json.
 *
 * Notation at a dose: N enrolled (pending included; non-evaluable patients leave the count),
 * Y DLTs observed, c pending (inside the DLT window without a DLT), E = N − c evaluable.
 * - Y >= 2: the dose is too toxic; de-escalate (whatever the pending patients show). The dose
 *   and every higher dose are never given again.
 * - Escalate when every enrolled patient is evaluable and DLT-free with N >= 3 (3/3, 4/4, 5/5,
 *   6/6), or N = 6 with at least 5 evaluable and no DLT, or N = 6 all evaluable with 1 DLT.
 * - Hold accrual (SUSPEND) when 6 are enrolled and none of these holds.
 * - Otherwise enrol one more patient at the same dose.
 * Counts beyond 6 at a dose (an off-protocol history given to `doseladder next`) are read as 6.
 *
 * Conduct around the grid (the paper's, as this file resolves it):
 * - After a de-escalation from the too-toxic dose f, the trial is at f − 1. If f − 1 already
 *   has 6 enrolled and its grid cell escalates, it is the MTD ("at most 1 DLT in 6 whose next
 *   dose was too toxic"); if it has fewer than 6 it is expanded to 6, one patient at a time, by
 *   the grid (an escalate cell there enrols again, since the dose above is off limits); with 2
 *   DLTs there the trial steps down again. A too-toxic lowest dose ends the trial with no MTD.
 * - Escalating from the highest dose ends the trial with that dose selected ("top dose
 *   passed", as in the 3+3 of a-plus-b.ts), even with 3 patients there.
 * - A stop waits for every pending patient (the timed engine's pending mode) and is asked again.
 *
 * In the untimed engines (exact, Monte Carlo) nobody is pending (E = N), and the design treats
 * cohorts of 1: escalate after 3 DLT-free patients, or after 6 with 1 DLT; step down at the
 * second DLT at a dose. That is the 3+3 with de-escalation (a-plus-b with deEscalation) with
 * each dose's cohort curtailed at its second DLT: the same doses visited and the same MTD, with
 * at most as many patients per dose (the property test in test/unit/designs/rolling-six.test.ts).
 *
 * MTD selection is a-plus-b's (3+3 with de-escalation): the highest dose that passed (0 DLTs in
 * 3 to 5, at most 1 in 6) below the lowest too-toxic or eliminated dose.
 */
import { stop, treat, type Decision } from "../model/decision.js";
import { pendingAt, SUSPEND, type PendingTrialView } from "../model/pending.js";
import type { TrialView } from "../model/state.js";
import type { ParamSpec, ParamValues } from "../config/params.js";
import { aPlusB } from "./a-plus-b.js";
import type { DecisionTable } from "./decision-table.js";
import { measureNothing, type Design } from "./design.js";
import { buildPendingTable, type PendingCode } from "./pending-table.js";

export const rollingSixParams: readonly ParamSpec[] = [
  { name: "startDose", kind: "integer", min: 1, default: 1, description: "The dose (1-based) the first patient receives." },
];

/** Patients at a dose the design never exceeds. */
export const ROLLING_SIX_FULL = 6;
/** DLTs that make a dose too toxic. */
const TOO_TOXIC = 2;

/**
 * The grid decision at a dose with `n` enrolled, `y` DLTs and `c` pending: "E" escalate,
 * "S" enrol at the same dose, "SUS" hold accrual, "DE" de-escalate (the dose is never given again).
 * @example rollingSixCell(6, 0, 1) // => "E" (6 enrolled, 5 evaluable, no DLT)
 */
export function rollingSixCell(n: number, y: number, c: number): PendingCode {
  if (y >= TOO_TOXIC) return "DE";
  if (y === 0 && c === 0 && n >= 3) return "E";
  if (n < ROLLING_SIX_FULL) return "S";
  // 6 enrolled: escalate with at most 1 pending and no DLT, or none pending and 1 DLT; else hold
  return c <= 1 - y ? "E" : "SUS";
}

const WORDS: Record<PendingCode, string> = { E: "escalate", S: "enrol at the same dose", SUS: "hold accrual", DE: "de-escalate (too toxic)", D: "de-escalate" };

/** Build a rolling six design for `numDoses` doses from resolved parameters. */
export function rollingSix(p: ParamValues, numDoses: number): Design {
  const K = numDoses;
  const startDose = (p.startDose as number) - 1;
  // MTD selection is the 3+3 with de-escalation's (a-plus-b checks the start dose against the
  // ladder and throws "startDose N is beyond the K doses"). Equivalent mutants: a-plus-b's
  // selectMtd reads neither deEscalation nor startDose.
  // Stryker disable next-line BooleanLiteral: a-plus-b reads deEscalation only in decide (its selectMtd and offLimits use a, b, c, d, e), and only selectMtd is used here
  const threePlusThree = aPlusB({ a: 3, b: 3, c: 1, d: 1, e: 1, deEscalation: true, maxPatients: 0, startDose: startDose + 1 }, K);

  // decisions, built once
  const startAt = Array.from({ length: K }, (_, d) => treat(d, 1, "start"));
  const escalateTo = Array.from({ length: K }, (_, d) => treat(d, 1, "escalate"));
  const stayAt = Array.from({ length: K }, (_, d) => treat(d, 1, "stay"));
  // stepping down to d below the too-toxic dose d + 1: eliminate d + 1 and above
  const stepDown = Array.from({ length: K }, (_, d) => treat(d, 1, "de-escalate", { eliminateFrom: d + 1 }));
  // (only d < K - 1 is ever declared: the dose above must exist and be too toxic, so the
  // mutants of the `d + 1 < K` guard are equivalent)
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator,UnaryOperator: declared[g] is read only when g + 1 = f (the lowest off-limits dose, g < f) and g + 1 !== K, so g < K - 1 and the entry at d = K - 1 (the only one the guard or its mutants change) is never read; the d + 1 value's own mutants are killed by the mtd-declared tests
  const declared = Array.from({ length: K }, (_, d) => stop("mtd-declared", d + 1 < K ? d + 1 : -1));
  const lowestTooToxic = stop("lowest-dose-too-toxic", 0);
  const topPassed = stop("top-dose-passed");

  /**
   * The lowest dose that is eliminated or has 2 DLTs (K when none is): no patient goes there or above.
   * (Equivalent mutant: `d <= lim` reads y[lim], which returns lim itself or, at lim = K, undefined.)
   */
  const offLimits = (s: TrialView): number => {
    const lim = s.eliminatedFrom;
    // Stryker disable next-line EqualityOperator: `d <= lim` also tests d = lim, which returns lim (what the loop's end returns) or, at lim = K, reads y[K] = undefined (not >= 2)
    for (let d = 0; d < lim; d++) if (s.y[d] >= TOO_TOXIC) return d;
    return lim;
  };
  const pendingCount = (s: PendingTrialView, d: number): number => pendingAt(s, d)?.count[d] ?? 0;

  const decide = (view: TrialView): Decision => {
    const s = view as PendingTrialView;
    const f = offLimits(s);
    if (f === 0) return lowestTooToxic;
    const d = s.current;
    // the dose the trial is at: the current one, or the one below the lowest off-limits dose
    const g = d < f ? d : f - 1;
    const n = s.n[g];
    const code = rollingSixCell(n, s.y[g], pendingCount(s, g));
    if (code === "SUS") return SUSPEND;
    if (code === "E") {
      if (g + 1 === K) return topPassed;
      if (g + 1 < f) return escalateTo[g + 1];
      // the dose above is too toxic: with 6 here this is the MTD, else expand to 6
      if (n >= ROLLING_SIX_FULL) return declared[g];
    }
    // enrol one more at g ("DE" cannot occur at g < f)
    if (g < d) return stepDown[g];
    if (n > 0) return stayAt[g];
    return s.cohorts === 0 ? startAt[g] : escalateTo[g];
  };

  const decisionTable = (): DecisionTable => ({
    type: "rolling-six",
    target: null,
    cohortSize: 1,
    rows: Array.from({ length: ROLLING_SIX_FULL }, (_, i) => {
      const n = i + 1;
      return { n, escalateAtMost: n < 3 ? null : n === ROLLING_SIX_FULL ? 1 : 0, deEscalateAtLeast: n < 2 ? null : TOO_TOXIC, eliminateAtLeast: n < 2 ? null : TOO_TOXIC };
    }),
    note: "Rolling six with every patient evaluable (Skolnik et al. 2008): patients are enrolled one at a time, at most 6 at a dose; a dose with 2 DLTs is too toxic (the trial steps down and never returns there). With patients still pending see `doseladder table` without --complete.",
  });

  return {
    type: "rolling-six",
    numDoses: K,
    startDose,
    memSlots: 0,
    maxCohortSize: 1,
    maxPatients: ROLLING_SIX_FULL * K,
    maxExpansionPatients: 0,
    metrics: [],
    decidesWithPending: true,
    decide,
    selectMtd: (s) => threePlusThree.selectMtd(s),
    measure: measureNothing,
    describe: () => ({ type: "rolling-six", startDose: startDose + 1, maxPerDose: ROLLING_SIX_FULL }),
    decisionTable,
    pendingTable: (upTo?: number) => {
      const m = Math.min(upTo ?? ROLLING_SIX_FULL, ROLLING_SIX_FULL);
      const ns = Array.from({ length: m }, (_, i) => i + 1);
      return buildPendingTable(
        "rolling-six",
        null,
        1,
        ns,
        (n, y, c) => rollingSixCell(n, y, c),
        "Rolling six (Skolnik et al. 2008; grid as in Frankel et al. 2020, JAMA Netw Open, Table 2): n enrolled at the current dose, DLTs observed, pending = enrolled patients still inside the DLT window without a DLT. E escalate, S enrol the next patient at the same dose, SUS hold accrual, DE de-escalate (the dose and all above are never given again). After a de-escalation the dose below is expanded to 6 and is the MTD with at most 1 DLT in 6.",
      );
    },
    explain: (view) => {
      const s = view as PendingTrialView;
      const f = offLimits(s);
      const d = s.current;
      const n = s.n[d];
      const y = s.y[d];
      const c = pendingCount(s, d);
      const code = rollingSixCell(n, y, c);
      let text = `dose ${d + 1}: ${n} enrolled, ${n - c} evaluable, ${y} DLT${y === 1 ? "" : "s"}, ${c} pending: ${WORDS[code]} (rolling six grid)`;
      if (f < K && d !== f) text += `; dose ${f + 1} and above are off limits (${s.y[f] >= TOO_TOXIC ? `${s.y[f]} DLTs of ${s.n[f]}` : "eliminated"})`;
      return text;
    },
  };
}
