/**
 * `npm run bench`: throughput of the engines. Prints figures; asserts nothing about speed
 * (speed targets live here, never in unit tests).
 */
import { availableParallelism } from "node:os";
import { loadDesign, loadScenario, trueMtd } from "../../src/config/load.js";
import { buildDesign } from "../../src/config/load.js";
import { simulateConfig, simulateDesign } from "../../src/engine/simulate.js";
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
  console.log(`doseladder bench on ${availableParallelism()} cores, Node ${process.version}`);
  benchInterval("boin", 1_000_000);
  benchInterval("keyboard", 1_000_000);
  await benchMonteCarlo("designs/sys6020-3plus3.json", "scenarios/sys6020.json", "mtd-middle", 4_000_000);
  await benchMonteCarlo("designs/sys6020.json", "scenarios/sys6020.json", "mtd-middle", 1_000_000);
  await benchMonteCarlo("designs/s103.json", "scenarios/s103.json", "mtd-middle", 2_000_000);
}

void main();
