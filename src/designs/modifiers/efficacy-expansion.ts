/**
 * The `efficacy-expansion` modifier's declarative parameters and their resolution into an
 * {@link EfficacyExpansionConfig} (src/efficacy/expansion-exact.ts computes its operating
 * characteristics exactly per final escalation state). Toxicity monitoring is the `expansion`
 * modifier's rule (posteriorExceeds, Beta prior, every `toxEvery` patients); a Simon rule is
 * computed from p0, p1, alpha and power by src/efficacy/simon.ts.
 */
import { ConfigError } from "../../config/messages.js";
import { resolveParams, type ParamSpec } from "../../config/params.js";
import { MAX_PATIENTS } from "../limits.js";
import { simonDesigns } from "../../efficacy/simon.js";
import { armSize, expansionDoses, expansionExact, optimalBiologicalDose, type EfficacyExpansionConfig, type EfficacyTruth, type FinalRule } from "../../efficacy/expansion-exact.js";
import { EFF_BETTER, EFF_EXP_PATIENTS, EFF_NONE, EFF_PATIENTS, EFF_RESPONDERS, EFF_TWO, efficacySummary, efficacyValueNames } from "../../efficacy/summary.js";
import { INDEPENDENT } from "../../model/joint.js";
import { TimedExpansion } from "../../efficacy/expansion-timed.js";
import type { TrialView } from "../../model/state.js";
import type { ParamValues } from "../../config/params.js";
import { wrap, type CurveWorld, type Design, type FinalStateOc } from "../design.js";

export const efficacyExpansionParams: readonly ParamSpec[] = [
  { name: "doses", kind: "enum", values: ["mtd", "mtd-and-below"], default: "mtd", description: "Expand at the MTD, or at the MTD and the dose below." },
  { name: "allocation", kind: "enum", values: ["sequential", "randomised"], default: "sequential", description: "Fill the doses one after the other, or randomise 1:1 in fixed blocks (same outcome distribution; changes the calendar only)." },
  { name: "patientsPerDose", kind: "integer", min: 1, max: Math.min(MAX_PATIENTS, 100), default: 20, description: "Expansion patients per dose (a Simon rule uses its own n)." },
  { name: "poolEscalation", kind: "boolean", default: true, description: "Pool the escalation patients at the dose into the efficacy data." },
  { name: "efficacyRule", kind: "enum", values: ["none", "futility", "simon"], default: "futility", description: "Efficacy monitoring: none, a Bayesian futility rule, or a Simon two-stage design." },
  { name: "p0", kind: "probability", open: true, default: 0.2, description: "Uninteresting response rate (futility and Simon)." },
  { name: "futilityCutoff", kind: "probability", open: true, default: 0.1, description: "Futility: stop when Pr(rate > p0 | data) < this." },
  { name: "effPriorA", kind: "number", exclusiveMin: 0, default: 0.5, description: "Futility and posterior mean response: Beta prior a." },
  { name: "effPriorB", kind: "number", exclusiveMin: 0, default: 0.5, description: "Futility and posterior mean response: Beta prior b." },
  { name: "minPatients", kind: "integer", min: 1, max: 100, default: 6, description: "Futility: first look after this many expansion patients." },
  { name: "lookEvery", kind: "integer", min: 1, max: 100, default: 3, description: "Futility: then a look every this many patients." },
  { name: "p1", kind: "probability", open: true, default: 0.4, description: "Simon: target response rate." },
  { name: "alpha", kind: "probability", open: true, default: 0.05, description: "Simon: type I error." },
  { name: "power", kind: "probability", open: true, default: 0.8, description: "Simon: power." },
  { name: "simonKind", kind: "enum", values: ["optimal", "minimax"], default: "optimal", description: "Simon: optimal or minimax design." },
  { name: "toxMonitor", kind: "boolean", default: true, description: "Apply the toxicity monitoring rule of `expansion`." },
  { name: "toxLimit", kind: "probability", open: true, default: 0.3, description: "Toxicity: the DLT rate that must not be exceeded (also the OBD's admissibility limit)." },
  { name: "toxCutoff", kind: "probability", open: true, default: 0.8, description: "Toxicity: stop when Pr(rate > toxLimit | data) exceeds this." },
  { name: "toxPriorA", kind: "number", exclusiveMin: 0, default: 1, description: "Toxicity: Beta prior a." },
  { name: "toxPriorB", kind: "number", exclusiveMin: 0, default: 1, description: "Toxicity: Beta prior b." },
  { name: "toxEvery", kind: "integer", min: 1, max: 100, default: 3, description: "Toxicity: a look every this many expansion patients." },
  { name: "toxData", kind: "enum", values: ["all", "expansion"], default: "all", description: "Toxicity looks use escalation and expansion data at the dose, or expansion data only." },
  { name: "finalRule", kind: "enum", values: ["highest-safe", "best-utility", "lowest-within-delta"], default: "lowest-within-delta", description: "How the recommended dose is chosen among the doses not stopped." },
  { name: "optimalRule", kind: "enum", values: ["final-rule", "highest-safe", "best-utility", "lowest-within-delta"], default: "final-rule", description: "The rule defining the true optimal dose and the better of two doses (on the true rates): the final rule, or another (give a toxicity-only expansion the efficacy designs' rule to compare them)." },
  { name: "weights", kind: "probabilities", default: [0.6, 0, 1, 0.4], description: "best-utility: utilities of [DLT and response, DLT only, response only, neither] (BOIN12's 60/0/100/40 scaled)." },
  { name: "delta", kind: "probability", default: 0.1, description: "lowest-within-delta: the lower dose is chosen when its response is within delta of the higher's." },
];

