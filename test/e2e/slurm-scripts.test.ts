/**
 * `doseladder slurm` without a Slurm cluster: the #SBATCH lines the flags ask for, bad input
 * refused before anything is written, and the generated scripts themselves run with bash as
 * Slurm would run them (SLURM_ARRAY_TASK_ID 1..N, then the merge), giving a single run's bytes.
 * test/e2e/slurm.test.ts submits the same scripts to a real Slurm cluster.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const CLI = resolve("dist/src/cli/main.js");
const tmp = mkdtempSync(join(tmpdir(), "doseladder-slurm-scripts-"));
const cli = (args: string[], env: NodeJS.ProcessEnv = process.env) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const bash = (script: string, env: NodeJS.ProcessEnv) => spawnSync("bash", [script], { encoding: "utf8", env: { ...process.env, ...env } });

/** scenarios/sweeps/s103.json with absolute file references, Monte Carlo forced, `trials` trials, its first `designs` designs. */
function s103(trials: number, designs = Infinity): string {
  const dir = resolve("scenarios/sweeps");
  const s = JSON.parse(readFileSync(join(dir, "s103.json"), "utf8"));
  delete s.$schema;
  for (const d of [...s.designs, ...s.scenarios]) if (d.file) d.file = resolve(dir, d.file);
  s.designs = s.designs.slice(0, designs);
  s.method = "monte-carlo";
  s.trials = trials;
  const p = join(tmp, `s103-mc-${trials}${Number.isFinite(designs) ? `-${designs}` : ""}.json`);
  writeFileSync(p, JSON.stringify(s));
  return p;
}
const sbatchLines = (script: string) => script.split("\n").filter((l) => l.startsWith("#SBATCH "));
/** The top-level files of an output directory, by name. */
const files = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .filter((f) => statSync(join(dir, f)).isFile())
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), "utf8")]),
  );

