/**
 * runTimedRefining (src/engine/run.ts): the calendar-time run a block at a time. Its partial
 * results are runTimed's for the trials so far, and its last is runTimed's, to the last digit.
 */
import { describe, expect, it } from "vitest";
import { loadDesign, loadScenario } from "../../../src/config/load.js";
import { BLOCK_SIZE } from "../../../src/engine/monte-carlo.js";
import { runTimed, runTimedRefining, type RunResult } from "../../../src/engine/run.js";

const cases: [string, string][] = [
  ["designs/sys6020-timed.json", "scenarios/sys6020-timed.json"],
  ["designs/sys6020-bf-boin.json", "scenarios/sys6020-timed.json"],
  ["designs/cd19-bcma-tite-boin.json", "scenarios/cd19-bcma-timed.json"],
];

describe("runTimedRefining", () => {
  it.each(cases)("%s on %s: each partial is runTimed's for the trials so far, the last is runTimed's", async (d, s) => {
    const input = { config: loadDesign(d), scenario: loadScenario(s), maxCohorts: 1000, trials: 2 * BLOCK_SIZE + 500, seed: "refine" };
    const partials: RunResult[] = [];
    const last = await runTimedRefining(input, (p) => partials.push(p));
    expect(partials.map((p) => p.trials)).toEqual([BLOCK_SIZE, 2 * BLOCK_SIZE]);
    for (const p of partials) expect(JSON.stringify(p)).toBe(JSON.stringify(runTimed({ ...input, trials: p.trials! })));
    expect(JSON.stringify(last)).toBe(JSON.stringify(runTimed(input)));
    // the partials differ from the whole run (the comparison is not of one result with itself)
    expect(JSON.stringify(partials[0].curves)).not.toBe(JSON.stringify(last.curves));
  });
});
