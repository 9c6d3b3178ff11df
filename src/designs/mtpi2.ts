/**
 * mTPI-2, the modified toxicity probability interval design 2 (Guo, Wang, Ji, Liu & Lin 2017,
 * Contemp Clin Trials 58:23-33, doi:10.1016/j.cct.2017.04.006).
 *
 * What is implemented: the equivalence interval EI = [target - epsilon1, target + epsilon2];
 * by "Occam's razor" the underdosing interval (0, target - epsilon1) and the overdosing
 * interval (target + epsilon2, 1) are cut into subintervals of the same width as EI, laid out
 * from EI outwards (the outermost cut at 0 and 1). Under a Beta(1, 1) prior the unit
 * probability mass UPM(I) = Pr(p in I | y, n) / |I| is computed for every interval, and the
 * decision is the interval with the largest UPM: below EI escalate (E), EI stay (S), above EI
 * de-escalate (D). An exact tie goes to the lower interval (the first maximum, R's
 * `which.max`, as PhIdesign's `get_decision_mtpi2` does). Dose exclusion: Pr(p > target |
 * data) > cutoffEli gives DU (de-escalate and eliminate), applied in the trial from n = 3.
 *
 * Relation to Keyboard: the intervals are Keyboard's keys, and UPM ranks them exactly as
 * Keyboard's strength does (UPM = strength / w, since Keyboard multiplies only the cut edge keys
 * by w / width). The two decision tables therefore coincide for the same intervals, except
 * possibly where two intervals tie exactly for the maximum (Keyboard breaks ties upwards,
 * mTPI-2 downwards). test/reference/keyboard.test.ts checks that they coincide for targets
 * 0.15-0.4 and n <= 36. The trial loop and MTD selection are the shared interval machinery
 * (BOIN's `get.oc` loop and `select.mtd`), so with the same table mTPI-2 and Keyboard simulate
 * alike apart from the early-stopping rule's default.
 */
import type { ParamSpec, ParamValues } from "../config/params.js";
import { betaCdf, posteriorExceeds } from "../select/beta-tail.js";
import type { Design } from "./design.js";
import { anchoredIntervals } from "./keyboard.js";
import { Cell, loopParams, standardIntervalDesign, tablesFromCells } from "./interval.js";

export const mtpi2Params: readonly ParamSpec[] = [
  { name: "target", kind: "probability", open: true, description: "Target DLT rate p_T." },
  { name: "epsilon1", kind: "number", exclusiveMin: 0, exclusiveMax: 1, default: 0.05, description: "The equivalence interval is [target - epsilon1, target + epsilon2]." },
  { name: "epsilon2", kind: "number", exclusiveMin: 0, exclusiveMax: 1, default: 0.05, description: "The equivalence interval is [target - epsilon1, target + epsilon2]." },
  ...loopParams("if-staying"),
];

/**
 * Relative tolerance under which two UPMs count as tied. Rounding in the breaks (0.45 + 0.05 * k)
 * and in betaCdf is ~1e-15 relative; genuine UPM gaps of the tables are far larger (the smallest
 * in test/reference/fixtures/mtpi2.json, computed exactly, is 9.4e-4).
 */
const TIE = 1e-9;

/** mTPI-2's decision for y DLTs of n. */
export function mtpi2Cell(n: number, y: number, target: number, epsilon1: number, epsilon2: number, cutoffEli: number): Cell {
  // Stryker disable next-line EqualityOperator: equivalent because > and >= differ only when the Beta tail equals
  // cutoffEli exactly, which a floating-point Beta tail at a decimal target and cutoff does not hit (R's rule is >).
  if (posteriorExceeds(y, n, target) > cutoffEli) return Cell.DU;
  const { breaks, targetIndex } = anchoredIntervals(target - epsilon1, target + epsilon2);
  // Stryker disable next-line UnaryOperator: equivalent because the first interval always replaces it (any UPM > -Infinity).
  let best = -1;
  let bestUpm = -Infinity;
  let below = 0;
  // Stryker disable next-line EqualityOperator,ArithmeticOperator: equivalent because extra passes read breaks[k + 1] = undefined, so upm is NaN and never wins.
  for (let k = 0; k + 1 < breaks.length; k++) {
    const above = betaCdf(breaks[k + 1], y + 1, n - y + 1);
    const upm = (above - below) / (breaks[k + 1] - breaks[k]);
    below = above;
    // An exact tie goes to the lower interval: a later interval wins only when its UPM is larger
    // by more than floating-point rounding (relative TIE), so that mathematically equal masses
    // (e.g. [0.4, 0.5] and [0.5, 0.6] at y = n/2) are not split by rounding in the breaks and CDFs.
    // Stryker disable next-line EqualityOperator: equivalent because > and >= differ only at upm = bestUpm * (1 + TIE) exactly, inside the tie band.
    if (upm > bestUpm * (1 + TIE)) {
      bestUpm = upm;
      best = k;
    }
  }
  return best < targetIndex ? Cell.E : best === targetIndex ? Cell.S : Cell.D;
}

/** Build an mTPI-2 design for `numDoses` doses from resolved parameters. */
export function mtpi2(p: ParamValues, numDoses: number): Design {
  const target = p.target as number;
  const epsilon1 = p.epsilon1 as number;
  const epsilon2 = p.epsilon2 as number;
  if (!(target - epsilon1 > 0 && target + epsilon2 < 1)) {
    throw new Error(`the equivalence interval [${target - epsilon1}, ${target + epsilon2}] must lie inside (0, 1)`);
  }
  return standardIntervalDesign("mtpi2", p, numDoses, {
    target,
    tablesFor: (maxN, loop) => tablesFromCells(maxN, (n, y) => mtpi2Cell(n, y, target, epsilon1, epsilon2, loop.cutoffEli)),
    parameters: { target, epsilon1, epsilon2 },
    tableNote: "mTPI-2 (Guo et al. 2017): the elimination (DU) column is shown wherever Pr(p > target) > cutoffEli; the trial eliminates only with at least 3 patients at the dose.",
  });
}
