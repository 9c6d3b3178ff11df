/**
 * Calendar time: the scenario's optional `timing` block (the world: recruitment, screening,
 * manufacturing, drop-out and when DLTs happen) and the design's optional `conduct` block (the
 * protocol: DLT window, infusion schedule, sentinel dosing, SMC pauses, waiting list). Both are
 * flat parameter lists, so validation, defaults, the JSON Schemas and the sweep grid keys
 * (`timing.rate`, `conduct.windowDays`, ...) come from one place. Without either block a run is
 * exactly what it was before (the untimed engines).
 *
 * Units: days, except recruitment rates, which are patients per month (1 month = 365.25 / 12 days).
 */
import { ConfigError } from "./messages.js";
import { paramSchema, resolveParams, type ParamSpec, type ParamValues } from "./params.js";

/** Days in a month (365.25 / 12): recruitment rates are per month, everything else in days. */
export const DAYS_PER_MONTH = 365.25 / 12;

/** One step of a piecewise-constant recruitment rate (sites opening one after another). */
export interface RateSegment {
  /** Months since enrolment opened from which `rate` applies. */
  readonly fromMonth: number;
  /** Patients per month from then on (until the next segment). */
  readonly rate: number;
}

const segmentSchema = {
  type: "array",
  items: {
    type: "object",
    additionalProperties: false,
    required: ["fromMonth", "rate"],
    properties: {
      fromMonth: { type: "number", minimum: 0, description: "Months since enrolment opened." },
      rate: { type: "number", minimum: 0, description: "Patients per month from then on." },
    },
  },
};

/** The scenario's `timing` block. */
export const TIMING_PARAMS: readonly ParamSpec[] = [
  {
    name: "process",
    kind: "enum",
    values: ["poisson", "uniform", "fixed", "piecewise"],
    default: "poisson",
    description:
      "Arrivals of referred patients: poisson (gaps Exp(rate)), uniform (gaps U(0, 2/rate), the convention of the TITE-BOIN and BF-BOIN simulations), fixed (gaps exactly 1/rate), or piecewise (a Poisson process whose rate steps up as given in `segments`). The first patient arrives on day 0.",
  },
  { name: "rate", kind: "number", exclusiveMin: 0, default: 1, description: "Patients referred per month (all sites together)." },
  {
    name: "segments",
    kind: "object",
    schema: segmentSchema,
    default: [],
    description: "process \"piecewise\": the rate per month from each `fromMonth` on (the first segment starts at month 0), e.g. [{\"fromMonth\": 0, \"rate\": 0.5}, {\"fromMonth\": 6, \"rate\": 1.5}].",
  },
  { name: "expansionRate", kind: "number", min: 0, default: 0, description: "Patients per month once the dose-expansion phase has started (a constant-rate process of the same kind; piecewise becomes Poisson). 0 means: the same process as escalation." },
  { name: "screenFailure", kind: "number", min: 0, exclusiveMax: 1, default: 0, description: "Probability that a referred patient fails screening (never enrolled)." },
  { name: "manufacturing", kind: "enum", values: ["fixed", "gamma", "lognormal"], default: "fixed", description: "Distribution of the time from enrolment (apheresis) to the first possible infusion." },
  { name: "manufacturingDays", kind: "number", min: 0, default: 0, description: "Mean manufacturing time in days (the exact time when `manufacturing` is fixed)." },
  { name: "manufacturingSd", kind: "number", min: 0, default: 0, description: "Standard deviation of the manufacturing time in days (gamma and lognormal; must be > 0 for them)." },
  { name: "manufacturingFailure", kind: "number", min: 0, exclusiveMax: 1, default: 0, description: "Probability that manufacturing fails: the patient is never dosed and the slot is offered to the next patient when the failure is known (after the manufacturing time)." },
  { name: "nonEvaluable", kind: "number", min: 0, exclusiveMax: 1, default: 0, description: "Probability that a dosed patient becomes non-evaluable: leaves at a uniform time within the DLT window without an observed DLT, and is replaced." },
  {
    name: "dltTiming",
    kind: "enum",
    values: ["uniform", "weibull", "infusion"],
    default: "uniform",
    description:
      "Time to a DLT, given that one occurs within the window (measured from the first infusion to the window's end): uniform; weibull with F(window) = p and the share `lateShare` of DLTs in the window's second half (Yuan et al. 2018; Lin & Yuan 2020; lateShare 0.5 is BF-BOIN's F(window/2) = p/2); or infusion: after infusion k with probability infusionShares[k], uniformly until the next infusion (the last: until the window ends).",
  },
  { name: "lateShare", kind: "probability", open: true, default: 0.5, description: "weibull: the share of DLTs that occur in the second half of the window." },
  { name: "infusionShares", kind: "probabilities", default: [], description: "infusion: the share of DLTs following each infusion of the design's schedule (one per infusion, summing to 1); empty means equal shares." },
  { name: "responseMonths", kind: "number", min: 0, default: 12, description: "Months after the first infusion at which a patient's response is assessed (known), for curves that give `response` (SYS6020: the response rate at 12 months)." },
];

