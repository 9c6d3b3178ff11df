/**
 * BOIN12, the Bayesian optimal interval phase I/II design for utility-based dose finding (Lin,
 * Zhou, Yan, Li & Yuan 2020, JCO Precis Oncol 4:1393-1402, doi:10.1200/PO.20.00257). Every
 * patient has a joint outcome (DLT yes/no, response yes/no); the engines draw the responses
 * because the design declares `jointOutcomes` (src/designs/design.ts), and add them per dose to
 * the design's memory slots: mem[d] = responses at dose d, and, when the utility needs it,
 * mem[K + d] = patients with both a DLT and a response.
 *
 * Utility of the four outcomes (0-100): u(response, no DLT) = 100, u(DLT, no response) = 0,
 * u(DLT, response) = u11 and u(neither) = u00 (defaults 60 and 40, the authors' "utility type 1").
 * With y01, y11, y00 the counts of the three non-zero cells among n patients at a dose, the
 * quasi-binomial pseudo count is x = (100 y01 + u11 y11 + u00 y00) / 100 and the utility's
 * posterior is Beta(1 + x, 1 + n - x) (a Beta(1, 1) prior). Writing r for responses, t for DLTs
 * and b for patients with both, 100 x = (100 - u00) r + u00 (n - t) + (u11 + u00 - 100) b, so
 * when u11 + u00 = 100 (the paper's examples) b is not needed and the table of desirability
 * scores is indexed by (n, t, r) alone: the paper's Table 3.
 *
 * Benchmark: ū = 100 φE(1 - φT) + u11 φT φE + u00 (1 - φT)(1 - φE) (the highest unacceptable
 * utility, toxicity and efficacy independent at their limits), u_b = ū + (100 - ū)/2. The
 * desirability of a dose is Pr(utility > u_b | data); the paper's rank-based desirability score
 * (RDS) ranks these probabilities over a table of (n, t, r), which orders doses the same way
 * (ranks are a monotone map), so the design compares the probabilities themselves and
 * {@link boin12DesirabilityTable} prints the ranks.
 *
 * After each cohort at the current dose d (n patients, t DLTs, r responses), as the authors'
 * simulation code (oc_boin12 with its get.boundary) does:
 *  1. toxicity: with n >= 3 and t >= 3, Pr(πT > φT | t, n) > cT eliminates d and every dose
 *     above; at the lowest dose the trial stops with no dose selected;
 *  2. futility: with n >= 3, Pr(πE < φE | r, n) > cE eliminates d alone;
 *  3. every dose eliminated: stop, no dose selected;
 *  4. n >= nEarlyStop at d: stop (the OBD is selected);
 *  5. t >= b.d(n) (BOIN's de-escalation count from λd, capped by the elimination count): the
 *     highest dose below d not eliminated; with none, stay at d unless it is eliminated (then
 *     stop, no dose). Otherwise the admissible set is d, the highest non-eliminated dose below
 *     and the lowest non-eliminated dose above (the latter only while n < N*, or once n >= N*
 *     when t <= b.e(n), BOIN's escalation count from λe); the next dose is the one with the
 *     highest desirability (ties: the higher dose, as the MD Anderson app; the authors' code
 *     breaks ties at random); when it is eliminated the trial stops with no dose;
 *  6. dose exploration: with n >= nExplore at d, t < b.d(n) and the lowest non-eliminated dose
 *     above d untried, that dose is next;
 *  7. the maximum sample size nCohorts × cohortSize reached: stop (the OBD is selected).
 * Elimination is never undone; because a dose's data change only while it is treated, the
 * eliminated doses are a function of the data, which is what a state-only design needs.
 *
 * Optimal biological dose at the end (selectMtd): the MTD is the dose whose isotonic DLT
 * estimate (PAVA of (t + 0.05)/(n + 0.1) with weights n + 0.1, plus 0.001 × dose number, as the
 * authors' code) is closest to φT; the OBD is, among the tried and non-eliminated doses at or
 * below the MTD, the one with the highest posterior mean utility 100 (1 + x)/(2 + n) (ties: the
 * lower dose). The authors' code fits the efficacy curve by a unimodal model-averaged estimate
 * instead; this implementation uses the Beta posterior of the utility itself (see the README).
 */
