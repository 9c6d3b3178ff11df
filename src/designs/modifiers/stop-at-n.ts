/**
 * Stop once `n` patients have been treated (R escalation's `stop_at_n`).
 *
 * What is counted depends on where the modifier sits (modifiers apply in order, the later
 * wrapping the earlier):
 * - Wrapping a design without a dose-expansion phase (placed before `expansion`, or with none):
 *   a cap on escalation. Before each escalation cohort, if the escalation sample size is
 *   already n or more, escalation stops with reason "max-n" (an expansion placed after it then
 *   starts as usual).
 * - Wrapping a design with an expansion phase (placed after `expansion`): a cap on the total,
 *   escalation and expansion together. Before every cohort, if n patients have been treated in
 *   all, the trial stops: with "max-n-before-expansion" when escalation was still going (the
 *   expansion is not reached, and the reason says so), with "max-n-in-expansion" when the
 *   expansion was under way (it enrols only the patients that fit under the cap).
 * A cohort that would overshoot n is truncated only if `truncate` is set (as BOIN's `get.oc`
 * does for its last cohort); otherwise it is treated whole and the trial stops after it.
 */
import { Action, stop, type Decision } from "../../model/decision.js";
import type { TrialView } from "../../model/state.js";
import type { ParamSpec, ParamValues } from "../../config/params.js";
import { wrap, type Design } from "../design.js";
import { MAX_PATIENTS } from "../limits.js";

export const stopAtNParams: readonly ParamSpec[] = [
  { name: "n", kind: "integer", min: 1, max: MAX_PATIENTS, description: "Stop once this many patients have been treated: in escalation, or in all when placed after an expansion." },
  { name: "truncate", kind: "boolean", default: false, description: "Shrink a cohort that would overshoot n so the trial ends at exactly n." },
];

/** Wrap `inner` so that the trial stops at `n` patients (escalation, or the total after an expansion). */
export function stopAtN(inner: Design, p: ParamValues): Design {
  const n = p.n as number;
  const truncate = p.truncate as boolean;
  const total = inner.maxExpansionPatients > 0;
  const atN = stop("max-n");
  const beforeExpansion = stop("max-n-before-expansion");
  const inExpansion = stop("max-n-in-expansion");
  // Truncated cohorts are rare (only the last cohort); each is memoised on first use, keyed by
  // the decision it shrinks (decisions are shared frozen objects) and its new size.
  const truncated = new Map<Decision, Decision[]>();
  const truncatedTreat = (dec: Decision, size: number): Decision => {
    let bySize = truncated.get(dec);
    if (bySize === undefined) {
      // Stryker disable next-line ArrayDeclaration: a seeded element sits at index 0, and sizes are >= 1
      bySize = [];
      truncated.set(dec, bySize);
    }
    let t = bySize[size];
    if (t === undefined) {
      t = Object.freeze({ ...dec, size });
      bySize[size] = t;
    }
    return t;
  };
  const decide = (s: TrialView): Decision => {
    const dec = inner.decide(s);
    if (dec.action !== Action.Treat) return dec;
    if (!total) {
      // Stryker disable next-line ConditionalExpression: equivalent as false: an inner design without an expansion phase never gives an expansion cohort
      if (dec.expansion) return dec;
      if (s.escalationN >= n) return atN;
      if (truncate && s.escalationN + dec.size > n) return truncatedTreat(dec, n - s.escalationN);
      return dec;
    }
    const treated = s.escalationN + s.expansionN;
    if (treated >= n) return dec.expansion ? inExpansion : beforeExpansion;
    if (truncate && treated + dec.size > n) return truncatedTreat(dec, n - treated);
    return dec;
  };
  const overshoot = truncate ? 0 : inner.maxCohortSize - 1;
  return wrap(inner, {
    type: `${inner.type}+stop-at-n`,
    // a cap on the total, or on an escalation that has no expansion phase (an expansion placed
    // after this modifier adds its own patients to the bound)
    maxPatients: Math.min(inner.maxPatients, n + overshoot),
    decide,
    describe: () => ({ ...inner.describe(), stopAtN: { n, truncate, counts: total ? "total (escalation and expansion)" : "escalation" } }),
  });
}
