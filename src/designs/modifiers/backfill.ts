/**
 * Backfilling (BF-BOIN: Zhao, Yuan, Korn & Freidlin 2024, Clin Cancer Res 30:673-679,
 * doi:10.1158/1078-0432.CCR-23-2585), as a modifier of any design with a decision table
 * (BOIN, Keyboard, mTPI-2, i3+3, tables, the A+B family).
 *
 * Only the calendar-time engine backfills. While the escalation cohort at the current dose d is
 * pending, it asks `backfillDose`: an arriving patient goes to the highest dose b < d that is
 * open, or is turned away. Dose b is open when
 * - a response has been seen there (known at the end of the responder's assessment), when
 *   `requireResponse` is set and the scenario's curve gives response rates;
 * - its DLT data are not a de-escalation by the inner design's table, on their own or pooled
 *   with dose b + 1 (completed patients only); a dose that fails this closes every dose above it;
 * - it has fewer than `cap` patients (escalation and backfill, pending included);
 * - it is not eliminated.
 * Backfilled patients' data join the escalation data when their window closes: the inner design
 * decides on the pooled counts (escalation + completed backfill) at every dose, so its own rules
 * (early stop at nEarlyStop patients, elimination) see them; the maximum sample size still
 * counts escalation patients only (the paper's "planned cohorts").
 *
 * The conflict rule (the paper's Table 2, as the bfboin R package 0.1.1 codes it): when a lower
 * dose b calls for a more cautious move than the current dose (d escalates but b does not; or d
 * stays or de-escalates while b de-escalates or is eliminated), take b* the highest such dose,
 * pool b*..d and read the table at the pooled counts: escalate (or stay at the top), stay, or
 * de-escalate to the highest k in b*..d−1 whose pool b*..k is not a de-escalation (else b* − 1;
 * below the lowest dose: stop if dose 1 is eliminated, else dose 1). `conflictRule: "backfilled"`
 * looks only at doses that have backfilled patients (the paper), `"all"` at every lower dose,
 * `"off"` skips the rule. Two small choices where bfboin treats an eliminated dose: a resolution
 * that would stay at (or escalate from) a dose the table eliminates de-escalates instead.
 *
 * Untimed engines never fill the backfill part of the state, and then every method is the inner
 * design's (a fast-check property checks it).
 */
import { Action, stop, treat, type Decision } from "../../model/decision.js";
import type { TrialView } from "../../model/state.js";
import { TrialState } from "../../model/state.js";
import type { BackfillTrialView, BackfillView } from "../../model/pending.js";
import type { ParamSpec, ParamValues } from "../../config/params.js";
import { REASONS } from "../../model/decision.js";
import { wrap, type Design } from "../design.js";
import { MAX_PATIENTS } from "../limits.js";

export const backfillParams: readonly ParamSpec[] = [
  { name: "cap", kind: "integer", min: 1, max: MAX_PATIENTS, default: 12, description: "A dose is open for backfill while it has fewer than this many patients (escalation and backfill, pending included). BF-BOIN: 12." },
  { name: "requireResponse", kind: "boolean", default: true, description: "Open a dose for backfill only once a response has been seen there (when the scenario's curve gives response rates; otherwise the condition is void)." },
  { name: "reserve", kind: "integer", min: 0, max: MAX_PATIENTS, default: 0, description: "With a waiting list (conduct.whilePaused \"wait\"): an arriving patient joins the list for the next escalation cohort instead of being backfilled while fewer than this many are waiting (e.g. the cohort size). 0: backfill first (the paper, where patients not backfilled are turned away)." },
  { name: "conflictRule", kind: "enum", values: ["backfilled", "all", "off"], default: "backfilled", description: "When a lower dose's data call for a more cautious move than the current dose: pool them and decide on the pooled data (\"backfilled\": only doses with backfilled patients, the paper; \"all\": every lower dose; \"off\": never)." },
];

const E = 0;
const S = 1;
const D = 2;
const DU = 3;
const EARLY = REASONS.indexOf("early-stop");

