/**
 * Worker thread: runs the block ranges it is sent. It builds each configured design once and
 * keeps it, so the design's state graph (src/engine/state-graph.ts) is built once per thread
 * and shared by every curve of a run and every cell of a sweep that uses the same design.
 */
import { pathToFileURL } from "node:url";
import { parentPort } from "node:worker_threads";
import { buildDesign } from "../config/load.js";
import type { Design } from "../designs/design.js";
import { curveRunner, runBlocks, type CurveRunner } from "./monte-carlo.js";
import type { WorkerTask } from "./simulate.js";

// designs by (config, dose count); curve runners (binomial tables) by design, cohort cap and curve
const designs = new Map<string, Design>();
const runners = new Map<string, CurveRunner>();
const imported = new Set<string>();

async function importModules(modules: readonly string[]): Promise<void> {
  for (const m of modules) {
    if (imported.has(m)) continue;
    await import(/^[a-z][a-z0-9+.-]*:/i.test(m) && !/^[a-z]:[\\/]/i.test(m) ? m : pathToFileURL(m).href);
    imported.add(m);
  }
}

function runnerFor(task: WorkerTask): CurveRunner {
  const designKey = `${JSON.stringify(task.config)}|${task.numDoses}`;
  let design = designs.get(designKey);
  if (!design) {
    if (designs.size >= 32) {
      designs.clear();
      runners.clear();
    }
    design = buildDesign(task.config, task.numDoses);
    designs.set(designKey, design);
  }
  const key = `${designKey}|${task.maxCohorts}|${task.curve.truth.join(",")}|${task.curve.trueMtd}`;
  let runner = runners.get(key);
  if (!runner) {
    if (runners.size >= 1024) runners.clear();
    runner = curveRunner(design, task.curve.truth, task.curve.trueMtd, task.maxCohorts);
    runners.set(key, runner);
  }
  return runner;
}

// tasks run one at a time, in the order they arrive (an import may make one wait)
let chain: Promise<void> = Promise.resolve();
parentPort!.on("message", (task: WorkerTask) => {
  chain = chain.then(async () => {
    try {
      if (task.modules.length > 0) await importModules(task.modules);
      const runner = runnerFor(task);
      const out = new Float64Array(runner.layout.length);
      runBlocks(runner, task.seed, task.trials, task.from, task.to, out, task.progress ? (n) => parentPort!.postMessage({ progress: n }) : undefined);
      parentPort!.postMessage({ out }, [out.buffer]);
    } catch (e) {
      parentPort!.postMessage({ error: (e as Error).message ?? String(e) });
    }
  });
});
