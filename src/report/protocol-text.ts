/**
 * The design in words, for the statistical section of a protocol. Each design type and each
 * modifier has a small function that writes its paragraphs from the resolved parameters its
 * `describe()` returns (the same object the JSON output holds under design.parameters), so the
 * text always says what the simulated design does. Design types are looked up by
 * describe().type and modifiers by their key in describe() (smcReview, expansion, stopAtN); a
 * type nobody wrote words for gets a plain list of its parameters. Register words for your own
 * designs with {@link registerDesignText} and {@link registerModifierText}.
 */
import { posteriorExceeds } from "../select/beta-tail.js";

/** What the words may refer to besides the parameters. */
export interface TextContext {
  /** Dose labels in ladder order. */
  readonly labels: readonly string[];
  /** The scenario's target (defines the true MTD for the operating characteristics), if any. */
  readonly target: number | null;
}

/** A design's words, by protocol subsection. */
export interface DesignText {
  /** A noun phrase naming the design, e.g. "a 3+3 design". */
  readonly name: string;
  /** The reference to cite, or "". */
  readonly reference: string;
  /** How doses are assigned, cohort by cohort. */
  readonly escalation: string[];
  /** When a dose is eliminated and when the trial stops. */
  readonly stopping: string[];
  /** How the MTD is selected at the end. */
  readonly selection: string[];
}

/** A modifier's words: a subsection title and its paragraphs, plus an optional table. */
export interface ModifierText {
  readonly title: string;
  /** How the opening paragraph names it ("dose expansion"); default: the title in lower case. */
  readonly phrase?: string;
  readonly paragraphs: string[];
  readonly table?: { caption: string; header: string[]; rows: string[][] };
}

type Params = Record<string, unknown>;
export type DesignTextFn = (p: Params, ctx: TextContext) => DesignText;
export type ModifierTextFn = (m: Params, design: Params, ctx: TextContext) => ModifierText;

const DESIGN_TEXT = new Map<string, DesignTextFn>();
const MODIFIER_TEXT = new Map<string, ModifierTextFn>();

/** Words for a design type (the `type` its describe() returns). */
export function registerDesignText(type: string, fn: DesignTextFn): void {
  DESIGN_TEXT.set(type, fn);
}

/** Whether a design type (describe().type) has words of its own. */
export function hasDesignText(type: string): boolean {
  return DESIGN_TEXT.has(type);
}

/** Whether a modifier (its describe() key) has words of its own. */
export function hasModifierText(key: string): boolean {
  return MODIFIER_TEXT.has(key);
}

/** Words for a modifier, keyed by the field its describe() adds (e.g. "smcReview"). */
export function registerModifierText(key: string, fn: ModifierTextFn): void {
  MODIFIER_TEXT.set(key, fn);
}

// ---- small helpers -------------------------------------------------------------------------

const num = (v: unknown): number => v as number;
/** A probability or rate as written in a protocol: at most 3 decimals, no trailing zeros. */
export const rate = (x: number): string => String(Number(x.toFixed(3)));
const plural = (n: number, one: string, many = one + "s"): string => `${n} ${n === 1 ? one : many}`;
const dlts = (n: number): string => plural(n, "DLT");
const patients = (n: number): string => plural(n, "patient");
const level = (d: number, ctx: TextContext): string => `dose level ${d}${ctx.labels[d - 1] && ctx.labels[d - 1] !== `D${d}` ? ` (${ctx.labels[d - 1]})` : ""}`;

/** Parameters of the shared interval-design loop, in words. */
function intervalLoop(p: Params, ctx: TextContext, kind: string): { escalation: string[]; stopping: string[]; selection: string[] } {
  const cs = num(p.cohortSize);
  const nc = num(p.nCohorts);
  const target = num(p.target);
  const N = cs * nc;
  const elimination =
    p.type === "table"
      ? `If the number of DLTs at the current dose reaches the elimination boundary of the decision table, with at least ${patients(num(p.minEliminationN))} treated there, that dose and all higher doses are eliminated from the trial and the next cohort is treated at the next lower dose.`
      : `If, with at least 3 patients treated at the current dose, the posterior probability that its DLT rate exceeds the target is greater than ${rate(num(p.cutoffEli))}, Pr(p > ${rate(target)} | data) > ${rate(num(p.cutoffEli))} under a Beta(1, 1) prior, that dose and all higher doses are eliminated from the trial and the next cohort is treated at the next lower dose.`;
  const stopping = [
    elimination + " If the lowest dose is eliminated, the trial stops and no dose is selected as the MTD.",
  ];
  if (p.extraSafe) {
    stopping.push(
      `Extra safety rule: when at least 3 patients have been treated at the lowest dose and Pr(p > ${rate(target)} | data) > ${rate(num(p.cutoffEli) - num(p.offset))} there (the elimination cutoff ${rate(num(p.cutoffEli))} minus ${rate(num(p.offset))}), the trial stops and no dose is selected.`,
    );
  }
  if (num(p.nEarlyStop) < N) {
    stopping.push(
      p.earlyStopRule === "always"
        ? `The trial stops early as soon as ${patients(num(p.nEarlyStop))} have been treated at the current dose.`
        : `The trial stops early when ${patients(num(p.nEarlyStop))} have been treated at the current dose and the rule says to stay at it.`,
    );
  }
  stopping.push(`Otherwise the trial continues until the maximum sample size of ${N} patients (${nc} cohorts of ${cs}) is reached.`);
  const selection = [
    `At the end of the trial the MTD is selected among the doses that were tried and not eliminated: the DLT rates observed at them are estimated with a Beta(0.05, 0.05) prior and smoothed by isotonic regression (the pool-adjacent-violators algorithm), and the dose whose estimate is closest to the target of ${rate(target)} is selected; of two doses equally close, the higher is taken when the estimates are below the target and the lower when they are above.` +
      (p.boundMtd ? ` Only a dose whose estimate does not exceed the de-escalation boundary λd = ${rate(num(p.lambdaD))} can be selected; when none qualifies, no MTD is selected.` : ""),
  ];
  const escalation = [
    `Patients are enrolled in cohorts of ${cs}, starting at ${level(num(p.startDose), ctx)}, up to ${nc} cohorts (${N} patients). ${kind}`,
    "Escalation and de-escalation move one dose level at a time: no dose is skipped, an eliminated dose is never re-entered, escalating from the highest dose means staying at it, and de-escalating from the lowest dose means staying at it. The decision table below gives these rules as numbers of DLTs.",
  ];
  return { escalation, stopping, selection };
}

