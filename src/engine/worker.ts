/** Worker thread: builds the design once, then runs the block ranges it is sent. */
import { parentPort, workerData } from "node:worker_threads";
import { buildDesign } from "../config/load.js";
import { curveRunner, runBlocks, type CurveRunner } from "./monte-carlo.js";
import type { WorkerInit, WorkerTask } from "./simulate.js";

const init = workerData as WorkerInit;
const design = buildDesign(init.config, init.numDoses);
const runners = new Map<string, CurveRunner>();

parentPort!.on("message", (task: WorkerTask) => {
  const key = `${task.curve.truth.join(",")}|${task.curve.trueMtd}`;
  let runner = runners.get(key);
  if (!runner) {
    runner = curveRunner(design, task.curve.truth, task.curve.trueMtd, init.maxCohorts);
    runners.set(key, runner);
  }
  const out = new Float64Array((task.to - task.from) * runner.layout.length);
  runBlocks(runner, task.seed, task.trials, task.from, task.to, out, (n) => parentPort!.postMessage({ progress: n }));
  parentPort!.postMessage({ task, out }, [out.buffer]);
});
