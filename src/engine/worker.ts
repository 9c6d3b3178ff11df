/** Worker thread: runs the block ranges it is sent, caching designs and curve runners. */
import { parentPort } from "node:worker_threads";
import { buildDesign } from "../config/load.js";
import { curveRunner, runBlocks, type CurveRunner } from "./monte-carlo.js";
import type { WorkerTask } from "./simulate.js";

// keyed by design config, dose count, cohort cap and curve: a sweep sends many designs to one pool
const runners = new Map<string, CurveRunner>();

parentPort!.on("message", (task: WorkerTask) => {
  const key = `${JSON.stringify(task.config)}|${task.numDoses}|${task.maxCohorts}|${task.curve.truth.join(",")}|${task.curve.trueMtd}`;
  let runner = runners.get(key);
  if (!runner) {
    if (runners.size > 256) runners.clear();
    runner = curveRunner(buildDesign(task.config, task.numDoses), task.curve.truth, task.curve.trueMtd, task.maxCohorts);
    runners.set(key, runner);
  }
  const out = new Float64Array((task.to - task.from) * runner.layout.length);
  runBlocks(runner, task.seed, task.trials, task.from, task.to, out, task.progress ? (n) => parentPort!.postMessage({ progress: n }) : undefined);
  parentPort!.postMessage({ out }, [out.buffer]);
});