// ---- designs -------------------------------------------------------------------------------

registerDesignText("a-plus-b", (p, ctx) => {
  const [a, b, c, d, e] = [num(p.a), num(p.b), num(p.c), num(p.d), num(p.e)];
  const classic = a === 3 && b === 3 && c === 1 && d === 1 && e === 1;
  const lo = c === 0 ? null : c === 1 ? "no DLT" : `at most ${dlts(c - 1)}`;
  const middle = c === d ? `exactly ${dlts(c)}` : `${c} to ${d} DLTs`;
  const escalation = [
    `Patients are enrolled in cohorts of ${a}, starting at ${level(num(p.startDose), ctx)}. ` +
      (lo ? `If ${lo} occurs among the ${a} patients treated at a dose, the next cohort is treated at the next higher dose. ` : "") +
      `If ${d + 1} or more of the ${a} patients have a DLT, the dose is considered too toxic.` +
      (b > 0
        ? ` If ${middle} occur${c === d && c === 1 ? "s" : ""}, ${b} more patients are treated at the same dose; if at most ${dlts(e)} ${e === 1 ? "occurs" : "occur"} among the ${a + b} patients, the next cohort is treated at the next higher dose, otherwise the dose is too toxic.`
        : ""),
  ];
  const K = ctx.labels.length;
  const natural = K * (a + b);
  const stopping = [
    p.deEscalation
      ? `When a dose is too toxic, it and all higher doses are closed. The dose below must have ${a + b} patients before it can be declared the MTD: if it has only ${a}, ${b} more are treated there, and if it then proves too toxic the trial steps down again. If the lowest dose is too toxic, the trial stops and no MTD is declared.`
      : `Escalation stops at the first dose that is too toxic; the dose below it is declared the MTD. If the lowest dose is too toxic, the trial stops and no MTD is declared.`,
    `If the highest dose is passed, it is declared the MTD.` +
      (num(p.maxPatients) < natural ? ` At most ${num(p.maxPatients)} patients are enrolled in dose escalation: the trial stops before a cohort that would exceed this number.` : ` Dose escalation enrols at most ${natural} patients (${K} dose levels × ${a + b}).`),
  ];
  const selection = [`The MTD is the highest dose that passed the escalation rule below the lowest dose found too toxic.`];
  return {
    name: classic ? "a 3+3 design" : `an A+B design with A = ${a}, B = ${b}, C = ${c}, D = ${d} and E = ${e}`,
    reference: "Lin & Shih 2001, Biostatistics 2(2):203-215",
    escalation,
    stopping,
    selection,
  };
});

registerDesignText("boin", (p, ctx) => {
  const t = rate(num(p.target));
  const loop = intervalLoop(
    p,
    ctx,
    `After each cohort, with n patients treated and y DLTs observed at the current dose, the next cohort is treated at the next higher dose if y/n ≤ λe = ${rate(num(p.lambdaE))}, at the next lower dose if y/n > λd = ${rate(num(p.lambdaD))}, and at the same dose otherwise. The boundaries λe and λd are the BOIN boundaries for the target φ = ${t}, with φ1 = ${rate(num(p.pSaf))} the highest DLT rate deemed underdosing and φ2 = ${rate(num(p.pTox))} the lowest deemed overdosing.`,
  );
  return { name: `the Bayesian optimal interval (BOIN) design with a target DLT rate of ${t}`, reference: "Liu & Yuan 2015, J R Stat Soc C 64:507-523", ...loop };
});

