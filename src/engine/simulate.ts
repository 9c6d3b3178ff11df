/**
 * Monte Carlo runs: in-process, or spread over worker threads. Either way the result for a
 * seed is the sum of the run's blocks, each block drawing from its own stream; the sums are
 * integers, so the result is identical for any number of workers and any split of the blocks.
 */
import type { Association } from "../model/joint.js";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { DesignConfig } from "../config/types.js";
import { packagePath } from "../package-root.js";
import { buildDesign } from "../config/load.js";
import type { Design } from "../designs/design.js";
import { DESIGNS, MODIFIERS } from "../designs/index.js";
import type { TimingConfig } from "../config/timing.js";
import { mergeInto } from "./accumulator.js";
import { BLOCK_SIZE, blockCount, blockTrials, curveRunner, DEFAULT_MAX_COHORTS, layoutFor, runBlocks, type CurveRunner } from "./monte-carlo.js";
import { graphFor, type GraphSnapshot } from "./state-graph.js";
import { timedLayout, timedRunner, type TimedRunner } from "./timed.js";

/** One truth curve to simulate. */
export interface CurveJob {
  readonly truth: readonly number[];
  /** True response rate per dose, when the curve gives one (timed runs of backfilling designs read it). */
  readonly response?: readonly number[];
  /** DLT-response association in the same patient: timed backfilling runs draw responses given the DLT, and a design with a final-state phase reads it with the response rates; independent when absent. */
  readonly association?: Association;
  /** 0-based true MTD, or -1 when there is no target. */
  readonly trueMtd: number;
}

/** The most worker threads a run starts: the machine's cores (more only cost memory and start-up). */
export const MAX_WORKERS = availableParallelism();

/**
 * Trials (× curves) a thread must have to pay for itself. Measured with BOIN 6 doses / 36
 * patients on a shared 2-core machine (per-thread CPU from /proc/self/task, median of 5): the
 * workers walk the state graph this thread has built (a snapshot in their first task), so what
 * a worker thread still costs is its own start-up (about 0.1 s of CPU: the thread, Node and the
 * modules) and the warming of its JIT (about 0.13 s: its first 5 million trials take 0.75 s
 * against 0.6 s warm), some 0.25-0.3 s of CPU in all, the time one thread runs 2 million
 * trials. A thread is started for every 5 million trials, so that this fixed cost stays below
 * about a fifth of the thread's share (10 million trials on 2 threads: 0.72-0.76 times the
 * single thread's trials per CPU second).
 */
export const TRIALS_PER_THREAD = 5_000_000;

/** Kept for compatibility: the run size from which the default uses more than one thread. */
export const THREADS_PAY_OFF_AT = 2 * TRIALS_PER_THREAD;

/**
 * The default number of threads for `work` trials (× curves): one per TRIALS_PER_THREAD of
 * work, at most the machine's cores; 1 (this thread, no worker) for small runs.
 */
export function defaultWorkers(work: number): number {
  const k = Math.floor(work / TRIALS_PER_THREAD);
  return k < 2 ? 1 : Math.min(k, MAX_WORKERS);
}

/** `n` worker threads bounded to [1, MAX_WORKERS]. */
export function clampWorkers(n: number): number {
  return Math.max(1, Math.min(Math.floor(n), MAX_WORKERS));
}

/** Options of a Monte Carlo run. */
export interface SimulateOptions {
  readonly trials: number;
  readonly seed: string;
  /**
   * Worker threads (default: `defaultWorkers(trials × curves)`), at most the machine's cores
   * (MAX_WORKERS; larger values are clamped). 1 runs in this thread.
   */
  readonly workers?: number;
  readonly maxCohorts?: number;
  /** Blocks to run, as [from, to) of the run's blocks (for shards); default all. */
  readonly blocks?: readonly [number, number];
  /** Called with the number of trials finished since the last call. */
  readonly onProgress?: (trials: number) => void;
  /**
   * Modules (file URLs or paths) that register custom designs or modifiers with
   * `registerDesign` / `registerModifier` when imported: each worker thread imports them before
   * building a design. Without them a config using a type registered only in this thread runs
   * in this thread (with a warning), since a worker would not know the type.
   */
  readonly workerModules?: readonly string[];
}

/**
 * Calendar-time work (src/engine/timed.ts): the scenario's `timing` block, or null for its
 * defaults; the design's `conduct` block travels in its config.
 */
export interface TimedWork {
  readonly timing: TimingConfig | null;
}

/**
 * Run blocks [from, to) of a timed run of `trials` trials seeded `seed`, adding them into `acc`
 * (runner.layout.length long), block by block as simulateTimed does: each block is summed on
 * its own and then added, and the sums are exact (counts, and durations rounded to 1/16 day),
 * so any split of the blocks gives the same result.
 */
