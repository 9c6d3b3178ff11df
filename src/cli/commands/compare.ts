/** `doseladder compare`: two or more designs on the same simulated trials (common random numbers). */
import { Command } from "commander";
import { loadDesign } from "../../config/load.js";
import { LIMITS, UsageError } from "../../config/messages.js";
import { runCompare } from "../../engine/compare.js";
import { compareCsv, compareTable } from "../../report/compare.js";
import { choice, positiveInt, positiveIntAtMost } from "../options.js";
import { checkOutFile } from "../../report/write.js";
import { progressBar } from "../progress.js";
import { emit, scenarioFromFlags, warnIncoherentTable } from "./run.js";

const FORMATS = ["table", "json", "csv"] as const;

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function compareCommand(): Command {
  return new Command("compare")
    .description("Compare designs on the same simulated trials (common random numbers; in calendar time, with a timing or conduct block, patient by patient): each design's operating characteristics, and differences from the first design with their standard errors")
    .option("--design <file>", "design file (JSON); give two or more, the first is the reference", collect)
    .option("--scenario <file>", "scenario file (JSON) with the ladder and truth curves")
    .option("--curve <name>", "compare only on the curve with this name")
    .option("--truth <list>", "an inline truth curve, e.g. 0.05,0.1,0.2,0.35,0.5")
    .option("--target <p>", "target DLT rate defining the true MTD (overrides the scenario's)")
    .option("--trials <n>", "simulated trials per curve (every design runs the same trials)", "10000")
    .option("--seed <s>", "seed of the random streams (any string)", "1")
    .option("--max-cohorts <n>", "safety cap on cohorts per trial", "1000")
    .option("--format <f>", `output format: ${FORMATS.join("|")}`, "table")
    .option("--out <file>", "write the output to this file (atomically) instead of stdout")
    .action((opts) => {
      const format = choice("--format", opts.format, FORMATS);
      const files: string[] = opts.design ?? [];
      if (files.length < 2) throw new UsageError("compare: give at least two designs, e.g. --design A.json --design B.json (the first is the reference)");
      const trials = positiveIntAtMost("--trials", String(opts.trials), LIMITS.trials, "trials per curve");
      const maxCohorts = positiveInt("--max-cohorts", String(opts.maxCohorts));
      if (opts.out !== undefined) checkOutFile("--out", opts.out);
      const configs = files.map((f) => loadDesign(f));
      configs.forEach(warnIncoherentTable);
      const scenario = scenarioFromFlags(opts, undefined);
      const bar = progressBar(trials * scenario.curves.length * configs.length);
      const result = runCompare({ configs, scenario, trials, seed: String(opts.seed), maxCohorts, onProgress: (n) => bar.add(n * configs.length) });
      bar.done();
      const text = format === "json" ? JSON.stringify(result, null, 2) + "\n" : format === "csv" ? compareCsv(result) : compareTable(result);
      emit(text, opts.out);
    });
}