registerDesignText("keyboard", (p, ctx) => {
  const target = num(p.target);
  const lo = rate(target - num(p.marginL));
  const hi = rate(target + num(p.marginR));
  const loop = intervalLoop(
    p,
    ctx,
    `The DLT-rate scale is divided into equal-width intervals ("keys") around the target key [${lo}, ${hi}]. After each cohort, with n patients treated and y DLTs observed at the current dose, the key with the largest posterior probability under a Beta(1 + y, 1 + n − y) posterior is found: if it lies below the target key the next cohort is treated at the next higher dose, if it is the target key at the same dose, and if it lies above at the next lower dose.`,
  );
  return { name: `the Keyboard design with a target DLT rate of ${rate(target)}`, reference: "Yan, Mandrekar & Yuan 2017, Clin Cancer Res 23(15):3994-4003", ...loop };
});

/** The paragraph on patients still inside their DLT window, shared by the time-to-event interval designs. */
function pendingRules(p: Params): string[] {
  const share = num(p.suspendShare);
  const out = [
    `Patients whose DLT assessment window is still open (pending patients) do not hold up the next cohort. ` +
      (p.estimate === "ess" || p.type === "tite-keyboard"
        ? `Each pending patient contributes the fraction of the window completed so far (the standardized total follow-up time, STFT), so that the decision uses an effective sample size of the completed patients plus the STFT.`
        : `The DLT rate at the current dose is estimated by single mean imputation: the pending patients' outcomes are imputed from the standardized total follow-up time (STFT) and a Beta(φ/2, 1 − φ/2) prior, and the imputed rate is compared with the same boundaries.`) +
      ` Escalation requires the observed rate y/n to be below the target and de-escalation requires it to be at least the target (long-memory coherence); for elimination, pending patients count as DLT-free.`,
    `Accrual is suspended while more than ${Math.round(share * 100)}% of the patients at the current dose are pending, unless the decision would be to de-escalate whatever the pending patients show.`,
  ];
  if (num(p.minCompletedShare) > 0) out.push(`Accrual is also suspended while fewer than ${Math.round(num(p.minCompletedShare) * 100)}% of the patients at the current dose have completed their window.`);
  if (num(p.minFollowUp) > 0) out.push(`Escalation requires every pending patient at the current dose to have been followed for at least ${Math.round(num(p.minFollowUp) * 100)}% of the window; otherwise the trial ${p.shortFollowUp === "suspend" ? "suspends accrual" : "stays at the current dose"}.`);
  return out;
}

registerDesignText("tite-boin", (p, ctx) => {
  const base = DESIGN_TEXT.get("boin")!(p, ctx);
  return {
    ...base,
    name: `the time-to-event Bayesian optimal interval (TITE-BOIN) design with a target DLT rate of ${rate(num(p.target))}`,
    reference: p.estimate === "ess" ? "Yuan et al. 2018, Clin Cancer Res 24:4921-4930; Lin & Yuan 2020, Biostatistics 21:807-824" : "Yuan et al. 2018, Clin Cancer Res 24:4921-4930",
    escalation: [...base.escalation, ...pendingRules(p)],
  };
});

registerDesignText("tite-keyboard", (p, ctx) => {
  const base = DESIGN_TEXT.get("keyboard")!(p, ctx);
  return {
    ...base,
    name: `the time-to-event Keyboard (TITE-Keyboard) design with a target DLT rate of ${rate(num(p.target))}`,
    reference: "Lin & Yuan 2020, Biostatistics 21:807-824",
    escalation: [...base.escalation, ...pendingRules(p), `Escalation also requires at least 3 completed patients at the current dose, or no pending patient there.`],
  };
});

registerDesignText("rolling-six", (p, ctx) => ({
  name: "the rolling six design",
  reference: "Skolnik et al. 2008, J Clin Oncol 26:190-195",
  escalation: [
    `Patients are enrolled one at a time, starting at ${level(num(p.startDose), ctx)}, at most 6 at a dose, while the earlier patients at the dose are still inside their DLT window. With N patients enrolled at the current dose, the next patient is treated at the next higher dose when all N are evaluable without DLT and N is at least 3, when 6 are enrolled with at least 5 evaluable and no DLT, or when all 6 are evaluable with 1 DLT; accrual is held when 6 are enrolled and none of these applies; otherwise the next patient is treated at the same dose.`,
    `A dose with 2 DLTs is too toxic: the next patient is treated at the dose below, which is expanded to 6 patients by the same rules; the too-toxic dose and every higher dose are not given again.`,
  ],
  stopping: [
    `The trial stops when the dose below a too-toxic dose has 6 patients with at most 1 DLT, when the lowest dose is too toxic (no MTD), or when escalation from the highest dose is called for; a stop waits for the pending patients' outcomes.`,
  ],
  selection: [`The MTD is the highest dose with at most 1 DLT in 6 patients whose next higher dose was too toxic (the highest dose when escalation from it was called for; none when the lowest dose is too toxic).`],
}));

registerDesignText("mtpi2", (p, ctx) => {
  const target = num(p.target);
  const lo = rate(target - num(p.epsilon1));
  const hi = rate(target + num(p.epsilon2));
  const loop = intervalLoop(
    p,
    ctx,
    `The DLT-rate scale is divided into the equivalence interval [${lo}, ${hi}] and intervals of the same width below and above it. After each cohort, with n patients treated and y DLTs observed at the current dose, the interval with the largest unit probability mass (posterior probability divided by width, Beta(1 + y, 1 + n − y) posterior) is found: below the equivalence interval the next cohort is treated at the next higher dose, within it at the same dose, and above it at the next lower dose.`,
  );
  return { name: `the modified toxicity probability interval-2 (mTPI-2) design with a target DLT rate of ${rate(target)}`, reference: "Guo et al. 2017, Contemp Clin Trials 58:23-33", ...loop };
});

