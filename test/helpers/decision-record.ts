/** A design's decision as the decision fixtures record it: action, dose (when treating), reason and elimination. */
import { Action, REASONS, type Decision } from "../../src/model/decision.js";

export function decisionRecord(dec: Decision): { action: string; dose?: number; reason: string; eliminateFrom: number } {
  return {
    action: dec.action === Action.Treat ? "treat" : "stop",
    ...(dec.action === Action.Treat ? { dose: dec.dose } : {}),
    reason: REASONS[dec.reason],
    eliminateFrom: dec.eliminateFrom,
  };
}