import type { ParamSpec, ParamValues } from "../config/params.js";
import { stop, treat, type Decision, type Reason } from "../model/decision.js";
import type { TrialView } from "../model/state.js";
import { betaCdf } from "../select/beta-tail.js";
import { lambdaD, NEVER } from "../select/mtd.js";
import { pavaInPlace, pavaScratch } from "../select/isotonic.js";
import { boinTables, lambdaE } from "./boin.js";
import type { Design } from "./design.js";
import { checkPatients, MAX_COHORT, MAX_COHORTS } from "./limits.js";

export const boin12Params: readonly ParamSpec[] = [
  { name: "target", kind: "probability", open: true, description: "φT, the highest acceptable DLT rate (BOIN's target for λe and λd, and the toxicity elimination limit)." },
  { name: "efficacyLow", kind: "probability", open: true, description: "φE, the lowest acceptable response rate (the futility limit)." },
  { name: "u11", kind: "integer", min: 0, max: 100, default: 60, description: "Utility (0-100) of a patient with both a DLT and a response. u(response, no DLT) = 100 and u(DLT, no response) = 0." },
  { name: "u00", kind: "integer", min: 0, max: 100, default: 40, description: "Utility (0-100) of a patient with neither a DLT nor a response." },
  { name: "cohortSize", kind: "integer", min: 1, max: MAX_COHORT, default: 3, description: "Patients per cohort." },
  { name: "nCohorts", kind: "integer", min: 1, max: MAX_COHORTS, default: 10, description: "Number of cohorts: the maximum sample size is nCohorts × cohortSize." },
  { name: "startDose", kind: "integer", min: 1, default: 1, description: "The dose (1-based) the first cohort receives." },
  { name: "pSaf", kind: "number", min: 0, exclusiveMax: 1, default: 0, description: "φ1 of BOIN's escalation boundary λe. 0 means 0.6 × target." },
  { name: "pTox", kind: "number", min: 0, exclusiveMax: 1, default: 0, description: "φ2 of BOIN's de-escalation boundary λd. 0 means 1.4 × target." },
  { name: "cutoffTox", kind: "probability", open: true, default: 0.95, description: "cT: eliminate a dose and all higher when Pr(DLT rate > target | data) > cT (at least 3 patients and 3 DLTs there; Beta(1, 1) prior)." },
  { name: "cutoffEff", kind: "probability", open: true, default: 0.9, description: "cE: eliminate a dose for futility when Pr(response rate < efficacyLow | data) > cE (at least 3 patients there; Beta(1, 1) prior)." },
  { name: "nStar", kind: "integer", min: 1, default: 6, description: "N*: once the current dose has this many patients, the dose above is admissible only when its DLT count is at most BOIN's escalation boundary." },
  { name: "nExplore", kind: "integer", min: 1, default: 9, description: "Dose exploration: once the current dose has this many patients and its DLT count is below the de-escalation boundary, an untried dose above it is tried next." },
  { name: "nEarlyStop", kind: "integer", min: 0, default: 0, description: "Stop the trial (and select the OBD) when the current dose has this many patients; 0: never (only the maximum sample size stops it)." },
];

/** The resolved numbers BOIN12 decides by. */
export interface Boin12Spec {
  readonly target: number;
  readonly efficacyLow: number;
  readonly u11: number;
  readonly u00: number;
  readonly cutoffTox: number;
  readonly cutoffEff: number;
}

/** ū and the benchmark u_b (both 0-100) of a spec. */
export function boin12Benchmark(p: Boin12Spec): { uBar: number; uB: number } {
  const uBar = 100 * p.efficacyLow * (1 - p.target) + p.u11 * p.target * p.efficacyLow + p.u00 * (1 - p.target) * (1 - p.efficacyLow);
  return { uBar, uB: uBar + (100 - uBar) / 2 };
}

/** 100 × the pseudo count x from n patients, t DLTs, r responses and b with both. */
export function pseudoCount100(p: Boin12Spec, n: number, t: number, r: number, b: number): number {
  return (100 - p.u00) * r + p.u00 * (n - t) + (p.u11 + p.u00 - 100) * b;
}

/** Pr(utility > u_b | x100 / 100 of n) under the Beta(1, 1) prior: the desirability. */
export function desirability(uB: number, n: number, x100: number): number {
  const x = x100 / 100;
  return 1 - betaCdf(uB / 100, 1 + x, 1 + n - x);
}