describe("doseladder slurm: the scripts", () => {
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  // 9000 trials = 3 blocks of 4096 (the last short), so 3 shards get one block of each Monte Carlo cell
  const sweep = s103(9000);

  it("puts every flag on the #SBATCH lines of the array job and the merge job", () => {
    const out = join(tmp, "flags");
    const r = cli([
      "slurm", sweep, "--shards", "12", "--out", out, "--partition", "short", "--account", "proj-17", "--qos", "normal",
      "--time", "1:30:00", "--merge-time", "20", "--cpus-per-task", "8", "--mem", "16G", "--max-running", "4",
      "--sbatch=--constraint=skylake", "--setup", "module load nodejs/20", "--job-name", "s103-grid", "--format", "csv",
    ]);
    expect(r.err).toContain("wrote");
    expect(r.code).toBe(0);
    const shards = readFileSync(join(out, "slurm/shards.sbatch"), "utf8");
    const merge = readFileSync(join(out, "slurm/merge.sbatch"), "utf8");
    expect(sbatchLines(shards)).toEqual([
      "#SBATCH --job-name=s103-grid",
      "#SBATCH --array=1-12%4",
      "#SBATCH --nodes=1",
      "#SBATCH --ntasks=1",
      "#SBATCH --cpus-per-task=8",
      "#SBATCH --mem=16G",
      "#SBATCH --partition=short",
      "#SBATCH --account=proj-17",
      "#SBATCH --qos=normal",
      "#SBATCH --time=1:30:00",
      "#SBATCH --constraint=skylake",
      `#SBATCH --output=${join(out, "slurm/logs/shard-%a.out")}`,
    ]);
    expect(sbatchLines(merge)).toEqual([
      "#SBATCH --job-name=s103-grid-merge",
      "#SBATCH --nodes=1",
      "#SBATCH --ntasks=1",
      "#SBATCH --cpus-per-task=1",
      "#SBATCH --mem=16G",
      "#SBATCH --partition=short",
      "#SBATCH --account=proj-17",
      "#SBATCH --qos=normal",
      "#SBATCH --time=20",
      "#SBATCH --constraint=skylake",
      `#SBATCH --output=${join(out, "slurm/logs/merge.out")}`,
    ]);
    // #SBATCH lines count only before the first command: all of them come first
    for (const script of [shards, merge]) {
      const lines = script.split("\n");
      const firstCommand = lines.findIndex((l) => l !== "" && !l.startsWith("#"));
      const lastSbatch = lines.map((l) => l.startsWith("#SBATCH")).lastIndexOf(true);
      expect(lastSbatch).toBeGreaterThan(0);
      expect(lastSbatch).toBeLessThan(firstCommand);
    }
    expect(shards).toContain("\nmodule load nodejs/20\n");
    expect(shards).toContain('--shard "$SLURM_ARRAY_TASK_ID/12" --workers "$workers"');
    expect(merge).toMatch(/ merge "\$\{shards\[@\]\}" --out \S+ --format csv\n/);
    expect(readdirSync(join(out, "slurm/logs"))).toEqual([]);
    // without --submit, stdout holds the two submission commands, the merge after the array
    expect(r.out).toBe(
      `jid=$(sbatch --parsable ${join(out, "slurm/shards.sbatch")})\nsbatch --parsable --dependency=afterok:\${jid%%;*} ${join(out, "slurm/merge.sbatch")}\n`,
    );
  });

  it("--exclusive takes whole nodes (no --cpus-per-task) and the default job name comes from the sweep file", () => {
    const out = join(tmp, "exclusive");
    expect(cli(["slurm", sweep, "--shards", "3", "--out", out, "--exclusive"]).code).toBe(0);
    const lines = sbatchLines(readFileSync(join(out, "slurm/shards.sbatch"), "utf8"));
    expect(lines).toContain("#SBATCH --exclusive");
    expect(lines.some((l) => l.includes("--cpus-per-task"))).toBe(false);
    expect(lines).toContain("#SBATCH --job-name=doseladder-s103-mc-9000");
    expect(lines.some((l) => l.startsWith("#SBATCH --time"))).toBe(false);
    expect(sbatchLines(readFileSync(join(out, "slurm/merge.sbatch"), "utf8"))).toContain("#SBATCH --time=00:30:00");
  });

  it("run with bash as Slurm runs them (tasks 1..3, then the merge), they give the single run's outputs byte for byte", () => {
    // S103's 3+3 with de-escalation and BOIN at both targets: 3 cells (slurm.test.ts runs all 9)
    const small = s103(9000, 2);
    const single = join(tmp, "single");
    expect(cli(["sweep", small, "--out", single, "--workers", "1"]).code).toBe(0);
    const out = join(tmp, "local");
    expect(cli(["slurm", small, "--shards", "3", "--out", out]).code).toBe(0);
    // the array task's environment: its index and the CPUs it was given (worker threads: 2 for task 2)
    for (const i of [1, 2, 3]) {
      const r = bash(join(out, "slurm/shards.sbatch"), { SLURM_ARRAY_TASK_ID: String(i), SLURM_CPUS_PER_TASK: i === 2 ? "2" : "1" });
      expect(r.stderr).toContain(`shard ${i}/3 done`);
      expect(r.status).toBe(0);
      const names = readdirSync(join(out, "shards", String(i), "cells"));
      expect(names.length).toBeGreaterThan(0);
      expect(names.every((n) => n.endsWith(`.shard-${i - 1}-of-3.json`))).toBe(true);
    }
    const m = bash(join(out, "slurm/merge.sbatch"), {});
    expect(m.stderr).toMatch(/^merged 3 cells/);
    expect(m.status).toBe(0);
    const want = files(single);
    expect(Object.keys(want)).toEqual(expect.arrayContaining(["sweep.csv", "sweep.json", "sweep.html"]));
    expect(files(out)).toEqual(want);
  }, 120_000);

  it("the array script refuses to run outside an array task", () => {
    const out = join(tmp, "no-task");
    expect(cli(["slurm", sweep, "--shards", "2", "--out", out]).code).toBe(0);
    const r = bash(join(out, "slurm/shards.sbatch"), { SLURM_ARRAY_TASK_ID: "" });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("doseladder: SLURM_ARRAY_TASK_ID is not set: submit this script with sbatch\n");
    expect(existsSync(join(out, "shards"))).toBe(false);
  });

  it("--submit without sbatch on PATH: one line, exit 1", () => {
    const out = join(tmp, "no-sbatch");
    const r = cli(["slurm", sweep, "--shards", "2", "--out", out, "--submit"], { ...process.env, PATH: join(tmp, "empty-path") });
    expect(r.code).toBe(1);
    expect(r.err.trim().split("\n").pop()).toBe("doseladder: cannot submit: sbatch not found on PATH (run this on a Slurm login node)");
    expect(r.out).toBe("");
  });

  const bad: [string, string[], RegExp][] = [
    ["--shards 0", ["--shards", "0"], /^doseladder: --shards: expected a positive integer, got "0"$/],
    ["--shards 1.5", ["--shards", "1.5"], /--shards: expected a positive integer/],
    ["no --shards", [], /required option '--shards <n>' not specified/],
    ["--time 1h", ["--shards", "2", "--time", "1h"], /^doseladder: --time: expected a Slurm time limit .*got "1h"$/],
    ["--merge-time 1:2:3:4", ["--shards", "2", "--merge-time", "1:2:3:4"], /--merge-time: expected a Slurm time limit/],
    ["--partition with a space", ["--shards", "2", "--partition", "a b"], /^doseladder: --partition: expected a Slurm name without spaces or quotes, got "a b"$/],
    ["--account with a quote", ["--shards", "2", "--account", "x'y"], /--account: expected a Slurm name/],
    ["--mem 4GB", ["--shards", "2", "--mem", "4GB"], /^doseladder: --mem: expected a size such as 4000, 4G or 500M, got "4GB"$/],
    ["--sbatch with a space", ["--shards", "2", "--sbatch", "--constraint=a b"], /^doseladder: --sbatch: expected one sbatch option/],
    ["--sbatch not an option", ["--shards", "2", "--sbatch", "constraint=a"], /--sbatch: expected one sbatch option/],
    ["--exclusive and --cpus-per-task", ["--shards", "2", "--exclusive", "--cpus-per-task", "4"], /^doseladder: --exclusive and --cpus-per-task: give one or the other/],
    ["--max-running 0", ["--shards", "2", "--max-running", "0"], /--max-running: expected a positive integer/],
    ["--format pdf", ["--shards", "2", "--format", "pdf"], /^doseladder: --format: expected one of csv, json, html, all, got "pdf"$/],
    ["--setup with a newline", ["--shards", "2", "--setup", "a\nb"], /^doseladder: --setup: expected one non-empty line/],
  ];
  for (const [what, args, message] of bad) {
    it(`bad input (${what}): one line on stderr, exit 2, nothing written`, () => {
      const out = join(tmp, `bad-${what.replace(/\W+/g, "-")}`);
      const r = cli(["slurm", sweep, "--out", out, ...args]);
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect(r.err.trim()).toMatch(message);
      expect(r.code).toBe(2);
      expect(existsSync(out)).toBe(false);
    });
  }

  it("bad input: an output path with a space, a missing or invalid sweep file", () => {
    const spaced = join(tmp, "with space");
    let r = cli(["slurm", sweep, "--shards", "2", "--out", spaced]);
    expect([r.code, r.err]).toEqual([2, `doseladder: --out: Slurm log paths cannot contain spaces, quotes, % or backslashes, got "${spaced}"\n`]);
    expect(existsSync(spaced)).toBe(false);
    const out = join(tmp, "bad-sweep");
    r = cli(["slurm", join(tmp, "missing.json"), "--shards", "2", "--out", out]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toContain("missing.json");
    const invalid = join(tmp, "invalid.json");
    writeFileSync(invalid, JSON.stringify({ name: "x", trials: -3, designs: [], scenarios: [] }));
    r = cli(["slurm", invalid, "--shards", "2", "--out", out]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toContain("invalid.json");
    expect(existsSync(out)).toBe(false);
  });
});
