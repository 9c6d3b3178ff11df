/**
 * The conformance checks every design and modifier stack must pass, exported so that a user
 * writing their own design can run them too (no test framework needed: each check returns a
 * list of violations, empty when all is well).
 */
import { Action, type Decision } from "../model/decision.js";
import { TrialState, type TrialView } from "../model/state.js";
import type { Uniform } from "../random/stream.js";
import { binomialCdf, drawFromCdf } from "../random/binomial.js";
import type { Design } from "./design.js";

function snapshot(s: TrialView): string {
  return `${Array.from({ length: s.numDoses }, (_, d) => `${s.n[d]}/${s.y[d]}/${s.en[d]}/${s.ey[d]}`).join(",")}|${Array.from({ length: s.mem.length }, (_, i) => s.mem[i]).join(",")}|${s.current}|${s.eliminatedFrom}|${s.cohorts}|${s.escalationN}|${s.expansionN}`;
}

function sameDecision(a: Decision, b: Decision): boolean {
  return (
    a.action === b.action && a.panel === b.panel && a.dose === b.dose && a.size === b.size && a.expansion === b.expansion &&
    a.eliminateFrom === b.eliminateFrom && a.reason === b.reason && a.p === b.p && a.slot === b.slot &&
    a.yes === b.yes && a.no === b.no && a.writeSlot === b.writeSlot && a.writeValue === b.writeValue
  );
}

/**
 * Check one state: the decision is repeatable, leaves the state untouched, and is valid
 * (dose in range and not eliminated, positive cohort, probability in [0, 1], slots in range).
 */
export function checkDecision(design: Design, state: TrialView): string[] {
  const v: string[] = [];
  const before = snapshot(state);
  const d1 = design.decide(state);
  if (snapshot(state) !== before) v.push(`decide mutated the state ${before}`);
  const d2 = design.decide(state);
  if (!sameDecision(d1, d2)) v.push(`decide gave two different decisions for the same state ${before}`);
  if (d1.action === Action.Treat) {
    const ceiling = d1.eliminateFrom >= 0 ? Math.min(state.eliminatedFrom, d1.eliminateFrom) : state.eliminatedFrom;
    if (d1.panel) {
      // a complete-information panel is observed at every dose
    } else if (!(d1.dose >= 0 && d1.dose < design.numDoses)) v.push(`treat at dose ${d1.dose} is out of range`);
    else if (!d1.expansion && d1.dose >= ceiling) v.push(`treat at eliminated dose ${d1.dose + 1} in state ${before}`);
    if (!(Number.isInteger(d1.size) && d1.size >= 1 && d1.size <= design.maxCohortSize)) v.push(`cohort size ${d1.size} not in 1..${design.maxCohortSize}`);
  } else if (d1.action === Action.Chance) {
    if (!(d1.p >= 0 && d1.p <= 1)) v.push(`chance probability ${d1.p} not in [0, 1]`);
    if (!(d1.slot >= 0 && d1.slot < design.memSlots)) v.push(`chance slot ${d1.slot} outside memory of ${design.memSlots}`);
  }
  if (!(Number.isInteger(d1.eliminateFrom) && d1.eliminateFrom >= -1 && d1.eliminateFrom < design.numDoses)) {
    v.push(`eliminateFrom ${d1.eliminateFrom} is not -1 or a dose index`);
  }
  if (d1.writeSlot >= design.memSlots) v.push(`write to slot ${d1.writeSlot} outside memory of ${design.memSlots}`);
  const before2 = snapshot(state);
  const m = design.selectMtd(state);
  if (snapshot(state) !== before2) v.push("selectMtd mutated the state");
  if (!(Number.isInteger(m) && m >= -1 && m < design.numDoses)) v.push(`selectMtd returned ${m}`);
  else if (m >= 0 && state.n[m] + state.en[m] === 0) v.push(`selectMtd chose dose ${m + 1}, which was never tried`);
  return v;
}

/**
 * Run one whole trial of `design` under `truth`, drawing from `u`, checking every state on
 * the way; the trial must end within `maxCohorts` cohorts and `design.maxPatients` patients.
 * Returns the violations and the final state.
 */
export function checkTrial(design: Design, truth: readonly number[], u: Uniform, maxCohorts = 1000): { violations: string[]; state: TrialState } {
  const v: string[] = [];
  const s = new TrialState(design.numDoses, design.memSlots);
  s.reset(design.startDose);
  for (let step = 0; ; step++) {
    v.push(...checkDecision(design, s));
    let dec = design.decide(s);
    let guard = 0;
    while (dec.action === Action.Chance && guard++ < 100) {
      s.mem[dec.slot] = u() < dec.p ? dec.yes : dec.no;
      v.push(...checkDecision(design, s));
      dec = design.decide(s);
    }
    if (dec.action === Action.Chance) {
      v.push("more than 100 chance nodes in a row");
      break;
    }
    if (dec.eliminateFrom >= 0) s.eliminate(dec.eliminateFrom);
    if (dec.writeSlot >= 0) s.mem[dec.writeSlot] = dec.writeValue;
    if (dec.action === Action.Stop) break;
    if (s.cohorts >= maxCohorts) {
      v.push(`the trial did not end within ${maxCohorts} cohorts`);
      break;
    }
    if (dec.panel) {
      for (let i = 0; i < dec.size; i++) s.addPanelPatient(u(), truth);
      s.cohorts++;
    } else s.addCohort(dec.dose, dec.size, drawFromCdf(u(), binomialCdf(dec.size, truth[dec.dose])), dec.expansion);
    if (s.escalationN + s.expansionN > design.maxPatients) {
      v.push(`the trial treated ${s.escalationN + s.expansionN} patients, above the design's bound of ${design.maxPatients}`);
      break;
    }
  }
  const m = design.selectMtd(s);
  if (m >= 0 && s.n[m] + s.en[m] === 0) v.push(`the selected dose ${m + 1} was never tried`);
  if (m >= s.eliminatedFrom && s.en[m] === 0) v.push(`the selected dose ${m + 1} is eliminated`);
  return { violations: v, state: s };
}