registerDesignText("i3plus3", (p, ctx) => {
  const target = num(p.target);
  const lo = rate(target - num(p.epsilon1));
  const hi = rate(target + num(p.epsilon2));
  const loop = intervalLoop(
    p,
    ctx,
    `After each cohort, with n patients treated and y DLTs observed at the current dose, the next cohort is treated at the next higher dose if y/n is below the equivalence interval [${lo}, ${hi}] and at the same dose if y/n lies within it. If y/n is above the interval, the next cohort is treated at the same dose when (y − 1)/n is below the interval, and at the next lower dose otherwise.`,
  );
  return { name: `the i3+3 design with a target DLT rate of ${rate(target)}`, reference: "Liu, Wang & Ji 2020, Stat Biopharm Res 12(4):461-469", ...loop };
});

registerDesignText("table", (p, ctx) => {
  const loop = intervalLoop(p, ctx, `After each cohort, the next dose is read from the decision table below, given the number of patients treated and of DLTs observed at the current dose.`);
  return { name: `a decision-table design with a target DLT rate of ${rate(num(p.target))}`, reference: "", ...loop };
});

registerDesignText("crm", (p, ctx) => {
  const target = num(p.target);
  const skeleton = (p.skeleton as number[]).map(rate).join(", ");
  const model =
    p.model === "logistic"
      ? `the one-parameter logistic model p_k = 1 / (1 + exp(−${rate(num(p.intercept))} − exp(a)·x_k)), with the dose labels x_k derived from the skeleton (${skeleton})`
      : `the empiric (power) model p_k = s_k^exp(a) with the skeleton s = (${skeleton})`;
  const initial = p.initialDoses as number[];
  const escalation = [
    `Patients are enrolled in cohorts of ${num(p.cohortSize)}, up to ${patients(num(p.maxPatients))}. The DLT probability at dose level k is modelled by ${model}, with a normal prior a ~ N(0, ${rate(num(p.priorVariance))}).` +
      (initial.length > 0
        ? ` Until the first DLT is observed, cohorts are assigned in a predefined sequence (dose levels ${initial.join(", ")}, the last repeated if needed); from then on the model assigns the doses.`
        : ` The first cohort is treated at ${level(num(p.startDose), ctx)}.`),
    `After each cohort the posterior mean of a is computed from all the data and the next cohort is treated at the dose whose estimated DLT probability is closest to the target of ${rate(target)}.` +
      (p.restrict ? " Escalation skips no untried dose (at most one level above the last cohort's dose), and the dose is not escalated right after a cohort whose observed DLT rate is at least the target." : ""),
  ];
  const stopping = [
    (p.safetyStop
      ? `Safety stop: once at least ${patients(num(p.safetyMinPatients))} have been treated, the trial stops and no MTD is selected if the posterior probability that the DLT rate at the lowest dose exceeds the target is greater than ${rate(num(p.safetyCutoff))}. `
      : "") + `Otherwise the trial continues until ${patients(num(p.maxPatients))} have been treated.`,
  ];
  const selection = [
    `At the end of the trial the MTD is the dose whose posterior estimated DLT probability is closest to the target` + (p.allowUntriedMtd ? "." : ", among the doses given to at least one patient."),
  ];
  return { name: `the continual reassessment method (CRM) with a target DLT rate of ${rate(target)}`, reference: "O'Quigley, Pepe & Fisher 1990, Biometrics 46:33-48", escalation, stopping, selection };
});

registerDesignText("tite-crm", (p, ctx) => {
  const base = DESIGN_TEXT.get("crm")!(p, ctx);
  const weights =
    p.weights === "adaptive"
      ? "the adaptive weight of Cheung & Chappell (2000), which places the follow-up among the observed times to DLT (a share 1/(z + 1) of the weight per interval between the z sorted DLT times, interpolated linearly within it)"
      : "the fraction of the window completed so far (linear weight)";
  const rules = [
    `Patients whose DLT assessment window is still open (pending patients) do not hold up the next cohort: in the likelihood, each pending patient's DLT-free follow-up counts with a weight w, the factor 1 − w·p_k, where w is ${weights}; a patient with a DLT, or who completed the window, counts fully.` +
      ((p.initialDoses as number[]).length > 0 ? ` Until the first DLT, escalation along the predefined sequence waits until every patient at the current dose has been followed for ${Math.round(num(p.stageOneWait) * 100)}% of the window.` : ""),
  ];
  return {
    ...base,
    name: `the time-to-event continual reassessment method (TITE-CRM) with a target DLT rate of ${rate(num(p.target))}`,
    reference: "Cheung & Chappell 2000, Biometrics 56:1177-1182",
    escalation: [...base.escalation, ...rules],
  };
});

