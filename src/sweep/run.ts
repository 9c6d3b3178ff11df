/**
 * Running a sweep: every cell (or this shard's share of it) is computed and written to
 * DIR/cells/ as soon as it finishes, as a partial accumulator file. Running again skips the
 * files already there, so an interrupted sweep resumes where it stopped; writes are atomic,
 * so an interruption never leaves a corrupt file.
 *
 * Sharding (`--shard i/N`): a Monte Carlo cell's blocks are split into N consecutive ranges and
 * shard i runs range i; an exact cell is computed whole by shard (cell index mod N). Merging the
 * shards adds their accumulators, which (Monte Carlo sums being integer counts) gives exactly
 * the single-run result.
 *
 * The folder is guarded: a lock file keeps two runs of the same shard from writing it at once (a
 * lock left by a process that no longer runs is removed), and finished cells that belong to no
 * cell of this sweep (the folder holds an older or another sweep) stop the run before anything
 * is computed, unless `update` asks to delete them and reuse the cells that match.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describeFsError, IoError, UsageError } from "../config/messages.js";
import { buildDesign, trueMtd } from "../config/load.js";
import { blockCount, layoutFor } from "../engine/monte-carlo.js";
import { defaultWorkers, simulateConfig, WorkerPool } from "../engine/simulate.js";
import { writeAtomic } from "../report/write.js";
import type { Cell, SweepPlan } from "./plan.js";
import { tryExact } from "./exact-cell.js";
import { checkResponseCurves } from "../engine/run.js";
import { timedLayout, timedRunner } from "../engine/timed.js";

/** A shard of a sweep: index i of N (0-based). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** What a partial file holds. */
export interface PartialFile {
  readonly doseladderSweepPartial: 1;
  readonly key: string;
  readonly cellIndex: number;
  readonly method: "monte-carlo" | "exact";
  readonly shard: Shard;
  /** Monte Carlo: the blocks this partial covers, [from, to). */
  readonly blocks: readonly [number, number] | null;
  readonly totalBlocks: number | null;
  readonly exactStates: number | null;
  readonly cell: Omit<Cell, "index" | "key">;
  readonly sweep: {
    readonly name: string;
    readonly trials: number;
    readonly seed: string;
    readonly gridKeys: readonly string[];
    readonly maxCohorts: number;
    /** The sweep's identity (plan id) and its number of cells; absent in files of doseladder before 0.1.x sweeps were guarded. */
    readonly id?: string;
    readonly cellCount?: number;
    readonly file?: string;
  };
  readonly layoutLength: number;
  /** One accumulator per curve. */
  readonly accs: number[][];
}

/** The file name of a cell's partial for a shard. */
export function partialName(cell: Pick<Cell, "index" | "key">, shard: Shard): string {
  return `cell-${String(cell.index).padStart(4, "0")}-${cell.key}.shard-${shard.index}-of-${shard.count}.json`;
}

/** cell-0003-<key>.shard-0-of-1.json → its parts. */
export const PARTIAL_NAME = /^cell-(\d+)-([0-9a-f]+)\.shard-(\d+)-of-(\d+)\.json$/;

/** The lock file of a shard's run in an output folder. */
export function lockName(shard: Shard): string {
  return shard.count === 1 ? ".doseladder-sweep.lock" : `.doseladder-sweep.shard-${shard.index + 1}-of-${shard.count}.lock`;
}

/** True when a process with this id runs on this machine. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Take the folder's lock for this shard, or fail with who holds it. A lock whose process no longer
 * runs on this machine is stale and taken over (reported through `note`).
 * @returns a function releasing the lock (idempotent).
 */
