/**
 * Protocol decision tables: for each number n of patients treated at the current dose, the
 * DLT counts at which a design escalates, de-escalates and eliminates the dose (the
 * `boundary_tab` of R BOIN's `get.boundary`). Designs that can be written this way expose one
 * through the optional `Design.decisionTable`; `doseladder table` prints and checks it.
 */

/** One row of a decision table. `null` means "never" at this n. */
export interface DecisionTableRow {
  /** Patients treated at the current dose. */
  readonly n: number;
  /** Escalate when the DLT count is at most this. */
  readonly escalateAtMost: number | null;
  /** De-escalate when the DLT count is at least this. */
  readonly deEscalateAtLeast: number | null;
  /** Eliminate the dose (and every higher dose) when the DLT count is at least this. */
  readonly eliminateAtLeast: number | null;
}

/** A design's decision table. */
export interface DecisionTable {
  /** The design type that produced it. */
  readonly type: string;
  /** Target DLT rate, when the design has one (enables the "above target" check). */
  readonly target: number | null;
  /** Cohort size: the protocol table lists the multiples of it (1 = every row is a decision point). */
  readonly cohortSize: number;
  /** Rows in increasing n. */
  readonly rows: readonly DecisionTableRow[];
  /** Anything a reader must know to read the table right (e.g. when elimination applies). */
  readonly note: string;
}

/**
 * Coherence problems of a table, one sentence each (empty when coherent):
 * - a row escalates at a DLT count at which it also de-escalates or eliminates;
 * - a row escalates when the observed DLT rate y/n exceeds the target;
 * - a row de-escalates when the observed DLT rate is below the target;
 * - a row eliminates at fewer DLTs than it de-escalates (elimination implies de-escalation);
 * - a boundary is non-monotone in n: between rows n and n + s, each boundary must neither
 *   decrease (s more patients without a DLT must not make the rule harsher) nor rise by more
 *   than s (s more patients all with a DLT must not make it more lenient). A column is
 *   compared with its last defined value, since small n often has no elimination yet.
 */
export function checkDecisionTable(t: DecisionTable): string[] {
  const problems: string[] = [];
  const eps = 1e-12;
  // Stryker: the ObjectLiteral mutants `{}` of the second and third entries are equivalent because
  // a missing v (undefined) compares false with every number (v < undefined, v > undefined + step),
  // exactly as NaN does, and only column 0 reads `last[c].v` outside those comparisons.
  const last: { n: number; v: number }[] = [
    { n: 0, v: NaN },
    { n: 0, v: NaN },
    { n: 0, v: NaN },
  ];
  const names = ["escalation", "de-escalation", "elimination"];
  for (const r of t.rows) {
    const at = `n=${r.n}`;
    if (r.escalateAtMost !== null) {
      if (r.deEscalateAtLeast !== null && r.escalateAtMost >= r.deEscalateAtLeast) {
        problems.push(`${at}: escalates with up to ${r.escalateAtMost} DLTs but de-escalates from ${r.deEscalateAtLeast}`);
      }
      if (r.eliminateAtLeast !== null && r.escalateAtMost >= r.eliminateAtLeast) {
        problems.push(`${at}: escalates with up to ${r.escalateAtMost} DLTs but eliminates from ${r.eliminateAtLeast}`);
      }
      if (t.target !== null && r.escalateAtMost / r.n > t.target + eps) {
        problems.push(`${at}: escalates at ${r.escalateAtMost}/${r.n} DLTs, an observed rate above the target ${t.target}`);
      }
    }
    // Stryker: the mutant `true` for `t.target !== null` is equivalent because a null target
    // coerces to 0 and a DLT rate d/n >= 0 is never below 0 - eps.
    if (r.deEscalateAtLeast !== null && t.target !== null && r.deEscalateAtLeast / r.n < t.target - eps) {
      problems.push(`${at}: de-escalates at ${r.deEscalateAtLeast}/${r.n} DLTs, an observed rate below the target ${t.target}`);
    }
    // Stryker: the mutant `true` for `r.deEscalateAtLeast !== null` is equivalent because null
    // coerces to 0 and an elimination count is never below 0 (rows are validated >= 0).
    if (r.eliminateAtLeast !== null && r.deEscalateAtLeast !== null && r.eliminateAtLeast < r.deEscalateAtLeast) {
      problems.push(`${at}: eliminates from ${r.eliminateAtLeast} DLTs but de-escalates only from ${r.deEscalateAtLeast}`);
    }
    const values = [r.escalateAtMost, r.deEscalateAtLeast, r.eliminateAtLeast];
    for (let c = 0; c < 3; c++) {
      const v = values[c];
      if (v === null) {
        if (c === 0 && !Number.isNaN(last[0].v)) problems.push(`${at}: never escalates, though it did at n=${last[0].n} (non-monotone in n)`);
        continue;
      }
      const prev = last[c];
      // Stryker: the ConditionalExpression mutant `true` is equivalent because with prev.v = NaN both
      // comparisons below (v < NaN, v > NaN + step) are false, so nothing is pushed either way.
      if (!Number.isNaN(prev.v)) {
        const step = r.n - prev.n;
        if (v < prev.v) problems.push(`${at}: ${names[c]} boundary ${v} is below ${prev.v} at n=${prev.n} (non-monotone in n)`);
        else if (v > prev.v + step) problems.push(`${at}: ${names[c]} boundary ${v} rises by more than ${step} from ${prev.v} at n=${prev.n} (non-monotone in n)`);
      }
      last[c] = { n: r.n, v };
    }
  }
  return problems;
}
