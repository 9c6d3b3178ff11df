/**
 * Replaying a live trial: the observed cohorts, in the outcome notation of R's escalation
 * package ("1NNN 2NTN"), are fed through a design exactly as the engines apply decisions, so
 * that eliminations and memory (an SMC's verdict, the expansion phase) are what the design
 * would hold at this point of the trial. `doseladder next` and `doseladder paths --from` use it.
 */
import { Action, describeDecision, type Decision } from "../model/decision.js";
import { TrialState } from "../model/state.js";
import { formatOutcomes, parseOutcomes, type Cohort } from "../model/outcomes.js";
import type { Design } from "../designs/design.js";
import { messages } from "../config/messages.js";

/** One observed cohort, with what the design recommended before it. */
export interface ReplayStep {
  readonly cohort: Cohort;
  /** The design's decision before the cohort (after resolving chance nodes). */
  readonly recommended: Decision;
  /** Chance nodes met before the cohort and the branch taken ("yes" when the cohort stayed at the current dose). */
  readonly chances: readonly { readonly decision: Decision; readonly branch: "yes" | "no" }[];
  /** The cohort is not what the design recommended (other dose or size, or the design had stopped). */
  readonly deviates: boolean;
}

/** The result of a replay: the state after the last cohort, the steps, and one warning per deviation. */
export interface Replay {
  readonly state: TrialState;
  readonly steps: readonly ReplayStep[];
  readonly warnings: readonly string[];
}

/**
 * Replay observed cohorts through `design` from the empty trial. Before each cohort the design
 * is asked for its decision; a chance node takes "yes" when the cohort is at the current dose
 * and "no" otherwise; the decision's eliminations and memory writes are applied; then the
 * observed cohort is added (in the expansion phase when the design said so). A cohort that
 * differs from the recommendation is still added, with a warning.
 * @example replay(threePlusThree, "1NNN 2NTN").state // n = [3, 3, 0, 0, 0], y = [0, 1, 0, 0, 0]
 * @throws Error (one line) when the outcome string is malformed or names a dose above the ladder.
 */
export function replay(design: Design, outcomes: string | readonly Cohort[]): Replay {
  const cohorts = typeof outcomes === "string" ? parseOutcomes(outcomes, design.numDoses) : outcomes;
  const s = new TrialState(design.numDoses, design.memSlots);
  s.reset(design.startDose);
  const steps: ReplayStep[] = [];
  const warnings: string[] = [];
  cohorts.forEach((c, i) => {
    const chances: { decision: Decision; branch: "yes" | "no" }[] = [];
    let dec = design.decide(s);
    for (let guard = 0; dec.action === Action.Chance && guard < 100; guard++) {
      const yes = c.dose === s.current;
      s.mem[dec.slot] = yes ? dec.yes : dec.no;
      chances.push({ decision: dec, branch: yes ? "yes" : "no" });
      dec = design.decide(s);
    }
    if (dec.eliminateFrom >= 0) s.eliminate(dec.eliminateFrom);
    if (dec.writeSlot >= 0) s.mem[dec.writeSlot] = dec.writeValue;
    const deviates = dec.action !== Action.Treat || dec.dose !== c.dose || dec.size !== c.size;
    if (deviates) warnings.push(messages.replayDeviates(i + 1, formatOutcomes([c]), describeDecision(dec)));
    steps.push({ cohort: c, recommended: dec, chances, deviates });
    s.addCohort(c.dose, c.size, c.dlts, dec.action === Action.Treat && dec.expansion);
  });
  return { state: s, steps, warnings };
}