export function acquireLock(dir: string, shard: Shard, note: (text: string) => void = () => {}): () => void {
  const path = join(dir, lockName(shard));
  const me = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  const text = JSON.stringify(me);
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, text, { flag: "wx" });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw new IoError(`cannot create the lock ${path}: ${describeFsError(e)}`);
    }
    let holder: { pid?: unknown; host?: unknown; started?: unknown } | null = null;
    try {
      holder = JSON.parse(readFileSync(path, "utf8"));
    } catch {
      holder = null;
    }
    const pid = typeof holder?.pid === "number" ? holder.pid : undefined;
    const sameHost = holder?.host === me.host;
    // an unreadable lock older than a minute is the remains of a crash while it was being written
    const unreadableAndOld = pid === undefined && Date.now() - statSync(path).mtimeMs > 60_000;
    if (attempt === 0 && ((pid !== undefined && sameHost && !alive(pid)) || unreadableAndOld)) {
      rmSync(path, { force: true });
      note(`removed a stale lock of process ${pid ?? "(unknown)"}, which no longer runs (${path})`);
      continue;
    }
    const who = pid !== undefined ? `process ${pid} on ${String(holder?.host)}, since ${String(holder?.started)}` : "another process";
    throw new IoError(`${dir} is being written by another sweep (${who}); wait for it to end or give another --out (if no sweep runs there, delete ${path})`);
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    try {
      if (readFileSync(path, "utf8") === text) rmSync(path, { force: true });
    } catch {
      // already gone
    }
  };
}

/** The merged outputs a sweep or merge writes into its folder (sweep.csv, sweep.json, sweep.html, sweep-N-*.html). */
export const SWEEP_OUTPUT = /^sweep(?:\.csv|\.json|\.html|-\d+-[^/]*\.html)$/;

/** Delete the merged outputs in `dir` except those named in `keep`. */
export function removeSweepOutputs(dir: string, keep: ReadonlySet<string> = new Set()): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) if (SWEEP_OUTPUT.test(name) && !keep.has(name)) rmSync(join(dir, name), { force: true });
}

/** What an output folder holds relative to a plan: finished cells of this sweep, and files of cells it does not have. */
export interface FolderState {
  /** Partial files (names) whose cell is not a cell of the plan. */
  readonly stale: readonly string[];
  /** Cells of the plan with at least one partial file in the folder (at its position, or moved: same key, other index). */
  readonly matching: number;
  /** Stale files whose cell is in the plan at another position (a design added or removed before it): name → the plan's index. */
  readonly moved: ReadonlyMap<string, number>;
}

export function folderState(plan: SweepPlan, dir: string): FolderState {
  let names: string[];
  try {
    names = readdirSync(join(dir, "cells"));
  } catch {
    return { stale: [], matching: 0, moved: new Map() };
  }
  const cells = new Set(plan.cells.map((c) => `${c.index}:${c.key}`));
  const indexOfKey = new Map(plan.cells.map((c) => [c.key, c.index]));
  const stale: string[] = [];
  const moved = new Map<string, number>();
  const matched = new Set<string>();
  for (const name of names) {
    const m = PARTIAL_NAME.exec(name);
    if (!m) continue;
    const id = `${Number(m[1])}:${m[2]}`;
    if (cells.has(id)) matched.add(m[2]);
    else {
      stale.push(name);
      const at = indexOfKey.get(m[2]);
      if (at !== undefined) {
        moved.set(name, at);
        matched.add(m[2]);
      }
    }
  }
  return { stale, matching: matched.size, moved };
}

/** A partial file, or undefined when it cannot be read (then the cell is computed again). */
function readPartial(path: string): PartialFile | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as PartialFile;
  } catch {
    return undefined;
  }
}

/** What a partial file records of its sweep. */
function sweepInfo(plan: SweepPlan): PartialFile["sweep"] {
  return {
    name: plan.name,
    trials: plan.trials,
    seed: plan.seed,
    gridKeys: plan.gridKeys,
    maxCohorts: plan.maxCohorts,
    id: plan.id,
    cellCount: plan.cells.length,
    file: plan.file,
  };
}

/** Parse "i/N" (1-based i, as Slurm array indices and GNU parallel slots are). */
export function parseShard(text: string): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  const i = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || i < 1 || i > n) return undefined;
  return { index: i - 1, count: n };
}

export interface SweepProgress {
  cellDone(cell: Cell, skipped: boolean): void;
  trials(n: number): void;
}