/**
 * Resolve raw JSON params into a config; messages name `file` and `path.field`.
 * @throws ConfigError
 */
export function resolveEfficacyExpansion(raw: Record<string, unknown>, file: string, path: string): EfficacyExpansionConfig {
  const p = resolveParams(efficacyExpansionParams, raw, file, path);
  const w = p.weights as number[];
  if (w.length !== 4) throw new ConfigError(file, `${path}.weights`, `expected 4 utilities (DLT and response, DLT only, response only, neither), got ${w.length}`);
  let efficacy: EfficacyExpansionConfig["efficacy"] = { rule: "none" };
  if (p.efficacyRule === "futility") {
    const min = p.minPatients as number;
    if (min > (p.patientsPerDose as number)) throw new ConfigError(file, `${path}.minPatients`, `${min} is more than patientsPerDose (${p.patientsPerDose as number}): no futility look would happen`);
    efficacy = { rule: "futility", p0: p.p0 as number, cutoff: p.futilityCutoff as number, priorA: p.effPriorA as number, priorB: p.effPriorB as number, minPatients: min, every: p.lookEvery as number };
  } else if (p.efficacyRule === "simon") {
    const p0 = p.p0 as number;
    const p1 = p.p1 as number;
    if (!(p1 > p0)) throw new ConfigError(file, `${path}.p1`, `must exceed p0 (${p0}), got ${p1}`);
    const s = simonDesigns(p0, p1, p.alpha as number, p.power as number);
    if (!s) throw new ConfigError(file, `${path}.p1`, `no Simon design with n <= 100 for p0 = ${p0}, p1 = ${p1}, alpha = ${p.alpha as number}, power = ${p.power as number}`);
    const d = p.simonKind === "minimax" ? s.minimax : s.optimal;
    efficacy = { rule: "simon", n1: d.n1, r1: d.r1, n: d.n, r: d.r };
  }
  return {
    doses: p.doses as EfficacyExpansionConfig["doses"],
    allocation: p.allocation as EfficacyExpansionConfig["allocation"],
    patientsPerDose: p.patientsPerDose as number,
    poolEscalation: (p.poolEscalation as boolean) && p.efficacyRule !== "simon",
    efficacy,
    toxicity: {
      monitor: p.toxMonitor as boolean,
      limit: p.toxLimit as number,
      cutoff: p.toxCutoff as number,
      priorA: p.toxPriorA as number,
      priorB: p.toxPriorB as number,
      every: p.toxEvery as number,
      pooled: p.toxData === "all",
    },
    finalRule: p.finalRule as FinalRule,
    optimalRule: (p.optimalRule === "final-rule" ? p.finalRule : p.optimalRule) as FinalRule,
    weights: [w[0], w[1], w[2], w[3]],
    delta: p.delta as number,
    responsePriorA: p.effPriorA as number,
    responsePriorB: p.effPriorB as number,
  };
}

