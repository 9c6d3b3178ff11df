/**
 * The studio's engine, in a Web Worker (started by the page from a Blob URL of the page's own
 * script, since a file:// page may load no worker file): one request at a time, answered with
 * progress messages (Monte Carlo) and then the result or the CLI's message.
 */
import type { RunResult } from "../engine/run.js";
import { compute, problemOf, type ComputeRequest, type Problem } from "./compute.js";

export type WorkerReply =
  | { readonly kind: "progress"; readonly id: number; readonly done: number; readonly total: number }
  | { readonly kind: "partial"; readonly id: number; readonly result: RunResult }
  | { readonly kind: "result"; readonly id: number; readonly result: RunResult; readonly compared: readonly RunResult[]; readonly notes: readonly string[]; readonly ms: number }
  | { readonly kind: "error"; readonly id: number; readonly message: string; readonly problem?: Problem };

interface WorkerScope {
  onmessage: ((e: MessageEvent<ComputeRequest>) => void) | null;
  postMessage(m: WorkerReply): void;
}

/** Answer the page's requests in this worker. */
export function startWorker(scope: WorkerScope): void {
  scope.onmessage = (e) => {
    const req = e.data;
    let last = 0;
    const onProgress = (done: number, total: number) => {
      const now = performance.now();
      if (now - last < 50 && done < total) return;
      last = now;
      scope.postMessage({ kind: "progress", id: req.id, done, total });
    };
    const run = async () => {
      // the numbers so far, after every block of trials (the compared designs' come at the end)
      const c = await compute(req, onProgress, (partial) => scope.postMessage({ kind: "partial", id: req.id, result: partial }));
      // the compared designs: the same scenario and settings, one after the other (as doseladder compare runs them)
      const compared: RunResult[] = [];
      for (const x of req.compare ?? []) compared.push((await compute({ ...req, design: x.design, designFile: x.designFile, compare: [] })).result);
      return { ...c, compared };
    };
    run().then(
      (c) => scope.postMessage({ kind: "result", id: req.id, result: c.result, compared: c.compared, notes: c.notes, ms: c.ms }),
      (err: unknown) => {
        const problem = problemOf(err);
        scope.postMessage({ kind: "error", id: req.id, message: problem ? problem.message : `internal error: ${(err as Error)?.message ?? String(err)}`, ...(problem ? { problem } : {}) });
      },
    );
  };
}
