/**
 * Upper limits on design parameters that size tables or loops, so that a typo such as
 * `"a": 100000` is refused by validation (naming the limit) instead of allocating gigabytes.
 * They are far above any phase I protocol.
 */

/** Patients in one cohort (A, B, cohortSize, expansion cohorts). */
export const MAX_COHORT = 100;
/** Patients in one trial or one phase (maxPatients, nCohorts × cohortSize, expansion patients, stop-at-n). */
export const MAX_PATIENTS = 1000;
/** Cohorts in one trial (nCohorts). */
export const MAX_COHORTS = 1000;

/** Throw a one-line error when a trial's patient count `n` (from `what`) exceeds MAX_PATIENTS. */
export function checkPatients(n: number, what: string): void {
  if (n > MAX_PATIENTS) throw new Error(`${what} = ${n} exceeds the limit of ${MAX_PATIENTS} patients`);
}
