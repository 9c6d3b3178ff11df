/**
 * Calendar-time benchmark: timed Monte Carlo trials per second, next to the same design
 * untimed (the state-graph engine), in this thread. Median of 5 runs, CPU time from
 * process.cpuUsage and wall time. Prints figures and asserts nothing (speed targets live in
 * benchmarks, never in unit tests). Aim: timed at least 1/4 of untimed, and at least 500,000
 * BOIN trials/s on one core.
 *
 *   npm run build && node dist/test/bench/timed.js
 *
 * `benchTimed()` is exported for the main benchmark (test/bench/bench.ts) to call.
 */
import { pathToFileURL } from "node:url";
import { buildDesign, loadDesign, loadScenario, parseDesignConfig, parseScenarioConfig, trueMtd } from "../../src/config/load.js";
import type { DesignConfig, ScenarioConfig } from "../../src/config/types.js";
import { simulateDesign } from "../../src/engine/simulate.js";
import { simulateTimed } from "../../src/engine/timed.js";
import type { BenchContext, BenchRow } from "./bench.js";

/** One measured configuration. */
export interface TimedBenchRow {
  readonly label: string;
  readonly trials: number;
  readonly untimedPerSecCpu: number;
  readonly timedPerSecCpu: number;
  readonly timedPerSecWall: number;
  /** timed / untimed, CPU time. */
  readonly ratio: number;
}

const fmt = (x: number) => Math.round(x).toLocaleString("en-US");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median CPU and wall seconds of `runs` calls of `f`. */
function measure(f: () => void, runs = 5): { cpu: number; wall: number } {
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    const c = process.cpuUsage(c0);
    wall.push((performance.now() - t0) / 1000);
    cpu.push((c.user + c.system) / 1e6);
  }
  return { cpu: median(cpu), wall: median(wall) };
}

function benchOne(label: string, config: DesignConfig, scenario: ScenarioConfig, curveName: string, trials: number): TimedBenchRow {
  const K = scenario.ladder.doses.length;
  const design = buildDesign(config, K);
  const curve = scenario.curves.find((c) => c.name === curveName)!;
  const job = { truth: curve.truth, trueMtd: trueMtd(curve.truth, scenario.target), response: curve.response };
  // warm up both engines (JIT, the untimed state graph)
  simulateDesign(design, job, { trials: 20_000, seed: "warm" });
  simulateTimed(design, scenario.timing, config.conduct, job, { trials: 20_000, seed: "warm" });
  const untimed = measure(() => void simulateDesign(design, job, { trials, seed: "bench" }));
  const timed = measure(() => void simulateTimed(design, scenario.timing, config.conduct, job, { trials, seed: "bench" }));
  return {
    label,
    trials,
    untimedPerSecCpu: trials / untimed.cpu,
    timedPerSecCpu: trials / timed.cpu,
    timedPerSecWall: trials / timed.wall,
    ratio: untimed.cpu / timed.cpu,
  };
}

/** BOIN over 6 doses, 12 cohorts of 3 (36 patients), Poisson accrual of 3 a month, 28-day window. */
function boinCase(): { config: DesignConfig; scenario: ScenarioConfig } {
  const config = parseDesignConfig({ name: "BOIN 6 doses, 36 patients", design: { type: "boin", target: 0.3, cohortSize: 3, nCohorts: 12 }, conduct: { windowDays: 28 } }, "(bench)");
  const scenario = parseScenarioConfig(
    { target: 0.3, ladder: { doses: [1, 2, 3, 4, 5, 6] }, curves: [{ name: "mtd-4", truth: [0.05, 0.1, 0.2, 0.3, 0.45, 0.6] }], timing: { process: "poisson", rate: 3 } },
    "(bench)",
  );
  return { config, scenario };
}

