/**
 * TITE-Keyboard (Lin & Yuan 2020, Biostatistics 21:807-824, doi:10.1093/biostatistics/kxz007):
 * the Keyboard design (keyboard.ts) deciding with patients still pending at the current dose.
 *
 * At the current dose with n treated, y DLTs observed, c pending and STFT their standardized
 * total follow-up time:
 * - c = 0: exactly Keyboard (the untimed design decides).
 * - Conservative check: with every treated patient counted (pending as DLT-free), when the
 *   strongest key lies above the target key, de-escalate whatever the pending show.
 * - Suspension (and the options of tite-interval.ts) as in TITE-BOIN.
 * - Otherwise the strongest key under Beta(1 + y, 1 + ESS - y), ESS = n - c + STFT (the
 *   effective sample size replaces n): below the target key escalate, but only with at least 3
 *   completed patients at the dose (else stay); the target key stay; above de-escalate.
 * - Elimination first, with pending patients counted as DLT-free (tite-interval.ts).
 * Keys, edge-key compensation and ties as in keyboard.ts; selection: Keyboard's.
 */
import type { ParamSpec, ParamValues } from "../config/params.js";
import { betaCdfAt, logBetaRatio } from "../select/beta-tail.js";
import type { Design } from "./design.js";
import { Cell, extraSafeTable, loopFromParams, tablesFromCells } from "./interval.js";
import { anchoredIntervals, keyboard, keyboardCell, keyboardParams } from "./keyboard.js";
import type { PendingCode } from "./pending-table.js";
import { CODE_WORDS, suspendSentence, suspendedByShare, titeConductFrom, titeConductParams, titeIntervalDesign } from "./tite-interval.js";

export const titeKeyboardParams: readonly ParamSpec[] = [...keyboardParams, ...titeConductParams];

/** The strongest key's side (E below the target key, S the target key, D above) under Beta(1 + y, 1 + m - y), m real. */
export function strongestKey(m: number, y: number, breaks: readonly number[], targetIndex: number, w: number): Cell {
  const keys = breaks.length - 1;
  // Stryker disable next-line UnaryOperator: the first key always replaces it (strength >= -Infinity)
  let best = -1;
  let bestStrength = -Infinity;
  let below = 0;
  // one Beta(1 + y, 1 + m - y) at every break-point: its log-gamma terms once
  const lnB = logBetaRatio(y + 1, m - y + 1);
  // Stryker disable next-line EqualityOperator: k = keys reads breaks[keys + 1] (undefined): betaCdf gives NaN, and a NaN strength never wins (NaN >= x is false)
  for (let k = 0; k < keys; k++) {
    const above = betaCdfAt(breaks[k + 1], y + 1, m - y + 1, lnB);
    let strength = above - below;
    below = above;
    if (k === 0 || k === keys - 1) strength *= w / (breaks[k + 1] - breaks[k]);
    if (strength >= bestStrength) {
      bestStrength = strength;
      best = k;
    }
  }
  return best < targetIndex ? Cell.E : best === targetIndex ? Cell.S : Cell.D;
}

/** Build a TITE-Keyboard design for `numDoses` doses from resolved parameters. */
export function titeKeyboard(p: ParamValues, numDoses: number): Design {
  const inner = keyboard(p, numDoses);
  const target = p.target as number;
  const marginL = p.marginL as number;
  const marginR = p.marginR as number;
  const loop = loopFromParams(p, numDoses);
  const maxN = loop.nCohorts * loop.cohortSize;
  const kcell = (n: number, y: number) => keyboardCell(n, y, target, marginL, marginR, loop.cutoffEli);
  const tables = tablesFromCells(maxN, kcell);
  const { breaks, targetIndex } = anchoredIntervals(target - marginL, target + marginR);
  const w = marginL + marginR;
  const conduct = titeConductFrom(p);
  const code = (c: Cell): PendingCode => (c === Cell.E ? "E" : c === Cell.S ? "S" : c === Cell.D ? "D" : "DE");

  const cell = (n: number, y: number, c: number, stft: number): PendingCode => {
    if (strongestKey(n, y, breaks, targetIndex, w) === Cell.D) return "D"; // whatever the pending show
    if (suspendedByShare(n, c, conduct)) return "SUS";
    // past the suspension c/n <= suspendShare < 1, so n - c >= 1; and y <= n - c (a pending patient has
    // no DLT), so the ESS m = n - c + STFT is positive and at least y
    const m = n - c + stft;
    const k = strongestKey(m, y, breaks, targetIndex, w);
    if (k === Cell.E) return n - c >= 3 ? "E" : "S";
    return k === Cell.S ? "S" : "D";
  };

  return titeIntervalDesign({
    type: "tite-keyboard",
    inner,
    target,
    loop,
    numDoses,
    eliminateAtLeast: tables.eliminateAtLeast,
    extraSafe: loop.extraSafe ? extraSafeTable(target, loop.cutoffEli - loop.offset)(maxN) : null,
    cell,
    completeCell: (n, y) => code(kcell(n, y)),
    conduct,
    parameters: {},
    tableNote: `TITE-Keyboard (Lin & Yuan 2020), target ${target}, target key [${target - marginL}, ${target + marginR}]: the strongest key under Beta(1 + y, 1 + ESS - y), ESS = n - c + STFT; escalation needs 3 completed patients. E escalate, S stay, D de-escalate, DE de-escalate and eliminate, SUS suspend accrual; "ES x": escalate if STFT >= x, else stay; "SD x": stay if STFT > x, else de-escalate.`,
    explainCell: (n, y, c, stft) => {
      const d = cell(n, y, c, stft);
      const what = CODE_WORDS[d];
      if (strongestKey(n, y, breaks, targetIndex, w) === Cell.D) return `${y}/${n} DLTs with ${c} pending counted DLT-free: the strongest key is above the target key: de-escalate whatever they show`;
      if (d === "SUS") return suspendSentence(n, y, c, conduct);
      return `${y}/${n} DLTs with ${c} pending: ESS = n - c + STFT = ${(n - c + stft).toFixed(3)}, strongest key under Beta(${1 + y}, ${(1 + n - c + stft - y).toFixed(3)}): ${what}${d === "S" && n - c < 3 ? " (escalation needs 3 completed patients)" : ""}`;
    },
  });
}
