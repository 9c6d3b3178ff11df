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
import { simulateTimed, timedLayout } from "../engine/timed.js";

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
  // one pool of worker threads for the whole sweep, so no cell pays for starting threads
  const threads = options.workers ?? defaultWorkers(plan.trials * Math.max(...plan.cells.map((c) => c.scenario.curves.length)));
  const pool = threads > 1 ? new WorkerPool(threads) : undefined;
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
      // calendar time (a timing or conduct block): the discrete-event engine in this thread, Monte Carlo only
      const timed = cell.scenario.timing !== undefined || cell.design.conduct !== undefined;
      const exact = timed ? null : tryExact(cell, plan, jobs);
      if (exact && !exactOwner) {
        options.progress?.cellDone(cell, true);
        continue;
      }
      const method: "exact" | "monte-carlo" = exact ? "exact" : "monte-carlo";
      let accs: Float64Array[];
      let blocks: [number, number] | null = null;
      let totalBlocks: number | null = null;
      let exactStates: number | null = null;
      if (exact) {
        accs = exact.accs;
        exactStates = exact.states;
      } else {
        totalBlocks = blockCount(plan.trials);
        blocks = [Math.floor((totalBlocks * shard.index) / shard.count), Math.floor((totalBlocks * (shard.index + 1)) / shard.count)];
        accs = timed
          ? jobs.map((job) => simulateTimed(design, cell.scenario.timing, cell.design.conduct, job, { trials: plan.trials, seed: plan.seed, maxCohorts: plan.maxCohorts, blocks: blocks!, onProgress: (n) => options.progress?.trials(n) }).acc)
          : await simulateConfig(cell.design, K, jobs, {
          trials: plan.trials,
          seed: plan.seed,
          workers: 1,
          pool,
          maxCohorts: plan.maxCohorts,
          blocks,
          onProgress: (n) => options.progress?.trials(n),
        });
      }
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
        layoutLength: timed ? timedLayout(L).length : L.length,
        accs: accs.map((a) => Array.from(a)),
      };
      writeAtomic(path, JSON.stringify(partial));
      computed++;
      options.progress?.cellDone(cell, false);
    }
  } finally {
    await pool?.close();
  }
  return { computed, skipped };
}
