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
 * function of the state: untried, pending (needs B more), passed, or too toxic.
 */
import { stop, treat, type Decision } from "../model/decision.js";
import type { TrialView } from "../model/state.js";
import type { ParamSpec, ParamValues } from "../config/params.js";
import { measureNothing, type Design } from "./design.js";

export const aPlusBParams: readonly ParamSpec[] = [
  { name: "a", kind: "integer", min: 1, default: 3, description: "A: patients in the first cohort at a dose." },
  { name: "b", kind: "integer", min: 0, default: 3, description: "B: patients added when the first cohort is inconclusive." },
  { name: "c", kind: "integer", min: 0, default: 1, description: "C: escalate when fewer than C of the first A patients have a DLT." },
  { name: "d", kind: "integer", min: 0, default: 1, description: "D: the dose is too toxic when more than D of the first A patients have a DLT; with C to D DLTs, B more are treated." },
  { name: "e", kind: "integer", min: 0, default: 1, description: "E: after A + B patients, escalate when at most E have a DLT, otherwise the dose is too toxic." },
  { name: "deEscalation", kind: "boolean", default: false, description: "When escalation stops, require A + B patients at the dose below before declaring it the MTD (treat B more there if it has only A)." },
  { name: "maxPatients", kind: "integer", min: 0, default: 0, description: "Maximum escalation sample size; the trial stops before a cohort that would exceed it. 0 means no limit beyond the design's own (doses × (A + B))." },
  { name: "startDose", kind: "integer", min: 1, default: 1, description: "The dose (1-based) the first cohort receives." },
];

const UNTRIED = 0;
const PENDING = 1;
const PASSED = 2;
const TOXIC = 3;

/** Build an A+B design for `numDoses` doses from resolved parameters. */
export function aPlusB(p: ParamValues, numDoses: number): Design {
  const a = p.a as number;
  const b = p.b as number;
  const c = p.c as number;
  const dd = p.d as number;
  const e = p.e as number;
  const deEscalation = p.deEscalation as boolean;
  const startDose = (p.startDose as number) - 1;
  if (c > dd + 1) throw new Error(`c (${c}) must be at most d + 1 (${dd + 1}): otherwise some DLT counts have no rule`);
  if (b === 0 && c !== dd + 1) throw new Error(`with b = 0 there is no second cohort, so c must equal d + 1`);
  if (dd > a) throw new Error(`d (${dd}) cannot exceed a (${a})`);
  if (startDose >= numDoses) throw new Error(`startDose ${startDose + 1} is beyond the ${numDoses} doses`);
  const natural = numDoses * (a + b);
  const maxPatients = (p.maxPatients as number) > 0 ? Math.min(p.maxPatients as number, natural) : natural;

  /** Status of a dose from its counts alone. */
  const statusOf = (n: number, y: number): number => {
    if (n === 0) return UNTRIED;
    if (n < a + b || b === 0) {
      // the first cohort (and, when de-escalating, a passed first cohort waiting for B more)
      if (n === a) return y < c ? PASSED : y > dd ? TOXIC : PENDING;
    }
    return y <= e ? PASSED : TOXIC;
  };
  // ...tabulated once: statusTable[n * width + y]
  const width = a + b + 1;
  const statusTable = new Uint8Array(width * width);
  for (let n = 0; n < width; n++) for (let y = 0; y <= n; y++) statusTable[n * width + y] = statusOf(n, y);
  const status = (n: number, y: number): number => statusTable[n * width + y];

  // Decisions, built once.
  const first = Array.from({ length: numDoses }, (_, d) => treat(d, a, d === startDose ? "start" : "escalate"));
  const escalateTo = Array.from({ length: numDoses }, (_, d) => treat(d, a, "escalate"));
  const addB = Array.from({ length: numDoses }, (_, d) => treat(d, b, "expand-cohort"));
  const stepDown = Array.from({ length: numDoses }, (_, d) => treat(d, b, "de-escalate", { eliminateFrom: d + 1 }));
  const tooToxic = Array.from({ length: numDoses }, (_, d) => stop(d === 0 ? "lowest-dose-too-toxic" : "dose-too-toxic", d));
  const declared = Array.from({ length: numDoses }, (_, d) => stop("mtd-declared", d + 1 < numDoses ? d + 1 : -1));
  const topPassed = stop("top-dose-passed");
  const maxN = stop("max-n");

  const guard = (s: TrialView, dec: Decision): Decision => (s.escalationN + dec.size > maxPatients ? maxN : dec);

  const decide = (s: TrialView): Decision => {
    const d = s.current;
    switch (status(s.n[d], s.y[d])) {
      case UNTRIED:
        return guard(s, s.cohorts === 0 ? first[d] : escalateTo[d]);
      case PENDING:
        return guard(s, addB[d]);
      case PASSED:
        if (deEscalation && d + 1 < numDoses && status(s.n[d + 1], s.y[d + 1]) === TOXIC) {
          return s.n[d] >= a + b || b === 0 ? declared[d] : guard(s, addB[d]);
        }
        if (d === numDoses - 1) return topPassed;
        return guard(s, escalateTo[d + 1]);
      default: {
        // too toxic
        if (!deEscalation || d === 0) return tooToxic[d];
        const below = d - 1;
        if (s.n[below] >= a + b || b === 0) return declared[below];
        return guard(s, stepDown[below]);
      }
    }
  };

  /** MTD: the highest dose that passed below the lowest too-toxic dose. */
  const selectMtd = (s: TrialView): number => {
    let f = numDoses;
    for (let d = 0; d < numDoses; d++) {
      if (status(s.n[d], s.y[d]) === TOXIC) {
        f = d;
        break;
      }
    }
    for (let d = f - 1; d >= 0; d--) if (status(s.n[d], s.y[d]) === PASSED) return d;
    return -1;
  };

  return {
    type: "a-plus-b",
    numDoses,
    startDose,
    memSlots: 0,
    maxCohortSize: Math.max(a, b),
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
      const st = ["untried", "pending (needs B more)", "passed", "too toxic"][status(s.n[d], s.y[d])];
      return `dose ${d + 1}: ${s.y[d]}/${s.n[d]} DLTs, ${st} under A=${a}, B=${b}, C=${c}, D=${dd}, E=${e}`;
    },
  };
}