/** The design's `conduct` block. */
export const CONDUCT_PARAMS: readonly ParamSpec[] = [
  { name: "windowDays", kind: "number", exclusiveMin: 0, default: 28, description: "DLT assessment window in days." },
  { name: "windowFrom", kind: "enum", values: ["first", "last"], default: "first", description: "The window counts from the first or the last infusion of the schedule (SYS6020: 28 days after the last of 3 infusions)." },
  { name: "infusionDays", kind: "integers", min: 0, default: [0], description: "Days of the infusions relative to the first, e.g. [0, 7, 14] for 3 infusions 7 days apart." },
  { name: "earlyDecision", kind: "boolean", default: false, description: "Decide before the cohort's window is over when the DLTs already observed settle it: every possible outcome of the patients still pending gives the same decision (e.g. 2 DLTs in 3 in a 3+3). Pending patients are followed up; one who becomes non-evaluable is then not replaced. Off: decide only when every patient of the cohort has completed the window (the decisions, and so the selection, are those of the untimed design)." },
  { name: "sentinel", kind: "enum", values: ["none", "cohort", "dose"], default: "none", description: "Sentinel dosing in escalation: the first patient of each cohort (cohort), or of each cohort at a dose nobody has received yet (dose), is dosed alone; the others only `sentinelDays` after the sentinel's first infusion." },
  { name: "sentinelDays", kind: "number", min: 0, default: 14, description: "Days between the sentinel's first infusion and the next patient's." },
  { name: "minIntervalDays", kind: "number", min: 0, default: 0, description: "Minimum days between the first infusions of two patients at the same dose (staggered dosing)." },
  { name: "reviewDays", kind: "number", min: 0, default: 0, description: "Safety Monitoring Committee review after each cohort: days from the cohort's decision point until the decision takes effect (nobody is dosed meanwhile). 0: no review delay." },
  { name: "reviewVariation", kind: "enum", values: ["fixed", "uniform"], default: "fixed", description: "The review takes exactly reviewDays (fixed) or U(reviewDays/2, 3·reviewDays/2) days (uniform)." },
  { name: "whilePaused", kind: "enum", values: ["wait", "turn-away"], default: "wait", description: "Patients referred while no slot is open (the cohort is full, awaiting its window or a review): wait on a list (first come, first enrolled) or are turned away." },
  { name: "maxWaitDays", kind: "number", min: 0, default: 90, description: "wait: a patient still waiting after this many days is lost (counted as turned away)." },
  { name: "interimAccrual", kind: "enum", values: ["continue", "pause"], default: "continue", description: "Efficacy expansion (efficacy-expansion modifier): while an interim efficacy look (futility, Simon's first stage) waits for its patients' response assessments, accrual to the dose continues up to the arm's size (continue: the look saves only the patients not yet enrolled) or pauses until the look is made (pause: no patient beyond the look's, at the cost of the assessment time per look). Toxicity looks always wait: each group of toxEvery patients completes its DLT window before the next." },
  { name: "expansionWindowDays", kind: "number", min: 0, default: 0, description: "DLT window of the dose-expansion phase in days (expansion cohorts also wait for their window before the next). 0 means windowDays." },
];

/** A validated `timing` block. */
export interface TimingConfig {
  /** The scenario file (for messages). */
  readonly file: string;
  readonly process: "poisson" | "uniform" | "fixed" | "piecewise";
  readonly rate: number;
  readonly segments: readonly RateSegment[];
  readonly expansionRate: number;
  readonly screenFailure: number;
  readonly manufacturing: "fixed" | "gamma" | "lognormal";
  readonly manufacturingDays: number;
  readonly manufacturingSd: number;
  readonly manufacturingFailure: number;
  readonly nonEvaluable: number;
  readonly dltTiming: "uniform" | "weibull" | "infusion";
  readonly lateShare: number;
  readonly infusionShares: readonly number[];
  /** Months after the first infusion at which response is assessed. */
  readonly responseMonths: number;
}

/** A validated `conduct` block. */
export interface ConductConfig {
  /** The design file (for messages). */
  readonly file: string;
  readonly windowDays: number;
  readonly windowFrom: "first" | "last";
  readonly infusionDays: readonly number[];
  readonly earlyDecision: boolean;
  readonly sentinel: "none" | "cohort" | "dose";
  readonly sentinelDays: number;
  readonly minIntervalDays: number;
  readonly reviewDays: number;
  readonly reviewVariation: "fixed" | "uniform";
  readonly whilePaused: "wait" | "turn-away";
  readonly maxWaitDays: number;
  readonly expansionWindowDays: number;
  readonly interimAccrual: "continue" | "pause";
}

function asBlock(raw: unknown, file: string, field: string): Record<string, unknown> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new ConfigError(file, field, `expected an object, got ${JSON.stringify(raw)}`);
  return raw as Record<string, unknown>;
}

