/** `doseladder paths`: dose-transition pathways over the next K cohorts, optionally with their probabilities. */
import { Command } from "commander";
import { UsageError } from "../../config/messages.js";
import { decisionJson, dosePaths, type PathNode } from "../../engine/paths.js";
import { formatOutcomes } from "../../model/outcomes.js";
import { csvField } from "../../report/csv.js";
import { choice, positiveInt, probabilityList } from "../options.js";
import { designFromFlags, outcomesFlag } from "./next.js";
import { emit } from "./run.js";
import { checkOutFile } from "../../report/write.js";

const FORMATS = ["table", "json", "csv"] as const;

const mtd1 = (m: number) => (m >= 0 ? m + 1 : null);

function table(nodes: PathNode[], from: string, withP: boolean): string {
  const rows = [["path", ...(withP ? ["probability"] : []), "leaf", "next", "MTD if stopped"]];
  for (const n of nodes) {
    const indent = "  ".repeat(n.depth);
    const last = n.branch ? `{${n.branch}}` : n.path.split(" ").pop() || "";
    const label = n.depth === 0 && !n.branch ? from || "(start)" : indent + last;
    rows.push([label, ...(withP ? [n.probability!.toFixed(6)] : []), n.leaf ?? "", n.next, n.mtd >= 0 ? `dose ${n.mtd + 1}` : "none"]);
  }
  // a loop, not Math.max(...column): a million rows would overflow the call stack
  const widths = rows[0].map(() => 0);
  for (const r of rows) for (let j = 0; j < r.length; j++) if (r[j].length > widths[j]) widths[j] = r[j].length;
  return rows.map((r) => r.map((c, j) => (j === r.length - 1 ? c : c.padEnd(widths[j]))).join("  ")).join("\n") + "\n";
}

export function pathsCommand(): Command {
  return new Command("paths")
    .description('Dose-transition pathways: every outcome of the next K cohorts and the design\'s next dose, e.g. --cohorts 2 --from "1NNN"')
    .requiredOption("--design <file>", "design file (JSON)")
    .option("--cohorts <k>", "number of cohorts to enumerate", "2")
    .option("--from <text>", 'start after these observed cohorts, e.g. "1NNN 2NTN"')
    .option("--truth <list>", "true DLT probabilities per dose, to give each path's probability")
    .option("--doses <k>", "number of doses, when the design file does not name it (default: the --truth length)")
    .option("--format <f>", `output format: ${FORMATS.join("|")}`, "table")
    .option("--out <file>", "write the output to this file (atomically) instead of stdout")
    .action((opts) => {
      const format = choice("--format", opts.format, FORMATS);
      const cohorts = positiveInt("--cohorts", opts.cohorts);
      if (opts.out !== undefined) checkOutFile("--out", opts.out);
      const truth = opts.truth !== undefined ? probabilityList("--truth", opts.truth) : undefined;
      const { name, design } = designFromFlags(opts.design, opts.doses, truth?.length);
      if (truth && truth.length !== design.numDoses) {
        throw new UsageError(`--truth: has ${truth.length} probabilities but the design has ${design.numDoses} doses`);
      }
      const from = opts.from !== undefined ? outcomesFlag("--from", opts.from, design.numDoses) : [];
      const paths = dosePaths(design, { cohorts, from, truth });
      for (const w of paths.start.warnings) process.stderr.write(w + "\n");
      const fromText = formatOutcomes(from);
      let text: string;
      if (format === "json") {
        text =
          JSON.stringify(
            {
              design: name,
              type: design.type,
              from: fromText,
              cohorts,
              truth: truth ?? null,
              paths: paths.nodes.map((n) => ({
                path: n.path,
                depth: n.depth,
                branch: n.branch,
                leaf: n.leaf,
                decision: decisionJson(n.decision),
                next: n.next,
                mtd: mtd1(n.mtd),
                probability: n.probability,
              })),
            },
            null,
            2,
          ) + "\n";
      } else if (format === "csv") {
        const head = ["from", "path", "depth", "branch", "leaf", "action", "dose", "size", "reason", "mtd", "probability"];
        const lines = [head.join(",")];
        for (const n of paths.nodes) {
          const d = decisionJson(n.decision);
          lines.push([fromText, n.path, n.depth, n.branch, n.leaf, d.action, d.dose, d.size, d.reason, mtd1(n.mtd), n.probability].map(csvField).join(","));
        }
        text = lines.join("\n") + "\n";
      } else {
        text = table(paths.nodes, fromText, truth !== undefined);
      }
      emit(text, opts.out);
    });
}
