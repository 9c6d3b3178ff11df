/**
 * A dose-expansion phase after escalation (SYS6020: about 50 patients in all). When the
 * wrapped design stops with an MTD m, `patients` more are enrolled in cohorts of `cohortSize`
 * at m, or split between m and m - 1 (`split: "mtd-and-lower"`, m gets the extra patient of an
 * odd total). Expansion patients are counted apart from escalation (TrialView.en / ey), so the
 * escalation's MTD never changes under them.
 *
 * Optional toxicity monitoring: after each expansion cohort, a dose stops expanding when the
 * posterior probability that its DLT rate exceeds `toxLimit` passes `cutoff`, under a
 * Beta(priorA, priorB) prior, using the expansion data alone or pooled with the escalation
 * data at that dose (`monitorData`). The final recommended dose is the highest expansion dose
 * that was not stopped; when all were stopped, the highest dose below the lowest of them that
 * patients received (none if there is no such dose, as when the trial started above it).
 *
 * Memory: one slot, 0 while escalating, then 1 + the escalation's stop reason.
 * Metrics: whether expansion started, the escalation's own MTD per dose (and none), and
 * whether monitoring stopped each dose.
 */
import { Action, STOP_BY_REASON, stop, treat, type Decision } from "../../model/decision.js";
import type { TrialView } from "../../model/state.js";
import type { ParamSpec, ParamValues } from "../../config/params.js";
import { posteriorExceeds } from "../../select/beta-tail.js";
import { wrap, type Design } from "../design.js";
import { MAX_COHORT, MAX_PATIENTS } from "../limits.js";

export const expansionParams: readonly ParamSpec[] = [
  { name: "patients", kind: "integer", min: 1, max: MAX_PATIENTS, description: "Patients enrolled in the expansion phase." },
  { name: "cohortSize", kind: "integer", min: 1, max: MAX_COHORT, default: 3, description: "Expansion patients enrolled between monitoring looks." },
  { name: "split", kind: "enum", values: ["mtd", "mtd-and-lower"], default: "mtd", description: "Expand at the MTD only, or split between the MTD and the dose below." },
  { name: "monitor", kind: "boolean", default: false, description: "Apply the toxicity monitoring rule during expansion." },
  { name: "toxLimit", kind: "probability", open: true, default: 0.3, description: "Monitoring: the DLT rate that must not be exceeded." },
  { name: "cutoff", kind: "probability", open: true, default: 0.8, description: "Monitoring: stop expanding a dose when Pr(rate > toxLimit | data) exceeds this." },
  { name: "priorA", kind: "number", exclusiveMin: 0, default: 1, description: "Monitoring: Beta prior a." },
  { name: "priorB", kind: "number", exclusiveMin: 0, default: 1, description: "Monitoring: Beta prior b." },
  { name: "monitorData", kind: "enum", values: ["all", "expansion"], default: "all", description: "Monitoring uses escalation and expansion data at the dose (all), or expansion data only." },
];

/** Patients up to which the monitoring rule is tabulated. */
const TABLE_N = 2000;

