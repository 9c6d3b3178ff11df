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
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { buildDesign, trueMtd } from "../config/load.js";
import { blockCount, layoutFor } from "../engine/monte-carlo.js";
import { defaultWorkers, simulateConfig, WorkerPool } from "../engine/simulate.js";
import { writeAtomic } from "../report/write.js";
import type { Cell, SweepPlan } from "./plan.js";
import { tryExact } from "./exact-cell.js";

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
  readonly sweep: { readonly name: string; readonly trials: number; readonly seed: string; readonly gridKeys: readonly string[]; readonly maxCohorts: number };
  readonly layoutLength: number;
  /** One accumulator per curve. */
  readonly accs: number[][];
}

/** The file name of a cell's partial for a shard. */
export function partialName(cell: Pick<Cell, "index" | "key">, shard: Shard): string {
  return `cell-${String(cell.index).padStart(4, "0")}-${cell.key}.shard-${shard.index}-of-${shard.count}.json`;
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
  options: { shard?: Shard; workers?: number; progress?: SweepProgress },
): Promise<{ computed: number; skipped: number }> {
  const shard = options.shard ?? { index: 0, count: 1 };
  const cellsDir = join(dir, "cells");
  mkdirSync(cellsDir, { recursive: true });
  let computed = 0;
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
      const jobs = cell.scenario.curves.map((c) => ({ truth: c.truth, trueMtd: trueMtd(c.truth, cell.scenario.target) }));
      // Exact cells belong whole to shard (index mod N); Monte Carlo cells are split by blocks.
      const exactOwner = cell.index % shard.count === shard.index;
      const path = join(cellsDir, partialName(cell, shard));
      if (existsSync(path) && (JSON.parse(readFileSync(path, "utf8")) as PartialFile).key === cell.key) {
        skipped++;
        options.progress?.cellDone(cell, true);
        continue;
      }
      const exact = tryExact(cell, plan, jobs);
      if (exact && !exactOwner) {
        options.progress?.cellDone(cell, true);
        continue;
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
          sweep: { name: plan.name, trials: plan.trials, seed: plan.seed, gridKeys: plan.gridKeys, maxCohorts: plan.maxCohorts },
          layoutLength: L.length,
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
      const run = simulateConfig(cell.design, K, jobs, {
        trials: plan.trials,
        seed: plan.seed,
        workers: 1,
        pool: threads > 1 ? (pool ??= new WorkerPool(threads)) : undefined,
        tasks: cellsSideBySide ? 1 : undefined,
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