/** Wrap `inner` so that the timed engine backfills lower doses while escalation cohorts are pending. */
export function backfill(inner: Design, p: ParamValues): Design {
  const cap = p.cap as number;
  const requireResponse = p.requireResponse as boolean;
  const rule = p.conflictRule as "backfilled" | "all" | "off";
  const reserve = p.reserve as number;
  const K = inner.numDoses;
  if (!inner.decisionTable) throw new Error(`backfill needs a design with a decision table (its open and conflict rules read it); ${inner.type} has none`);
  if (!Number.isFinite(inner.maxPatients)) throw new Error(`backfill needs a design with a maximum sample size; ${inner.type} has none`);
  if (inner.decidesWithPending) throw new Error(`backfill cannot wrap ${inner.type}, which decides with pending patients`);
  const M = inner.maxPatients + K * cap;
  const table = inner.decisionTable(M);
  const rows = [...table.rows].sort((a, b) => a.n - b.n);
  if (rows.length === 0) throw new Error(`backfill: the decision table of ${inner.type} has no rows`);
  // class of (n, y) for n = 0..M: read from the table row at n, or scaled from the nearest row
  // at or below n (the first row for smaller n) when the table skips n (the A+B family)
  const escAt = new Int32Array(M + 1);
  const deAt = new Int32Array(M + 1);
  const elAt = new Int32Array(M + 1);
  const NEVER = 1 << 30;
  let r = 0;
  for (let n = 1; n <= M; n++) {
    while (r + 1 < rows.length && rows[r + 1].n <= n) r++;
    const row = rows[r];
    // (at a row's own n the scale is 1 and the integer counts come through unchanged)
    const scale = n / row.n;
    escAt[n] = row.escalateAtMost === null ? -1 : Math.floor(row.escalateAtMost * scale + 1e-9);
    deAt[n] = row.deEscalateAtLeast === null ? NEVER : Math.ceil(row.deEscalateAtLeast * scale - 1e-9);
    elAt[n] = row.eliminateAtLeast === null ? NEVER : Math.ceil(row.eliminateAtLeast * scale - 1e-9);
  }
  escAt[0] = 0;
  deAt[0] = NEVER;
  elAt[0] = NEVER;
  const cls = (n: number, y: number): number => {
    // Stryker disable next-line EqualityOperator: at n = M both branches read row M
    const m = n > M ? M : n;
    if (y >= elAt[m]) return DU;
    if (y >= deAt[m]) return D;
    if (y <= escAt[m]) return E;
    return S;
  };
  // (no patients is never unsafe: cls(0, 0) is E, since escAt[0] = 0)
  const unsafe = (n: number, y: number): boolean => cls(n, y) >= D;

  const scratch = new TrialState(K, inner.memSlots);
  const merged = (s: TrialView, bf: BackfillView): TrialState => {
    scratch.copyFrom(s);
    // Stryker disable next-line EqualityOperator: d = K reads past the typed arrays (undefined) and writes past them (ignored)
    for (let d = 0; d < K; d++) {
      scratch.n[d] += bf.n[d];
      scratch.y[d] += bf.y[d];
    }
    return scratch;
  };
  const hasData = (bf: BackfillView | undefined): bf is BackfillView => {
    if (bf === undefined) return false;
    // Stryker disable next-line EqualityOperator: with d <= K, bf.n[K] reads past the typed array (undefined > 0 is false)
    for (let d = 0; d < K; d++) if (bf.n[d] > 0) return true;
    return false;
  };

  // the modifier's own moves, each built once (the timed loop allocates nothing): made[reason][dose]
  // lists the decisions built so far at that dose, one per (size, eliminateFrom)
  const size0 = inner.maxCohortSize;
  // Stryker disable next-line ArrayDeclaration: a non-decision entry in a fresh list (the mutant's string) never matches a size, so the search skips it
  const perDose = (): Decision[][] => Array.from({ length: K }, () => []);
  const made = { escalate: perDose(), stay: perDose(), "de-escalate": perDose() };
  const move = (dose: number, size: number, reason: "escalate" | "stay" | "de-escalate", eliminateFrom: number): Decision => {
    const list = made[reason][dose];
    for (let i = 0; i < list.length; i++) if (list[i].size === size && list[i].eliminateFrom === eliminateFrom) return list[i];
    const dec = treat(dose, size, reason, { eliminateFrom });
    list.push(dec);
    return dec;
  };
  const lowestTooToxic = stop("lowest-dose-too-toxic", 0);

  const decide = (s: TrialView): Decision => {
    const bf = (s as BackfillTrialView).backfill;
    if (!hasData(bf)) return inner.decide(s);
    const m = merged(s, bf);
    const dec = inner.decide(m);
    const d = s.current;
    // (at d = 0 there is no lower dose: the walk below finds none and returns dec)
    if (rule === "off" || d >= s.eliminatedFrom) return dec;
    if (dec.action === Action.Chance || dec.expansion || (dec.action === Action.Stop && dec.reason !== EARLY)) return dec;
    const cur = cls(m.n[d], m.y[d]);
    let bs = -1;
    for (let b = d - 1; b >= 0; b--) {
      // (a dose without patients is never in conflict: cls(0, 0) is E, which is neither
      // "not E" against an escalating dose nor a de-escalation)
      if (rule === "backfilled" && bf.n[b] === 0) continue;
      const c = cls(m.n[b], m.y[b]);
      if (cur === E ? c !== E : c >= D) {
        bs = b;
        break;
      }
    }
    if (bs < 0) return dec;
    let pn = 0;
    let py = 0;
    for (let b = bs; b <= d; b++) {
      pn += m.n[b];
      py += m.y[b];
    }
    const pc = cls(pn, py);
    const size = dec.action === Action.Treat ? dec.size : size0;
    const elim = cur === DU ? d : -1;
    if (pc === E || pc === S) {
      if (pc === cur) return dec;
      if (cur === DU) return move(d - 1, size, "de-escalate", d);
      // (eliminatedFrom is at most K, so this also stays at the top dose)
      if (pc === E && d + 1 < s.eliminatedFrom) return move(d + 1, size, "escalate", -1);
      return move(d, size, "stay", -1);
    }
    // the pool de-escalates: the highest k in bs..d-1 whose pool bs..k does not
    let cn = 0;
    let cy = 0;
    let k = -1;
    // Stryker disable next-line EqualityOperator: at b = d the running pool is the whole pool bs..d, a de-escalation here, so k would not move
    for (let b = bs; b < d; b++) {
      cn += m.n[b];
      cy += m.y[b];
      if (cls(cn, cy) < D) k = b;
    }
    // Stryker disable next-line EqualityOperator: k = 0 found here means cls(pool 0..0) < D, so the check of dose 0 below (=== DU) fails and k is 0 again
    if (k < 0) {
      k = bs - 1;
      if (k < 0) {
        if (cls(m.n[0], m.y[0]) === DU) return lowestTooToxic;
        k = 0;
      }
    }
    return move(k, size, "de-escalate", elim);
  };

  const selectMtd = (s: TrialView): number => {
    const bf = (s as BackfillTrialView).backfill;
    return hasData(bf) ? inner.selectMtd(merged(s, bf)) : inner.selectMtd(s);
  };

  // The open rule, scanning doses 0 .. cohortDose - 1; `why` (for `doseladder next`, null in the
  // timed engine's loop, which then allocates nothing) receives one line per dose examined.
  const scan = (s: TrialView, why: string[] | null): number => {
    const bf = (s as BackfillTrialView).backfill;
    if (bf === undefined) return -1;
    const d = bf.cohortDose;
    let best = -1;
    for (let b = 0; b < d; b++) {
      if (b >= s.eliminatedFrom) {
        why?.push(`dose ${b + 1}: eliminated`);
        break;
      }
      const nb = s.n[b] + bf.n[b];
      const yb = s.y[b] + bf.y[b];
      let n1 = s.n[b + 1] + bf.n[b + 1];
      let y1 = s.y[b + 1] + bf.y[b + 1];
      if (b + 1 === d) {
        n1 += bf.cohortDone;
        y1 += bf.cohortDlts;
      }
      // not safe on its own nor pooled with the dose above: this dose and every dose above are closed
      if (unsafe(nb, yb) && unsafe(nb + n1, yb + y1)) {
        why?.push(`dose ${b + 1}: closed, with every dose above it (${yb}/${nb} DLTs, pooled with dose ${b + 2} ${yb + y1}/${nb + n1}: de-escalation by the table)`);
        break;
      }
      if (requireResponse && bf.responded[b] === 0) {
        why?.push(`dose ${b + 1}: no response seen yet`);
        continue;
      }
      if (s.n[b] + bf.enrolled[b] >= cap) {
        why?.push(`dose ${b + 1}: full (${s.n[b] + bf.enrolled[b]} of ${cap} patients)`);
        continue;
      }
      why?.push(`dose ${b + 1}: open (${yb}/${nb} DLTs, ${s.n[b] + bf.enrolled[b]} of ${cap} patients)`);
      best = b;
    }
    return best;
  };
  const backfillDose = (s: TrialView): number => scan(s, null);

  return {
    ...wrap(inner, {
      type: `${inner.type}+backfill`,
      maxPatients: inner.maxPatients + K * cap,
      decide,
      selectMtd,
      measure: (s, out, offset) => {
        const bf = (s as BackfillTrialView).backfill;
        inner.measure(hasData(bf) ? merged(s, bf) : s, out, offset);
      },
      describe: () => ({ ...inner.describe(), backfill: { cap, requireResponse, reserve, conflictRule: rule } }),
    }),
    backfillDose,
    explainBackfill: (s: TrialView) => {
      const why: string[] = [];
      scan(s, why);
      return why;
    },
    backfillReserve: reserve,
    ...(requireResponse ? { needsResponse: true } : {}),
  };
}
