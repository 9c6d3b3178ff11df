/** `doseladder table`: print or check a design's protocol decision table. */
import { Command } from "commander";
import { buildDesign, loadDesign } from "../../config/load.js";
import { ConfigError, LIMITS } from "../../config/messages.js";
import { checkDecisionTable, type DecisionTable } from "../../designs/decision-table.js";
import { formatDecisionTable, formatPendingTable, formatScoreTable, TABLE_FORMATS } from "../../report/decision-table.js";
import { choice, positiveIntAtMost } from "../options.js";
import { checkOutFile } from "../../report/write.js";
import { emit } from "./run.js";

export function tableCommand(): Command {
  return new Command("table")
    .description("Print a design's decision table (escalate / de-escalate / eliminate DLT counts per patients at the dose), or check it for incoherence")
    .requiredOption("--design <file>", "design file (JSON)")
    .option("--max-n <n>", "largest number of patients at a dose to show (default: the design's maximum sample size)")
    .option("--every", "show every n, not only multiples of the cohort size")
    .option("--format <f>", `output format: ${TABLE_FORMATS.join("|")}`, "table")
    .option("--check", "report incoherent rows instead of printing the table: exit 0 when coherent, 1 when not")
    .option("--out <file>", "write the output to this file (atomically) instead of stdout")
    .option("--complete", "time-to-event designs: print the table without pending patients (the untimed design's layout)")
    .action((opts) => {
      const format = choice("--format", opts.format, TABLE_FORMATS);
      const maxN = opts.maxN !== undefined ? positiveIntAtMost("--max-n", opts.maxN, LIMITS.tableMaxN, "patients at a dose") : undefined;
      if (opts.out !== undefined) checkOutFile("--out", opts.out);
      const config = loadDesign(opts.design);
      const design = buildDesign(config, config.doses ?? 3);
      if (design.pendingTable && !opts.complete && !opts.check) {
        // time-to-event designs: the published layout with pending patients (n, DLTs, pending, decision)
        emit(formatPendingTable(design.pendingTable(maxN), format), opts.out);
        return;
      }
      if (design.scoreTable && !design.decisionTable && !opts.check) {
        // designs deciding by scores of (n, DLTs, responses): BOIN12's desirability table
        let t;
        try {
          t = design.scoreTable(maxN);
        } catch (e) {
          throw new ConfigError(config.file, "design", (e as Error).message);
        }
        emit(formatScoreTable(t, format), opts.out);
        return;
      }
      if (!design.decisionTable) {
        throw new ConfigError(config.file, "design.type", `design type "${config.design.type}" has no decision table`);
      }
      const full = design.decisionTable(maxN);
      const table: DecisionTable = opts.every ? full : { ...full, rows: full.rows.filter((r) => r.n % full.cohortSize === 0) };
      if (opts.check) {
        const problems = checkDecisionTable(full);
        const text = problems.length === 0
          ? `${config.file}: coherent (${full.rows.length} rows checked, n = ${full.rows[0]?.n ?? 0}..${full.rows.at(-1)?.n ?? 0})\n`
          : problems.map((p) => `${config.file}: ${p}`).join("\n") + "\n";
        emit(text, opts.out);
        if (problems.length > 0) process.exitCode = 1;
        return;
      }
      emit(formatDecisionTable(table, format), opts.out);
    });
}
