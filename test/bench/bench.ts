/**
 * `npm run bench`: throughput of the engines. Prints figures; asserts nothing about speed
 * (speed targets live here, never in unit tests).
 */
import { availableParallelism } from "node:os";
import { loadDesign, loadScenario, trueMtd } from "../../src/config/load.js";
import { buildDesign } from "../../src/config/load.js";
import { simulateConfig, simulateDesign } from "../../src/engine/simulate.js";
import { exactDesign } from "../../src/engine/exact.js";
import { readdirSync } from "node:fs";
import { parseDesignConfig } from "../../src/config/load.js";

function line(label: string, trials: number, ms: number): void {
  console.log(`${label.padEnd(58)} ${trials.toLocaleString("en-US").padStart(11)} trials ${ms.toFixed(0).padStart(6)} ms ${Math.round((trials / ms) * 1000).toLocaleString("en-US").padStart(12)} trials/s`);
}

async function benchMonteCarlo(designFile: string, scenarioFile: string, curveName: string, trials: number): Promise<void> {
  const config = loadDesign(designFile);
  const scenario = loadScenario(scenarioFile);
  const curve = scenario.curves.find((c) => c.name === curveName)!;
  const K = scenario.ladder.doses.length;
  const job = { truth: curve.truth, trueMtd: trueMtd(curve.truth, scenario.target) };
  const design = buildDesign(config, K);
  simulateDesign(design, job, { trials: 20000, seed: "warm" }); // warm up the JIT
  let t = performance.now();
  simulateDesign(design, job, { trials, seed: "bench" });
  line(`${config.name} [${curveName}], 1 thread`, trials, performance.now() - t);
  const cores = availableParallelism();
  for (const workers of [1, cores]) {
    t = performance.now();
    await simulateConfig(config, K, [job], { trials, seed: "bench", workers: workers === 1 ? 2 : workers, ...(workers === 1 ? { workers: 1 } : {}) });
    line(`${config.name} [${curveName}], ${workers} worker${workers > 1 ? "s" : ""}`, trials, performance.now() - t);
  }
}

/**
 * Exact cases: [design file, scenario file]. Every design in designs/ is added automatically with
 * the scenario of its trial (scenarios/<name before the first "-">.json); add other pairs here,
 * one line each (e.g. the 36-patient BOIN case once it lands).
 */
const EXACT_CASES: [string, string][] = [];

function exactCases(): [string, string][] {
  const cases = [...EXACT_CASES];
  for (const f of readdirSync("designs").filter((x) => x.endsWith(".json")).sort()) {
    const scenario = `scenarios/${f.replace(/\.json$/, "").split("-")[0]}.json`;
    if (!cases.some(([d]) => d === `designs/${f}`)) cases.push([`designs/${f}`, scenario]);
  }
  return cases;
}

/** Exact enumeration of a design over all its scenario's curves: best of several runs, and the states expanded. */
function benchExact(designFile: string, scenarioFile: string): void {
  let scenario;
  try {
    scenario = loadScenario(scenarioFile);
  } catch {
    console.log(`${designFile}: no scenario ${scenarioFile}, skipped`);
    return;
  }
  const config = loadDesign(designFile);
  const K = scenario.ladder.doses.length;
  const design = buildDesign(config, K);
  const jobs = scenario.curves.map((c) => ({ truth: c.truth, trueMtd: trueMtd(c.truth, scenario.target) }));
  exactDesign(design, jobs); // warm up the JIT
  const times: number[] = [];
  let states = 0;
  for (let r = 0; r < 7; r++) {
    const t = performance.now();
    states = exactDesign(design, jobs).states;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const label = `exact ${config.name} [${jobs.length} curves]`;
  console.log(`${label.padEnd(72)} ${states.toLocaleString("en-US").padStart(10)} states  best ${times[0].toFixed(1).padStart(7)} ms  median ${times[3].toFixed(1).padStart(7)} ms`);
}

/**
 * An interval design (BOIN, Keyboard) with 6 doses, cohorts of 3 and 36 patients, truth
 * 0.05, 0.10, 0.20, 0.30, 0.45, 0.60, target 0.3, one thread, MTD selection included.
 */
function benchInterval(type: string, trials: number): void {
  const config = parseDesignConfig({ doses: 6, design: { type, target: 0.3, cohortSize: 3, nCohorts: 12 } }, `(bench ${type})`);
  const design = buildDesign(config, 6);
  const job = { truth: [0.05, 0.1, 0.2, 0.3, 0.45, 0.6], trueMtd: 3 };
  simulateDesign(design, job, { trials: 50_000, seed: "warm" }); // warm up the JIT
  const t = performance.now();
  simulateDesign(design, job, { trials, seed: "bench" });
  line(`${type}, 6 doses, 12 cohorts of 3, 1 thread`, trials, performance.now() - t);
}

async function main(): Promise<void> {
  if (process.argv.includes("--crm-only")) return;
  console.log(`doseladder bench on ${availableParallelism()} cores, Node ${process.version}`);
  for (const [d, sc] of exactCases()) benchExact(d, sc);
  benchInterval("boin", 1_000_000);
  benchInterval("keyboard", 1_000_000);
  await benchMonteCarlo("designs/sys6020-3plus3.json", "scenarios/sys6020.json", "mtd-middle", 4_000_000);
  await benchMonteCarlo("designs/sys6020.json", "scenarios/sys6020.json", "mtd-middle", 1_000_000);
  await benchMonteCarlo("designs/s103.json", "scenarios/s103.json", "mtd-middle", 2_000_000);
}

/**
 * CRM, 6 doses, 36 patients in cohorts of 3 (target 0.25, getprior skeleton, safety stop on),
 * one thread. The first run starts with an empty memo (every new state pays for a posterior);
 * the second reuses the design, as a long run does after its first blocks.
 */
async function benchCrm(trials: number): Promise<void> {
  const config = parseDesignConfig({ name: "CRM 6 doses, N = 36, cohorts of 3", design: { type: "crm", target: 0.25, maxPatients: 36, cohortSize: 3 } }, "(bench)");
  const truth = [0.05, 0.1, 0.2, 0.3, 0.45, 0.6];
  const job = { truth, trueMtd: trueMtd(truth, 0.25) };
  const design = buildDesign(config, 6);
  let t = performance.now();
  simulateDesign(design, job, { trials, seed: "bench" });
  line(`${config.name}, 1 thread, cold memo`, trials, performance.now() - t);
  t = performance.now();
  simulateDesign(design, job, { trials, seed: "bench2" });
  line(`${config.name}, 1 thread, warm memo`, trials, performance.now() - t);
}

async function mainWithCrm(): Promise<void> {
  await main();
  await benchCrm(1_000_000);
}

void mainWithCrm();
