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
import { backfill, backfillParams } from "./modifiers/backfill.js";
import { efficacyExpansion, efficacyExpansionParams, prepareEfficacyExpansion } from "./modifiers/efficacy-expansion.js";
import { boin, boinParams } from "./boin.js";
import { boin12, boin12Params } from "./boin12.js";
import { keyboard, keyboardParams } from "./keyboard.js";
import { mtpi2, mtpi2Params } from "./mtpi2.js";
import { i3plus3, i3plus3Params } from "./i3plus3.js";
import { titeBoin, titeBoinParams } from "./tite-boin.js";
import { titeKeyboard, titeKeyboardParams } from "./tite-keyboard.js";
import { rollingSix, rollingSixParams } from "./rolling-six.js";
import { titeCrm, titeCrmParams } from "./tite-crm.js";
import { decisionTableDesign, prepareTable, tableParams } from "./table.js";

/** A design type: its parameters and how to build it for a ladder of `numDoses` doses. */
export interface DesignEntry {
  readonly type: string;
  readonly summary: string;
  /** The paper (with DOI) the design implements. */
  readonly reference: string;
  readonly params: readonly ParamSpec[];
  build(params: ParamValues, numDoses: number): Design;
  /**
   * Optional: a step run once when a config is loaded, after the parameters are validated,
   * that may read files named relative to the design file and return the final parameters
   * (plain data, so they can be sent to worker threads). Errors are ConfigErrors naming `file`
   * and fields under `field`.
   */
  prepare?(params: ParamValues, file: string, field: string): ParamValues;
}

/** A modifier type: its parameters and how it wraps a design. */
export interface ModifierEntry {
  readonly type: string;
  readonly summary: string;
  readonly params: readonly ParamSpec[];
  apply(inner: Design, params: ParamValues): Design;
  /** Optional, as DesignEntry.prepare: cross-field checks when a config is loaded (errors name `file` and fields under `field`). */
  prepare?(params: ParamValues, file: string, field: string): ParamValues;
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
registerDesign({
  type: "boin",
  summary: "BOIN, the Bayesian optimal interval design, as R BOIN 2.7.2 (get.boundary, get.oc, select.mtd).",
  reference: "Liu & Yuan (2015) JRSS C 64:507-523, doi:10.1111/rssc.12089",
  params: boinParams,
  build: boin,
});
registerDesign({
  type: "boin12",
  summary: "BOIN12, utility-based phase I/II dose finding on DLT and response: BOIN boundaries for toxicity, posterior toxicity and futility elimination, the dose with the highest desirability Pr(utility > benchmark) among d-1, d, d+1, dose exploration, and the optimal biological dose (best posterior mean utility at or below the isotonic MTD) at the end. Untimed runs; every curve needs response rates.",
  reference: "Lin, Zhou, Yan, Li & Yuan (2020) JCO Precis Oncol 4:1393-1402, doi:10.1200/PO.20.00257",
  params: boin12Params,
  build: boin12,
});
registerDesign({
  type: "keyboard",
  summary: "Keyboard design, as R Keyboard 0.1.3 (get.boundary.kb, get.oc.kb, select.mtd.kb).",
  reference: "Yan, Mandrekar & Yuan (2017) Clin Cancer Res 23(15):3994-4003, doi:10.1158/1078-0432.CCR-17-0220",
  params: keyboardParams,
  build: keyboard,
});
registerDesign({
  type: "mtpi2",
  summary: "mTPI-2: equal-width intervals around the equivalence interval, decision by the largest unit probability mass.",
  reference: "Guo, Wang, Ji, Liu & Lin (2017) Contemp Clin Trials 58:23-33, doi:10.1016/j.cct.2017.04.006",
  params: mtpi2Params,
  build: mtpi2,
});
registerDesign({
  type: "i3plus3",
  summary: "i3+3: rule-based interval design on the observed DLT rate against an equivalence interval.",
  reference: "Liu, Wang & Ji (2020) J Biopharm Stat 30(2):294-304, doi:10.1080/10543406.2019.1636811",
  params: i3plus3Params,
  build: i3plus3,
});
registerDesign({
  type: "tite-boin",
  summary: "TITE-BOIN: BOIN deciding with patients still pending (standardized follow-up, single mean imputation or effective sample size), with accrual suspension; needs a timed run to use its pending data.",
  reference: "Yuan, Lin, Li, Nie & Warren (2018) Clin Cancer Res 24:4921-4930, doi:10.1158/1078-0432.CCR-17-3220",
  params: titeBoinParams,
  build: titeBoin,
});
registerDesign({
  type: "tite-keyboard",
  summary: "TITE-Keyboard: Keyboard deciding with patients still pending (effective sample size n - c + STFT in the key posterior), with accrual suspension; needs a timed run to use its pending data.",
  reference: "Lin & Yuan (2020) Biostatistics 21:807-824, doi:10.1093/biostatistics/kxz007",
  params: titeKeyboardParams,
  build: titeKeyboard,
});
registerDesign({
  type: "rolling-six",
  summary: "Rolling six: patients enrolled one at a time, up to 6 at a dose, before the first are evaluable (the published grid); accrual held when 6 are enrolled and no decision is possible; needs a timed run to use its pending data (untimed: a curtailed 3+3 with de-escalation).",
  reference: "Skolnik, Barrett, Jayaraman, Patel & Adamson (2008) J Clin Oncol 26:190-195, doi:10.1200/JCO.2007.12.7712",
  params: rollingSixParams,
  build: rollingSix,
});
registerDesign({
  type: "tite-crm",
  summary: "TITE-CRM (dfcrm titecrm/titesim conventions): the CRM with pending patients' DLT-free follow-up weighted linearly or adaptively in the likelihood; exactly the CRM when nobody is pending; needs a timed run to use its pending data.",
  reference: "Cheung & Chappell (2000) Biometrics 56:1177-1182, doi:10.1111/j.0006-341X.2000.01177.x",
  params: titeCrmParams,
  build: titeCrm,
});
registerDesign({
  type: "table",
  summary: "A user-supplied decision table (inline rows or CSV), simulated with BOIN's trial loop and MTD selection.",
  reference: "Trial loop and selection of Liu & Yuan (2015) JRSS C 64:507-523, doi:10.1111/rssc.12089",
  params: tableParams,
  build: decisionTableDesign,
  prepare: prepareTable,
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
registerModifier({
  type: "backfill",
  summary: "Backfilling (BF-BOIN, Zhao et al. 2024, Clin Cancer Res 30:673-679): in a timed run, patients arriving while the escalation cohort is pending are treated at the highest open lower dose (a response seen, not too toxic alone or pooled with the dose above, below the cap); their data join the escalation data, with the paper's conflict rule. Untimed: the inner design.",
  params: backfillParams,
  apply: backfill,
});
registerModifier({
  type: "efficacy-expansion",
  summary: "Efficacy-guided expansion after escalation, at the MTD or the MTD and the dose below: toxicity monitoring, a Bayesian futility rule or a Simon two-stage design on response, and a final rule choosing the recommended dose (highest safe, best utility, or lowest within delta of the best). Computed exactly from each final escalation state (untimed runs; needs response rates on every curve).",
  params: efficacyExpansionParams,
  apply: efficacyExpansion,
  prepare: prepareEfficacyExpansion,
});
