/** `doseladder futility`: a Bayesian futility rule's boundaries and exact operating characteristics. */
import { Command } from "commander";
import { UsageError } from "../../config/messages.js";
import { futilityOc, type FutilityOc, type FutilityRule } from "../../efficacy/futility.js";
import { checkOutFile } from "../../report/write.js";
import { choice, positiveIntAtMost, probability, probabilityList } from "../options.js";
import { emit } from "./run.js";

const FORMATS = ["text", "json", "csv"] as const;
const MAX_LOOK = 1000;

function looksFlag(value: string): number[] {
  const looks = value.split(",").map((v) => positiveIntAtMost("--looks", v.trim(), MAX_LOOK, "assessed patients"));
  for (let i = 1; i < looks.length; i++) if (looks[i] <= looks[i - 1]) throw new UsageError(`--looks: expected increasing numbers of assessed patients, got "${value}"`);
  return looks;
}

function priorFlag(value: string): [number, number] {
  const parts = value.split(",").map(Number);
  if (parts.length !== 2 || parts.some((x) => !Number.isFinite(x) || x <= 0)) throw new UsageError(`--prior: expected two positive numbers a,b (a Beta(a, b) prior), got "${value}"`);
  return [parts[0], parts[1]];
}

function text(rule: FutilityRule, ocs: FutilityOc[]): string {
  const looks = ocs[0].looks;
  const lines = [
    `Futility rule: stop a dose when Pr(response rate > ${rule.p0} | data) < ${rule.cutoff}, prior Beta(${rule.priorA}, ${rule.priorB})`,
    "",
    `look  assessed  stop if responders <=  ${ocs.map((o) => `P(stop here | ${o.rate})`).join("  ")}`,
  ];
  looks.forEach((l, i) => {
    const b = l.boundary < 0 ? "(cannot stop)" : String(l.boundary);
    lines.push(`${String(i + 1).padStart(4)}  ${String(l.n).padStart(8)}  ${b.padStart(21)}  ${ocs.map((o) => o.looks[i].pStop.toFixed(4).padStart(`P(stop here | ${o.rate})`.length)).join("  ")}`);
  });
  lines.push("");
  for (const o of ocs) lines.push(`true rate ${o.rate}: P(stopped before the last look) ${o.pStopEarly.toFixed(4)}, P(stopped at any look) ${o.pStop.toFixed(4)}, expected patients ${o.expectedN.toFixed(2)}`);
  lines.push("Exact: responder counts carried from look to look (no simulation).");
  return lines.join("\n") + "\n";
}

function csv(rule: FutilityRule, ocs: FutilityOc[]): string {
  const rows = ["rate,look,assessed,boundary,pStop,pStopEarly,pStopAny,expectedN"];
  for (const o of ocs) o.looks.forEach((l, i) => rows.push([o.rate, i + 1, l.n, l.boundary, l.pStop, o.pStopEarly, o.pStop, o.expectedN].join(",")));
  return `# futility: p0 ${rule.p0}, cutoff ${rule.cutoff}, prior Beta(${rule.priorA}, ${rule.priorB})\n` + rows.join("\n") + "\n";
}

export function futilityCommand(): Command {
  return new Command("futility")
    .description("A Bayesian futility rule for a response rate (stop a dose when Pr(rate > p0 | data) < cutoff): boundaries per look and exact operating characteristics, e.g. --p0 0.2 --cutoff 0.1 --looks 5,10,15,20 --rates 0.2,0.4")
    .requiredOption("--p0 <p>", "response rate not worth pursuing")
    .requiredOption("--cutoff <c>", "stop when the posterior probability that the rate exceeds p0 falls below this")
    .requiredOption("--looks <list>", "numbers of assessed patients at the looks, increasing; the last is the planned size, e.g. 5,10,15,20")
    .option("--rates <list>", "true response rates for the operating characteristics", "")
    .option("--prior <a,b>", "Beta prior of the response rate", "1,1")
    .option("--format <f>", `output format: ${FORMATS.join("|")}`, "text")
    .option("--out <file>", "write the output to this file (atomically) instead of stdout")
    .action((opts) => {
      const format = choice("--format", opts.format, FORMATS);
      const p0 = probability("--p0", opts.p0);
      const cutoff = probability("--cutoff", opts.cutoff);
      const looks = looksFlag(String(opts.looks));
      const [priorA, priorB] = priorFlag(String(opts.prior));
      const rates = opts.rates === "" ? [p0] : probabilityList("--rates", String(opts.rates));
      if (opts.out !== undefined) checkOutFile("--out", opts.out);
      const rule: FutilityRule = { p0, cutoff, priorA, priorB };
      const ocs = rates.map((r) => futilityOc(rule, looks, r));
      const body = format === "json" ? JSON.stringify({ rule, looks, oc: ocs }, null, 2) + "\n" : format === "csv" ? csv(rule, ocs) : text(rule, ocs);
      emit(body, opts.out);
    });
}
