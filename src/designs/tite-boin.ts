/**
 * TITE-BOIN, the time-to-event Bayesian optimal interval design (Yuan, Lin, Li, Nie & Warren
 * 2018, Clin Cancer Res 24:4921-4930, doi:10.1158/1078-0432.CCR-17-3220): BOIN's boundaries
 * λe, λd (boin.ts), applied with patients still pending at the current dose.
 *
 * Notation at the current dose: n treated (pending included), y DLTs observed, c pending
 * (inside the window without a DLT), STFT = Σ_pending t_i / τ.
 * - c = 0: exactly BOIN (the untimed design decides).
 * - De-escalation whatever the pending patients show (y/n > λd with them DLT-free, BOIN's
 *   integer rule y >= b.d(n)): de-escalate, even when more than half are pending.
 * - Suspension: c/n > 0.5 (and the options of tite-interval.ts): hold accrual.
 * - `estimate: "imputation"` (the paper): prior Beta(φ/2, 1 - φ/2), p̂ = (y + φ/2)/(n - c + 1),
 *   p̃ = [y + p̂/(1 - p̂)·(c - STFT)]/n.
 *   `estimate: "ess"` (Lin & Yuan 2020, Biostatistics 21:807-824): p̃ = y / (n - c + STFT),
 *   and escalation needs at least 2 completed patients at the dose (else stay).
 * - Escalate if p̃ <= λe and y/n < φ (long-memory coherence); de-escalate if p̃ >= λd and
 *   y/n >= φ; else stay.
 * - Elimination first, with the pending patients counted as DLT-free (tite-interval.ts).
 * MTD selection: BOIN's isotonic selection on the final (complete) data.
 */
import type { ParamSpec, ParamValues } from "../config/params.js";
import { lambdaD } from "../select/mtd.js";
import { boin, boinParams, boinTables, lambdaE } from "./boin.js";
import type { Design } from "./design.js";
import { extraSafeTable, loopFromParams } from "./interval.js";
import type { PendingCode } from "./pending-table.js";
import { CODE_WORDS, suspendSentence, suspendedByShare, titeConductFrom, titeConductParams, titeIntervalDesign } from "./tite-interval.js";

export const titeBoinParams: readonly ParamSpec[] = [
  ...boinParams,
  { name: "estimate", kind: "enum", values: ["imputation", "ess"], default: "imputation", description: "How pending patients enter the DLT-rate estimate: \"imputation\", the single mean imputation of Yuan et al. (2018); \"ess\", the effective sample size n - c + STFT of Lin & Yuan (2020), which also needs 2 completed patients at the dose to escalate." },
  ...titeConductParams,
];

const f2 = (x: number) => x.toFixed(3);

