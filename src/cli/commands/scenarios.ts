/** `doseladder scenarios random`: write a scenario file of random monotone truth curves. */
import { Command } from "commander";
import { parseScenarioConfig } from "../../config/load.js";
import { LIMITS, UsageError } from "../../config/messages.js";
import { streamFor } from "../../random/stream.js";
import { RANDOM_METHODS, randomCurves, randomScenario } from "../../scenarios/random.js";
import { choice, positiveInt, positiveIntAtMost } from "../options.js";
import { checkOutFile } from "../../report/write.js";
import { emit } from "./run.js";

function openProbability(flag: string, value: string): number {
  const x = Number(value);
  if (value.trim() === "" || !Number.isFinite(x) || x <= 0 || x >= 1) throw new UsageError(`${flag}: expected a probability in (0, 1), got "${value}"`);
  return x;
}

export function scenariosCommand(): Command {
  const random = new Command("random")
    .description("Write a scenario file of random monotone truth curves whose true MTD is uniform over the doses")
    .requiredOption("--doses <k>", "number of doses")
    .requiredOption("--target <p>", "target DLT rate")
    .requiredOption("--count <m>", "number of curves")
    .option("--seed <s>", "seed of the random stream (any string)", "1")
    .option("--method <m>", `generator: ${RANDOM_METHODS.join("|")}`, "pseudo-uniform")
    .option("--mu <x>", "probit generator: mean of the probit-scale gap root (steepness)", "0.55")
    .option("--out <file>", "write the scenario to this file (atomically) instead of stdout")
    .action((opts) => {
      const doses = positiveInt("--doses", opts.doses);
      const target = openProbability("--target", opts.target);
      const count = positiveIntAtMost("--count", opts.count, LIMITS.randomCurves, "curves");
      if (opts.out !== undefined) checkOutFile("--out", opts.out);
      const method = choice("--method", opts.method, RANDOM_METHODS);
      const mu = Number(opts.mu);
      if (opts.mu.trim() === "" || !Number.isFinite(mu)) throw new UsageError(`--mu: expected a number, got "${opts.mu}"`);
      if (method === "pseudo-uniform" && !(target - 0.05 > 0 && target + 0.05 < 1)) {
        throw new UsageError(`--target: the pseudo-uniform generator needs target ± 0.05 inside (0, 1), got ${target}`);
      }
      const seed = String(opts.seed);
      const curves = randomCurves(streamFor(seed, 0), method, doses, target, count, { mu });
      const file = randomScenario(curves, { method, doses, target, seed, ...(method === "probit" ? { mu } : {}) });
      parseScenarioConfig(file, opts.out ?? "(stdout)"); // what we write must load
      emit(JSON.stringify(file, null, 2) + "\n", opts.out);
    });
  return new Command("scenarios").description("Generate scenario files").addCommand(random);
}