registerDesignText("boin12", (p) => {
  const target = num(p.target);
  const eff = num(p.efficacyLow);
  const n = num(p.cohortSize) * num(p.nCohorts);
  return {
    name: `the BOIN12 design (utility-based phase I/II dose finding on DLT and response) with a DLT limit of ${rate(target)} and a lowest acceptable response rate of ${rate(eff)}`,
    reference: "Lin, Zhou, Yan, Li & Yuan 2020, JCO Precis Oncol 4:1393-1402",
    escalation: [
      `Patients are treated in cohorts of ${num(p.cohortSize)}, starting at dose ${num(p.startDose)}. The utility of a patient's outcome is 100 for a response without a DLT, 0 for a DLT without a response, ${num(p.u11)} for both and ${num(p.u00)} for neither; the desirability of a dose is the posterior probability (Beta(1, 1) prior on the quasi-binomial utility) that its utility exceeds the benchmark.`,
      `After each cohort at the current dose, if its DLT count reaches BOIN's de-escalation boundary the next cohort is treated at the next lower admissible dose; otherwise at the most desirable of the next lower admissible dose, the current dose and the next higher admissible dose (the higher dose only within BOIN's escalation boundary once ${num(p.nStar)} patients have been treated at the current dose; ties go to the higher dose). Once ${num(p.nExplore)} patients have been treated at the current dose, an untried higher dose is explored next unless the de-escalation boundary is reached.`,
      `A dose and all higher doses are eliminated when Pr(DLT rate > ${rate(target)} | data) > ${num(p.cutoffTox)} (at least 3 patients and 3 DLTs); a dose is eliminated for futility when Pr(response rate < ${rate(eff)} | data) > ${num(p.cutoffEff)} (at least 3 patients).`,
    ],
    stopping: [`The trial stops when ${patients(n)} have been treated, when the lowest dose or every dose is eliminated, or when the dose chosen is eliminated (then no dose is selected)${num(p.nEarlyStop) > 0 ? `, or when ${patients(num(p.nEarlyStop))} have been treated at the current dose` : ""}.`],
    selection: [`The optimal biological dose is, among the tried doses not eliminated at or below the MTD (the dose whose isotonic DLT estimate is closest to ${rate(target)}), the one with the highest posterior mean utility.`],
  };
});

registerDesignText("optimal", (p) => ({
  name: `the nonparametric optimal benchmark with ${patients(num(p.maxPatients))}`,
  reference: "O'Quigley, Paoletti & Maccario 2002, Biostatistics 3(1):51-56",
  escalation: [
    `This is a benchmark, not a design that can be run: each of ${patients(num(p.maxPatients))} is assumed to be observed at every dose (complete information), which bounds what any design with this sample size can achieve.`,
  ],
  stopping: ["The benchmark never stops early."],
  selection: [`The dose whose empirical DLT rate is closest to the target of ${rate(num(p.target))} is selected.`],
}));

// ---- modifiers -----------------------------------------------------------------------------

registerModifierText("smcReview", (m) => {
  const q = num(m.q);
  const decline =
    m.onDecline === "lower-dose" ? "the dose below is declared the MTD (no MTD when it is the lowest dose)" : m.onDecline === "current-dose" ? "the current dose is declared the MTD" : "no MTD is declared";
  return {
    title: "Safety Monitoring Committee review",
    phrase: "a Safety Monitoring Committee review",
    paragraphs: [
      `When ${dlts(num(m.afterDlts))} ${num(m.afterDlts) === 1 ? "has" : "have"} been observed among the first ${patients(num(m.afterPatients))} at a dose and the escalation rule would treat more patients there, the Safety Monitoring Committee (SMC) reviews the data and decides whether to do so. If the SMC declines, escalation stops and ${decline}.` +
        (q === 1
          ? " The operating characteristics below assume that the SMC always agrees."
          : ` The operating characteristics below assume that the SMC agrees with probability ${rate(q)}.`),
    ],
  };
});

/** The smallest y with Pr(p > limit | y of n, Beta(a, b) prior) > cutoff, or null. */
function monitoringBoundary(n: number, limit: number, cutoff: number, a: number, b: number): number | null {
  for (let y = 0; y <= n; y++) if (posteriorExceeds(y, n, limit, a, b) > cutoff) return y;
  return null;
}

const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));

