/**
 * Sweeps across threads: with at least twice as many cells as threads, Monte Carlo cells run
 * side by side, each whole in one worker; the partial files must hold exactly the numbers of a
 * one-thread sweep, whichever cell finishes first.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSweep } from "../../../src/sweep/plan.js";
import { runSweep } from "../../../src/sweep/run.js";

const dir = mkdtempSync(join(tmpdir(), "doseladder-sweep-threads-"));
const file = join(dir, "sweep.json");
writeFileSync(
  file,
  JSON.stringify({
    name: "threads",
    trials: 2 * 4096 + 5,
    seed: "side-by-side",
    method: "monte-carlo",
    designs: [
      { file: resolve("designs/sys6020-3plus3.json"), name: "3+3" },
      { file: resolve("designs/sys6020-boin.json"), name: "BOIN" },
      { file: resolve("designs/sys6020.json"), name: "registered" },
    ],
    grid: { target: [0.25, 0.3] },
    scenarios: [{ file: resolve("scenarios/sys6020.json"), curves: ["safe", "mtd-middle"] }],
  }),
);

const partials = (out: string) =>
  Object.fromEntries(
    readdirSync(join(out, "cells"))
      .sort()
      .map((f) => [f, (JSON.parse(readFileSync(join(out, "cells", f), "utf8")) as { accs: number[][] }).accs]),
  );

describe("a sweep with more cells than threads", () => {
  it("gives the one-thread partials with 2 worker threads running cells side by side", async () => {
    const plan = loadSweep(file);
    expect(plan.cells.length).toBeGreaterThanOrEqual(4);
    const one = join(dir, "one");
    const two = join(dir, "two");
    const a = await runSweep(plan, one, { workers: 1 });
    const done: number[] = [];
    const b = await runSweep(plan, two, { workers: 2, progress: { cellDone: (c) => done.push(c.index), trials: () => {} } });
    expect(b).toEqual(a);
    expect(done.sort((x, y) => x - y)).toEqual(plan.cells.map((c) => c.index));
    expect(partials(two)).toEqual(partials(one));
  });
});