/** Run this shard's share of every cell not already in `dir`. Returns the number of cells computed and skipped. */
export async function runSweep(
  plan: SweepPlan,
  dir: string,
  options: {
    shard?: Shard;
    workers?: number;
    progress?: SweepProgress;
    /** Delete finished cells (and merged outputs) of another sweep found in `dir`, keeping the cells that match. */
    update?: boolean;
    /** Where notes go (a stale lock removed, old cells deleted). */
    note?: (text: string) => void;
  },
): Promise<{ computed: number; skipped: number; removed: number }> {
  const shard = options.shard ?? { index: 0, count: 1 };
  const note = options.note ?? (() => {});
  // a design deciding on responses (BOIN12) needs them on every curve: refused before any output
  for (const cell of plan.cells) checkResponseCurves(buildDesign(cell.design, cell.scenario.ladder.doses.length), cell.scenario);
  const cellsDir = join(dir, "cells");
  try {
    mkdirSync(cellsDir, { recursive: true });
  } catch (e) {
    throw new IoError(`cannot create the folder ${cellsDir}: ${describeFsError(e)}`);
  }
  const release = acquireLock(dir, shard, note);
  process.on("exit", release);
  try {
    const state = folderState(plan, dir);
    if (state.stale.length > 0 && !options.update) {
      const n = state.stale.length;
      throw new UsageError(
        `${dir} holds results of another sweep: ${n} finished cell file${n === 1 ? "" : "s"} there ${n === 1 ? "is" : "are"} not of a cell of ${plan.file} ` +
          `(${state.matching} of its ${plan.cells.length} cells match); give another --out, or add --update to delete the old cells and outputs and reuse the ${state.matching} that match`,
      );
    }
    if (state.stale.length > 0) {
      for (const name of state.stale) {
        const at = state.moved.get(name);
        const m = PARTIAL_NAME.exec(name)!;
        const target = at === undefined ? undefined : join(cellsDir, partialName({ index: at, key: m[2] }, { index: Number(m[3]), count: Number(m[4]) }));
        const p = target && !existsSync(target) ? readPartial(join(cellsDir, name)) : undefined;
        // a cell that only moved (same key, another position) is kept under its new position
        if (p && target) writeAtomic(target, JSON.stringify({ ...p, cellIndex: at }));
        rmSync(join(cellsDir, name), { force: true });
      }
      removeSweepOutputs(dir);
      note(`--update: deleted ${state.stale.length} finished cell file${state.stale.length === 1 ? "" : "s"} of another sweep from ${cellsDir}; reusing ${state.matching} matching cells`);
    }
    return { ...(await computeCells(plan, dir, shard, options)), removed: state.stale.length };
  } finally {
    release();
    process.off("exit", release);
  }
}