/** Build a TITE-BOIN design for `numDoses` doses from resolved parameters. */
export function titeBoin(p: ParamValues, numDoses: number): Design {
  const inner = boin(p, numDoses);
  const target = p.target as number;
  const pSaf = (p.pSaf as number) > 0 ? (p.pSaf as number) : 0.6 * target;
  const pTox = (p.pTox as number) > 0 ? (p.pTox as number) : 1.4 * target;
  const le = lambdaE(target, pSaf);
  const ld = lambdaD(target, pTox);
  const loop = loopFromParams(p, numDoses);
  const maxN = loop.nCohorts * loop.cohortSize;
  const tables = boinTables(target, le, ld, loop.cutoffEli, maxN);
  const de = tables.deEscalateAtLeast;
  const esc = tables.escalateAtMost;
  const ess = p.estimate === "ess";
  const conduct = titeConductFrom(p);
  const half = target / 2;

  /** The estimate p̃ with c > 0 pending. */
  const estimate = (n: number, y: number, c: number, stft: number): number => {
    if (ess) return y / (n - c + stft);
    const ph = (y + half) / (n - c + 1);
    return (y + (ph / (1 - ph)) * (c - stft)) / n;
  };

  const cell = (n: number, y: number, c: number, stft: number): PendingCode => {
    if (y >= de[n]) return "D"; // de-escalation whatever the pending patients show
    // past this line c/n <= suspendShare < 1, so n - c >= 1 and the ESS n - c + STFT is positive
    if (suspendedByShare(n, c, conduct)) return "SUS";
    const pt = estimate(n, y, c, stft);
    // Stryker disable next-line EqualityOperator,ConditionalExpression: p̃ = λe exactly never happens (λe irrational, p̃ rational); and p̃ >= y/n for both estimates (STFT <= c), so y >= target·n gives p̃ >= target > λe: `y < target * n` as true or <= changes nothing
    if (pt <= le && y < target * n) return ess && n - c < 2 ? "S" : "E";
    // Stryker disable next-line EqualityOperator: p̃ = λd exactly never happens (λd irrational, p̃ rational)
    if (pt >= ld && y >= target * n) return "D";
    return "S";
  };
  const completeCell = (n: number, y: number): PendingCode => (y <= esc[n] ? "E" : y >= de[n] ? "D" : "S");

  return titeIntervalDesign({
    type: "tite-boin",
    inner,
    target,
    loop,
    numDoses,
    eliminateAtLeast: tables.eliminateAtLeast,
    extraSafe: loop.extraSafe ? extraSafeTable(target, loop.cutoffEli - loop.offset)(maxN) : null,
    cell,
    completeCell,
    conduct,
    parameters: { estimate: p.estimate },
    tableNote: `TITE-BOIN (Yuan et al. 2018), target ${target}, λe ${f2(le)}, λd ${f2(ld)}, ${ess ? "effective-sample-size estimate (Lin & Yuan 2020)" : "single mean imputation"}. E escalate, S stay, D de-escalate, DE de-escalate and eliminate, SUS suspend accrual; "ES x": escalate if STFT >= x, else stay; "SD x": stay if STFT > x, else de-escalate (STFT: standardized total follow-up time of the pending patients).${conduct.minFollowUp > 0 ? ` Escalation also needs every pending patient followed for ${conduct.minFollowUp} of the window (not shown).` : ""}`,
    explainCell: (n, y, c, stft) => {
      const code = cell(n, y, c, stft);
      const pt = estimate(n, y, c, stft);
      const what = CODE_WORDS[code];
      if (y >= de[n]) return `${y}/${n} DLTs with ${c} pending: de-escalate whatever they show (${y} >= ${de[n]}, BOIN's boundary at n=${n})`;
      if (code === "SUS") return suspendSentence(n, y, c, conduct);
      const est = ess ? `p̃ = y/(n - c + STFT) = ${y}/${f2(n - c + stft)} = ${f2(pt)}` : `p̃ = ${f2(pt)} (single mean imputation, STFT ${f2(stft)})`;
      let threshold = "";
      if (!ess) {
        const ph = (y + half) / (n - c + 1);
        const odds = (1 - ph) / ph;
        const xe = c - (le * n - y) * odds;
        const xd = c - (ld * n - y) * odds;
        // Stryker disable next-line EqualityOperator: xe = c - (λe·n - y)·odds with λe irrational is never exactly 0 or c
        const eInside = xe > 0 && xe < c;
        // Stryker disable next-line EqualityOperator,ConditionalExpression: likewise xd (λd irrational) is never exactly 0 or c; and xd >= c needs y >= λd·n, which returned "de-escalate whatever they show" above, so `xd < c` as true changes nothing
        const dInside = xd > 0 && xd < c;
        // Stryker disable next-line EqualityOperator,ConditionalExpression: y >= target·n > λe·n gives xe > c, so eInside is false and `y < target * n` as true or <= changes nothing
        if (y < target * n && eInside) threshold = `; escalate if STFT >= ${xe.toFixed(2)}`;
        if (y >= target * n && dInside) threshold = `; stay if STFT > ${xd.toFixed(2)}, else de-escalate`;
      }
      return `${y}/${n} DLTs with ${c} pending: ${est} against λe ${f2(le)}, λd ${f2(ld)}${threshold}: ${what}`;
    },
  });
}