export function runTimedBlocks(
  runner: TimedRunner,
  seed: string,
  trials: number,
  from: number,
  to: number,
  acc: Float64Array,
  onBlock?: (trialsDone: number) => void,
  scratch: Float64Array = new Float64Array(runner.layout.length),
): void {
  for (let b = from; b < to; b++) {
    const n = blockTrials(trials, b);
    if (n <= 0) break;
    scratch.fill(0);
    runner.runBlock(seed, b, n, scratch);
    mergeInto(acc, scratch);
    onBlock?.(n);
  }
}

/** Simulate a design object in this thread (library use; any registered or custom design). */
export function simulateDesign(design: Design, curve: CurveJob, options: SimulateOptions): { runner: CurveRunner; acc: Float64Array } {
  const runner = curveRunner(design, curve.truth, curve.trueMtd, options.maxCohorts ?? DEFAULT_MAX_COHORTS, { world: curve });
  const [from, to] = options.blocks ?? [0, blockCount(options.trials)];
  const acc = new Float64Array(runner.layout.length);
  runBlocks(runner, options.seed, options.trials, from, Math.max(from, to), acc, options.onProgress);
  return { runner, acc };
}

// The registry as this module found it: the built-in types, which every worker thread knows.
const BUILT_IN_DESIGNS = new Map(DESIGNS);
const BUILT_IN_MODIFIERS = new Map(MODIFIERS);

/** Whether a fresh worker thread builds the same design from `config` (every type in it is built in). */
export function builtInConfig(config: DesignConfig): boolean {
  if (DESIGNS.get(config.design.type) !== BUILT_IN_DESIGNS.get(config.design.type)) return false;
  return config.modifiers.every((m) => MODIFIERS.get(m.type) === BUILT_IN_MODIFIERS.get(m.type));
}

let warnedCustom = false;

/** The compiled worker script (the package's dist/src/engine/worker.js, whichever way this module runs: compiled, bundled into the CLI, or as TypeScript in the tests). */
function workerUrl(): URL {
  return pathToFileURL(packagePath("dist/src/engine/worker.js"));
}

/** Message to a worker: run blocks [from, to) of some curves of one configured design; the answer holds one accumulator per curve, consecutively. */
export interface WorkerTask {
  /** Report progress after each block (only when someone listens: each message costs the main thread). */
  readonly progress: boolean;
  /** The design, as validated config (rebuilt once per worker and cached, with its state graph). */
  readonly config: DesignConfig;
  readonly numDoses: number;
  readonly maxCohorts: number;
  /** The curves to run, each over the same blocks (the design's state graph serves them all). */
  readonly curves: readonly CurveJob[];
  readonly seed: string;
  readonly trials: number;
  readonly from: number;
  readonly to: number;
  /** Modules to import before building the design (custom design registrations). */
  readonly modules: readonly string[];
  /** Calendar time: run the discrete-event engine (accumulators in the timed layout). */
  readonly timed?: TimedWork;
  /** The sending thread's state graph of the design, for a worker that has none yet (see GraphShare). */
  readonly graph?: GraphSnapshot;
}

/**
 * A state graph the sending thread has, offered to the workers: the first task of a design that
 * a worker gets carries a snapshot of the graph taken when the task is sent, so the worker
 * walks it instead of building its own. Results do not depend on it (only the time does).
 */
export interface GraphShare {
  /** Names the design and cohort cap (one snapshot per worker and key). */
  readonly key: string;
  readonly snapshot: () => GraphSnapshot;
}

/**
 * A set of worker threads that stays up for as long as its owner needs it (a run, or a whole
 * sweep, so that no cell pays for starting threads). Tasks are handed out as workers free up;
 * each resolves with the task's blocks summed into one accumulator.
 */
export class WorkerPool {
  readonly size: number;
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { task: WorkerTask; resolve: (out: Float64Array) => void; reject: (e: Error) => void; onProgress?: (n: number) => void; share?: GraphShare }[] = [];
  /** Per worker, the graphs (GraphShare keys) it has been sent. */
  private readonly shared = new Map<Worker, Set<string>>();
  private readonly busy = new Map<Worker, (typeof this.queue)[number]>();
  private failure: Error | undefined;
  private closed = false;

