/**
 * i3+3 (Liu, Wang & Ji 2020, J Biopharm Stat 30(2):294-304, doi:10.1080/10543406.2019.1636811),
 * the interval 3+3 design: a rule-based design on the observed rate y/n, with the
 * equivalence interval EI = [target - epsilon1, target + epsilon2] (rule as verified in
 * PhIdesign's `get_i33_rules`):
 *
 * - y/n below EI: escalate (E);
 * - y/n inside EI: stay (S);
 * - y/n above EI: stay if (y - 1)/n is below EI (one DLT fewer would have escalated), else
 *   de-escalate (D);
 * - and the usual dose exclusion: Pr(p > target | data) > cutoffEli under a Beta(1, 1) prior
 *   gives DU (de-escalate and eliminate), applied in the trial from n = 3.
 *
 * Comparisons of y/n with the interval ends are made with a 1e-9 tolerance on y - bound × n,
 * so that y/n equal to an end (e.g. 1/4 against 0.3 - 0.05) is treated as equal rather than
 * as the floating-point rounding of 0.3 - 0.05 decides. The trial loop and MTD selection are the
 * shared interval machinery (BOIN's `get.oc` loop and `select.mtd`).
 */
import type { ParamSpec, ParamValues } from "../config/params.js";
import { posteriorExceeds } from "../select/beta-tail.js";
import type { Design } from "./design.js";
import { Cell, loopParams, standardIntervalDesign, tablesFromCells } from "./interval.js";

export const i3plus3Params: readonly ParamSpec[] = [
  { name: "target", kind: "probability", open: true, description: "Target DLT rate p_T." },
  { name: "epsilon1", kind: "number", exclusiveMin: 0, exclusiveMax: 1, default: 0.05, description: "The equivalence interval is [target - epsilon1, target + epsilon2]." },
  { name: "epsilon2", kind: "number", exclusiveMin: 0, exclusiveMax: 1, default: 0.05, description: "The equivalence interval is [target - epsilon1, target + epsilon2]." },
  ...loopParams("if-staying"),
];

const TOL = 1e-9;

/** i3+3's decision for y DLTs of n with EI = [low, high]. */
export function i3plus3Cell(n: number, y: number, target: number, low: number, high: number, cutoffEli: number): Cell {
  if (posteriorExceeds(y, n, target) > cutoffEli) return Cell.DU;
  if (y - low * n < -TOL) return Cell.E; // y/n < low
  if (y - high * n <= TOL) return Cell.S; // low <= y/n <= high
  return y - 1 - low * n < -TOL ? Cell.S : Cell.D; // y/n > high: stay when (y-1)/n < low
}

/** Build an i3+3 design for `numDoses` doses from resolved parameters. */
export function i3plus3(p: ParamValues, numDoses: number): Design {
  const target = p.target as number;
  const low = target - (p.epsilon1 as number);
  const high = target + (p.epsilon2 as number);
  if (!(low > 0 && high < 1)) throw new Error(`the equivalence interval [${low}, ${high}] must lie inside (0, 1)`);
  return standardIntervalDesign("i3plus3", p, numDoses, {
    target,
    tablesFor: (maxN, loop) => tablesFromCells(maxN, (n, y) => i3plus3Cell(n, y, target, low, high, loop.cutoffEli)),
    parameters: { target, epsilon1: p.epsilon1, epsilon2: p.epsilon2 },
    tableNote: "i3+3 (Liu, Wang & Ji 2020): the elimination (DU) column is shown wherever Pr(p > target) > cutoffEli; the trial eliminates only with at least 3 patients at the dose.",
  });
}
