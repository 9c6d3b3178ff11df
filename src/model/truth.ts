/**
 * The true MTD of a truth curve.
 *
 * The dose whose true DLT rate is closest to the target, as in the BOIN and Keyboard papers'
 * "correct selection". Ties (rates equally close, within 1e-12) go to the highest tied dose at
 * or below the target, else (every tied dose above it) to the lowest tied dose: on an all-zero
 * curve the true MTD is the top dose, on [0.2, 0.3] with target 0.25 it is dose 1. Unless even
 * the lowest dose is overly toxic,
 * i.e. its rate is at least 1.4 × target (BOIN's default φ2, the rate its authors deem overly
 * toxic), in which case the correct decision is to select no dose.
 */

/** Rates at or above this multiple of the target are overly toxic (BOIN's default φ2 = 1.4 φ). */
export const OVERDOSE_FACTOR = 1.4;

/** The true MTD code for "no dose is acceptable": every dose is overly toxic. */
export const NO_ACCEPTABLE_DOSE = -2;

/** Rates and distances closer than this count as equal. */
const TIE = 1e-12;

/**
 * The 0-based dose whose rate is closest to `target`. Ties: the highest tied dose whose rate
 * is at or below the target; when every tied dose is above the target, the lowest of them.
 * @example closestDose([0.05, 0.2, 0.4], 0.3) // => 1
 * @example closestDose([0, 0, 0], 0.3) // => 2 (all tie below the target: the highest)
 * @example closestDose([0.2, 0.3], 0.25) // => 0 (0.2 is at or below the target)
 */
export function closestDose(truth: readonly number[], target: number): number {
  let min = Infinity;
  for (let k = 0; k < truth.length; k++) min = Math.min(min, Math.abs(truth[k] - target));
  let lowestTied = -1;
  let highestAtOrBelow = -1;
  for (let k = 0; k < truth.length; k++) {
    if (Math.abs(truth[k] - target) > min + TIE) continue;
    if (lowestTied < 0) lowestTied = k;
    if (truth[k] <= target + TIE) highestAtOrBelow = k;
  }
  return highestAtOrBelow >= 0 ? highestAtOrBelow : lowestTied;
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