/** Wrap `inner` with a dose-expansion phase. */
export function expansion(inner: Design, p: ParamValues): Design {
  const patients = p.patients as number;
  const cohortSize = p.cohortSize as number;
  const split = p.split === "mtd-and-lower";
  const monitor = p.monitor as boolean;
  const toxLimit = p.toxLimit as number;
  const cutoff = p.cutoff as number;
  const priorA = p.priorA as number;
  const priorB = p.priorB as number;
  const pooled = p.monitorData === "all";
  const K = inner.numDoses;
  const slot = inner.memSlots;

  // Monitoring table fires[N * (maxN + 1) + Y], built once for every count the trial can reach.
  // (the table only caches posteriorExceeds: counts outside it are computed on the fly by the same
  // rule, so its bound changes the speed, never a decision)
  // Stryker disable next-line ArithmeticOperator: a table bound only, see above
  const escalationBound = Number.isFinite(inner.maxPatients) ? inner.maxPatients - inner.maxExpansionPatients : 1000;
  // (at most TABLE_N patients; larger counts, off-protocol or from very large designs, are computed on the fly)
  // Stryker disable next-line ArithmeticOperator: a table bound only, see above
  const maxN = Math.min(TABLE_N, (pooled ? escalationBound : 0) + patients);
  const fires = new Uint8Array(monitor ? (maxN + 1) * (maxN + 1) : 0);
  // Stryker disable next-line ConditionalExpression: without monitoring the table is empty (writes to it are dropped) and never read
  if (monitor) {
    for (let n = 1; n <= maxN; n++) {
      for (let y = 0; y <= n; y++) fires[n * (maxN + 1) + y] = posteriorExceeds(y, n, toxLimit, priorA, priorB) > cutoff ? 1 : 0;
    }
  }
  const stopped = (s: TrialView, d: number): boolean => {
    if (!monitor || s.en[d] === 0) return false;
    const n = s.en[d] + (pooled ? s.n[d] : 0);
    const y = s.ey[d] + (pooled ? s.y[d] : 0);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the table caches the rule below, so reading it or computing on the fly is the same (beyond it the rule must be computed: tested)
    if (n <= maxN) return fires[n * (maxN + 1) + y] === 1;
    return posteriorExceeds(y, n, toxLimit, priorA, priorB) > cutoff;
  };

  /**
   * Expansion patients at dose d when the MTD is m, in state s. The split needs patients at
   * m - 1 (off protocol, or with a start dose above 1, nobody may have received it): without
   * them, every expansion patient goes to the MTD.
   */
  const quota = (s: TrialView, m: number, d: number): number => {
    if (!split || m === 0 || s.n[m - 1] + s.en[m - 1] === 0) return d === m ? patients : 0;
    if (d === m) return Math.ceil(patients / 2);
    // Stryker disable next-line ConditionalExpression: the callers ask only about d = m and d = m - 1
    return d === m - 1 ? Math.floor(patients / 2) : 0;
  };

  // first[m][reason][eliminateFrom + 1]: the first expansion cohort at the MTD m, remembering the
  // escalation's stop reason and carrying out the elimination its stop decision asked for
  const nReasons = STOP_BY_REASON.length;
  const firstFor = (size: (m: number) => number): Decision[][][] =>
    Array.from({ length: K }, (_, m) =>
      Array.from({ length: nReasons }, (_, r) =>
        Array.from({ length: K + 1 }, (_, e) =>
          treat(m, Math.min(cohortSize, size(m)), "expansion", {
            expansion: true,
            writeSlot: slot,
            writeValue: r + 1,
            eliminateFrom: e - 1,
          }),
        ),
      ),
    );
  // (without a split the first cohort is sized for every expansion patient at m, as with a split
  // that has nobody at m - 1; with one, for the MTD's share)
  const firstWhole = firstFor(() => patients);
  const firstSplit = split ? firstFor((m) => (m > 0 ? Math.ceil(patients / 2) : patients)) : firstWhole;
  // enrol[d][size]
  const enrol: Decision[][] = Array.from({ length: K }, (_, d) =>
    Array.from({ length: cohortSize + 1 }, (_, size) => treat(d, size, "expansion", { expansion: true })),
  );
  const complete = stop("expansion-complete");

  const decide = (s: TrialView): Decision => {
    if (s.mem[slot] === 0) {
      const dec = inner.decide(s);
      if (dec.action !== Action.Stop) return dec;
      const m = inner.selectMtd(s);
      if (m < 0) return dec;
      // as in quota: a split with nobody at m - 1 puts every expansion patient at m (without a
      // split, firstSplit is firstWhole, so the choice does not matter)
      const whole =
        // Stryker disable next-line ConditionalExpression,EqualityOperator: only guards s.n[-1]; at m = 0 firstSplit already sizes the cohort for every patient, as firstWhole does
        m > 0 &&
        s.n[m - 1] + s.en[m - 1] === 0;
      return (whole ? firstWhole : firstSplit)[m][dec.reason][dec.eliminateFrom + 1];
    }
    const m = inner.selectMtd(s);
    if (m < 0) {
      // off protocol only: escalation-phase cohorts given after the expansion began left the
      // escalation with no MTD; the escalation's own stop (if it has one now) says why
      const now = inner.decide(s);
      return now.action === Action.Stop ? STOP_BY_REASON[now.reason] : complete;
    }
    // the open expansion dose with the fewest expansion patients (ties: the MTD)
    let best = -1;
    // Stryker disable next-line LogicalOperator,ConditionalExpression: the bounds only shorten the walk; doses other than m and m - 1 have quota 0 and are skipped
    for (let d = m; d >= 0 && d >= m - 1; d--) {
      const q = quota(s, m, d);
      // (a dose with quota 0 is skipped too: it always has en >= 0)
      if (s.en[d] >= q || stopped(s, d)) continue;
      if (best === -1 || s.en[d] < s.en[best]) best = d;
    }
    if (best < 0) return STOP_BY_REASON[s.mem[slot] - 1] ?? complete;
    return enrol[best][Math.min(cohortSize, quota(s, m, best) - s.en[best])];
  };

  const selectMtd = (s: TrialView): number => {
    const m = inner.selectMtd(s);
    // Stryker disable next-line ConditionalExpression,LogicalOperator: a shortcut: with m < 0 the walks below return -1, and before the expansion no dose has expansion patients, so none is stopped and the walk returns m
    if (s.mem[slot] === 0 || m < 0) return m;
    let lowest = m;
    // Stryker disable next-line LogicalOperator,ConditionalExpression: the bounds only shorten the walk; doses other than m and m - 1 have quota 0 and are skipped
    for (let d = m; d >= 0 && d >= m - 1; d--) {
      if (quota(s, m, d) === 0) continue;
      if (!stopped(s, d)) return d;
      lowest = d;
    }
    // every expansion dose was stopped: the highest dose below them that patients received (none
    // when the trial started above, e.g. with startDose > 1)
    for (let d = lowest - 1; d >= 0; d--) if (s.n[d] + s.en[d] > 0) return d;
    return -1;
  };

  const metrics = [
    "expansionStarted",
    ...Array.from({ length: K }, (_, d) => `escalationMtd${d + 1}`),
    "escalationNoMtd",
    ...Array.from({ length: K }, (_, d) => `expansionStopped${d + 1}`),
  ];
  const own = metrics.length;
  const measure = (s: TrialView, out: Float64Array, offset: number): void => {
    inner.measure(s, out, offset);
    const o = offset + inner.metrics.length;
    for (let i = 0; i < own; i++) out[o + i] = 0;
    const m = inner.selectMtd(s);
    out[o] = s.mem[slot] > 0 ? 1 : 0;
    if (m >= 0) out[o + 1 + m] = 1;
    else out[o + 1 + K] = 1;
    for (let d = 0; d < K; d++) {
      // Stryker disable next-line ConditionalExpression,EqualityOperator: before the expansion no dose has expansion patients, so stopped() is false anyway
      out[o + 2 + K + d] = s.mem[slot] > 0 && stopped(s, d) ? 1 : 0;
    }
  };

  return wrap(inner, {
    type: `${inner.type}+expansion`,
    memSlots: slot + 1,
    maxCohortSize: Math.max(inner.maxCohortSize, cohortSize),
    maxPatients: inner.maxPatients + patients,
    maxExpansionPatients: inner.maxExpansionPatients + patients,
    metrics: [...inner.metrics, ...metrics],
    decide,
    selectMtd,
    measure,
    describe: () => ({
      ...inner.describe(),
      expansion: { patients, cohortSize, split: p.split, monitor, toxLimit, cutoff, priorA, priorB, monitorData: p.monitorData },
    }),
  });
}
