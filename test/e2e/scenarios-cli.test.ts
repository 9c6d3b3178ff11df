/** `doseladder scenarios random`: output loads as a scenario; bad input is one line on stderr, exit 2, no file. */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadScenario } from "../../src/config/load.js";

const cli = join(process.cwd(), "dist/src/cli/main.js");
const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });

describe("doseladder scenarios random", () => {
  it("writes a loadable scenario file of M curves over D1..DK, the same for the same seed", () => {
    const dir = mkdtempSync(join(tmpdir(), "dl-scen-"));
    const out = join(dir, "random.json");
    const r = run(["scenarios", "random", "--doses", "6", "--target", "0.25", "--count", "40", "--seed", "9", "--out", out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    const sc = loadScenario(out);
    expect(sc.curves).toHaveLength(40);
    expect(sc.ladder.doses.map((d) => d.label)).toEqual(["D1", "D2", "D3", "D4", "D5", "D6"]);
    expect(sc.target).toBe(0.25);
    const again = run(["scenarios", "random", "--doses", "6", "--target", "0.25", "--count", "40", "--seed", "9"]);
    expect(again.stdout).toBe(readFileSync(out, "utf8"));
    expect(readdirSync(dir)).toEqual(["random.json"]); // no temporary file left behind
  });
  it("--method probit works too", () => {
    const r = run(["scenarios", "random", "--doses", "3", "--target", "0.3", "--count", "5", "--method", "probit"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).curves).toHaveLength(5);
  });
  for (const [args, message] of [
    [["--doses", "0", "--target", "0.3", "--count", "5"], '--doses: expected a positive integer, got "0"'],
    [["--doses", "5", "--target", "1.2", "--count", "5"], '--target: expected a probability in (0, 1), got "1.2"'],
    [["--doses", "5", "--target", "0.3", "--count", "5", "--method", "beta"], '--method: expected one of pseudo-uniform, probit, got "beta"'],
    [["--doses", "5", "--target", "0.03", "--count", "5"], "--target: the pseudo-uniform generator needs target ± 0.05 inside (0, 1), got 0.03"],
  ] as const) {
    it(`bad input (${message.split(":")[0]}) prints one line, exits 2 and writes no file`, () => {
      const dir = mkdtempSync(join(tmpdir(), "dl-scen-"));
      const out = join(dir, "x.json");
      const r = run(["scenarios", "random", ...args, "--out", out]);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`doseladder: ${message}\n`);
      expect(existsSync(out)).toBe(false);
    });
  }
});