/**
 * Validate the modifier's parameters when a design file is loaded (the cross-field checks and the
 * Simon search of {@link resolveEfficacyExpansion}), returning them unchanged.
 * @throws ConfigError naming `file` and `field.parameter`
 */
export function prepareEfficacyExpansion(params: ParamValues, file: string, field: string): ParamValues {
  resolveEfficacyExpansion(params, file, field);
  return params;
}

/**
 * Wrap `inner` (the escalation) with an efficacy-guided expansion computed from its final state.
 * The escalation runs as before (decisions, MTD, its own statistics unchanged); what the
 * expansion does after each final state is computed exactly by src/efficacy/expansion-exact.ts
 * and reaches the engines through the design's final-state hook (Design.finalStateOc): per final
 * state the per-trial values of {@link efficacyValueNames}, memoised on what they depend on (the
 * MTD and n, y at the expansion doses). Needs response rates on every curve.
 */
/** The statistics `compare` pairs between efficacy designs (the efficacy block's curve-level fields). */
export const EFFICACY_PAIRED = ["optimalDoseRecommended", "noDose", "twoDoses", "betterOfTwo", "expectedExpansionPatients", "expectedPatients", "expectedResponders"] as const;

export function efficacyExpansion(inner: Design, params: ParamValues): Design {
  const cfg = resolveEfficacyExpansion(params as Record<string, unknown>, "(design)", "efficacy-expansion");
  const K = inner.numDoses;
  const names = efficacyValueNames(K);
  const size = armSize(cfg);
  const maxExpansion = (cfg.doses === "mtd-and-below" ? 2 : 1) * size;
  const s0 = 6 * K;
  const bounds = names.map((_, i) => {
    if (i < 3 * K || (i >= 5 * K && i < s0) || i === s0 + EFF_NONE || i === s0 + EFF_TWO || i === s0 + EFF_BETTER) return 1;
    // Stryker disable next-line EqualityOperator: i = 5K (<=) never gets here: the line above returns 1 for 5K <= i < 6K
    if (i < 5 * K) return size;
    if (i === s0 + EFF_PATIENTS) return (Number.isFinite(inner.maxPatients) ? inner.maxPatients : 10_000) + maxExpansion;
    return maxExpansion;
  });
  const finalStateOc: FinalStateOc = {
    label: "efficacy-expansion",
    key: "efficacy",
    names,
    bounds,
    forCurve(world: CurveWorld) {
      if (!world.response) throw new Error(`gives no "response" rates; efficacy-expansion needs a response rate per dose on every curve`);
      const truth: EfficacyTruth = { tox: world.truth, response: world.response, association: world.association ?? INDEPENDENT };
      const cache = new Map<number, Float64Array>();
      return (s: TrialView, out: Float64Array): void => {
        const m = inner.selectMtd(s);
        const ds = expansionDoses(cfg, m);
        // the key of what expansionExact reads: the MTD, and n, y at the expansion doses (each < 128, armExact's bound)
        // Stryker disable next-line ArithmeticOperator: a memo key only: m - 1 is one-to-one on m too, and the keys of different MTDs stay apart (m = -1: -2; m = 0: below -129; m >= 1: >= 0, in 128^2 or 128^4 blocks by m)
        let key = m + 1;
        // Stryker disable next-line ArithmeticOperator: a memo key only: with n, y < 128, (X·128 + n)·128 - y and (X·128 - n)·128 + y are one-to-one on (X, n, y) as well; the two "/ 128" variants on this line, which are not one-to-one, fail the swapped-n test of q-efficacy-expansion-modifier.test.ts (checked by hand: this mark leaves them out of the run)
        for (const d of ds) key = (key * 128 + s.n[d]) * 128 + s.y[d];
        let v = cache.get(key);
        // Stryker disable next-line ConditionalExpression: the memo only saves time: computing again (true) gives the same values
        if (!v) {
          const oc = expansionExact(cfg, truth, { n: Array.from(s.n), y: Array.from(s.y), mtd: m });
          v = new Float64Array(names.length);
          v.set(oc.recommended, 0);
          v.set(oc.futilityStop, K);
          v.set(oc.toxStop, 2 * K);
          v.set(oc.patients, 3 * K);
          v.set(oc.responders, 4 * K);
          v.set(oc.expanded, 5 * K);
          // Stryker disable next-line ArithmeticOperator: EFF_NONE is 0, so s0 - EFF_NONE is s0 + EFF_NONE
          v[s0 + EFF_NONE] = oc.none;
          v[s0 + EFF_TWO] = oc.twoDoses;
          v[s0 + EFF_BETTER] = oc.better;
          let p = 0;
          let r = 0;
          for (let d = 0; d < K; d++) {
            p += oc.patients[d];
            r += oc.responders[d];
          }
          v[s0 + EFF_EXP_PATIENTS] = p;
          v[s0 + EFF_RESPONDERS] = r;
          cache.set(key, v);
        }
        out.set(v);
        out[s0 + EFF_PATIENTS] = s.escalationN + s.expansionN + v[s0 + EFF_EXP_PATIENTS];
      };
    },
    // compare's paired statistics: the per-trial (conditional) values behind the block's curve-level fields
    paired: {
      names: EFFICACY_PAIRED,
      forCurve(world: CurveWorld) {
        const truth: EfficacyTruth = { tox: world.truth, response: world.response ?? world.truth.map(() => 0), association: world.association ?? INDEPENDENT };
        const obd = optimalBiologicalDose(cfg, truth);
        return (v: Float64Array, out: Float64Array, at: number): void => {
          // Stryker disable next-line ArithmeticOperator: EFF_NONE is 0, so s0 - EFF_NONE is s0 + EFF_NONE
          out[at] = obd >= 0 ? v[obd] : v[s0 + EFF_NONE];
          // Stryker disable next-line ArithmeticOperator: EFF_NONE is 0, so s0 - EFF_NONE is s0 + EFF_NONE (at - 1 is killed)
          out[at + 1] = v[s0 + EFF_NONE];
          out[at + 2] = v[s0 + EFF_TWO];
          out[at + 3] = v[s0 + EFF_BETTER];
          out[at + 4] = v[s0 + EFF_EXP_PATIENTS];
          out[at + 5] = v[s0 + EFF_PATIENTS];
          out[at + 6] = v[s0 + EFF_RESPONDERS];
        };
      },
    },
    // calendar time: the same rules patient by patient (src/efficacy/expansion-timed.ts)
    timed(world: CurveWorld, pauseForLooks: boolean) {
      if (!world.response) throw new Error(`gives no "response" rates; efficacy-expansion needs a response rate per dose on every curve`);
      const truth: EfficacyTruth = { tox: world.truth, response: world.response, association: world.association ?? INDEPENDENT };
      return new TimedExpansion(cfg, truth, (s) => inner.selectMtd(s), K, pauseForLooks);
    },
    summarize(world: CurveWorld, mean: Float64Array, se: Float64Array, monteCarlo: boolean, trials: number) {
      const truth: EfficacyTruth = { tox: world.truth, response: world.response ?? world.truth.map(() => 0), association: world.association ?? INDEPENDENT };
      return { ...efficacySummary({ finalRule: cfg.finalRule, optimalRule: cfg.optimalRule ?? cfg.finalRule, doses: cfg.doses, response: truth.response, optimalDose: optimalBiologicalDose(cfg, truth) }, mean, se, monteCarlo, trials) };
    },
  };
  return wrap(inner, {
    type: `${inner.type}+efficacy-expansion`,
    describe: () => ({ ...inner.describe(), efficacyExpansion: cfg }),
    finalStateOc,
  });
}
