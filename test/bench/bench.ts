/**
 * `npm run bench`: throughput of the engines on this machine. It prints figures and asserts
 * nothing about speed (speed targets live here, never in unit tests). Wall-clock times; run it
 * on a quiet machine.
 *
 *   npm run bench              everything
 *   npm run bench -- mc        one section: mc | interval | crm | exact | sweep
 */
import { availableParallelism } from "node:os";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildDesign, loadDesign, loadScenario, parseDesignConfig, trueMtd } from "../../src/config/load.js";
import type { DesignConfig } from "../../src/config/types.js";
import { simulateConfig, simulateDesign } from "../../src/engine/simulate.js";
import { exactDesign } from "../../src/engine/exact.js";
import { loadSweep } from "../../src/sweep/plan.js";
import { runSweep } from "../../src/sweep/run.js";
import { scenarioFor } from "../helpers/scenario-for.js";

const cores = availableParallelism();
const fmt = (x: number) => Math.round(x).toLocaleString("en-US");

function line(label: string, trials: number, ms: number): void {
  console.log(`  ${label.padEnd(62)} ${fmt(trials).padStart(11)} trials ${ms.toFixed(0).padStart(6)} ms ${fmt((trials / ms) * 1000).padStart(11)} trials/s`);
}

/** One thread (in this thread), then 1 worker thread and all cores' worker threads. */
async function monteCarlo(label: string, config: DesignConfig, truth: number[], target: number | undefined, trials: number, withWorkers: boolean): Promise<void> {
  const K = truth.length;
  const job = { truth, trueMtd: trueMtd(truth, target) };
  const design = buildDesign(config, K);
  simulateDesign(design, job, { trials: 50_000, seed: "warm" }); // warm up the JIT
  let t = performance.now();
  simulateDesign(design, job, { trials, seed: "bench" });
  line(`${label}, 1 thread`, trials, performance.now() - t);
  if (!withWorkers) return;
  for (const workers of [1, cores]) {
    t = performance.now();
    await simulateConfig(config, K, [job], { trials, seed: "bench", workers: Math.max(workers, 1) });
    line(`${label}, ${workers} worker thread${workers > 1 ? "s" : ""}`, trials, performance.now() - t);
  }
}

async function mc(): Promise<void> {
  console.log("Monte Carlo, rule-based designs (SYS6020 and S103 ladders, curve mtd-middle):");
  for (const [file, scen] of [
    ["designs/sys6020-3plus3.json", "scenarios/sys6020.json"],
    ["designs/sys6020.json", "scenarios/sys6020.json"],
    ["designs/s103.json", "scenarios/s103.json"],
  ]) {
    const config = loadDesign(file);
    const s = loadScenario(scen);
    const curve = s.curves.find((c) => c.name === "mtd-middle")!;
    await monteCarlo(config.name, config, [...curve.truth], s.target, file.includes("3plus3") ? 4_000_000 : 1_000_000, true);
  }
}

const SIX = [0.05, 0.1, 0.2, 0.3, 0.45, 0.6];

async function interval(): Promise<void> {
  console.log("Monte Carlo, interval designs: 6 doses, 12 cohorts of 3 (36 patients), target 0.3, MTD selection included:");
  for (const type of ["boin", "keyboard", "mtpi2", "i3plus3"]) {
    const config = parseDesignConfig({ design: { type, target: 0.3, cohortSize: 3, nCohorts: 12 } }, `(bench ${type})`);
    await monteCarlo(type, config, SIX, 0.3, 1_000_000, type === "boin");
  }
}

async function crm(): Promise<void> {
  console.log("Monte Carlo, CRM: 6 doses, 36 patients in cohorts of 3, target 0.25:");
  const config = parseDesignConfig({ design: { type: "crm", target: 0.25, maxPatients: 36, cohortSize: 3 } }, "(bench crm)");
  await monteCarlo("crm", config, SIX, 0.25, 500_000, false);
}

function exact(): void {
  console.log("Exact enumeration (all curves of the design's scenario in one walk; best and median of 7):");
  const cases: { label: string; config: DesignConfig; curves: { truth: readonly number[]; trueMtd: number }[] }[] = [];
  for (const f of readdirSync("designs").filter((x) => x.endsWith(".json")).sort()) {
    const config = loadDesign(join("designs", f));
    const s = scenarioFor(config);
    if (s) cases.push({ label: f, config, curves: s.curves.map((c) => ({ truth: c.truth, trueMtd: trueMtd(c.truth, s.target) })) });
  }
  cases.push({
    label: "boin, 6 doses, 12 cohorts of 3 (36 patients)",
    config: parseDesignConfig({ design: { type: "boin", target: 0.3, cohortSize: 3, nCohorts: 12 } }, "(bench)"),
    curves: [{ truth: SIX, trueMtd: 3 }],
  });
  for (const { label, config, curves } of cases) {
    const design = buildDesign(config, curves[0].truth.length);
    try {
      exactDesign(design, curves); // warm up
    } catch (e) {
      console.log(`  ${label.padEnd(62)} not enumerated: ${(e as Error).message}`);
      continue;
    }
    const times: number[] = [];
    let states = 0;
    for (let r = 0; r < 7; r++) {
      const t = performance.now();
      states = exactDesign(design, curves).states;
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(`  ${`${label} [${curves.length} curve${curves.length > 1 ? "s" : ""}]`.padEnd(62)} ${fmt(states).padStart(9)} states  best ${times[0].toFixed(1).padStart(7)} ms  median ${times[3].toFixed(1).padStart(7)} ms`);
  }
}

async function sweep(): Promise<void> {
  console.log("Sweep: 3 designs x 4 curves x 100,000 Monte Carlo trials on SYS6020's ladder:");
  const dir = mkdtempSync(join(tmpdir(), "doseladder-bench-"));
  const file = join(dir, "sweep.json");
  writeFileSync(
    file,
    JSON.stringify({
      name: "bench",
      trials: 100_000,
      seed: "bench",
      method: "monte-carlo",
      designs: [{ file: resolve("designs/sys6020-3plus3.json") }, { file: resolve("designs/sys6020-boin.json") }, { file: resolve("designs/sys6020.json") }],
      scenarios: [{ file: resolve("scenarios/sys6020.json"), curves: ["safe", "mtd-low", "mtd-middle", "steep-jump"] }],
    }),
  );
  const plan = loadSweep(file);
  const total = plan.cells.length * 4 * 100_000;
  const times: Record<number, number> = {};
  for (const workers of [1, cores]) {
    const out = join(dir, `w${workers}`);
    const t = performance.now();
    await runSweep(plan, out, { workers });
    times[workers] = performance.now() - t;
    line(`sweep, ${workers} worker thread${workers > 1 ? "s" : ""}`, total, times[workers]);
  }
  if (cores > 1) console.log(`  speed-up of ${cores} workers over 1: ${(times[1] / times[cores]).toFixed(2)}x`);
  rmSync(dir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const only = process.argv[2];
  console.log(`doseladder bench: ${cores} cores, Node ${process.version}`);
  const sections: Record<string, () => void | Promise<void>> = { mc, interval, crm, exact, sweep };
  for (const [name, f] of Object.entries(sections)) if (!only || only === name) await f();
}

void main();