  /** Start `size` worker threads (clamped to [1, MAX_WORKERS]). */
  constructor(size: number) {
    this.size = clampWorkers(size);
    const url = workerUrl();
    for (let i = 0; i < this.size; i++) {
      const w = new Worker(url);
      w.on("message", (msg: { ready?: boolean; progress?: number; out?: Float64Array; error?: string }) => {
        if (msg.ready) {
          // a worker takes tasks once loaded, so that a task carries the graph built meanwhile
          this.idle.push(w);
          this.pump();
          return;
        }
        const job = this.busy.get(w);
        if (!job) return;
        if (msg.progress !== undefined) {
          job.onProgress?.(msg.progress);
          return;
        }
        this.busy.delete(w);
        this.idle.push(w);
        if (msg.error !== undefined) job.reject(new Error(msg.error));
        else job.resolve(msg.out!);
        this.pump();
      });
      w.on("error", (e) => this.fail(e));
      w.on("exit", (code) => {
        if (code !== 0 && !this.closed) this.fail(new Error(`worker exited with code ${code}`));
      });
      this.workers.push(w);
      this.shared.set(w, new Set());
    }
  }

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
      const sent = this.shared.get(w)!;
      if (job.share && !sent.has(job.share.key)) {
        sent.add(job.share.key);
        w.postMessage({ ...job.task, graph: job.share.snapshot() });
      } else w.postMessage(job.task);
    }
  }

  /** Run one task; resolves with its blocks summed into one accumulator. `share` offers this thread's graph of the design. */
  run(task: WorkerTask, onProgress?: (n: number) => void, share?: GraphShare): Promise<Float64Array> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject, onProgress, share });
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
 * A config whose design or modifier types were registered in this thread only (custom designs)
 * runs here, unless `workerModules` tells the workers how to register them.
 */
export async function simulateConfig(
  config: DesignConfig,
  numDoses: number,
  curves: readonly CurveJob[],
  options: SimulateOptions & {
    readonly pool?: WorkerPool;
    /**
     * 1: send the whole run (every curve, every block) to one worker as one task, so that only
     * one thread builds the design's state graph (a sweep with more cells than threads runs its
     * cells side by side this way). Default: split into about 4 tasks per thread.
     */
    readonly tasks?: 1;
    /**
     * Calendar time: run the discrete-event engine (src/engine/timed.ts) with this timing and
     * the config's conduct; each accumulator is then in the timed layout (timedLayout).
     */
    readonly timed?: TimedWork;
  },
): Promise<Float64Array[]> {
  const maxCohorts = options.maxCohorts ?? DEFAULT_MAX_COHORTS;
  const design = buildDesign(config, numDoses);
  const [from, to] = options.blocks ?? [0, blockCount(options.trials)];
  const nBlocks = Math.max(0, to - from);
  const modules = options.workerModules ?? [];
  let workers = options.pool
    ? options.pool.size
    : clampWorkers(Math.min(options.workers ?? defaultWorkers(Math.min(options.trials, nBlocks * BLOCK_SIZE) * curves.length), nBlocks * curves.length || 1));
  if (workers > 1 && modules.length === 0 && !builtInConfig(config)) {
    if (!warnedCustom) {
      warnedCustom = true;
      process.emitWarning(
        `design type "${config.design.type}" (or one of its modifiers) is registered in this thread only: running in one thread (pass workerModules to let worker threads register it)`,
        "DoseladderWarning",
      );
    }
    workers = 1;
  }
  const timed = options.timed;
  if (workers === 1 && (!options.pool || !builtInConfig(config) && modules.length === 0)) {
    if (!timed) return curves.map((c) => simulateDesign(design, c, { ...options, maxCohorts }).acc);
    return curves.map((c) => {
      const runner = timedRunner(design, timed.timing ?? undefined, config.conduct, c.truth, c.trueMtd, maxCohorts, c.response, c.association);
      const acc = new Float64Array(runner.layout.length);
      runTimedBlocks(runner, options.seed, options.trials, from, Math.max(from, to), acc, options.onProgress);
      return acc;
    });
  }

  const L = layoutFor(design, maxCohorts);
  const len = timed ? timedLayout(L).length : L.length;
  const accs = curves.map(() => new Float64Array(len));
  if (!options.pool) return runHere(design, config, numDoses, curves, { ...options, maxCohorts }, workers, [from, to], modules, accs);
  const pool = options.pool;
  try {
    const base = { progress: options.onProgress !== undefined, config, numDoses, maxCohorts, seed: options.seed, trials: options.trials, modules, ...(timed ? { timed } : {}) };
    const jobs: Promise<void>[] = [];
    // integer sums: the order the tasks finish in does not change the result
    if (options.tasks === 1) {
      const task: WorkerTask = { ...base, curves, from, to };
      jobs.push(pool.run(task, options.onProgress).then((out) => curves.forEach((_, ci) => mergeInto(accs[ci], out.subarray(ci * len, (ci + 1) * len)))));
    } else {
      // chunks small enough to balance load, large enough to amortise messages
      const chunk = Math.max(1, Math.ceil((nBlocks * curves.length) / (pool.size * 4)));
      curves.forEach((curve, ci) => {
        for (let b = from; b < to; b += chunk) {
          const task: WorkerTask = { ...base, curves: [curve], from: b, to: Math.min(to, b + chunk) };
          jobs.push(pool.run(task, options.onProgress).then((out) => mergeInto(accs[ci], out)));
        }
      });
    }
    await Promise.all(jobs);
  } finally {
    if (!options.pool) await pool.close();
  }
  return accs;
}

