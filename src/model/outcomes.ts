/**
 * The outcome notation of R's escalation package: `"1NNN 2NTN"` is a cohort of three at
 * dose 1 with no DLT, then a cohort at dose 2 with one DLT (T) among three (N = no DLT).
 * Doses are 1-based, as protocols write them; cohorts are separated by spaces.
 */
import { TrialState } from "./state.js";

/** One cohort of an outcome string: a 0-based dose and one boolean per patient (true = DLT). */
export interface Cohort {
  readonly dose: number;
  readonly dlts: number;
  readonly size: number;
}

/**
 * Parse an outcome string.
 * @example parseOutcomes("1NNN 2NTN") // => [{dose: 0, size: 3, dlts: 0}, {dose: 1, size: 3, dlts: 1}]
 * @throws Error with a one-line message when the string is malformed or a dose exceeds `numDoses`.
 */
export function parseOutcomes(text: string, numDoses?: number): Cohort[] {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  const cohorts: Cohort[] = [];
  for (const token of trimmed.split(/\s+/)) {
    const m = /^(\d+)([NTnt]+)$/.exec(token);
    if (!m) throw new Error(`outcomes: cannot read cohort "${token}": expected a dose number then N or T per patient, e.g. 2NTN`);
    const dose = Number(m[1]) - 1;
    if (dose < 0) throw new Error(`outcomes: cohort "${token}": doses are numbered from 1`);
    if (numDoses !== undefined && dose >= numDoses) {
      throw new Error(`outcomes: cohort "${token}": dose ${dose + 1} is above the highest dose ${numDoses}`);
    }
    const marks = m[2].toUpperCase();
    let dlts = 0;
    for (const c of marks) if (c === "T") dlts++;
    cohorts.push({ dose, size: marks.length, dlts });
  }
  return cohorts;
}

/**
 * Format cohorts back into the notation; DLTs are written last within a cohort
 * (the notation's order within a cohort carries no information for any design here).
 */
export function formatOutcomes(cohorts: readonly Cohort[]): string {
  return cohorts.map((c) => `${c.dose + 1}${"N".repeat(c.size - c.dlts)}${"T".repeat(c.dlts)}`).join(" ");
}

/**
 * The escalation-phase state after the given cohorts, with no eliminations and empty memory.
 * Designs that eliminate doses or keep memory should be replayed with `replay` instead.
 */
export function stateOf(text: string, numDoses: number, memSlots = 0): TrialState {
  const s = new TrialState(numDoses, memSlots);
  s.reset(0);
  for (const c of parseOutcomes(text, numDoses)) s.addCohort(c.dose, c.size, c.dlts, false);
  return s;
}