async function computeCells(
  plan: SweepPlan,
  dir: string,
  shard: Shard,
  options: { workers?: number; progress?: SweepProgress },
): Promise<{ computed: number; skipped: number }> {
  const cellsDir = join(dir, "cells");
  let computed = 0;
  let outputsCleared = false;
  let skipped = 0;
  // One pool of worker threads for the whole sweep, so no cell pays for starting threads,
  // started only when a Monte Carlo cell needs it. The default size weighs the sweep's whole
  // Monte Carlo work. With more cells than threads, Monte Carlo cells run side by side, each
  // whole in one worker (one thread builds its design's state graph); with fewer, each cell's
  // blocks are spread over the threads. Results are identical either way.
  const threads = options.workers ?? defaultWorkers((plan.trials / shard.count) * plan.cells.reduce((n, c) => n + c.scenario.curves.length, 0));
  let pool: WorkerPool | undefined;
  const cellsSideBySide = plan.cells.length >= 2 * threads;
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  try {
    for (const cell of plan.cells) {
      const K = cell.scenario.ladder.doses.length;
      const design = buildDesign(cell.design, K);
      const L = layoutFor(design, plan.maxCohorts);
      const jobs = cell.scenario.curves.map((c) => ({ truth: c.truth, trueMtd: trueMtd(c.truth, cell.scenario.target), response: c.response, association: c.association }));
      // Exact cells belong whole to shard (index mod N); Monte Carlo cells are split by blocks.
      const exactOwner = cell.index % shard.count === shard.index;
      const path = join(cellsDir, partialName(cell, shard));
      const existing = existsSync(path) ? readPartial(path) : undefined;
      if (existing?.key === cell.key) {
        // a cell reused from an earlier version of the sweep (--update) now belongs to this one
        // (same key: same result; its labels, e.g. the sweep file an inline design is named by, are this sweep's)
        if (existing.sweep.id !== plan.id) {
          const cellInfo = { design: cell.design, params: cell.params, scenario: cell.scenario };
          writeAtomic(path, JSON.stringify({ ...existing, cell: cellInfo, sweep: sweepInfo(plan) }));
        }
        skipped++;
        options.progress?.cellDone(cell, true);
        continue;
      }
      // calendar time (a timing or conduct block): the discrete-event engine, Monte Carlo only
      const timed = cell.scenario.timing !== undefined || cell.design.conduct !== undefined;
      const exact = timed ? null : tryExact(cell, plan, jobs);
      if (exact && !exactOwner) {
        options.progress?.cellDone(cell, true);
        continue;
      }
      // merged outputs of an earlier run must not stay in place looking current while cells change
      if (!outputsCleared && shard.count === 1) {
        removeSweepOutputs(dir);
        outputsCleared = true;
      }
      const method: "exact" | "monte-carlo" = exact ? "exact" : "monte-carlo";
      const writeCell = (accs: Float64Array[], blocks: [number, number] | null, totalBlocks: number | null, exactStates: number | null): void => {
        const partial: PartialFile = {
          doseladderSweepPartial: 1,
          key: cell.key,
          cellIndex: cell.index,
          method,
          shard,
          blocks,
          totalBlocks,
          exactStates,
          cell: { design: cell.design, params: cell.params, scenario: cell.scenario },
          sweep: sweepInfo(plan),
          layoutLength: timed ? timedLayout(L).length : L.length,
          accs: accs.map((a) => Array.from(a)),
        };
        writeAtomic(path, JSON.stringify(partial));
        computed++;
        options.progress?.cellDone(cell, false);
      };
      if (exact) {
        writeCell(exact.accs, null, null, exact.states);
        continue;
      }
      const totalBlocks = blockCount(plan.trials);
      const blocks: [number, number] = [Math.floor((totalBlocks * shard.index) / shard.count), Math.floor((totalBlocks * (shard.index + 1)) / shard.count)];
      if (timed) {
        // calendar time: the discrete-event engine, in the sweep's worker threads like any Monte
        // Carlo cell; a timing or conduct the design cannot run stops here, before a thread sees it
        for (const job of jobs) timedRunner(design, cell.scenario.timing, cell.design.conduct, job.truth, job.trueMtd, plan.maxCohorts, job.response, job.association);
      }
      const run = simulateConfig(cell.design, K, jobs, {
        ...(timed ? { timed: { timing: cell.scenario.timing ?? null } } : {}),
        trials: plan.trials,
        seed: plan.seed,
        workers: 1,
        pool: threads > 1 ? (pool ??= new WorkerPool(threads)) : undefined,
        // the last cells of the sweep, when timed (no state graph to build in each thread), are split
        // into blocks like a lone cell, so that one long cell at the end does not leave the other
        // threads idle (earlier ones stay whole: splitting costs each thread its runners)
        tasks: cellsSideBySide && !(timed && cell.index >= plan.cells.length - 2 * threads) ? 1 : undefined,
        maxCohorts: plan.maxCohorts,
        blocks,
        onProgress: (n) => options.progress?.trials(n),
      });
      if (!(threads > 1 && cellsSideBySide)) {
        writeCell(await run, blocks, totalBlocks, null);
        continue;
      }
      const p: Promise<void> = run
        .then((accs) => writeCell(accs, blocks, totalBlocks, null))
        .catch((e: unknown) => {
          failure ??= e;
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      // enough cells queued to keep every thread busy; then wait for one to finish
      if (inFlight.size >= 2 * threads) await Promise.race(inFlight);
      if (failure !== undefined) throw failure;
    }
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure;
  } finally {
    await Promise.all(inFlight);
    await pool?.close();
  }
  return { computed, skipped };
}
