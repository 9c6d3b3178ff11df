/**
 * The Keyboard design (Yan, Mandrekar & Yuan 2017, Clin Cancer Res 23(15):3994-4003,
 * doi:10.1158/1078-0432.CCR-17-0220), as R Keyboard 0.1.3 implements it
 * (`get.boundary.kb`, `get.oc.kb`, `select.mtd.kb`).
 *
 * What is implemented:
 * - Keys: the target key is [φ - marginL, φ + marginR], of width w = marginL + marginR. More
 *   keys of width w are laid out from the target key outwards in both directions; the last key
 *   on each side is cut at 0 or 1. Keys are anchored at the target key, not at 0.
 * - Edge keys: a key's strength is its posterior mass under Beta(1 + y, 1 + n - y); the first
 *   and the last key are always multiplied by w / (their width), the package's compensation
 *   factor for incomplete keys (a factor of 1 when they happen to be full width).
 * - Ties: the strongest key is the highest of the keys sharing the maximum strength (R's
 *   `max(which(x == max(x)))`): an exact tie goes to the more toxic key.
 * - Decision per (n, y): DU (de-escalate and eliminate) when Pr(p > φ | data) > cutoffEli, for
 *   that y and every larger one; otherwise E when the strongest key lies below the target key,
 *   S when it is the target key, D when above. Boundaries: escalate if y <= the largest y with
 *   E; de-escalate if y >= the smallest y with D (else with DU); eliminate if y >= the smallest
 *   y with DU. The table shows elimination from n = 2 as the package does; the trial loop
 *   eliminates only with n >= 3, as `get.oc.kb` does.
 * - Break-points within 1e-9 of 0 or 1 are taken as 0 or 1. The package's floating-point
 *   break-points create degenerate keys (for φ = 0.25: [0, 5.55e-17] and [0.99999999999999978, 1])
 *   that change no decision (every cell re-derived for n <= 30 agrees); we use the ideal keys.
 * - Trial loop: the shared interval loop (interval.ts) with `nEarlyStop` in get.oc.kb's sense
 *   (stop as soon as the current dose has nEarlyStop patients, before anything else).
 *   Selection: `select.mtd.kb`, which is BOIN's `select.mtd` without boundMTD (src/select/mtd.ts).
 *   With `extraSafe`, the extra safety rule applies in the trial loop only: `get.oc.kb` stops the
 *   trial by it, but calls `select.mtd.kb(target, n, y)` with extrasafe off at the end (R BOIN's
 *   `get.oc` passes extrasafe to `select.mtd`). It matters when the trial ends without the rule
 *   being checked, e.g. by `nEarlyStop` at dose 1 (Keyboard's early stop comes first), with dose 1
 *   failing the looser test: the package then selects from the data, BOIN selects none.
 *   `extraSafeAtSelection: true` gives BOIN's behaviour.
 * - Deliberate difference: `get.oc.kb` ignores non-default marginL, marginR and cutoffEli when
 *   building its boundaries and selecting (it calls them with defaults); here they always apply.
 */
import type { ParamSpec, ParamValues } from "../config/params.js";
import { betaCdf, posteriorExceeds } from "../select/beta-tail.js";
import type { Design } from "./design.js";
import { Cell, loopParams, standardIntervalDesign, tablesFromCells } from "./interval.js";

export const keyboardParams: readonly ParamSpec[] = [
  { name: "target", kind: "probability", open: true, description: "Target DLT rate φ." },
  { name: "marginL", kind: "number", exclusiveMin: 0, exclusiveMax: 1, default: 0.05, description: "The target key is [target - marginL, target + marginR]." },
  { name: "marginR", kind: "number", exclusiveMin: 0, exclusiveMax: 1, default: 0.05, description: "The target key is [target - marginL, target + marginR]." },
  ...loopParams("always"),
  {
    name: "extraSafeAtSelection",
    kind: "boolean",
    default: false,
    description:
      "With extraSafe: also apply the extra safety rule in the final MTD selection, as BOIN does. R Keyboard 0.1.3's get.oc.kb applies it only during the trial (its select.mtd.kb call leaves extrasafe off), which is the default.",
  },
];

const TOL = 1e-9;

/**
 * Equal-width intervals anchored at [lower, upper]: break-points lower - kw down to 0 and
 * upper + kw up to 1 (w = upper - lower), the outermost cut at 0 and 1.
 * @example anchoredIntervals(0.25, 0.35).breaks // => [0, .05, .15, .25, .35, .45, .55, .65, .75, .85, .95, 1]
 */
export function anchoredIntervals(lower: number, upper: number): { breaks: number[]; targetIndex: number } {
  const w = upper - lower;
  const left: number[] = [];
  // Stryker disable next-line EqualityOperator: > vs >= differs only for a break-point exactly at TOL = 1e-9
  for (let k = 1; lower - k * w > TOL; k++) left.unshift(lower - k * w);
  const right: number[] = [];
  // Stryker disable next-line EqualityOperator: < vs <= differs only for a break-point exactly at 1 - TOL
  for (let k = 1; upper + k * w < 1 - TOL; k++) right.push(upper + k * w);
  const breaks = [0, ...left, lower, upper, ...right, 1];
  return { breaks, targetIndex: left.length + 1 };
}

/** Keyboard's decision for y DLTs of n (with a scratch array for the CDF values). */
export function keyboardCell(n: number, y: number, target: number, marginL: number, marginR: number, cutoffEli: number): Cell {
  if (posteriorExceeds(y, n, target) > cutoffEli) return Cell.DU;
  const { breaks, targetIndex } = anchoredIntervals(target - marginL, target + marginR);
  const w = marginL + marginR;
  const keys = breaks.length - 1;
  // Stryker disable next-line UnaryOperator: the first key always replaces it (strength >= -Infinity)
  let best = -1;
  let bestStrength = -Infinity;
  let below = 0;
  for (let k = 0; k < keys; k++) {
    const above = betaCdf(breaks[k + 1], y + 1, n - y + 1);
    let strength = above - below;
    below = above;
    if (k === 0 || k === keys - 1) strength *= w / (breaks[k + 1] - breaks[k]);
    if (strength >= bestStrength) {
      bestStrength = strength;
      best = k; // >=: an exact tie goes to the higher key
    }
  }
  return best < targetIndex ? Cell.E : best === targetIndex ? Cell.S : Cell.D;
}

/** Build a Keyboard design for `numDoses` doses from resolved parameters. */
export function keyboard(p: ParamValues, numDoses: number): Design {
  const target = p.target as number;
  const marginL = p.marginL as number;
  const marginR = p.marginR as number;
  if (!(target - marginL > 0 && target + marginR < 1)) {
    throw new Error(`the target key [${target - marginL}, ${target + marginR}] must lie inside (0, 1)`);
  }
  return standardIntervalDesign("keyboard", p, numDoses, {
    target,
    tablesFor: (maxN, loop) => tablesFromCells(maxN, (n, y) => keyboardCell(n, y, target, marginL, marginR, loop.cutoffEli)),
    extraSafeInSelection: p.extraSafeAtSelection as boolean,
    parameters: { target, marginL, marginR, extraSafeAtSelection: p.extraSafeAtSelection },
    tableNote: "Keyboard (R Keyboard 0.1.3 get.boundary.kb): the elimination column starts at n = 2 as in the package; the trial eliminates only with at least 3 patients at the dose.",
  });
}

