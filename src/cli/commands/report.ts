/** `doseladder report`: run a design over a scenario and write the self-contained HTML report. */
import { basename, extname, join } from "node:path";
import { Command } from "commander";
// loaded only when HTML is written: vega and vega-lite cost more to load than the rest of the CLI together
const buildHtmlReport: typeof import("../../report/html.js").buildHtmlReport = async (...args) => (await import("../../report/html.js")).buildHtmlReport(...args);
import { checkOutFile, writeAtomic } from "../../report/write.js";
import { probability } from "../options.js";
import { addRunOptions, resultFromOptions } from "./run.js";

/** reports/<design>--<scenario>.html, from the two file names. */
export function defaultReportPath(designFile: string, scenarioFile: string | undefined): string {
  const stem = (f: string) => basename(f, extname(f)).replace(/[^A-Za-z0-9._-]+/g, "_");
  return join("reports", `${stem(designFile)}--${scenarioFile ? stem(scenarioFile) : "inline"}.html`);
}

export function reportCommand(): Command {
  return addRunOptions(
    new Command("report").description("Write a self-contained HTML report (charts and tables, opens offline) of a design under a scenario"),
  )
    .option("--target-band <h>", "half-width of the shaded band around the target in the dose-ladder chart", "0.05")
    .option("--out <file>", "the HTML file to write (default: reports/<design>--<scenario>.html)")
    .action(async (opts) => {
      const targetBand = probability("--target-band", opts.targetBand);
      const out: string = opts.out ?? defaultReportPath(opts.design, opts.scenario);
      checkOutFile("--out", out);
      const result = await resultFromOptions(opts);
      const html = await buildHtmlReport(result, { targetBand });
      writeAtomic(out, html);
      process.stderr.write(`doseladder: wrote ${out} (${Math.round(Buffer.byteLength(html) / 1024)} kB)\n`);
    });
}