/** Blocks this thread runs between two looks at the workers' messages (about 10 ms of work). */
const MAIN_CHUNK = 4;

/**
 * A run with its own threads: this thread works too, beside `threads - 1` worker threads (one
 * thread fewer to start, and this thread's state graph and JIT are often warm already). Blocks
 * are handed out from the front of the run as threads free up: worker threads take pieces of
 * about a (2 × threads)-th of what is left (at least MAIN_CHUNK blocks), this thread takes
 * MAIN_CHUNK blocks at a time and then lets the workers' messages in. The sums are integers, so
 * the result does not depend on who ran what.
 */
async function runHere(
  design: Design,
  config: DesignConfig,
  numDoses: number,
  curves: readonly CurveJob[],
  options: SimulateOptions & { readonly maxCohorts: number; readonly timed?: TimedWork },
  threads: number,
  range: readonly [number, number],
  modules: readonly string[],
  accs: Float64Array[],
): Promise<Float64Array[]> {
  const [from, to] = range;
  const nBlocks = to - from;
  // the work as one sequence of (curve, block) pairs
  const total = nBlocks * curves.length;
  let next = 0;
  const take = (most: number): { ci: number; from: number; to: number } | undefined => {
    if (next >= total) return undefined;
    const ci = Math.floor(next / nBlocks);
    const b = from + (next % nBlocks);
    const end = Math.min(to, b + most);
    next += end - b;
    return { ci, from: b, to: end };
  };
  const workerPiece = () => Math.max(MAIN_CHUNK, Math.ceil((total - next) / (2 * threads)));
  const pool = new WorkerPool(threads - 1);
  let failed = false;
  try {
    const timed = options.timed;
    const base = { progress: options.onProgress !== undefined, config, numDoses, maxCohorts: options.maxCohorts, seed: options.seed, trials: options.trials, modules, ...(timed ? { timed } : {}) };
    // the workers walk this thread's state graph, built meanwhile (a snapshot in each first task)
    const share: GraphShare | undefined = timed ? undefined : { key: `${JSON.stringify(config)}|${numDoses}|${options.maxCohorts}`, snapshot: () => graphFor(design, options.maxCohorts).snapshot() };
    const workerLoop = async (): Promise<void> => {
      for (let t = take(workerPiece()); t && !failed; t = take(workerPiece())) {
        const piece = t;
        const out = await pool.run({ ...base, curves: [curves[piece.ci]], from: piece.from, to: piece.to }, options.onProgress, share);
        mergeInto(accs[piece.ci], out);
      }
    };
    const mainLoop = async (): Promise<void> => {
      // this thread's runners, built when first needed (a curve the workers took whole costs
      // nothing here); each keeps one open tally over all the pieces it runs, added at the end
      const runners: (CurveRunner | undefined)[] = [];
      const timedRunners: (TimedRunner | undefined)[] = [];
      const mine: (Float64Array | undefined)[] = [];
      const scratch = timed ? new Float64Array(accs[0].length) : undefined;
      for (let t = take(MAIN_CHUNK); t && !failed; t = take(MAIN_CHUNK)) {
        const c = curves[t.ci];
        const acc = (mine[t.ci] ??= new Float64Array(accs[0].length));
        if (timed) {
          const runner = (timedRunners[t.ci] ??= timedRunner(design, timed.timing ?? undefined, config.conduct, c.truth, c.trueMtd, options.maxCohorts, c.response, c.association));
          runTimedBlocks(runner, options.seed, options.trials, t.from, t.to, acc, options.onProgress, scratch);
        } else {
          let runner = runners[t.ci];
          if (!runner) {
            runner = runners[t.ci] = curveRunner(design, c.truth, c.trueMtd, options.maxCohorts, { world: c });
            runner.beginTally();
          }
          runner.tallyBlocks(options.seed, options.trials, t.from, t.to, acc, options.onProgress);
        }
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      runners.forEach((r, ci) => r?.flushTally(mine[ci]!));
      mine.forEach((acc, ci) => acc && mergeInto(accs[ci], acc));
    };
    const loops = [...Array.from({ length: pool.size }, workerLoop), mainLoop()];
    await Promise.all(loops.map((p) => p.catch((e: unknown) => {
      failed = true;
      throw e;
    })));
  } finally {
    await pool.close();
  }
  return accs;
}
