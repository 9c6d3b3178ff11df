/** `doseladder sweep` and `doseladder merge`: grids of designs × scenarios, resumable and shardable. */
import { Command } from "commander";
import { UsageError } from "../../config/messages.js";
import { loadSweep } from "../../sweep/plan.js";
import { parseShard, runSweep } from "../../sweep/run.js";
import { mergePartials, readPartials, sweepCsv, sweepJson, type SweepResult } from "../../sweep/merge.js";
import { writeAtomic } from "../../report/write.js";
// loaded only when HTML is written: vega and vega-lite cost more to load than the rest of the CLI together
const buildSweepHtml: typeof import("../../report/sweep-html.js").buildSweepHtml = async (...args) => (await import("../../report/sweep-html.js")).buildSweepHtml(...args);
import { join } from "node:path";
import { choice, positiveInt, workerCount } from "../options.js";
import { progressBar } from "../progress.js";
import { blockCount, BLOCK_SIZE } from "../../engine/monte-carlo.js";

const FORMATS = ["csv", "json", "html", "all"] as const;
type Format = (typeof FORMATS)[number];

/** Write the merged outputs of a sweep into `dir`. */
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
    for (const page of await buildSweepHtml(result)) {
      writeAtomic(join(dir, page.file), page.html);
      written.push(join(dir, page.file));
    }
  }
  return written;
}

export function sweepCommand(): Command {
  return new Command("sweep")
    .description("Run every cell of a sweep file (designs × parameter grid × scenarios); resumable and shardable")
    .argument("<file>", "sweep file (JSON)")
    .option("--out <dir>", "output directory (finished cells land in DIR/cells as they complete)", "reports/sweep")
    .option("--workers <k>", "worker threads for Monte Carlo cells, at most the cores (default: one per 2.5 million Monte Carlo trials x curves in the sweep)")
    .option("--shard <i/N>", "run only shard i of N (1-based), writing partial results for `doseladder merge`")
    .option("--format <f>", `merged outputs to write: ${FORMATS.join("|")}`, "all")
    .action(async (file: string, opts) => {
      const format = choice("--format", opts.format, FORMATS);
      const workers = opts.workers !== undefined ? workerCount("--workers", opts.workers) : undefined;
      const shard = opts.shard !== undefined ? parseShard(opts.shard) : undefined;
      if (opts.shard !== undefined && !shard) throw new UsageError(`--shard: expected i/N with 1 <= i <= N, got "${opts.shard}"`);
      const plan = loadSweep(file);
      const count = shard?.count ?? 1;
      const perCell = plan.cells.map((c) => c.scenario.curves.length * Math.min(plan.trials, (blockCount(plan.trials) / count + 1) * BLOCK_SIZE));
      const bar = progressBar(perCell.reduce((a, b) => a + b, 0), "trials");
      let done = 0;
      const { computed, skipped } = await runSweep(plan, opts.out, {
        shard,
        workers,
        progress: {
          trials: (n) => bar.add(n),
          cellDone: () => {
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
      const written = await writeSweepOutputs(mergePartials(readPartials([opts.out])), opts.out, format);
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
      const result = mergePartials(readPartials(dirs));
      const written = await writeSweepOutputs(result, opts.out, format);
      process.stderr.write(`merged ${result.cells.length} cells; wrote ${written.join(", ")}\n`);
    });
}