registerModifierText("expansion", (m, design) => {
  const patientsN = num(m.patients);
  const cs = num(m.cohortSize);
  const split = m.split === "mtd-and-lower";
  const paragraphs = [
    split
      ? `When dose escalation ends with an MTD, a dose-expansion phase enrols ${patients(patientsN)} in cohorts of ${cs}, split between the MTD (${Math.ceil(patientsN / 2)}) and the dose below it (${Math.floor(patientsN / 2)}); when the MTD is the lowest dose, all ${patientsN} are treated at it. Expansion patients are enrolled alternately, to the open dose with fewer expansion patients. Expansion does not change the MTD selected by dose escalation.`
      : `When dose escalation ends with an MTD, a dose-expansion phase enrols ${patients(patientsN)} at the MTD in cohorts of ${cs}.`,
  ];
  let table: ModifierText["table"];
  if (m.monitor) {
    const limit = num(m.toxLimit);
    const cutoff = num(m.cutoff);
    const [a, b] = [num(m.priorA), num(m.priorB)];
    const pooled = m.monitorData === "all";
    paragraphs.push(
      `Toxicity monitoring: after each expansion cohort, a dose stops enrolling when the posterior probability that its DLT rate exceeds ${rate(limit)} is greater than ${rate(cutoff)}, Pr(p > ${rate(limit)} | data) > ${rate(cutoff)} under a Beta(${rate(a)}, ${rate(b)}) prior, using ${pooled ? "all patients treated at the dose in dose escalation and expansion" : "the expansion patients at the dose only"}. ` +
        (split
          ? "The recommended dose is the higher expansion dose that was not stopped; when both were stopped, the dose below the lower one (none when it is the lowest dose)."
          : "If the MTD is stopped, the dose below it is recommended (none when it is the lowest dose)."),
    );
    // The boundary at each patient count a dose can reach in steps of the cohort sizes.
    const escCohort = typeof design.cohortSize === "number" ? design.cohortSize : typeof design.a === "number" ? gcd(num(design.a), num(design.b ?? 0)) : 1;
    const step = gcd(cs, escCohort) || 1;
    const quota = split ? Math.ceil(patientsN / 2) : patientsN;
    const escPerDose = typeof design.a === "number" ? num(design.a) + num(design.b ?? 0) : typeof design.maxPatients === "number" ? num(design.maxPatients) : num(design.cohortSize ?? 0) * num(design.nCohorts ?? 0);
    const maxN = Math.min(quota + (pooled ? escPerDose : 0), 60);
    const ns: number[] = [];
    for (let n = step; n <= maxN; n += step) ns.push(n);
    const bounds = ns.map((n) => monitoringBoundary(n, limit, cutoff, a, b));
    const shown = ns.map((n, i) => ({ n, y: bounds[i] })).filter((c) => c.y !== null);
    if (shown.length > 0) {
      table = {
        caption: `Expansion monitoring boundaries: stop enrolling at a dose when the number of DLTs among the ${pooled ? "patients treated at it (both phases)" : "expansion patients at it"} reaches the boundary`,
        header: ["Number of patients treated", ...shown.map((c) => String(c.n))],
        rows: [["Stop the dose if # of DLT >=", ...shown.map((c) => String(c.y))]],
      };
    }
  }
  return { title: "Dose expansion", phrase: "a dose-expansion phase", paragraphs, table };
});

registerModifierText("stopAtN", (m) => ({
  title: "Maximum sample size",
  phrase: `a maximum escalation sample size of ${num(m.n)} patients`,
  paragraphs: [
    `Dose escalation stops once ${patients(num(m.n))} have been treated` +
      (m.truncate ? "; a cohort that would exceed this number is reduced so that escalation ends at exactly that number." : "; the cohort under way is completed."),
  ],
}));

registerModifierText("backfill", (m) => {
  const rule =
    m.conflictRule === "off"
      ? "Backfill data are used for the dose's own decisions only; they never move the escalation."
      : `At each escalation decision, when the data of a lower dose${m.conflictRule === "all" ? "" : " that received backfill patients"} call for a more cautious move than the current dose, the data are pooled and the decision is taken on the pooled data (Zhao, Yuan, Korn & Freidlin 2024).`;
  return {
    title: "Backfilling",
    phrase: "backfilling of doses already cleared",
    paragraphs: [
      `While the escalation cohort is pending (its DLT window not yet closed), a newly referred patient is treated at the highest dose below the current one that is open for backfill: cleared by the escalation rule${m.requireResponse ? ", with at least one response observed there" : ""}, and with fewer than ${patients(num(m.cap))} at it. When no dose is open, the patient ${num(m.reserve) > 0 ? `waits for the next escalation cohort while fewer than ${patients(num(m.reserve))} wait; otherwise the patient ` : ""}is not enrolled. Backfilling ends when dose escalation ends. ${rule}`,
    ],
  };
});

