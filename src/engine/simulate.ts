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
import { BLOCK_SIZE, blockCount, curveRunner, DEFAULT_MAX_COHORTS, runBlocks, type CurveRunner } from "./monte-carlo.js";

/** One truth curve to simulate. */
export interface CurveJob {
  readonly truth: readonly number[];
  /** 0-based true MTD, or -1 when there is no target. */
  readonly trueMtd: number;
}

/**
 * Below this many trials (× curves) one thread is faster than several: every worker thread must
 * start and build its own state graph of the design before it pays off.
 */
export const THREADS_PAY_OFF_AT = 2_000_000;

/** The default number of worker threads for `work` trials (× curves): 1 for small runs, else the machine's cores. */
export function defaultWorkers(work: number): number {
  return work < THREADS_PAY_OFF_AT ? 1 : availableParallelism();
}

/** Options of a Monte Carlo run. */
export interface SimulateOptions {
  readonly trials: number;
  readonly seed: string;
  /** Worker threads (default: `defaultWorkers(trials × curves)`). 1 runs in this thread. */
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

/** Message to a worker: run blocks [from, to) of one curve of one configured design. */
export interface WorkerTask {
  /** Report progress after each block (only when someone listens: each message costs the main thread). */
  readonly progress: boolean;
  /** The design, as validated config (rebuilt and cached by the worker). */
  readonly config: DesignConfig;
  readonly numDoses: number;
  readonly maxCohorts: number;
  readonly curve: CurveJob;
  readonly seed: string;
  readonly trials: number;
  readonly from: number;
  readonly to: number;
}

/**
 * A set of worker threads that stays up for as long as its owner needs it (a run, or a whole
 * sweep, so that no cell pays for starting threads). Tasks are handed out as workers free up.
 */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { task: WorkerTask; resolve: (out: Float64Array) => void; reject: (e: Error) => void; onProgress?: (n: number) => void }[] = [];
  private readonly busy = new Map<Worker, (typeof this.queue)[number]>();
  private failure: Error | undefined;

  constructor(readonly size: number) {
    const url = workerUrl();
    for (let i = 0; i < size; i++) {
      const w = new Worker(url);
      w.on("message", (msg: { progress?: number; out?: Float64Array }) => {
        const job = this.busy.get(w);
        if (!job) return;
        if (msg.progress !== undefined) {
          job.onProgress?.(msg.progress);
          return;
        }
        this.busy.delete(w);
        this.idle.push(w);
        job.resolve(msg.out!);
        this.pump();
      });
      w.on("error", (e) => this.fail(e));
      w.on("exit", (code) => {
        if (code !== 0 && !this.closed) this.fail(new Error(`worker exited with code ${code}`));
      });
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  private closed = false;

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    for (const job of [...this.busy.values(), ...this.queue]) job.reject(e);
    this.busy.clear();
    this.queue.length = 0;
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.busy.set(w, job);
      w.postMessage(job.task);
    }
  }

  /** Run one task; resolves with its per-block accumulators. */
  run(task: WorkerTask, onProgress?: (n: number) => void): Promise<Float64Array> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject, onProgress });
      this.pump();
    });
  }

  /** Stop every worker. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * Simulate a configured design over several curves; returns one accumulator per curve.
 * With `workers` > 1 (or a `pool`), blocks are shared among worker threads; the result is the same.
 */
export async function simulateConfig(
  config: DesignConfig,
  numDoses: number,
  curves: readonly CurveJob[],
  options: SimulateOptions & { readonly pool?: WorkerPool },
): Promise<Float64Array[]> {
  const maxCohorts = options.maxCohorts ?? DEFAULT_MAX_COHORTS;
  const design = buildDesign(config, numDoses);
  const [from, to] = options.blocks ?? [0, blockCount(options.trials)];
  const nBlocks = Math.max(0, to - from);
  const workers = options.pool
    ? options.pool.size
    : Math.max(1, Math.min(options.workers ?? defaultWorkers(Math.min(options.trials, nBlocks * BLOCK_SIZE) * curves.length), nBlocks * curves.length || 1));
  if (workers === 1 && !options.pool) return curves.map((c) => simulateDesign(design, c, { ...options, maxCohorts }).acc);

  const len = curveRunner(design, curves[0].truth, curves[0].trueMtd, maxCohorts).layout.length;
  const perBlock = curves.map(() => new Float64Array(nBlocks * len));
  // chunks small enough to balance load, large enough to amortise messages
  const chunk = Math.max(1, Math.ceil((nBlocks * curves.length) / (workers * 4)));
  const pool = options.pool ?? new WorkerPool(workers);
  try {
    const jobs: Promise<void>[] = [];
    curves.forEach((curve, ci) => {
      for (let b = from; b < to; b += chunk) {
        const task: WorkerTask = { progress: options.onProgress !== undefined, config, numDoses, maxCohorts, curve, seed: options.seed, trials: options.trials, from: b, to: Math.min(to, b + chunk) };
        jobs.push(pool.run(task, options.onProgress).then((out) => perBlock[ci].set(out, (task.from - from) * len)));
      }
    });
    await Promise.all(jobs);
  } finally {
    if (!options.pool) await pool.close();
  }
  return perBlock.map((blocks) => sumBlocks(blocks, len));
}
