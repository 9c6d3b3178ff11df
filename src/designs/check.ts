/**
 * The conformance checks every design and modifier stack must pass, exported so that a user
 * writing their own design can run them too (no test framework needed: each check returns a
 * list of violations, empty when all is well).
 */
import { Action, REASONS, type Decision } from "../model/decision.js";
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
  // Stryker disable next-line UpdateOperator: `step` is never read (the loop ends by break)
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
    // Stryker disable next-line ConditionalExpression: `true` calls eliminate(-1), which TrialState.eliminate ignores (from >= 0 guard)
    if (dec.eliminateFrom >= 0) s.eliminate(dec.eliminateFrom);
    // Stryker disable next-line ConditionalExpression: `true` writes mem[-1], which a typed array ignores
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

/** Options of {@link checkAdmissible} and {@link checkHistory}. */
export interface AdmissibleOptions {
  /**
   * The design may escalate over untried doses (a CRM without `restrict`, a two-stage CRM with a
   * given initial sequence). __Default:__ false: moving up from the current dose, every dose in
   * between must have been tried.
   */
  readonly maySkip?: boolean;
  /**
   * The design may declare the lowest dose too toxic from DLTs at other doses (a model-based
   * design such as the CRM's safety stop). __Default:__ false: "lowest-dose-too-toxic" needs a
   * DLT at the lowest dose.
   */
  readonly modelBased?: boolean;
}

function triedAt(s: TrialView, d: number): boolean {
  return s.n[d] + s.en[d] > 0;
}

/**
 * Check the decision in any state, on protocol or off it (a live trial's history replayed):
 * every resolved decision (chance nodes followed both ways) treats only at admissible doses, and
 * its stop reason does not contradict the data.
 * - A treat (escalation phase) is never at or above an eliminated dose (after the decision's own
 *   elimination), and moving up never skips an untried dose (unless `maySkip`).
 * - An expansion cohort goes to a dose that patients have received.
 * - "lowest-dose-too-toxic" needs a DLT at the lowest dose (any DLT with `modelBased`);
 *   "dose-too-toxic" and "all-eliminated" need a DLT; "top-dose-passed" needs patients at the top
 *   dose; "mtd-declared" needs an MTD.
 * - After a stop, the selected dose was tried and is not eliminated (expansion doses excepted).
 * - `explain`, when the design has it, never prints "undefined" or "NaN".
 * Returns the violations (empty when all is well), each naming the state.
 */