/** Run the benchmark and print one line per configuration; returns the rows. */
export async function benchTimed(options: { trials?: number } = {}): Promise<TimedBenchRow[]> {
  const trials = options.trials ?? 200_000;
  console.error("Calendar time (discrete-event engine) vs untimed state-graph Monte Carlo, one thread, median of 5 runs:");
  const rows: TimedBenchRow[] = [];
  const sys = { config: loadDesign("designs/sys6020-timed.json"), scenario: loadScenario("scenarios/sys6020-timed.json") };
  rows.push(benchOne("SYS6020 registered (3+3 + SMC + expansion), mtd-middle", sys.config, sys.scenario, "mtd-middle", Math.max(10_000, Math.floor(trials / 4))));
  const boin = boinCase();
  rows.push(benchOne("BOIN, 6 doses, 36 patients, Poisson accrual", boin.config, boin.scenario, "mtd-4", trials));
  // TITE-BOIN: the same trial deciding with pending patients (untimed column: it reduces to BOIN)
  const tite = parseDesignConfig({ name: "TITE-BOIN 6 doses, 36 patients", design: { type: "tite-boin", target: 0.3, cohortSize: 3, nCohorts: 12 }, conduct: { windowDays: 28 } }, "(bench)");
  rows.push(benchOne("TITE-BOIN, 6 doses, 36 patients, Poisson accrual", tite, boin.scenario, "mtd-4", trials));
  // TITE-Keyboard and TITE-CRM on the same trial (TITE-CRM refits its weighted posterior at every decision)
  const titeKb = parseDesignConfig({ name: "TITE-Keyboard 6 doses, 36 patients", design: { type: "tite-keyboard", target: 0.3, cohortSize: 3, nCohorts: 12 }, conduct: { windowDays: 28 } }, "(bench)");
  rows.push(benchOne("TITE-Keyboard, 6 doses, 36 patients, Poisson accrual", titeKb, boin.scenario, "mtd-4", trials));
  const titeCrm = parseDesignConfig({ name: "TITE-CRM 6 doses, 36 patients", design: { type: "tite-crm", target: 0.3, maxPatients: 36, cohortSize: 3 }, conduct: { windowDays: 28 } }, "(bench)");
  rows.push(benchOne("TITE-CRM, 6 doses, 36 patients, Poisson accrual", titeCrm, boin.scenario, "mtd-4", Math.max(10_000, Math.floor(trials / 4))));
  // BF-BOIN: the same BOIN with the backfill modifier (response rates given, so the response condition applies)
  const bf = parseDesignConfig({ name: "BF-BOIN 6 doses, 36 patients", design: { type: "boin", target: 0.3, cohortSize: 3, nCohorts: 12 }, modifiers: [{ type: "backfill" }], conduct: { windowDays: 28, whilePaused: "turn-away" } }, "(bench)");
  const bfScenario = parseScenarioConfig(
    { target: 0.3, ladder: { doses: [1, 2, 3, 4, 5, 6] }, curves: [{ name: "mtd-4", truth: [0.05, 0.1, 0.2, 0.3, 0.45, 0.6], response: [0.1, 0.2, 0.3, 0.4, 0.45, 0.5] }], timing: { process: "poisson", rate: 3, responseMonths: 1 } },
    "(bench)",
  );
  rows.push(benchOne("BF-BOIN, 6 doses, 36 patients, Poisson accrual", bf, bfScenario, "mtd-4", trials));
  for (const r of rows) {
    console.error(
      `  ${r.label.padEnd(56)} ${fmt(r.trials).padStart(9)} trials  untimed ${fmt(r.untimedPerSecCpu).padStart(11)}/s CPU  timed ${fmt(r.timedPerSecCpu).padStart(9)}/s CPU (${fmt(r.timedPerSecWall)}/s wall)  timed/untimed ${r.ratio.toFixed(3)}`,
    );
  }
  return rows;
}

/** The section `npm run bench` runs (test/bench/bench.ts lists this module in EXTRA_MODULES). */
export const title = "Calendar time: the discrete-event engine beside the untimed state-graph engine (one thread)";

/** `npm run bench` entry: the rows above as BenchRows (the timed figure, with the untimed rate and the ratio beside it). */
export async function bench(ctx: BenchContext): Promise<BenchRow[]> {
  const rows = await benchTimed();
  return rows.map((r) => {
    const out: BenchRow = {
      section: "timed",
      label: r.label,
      runs: 5,
      cpuMs: (r.trials / r.timedPerSecCpu) * 1000,
      wallMs: (r.trials / r.timedPerSecWall) * 1000,
      work: r.trials,
      unit: "trials",
      perCpuSecond: r.timedPerSecCpu,
      perWallSecond: r.timedPerSecWall,
      extra: { untimedPerCpuSecond: Math.round(r.untimedPerSecCpu), timedOverUntimed: r.ratio.toFixed(3) },
    };
    ctx.report(out);
    return out;
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await benchTimed({ trials: process.argv[2] ? Number(process.argv[2]) : undefined });
}
