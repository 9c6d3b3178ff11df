/**
 * The Monte Carlo hot loop, and nowhere else. Trials run in blocks; block b of a run seeded
 * with S draws from its own stream streamFor(S, b), so a run's result does not depend on how
 * blocks are spread over workers or shards. The loop allocates nothing per trial: a trial walks
 * the design's state graph (state-graph.ts), built lazily from the design's own decisions, and
 * each cohort's DLT count is one uniform inverted through a binomial table built once per curve.
 */
import { Action, REASONS } from "../model/decision.js";
import { TrialState } from "../model/state.js";
import type { Design } from "../designs/design.js";
import { cdfTables } from "../random/binomial.js";
import { AleaBuffer, UniformBuffer, type BufferedUniform, type Uniform } from "../random/stream.js";
import { addFinal, addRecord, finalGrid, layout, type Layout } from "./accumulator.js";
import type { CurveWorld } from "../designs/design.js";
import { settleDecision } from "./settle.js";
import { INDEPENDENT, responseGivenDlt } from "../model/joint.js";
import { graphFor, NodeKind, readRecord, StateGraph, writeRecord } from "./state-graph.js";
import { StateStore } from "./state-store.js";

/** Trials per block: the unit of randomness, fixed so results never depend on worker count. */
export const BLOCK_SIZE = 4096;

/** The default ceiling on cohorts per trial; a trial reaching it stops with reason "cap". */
export const DEFAULT_MAX_COHORTS = 1000;

const CAP = REASONS.indexOf("cap");

/** The accumulator layout for a design. */
export function layoutFor(design: Design, maxCohorts = DEFAULT_MAX_COHORTS): Layout {
  const bound = Math.min(design.maxPatients, maxCohorts * design.maxCohortSize, 5000);
  return layout(design.numDoses, bound, design.metrics.length, design.maxExpansionPatients > 0, design.completeInformation === true, design.finalStateOc?.names.length ?? 0);
}

/** Everything one curve's run needs, built once and reused for every block. */
export interface CurveRunner {
  readonly layout: Layout;
  /** Run `trials` trials drawing from `u`, adding them into `acc`. */
  run(u: Uniform, trials: number, acc: Float64Array): void;
  /** Run block `block` of a run seeded with `seed` (the same numbers as `run(streamFor(seed, block), ...)`, faster), adding it into `acc`. */
  runBlock(seed: string, block: number, trials: number, acc: Float64Array): void;
  /**
   * Run blocks [from, to) of a run of `trials` trials seeded with `seed`, adding them all into
   * `acc` with one tally: the final states of every block are counted by id and added to the
   * accumulator once, at the end. `onBlock` is called after each block with its trial count.
   */
  runBlocks(seed: string, trials: number, from: number, to: number, acc: Float64Array, onBlock?: (trialsDone: number) => void): void;
  /**
   * An open tally, for a thread that runs a run's blocks in many small pieces (to let other
   * threads' messages in between): `beginTally()`, then `tallyBlocks` for each piece (blocks
   * [from, to), counted, not yet added), then `flushTally(acc)` once. Every call of one tally
   * takes the same `acc` (finals the graph has no room for may go into it early). The result is
   * that of one `runBlocks` over all the pieces.
   */
  beginTally(): void;
  tallyBlocks(seed: string, trials: number, from: number, to: number, acc: Float64Array, onBlock?: (trialsDone: number) => void): void;
  flushTally(acc: Float64Array): void;
}

/** Options of {@link curveRunner}. */
export interface CurveRunnerOptions {
  /**
   * A private state graph with this memory budget in ints, instead of the design's shared one
   * (tests use a tiny budget to run the step-by-step fallback). Results do not depend on it.
   */
  readonly graphBudgetInts?: number;
  /**
   * The curve's world beyond its DLT rates (response rates, association), for a design with a
   * final-state phase (Design.finalStateOc); the truth alone when absent.
   */
  readonly world?: CurveWorld;
}