export function checkAdmissible(design: Design, state: TrialView, options: AdmissibleOptions = {}): string[] {
  const v: string[] = [];
  const K = design.numDoses;
  const at = snapshot(state);
  const explained = design.explain?.(state);
  if (explained !== undefined && /undefined|NaN/.test(explained)) v.push(`explain printed "${explained}" in state ${at}`);
  const visit = (s: TrialState, depth: number): void => {
    const dec = design.decide(s);
    if (dec.action === Action.Chance) {
      if (depth > 20) {
        v.push(`more than 20 chance nodes in a row in state ${at}`);
        return;
      }
      for (const value of [dec.yes, dec.no]) {
        const t = s.clone();
        t.mem[dec.slot] = value;
        visit(t, depth + 1);
      }
      return;
    }
    const after = s.clone();
    // Stryker disable next-line ConditionalExpression: `true` calls eliminate(-1), which TrialState.eliminate ignores (from >= 0 guard)
    if (dec.eliminateFrom >= 0) after.eliminate(dec.eliminateFrom);
    // Stryker disable next-line ConditionalExpression: `true` writes mem[-1], which a typed array ignores
    if (dec.writeSlot >= 0) after.mem[dec.writeSlot] = dec.writeValue;
    const what = `${dec.action === Action.Treat ? `treat ${dec.size} at dose ${dec.dose + 1}` : `stop (${REASONS[dec.reason]})`} in state ${at}`;
    if (dec.action === Action.Treat) {
      if (dec.panel) return;
      if (dec.expansion) {
        if (!triedAt(s, dec.dose)) v.push(`expansion at a dose nobody received: ${what}`);
        return;
      }
      if (dec.dose >= after.eliminatedFrom) v.push(`treat at an eliminated dose: ${what}`);
      if (!options.maySkip && dec.dose > s.current && s.cohorts > 0) {
        for (let d = s.current + 1; d < dec.dose; d++) {
          if (!triedAt(s, d)) {
            v.push(`escalation skips the untried dose ${d + 1}: ${what}`);
            break;
          }
        }
      }
      return;
    }
    let dlts = 0;
    // Stryker disable next-line AssignmentOperator: `-=` gives minus the same sum of non-negative counts; it is only compared with 0
    for (let d = 0; d < K; d++) dlts += s.y[d] + s.ey[d];
    const reason = REASONS[dec.reason];
    if (reason === "lowest-dose-too-toxic" && (options.modelBased ? dlts === 0 : s.y[0] + s.ey[0] === 0)) {
      v.push(`"lowest-dose-too-toxic" with ${options.modelBased ? "no DLT at all" : "no DLT at the lowest dose"}: ${what}`);
    }
    if ((reason === "dose-too-toxic" || reason === "all-eliminated") && dlts === 0) v.push(`"${reason}" with no DLT: ${what}`);
    if (reason === "top-dose-passed" && s.n[K - 1] === 0) v.push(`"top-dose-passed" with nobody at the top dose: ${what}`);
    const m = design.selectMtd(after);
    if (reason === "mtd-declared" && m < 0) v.push(`"mtd-declared" but no MTD is selected: ${what}`);
    if (m >= 0 && !triedAt(after, m)) v.push(`selects dose ${m + 1}, which nobody received: ${what}`);
    if (m >= after.eliminatedFrom && after.en[m] === 0) v.push(`selects the eliminated dose ${m + 1}: ${what}`);
  };
  const s = new TrialState(state.numDoses, state.mem.length);
  s.copyFrom(state);
  visit(s, 0);
  return v;
}

/** One cohort of a live trial's history: a 0-based dose, its size and its DLTs. */
export interface HistoryCohort {
  readonly dose: number;
  readonly size: number;
  readonly dlts: number;
}

/**
 * Replay a history of cohorts (any doses and sizes: a live trial that deviated from the
 * protocol) through `design` as `doseladder next` does (a chance node takes "yes" when the
 * cohort stays at the current dose; the decision's eliminations and memory writes are carried
 * out; the cohort joins the expansion phase when the design was expanding), and check
 * `checkAdmissible` in every state on the way, the final one included.
 */
export function checkHistory(design: Design, cohorts: readonly HistoryCohort[], options: AdmissibleOptions = {}): { violations: string[]; state: TrialState } {
  const v: string[] = [];
  const s = new TrialState(design.numDoses, design.memSlots);
  s.reset(design.startDose);
  for (const c of cohorts) {
    v.push(...checkAdmissible(design, s, options));
    let dec = design.decide(s);
    // Stryker disable next-line LogicalOperator: `||` re-asks a design whose decision is not a chance node 100 times, writing mem[-1] (ignored by the typed array): a design depends on the state alone, so the same decision comes back
    for (let guard = 0; dec.action === Action.Chance && guard < 100; guard++) {
      s.mem[dec.slot] = c.dose === s.current ? dec.yes : dec.no;
      dec = design.decide(s);
    }
    // Stryker disable next-line ConditionalExpression: `true` calls eliminate(-1), which TrialState.eliminate ignores (from >= 0 guard)
    if (dec.eliminateFrom >= 0) s.eliminate(dec.eliminateFrom);
    if (dec.writeSlot >= 0) s.mem[dec.writeSlot] = dec.writeValue;
    s.addCohort(c.dose, c.size, c.dlts, dec.action === Action.Treat && dec.expansion);
  }
  v.push(...checkAdmissible(design, s, options));
  return { violations: v, state: s };
}