registerModifierText("efficacyExpansion", (m) => {
  const c = m as unknown as import("../efficacy/expansion-exact.js").EfficacyExpansionConfig;
  const size = c.efficacy.rule === "simon" ? c.efficacy.n : c.patientsPerDose;
  const where = c.doses === "mtd-and-below" ? `at the MTD and at the dose below it (${patients(size)} each; the MTD alone when it is the lowest dose), ${c.allocation === "randomised" ? "randomised 1:1 in blocks" : "one dose after the other"}` : `at the MTD (${patients(size)})`;
  const eff = c.efficacy;
  const effText =
    eff.rule === "futility"
      ? `Efficacy monitoring: from the ${eff.minPatients}th expansion patient at a dose, and then every ${eff.every}, the dose stops for futility when Pr(response rate > ${rate(eff.p0)} | data) < ${rate(eff.cutoff)} under a Beta(${rate(eff.priorA)}, ${rate(eff.priorB)}) prior, using ${c.poolEscalation ? "the responses of every patient treated at the dose in both phases" : "the expansion patients' responses only"}.`
      : eff.rule === "simon"
        ? `Efficacy monitoring by Simon's two-stage design: a dose stops for futility after ${patients(eff.n1)} with ${eff.r1} or fewer responses, and is declared inactive with ${eff.r} or fewer responses in all ${eff.n}.`
        : "There is no efficacy monitoring.";
  const tox = c.toxicity;
  const toxText = tox.monitor
    ? `Toxicity monitoring: every ${patients(tox.every)} at a dose, it stops when Pr(DLT rate > ${rate(tox.limit)} | data) > ${rate(tox.cutoff)} under a Beta(${rate(tox.priorA)}, ${rate(tox.priorB)}) prior, using ${tox.pooled ? "every patient treated at the dose in both phases" : "the expansion patients only"}.`
    : "There is no toxicity monitoring during expansion.";
  const rule =
    c.finalRule === "highest-safe"
      ? "the highest expansion dose not stopped"
      : c.finalRule === "best-utility"
        ? `the expansion dose not stopped with the highest posterior mean utility (utilities ${c.weights.map(rate).join(", ")} for DLT with response, DLT only, response only and neither)`
        : `the lower expansion dose when its posterior mean response rate is at least the higher dose's minus ${rate(c.delta)}, else the higher (among the doses not stopped)`;
  // a toxicity-only expansion (no efficacy rule, highest-safe) is not "efficacy-guided"
  const guided = eff.rule !== "none" || c.finalRule !== "highest-safe";
  return {
    title: guided ? "Efficacy-guided dose expansion" : "Dose expansion",
    phrase: guided ? "an efficacy-guided dose-expansion phase" : "a dose-expansion phase with toxicity monitoring",
    paragraphs: [`When dose escalation ends with an MTD, expansion patients are enrolled ${where}.`, effText, toxText, `The recommended dose is ${rule}; no dose is recommended when every expansion dose stopped.`],
  };
});

// ---- lookup --------------------------------------------------------------------------------

/** The words for the design `p` (a describe() output). */
export function designText(p: Params, ctx: TextContext): DesignText {
  const fn = DESIGN_TEXT.get(String(p.type));
  if (fn) return fn(p, ctx);
  const listed = Object.entries(p)
    .filter(([k, v]) => k !== "type" && (typeof v !== "object" || Array.isArray(v)))
    .map(([k, v]) => `${k} = ${Array.isArray(v) ? v.join(", ") : String(v)}`)
    .join("; ");
  return { name: `a ${String(p.type)} design`, reference: "", escalation: [`The design's parameters are: ${listed}.`], stopping: [], selection: [] };
}

/** camelCase key of a modifier type: "smc-review" → "smcReview". */
export const modifierKey = (type: string): string => type.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * The words for each modifier in the order they apply, from the design type
 * ("a-plus-b+smc-review+expansion") and describe().
 */
export function modifierTexts(type: string, p: Params, ctx: TextContext): ModifierText[] {
  return type
    .split("+")
    .slice(1)
    .map((t) => {
      const key = modifierKey(t);
      const m = (p[key] ?? {}) as Params;
      const fn = MODIFIER_TEXT.get(key);
      if (fn) return fn(m, p, ctx);
      return {
        title: `Modifier ${t}`,
        paragraphs: [`Parameters: ${Object.entries(m).map(([k, v]) => `${k} = ${String(v)}`).join("; ")}.`],
      };
    });
}

// ---- conduct and timing ----------------------------------------------------------------------

