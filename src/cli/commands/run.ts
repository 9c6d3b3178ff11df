/** `doseladder run`: operating characteristics of one design over a scenario's curves. */
import { Command } from "commander";
import { buildDesign, loadDesign, loadScenario, parseTruth } from "../../config/load.js";
import { checkDecisionTable } from "../../designs/decision-table.js";
import { ConfigError, LIMITS, UsageError, messages } from "../../config/messages.js";
import type { DesignConfig, ScenarioConfig } from "../../config/types.js";
import { isTimed, runExact, runMonteCarlo, runTimedMonteCarlo, type RunInput, type RunResult } from "../../engine/run.js";
import { DEFAULT_MAX_STATES, ExactInfeasibleError } from "../../engine/exact.js";
import { toCsv } from "../../report/csv.js";
// loaded only when HTML is written: vega and vega-lite cost more to load than the rest of the CLI together
const buildHtmlReport: typeof import("../../report/html.js").buildHtmlReport = async (...args) => (await import("../../report/html.js")).buildHtmlReport(...args);
import { toTable } from "../../report/table.js";
import { checkOutFile, writeAtomic } from "../../report/write.js";
import { choice, positiveInt, positiveIntAtMost, probability, probabilityList, workerCount } from "../options.js";
import { progressBar } from "../progress.js";

const FORMATS = ["table", "json", "csv", "html"] as const;
const METHODS = ["auto", "exact", "monte-carlo"] as const;

/** Resolve the scenario of a command from --scenario, --truth, --curve and --target. */
export function scenarioFromFlags(
  opts: { scenario?: string; truth?: string; curve?: string; target?: string },
  designDoses: number | undefined,
): ScenarioConfig {
  let scenario: ScenarioConfig | undefined = opts.scenario ? loadScenario(opts.scenario) : undefined;
  for (const w of scenario?.warnings ?? []) process.stderr.write(w + "\n");
  const target = opts.target !== undefined ? probability("--target", opts.target) : undefined;
  if (opts.truth !== undefined) {
    const values = probabilityList("--truth", opts.truth);
    const ladder = scenario?.ladder ?? {
      unit: "",
      doses: values.map((_, i) => ({ label: `D${i + 1}`, amount: undefined })),
    };
    const truth = parseTruth(values, ladder.doses.length, "--truth", "");
    scenario = {
      file: scenario?.file ?? "(inline)",
      name: scenario?.name ?? "inline truth",
      description: "",
      trial: scenario?.trial ?? "",
      ladder,
      target: target ?? scenario?.target,
      curves: [{ name: "inline", description: "", truth }],
      warnings: [],
      ...(scenario?.timing ? { timing: scenario.timing } : {}),
    };
  }
  if (!scenario) throw new UsageError("give a scenario file with --scenario FILE or a curve with --truth 0.05,0.1,...");
  if (target !== undefined) scenario = { ...scenario, target };
  if (opts.curve !== undefined) {
    const names = scenario.curves.map((c) => c.name);
    const curve = scenario.curves.find((c) => c.name === opts.curve);
    if (!curve) throw new ConfigError(scenario.file, "curves", messages.unknownCurve(opts.curve, names));
    scenario = { ...scenario, curves: [curve] };
  }
  if (designDoses !== undefined && designDoses !== scenario.ladder.doses.length) {
    throw new ConfigError(scenario.file, "ladder", messages.doseCountMismatch(designDoses, scenario.ladder.doses.length));
  }
  return scenario;
}

/**
 * A user decision table (`"type": "table"`) that `doseladder table --check` finds incoherent runs,
 * but with a warning on stderr: the operating characteristics are those of a rule that, somewhere,
 * escalates on a high DLT rate or is non-monotone in n.
 */
export function warnIncoherentTable(config: DesignConfig): void {
  const w = incoherentTableWarning(config);
  if (w) process.stderr.write(w + "\n");
}

/** The warning line for an incoherent user decision table, or undefined. */
export function incoherentTableWarning(config: DesignConfig): string | undefined {
  if (config.design.type !== "table") return undefined;
  const design = buildDesign(config, config.doses ?? 3);
  if (!design.decisionTable) return undefined;
  const problems = checkDecisionTable(design.decisionTable());
  if (problems.length === 0) return undefined;
  return `doseladder: warning: ${config.file}: the decision table is incoherent (${problems.length} problem${problems.length === 1 ? "" : "s"}, first: ${problems[0]}); running it anyway; see doseladder table --check --design ${config.file}`;
}