function parseSegments(v: unknown, file: string): RateSegment[] {
  const field = "timing.segments";
  if (!Array.isArray(v)) throw new ConfigError(file, field, `expected an array of { "fromMonth", "rate" }, got ${JSON.stringify(v)}`);
  let last = -1;
  return v.map((s, i) => {
    const f = `${field}[${i}]`;
    const o = asBlock(s, file, f);
    for (const k of Object.keys(o)) if (k !== "fromMonth" && k !== "rate") throw new ConfigError(file, `${f}.${k}`, "unknown field; expected one of: fromMonth, rate");
    const from = o.fromMonth;
    const rate = o.rate;
    if (typeof from !== "number" || !Number.isFinite(from) || from < 0) throw new ConfigError(file, `${f}.fromMonth`, `expected a number >= 0, got ${JSON.stringify(from)}`);
    if (i === 0 && from !== 0) throw new ConfigError(file, `${f}.fromMonth`, `the first segment must start at month 0, got ${from}`);
    if (from <= last) throw new ConfigError(file, `${f}.fromMonth`, `segments must start in increasing order (${from} after ${last})`);
    if (typeof rate !== "number" || !Number.isFinite(rate) || rate < 0) throw new ConfigError(file, `${f}.rate`, `expected a number >= 0, got ${JSON.stringify(rate)}`);
    last = from;
    return Object.freeze({ fromMonth: from, rate });
  });
}

/** Validate a scenario's `timing` block (field names "timing.<param>"). */
export function parseTiming(raw: unknown, file: string): TimingConfig {
  const v: ParamValues = resolveParams(TIMING_PARAMS, asBlock(raw, file, "timing"), file, "timing");
  const segments = parseSegments(v.segments, file);
  if (v.process === "piecewise") {
    if (segments.length === 0) throw new ConfigError(file, "timing.segments", "process \"piecewise\" needs at least one segment");
    if (segments[segments.length - 1].rate <= 0) throw new ConfigError(file, `timing.segments[${segments.length - 1}].rate`, "the last segment's rate must be > 0 (otherwise recruitment stops for good)");
  }
  if (v.manufacturing !== "fixed" && (v.manufacturingDays as number) <= 0) throw new ConfigError(file, "timing.manufacturingDays", `a ${v.manufacturing} manufacturing time needs a mean > 0`);
  if (v.manufacturing !== "fixed" && (v.manufacturingSd as number) <= 0) throw new ConfigError(file, "timing.manufacturingSd", `a ${v.manufacturing} manufacturing time needs a standard deviation > 0`);
  const shares = v.infusionShares as readonly number[];
  if (shares.length > 0) {
    const sum = shares.reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > 1e-9) throw new ConfigError(file, "timing.infusionShares", `the shares must sum to 1, got ${+sum.toPrecision(6)}`);
  }
  return Object.freeze({ file, ...(v as object), segments: Object.freeze(segments) }) as TimingConfig;
}

/** Validate a design's `conduct` block (field names "conduct.<param>"). */
export function parseConduct(raw: unknown, file: string): ConductConfig {
  const v = resolveParams(CONDUCT_PARAMS, asBlock(raw, file, "conduct"), file, "conduct");
  const days = v.infusionDays as readonly number[];
  if (days[0] !== 0) throw new ConfigError(file, "conduct.infusionDays[0]", `the schedule starts with the first infusion, day 0; got ${days[0]}`);
  for (let i = 1; i < days.length; i++) {
    if (days[i] <= days[i - 1]) throw new ConfigError(file, `conduct.infusionDays[${i}]`, `infusion days must increase (${days[i]} after ${days[i - 1]})`);
  }
  return Object.freeze({ file, ...(v as object) }) as ConductConfig;
}

/** The resolved values of a block without its file name (what sweeps re-resolve and results print). */
export function blockValues(block: TimingConfig | ConductConfig): Record<string, unknown> {
  const { file: _file, ...rest } = block;
  return rest;
}

/** The defaults of every timing parameter (a scenario without a `timing` block in a timed run). */
export function defaultTiming(file: string): TimingConfig {
  return parseTiming({}, file);
}

/** The defaults of every conduct parameter (a design without a `conduct` block in a timed run). */
export function defaultConduct(file: string): ConductConfig {
  return parseConduct({}, file);
}

/** JSON Schema of a parameter block, every default stated. */
function blockSchema(description: string, specs: readonly ParamSpec[]): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const spec of specs) properties[spec.name] = paramSchema(spec);
  return { type: "object", description, additionalProperties: false, properties };
}

/** The `timing` property of the scenario schema. */
export function timingSchema(): Record<string, unknown> {
  return blockSchema("Calendar time (optional): recruitment, screening, manufacturing, drop-out and DLT timing. With it (or a design's conduct block) `run` uses the discrete-event engine (Monte Carlo only). Rates per month, times in days.", TIMING_PARAMS);
}

/** The `conduct` property of the design schema. */
export function conductSchema(): Record<string, unknown> {
  return blockSchema("Trial conduct in calendar time (optional): DLT window, infusion schedule, sentinel dosing, SMC review pauses, waiting list. With it (or a scenario's timing block) `run` uses the discrete-event engine (Monte Carlo only). Times in days.", CONDUCT_PARAMS);
}
