/**
 * Stop escalation once `n` patients have been treated (R escalation's `stop_at_n`):
 * before each escalation cohort, if the escalation sample size is already n or more,
 * the trial stops with reason "max-n". A cohort that would overshoot n is truncated
 * only if `truncate` is set (as BOIN's `get.oc` does for its last cohort); otherwise it
 * is treated whole and the trial stops after it.
 */
import { Action, stop, type Decision } from "../../model/decision.js";
import type { TrialView } from "../../model/state.js";
import type { ParamSpec, ParamValues } from "../../config/params.js";
import { wrap, type Design } from "../design.js";

export const stopAtNParams: readonly ParamSpec[] = [
  { name: "n", kind: "integer", min: 1, description: "Stop escalation once this many patients have been treated." },
  { name: "truncate", kind: "boolean", default: false, description: "Shrink a cohort that would overshoot n so the trial ends at exactly n." },
];

/** Wrap `inner` so that escalation stops at `n` patients. */
export function stopAtN(inner: Design, p: ParamValues): Design {
  const n = p.n as number;
  const truncate = p.truncate as boolean;
  const atN = stop("max-n");
  const K = inner.numDoses;
  const maxSize = inner.maxCohortSize;
  // Truncated cohorts are rare (only the last cohort); their decisions are memoised on first use.
  const truncated = new Map<number, Decision>();
  const truncatedTreat = (dec: Decision, size: number): Decision => {
    const key = (dec.reason * K + dec.dose) * (maxSize + 1) + size;
    let t = truncated.get(key);
    if (t === undefined) {
      t = Object.freeze({ ...dec, size });
      truncated.set(key, t);
    }
    return t;
  };
  const decide = (s: TrialView): Decision => {
    const dec = inner.decide(s);
    if (dec.action !== Action.Treat || dec.expansion) return dec;
    if (s.escalationN >= n) return atN;
    if (truncate && s.escalationN + dec.size > n) return truncatedTreat(dec, n - s.escalationN);
    return dec;
  };
  return wrap(inner, {
    type: `${inner.type}+stop-at-n`,
    maxPatients: Math.min(inner.maxPatients, n + (truncate ? 0 : maxSize - 1) + inner.maxExpansionPatients),
    decide,
    describe: () => ({ ...inner.describe(), stopAtN: { n, truncate } }),
  });
}
