/**
 * The registry: the only place that names designs and modifiers. A config's `type` is looked
 * up here; the engines and formatters never see a name. Users may register their own.
 */
import type { ParamSpec, ParamValues } from "../config/params.js";
import type { Design } from "./design.js";
import { aPlusB, aPlusBParams } from "./a-plus-b.js";
import { crm, crmParams } from "./crm.js";
import { optimal, optimalParams } from "./optimal.js";
import { smcReview, smcReviewParams } from "./modifiers/smc-review.js";
import { expansion, expansionParams } from "./modifiers/expansion.js";
import { stopAtN, stopAtNParams } from "./modifiers/stop-at-n.js";

/** A design type: its parameters and how to build it for a ladder of `numDoses` doses. */
export interface DesignEntry {
  readonly type: string;
  readonly summary: string;
  /** The paper (with DOI) the design implements. */
  readonly reference: string;
  readonly params: readonly ParamSpec[];
  build(params: ParamValues, numDoses: number): Design;
}

/** A modifier type: its parameters and how it wraps a design. */
export interface ModifierEntry {
  readonly type: string;
  readonly summary: string;
  readonly params: readonly ParamSpec[];
  apply(inner: Design, params: ParamValues): Design;
}

export const DESIGNS = new Map<string, DesignEntry>();
export const MODIFIERS = new Map<string, ModifierEntry>();

/** Add a design type (built-in or your own). */
export function registerDesign(entry: DesignEntry): void {
  DESIGNS.set(entry.type, entry);
}

/** Add a modifier type (built-in or your own). */
export function registerModifier(entry: ModifierEntry): void {
  MODIFIERS.set(entry.type, entry);
}

registerDesign({
  type: "a-plus-b",
  summary: "A+B rule-based design (3+3 by default), with optional de-escalation and maximum sample size.",
  reference: "Lin & Shih (2001) Biostatistics 2(2):203-215, doi:10.1093/biostatistics/2.2.203",
  params: aPlusBParams,
  build: aPlusB,
});

registerDesign({
  type: "crm",
  summary: "Continual reassessment method (dfcrm conventions): power or logistic model, getprior skeleton, posterior-mean plug-in, restricted escalation, optional two-stage start and safety stop.",
  reference: "O'Quigley, Pepe & Fisher (1990) Biometrics 46:33-48, doi:10.2307/2531628",
  params: crmParams,
  build: crm,
});
registerDesign({
  type: "optimal",
  summary: "Nonparametric optimal benchmark (a pseudo-design): one complete-information panel of N patients, then the dose whose empirical rate is closest to the target.",
  reference: "O'Quigley, Paoletti & Maccario (2002) Biostatistics 3(1):51-56, doi:10.1093/biostatistics/3.1.51",
  params: optimalParams,
  build: optimal,
});

registerModifier({
  type: "smc-review",
  summary: "Safety Monitoring Committee decides, with probability q, whether to add patients after an inconclusive cohort.",
  params: smcReviewParams,
  apply: smcReview,
});
registerModifier({
  type: "expansion",
  summary: "Dose-expansion phase at the MTD (or split with the dose below), with optional Bayesian toxicity monitoring.",
  params: expansionParams,
  apply: expansion,
});
registerModifier({
  type: "stop-at-n",
  summary: "Stop escalation once n patients have been treated.",
  params: stopAtNParams,
  apply: stopAtN,
});
