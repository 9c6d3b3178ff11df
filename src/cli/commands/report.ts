/** `doseladder report`: run a design over a scenario and write the self-contained HTML report. */
import { basename, extname, join } from "node:path";
import { Command } from "commander";
import { loadDesign } from "../../config/load.js";
import { runMonteCarlo } from "../../engine/run.js";
import { buildHtmlReport } from "../../report/html.js";
import { writeAtomic } from "../../report/write.js";
import { positiveInt, probability } from "../options.js";
import { progressBar } from "../progress.js";
import { scenarioFromFlags } from "./run.js";

/** reports/<design>--<scenario>.html, from the two file names. */
export function defaultReportPath(designFile: string, scenarioFile: string | undefined): string {
  const stem = (f: string) => basename(f, extname(f)).replace(/[^A-Za-z0-9._-]+/g, "_");
  return join("reports", `${stem(designFile)}--${scenarioFile ? stem(scenarioFile) : "inline"}.html`);
}

export function reportCommand(): Command {
  return new Command("report")
    .description("Write a self-contained HTML report (charts and tables, opens offline) of a design under a scenario")
    .requiredOption("--design <file>", "design file (JSON)")
    .option("--scenario <file>", "scenario file (JSON) with the ladder and truth curves")
    .option("--curve <name>", "report only the curve with this name")
    .option("--truth <list>", "an inline truth curve, e.g. 0.05,0.1,0.2,0.35,0.5")
    .option("--target <p>", "target DLT rate defining the true MTD (overrides the scenario's)")
    .option("--trials <n>", "number of simulated trials per curve", "10000")
    .option("--seed <s>", "seed of the random streams (any string)", "1")
    .option("--workers <k>", "worker threads (default: the machine's cores)")
    .option("--max-cohorts <n>", "safety cap on cohorts per trial", "1000")
    .option("--target-band <h>", "half-width of the shaded band around the target in the dose-ladder chart", "0.05")
    .option("--out <file>", "the HTML file to write (default: reports/<design>--<scenario>.html)")
    .action(async (opts) => {
      const trials = positiveInt("--trials", opts.trials);
      const workers = opts.workers !== undefined ? positiveInt("--workers", opts.workers) : undefined;
      const maxCohorts = positiveInt("--max-cohorts", opts.maxCohorts);
      const targetBand = probability("--target-band", opts.targetBand);
      const config = loadDesign(opts.design);
      const scenario = scenarioFromFlags(opts, config.doses);
      const out: string = opts.out ?? defaultReportPath(opts.design, opts.scenario);
      const bar = progressBar(trials * scenario.curves.length);
      const result = await runMonteCarlo({ config, scenario, trials, seed: String(opts.seed), workers, maxCohorts, onProgress: (n) => bar.add(n) });
      bar.done();
      const html = await buildHtmlReport(result, { targetBand });
      writeAtomic(out, html);
      process.stderr.write(`doseladder: wrote ${out} (${Math.round(Buffer.byteLength(html) / 1024)} kB)\n`);
    });
}