/** Is a dose with t DLTs of n too toxic (cT rule)? */
export function tooToxic(p: Boin12Spec, n: number, t: number): boolean {
  return n >= 3 && t >= 3 && 1 - betaCdf(p.target, 1 + t, 1 + n - t) > p.cutoffTox;
}

/** Is a dose with r responses of n futile (cE rule)? */
export function futile(p: Boin12Spec, n: number, r: number): boolean {
  return n >= 3 && betaCdf(p.efficacyLow, 1 + r, 1 + n - r) > p.cutoffEff;
}

/** One cell of the desirability table. */
export interface DesirabilityCell {
  readonly n: number;
  readonly dlts: number;
  readonly responses: number;
  /** Pr(DLT rate > φT | data) < cT and Pr(response rate < φE | data) < cE (no minimum n: the table's definition). */
  readonly admissible: boolean;
  /** Pr(utility > u_b | data). */
  readonly probability: number;
  /** The rank of `probability` among the admissible cells (ties averaged), or null (eliminated, "E"). */
  readonly rds: number | null;
}

/**
 * The paper's table of rank-based desirability scores (its Table 3 for n = 0, 3, 6, 9 with
 * φT = 0.35, φE = 0.25, u11 = 60, u00 = 40): for every n in `sampleSizes` and every DLT and
 * response count 0..n, the desirability and its rank among the admissible cells of the table.
 * Defined by marginal counts, so only for u11 + u00 = 100.
 */
export function boin12DesirabilityTable(p: Boin12Spec, sampleSizes: readonly number[]): DesirabilityCell[] {
  if (p.u11 + p.u00 !== 100) throw new Error(`the desirability table by (n, DLTs, responses) needs u11 + u00 = 100 (got ${p.u11} + ${p.u00})`);
  const { uB } = boin12Benchmark(p);
  const cells: { n: number; dlts: number; responses: number; admissible: boolean; probability: number }[] = [];
  for (const n of sampleSizes) {
    for (let t = 0; t <= n; t++) {
      for (let r = 0; r <= n; r++) {
        const admissible = 1 - betaCdf(p.target, 1 + t, 1 + n - t) < p.cutoffTox && betaCdf(p.efficacyLow, 1 + r, 1 + n - r) < p.cutoffEff;
        cells.push({ n, dlts: t, responses: r, admissible, probability: desirability(uB, n, pseudoCount100(p, n, t, r, 0)) });
      }
    }
  }
  const ranked = cells.filter((c) => c.admissible).map((c) => c.probability).sort((a, b) => a - b);
  const rankOf = (v: number): number => {
    let lo = ranked.indexOf(v);
    let hi = ranked.lastIndexOf(v);
    return (lo + 1 + hi + 1) / 2;
  };
  return cells.map((c) => ({ ...c, rds: c.admissible ? rankOf(c.probability) : null }));
}