/** Days in a month (365.25 / 12), as the timing block's rates use them. */
const MONTH = 365.25 / 12;
const days = (n: number): string => plural(Number(n.toFixed(1)), "day");
const share = (x: number): string => `${Number((100 * x).toFixed(1))}%`;
const list = (xs: readonly string[]): string => (xs.length <= 1 ? xs.join("") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`);

/** The words for a run in calendar time: the conduct rules (the design's `conduct` block) and the assumptions on the world (the scenario's `timing` block). */
export interface ConductText {
  /** The protocol's rules: infusions, the DLT window, sentinel dosing, reviews, the waiting list, when decisions are taken. */
  readonly conduct: string[];
  /** The assumptions the durations rest on: referrals, screening, manufacturing, drop-out, DLT timing. */
  readonly assumptions: string[];
}

/**
 * The conduct and timing paragraphs of a timed run, from its resolved `timing` blocks (the run
 * JSON's `timing.conduct` and `timing.scenario`). `decidesWithPending`: the design decides with
 * patients still inside their window (TITE designs, rolling six), whose own rules are in the
 * escalation text; `backfill`: the design backfills (its rules are in the backfilling text).
 */
export function conductText(timing: { conduct: Params; scenario: Params }, options: { decidesWithPending?: boolean; backfill?: boolean; expansion?: boolean } = {}): ConductText {
  const c = timing.conduct;
  const s = timing.scenario;
  const infusions = (c.infusionDays as number[]) ?? [0];
  const window = num(c.windowDays);
  const last = infusions[infusions.length - 1] ?? 0;
  const fromLast = c.windowFrom === "last" && last > 0;
  const conduct: string[] = [];
  const schedule =
    infusions.length > 1
      ? `Each patient receives ${infusions.length} infusions, on days ${list(infusions.map(String))} after the first. `
      : "";
  conduct.push(
    schedule +
      `Dose-limiting toxicities are assessed over a window of ${days(window)} after the ${fromLast ? "last" : "first"} infusion` +
      (fromLast ? `, so each patient is followed for ${days(last + window)} from the first infusion.` : ".") +
      (num(c.expansionWindowDays) > 0 && options.expansion ? ` In dose expansion the window is ${days(num(c.expansionWindowDays))}.` : ""),
  );
  const staggering: string[] = [];
  if (c.sentinel !== "none") {
    staggering.push(
      `The first patient of ${c.sentinel === "dose" ? "each cohort at a dose not given before" : "each cohort"} is a sentinel, dosed alone; the other patients of the cohort are dosed no earlier than ${days(num(c.sentinelDays))} after the sentinel's first infusion.`,
    );
  }
  if (num(c.minIntervalDays) > 0) staggering.push(`Two patients at the same dose receive their first infusions at least ${days(num(c.minIntervalDays))} apart.`);
  if (staggering.length > 0) conduct.push(staggering.join(" "));
  const decisions: string[] = [];
  if (options.decidesWithPending) {
    decisions.push("Dose decisions are taken with patients still inside their DLT window, by the rules for pending patients described under Dose escalation; a decision to stop waits until every patient's window is over.");
  } else if (c.earlyDecision) {
    decisions.push(
      "A dose decision is taken as soon as the DLTs already observed settle it, that is when every possible outcome of the patients still in their window leads to the same decision; otherwise it waits until every patient of the cohort has completed the DLT window. Patients still in their window are followed up.",
    );
  } else {
    decisions.push("A dose decision is taken only when every patient of the cohort has completed the DLT window (or had a DLT), so no patient is enrolled at a new dose before the previous cohort's window is over.");
  }
  if (num(c.reviewDays) > 0) {
    decisions.push(
      `The Safety Monitoring Committee reviews the data of each cohort before its decision takes effect; no patient is dosed during the review, which is assumed to take ${c.reviewVariation === "uniform" ? `between ${days(num(c.reviewDays) / 2)} and ${days((3 * num(c.reviewDays)) / 2)} (uniformly, ${days(num(c.reviewDays))} on average)` : days(num(c.reviewDays))}.`,
    );
  }
  if (options.backfill) decisions.push("While a cohort is in its window, newly referred patients may be backfilled at lower doses, as described under Backfilling.");
  decisions.push(
    c.whilePaused === "wait"
      ? `Patients referred while no place is open wait on a list and are enrolled first come, first served${num(c.maxWaitDays) > 0 ? `; a patient still waiting after ${days(num(c.maxWaitDays))} is lost to the trial` : ""}.`
      : "Patients referred while no place is open are not enrolled.",
  );
  conduct.push(decisions.join(" "));

  const assumptions: string[] = [];
  const rate = num(s.rate);
  const arrivals =
    s.process === "piecewise"
      ? `as a Poisson process whose rate steps up over time (${(s.segments as { fromMonth: number; rate: number }[]).map((g) => `${Number(g.rate.toFixed(2))} a month from month ${Number(g.fromMonth.toFixed(1))}`).join(", ")})`
      : s.process === "poisson"
        ? `as a Poisson process of ${Number(rate.toFixed(2))} a month`
        : s.process === "uniform"
          ? `at intervals drawn uniformly between 0 and ${days((2 * MONTH) / rate)} (${Number(rate.toFixed(2))} a month on average)`
          : `one every ${days(MONTH / rate)} (${Number(rate.toFixed(2))} a month)`;
  const world: string[] = [`patients are referred ${arrivals}` + (num(s.expansionRate) > 0 && options.expansion ? `, ${Number(num(s.expansionRate).toFixed(2))} a month once dose expansion has started` : "")];
  if (num(s.screenFailure) > 0) world.push(`${share(num(s.screenFailure))} of referred patients fail screening`);
  if (num(s.manufacturingDays) > 0) {
    world.push(
      s.manufacturing === "fixed"
        ? `the product is manufactured in ${days(num(s.manufacturingDays))} from enrolment`
        : `manufacturing takes a ${s.manufacturing} distributed time with mean ${days(num(s.manufacturingDays))} and standard deviation ${days(num(s.manufacturingSd))} from enrolment to the first infusion`,
    );
  }
  if (num(s.manufacturingFailure) > 0) world.push(`manufacturing fails for ${share(num(s.manufacturingFailure))} of enrolled patients, who are never dosed and are replaced`);
  if (num(s.nonEvaluable) > 0) world.push(`${share(num(s.nonEvaluable))} of dosed patients leave before the end of the window without a DLT (not evaluable) and are replaced`);
  const shares = (s.infusionShares as number[]) ?? [];
  world.push(
    s.dltTiming === "weibull"
      ? `a DLT, when it occurs, occurs at a Weibull-distributed time within the window, ${share(num(s.lateShare))} of DLTs in its second half`
      : s.dltTiming === "infusion"
        ? `a DLT, when it occurs, follows ${shares.length > 0 ? list(shares.map((x, k) => `infusion ${k + 1} in ${share(x)} of cases`)) : "each infusion equally often"}, at a uniform time until the next infusion or the end of the window`
        : "a DLT, when it occurs, occurs at a uniform time within the window",
  );
  assumptions.push(`For the durations below, the simulation assumes that ${world.length === 1 ? world[0] : `${world.slice(0, -1).join("; ")}; and ${world[world.length - 1]}`}.`);
  return { conduct, assumptions };
}