/** Buckets of the guide tables that invert the binomial CDFs (2^QUANT_BITS per table). */
const QUANT_BITS = 10;
const QUANT = 1 << QUANT_BITS;
const STRADDLE = 255;

/** Distinct final states outside the graph tallied before they are added to the accumulator. */
const TALLY_CAPACITY = 4096;

/**
 * Prepare to simulate `design` under the true DLT probabilities `truth`.
 *
 * A trial walks the design's state graph (state-graph.ts): at a treat node one uniform picks
 * the DLT count by inverting the binomial CDF of the node's (dose, size), at a chance node one
 * uniform picks the branch, and a final node ends the trial. An edge met for the first time is
 * built by asking the design; when the graph is full, or at a complete-information panel, the
 * trial goes on step by step with the design itself, drawing the same uniforms.
 *
 * A trial ending on a final node adds one to that final's count; the counts are added to the
 * accumulator once per call (per run of blocks, not per block), each distinct (state, reason)
 * once with its count as weight. Every value added is an integer (counts times integer
 * statistics; designs' metrics are 0/1 indicators), so the sums are exact: they do not depend on
 * the order of the finals, on how far the graph is built, or on how blocks are split over calls,
 * workers or shards. (A design with non-integer metrics would keep that property only up to
 * rounding.)
 */
