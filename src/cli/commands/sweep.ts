/** `doseladder sweep` and `doseladder merge`: grids of designs × scenarios, resumable and shardable. */
import { Command } from "commander";
import { UsageError } from "../../config/messages.js";
import { loadSweep } from "../../sweep/plan.js";
import { parseShard, partialName, removeSweepOutputs, runSweep } from "../../sweep/run.js";
import { mergePartials, readPartials, sweepCsv, sweepJson, type SweepResult } from "../../sweep/merge.js";
import { checkOutDir, writeAtomic } from "../../report/write.js";
// loaded only when HTML is written: vega and vega-lite cost more to load than the rest of the CLI together
const buildSweepHtml: typeof import("../../report/sweep-html.js").buildSweepHtml = async (...args) => (await import("../../report/sweep-html.js")).buildSweepHtml(...args);
import { basename, join } from "node:path";
import { choice, positiveInt, workerCount } from "../options.js";
import { incoherentTableWarning } from "./run.js";
import { progressBar } from "../progress.js";
import { blockCount, BLOCK_SIZE } from "../../engine/monte-carlo.js";

const FORMATS = ["csv", "json", "html", "all"] as const;
type Format = (typeof FORMATS)[number];

/** Write the merged outputs of a sweep into `dir`; outputs there from an earlier run that this one does not rewrite are deleted. */
export async function writeSweepOutputs(result: SweepResult, dir: string, format: Format): Promise<string[]> {
  const written: string[] = [];
  if (format === "csv" || format === "all") {
    writeAtomic(join(dir, "sweep.csv"), sweepCsv(result));
    written.push(join(dir, "sweep.csv"));
  }
  if (format === "json" || format === "all") {
    writeAtomic(join(dir, "sweep.json"), sweepJson(result));
    written.push(join(dir, "sweep.json"));
  }
  if (format === "html" || format === "all") {
    // the overview (sweep.html) and one side-by-side report per scenario
    for (const page of await buildSweepHtml(result, { outDir: dir })) {
      writeAtomic(join(dir, page.file), page.html);
      written.push(join(dir, page.file));
    }
  }
  removeSweepOutputs(dir, new Set(written.map((f) => basename(f))));
  return written;
}

/**
 * Test-only hook: DOSELADDER_TEST_KILL_AFTER_CELLS=k makes the process kill itself (SIGKILL, as a
 * crash or a cluster's time limit would) right after its k-th computed cell is written, so tests
 * of resuming are deterministic. Unset in normal use.
 */
function killAfterCells(): number | undefined {
  const v = process.env.DOSELADDER_TEST_KILL_AFTER_CELLS;
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

export function sweepCommand(): Command {
  return new Command("sweep")
    .description("Run every cell of a sweep file (designs × parameter grid × scenarios); resumable and shardable")
    .argument("<file>", "sweep file (JSON)")
    .option("--out <dir>", "output directory (finished cells land in DIR/cells as they complete)", "reports/sweep")
    .option("--workers <k>", "worker threads for Monte Carlo cells, at most the cores (default: one per 2.5 million Monte Carlo trials x curves in the sweep)")
    .option("--shard <i/N>", "run only shard i of N (1-based), writing partial results for `doseladder merge`")
    .option("--format <f>", `merged outputs to write: ${FORMATS.join("|")}`, "all")
    .option("--update", "the --out folder holds another version of this sweep: delete its cells that are not in this sweep file and reuse those that are")
    .action(async (file: string, opts) => {
      const format = choice("--format", opts.format, FORMATS);
      const workers = opts.workers !== undefined ? workerCount("--workers", opts.workers) : undefined;
      const shard = opts.shard !== undefined ? parseShard(opts.shard) : undefined;
      if (opts.shard !== undefined && !shard) throw new UsageError(`--shard: expected i/N with 1 <= i <= N, got "${opts.shard}"`);
      const plan = loadSweep(file);
      checkOutDir("--out", opts.out);
      const warnings = new Set(plan.cells.map((c) => incoherentTableWarning(c.design)).filter((w): w is string => w !== undefined));
      for (const w of warnings) process.stderr.write(w + "\n");
      const killAfter = killAfterCells();
      // no SIGINT/SIGTERM handler: a cell computes synchronously, and a handler would delay Ctrl-C until
      // it ends; the lock a killed run leaves is stale (its process is gone) and the next run removes it
      const count = shard?.count ?? 1;
      const perCell = plan.cells.map((c) => c.scenario.curves.length * Math.min(plan.trials, (blockCount(plan.trials) / count + 1) * BLOCK_SIZE));
      const bar = progressBar(perCell.reduce((a, b) => a + b, 0), "trials");
      let done = 0;
      let fresh = 0;
      const { computed, skipped } = await runSweep(plan, opts.out, {
        shard,
        workers,
        update: opts.update === true,
        note: (text) => process.stderr.write(`doseladder: ${text}\n`),
        progress: {
          trials: (n) => bar.add(n),
          cellDone: (_cell, wasSkipped) => {
            if (!wasSkipped && killAfter !== undefined && ++fresh >= killAfter) process.kill(process.pid, "SIGKILL");
            done++;
            bar.note(`cell ${done}/${plan.cells.length}`);
          },
        },
      });
      bar.done();
      process.stderr.write(`${plan.name}: ${computed} cell${computed === 1 ? "" : "s"} computed, ${skipped} already done, in ${opts.out}\n`);
      if (count > 1) {
        process.stderr.write(`shard ${shard!.index + 1}/${count} done; combine the shards with: doseladder merge DIR...\n`);
        return;
      }
      // only this sweep's own cells: the folder may also hold shards of another split of it
      const mine = new Set(plan.cells.map((c) => partialName(c, { index: 0, count: 1 })));
      const written = await writeSweepOutputs(mergePartials(readPartials([opts.out], (n) => mine.has(n))), opts.out, format);
      process.stderr.write(`wrote ${written.join(", ")}\n`);
    });
}

export function mergeCommand(): Command {
  return new Command("merge")
    .description("Combine the partial results of sweep shards into the result of one run")
    .argument("<dirs...>", "output directories of the shards")
    .option("--out <dir>", "where to write the merged outputs", "reports/sweep-merged")
    .option("--format <f>", `outputs to write: ${FORMATS.join("|")}`, "all")
    .action(async (dirs: string[], opts) => {
      const format = choice("--format", opts.format, FORMATS);
      checkOutDir("--out", opts.out);
      const result = mergePartials(readPartials(dirs));
      const written = await writeSweepOutputs(result, opts.out, format);
      process.stderr.write(`merged ${result.cells.length} cells; wrote ${written.join(", ")}\n`);
    });
}
