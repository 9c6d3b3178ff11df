/** Build designs from inline configs in tests. */
import { buildDesign, parseDesignConfig } from "../../src/config/load.js";
import type { Design } from "../../src/designs/design.js";
import { Action, REASONS, type Decision } from "../../src/model/decision.js";
import type { TrialView } from "../../src/model/state.js";

export function designOf(design: Record<string, unknown>, numDoses: number, modifiers: Record<string, unknown>[] = []): Design {
  return buildDesign(parseDesignConfig({ design, modifiers }, "(test)"), numDoses);
}

/** A decision in words, with 1-based doses: "treat 3 at 2", "stop: dose-too-toxic", "chance 0.5". */
export function say(dec: Decision): string {
  if (dec.action === Action.Treat) return `treat ${dec.size} at ${dec.dose + 1}${dec.expansion ? " (expansion)" : ""}`;
  if (dec.action === Action.Stop) return `stop: ${REASONS[dec.reason]}`;
  return `chance ${dec.p}`;
}

export function decideSay(design: Design, s: TrialView): string {
  return say(design.decide(s));
}
