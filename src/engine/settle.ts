/**
 * How a decision takes effect, written once for the step-by-step loops (the Monte Carlo
 * fallback past the state graph, and the common-random-numbers engine): chance nodes are
 * resolved by drawing from `chance` and writing the outcome to their memory slot, the design is
 * asked again, and the treat or stop decision it finally gives has its elimination and memory
 * write carried out. The exact engine and the state graph branch on chance nodes instead of
 * drawing, but apply eliminations and writes the same way.
 */
import { Action, type Decision } from "../model/decision.js";
import type { TrialState } from "../model/state.js";
import type { Design } from "../designs/design.js";

/** A source of uniforms for chance nodes. */
export interface ChanceSource {
  next(): number;
}

/** Ask `design` until it treats or stops; returns that decision, already carried out on `state` (not its cohort). */
export function settleDecision(design: Design, state: TrialState, chance: ChanceSource): Decision {
  let dec = design.decide(state);
  while (dec.action === Action.Chance) {
    state.mem[dec.slot] = chance.next() < dec.p ? dec.yes : dec.no;
    dec = design.decide(state);
  }
  if (dec.eliminateFrom >= 0) state.eliminate(dec.eliminateFrom);
  if (dec.writeSlot >= 0) state.mem[dec.writeSlot] = dec.writeValue;
  return dec;
}
