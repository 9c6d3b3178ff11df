/**
 * Worker threads: custom designs (registered with registerDesign in this thread only) and the
 * bound on the number of threads (issue 10, items 4 and 5). The worker threads are the compiled
 * ones in dist/ (npm test builds first).
 */
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildDesign, parseDesignConfig } from "../../../src/config/load.js";
import { DESIGNS, registerDesign } from "../../../src/designs/index.js";
import { builtInConfig, clampWorkers, defaultWorkers, MAX_WORKERS, simulateConfig, simulateDesign, WorkerPool } from "../../../src/engine/simulate.js";

const truths = [
  { truth: [0.05, 0.1, 0.25, 0.4, 0.55], trueMtd: 2 },
  { truth: [0.2, 0.3, 0.4, 0.5, 0.6], trueMtd: 1 },
];
const trials = 5 * 4096 + 7;

registerDesign({ ...DESIGNS.get("a-plus-b")!, type: "custom-a-plus-b" });
const custom = parseDesignConfig({ design: { type: "custom-a-plus-b" } }, "(custom)");
const builtIn = parseDesignConfig({ design: { type: "a-plus-b" } }, "(built-in)");
/** The same trials run in this thread with the built-in design object: what every variant must give. */
const expected = truths.map((c) => Array.from(simulateDesign(buildDesign(builtIn, 5), c, { trials, seed: "custom" }).acc));

afterEach(() => vi.restoreAllMocks());

describe("a design registered in this thread only", () => {
  it("is recognised as not built in", () => {
    expect(builtInConfig(builtIn)).toBe(true);
    expect(builtInConfig(custom)).toBe(false);
  });

  it("runs in one thread with a warning when workers are asked for, giving the same numbers", async () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const accs = await simulateConfig(custom, 5, truths, { trials, seed: "custom", workers: 2 });
    expect(accs.map((a) => Array.from(a))).toEqual(expected);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/custom-a-plus-b.*one thread.*workerModules/);
  });

  it("runs in worker threads that import its module (workerModules), giving the same numbers", async () => {
    const module = fileURLToPath(new URL("./fixtures/custom-design.mjs", import.meta.url));
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const accs = await simulateConfig(custom, 5, truths, { trials, seed: "custom", workers: 2, workerModules: [module] });
    expect(accs.map((a) => Array.from(a))).toEqual(expected);
    // also through a shared pool (a sweep's), and the module given as a file URL
    const pool = new WorkerPool(2);
    try {
      const viaPool = await simulateConfig(custom, 5, truths, { trials, seed: "custom", pool, workerModules: [new URL("./fixtures/custom-design.mjs", import.meta.url).href] });
      expect(viaPool.map((a) => Array.from(a))).toEqual(expected);
    } finally {
      await pool.close();
    }
    expect(warn).not.toHaveBeenCalled();
  });

  it("a worker that cannot build the design rejects with its message instead of hanging", async () => {
    const pool = new WorkerPool(2);
    try {
      await expect(simulateConfig(custom, 5, truths, { trials, seed: "custom", pool, workerModules: ["/nonexistent/module.mjs"] })).rejects.toThrow(/nonexistent|Cannot find/);
    } finally {
      await pool.close();
    }
  });
});

describe("the number of worker threads is bounded", () => {
  it("by the machine's cores", async () => {
    expect(MAX_WORKERS).toBe(availableParallelism());
    expect(clampWorkers(1000)).toBe(availableParallelism());
    expect(clampWorkers(0)).toBe(1);
    expect(defaultWorkers(1e12)).toBe(availableParallelism());
    expect(defaultWorkers(10_000)).toBe(1);
    const pool = new WorkerPool(1000);
    try {
      expect(pool.size).toBe(availableParallelism());
    } finally {
      await pool.close();
    }
    // and a run asking for 1000 gives the one-thread numbers
    const accs = await simulateConfig(builtIn, 5, truths, { trials, seed: "custom", workers: 1000 });
    expect(accs.map((a) => Array.from(a))).toEqual(expected);
  });
});
