/**
 * The A+B family of rule-based designs (Lin & Shih 2001, Biostatistics 2(2):203-215,
 * doi:10.1093/biostatistics/2.2.203), whose A = B = 3, C = D = E = 1 member is the classic 3+3.
 *
 * At the current dose, treat A patients. With fewer than C DLTs among them, escalate; with more
 * than D, the dose is too toxic; otherwise treat B more, and escalate if the A + B patients
 * have at most E DLTs, else the dose is too toxic. Without de-escalation the trial stops at the
 * first too-toxic dose and the MTD is the dose below it (none below the first dose); passing
 * the highest dose makes it the MTD. With de-escalation, the dose below a too-toxic dose must
 * also have A + B patients before it is declared the MTD: if it has only A, B more are treated
 * there, and if it then proves too toxic the trial steps down again.
 *
 * Every decision depends only on (n, y) at the doses, so the per-dose status is a pure
 * function of the state: untried, incomplete (fewer than A, or between A and A + B: complete
 * the count), pending (needs B more), passed, or too toxic.
 *
 * Off-protocol histories (a cohort of another size, a dose given out of order), as `doseladder
 * next` meets them in a live trial, are judged by counts the rule does not cover as follows:
 * - n < A: too toxic if y > D already (whatever the missing patients show), otherwise
 *   incomplete: treat the A − n missing patients at the dose.
 * - A < n < A + B: too toxic if y > E already; passed if y < C (every A of the n patients had
 *   fewer than C DLTs, so the first-stage rule escalates); otherwise incomplete: treat the
 *   A + B − n missing patients.
 * - n > A + B (or n > A when B = 0): judged on the DLT rate against the rule's last threshold:
 *   passed when y / n <= E / (A + B) (D / A when B = 0), too toxic otherwise.
 * The trial then never goes to or above an eliminated or too-toxic dose: the lowest such dose f
 * plays the part of "the first too-toxic dose" (stop, or with de-escalation confirm dose f − 1),
 * escalation from a passed dose goes to the lowest dose above it that has not passed (never
 * skipping an untried dose), and the MTD is the highest passed dose below f.
 */
import { stop, treat, type Decision } from "../model/decision.js";
import type { TrialView } from "../model/state.js";
import type { ParamSpec, ParamValues } from "../config/params.js";
import { measureNothing, type Design } from "./design.js";
import { MAX_COHORT, MAX_PATIENTS } from "./limits.js";

export const aPlusBParams: readonly ParamSpec[] = [
  { name: "a", kind: "integer", min: 1, max: MAX_COHORT, default: 3, description: "A: patients in the first cohort at a dose." },
  { name: "b", kind: "integer", min: 0, max: MAX_COHORT, default: 3, description: "B: patients added when the first cohort is inconclusive." },
  { name: "c", kind: "integer", min: 0, max: MAX_COHORT + 1, default: 1, description: "C: escalate when fewer than C of the first A patients have a DLT." },
  { name: "d", kind: "integer", min: 0, max: MAX_COHORT, default: 1, description: "D: the dose is too toxic when more than D of the first A patients have a DLT; with C to D DLTs, B more are treated." },
  { name: "e", kind: "integer", min: 0, max: 2 * MAX_COHORT, default: 1, description: "E: after A + B patients, escalate when at most E have a DLT, otherwise the dose is too toxic." },
  { name: "deEscalation", kind: "boolean", default: false, description: "When escalation stops, require A + B patients at the dose below before declaring it the MTD (treat B more there if it has only A)." },
  { name: "maxPatients", kind: "integer", min: 0, max: MAX_PATIENTS, default: 0, description: "Maximum escalation sample size; the trial stops before a cohort that would exceed it. 0 means no limit beyond the design's own (doses × (A + B)); otherwise at least A." },
  { name: "startDose", kind: "integer", min: 1, default: 1, description: "The dose (1-based) the first cohort receives." },
];