export function curveRunner(design: Design, truth: readonly number[], trueMtd: number, maxCohorts = DEFAULT_MAX_COHORTS, options: CurveRunnerOptions = {}): CurveRunner {
  const L = layoutFor(design, maxCohorts);
  const graph = options.graphBudgetInts !== undefined ? new StateGraph(design, maxCohorts, options.graphBudgetInts) : graphFor(design, maxCohorts);
  const tables = cdfTables(truth, design.maxCohortSize);
  // the binomial CDFs of every (dose, size) in one array, at graph.tableOffset(dose, size)
  const S = graph.stride;
  const cdf = new Float64Array(design.numDoses * S * S).fill(1);
  for (let d = 0; d < design.numDoses; d++) {
    for (let size = 0; size <= design.maxCohortSize; size++) cdf.set(tables[d][size], graph.tableOffset(d, size));
  }
  // ...and a guide table per (dose, size) at tableIndex << QUANT_BITS: quant[b] is the DLT count
  // of every uniform in [b, b + 1) / 2^QUANT_BITS, or STRADDLE when a CDF value falls inside
  // the bucket (then the CDF is searched). The count is exactly the search's.
  const quant = new Uint8Array(design.numDoses * S << QUANT_BITS);
  for (let t = 0; t < design.numDoses * S; t++) {
    for (let b = 0; b < QUANT; b++) {
      const lo = b / QUANT;
      const hi = (b + 1) / QUANT;
      let k = 0;
      while (lo >= cdf[t * S + k]) k++;
      quant[(t << QUANT_BITS) + b] = cdf[t * S + k] < hi || k >= STRADDLE ? STRADDLE : k;
    }
  }
  const truthArray = Float64Array.from(truth);
  // a joint-outcome design (Design.jointOutcomes): P(response | DLT) and P(response | no DLT) per dose
  const joint = design.jointOutcomes;
  const respWith = new Float64Array(design.numDoses);
  const respWithout = new Float64Array(design.numDoses);
  if (joint) {
    const response = options.world?.response;
    if (!response || response.length !== design.numDoses) throw new Error(`${design.type} decides on responses: the curve must give a response rate per dose`);
    for (let d = 0; d < design.numDoses; d++) {
      const g = responseGivenDlt(truth[d], response[d], options.world?.association ?? INDEPENDENT);
      respWith[d] = g.withDlt;
      respWithout[d] = g.withoutDlt;
    }
  }
  const state = new TrialState(design.numDoses, design.memSlots);
  const metrics = new Float64Array(Math.max(1, design.metrics.length));
  const hasMetrics = design.metrics.length > 0;
  // a final-state phase: its values per distinct final, added with the final's count (no draw)
  const phase = design.finalStateOc;
  const evaluate = phase ? phase.forCurve(options.world ?? { truth }) : undefined;
  const grid = phase ? finalGrid(phase.bounds) : null;
  const phaseValues = new Float64Array(Math.max(1, phase?.names.length ?? 0));

  // The tally: count[f] trials ended on the graph's final f since the last flush (float counts:
  // exact integers far beyond 2^31); final states the graph had no room for are counted in
  // `overflow` (ids ~index) and flushed whenever it fills.
  let count = new Float64Array(Math.max(256, graph.finals.size));
  const overflow = new StateStore(graph.width + 1, TALLY_CAPACITY, 16);
  const overflowCount = new Float64Array(TALLY_CAPACITY);
  const overflowRec = new Int32Array(graph.width + 1);
  const scratch = new TrialState(design.numDoses, design.memSlots);

  const W = graph.width;
  const M = design.memSlots;
  /** Make room in `count` for every final the graph holds. */
  const growCount = (): void => {
    const n = graph.finals.size;
    if (n <= count.length) return;
    const grown = new Float64Array(Math.max(n, 2 * count.length));
    grown.set(count);
    count = grown;
  };
  const flushOverflow = (acc: Float64Array): void => {
    for (let i = 0; i < overflow.size; i++) {
      const n = overflowCount[i];
      overflowCount[i] = 0;
      const o = i * (W + 1);
      readRecord(overflow.records, o, scratch);
      const selected = design.selectMtd(scratch);
      if (hasMetrics) design.measure(scratch, metrics, 0);
      addRecord(acc, L, overflow.records, o, M, selected, overflow.records[o + W], trueMtd, metrics, n);
      if (evaluate) {
        evaluate(scratch, phaseValues);
        addFinal(acc, L, phaseValues, n, grid);
      }
    }
    overflow.clear();
  };
  /**
   * Add every counted final state into `acc`, once each with its count, and reset the counts.
   * Every entry added is an integer (a count times integer statistics and 0/1 metrics), so the
   * sums are exact and do not depend on the order of the finals or on how trials were split.
   */
  const flush = (acc: Float64Array): void => {
    const finals = graph.finals.records;
    const nf = Math.min(graph.finals.size, count.length);
    for (let e = 0; e < nf; e++) {
      const n = count[e];
      if (n === 0) continue;
      count[e] = 0;
      const o = e * (W + 1);
      let selected = graph.selected[e];
      if (selected === -2 || hasMetrics || evaluate) {
        graph.readFinal(e, scratch);
        selected = graph.selectedOf(e, scratch);
        if (hasMetrics) design.measure(scratch, metrics, 0);
      }
      addRecord(acc, L, finals, o, M, selected, finals[o + W], trueMtd, metrics, n);
      if (evaluate) {
        evaluate(scratch, phaseValues);
        addFinal(acc, L, phaseValues, n, grid);
      }
    }
    flushOverflow(acc);
  };
  /**
   * Drop counts a run that threw part-way left behind, and make room for the finals other
   * runners of the design (other curves) added to the shared graph since this one last ran.
   */
  const reset = (): void => {
    growCount();
    count.fill(0);
    overflowCount.fill(0);
    overflow.clear();
  };

  /** Count one trial that ended in `state` with `reason` (a final the graph could not hold). */
  const tallySlow = (reason: number, acc: Float64Array): void => {
    const f = graph.finalOf(state, reason);
    if (f >= 0) {
      growCount();
      count[f]++;
      return;
    }
    writeRecord(state, overflowRec);
    overflowRec[graph.width] = reason;
    let o = overflow.find(overflowRec);
    if (o < 0) {
      if (overflow.full) flushOverflow(acc);
      o = overflow.add(overflowRec);
    }
    overflowCount[o]++;
  };

  /** Finish the trial in `state` step by step, as the design decides; returns the stop reason. */
  const finish = (rng: { next(): number }): number => {
    for (;;) {
      const dec = settleDecision(design, state, rng);
      if (dec.action === Action.Stop) return dec.reason;
      if (state.cohorts >= maxCohorts) return CAP;
      if (dec.panel) {
        for (let i = 0; i < dec.size; i++) state.addPanelPatient(rng.next(), truthArray);
        state.cohorts++;
        continue;
      }
      // inversion of the binomial CDF: one uniform per cohort
      const o = graph.tableOffset(dec.dose, dec.size);
      const x = rng.next();
      let k = 0;
      while (x >= cdf[o + k]) k++;
      if (joint && !dec.expansion) {
        // then each patient's response given the DLT: one uniform per patient, DLT patients first
        let rk = 0;
        for (let i = 0; i < k; i++) if (rng.next() < respWith[dec.dose]) rk++;
        let rn = 0;
        for (let i = k; i < dec.size; i++) if (rng.next() < respWithout[dec.dose]) rn++;
        state.mem[joint.slot + dec.dose] += rk + rn;
        if (joint.both) state.mem[joint.slot + design.numDoses + dec.dose] += rk;
      }
      state.addCohort(dec.dose, dec.size, k, dec.expansion);
    }
  };

  /** Walk `trials` trials drawing from `rng`, counting their final states (no flush). */
  const walk = (rng: BufferedUniform, trials: number, acc: Float64Array): void => {
    let data = graph.data;
    let p = graph.p;
    let cnt = count;
    const root = graph.root;
    const buf = rng.buf;
    const end = buf.length;
    let pos = rng.pos;
    for (let t = 0; t < trials; t++) {
      let a = root;
      for (;;) {
        const info = data[a];
        const kind = info & 3;
        let k: number;
        if (kind === NodeKind.Treat) {
          // inversion of the binomial CDF: one uniform per cohort
          const ti = info >> 2;
          if (pos === end) {
            rng.refill();
            pos = 0;
          }
          const x = buf[pos++];
          k = quant[(ti << QUANT_BITS) + ((x * QUANT) | 0)];
          if (k === STRADDLE) {
            const o = ti * S;
            k = 0;
            while (x >= cdf[o + k]) k++;
          }
        } else if (kind === NodeKind.Final) {
          cnt[info >> 2]++;
          break;
        } else if (kind === NodeKind.Chance) {
          if (pos === end) {
            rng.refill();
            pos = 0;
          }
          k = buf[pos++] < p[info >> 2] ? 0 : 1;
        } else {
          graph.readNode(a, state);
          rng.pos = pos;
          tallySlow(finish(rng), acc);
          pos = rng.pos;
          data = graph.data;
          p = graph.p;
          cnt = count;
          break;
        }
        let c = data[a + 1 + k];
        if (c < 0) {
          c = graph.expand(a, k, state);
          data = graph.data;
          p = graph.p;
          growCount();
          cnt = count;
          if (c < 0) {
            rng.pos = pos;
            tallySlow(finish(rng), acc);
            pos = rng.pos;
            cnt = count;
            break;
          }
        }
        a = c;
      }
    }
    rng.pos = pos;
  };
  /**
   * {@link walk} for a freshly seeded Alea stream, with the generator inline: its state lives in
   * local variables and each uniform is computed where it is drawn (seedrandom's Alea recurrence,
   * so the same numbers in the same order), with no buffer to fill and read back.
   */
  const walkAlea = (gen: AleaBuffer, trials: number, acc: Float64Array): void => {
    if (gen.pos !== gen.buf.length) throw new Error("walkAlea: the stream's buffer must be empty");
    let data = graph.data;
    let p = graph.p;
    let cnt = count;
    const root = graph.root;
    let c0 = gen.c;
    let s0 = gen.s0;
    let s1 = gen.s1;
    let s2 = gen.s2;
    for (let t = 0; t < trials; t++) {
      let a = root;
      for (;;) {
        const info = data[a];
        const kind = info & 3;
        let k: number;
        if (kind === NodeKind.Treat) {
          // inversion of the binomial CDF: one uniform per cohort
          const ti = info >> 2;
          const u = 2091639 * s0 + c0 * 2.3283064365386963e-10; // 2^-32
          s0 = s1;
          s1 = s2;
          c0 = u | 0;
          const x = (s2 = u - c0);
          k = quant[(ti << QUANT_BITS) + ((x * QUANT) | 0)];
          if (k === STRADDLE) {
            const o = ti * S;
            k = 0;
            while (x >= cdf[o + k]) k++;
          }
        } else if (kind === NodeKind.Final) {
          cnt[info >> 2]++;
          break;
        } else if (kind === NodeKind.Chance) {
          const u = 2091639 * s0 + c0 * 2.3283064365386963e-10;
          s0 = s1;
          s1 = s2;
          c0 = u | 0;
          s2 = u - c0;
          k = s2 < p[info >> 2] ? 0 : 1;
        } else {
          graph.readNode(a, state);
          // hand the generator's state to the stream, finish step by step, take the state back
          // (inline, not a closure: captured variables would leave the registers)
          gen.c = c0;
          gen.s0 = s0;
          gen.s1 = s1;
          gen.s2 = s2;
          tallySlow(finish(direct), acc);
          c0 = gen.c;
          s0 = gen.s0;
          s1 = gen.s1;
          s2 = gen.s2;
          data = graph.data;
          p = graph.p;
          cnt = count;
          break;
        }
        let c = data[a + 1 + k];
        if (c < 0) {
          c = graph.expand(a, k, state);
          data = graph.data;
          p = graph.p;
          growCount();
          cnt = count;
          if (c < 0) {
            // hand the generator's state to the stream, finish step by step, take the state back
            // (inline, not a closure: captured variables would leave the registers)
            gen.c = c0;
            gen.s0 = s0;
            gen.s1 = s1;
            gen.s2 = s2;
            tallySlow(finish(direct), acc);
            c0 = gen.c;
            s0 = gen.s0;
            s1 = gen.s1;
            s2 = gen.s2;
            data = graph.data;
            p = graph.p;
            cnt = count;
            break;
          }
        }
        a = c;
      }
    }
    gen.c = c0;
    gen.s0 = s0;
    gen.s1 = s1;
    gen.s2 = s2;
  };
  const buffer = new AleaBuffer();
  const direct = { next: (): number => buffer.step() };
  const run = (u: Uniform, trials: number, acc: Float64Array): void => {
    reset();
    walk(new UniformBuffer(u), trials, acc);
    flush(acc);
  };
  const runBlock = (seed: string, block: number, trials: number, acc: Float64Array): void => {
    reset();
    buffer.reseed(seed, block);
    walkAlea(buffer, trials, acc);
    flush(acc);
  };
  const tallyBlocks = (seed: string, trials: number, from: number, to: number, acc: Float64Array, onBlock?: (trialsDone: number) => void): void => {
    // other runners of the design may have added finals to the shared graph since the last piece
    growCount();
    for (let b = from; b < to; b++) {
      const n = blockTrials(trials, b);
      buffer.reseed(seed, b);
      walkAlea(buffer, n, acc);
      onBlock?.(n);
    }
  };
  const runBlocksOf = (seed: string, trials: number, from: number, to: number, acc: Float64Array, onBlock?: (trialsDone: number) => void): void => {
    reset();
    tallyBlocks(seed, trials, from, to, acc, onBlock);
    flush(acc);
  };
  return { layout: L, run, runBlock, runBlocks: runBlocksOf, beginTally: reset, tallyBlocks, flushTally: flush };
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
 * Run blocks [from, to) of a run of `trials` trials seeded with `seed`, adding them into `acc`
 * (one accumulator, layout.length long) with one tally for all of them.
 */
export function runBlocks(
  runner: CurveRunner,
  seed: string,
  trials: number,
  from: number,
  to: number,
  acc: Float64Array,
  onBlock?: (trialsDone: number) => void,
): void {
  runner.runBlocks(seed, trials, from, to, acc, onBlock);
}
