/** `doseladder simon`: Simon's optimal and minimax two-stage designs for a response endpoint. */
import { Command } from "commander";
import { UsageError } from "../../config/messages.js";
import { describeSimon, SIMON_MAX_N, simonDesigns, type SimonDesign, type SimonResult } from "../../efficacy/simon.js";
import { checkOutFile } from "../../report/write.js";
import { choice, positiveIntAtMost, probability } from "../options.js";
import { emit } from "./run.js";

const FORMATS = ["text", "json", "csv"] as const;
const f3 = (x: number) => x.toFixed(3);

function openProbability(flag: string, value: string): number {
  const x = probability(flag, value);
  if (x === 0 || x === 1) throw new UsageError(`${flag}: expected a probability strictly between 0 and 1, got "${value}"`);
  return x;
}

export function simonText(res: SimonResult): string {
  const lines = [
    `Simon two-stage designs: p0 = ${res.p0} (uninteresting response rate), p1 = ${res.p1} (target), alpha = ${res.alpha}, power = ${res.power}, n <= ${res.nMax}`,
    "",
    "design    r1/n1   r/n     EN(p0)  PET(p0)  EN(p1)  PET(p1)  alpha   power",
  ];
  for (const [name, d] of [["optimal", res.optimal], ["minimax", res.minimax]] as const) {
    lines.push(
      `${name.padEnd(9)} ${`${d.r1}/${d.n1}`.padEnd(7)} ${`${d.r}/${d.n}`.padEnd(7)} ${d.en0.toFixed(2).padStart(6)}  ${f3(d.pet0).padStart(7)}  ${d.en1.toFixed(2).padStart(6)}  ${f3(d.pet1).padStart(7)}  ${f3(d.alpha)}   ${f3(d.power)}`,
    );
  }
  lines.push("", `Optimal (least expected size under p0): ${describeSimon(res.optimal)}`, `Minimax (least maximum size): ${describeSimon(res.minimax)}`);
  lines.push("r1/n1: stop after stage 1 when at most r1 of n1 respond; r/n: promising when more than r of n respond; EN, PET: expected size and probability of stopping after stage 1.");
  return lines.join("\n") + "\n";
}

function simonCsv(res: SimonResult): string {
  const cols = ["design", "p0", "p1", "alphaTarget", "powerTarget", "r1", "n1", "r", "n", "en0", "pet0", "en1", "pet1", "alpha", "power"];
  const row = (name: string, d: SimonDesign) => [name, res.p0, res.p1, res.alpha, res.power, d.r1, d.n1, d.r, d.n, d.en0, d.pet0, d.en1, d.pet1, d.alpha, d.power].join(",");
  return [cols.join(","), row("optimal", res.optimal), row("minimax", res.minimax)].join("\n") + "\n";
}

export function simonCommand(): Command {
  return new Command("simon")
    .description("Simon's optimal and minimax two-stage designs for a response rate (efficacy monitoring of an expansion cohort), e.g. --p0 0.1 --p1 0.3")
    .requiredOption("--p0 <p>", "response rate not worth pursuing (the null hypothesis)")
    .requiredOption("--p1 <p>", "response rate worth pursuing (the alternative)")
    .option("--alpha <a>", "largest type I error: P(declared promising | p0)", "0.05")
    .option("--power <p>", "smallest power: P(declared promising | p1)", "0.8")
    .option("--nmax <n>", `largest total sample size searched (at most ${SIMON_MAX_N})`, "100")
    .option("--format <f>", `output format: ${FORMATS.join("|")}`, "text")
    .option("--out <file>", "write the output to this file (atomically) instead of stdout")
    .action((opts) => {
      const format = choice("--format", opts.format, FORMATS);
      const p0 = openProbability("--p0", opts.p0);
      const p1 = openProbability("--p1", opts.p1);
      if (p1 <= p0) throw new UsageError(`--p1: must exceed --p0 (${p0}), got ${p1}`);
      const alpha = openProbability("--alpha", opts.alpha);
      const power = openProbability("--power", opts.power);
      const nMax = positiveIntAtMost("--nmax", opts.nmax, SIMON_MAX_N, "patients");
      if (nMax < 2) throw new UsageError(`--nmax: need at least 2 patients, got ${nMax}`);
      if (opts.out !== undefined) checkOutFile("--out", opts.out);
      const res = simonDesigns(p0, p1, alpha, power, nMax);
      if (!res) throw new UsageError(`no two-stage design with at most ${nMax} patients reaches alpha ${alpha} and power ${power} for p0 ${p0}, p1 ${p1}: raise --nmax or widen p1 - p0`);
      const text = format === "json" ? JSON.stringify(res, null, 2) + "\n" : format === "csv" ? simonCsv(res) : simonText(res);
      emit(text, opts.out);
    });
}
