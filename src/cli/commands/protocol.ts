/** `doseladder protocol`: the statistical-design section of a protocol, as Markdown or Word. */
import { Command } from "commander";
import { buildDesign, loadDesign } from "../../config/load.js";
import { buildProtocol, protocolMarkdown } from "../../report/protocol.js";
// loaded only when a Word file is written (the docx library costs more to load than the rest of the command)
const protocolDocx: typeof import("../../report/protocol-docx.js").protocolDocx = async (...args) => (await import("../../report/protocol-docx.js")).protocolDocx(...args);
import { checkOutFile, writeAtomic } from "../../report/write.js";
import { choice } from "../options.js";
import { defaultReportPath } from "./report.js";
import { addRunOptions, emit, resultFromOptions } from "./run.js";

const FORMATS = ["md", "docx"] as const;

export function protocolCommand(): Command {
  return addRunOptions(
    new Command("protocol").description("Write the statistical-design section of a protocol (design in words, decision table, operating characteristics) as Markdown or Word"),
  )
    .option("--format <f>", `output format: ${FORMATS.join("|")}`, "md")
    .option("--out <file>", "write to this file (atomically); md defaults to stdout, docx to reports/<design>--<scenario>-protocol.docx")
    .action(async (opts) => {
      const format = choice("--format", opts.format, FORMATS);
      const out: string | undefined = format === "docx" ? (opts.out ?? defaultReportPath(opts.design, opts.scenario).replace(/\.html$/, "-protocol.docx")) : opts.out;
      if (out !== undefined) checkOutFile("--out", out); // before any computing
      const result = await resultFromOptions(opts);
      const config = loadDesign(opts.design);
      const design = buildDesign(config, result.ladder.doses.length);
      const doc = buildProtocol(result, { tableNote: design.decisionTable?.().note, decidesWithPending: design.decidesWithPending === true });
      if (format === "md") {
        emit(protocolMarkdown(doc), out);
        return;
      }
      const bytes = await protocolDocx(doc);
      writeAtomic(out!, bytes);
      process.stderr.write(`doseladder: wrote ${out} (${Math.round(bytes.byteLength / 1024)} kB)\n`);
    });
}
