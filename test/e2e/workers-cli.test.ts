/** `--workers` is bounded by the machine's cores (issue 10, item 5): a note, the same numbers. */
import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";

const CLI = "dist/src/cli/main.js";
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const RUN = ["run", "--design", "designs/sys6020-boin.json", "--scenario", "scenarios/sys6020.json", "--curve", "safe", "--method", "monte-carlo", "--trials", "9000", "--format", "json"];

describe("--workers above the cores", () => {
  it("is lowered to the cores with a one-line note, and gives the same JSON as one worker", () => {
    const many = cli(...RUN, "--workers", "1000");
    const one = cli(...RUN, "--workers", "1");
    expect(many.code).toBe(0);
    expect(many.err).toBe(`doseladder: note: --workers 1000 is more than this machine's ${availableParallelism()} cores; using ${availableParallelism()}\n`);
    expect(one.err).toBe("");
    expect(many.out).toBe(one.out);
  });
  it("is still refused when not a positive integer", () => {
    const r = cli(...RUN, "--workers", "0");
    expect(r.code).toBe(2);
    expect(r.err.trim().split("\n")).toHaveLength(1);
  });
});