const UNTRIED = 0;
const INCOMPLETE = 1;
const PENDING = 2;
const PASSED = 3;
const TOXIC = 4;
const STATUS_TEXT = ["untried", "incomplete", "pending (needs B more)", "passed", "too toxic"];

/** Build an A+B design for `numDoses` doses from resolved parameters. */
export function aPlusB(p: ParamValues, numDoses: number): Design {
  const a = p.a as number;
  const b = p.b as number;
  const c = p.c as number;
  const dd = p.d as number;
  const e = p.e as number;
  const deEscalation = p.deEscalation as boolean;
  const startDose = (p.startDose as number) - 1;
  const K = numDoses;
  if (c > dd + 1) throw new Error(`c (${c}) must be at most d + 1 (${dd + 1}): otherwise some DLT counts have no rule`);
  if (b === 0 && c !== dd + 1) throw new Error(`with b = 0 there is no second cohort, so c must equal d + 1`);
  if (dd > a) throw new Error(`d (${dd}) cannot exceed a (${a})`);
  if (b > 0 && e > a + b) throw new Error(`e (${e}) cannot exceed a + b (${a + b})`);
  if (startDose >= K) throw new Error(`startDose ${startDose + 1} is beyond the ${K} doses`);
  const givenMax = p.maxPatients as number;
  if (givenMax > 0 && givenMax < a) {
    throw new Error(`maxPatients (${givenMax}) is below a (${a}): no cohort would fit and every trial would enrol 0 patients; give at least ${a}, or 0 for no limit`);
  }
  const natural = K * (a + b);
  const maxPatients = givenMax > 0 ? Math.min(givenMax, natural) : natural;
  /** Patients after which a dose has its full evaluation (A when B = 0). */
  const full = a + b;
  /** The last stage's threshold: passed with at most `lastE` DLTs of `full`. */
  const lastE = b > 0 ? e : dd;

  /** Status of a dose from its counts alone (any counts, on protocol or off). */
  const statusOf = (n: number, y: number): number => {
    if (n === 0) return UNTRIED;
    if (n < a) return y > dd ? TOXIC : INCOMPLETE;
    // (with B = 0, C = D + 1 is validated, so this reads "passed if y <= D" and never gives PENDING)
    if (n === a) return y < c ? PASSED : y > dd ? TOXIC : PENDING;
    if (n < full) return y > e ? TOXIC : y < c ? PASSED : INCOMPLETE;
    // n = full: y <= lastE; beyond the rule's counts the same rate against the last stage's
    // threshold, y / n <= lastE / full (at n = full the two are one test)
    return y * full <= lastE * n ? PASSED : TOXIC;
  };
  // ...tabulated once for the counts a protocol trial reaches (statusTable[n * width + y]);
  // larger counts (off-protocol histories) are computed on the fly
  // Stryker disable next-line ArithmeticOperator: a smaller table only sends more counts to statusOf, which it caches
  const width = full + 1;
  const statusTable = new Uint8Array(width * width);
  for (let n = 0; n < width; n++) for (let y = 0; y <= n; y++) statusTable[n * width + y] = statusOf(n, y);
  // Stryker disable next-line ConditionalExpression: the table holds statusOf(n, y) itself, so computing it again gives the same status
  const status = (n: number, y: number): number => (n < width ? statusTable[n * width + y] : statusOf(n, y));
  /** Patients still missing at a dose before its rule can be read (0 when none is). */
  const missing = (n: number, y: number): number => {
    const st = status(n, y);
    if (st === UNTRIED) return a;
    if (st === PENDING) return b;
    if (st === INCOMPLETE) return n < a ? a - n : full - n;
    return 0;
  };

  // Decisions, built once: treatAt[reason][dose][size] for sizes 1..max(A, B).
  const maxSize = Math.max(a, b);
  const sized = (reason: "start" | "escalate" | "expand-cohort") =>
    Array.from({ length: K }, (_, d) => Array.from({ length: maxSize + 1 }, (_, size) => treat(d, size, reason)));
  const startAt = sized("start");
  const escalateTo = sized("escalate");
  const addAt = sized("expand-cohort");
  // Confirming dose d below the lowest off-limits dose d + 1 (de-escalation): eliminate d + 1 and
  // above. Only d = 0..K-2 is ever confirmed (the dose above must exist and be off limits).
  // Stryker disable next-line ArithmeticOperator: K + 1 adds entries for d >= K - 1, which confirm() never reads
  const confirmable = K - 1;
  const stepDown = Array.from({ length: confirmable }, (_, d) => Array.from({ length: maxSize + 1 }, (_, size) => treat(d, size, "de-escalate", { eliminateFrom: d + 1 })));
  const confirmAt = Array.from({ length: confirmable }, (_, d) => Array.from({ length: maxSize + 1 }, (_, size) => treat(d, size, "expand-cohort", { eliminateFrom: d + 1 })));
  const declared = Array.from({ length: confirmable }, (_, d) => stop("mtd-declared", d + 1));
  const tooToxic = Array.from({ length: K }, (_, d) => stop(d === 0 ? "lowest-dose-too-toxic" : "dose-too-toxic", d));
  const topPassed = stop("top-dose-passed");
  const maxN = stop("max-n");

  const guard = (s: TrialView, dec: Decision): Decision => (s.escalationN + dec.size > maxPatients ? maxN : dec);

  /** The lowest dose that is eliminated or too toxic (K when none is): no patient goes there or above. */
  const offLimits = (s: TrialView): number => {
    const lim = s.eliminatedFrom; // K when nothing is eliminated
    // Stryker disable next-line EqualityOperator: d <= lim also looks at dose lim, and returns lim there whatever its status
    for (let d = 0; d < lim; d++) if (status(s.n[d], s.y[d]) === TOXIC) return d;
    return lim;
  };

  /** De-escalation: dose g sits just below the lowest off-limits dose; make sure it has its full evaluation. */
  const confirm = (s: TrialView, g: number): Decision => {
    const need = missing(s.n[g], s.y[g]);
    if (need === 0) {
      // passed (g < f, so not too toxic): with its full count it is the MTD; otherwise treat B more
      if (s.n[g] >= full) return declared[g];
      return guard(s, (g < s.current ? stepDown : confirmAt)[g][Math.min(b, full - s.n[g])]);
    }
    // g is not passed, so we came from a current dose at or above f = g + 1: a step down
    // (from a passed current dose below f, every dose up to f - 1 has passed)
    return guard(s, stepDown[g][need]);
  };

  const decide = (s: TrialView): Decision => {
    const d = s.current;
    const f = offLimits(s);
    if (d >= f) {
      // at or above the lowest off-limits dose: it is "the first too-toxic dose"
      if (f === 0) return tooToxic[0];
      if (!deEscalation) return tooToxic[f];
      return confirm(s, f - 1);
    }
    const st = status(s.n[d], s.y[d]);
    if (st !== PASSED) {
      const need = missing(s.n[d], s.y[d]);
      return guard(s, st === UNTRIED ? (s.cohorts === 0 ? startAt : escalateTo)[d][need] : addAt[d][need]);
    }
    // passed: up to the lowest dose above that has not passed (every dose in between has)
    let g = d + 1;
    while (g < f && status(s.n[g], s.y[g]) === PASSED) g++;
    if (g === K) return topPassed;
    if (g === f) {
      // the dose above the passed run is off limits: g - 1 is the candidate MTD
      if (!deEscalation) return tooToxic[f];
      return confirm(s, g - 1);
    }
    return guard(s, escalateTo[g][missing(s.n[g], s.y[g])]);
  };

  /** MTD: the highest dose that passed below the lowest eliminated or too-toxic dose. */
  const selectMtd = (s: TrialView): number => {
    const f = offLimits(s);
    for (let d = f - 1; d >= 0; d--) if (status(s.n[d], s.y[d]) === PASSED) return d;
    return -1;
  };

  /** Why a dose has its status, in words (for `doseladder next`). */
  const why = (n: number, y: number): string => {
    if (n === 0) return "untried";
    if (n < a) return y > dd ? `too toxic: more than D=${dd} DLTs even before A=${a} patients` : `incomplete: ${a - n} more needed for the first A=${a}`;
    if (n === a && b > 0) return `${STATUS_TEXT[status(n, y)]} (n = A=${a}: escalate if < C=${c}, too toxic if > D=${dd})`;
    if (n < full) {
      const st = status(n, y);
      if (st === TOXIC) return `too toxic: more than E=${e} DLTs even before A+B=${full} patients`;
      if (st === PASSED) return `passed: fewer than C=${c} DLTs, so any first A=${a} of them escalate`;
      return `incomplete: ${full - n} more needed for A+B=${full}`;
    }
    if (n === full) return `${STATUS_TEXT[status(n, y)]} (n = ${b > 0 ? "A+B" : "A"}=${full}: passed if <= ${b > 0 ? "E" : "D"}=${lastE})`;
    return (
      `${STATUS_TEXT[status(n, y)]}: n=${n} is beyond the rule's ${b > 0 ? "A+B" : "A"}=${full} patients, so the dose is judged on its DLT rate ` +
      `${y}/${n} = ${(y / n).toFixed(3)} against ${lastE}/${full} = ${(lastE / full).toFixed(3)} (passed if at most)`
    );
  };

  return {
    type: "a-plus-b",
    numDoses: K,
    startDose,
    memSlots: 0,
    maxCohortSize: maxSize,
    maxPatients,
    maxExpansionPatients: 0,
    metrics: [],
    decide,
    selectMtd,
    measure: measureNothing,
    describe: () => ({ type: "a-plus-b", a, b, c, d: dd, e, deEscalation, maxPatients, startDose: startDose + 1 }),
    decisionTable: () => ({
      type: "a-plus-b",
      target: null,
      cohortSize: 1,
      rows: [
        { n: a, escalateAtMost: c > 0 ? c - 1 : null, deEscalateAtLeast: dd + 1 <= a ? dd + 1 : null, eliminateAtLeast: dd + 1 <= a ? dd + 1 : null },
        ...(b > 0 ? [{ n: a + b, escalateAtMost: e, deEscalateAtLeast: e + 1 <= a + b ? e + 1 : null, eliminateAtLeast: e + 1 <= a + b ? e + 1 : null }] : []),
      ],
      note:
        `A+B rule (A=${a}, B=${b}, C=${c}, D=${dd}, E=${e}): between the boundaries at n=${a}, ${b} more patients are treated at the dose. ` +
        (deEscalation
          ? "A too-toxic dose (the eliminate column) is eliminated with every higher dose and the trial steps down."
          : "A too-toxic dose (the eliminate column) ends escalation; the MTD is the dose below."),
    }),
    explain: (s) => {
      const d = s.current;
      const f = offLimits(s);
      let text = `dose ${d + 1}: ${s.y[d]}/${s.n[d]} DLTs, ${why(s.n[d], s.y[d])}; rule A=${a}, B=${b}, C=${c}, D=${dd}, E=${e}`;
      if (d > f) {
        text += `; dose ${f + 1} is ${f >= s.eliminatedFrom ? "eliminated" : "too toxic"} (${s.y[f]}/${s.n[f]}), so no dose from ${f + 1} up is given again`;
      } else if (d < f && f < K) text += `; dose ${f + 1} and above are off limits (${f >= s.eliminatedFrom ? "eliminated" : `too toxic, ${s.y[f]}/${s.n[f]}`})`;
      return text;
    },
  };
}
