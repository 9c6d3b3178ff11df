/**
 * BOIN, the Bayesian optimal interval design (Liu & Yuan 2015, JRSS C 64:507-523,
 * doi:10.1111/rssc.12089), as R BOIN 2.7.2 implements it (`get.boundary`, `get.oc`,
 * `select.mtd`).
 *
 * Boundaries from the target φ, the highest underdosing rate φ1 (`pSaf`, default 0.6φ) and the
 * lowest overdosing rate φ2 (`pTox`, default 1.4φ):
 *
 *     λe = log((1-φ1)/(1-φ)) / log(φ(1-φ1) / (φ1(1-φ)))
 *     λd = log((1-φ)/(1-φ2)) / log(φ2(1-φ) / (φ(1-φ2)))
 *
 * become integer thresholds per n (patients at the current dose), computed once:
 * - escalate if y <= floor(λe n): y/n <= λe, inclusive, with no floating tolerance;
 * - de-escalate if y >= b.d(n) = ceiling(λd n), except that when λd n is within 1e-12 of an
 *   integer m, b.d = m + 1: BOIN de-escalates when y/n > λd strictly;
 * - eliminate if y >= the smallest y in 1..n with Pr(p > φ | Beta(1 + y, 1 + n - y)) >
 *   cutoffEli (strict), defined for n >= 3 only; then b.d = min(b.d, elimination).
 *
 * The trial loop (with `nEarlyStop` in BOIN's "stop only when staying" sense, extrasafe with
 * its offset) and MTD selection (with the optional `boundMtd`) are the shared interval
 * machinery in interval.ts and src/select/mtd.ts.
 */
import type { ParamSpec, ParamValues } from "../config/params.js";
import { eliminationThreshold, lambdaD, NEVER } from "../select/mtd.js";
import type { Design } from "./design.js";
import { emptyTables, loopParams, standardIntervalDesign, type IntervalTables } from "./interval.js";

export const boinParams: readonly ParamSpec[] = [
  { name: "target", kind: "probability", open: true, description: "Target DLT rate φ." },
  { name: "pSaf", kind: "number", min: 0, exclusiveMax: 1, default: 0, description: "φ1, the highest DLT rate that counts as underdosing (escalation is right below it). 0 means 0.6 × target." },
  { name: "pTox", kind: "number", min: 0, exclusiveMax: 1, default: 0, description: "φ2, the lowest DLT rate that counts as overdosing (de-escalation is right above it). 0 means 1.4 × target." },
  ...loopParams("if-staying"),
  { name: "boundMtd", kind: "boolean", default: false, description: "Only select as MTD a dose whose isotonic DLT estimate is at most λd (R BOIN's boundMTD)." },
];

/** BOIN's escalation boundary λe for target φ and underdosing rate φ1. */
export function lambdaE(target: number, pSaf: number): number {
  return Math.log((1 - pSaf) / (1 - target)) / Math.log((target * (1 - pSaf)) / (pSaf * (1 - target)));
}

/** BOIN's de-escalation threshold ceiling(λd n), with y/n > λd strict (the 1e-12 rule). */
export function deEscalationCount(lambda: number, n: number): number {
  const x = lambda * n;
  const m = Math.round(x);
  return Math.abs(x - m) < 1e-12 ? m + 1 : Math.ceil(x);
}

/** BOIN's threshold tables for n = 0..maxN. */
export function boinTables(target: number, lambdaEsc: number, lambdaDe: number, cutoffEli: number, maxN: number): IntervalTables {
  const t = emptyTables(maxN);
  for (let n = 1; n <= maxN; n++) {
    t.escalateAtMost[n] = Math.floor(lambdaEsc * n);
    let bd = deEscalationCount(lambdaDe, n);
    if (n >= 3) {
      const el = eliminationThreshold(n, target, cutoffEli);
      t.eliminateAtLeast[n] = el;
      if (el !== NEVER && el < bd) bd = el;
    }
    t.deEscalateAtLeast[n] = bd;
  }
  return t;
}

/** Build a BOIN design for `numDoses` doses from resolved parameters. */
export function boin(p: ParamValues, numDoses: number): Design {
  const target = p.target as number;
  const pSaf = (p.pSaf as number) > 0 ? (p.pSaf as number) : 0.6 * target;
  const pTox = (p.pTox as number) > 0 ? (p.pTox as number) : 1.4 * target;
  if (!(pSaf < target)) throw new Error(`pSaf (${pSaf}) must be below the target (${target})`);
  if (!(pTox > target)) throw new Error(`pTox (${pTox}) must be above the target (${target})`);
  const le = lambdaE(target, pSaf);
  const ld = lambdaD(target, pTox);
  return standardIntervalDesign("boin", p, numDoses, {
    target,
    tablesFor: (maxN, loop) => boinTables(target, le, ld, loop.cutoffEli, maxN),
    boundMtd: p.boundMtd ? ld : null,
    parameters: { target, pSaf, pTox, lambdaE: le, lambdaD: ld, boundMtd: p.boundMtd },
    tableNote: "BOIN (R BOIN 2.7.2 get.boundary): elimination is defined from n = 3; the de-escalation boundary is capped by the elimination boundary.",
  });
}