/** Write `text` to --out atomically, or to stdout. */
export function emit(text: string, out: string | undefined): void {
  if (out) writeAtomic(out, text);
  else process.stdout.write(text);
}

/** The options `run` and `report` share: what to run and how. */
export function addRunOptions(c: Command): Command {
  return c
    .requiredOption("--design <file>", "design file (JSON)")
    .option("--scenario <file>", "scenario file (JSON) with the ladder and truth curves")
    .option("--curve <name>", "run only the curve with this name")
    .option("--truth <list>", "an inline truth curve, e.g. 0.05,0.1,0.2,0.35,0.5")
    .option("--target <p>", "target DLT rate defining the true MTD (overrides the scenario's)")
    .option("--method <m>", `${METHODS.join("|")}: auto enumerates every outcome exactly when feasible, else simulates`, "auto")
    .option("--exact", "force exact enumeration (same as --method exact)")
    .option("--max-states <n>", "exact: give up beyond this many distinct trial states", String(DEFAULT_MAX_STATES))
    .option("--trials <n>", "Monte Carlo: simulated trials per curve", "10000")
    .option("--seed <s>", "Monte Carlo: seed of the random streams (any string)", "1")
    .option("--workers <k>", "Monte Carlo: worker threads, at most the cores (default: one per 2.5 million trials x curves, 1 below 5 million); results are the same for any number")
    .option("--max-cohorts <n>", "safety cap on cohorts per trial", "1000");
}

/** Run what the shared options describe: exact when asked or feasible, Monte Carlo otherwise. */
export async function resultFromOptions(opts: Record<string, string | boolean | undefined>): Promise<RunResult> {
  const method = opts.exact ? "exact" : choice("--method", String(opts.method), METHODS);
  const maxStates = positiveInt("--max-states", String(opts.maxStates));
  const trials = positiveIntAtMost("--trials", String(opts.trials), LIMITS.trials, "trials per curve");
  const workers = opts.workers !== undefined ? workerCount("--workers", String(opts.workers)) : undefined;
  const maxCohorts = positiveInt("--max-cohorts", String(opts.maxCohorts));
  const config = loadDesign(String(opts.design));
  warnIncoherentTable(config);
  const scenario = scenarioFromFlags(opts as { scenario?: string; truth?: string; curve?: string; target?: string }, config.doses);
  if (isTimed({ config, scenario })) {
    // calendar time (a timing or conduct block): the discrete-event engine, Monte Carlo only
    if (method === "exact") throw new UsageError("--method exact: calendar time (the scenario's timing block or the design's conduct block) is simulated by Monte Carlo only; use --method auto or monte-carlo");
    const bar = progressBar(trials * scenario.curves.length);
    const result = await runTimedMonteCarlo({ config, scenario, trials, seed: String(opts.seed), workers, maxCohorts, onProgress: (n) => bar.add(n) });
    bar.done();
    return result;
  }
  if (method !== "monte-carlo") {
    try {
      return runExact({ config, scenario, maxCohorts }, { maxStates, predict: method === "auto" });
    } catch (e) {
      if (method === "exact" || !(e instanceof ExactInfeasibleError)) throw e;
      process.stderr.write(`doseladder: note: ${e.message.replace(/; use .*$/, "")}; running Monte Carlo instead\n`);
    }
  }
  const bar = progressBar(trials * scenario.curves.length);
  const input: RunInput = { config, scenario, trials, seed: String(opts.seed), workers, maxCohorts, onProgress: (n) => bar.add(n) };
  const result = await runMonteCarlo(input);
  bar.done();
  return result;
}

export function runCommand(): Command {
  return addRunOptions(new Command("run").description("Operating characteristics of a design under the truth curves of a scenario (exact when feasible, else Monte Carlo)"))
    .option("--format <f>", `output format: ${FORMATS.join("|")}`, "table")
    .option("--out <file>", "write the output to this file (atomically) instead of stdout")
    .action(async (opts) => {
      const format = choice("--format", opts.format, FORMATS);
      if (opts.out !== undefined) checkOutFile("--out", opts.out);
      const result = await resultFromOptions(opts);
      const text =
        format === "html"
          ? await buildHtmlReport(result)
          : format === "json"
            ? JSON.stringify(result, null, 2) + "\n"
            : format === "csv"
              ? toCsv(result)
              : toTable(result);
      emit(text, opts.out);
    });
}
