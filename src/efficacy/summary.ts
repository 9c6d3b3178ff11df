/**
 * The `efficacy` block of a run's curve result: what an efficacy-guided expansion
 * (src/designs/modifiers/efficacy-expansion.ts) does after the escalation, averaged over the
 * escalation's final states (exact: their probabilities; Monte Carlo: their counts, a
 * Rao-Blackwellised estimator whose SEs are those of the per-trial conditional expectations).
 * Doses are in ladder order (arrays of length K); every probability is per trial.
 */

/** The per-trial values an efficacy expansion gives, in accumulator order, for K doses. */
export function efficacyValueNames(K: number): string[] {
  const per = (what: string) => Array.from({ length: K }, (_, d) => `${what}${d + 1}`);
  return [
    ...per("recommended"),
    ...per("futilityStop"),
    ...per("toxicityStop"),
    ...per("expansionPatients"),
    ...per("responders"),
    ...per("expanded"),
    "noDose",
    "twoDoses",
    "betterOfTwo",
    "expectedExpansionPatients",
    "expectedPatients",
    "expectedResponders",
  ];
}

/** Offsets of the scalar values after the 6 per-dose groups. */
export const EFF_NONE = 0;
export const EFF_TWO = 1;
export const EFF_BETTER = 2;
export const EFF_EXP_PATIENTS = 3;
export const EFF_PATIENTS = 4;
export const EFF_RESPONDERS = 5;
export const EFF_SCALARS = 6;

/** The efficacy block of one curve (README: "The efficacy block"). */
export interface EfficacySummary {
  /** The final rule choosing the recommended dose, and where the expansion is. */
  readonly finalRule: string;
  /** The rule defining the true optimal dose and the better of two (the final rule unless the design sets optimalRule). */
  readonly optimalRule: string;
  readonly doses: string;
  /** The curve's true response rates. */
  readonly response: readonly number[];
  /** P(dose recommended after the expansion), per dose, and P(no dose recommended). */
  readonly recommended: number[];
  readonly recommendedSE: number[];
  readonly noDose: number;
  readonly noDoseSE: number;
  /** P(the dose's expansion arm stopped for futility / for toxicity), per dose. */
  readonly futilityStop: number[];
  readonly futilityStopSE: number[];
  readonly toxicityStop: number[];
  readonly toxicityStopSE: number[];
  /** P(the dose was expanded), per dose. */
  readonly expanded: number[];
  readonly expandedSE: number[];
  /** Expected expansion patients and expansion responders per trial, per dose. */
  readonly expansionPatients: number[];
  readonly expansionPatientsSE: number[];
  readonly responders: number[];
  readonly respondersSE: number[];
  /** P(two doses expanded). */
  readonly twoDoses: number;
  readonly twoDosesSE: number;
  /** P(two doses expanded and the better of the two recommended), the better being the one the final rule picks with the true rates. */
  readonly betterOfTwo: number;
  readonly betterOfTwoSE: number;
  /** P(the better of the two recommended | two doses expanded) (a ratio estimator); null when two doses are never expanded. */
  readonly betterGivenTwo: number | null;
  readonly betterGivenTwoSE: number | null;
  /** The true optimal biological dose (1-based; 0 when no dose has a DLT rate <= toxLimit) and P(recommending it) (P(no dose) when 0). */
  readonly optimalDose: number;
  readonly optimalDoseRecommended: number;
  readonly optimalDoseRecommendedSE: number;
  /** Expected expansion patients, patients in all (escalation + expansion) and expansion responders per trial. */
  readonly expectedExpansionPatients: number;
  readonly expectedExpansionPatientsSE: number;
  readonly expectedPatients: number;
  readonly expectedPatientsSE: number;
  readonly expectedResponders: number;
  readonly expectedRespondersSE: number;
}

/**
 * The efficacy block from the values' means and SEs (`trials` weight in all; zeros for SE when
 * exact). `optimalDose` is 0-based here, -1 for none.
 */
export function efficacySummary(
  info: { finalRule: string; optimalRule?: string; doses: string; response: readonly number[]; optimalDose: number },
  mean: Float64Array,
  se: Float64Array,
  monteCarlo: boolean,
  trials: number,
): EfficacySummary {
  const K = info.response.length;
  const group = (g: number, x: Float64Array) => Array.from(x.subarray(g * K, (g + 1) * K));
  const s = 6 * K;
  const two = mean[s + EFF_TWO];
  const better = mean[s + EFF_BETTER];
  let givenTwo: number | null = null;
  let givenTwoSE: number | null = null;
  if (two > 0) {
    const r = better / two;
    givenTwo = r;
    // ratio estimator of E[b] / E[t], t the 0/1 two-dose indicator and b = 0 when t = 0 (so b·t = b,
    // t² = t): Var(b - r t) = E[b²] - 2r E[b] + r² E[t], E[b²] from the SE (se² · N + mean²)
    const eb2 = se[s + EFF_BETTER] ** 2 * trials + better * better;
    givenTwoSE = monteCarlo ? Math.sqrt(Math.max(0, eb2 - 2 * r * better + r * r * two) / trials) / two : 0;
  }
  const obd = info.optimalDose;
  return {
    finalRule: info.finalRule,
    optimalRule: info.optimalRule ?? info.finalRule,
    doses: info.doses,
    response: info.response,
    recommended: group(0, mean),
    recommendedSE: group(0, se),
    // Stryker disable next-line ArithmeticOperator: EFF_NONE is 0, so s - EFF_NONE is s + EFF_NONE
    noDose: mean[s + EFF_NONE],
    // Stryker disable next-line ArithmeticOperator: EFF_NONE is 0, so s - EFF_NONE is s + EFF_NONE
    noDoseSE: se[s + EFF_NONE],
    futilityStop: group(1, mean),
    futilityStopSE: group(1, se),
    toxicityStop: group(2, mean),
    toxicityStopSE: group(2, se),
    expansionPatients: group(3, mean),
    expansionPatientsSE: group(3, se),
    responders: group(4, mean),
    respondersSE: group(4, se),
    expanded: group(5, mean),
    expandedSE: group(5, se),
    twoDoses: two,
    twoDosesSE: se[s + EFF_TWO],
    betterOfTwo: better,
    betterOfTwoSE: se[s + EFF_BETTER],
    betterGivenTwo: givenTwo,
    betterGivenTwoSE: givenTwoSE,
    optimalDose: obd + 1,
    // Stryker disable next-line ArithmeticOperator: EFF_NONE is 0, so s - EFF_NONE is s + EFF_NONE
    optimalDoseRecommended: obd >= 0 ? mean[obd] : mean[s + EFF_NONE],
    // Stryker disable next-line ArithmeticOperator: EFF_NONE is 0, so s - EFF_NONE is s + EFF_NONE
    optimalDoseRecommendedSE: obd >= 0 ? se[obd] : se[s + EFF_NONE],
    expectedExpansionPatients: mean[s + EFF_EXP_PATIENTS],
    expectedExpansionPatientsSE: se[s + EFF_EXP_PATIENTS],
    expectedPatients: mean[s + EFF_PATIENTS],
    expectedPatientsSE: se[s + EFF_PATIENTS],
    expectedResponders: mean[s + EFF_RESPONDERS],
    expectedRespondersSE: se[s + EFF_RESPONDERS],
  };
}
