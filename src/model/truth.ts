/**
 * The true MTD of a truth curve.
 *
 * The dose whose true DLT rate is closest to the target (ties: the lower dose), as in the
 * BOIN and Keyboard papers' "correct selection" — unless even the lowest dose is overly toxic,
 * i.e. its rate is at least 1.4 × target (BOIN's default φ2, the rate its authors deem overly
 * toxic), in which case the correct decision is to select no dose.
 */

/** Rates at or above this multiple of the target are overly toxic (BOIN's default φ2 = 1.4 φ). */
export const OVERDOSE_FACTOR = 1.4;

/** The true MTD code for "no dose is acceptable": every dose is overly toxic. */
export const NO_ACCEPTABLE_DOSE = -2;

/**
 * The 0-based dose whose rate is closest to `target` (ties: the lower dose).
 * @example closestDose([0.05, 0.2, 0.4], 0.3) // => 1
 */
export function closestDose(truth: readonly number[], target: number): number {
  let best = 0;
  for (let k = 1; k < truth.length; k++) {
    if (Math.abs(truth[k] - target) < Math.abs(truth[best] - target) - 1e-12) best = k;
  }
  return best;
}

/**
 * The 0-based true MTD: the closest dose to the target; NO_ACCEPTABLE_DOSE (-2) when the lowest
 * dose's rate is at least OVERDOSE_FACTOR × target; -1 without a target.
 * @example trueMtd([0.45, 0.55, 0.65], 0.25) // => -2 (every dose overly toxic: select none)
 */
export function trueMtd(truth: readonly number[], target: number | undefined): number {
  if (target === undefined) return -1;
  if (truth[0] >= OVERDOSE_FACTOR * target) return NO_ACCEPTABLE_DOSE;
  return closestDose(truth, target);
}
