/**
 * Worker thread: runs the block ranges it is sent. It builds each configured design once and
 * keeps it, so the design's state graph (src/engine/state-graph.ts) is built once per thread
 * and shared by every curve of a run and every cell of a sweep that uses the same design.
 * Timed tasks (calendar time) run the discrete-event engine (src/engine/timed.ts) on the same
 * cached design, one timed runner kept per (design, timing, curve).
 */
import { pathToFileURL } from "node:url";
import { parentPort } from "node:worker_threads";
import { buildDesign } from "../config/load.js";
import type { Design } from "../designs/design.js";
import { curveRunner, runBlocks, type CurveRunner } from "./monte-carlo.js";
import { graphFrom } from "./state-graph.js";
import { runTimedBlocks, type CurveJob, type WorkerTask } from "./simulate.js";
import { timedRunner, type TimedRunner } from "./timed.js";

// designs by (config, dose count); curve runners (binomial tables) by design, cohort cap and curve
const designs = new Map<string, Design>();
const runners = new Map<string, CurveRunner>();
const timedRunners = new Map<string, TimedRunner>();
const imported = new Set<string>();

async function importModules(modules: readonly string[]): Promise<void> {
  for (const m of modules) {
    if (imported.has(m)) continue;
    await import(/^[a-z][a-z0-9+.-]*:/i.test(m) && !/^[a-z]:[\\/]/i.test(m) ? m : pathToFileURL(m).href);
    imported.add(m);
  }
}

function designFor(task: WorkerTask): { design: Design; designKey: string } {
  const designKey = `${JSON.stringify(task.config)}|${task.numDoses}`;
  let design = designs.get(designKey);
  if (!design) {
    if (designs.size >= 32) {
      designs.clear();
      runners.clear();
      timedRunners.clear();
    }
    design = buildDesign(task.config, task.numDoses);
    designs.set(designKey, design);
  }
  // the state graph the sending thread has built, walked here instead of built again (kept only
  // when this thread has no graph of the design yet)
  if (task.graph) graphFrom(design, task.graph);
  return { design, designKey };
}

function timedRunnerFor(task: WorkerTask, curve: CurveJob): TimedRunner {
  const { design, designKey } = designFor(task);
  const timing = task.timed!.timing;
  const key = `${designKey}|${JSON.stringify(timing)}|${task.maxCohorts}|${curve.truth.join(",")}|${curve.trueMtd}|${curve.response?.join(",") ?? ""}|${curve.association ? `${curve.association.model}:${curve.association.value}` : ""}`;
  let runner = timedRunners.get(key);
  if (!runner) {
    if (timedRunners.size >= 64) timedRunners.clear();
    runner = timedRunner(design, timing ?? undefined, task.config.conduct, curve.truth, curve.trueMtd, task.maxCohorts, curve.response, curve.association);
    timedRunners.set(key, runner);
  }
  return runner;
}

function runnerFor(task: WorkerTask, curve: CurveJob): CurveRunner {
  const { design, designKey } = designFor(task);
  const key = `${designKey}|${task.maxCohorts}|${curve.truth.join(",")}|${curve.trueMtd}|${curve.response?.join(",") ?? ""}|${JSON.stringify(curve.association ?? null)}`;
  let runner = runners.get(key);
  if (!runner) {
    if (runners.size >= 1024) runners.clear();
    runner = curveRunner(design, curve.truth, curve.trueMtd, task.maxCohorts, { world: curve });
    runners.set(key, runner);
  }
  return runner;
}

// tasks run one at a time, in the order they arrive (an import may make one wait)
let chain: Promise<void> = Promise.resolve();
// loaded: the pool sends tasks from now on (a task built now can carry the graph built meanwhile)
parentPort!.postMessage({ ready: true });
parentPort!.on("message", (task: WorkerTask) => {
  chain = chain.then(async () => {
    try {
      if (task.modules.length > 0) await importModules(task.modules);
      const onBlock = task.progress ? (n: number) => parentPort!.postMessage({ progress: n }) : undefined;
      let out: Float64Array<ArrayBuffer> | undefined;
      task.curves.forEach((curve, ci) => {
        if (task.timed) {
          const runner = timedRunnerFor(task, curve);
          const len = runner.layout.length;
          out ??= new Float64Array(task.curves.length * len);
          runTimedBlocks(runner, task.seed, task.trials, task.from, task.to, out.subarray(ci * len, (ci + 1) * len), onBlock);
          return;
        }
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
