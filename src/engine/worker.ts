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
import type { CurveJob, WorkerTask } from "./simulate.js";

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

function runnerFor(task: WorkerTask, curve: CurveJob): CurveRunner {
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
  const key = `${designKey}|${task.maxCohorts}|${curve.truth.join(",")}|${curve.trueMtd}`;
  let runner = runners.get(key);
  if (!runner) {
    if (runners.size >= 1024) runners.clear();
    runner = curveRunner(design, curve.truth, curve.trueMtd, task.maxCohorts);
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
      const onBlock = task.progress ? (n: number) => parentPort!.postMessage({ progress: n }) : undefined;
      let out: Float64Array<ArrayBuffer> | undefined;
      task.curves.forEach((curve, ci) => {
        const runner = runnerFor(task, curve);
        const len = runner.layout.length;
        out ??= new Float64Array(task.curves.length * len);
        runBlocks(runner, task.seed, task.trials, task.from, task.to, out.subarray(ci * len, (ci + 1) * len), onBlock);
      });
      out ??= new Float64Array(0);
      parentPort!.postMessage({ out }, [out.buffer]);
    } catch (e) {
      parentPort!.postMessage({ error: (e as Error).message ?? String(e) });
    }
  });
});
