/**
 * Safety Monitoring Committee review (SYS6020, NCT06688435): when the design would add
 * patients at a dose after `afterDlts` DLTs in the first `afterPatients`, the SMC decides
 * whether to do so. It agrees with probability q, an explicit chance node that the Monte
 * Carlo engine draws and the exact engine branches on. When it declines, escalation stops and
 * the MTD is the dose below (`onDecline: "lower-dose"`: the highest lower dose that patients
 * received, none when the trial started at the declined dose), the current dose
 * (`"current-dose"`), or none (`"no-mtd"`).
 *
 * Memory: one slot holding 2(d + 1) when the SMC agreed at dose d and 2(d + 1) + 1 when it declined.
 */
import { Action, chance, stop, type Decision } from "../../model/decision.js";
import type { TrialView } from "../../model/state.js";
import type { ParamSpec, ParamValues } from "../../config/params.js";
import { wrap, type Design } from "../design.js";
import { MAX_PATIENTS } from "../limits.js";

export const smcReviewParams: readonly ParamSpec[] = [
  { name: "q", kind: "probability", default: 1, description: "Probability that the SMC agrees to add patients." },
  { name: "afterPatients", kind: "integer", min: 1, max: MAX_PATIENTS, default: 3, description: "The review happens when a dose has this many patients..." },
  { name: "afterDlts", kind: "integer", min: 0, max: MAX_PATIENTS, default: 1, description: "...and this many DLTs, and the design would add patients there." },
  { name: "onDecline", kind: "enum", values: ["lower-dose", "current-dose", "no-mtd"], default: "lower-dose", description: "The MTD when the SMC declines." },
];

/** Wrap `inner` with SMC review. */
export function smcReview(inner: Design, p: ParamValues): Design {
  const q = p.q as number;
  const afterPatients = p.afterPatients as number;
  const afterDlts = p.afterDlts as number;
  const onDecline = p.onDecline as string;
  const slot = inner.memSlots;
  const K = inner.numDoses;
  const yesCode = (d: number) => 2 * (d + 1);
  const noCode = (d: number) => 2 * (d + 1) + 1;
  const review = Array.from({ length: K }, (_, d) => chance(q, slot, yesCode(d), noCode(d), "expand-cohort", "SMC"));
  const declined = Array.from({ length: K }, (_, d) =>
    stop("smc-declined", onDecline === "current-dose" ? (d + 1 < K ? d + 1 : -1) : d),
  );

  const decide = (s: TrialView): Decision => {
    const dec = inner.decide(s);
    if (q === 1 || dec.expansion) return dec;
    // Stryker disable next-line ConditionalExpression: stops and chance nodes carry dose -1, never the current dose, so the next test passes them through anyway
    if (dec.action !== Action.Treat) return dec;
    const d = dec.dose;
    if (d !== s.current || s.n[d] !== afterPatients || s.y[d] !== afterDlts) return dec;
    const m = s.mem[slot];
    if (m === yesCode(d)) return dec;
    if (m === noCode(d)) return declined[d];
    return review[d];
  };

  const selectMtd = (s: TrialView): number => {
    const m = s.mem[slot];
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: m > 0 only guards; an even m (agreed) gives a non-integer d, whose s.n[d] is undefined, so the test below fails anyway
    if (m > 0 && (m & 1) === 1) {
      const d = (m - 1) / 2 - 1;
      // the decline is the last thing that happened at dose d only if d still has afterPatients
      if (s.n[d] === afterPatients) {
        if (onDecline === "lower-dose") {
          // the highest dose below d that anyone received (none when the trial started at d)
          for (let k = d - 1; k >= 0; k--) if (s.n[k] + s.en[k] > 0) return k;
          return -1;
        }
        if (onDecline === "current-dose") return d;
        return -1;
      }
    }
    return inner.selectMtd(s);
  };

  return wrap(inner, {
    type: `${inner.type}+smc-review`,
    memSlots: slot + 1,
    decide,
    selectMtd,
    describe: () => ({ ...inner.describe(), smcReview: { q, afterPatients, afterDlts, onDecline } }),
  });
}
