/**
 * The shapes of the files a statistician edits, after validation. The JSON Schemas that
 * `doseladder schema design|scenario` prints describe the same fields.
 */
import type { ParamValues } from "./params.js";
import type { ConductConfig, TimingConfig } from "./timing.js";
import type { Association } from "../model/joint.js";

/** A design or modifier block: its `type` and its resolved parameters (defaults filled in). */
export interface TypedBlock {
  readonly type: string;
  readonly params: ParamValues;
}

/** A validated design file. */
export interface DesignConfig {
  /** The file it came from (for messages), or "(inline)". */
  readonly file: string;
  readonly name: string;
  readonly description: string;
  /** The registry number of the trial it belongs to, e.g. "NCT06688435". */
  readonly trial: string;
  /** The number of doses the design is written for, if it names one. */
  readonly doses: number | undefined;
  readonly design: TypedBlock;
  /** Applied in order: the later modifier wraps the earlier one and has the final say. */
  readonly modifiers: readonly TypedBlock[];
  /** Trial conduct in calendar time (src/config/timing.ts), when the file has a `conduct` block. */
  readonly conduct?: ConductConfig;
}

/** One rung of a dose ladder. */
export interface Dose {
  readonly label: string;
  readonly amount: number | undefined;
}

/** A dose ladder as registered. */
export interface Ladder {
  readonly unit: string;
  readonly doses: readonly Dose[];
}

/** A named true DLT-probability curve over the ladder, with its response curve when it gives one. */
export interface Curve {
  readonly name: string;
  readonly description: string;
  readonly truth: readonly number[];
  /** True response probability per dose (efficacy), when the curve gives one. */
  readonly response?: readonly number[];
  /** DLT-response association in the same patient (src/model/joint.ts); independent when absent. */
  readonly association?: Association;
}

/** A validated scenario file. */
export interface ScenarioConfig {
  readonly file: string;
  readonly name: string;
  readonly description: string;
  readonly trial: string;
  readonly ladder: Ladder;
  /** Target DLT rate defining the true MTD (the dose whose true rate is closest to it), if any. */
  readonly target: number | undefined;
  readonly curves: readonly Curve[];
  /** Non-fatal problems (e.g. a non-monotone curve), one line each. */
  readonly warnings: readonly string[];
  /** Calendar time of the world (src/config/timing.ts), when the file has a `timing` block. */
  readonly timing?: TimingConfig;
}
