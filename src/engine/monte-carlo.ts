/**
 * The Monte Carlo hot loop, and nowhere else. Trials run in blocks; block b of a run seeded
 * with S draws from its own stream streamFor(S, b), so a run's result does not depend on how
 * blocks are spread over workers or shards. The loop allocates nothing per trial: the state
 * is reset in place, decisions are the design's prebuilt constants, and each cohort's DLT
 * count is one uniform inverted through a binomial table built once per curve.
 */
import { Action, REASONS } from "../model/decision.js";
import { TrialState } from "../model/state.js";
import type { Design } from "../designs/design.js";
import { cdfTables } from "../random/binomial.js";
import { AleaBuffer, type Uniform } from "../random/stream.js";
import { addTrial, layout, type Layout } from "./accumulator.js";
import { TerminalTally } from "./tally.js";

/** Trials per block: the unit of randomness, fixed so results never depend on worker count. */
export const BLOCK_SIZE = 4096;

/** The default ceiling on cohorts per trial; a trial reaching it stops with reason "cap". */
export const DEFAULT_MAX_COHORTS = 1000;

const CAP = REASONS.indexOf("cap");

/** The accumulator layout for a design. */
export function layoutFor(design: Design, maxCohorts = DEFAULT_MAX_COHORTS): Layout {
  const bound = Math.min(design.maxPatients, maxCohorts * design.maxCohortSize, 5000);
  return layout(design.numDoses, bound, design.metrics.length, design.maxExpansionPatients > 0, design.completeInformation === true);
}

/** Everything one curve's run needs, built once and reused for every block. */
export interface CurveRunner {
  readonly layout: Layout;
  /** Run `trials` trials drawing from `u`, adding them into `acc`. */
  run(u: Uniform, trials: number, acc: Float64Array): void;
  /** Run block `block` of a run seeded with `seed` (the same numbers as `run(streamFor(seed, block), ...)`, faster). */
  runBlock(seed: string, block: number, trials: number, acc: Float64Array): void;
}

/** Prepare to simulate `design` under the true DLT probabilities `truth`. */
export function curveRunner(design: Design, truth: readonly number[], trueMtd: number, maxCohorts = DEFAULT_MAX_COHORTS): CurveRunner {
  const L = layoutFor(design, maxCohorts);
  const tables = cdfTables(truth, design.maxCohortSize);
  const truthArray = Float64Array.from(truth);
  const state = new TrialState(design.numDoses, design.memSlots);
  const metrics = new Float64Array(Math.max(1, design.metrics.length));
  const hasMetrics = design.metrics.length > 0;
  const start = design.startDose;

  // Final states are tallied and selected once per distinct state (see tally.ts).
  const tally = new TerminalTally(design.numDoses, design.memSlots);
  const scratch = new TrialState(design.numDoses, design.memSlots);
  let target: Float64Array = new Float64Array(0);
  const record = (s: TrialState, reason: number, count: number): void => {
    const selected = design.selectMtd(s);
    if (hasMetrics) design.measure(s, metrics, 0);
    addTrial(target, L, s, selected, reason, trueMtd, metrics, count);
  };
  const runWith = (rng: { next(): number }, trials: number, acc: Float64Array): void => {
    target = acc;
    for (let t = 0; t < trials; t++) {
      state.reset(start);
      let reason = CAP;
      for (;;) {
        let dec = design.decide(state);
        while (dec.action === Action.Chance) {
          state.mem[dec.slot] = rng.next() < dec.p ? dec.yes : dec.no;
          dec = design.decide(state);
        }
        if (dec.eliminateFrom >= 0) state.eliminate(dec.eliminateFrom);
        if (dec.writeSlot >= 0) state.mem[dec.writeSlot] = dec.writeValue;
        if (dec.action === Action.Stop) {
          reason = dec.reason;
          break;
        }
        if (state.cohorts >= maxCohorts) break;
        if (dec.panel) {
          for (let i = 0; i < dec.size; i++) state.addPanelPatient(rng.next(), truthArray);
          state.cohorts++;
          continue;
        }
        // inversion of the binomial CDF: one uniform per cohort
        const cdf = tables[dec.dose][dec.size];
        const x = rng.next();
        let k = 0;
        while (x >= cdf[k]) k++;
        state.addCohort(dec.dose, dec.size, k, dec.expansion);
      }
      tally.add(state, reason);
      if (tally.full) tally.flush(scratch, record);
    }
    tally.flush(scratch, record);
  };
  const buffer = new AleaBuffer();
  const run = (u: Uniform, trials: number, acc: Float64Array): void => runWith({ next: u }, trials, acc);
  const runBlock = (seed: string, block: number, trials: number, acc: Float64Array): void => {
    buffer.reseed(seed, block);
    runWith(buffer, trials, acc);
  };
  return { layout: L, run, runBlock };
}

/** Number of blocks a run of `trials` trials has. */
export function blockCount(trials: number): number {
  return Math.ceil(trials / BLOCK_SIZE);
}

/** Trials in block `b` of a run of `trials` trials. */
export function blockTrials(trials: number, b: number): number {
  return Math.min(BLOCK_SIZE, trials - b * BLOCK_SIZE);
}

/**
 * Run blocks [from, to) of a run seeded with `seed`, one accumulator per block, written
 * consecutively into `out` (length (to - from) * layout.length).
 */
export function runBlocks(
  runner: CurveRunner,
  seed: string,
  trials: number,
  from: number,
  to: number,
  out: Float64Array,
  onBlock?: (trialsDone: number) => void,
): void {
  const len = runner.layout.length;
  for (let b = from; b < to; b++) {
    const acc = out.subarray((b - from) * len, (b - from + 1) * len);
    const n = blockTrials(trials, b);
    runner.runBlock(seed, b, n, acc);
    onBlock?.(n);
  }
}