/** Build a BOIN12 design for `numDoses` doses from resolved parameters. */
export function boin12(p: ParamValues, numDoses: number): Design {
  const K = numDoses;
  const spec: Boin12Spec = {
    target: p.target as number,
    efficacyLow: p.efficacyLow as number,
    u11: p.u11 as number,
    u00: p.u00 as number,
    cutoffTox: p.cutoffTox as number,
    cutoffEff: p.cutoffEff as number,
  };
  const target = spec.target;
  const pSaf = (p.pSaf as number) > 0 ? (p.pSaf as number) : 0.6 * target;
  const pTox = (p.pTox as number) > 0 ? (p.pTox as number) : 1.4 * target;
  if (!(pSaf < target)) throw new Error(`pSaf (${pSaf}) must be below the target (${target})`);
  if (!(pTox > target)) throw new Error(`pTox (${pTox}) must be above the target (${target})`);
  const size = p.cohortSize as number;
  const nCohorts = p.nCohorts as number;
  const maxN = size * nCohorts;
  checkPatients(maxN, `nCohorts × cohortSize (${nCohorts} × ${size})`);
  const startDose = (p.startDose as number) - 1;
  if (startDose >= K) throw new Error(`startDose ${startDose + 1} is beyond the ${K} doses`);
  const nStar = p.nStar as number;
  const nExplore = p.nExplore as number;
  const nEarlyStop = (p.nEarlyStop as number) > 0 ? (p.nEarlyStop as number) : Infinity;
  const le = lambdaE(target, pSaf);
  const ld = lambdaD(target, pTox);
  // BOIN's count boundaries, the de-escalation count capped by the toxicity elimination count
  const tables = boinTables(target, le, ld, spec.cutoffTox, maxN);
  const escAtMost = tables.escalateAtMost;
  const deAtLeast = tables.deEscalateAtLeast;
  const { uBar, uB } = boin12Benchmark(spec);
  // b (DLT and response) matters only when u11 + u00 != 100
  const both = spec.u11 + spec.u00 !== 100;
  const memSlots = both ? 2 * K : K;

  // Tables by n: the smallest toxic DLT count (n >= 3, t >= 3), the largest futile response count.
  const toxicFrom = new Int32Array(maxN + 1).fill(NEVER);
  const futileUpTo = new Int32Array(maxN + 1).fill(-1);
  for (let n = 3; n <= maxN; n++) {
    for (let t = 3; t <= n; t++) {
      if (tooToxic(spec, n, t)) {
        toxicFrom[n] = t;
        break;
      }
    }
    for (let r = n; r >= 0; r--) {
      if (futile(spec, n, r)) {
        futileUpTo[n] = r;
        break;
      }
    }
  }
  // Desirabilities memoised by (n, 100x): row n is made on first use.
  // Stryker disable next-line ArrayDeclaration,ArithmeticOperator: a JS array grows on assignment, its initial length changes nothing
  const desRows: (Float64Array | undefined)[] = new Array(maxN + 1);
  const prior = desirability(uB, 0, 0);
  const des = (n: number, x100: number): number => {
    // Stryker disable next-line ConditionalExpression: without the shortcut row 0 computes desirability(uB, 0, 0), the same prior
    if (n === 0) return prior;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: memoisation only; a row is made for any n, and computing directly gives the same value
    if (n > maxN) return desirability(uB, n, x100);
    let row = desRows[n];
    // Stryker disable next-line ConditionalExpression: a row made anew each time only loses the memo, the values are the same
    if (!row) row = desRows[n] = new Float64Array(100 * n + 1).fill(-1);
    let v = row[x100];
    // Stryker disable next-line ConditionalExpression,EqualityOperator: recomputing a memoised value (or one equal to 0) gives the same value
    if (v < 0) v = row[x100] = desirability(uB, n, x100);
    return v;
  };
  const respAt = (s: TrialView, d: number): number => s.mem[d];
  const bothAt = (s: TrialView, d: number): number => (both ? s.mem[K + d] : 0);
  const toxicAt = (s: TrialView, d: number): boolean => {
    const n = s.n[d];
    return n > maxN ? tooToxic(spec, n, s.y[d]) : s.y[d] >= toxicFrom[n];
  };
  const futileAt = (s: TrialView, d: number): boolean => {
    const n = s.n[d];
    return n > maxN ? futile(spec, n, respAt(s, d)) : respAt(s, d) <= futileUpTo[n];
  };
  /** The lowest dose eliminated for toxicity by the data (K when none). */
  const toxicFromData = (s: TrialView): number => {
    const top = Math.min(K, s.eliminatedFrom);
    // Stryker disable next-line EqualityOperator,ConditionalExpression: d = top is K (s.n[K] undefined, never > 0) or eliminatedFrom (returning it is returning top); an untried dose is never toxic (toxicFrom[0] = NEVER)
    for (let d = 0; d < top; d++) if (s.n[d] > 0 && toxicAt(s, d)) return d;
    return top;
  };
  const desirabilityAt = (s: TrialView, d: number): number => {
    const n = s.n[d];
    return des(n, pseudoCount100(spec, n, s.y[d], respAt(s, d), bothAt(s, d)));
  };

  // Decisions, built once (on first use) and shared.
  const REASONS_USED: readonly Reason[] = ["start", "escalate", "stay", "de-escalate"];
  // Stryker disable next-line ArrayDeclaration,ArithmeticOperator: a JS array grows on assignment, its initial length changes nothing
  const treats: (Decision | undefined)[] = new Array(K * REASONS_USED.length * (K + 1));
  const treatAt = (dose: number, from: number, eliminateFrom: number): Decision => {
    const reason = dose > from ? 1 : dose === from ? 2 : 3;
    // Stryker disable next-line ArithmeticOperator: the survivors (dose·4 - reason, ± eliminateFrom ∓ 1) are other one-to-one cache keys (reason 1-3, eliminateFrom -1..K-1), the same decisions
    const i = (dose * REASONS_USED.length + reason) * (K + 1) + eliminateFrom + 1;
    return (treats[i] ??= treat(dose, size, REASONS_USED[reason], { eliminateFrom }));
  };
  const start = treat(startDose, size, "start");
  const lowestTooToxic = stop("lowest-dose-too-toxic", 0);
  const allEliminatedBy: Decision[] = Array.from({ length: K + 1 }, (_, e) => stop("all-eliminated", e < K ? e : -1));
  const earlyStopBy: Decision[] = Array.from({ length: K + 1 }, (_, e) => stop("early-stop", e < K ? e : -1));
  const maxNBy: Decision[] = Array.from({ length: K + 1 }, (_, e) => stop("max-n", e < K ? e : -1));

  /** Is dose j excluded (eliminated for toxicity from `toxFrom`, or futile by its data)? */
  const excluded = (s: TrialView, j: number, toxFrom: number): boolean => j >= toxFrom || (s.n[j] > 0 && futileAt(s, j));

  const decide = (s: TrialView): Decision => {
    if (s.escalationN === 0) return start;
    const d = s.current;
    const n = s.n[d];
    const t = s.y[d];
    let toxFrom = toxicFromData(s);
    // 1. toxicity elimination at the current dose (and above); none is left at the lowest dose
    const newly = toxFrom < s.eliminatedFrom ? toxFrom : -1;
    if (toxFrom === 0) return lowestTooToxic;
    // 3. every dose eliminated (toxicity or futility)
    let any = false;
    // Stryker disable next-line EqualityOperator: j = K is always excluded (K >= toxFrom)
    for (let j = 0; j < K && !any; j++) if (!excluded(s, j, toxFrom)) any = true;
    // Stryker disable next-line EqualityOperator: newly = 0 means toxFrom = 0, which returned lowestTooToxic above
    const e = newly < 0 ? K : newly;
    if (!any) return allEliminatedBy[e];
    // 4. early stop at nEarlyStop patients at the dose
    if (n >= nEarlyStop) return earlyStopBy[e];
    // Stryker disable next-line EqualityOperator: at n = maxN both branches give maxN
    const nn = n > maxN ? maxN : n;
    // 5. the dose-finding rule
    // Stryker disable next-line UnaryOperator: next is assigned on every path before it is read
    let next = -1;
    let below = -1;
    for (let j = d - 1; j >= 0; j--) {
      if (!excluded(s, j, toxFrom)) {
        below = j;
        break;
      }
    }
    let above = -1;
    // Stryker disable next-line EqualityOperator: j = K is always excluded (K >= toxFrom)
    for (let j = d + 1; j < K; j++) {
      if (!excluded(s, j, toxFrom)) {
        above = j;
        break;
      }
    }
    const deEscalate = t >= deAtLeast[nn];
    if (deEscalate) {
      if (below >= 0) next = below;
      else if (excluded(s, d, toxFrom)) return allEliminatedBy[e];
      else next = d;
    } else {
      // the admissible set in increasing dose order, the highest desirability winning and the
      // higher dose winning ties; an excluded current dose counts 0 (the authors' posH)
      let best = -1;
      if (below >= 0) {
        best = desirabilityAt(s, below);
        next = below;
      }
      const vd = excluded(s, d, toxFrom) ? 0 : desirabilityAt(s, d);
      if (vd >= best) {
        best = vd;
        next = d;
      }
      if (above >= 0 && (n < nStar || t <= escAtMost[nn]) && desirabilityAt(s, above) >= best) next = above;
      if (excluded(s, next, toxFrom)) return allEliminatedBy[e];
    }
    // 6. dose exploration
    if (above >= 0 && n >= nExplore && s.n[above] === 0 && t < deAtLeast[nn]) next = above;
    // 7. the maximum sample size
    if (s.escalationN >= maxN) return maxNBy[e];
    return treatAt(next, d, newly);
  };

  // OBD selection scratch
  const pT = new Float64Array(K);
  const wT = new Float64Array(K);
  const scratch = pavaScratch(K);
  const noDose = new Set<Decision>([lowestTooToxic, ...allEliminatedBy]);

  /** The OBD of a final state (see the header), or -1. */
  const selectObd = (s: TrialView): number => {
    // Stryker disable next-line ConditionalExpression: with no patient every dose has n = 0 and the OBD loop selects none (-1)
    if (s.escalationN === 0) return -1;
    if (noDose.has(decide(s))) return -1;
    const toxFrom = toxicFromData(s);
    // Stryker disable next-line EqualityOperator: pT[K] and wT[K] are written past a Float64Array's end, which is ignored
    for (let d = 0; d < K; d++) {
      pT[d] = (s.y[d] + 0.05) / (s.n[d] + 0.1);
      wT[d] = s.n[d] + 0.1;
    }
    pavaInPlace(pT, wT, K, scratch);
    let mtd = 0;
    let gap = Infinity;
    // Stryker disable next-line EqualityOperator: pT[K] is undefined, its gap NaN, and NaN < gap is false
    for (let d = 0; d < K; d++) {
      const g = Math.abs(pT[d] + 0.001 * (d + 1) - target);
      if (g < gap) {
        gap = g;
        mtd = d;
      }
    }
    let obd = -1;
    let best = -Infinity;
    for (let d = 0; d <= mtd; d++) {
      const n = s.n[d];
      if (n === 0 || excluded(s, d, toxFrom)) continue;
      const u = (1 + pseudoCount100(spec, n, s.y[d], respAt(s, d), bothAt(s, d)) / 100) / (2 + n);
      if (u > best) {
        best = u;
        obd = d;
      }
    }
    return obd;
  };

  return {
    type: "boin12",
    numDoses: K,
    startDose,
    memSlots,
    maxCohortSize: size,
    maxPatients: maxN,
    maxExpansionPatients: 0,
    // per trial: the responders in all, then at each dose (integers, so Monte Carlo sums stay exact)
    metrics: ["responses", ...Array.from({ length: K }, (_, d) => `responses${d + 1}`)],
    jointOutcomes: { slot: 0, both },
    decide,
    selectMtd: selectObd,
    measure: (s: TrialView, out: Float64Array, offset: number): void => {
      let all = 0;
      for (let d = 0; d < K; d++) {
        out[offset + 1 + d] = s.mem[d];
        all += s.mem[d];
      }
      out[offset] = all;
    },
    scoreTable: (m?: number) => {
      const top = m ?? nExplore;
      const sizes = [0];
      for (let k = size; k <= top; k += size) sizes.push(k);
      const cells = boin12DesirabilityTable(spec, sizes);
      return {
        type: "boin12",
        title: `boin12 rank-based desirability scores (RDS), phiT ${target}, phiE ${spec.efficacyLow}, u11 ${spec.u11}, u00 ${spec.u00}, benchmark utility ${+uB.toFixed(4)}`,
        note: "Rows: DLTs; columns: responses, at n patients. Score: the rank of Pr(utility > benchmark | data) among the admissible cells of the whole table (ties averaged; higher is better); E: not admissible (Pr(DLT rate > phiT) >= cT or Pr(response rate < phiE) >= cE).",
        sampleSizes: sizes,
        cells: cells.map((c) => ({ n: c.n, dlts: c.dlts, responses: c.responses, score: c.rds, probability: c.probability })),
      };
    },
    describe: () => ({
      type: "boin12",
      target,
      efficacyLow: spec.efficacyLow,
      u11: spec.u11,
      u00: spec.u00,
      u01: 100,
      u10: 0,
      uBar,
      uBenchmark: uB,
      pSaf,
      pTox,
      lambdaE: le,
      lambdaD: ld,
      cutoffTox: spec.cutoffTox,
      cutoffEff: spec.cutoffEff,
      cohortSize: size,
      nCohorts,
      maxPatients: maxN,
      startDose: startDose + 1,
      nStar,
      nExplore,
      nEarlyStop: Number.isFinite(nEarlyStop) ? nEarlyStop : null,
    }),
  };
}
