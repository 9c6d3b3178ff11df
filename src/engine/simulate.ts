/**
 * Monte Carlo runs: in-process, or spread over worker threads. Either way the result for a
 * seed is the block-ordered sum of per-block accumulators, so it is identical for any number
 * of workers.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { DesignConfig } from "../config/types.js";
import { buildDesign } from "../config/load.js";
import type { Design } from "../designs/design.js";
import { mergeInto } from "./accumulator.js";
import { blockCount, curveRunner, DEFAULT_MAX_COHORTS, runBlocks, type CurveRunner } from "./monte-carlo.js";

/** One truth curve to simulate. */
export interface CurveJob {
  readonly truth: readonly number[];
  /** 0-based true MTD, or -1 when there is no target. */
  readonly trueMtd: number;
}

/** Options of a Monte Carlo run. */
export interface SimulateOptions {
  readonly trials: number;
  readonly seed: string;
  /** Worker threads (default: the machine's cores). 1 runs in this thread. */
  readonly workers?: number;
  readonly maxCohorts?: number;
  /** Blocks to run, as [from, to) of the run's blocks (for shards); default all. */
  readonly blocks?: readonly [number, number];
  /** Called with the number of trials finished since the last call. */
  readonly onProgress?: (trials: number) => void;
}

/** Sum the per-block accumulators in `blocks` (consecutive, each `len` long) in block order. */
function sumBlocks(blocks: Float64Array, len: number): Float64Array {
  const acc = new Float64Array(len);
  for (let off = 0; off < blocks.length; off += len) mergeInto(acc, blocks.subarray(off, off + len));
  return acc;
}

/** Simulate a design object in this thread (library use; any registered or custom design). */
export function simulateDesign(design: Design, curve: CurveJob, options: SimulateOptions): { runner: CurveRunner; acc: Float64Array } {
  const runner = curveRunner(design, curve.truth, curve.trueMtd, options.maxCohorts ?? DEFAULT_MAX_COHORTS);
  const [from, to] = options.blocks ?? [0, blockCount(options.trials)];
  const out = new Float64Array(Math.max(0, to - from) * runner.layout.length);
  runBlocks(runner, options.seed, options.trials, from, to, out, options.onProgress);
  return { runner, acc: sumBlocks(out, runner.layout.length) };
}

/** The compiled worker script (tests run from the TypeScript sources, so look in dist/ then). */
function workerUrl(): URL {
  const here = new URL("./worker.js", import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL("../../dist/src/engine/worker.js", import.meta.url);
}

/** Message to a worker: run blocks [from, to) of one curve. */
export interface WorkerTask {
  readonly id: number;
  readonly curve: CurveJob;
  readonly seed: string;
  readonly trials: number;
  readonly from: number;
  readonly to: number;
}

/** Data every worker starts with. */
export interface WorkerInit {
  readonly config: DesignConfig;
  readonly numDoses: number;
  readonly maxCohorts: number;
}

/**
 * Simulate a configured design over several curves; returns one accumulator per curve.
 * With `workers` > 1, blocks are shared among worker threads; the result is the same.
 */
export async function simulateConfig(
  config: DesignConfig,
  numDoses: number,
  curves: readonly CurveJob[],
  options: SimulateOptions,
): Promise<Float64Array[]> {
  const maxCohorts = options.maxCohorts ?? DEFAULT_MAX_COHORTS;
  const design = buildDesign(config, numDoses);
  const [from, to] = options.blocks ?? [0, blockCount(options.trials)];
  const nBlocks = Math.max(0, to - from);
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), nBlocks * curves.length || 1));
  if (workers === 1) return curves.map((c) => simulateDesign(design, c, { ...options, maxCohorts }).acc);

  const len = curveRunner(design, curves[0].truth, curves[0].trueMtd, maxCohorts).layout.length;
  const perBlock = curves.map(() => new Float64Array(nBlocks * len));
  // chunks small enough to balance load, large enough to amortise messages
  const chunk = Math.max(1, Math.ceil(nBlocks / (workers * 4)));
  const tasks: WorkerTask[] = [];
  curves.forEach((curve, ci) => {
    for (let b = from; b < to; b += chunk) {
      tasks.push({ id: ci, curve, seed: options.seed, trials: options.trials, from: b, to: Math.min(to, b + chunk) });
    }
  });
  const init: WorkerInit = { config, numDoses, maxCohorts };
  const url = workerUrl();
  let next = 0;
  await new Promise<void>((resolve, reject) => {
    let running = 0;
    let failed = false;
    const pool: Worker[] = [];
    const finish = (err?: Error) => {
      if (failed) return;
      if (err) failed = true;
      for (const w of pool) void w.terminate();
      if (err) reject(err);
      else resolve();
    };
    const feed = (w: Worker) => {
      if (next >= tasks.length) {
        if (running === 0) finish();
        return;
      }
      const task = tasks[next++];
      running++;
      w.postMessage(task);
    };
    for (let i = 0; i < workers; i++) {
      const w = new Worker(url, { workerData: init });
      pool.push(w);
      let current: WorkerTask | undefined;
      w.on("message", (msg: { progress?: number; task?: WorkerTask; out?: Float64Array }) => {
        if (msg.progress !== undefined) {
          options.onProgress?.(msg.progress);
          return;
        }
        current = msg.task!;
        perBlock[current.id].set(msg.out!, (current.from - from) * len);
        running--;
        feed(w);
      });
      w.on("error", (e) => finish(e));
      w.on("exit", (code) => {
        if (code !== 0 && !failed && next < tasks.length) finish(new Error(`worker exited with code ${code}`));
      });
      feed(w);
    }
  });
  return perBlock.map((blocks) => sumBlocks(blocks, len));
}
