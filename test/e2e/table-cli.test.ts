/**
 * `doseladder table` end to end (runs the compiled CLI: build with `npx tsc -p tsconfig.json`
 * first): the published BOIN table, formats, --check exit codes (0 coherent, 1 not, 2 bad
 * input), one line on stderr for bad input, and no output file on failure.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const CLI = join(import.meta.dirname, "../../dist/src/cli/main.js");
const dir = mkdtempSync(join(tmpdir(), "doseladder-table-cli-"));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, "table", ...args], { encoding: "utf8", cwd: join(import.meta.dirname, "../..") });

const boin30 = join(dir, "boin30.json");
writeFileSync(boin30, JSON.stringify({ design: { type: "boin", target: 0.3, cohortSize: 3, nCohorts: 10 } }));

describe("doseladder table", () => {
  it("prints get.boundary(target=0.3, ncohort=10, cohortsize=3)'s boundary_tab for BOIN with 30 patients", () => {
    const r = run("--design", boin30);
    expect(r.status).toBe(0);
    const lines = r.stdout.split("\n");
    const row = (label: string) => lines.find((l) => l.startsWith(label))!.slice(label.length).trim().split(/\s+/).map(Number);
    expect(row("Number of patients treated")).toEqual([3, 6, 9, 12, 15, 18, 21, 24, 27, 30]);
    expect(row("Escalate if # of DLT <=")).toEqual([0, 1, 2, 2, 3, 4, 4, 5, 6, 7]);
    expect(row("Deescalate if # of DLT >=")).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(row("Eliminate if # of DLT >=")).toEqual([3, 4, 5, 7, 8, 9, 10, 11, 12, 14]);
  });

  it("--every --format csv gives one row per n, the format the table design reads", () => {
    const r = run("--design", boin30, "--every", "--format", "csv", "--max-n", "4");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("n,escalate,deescalate,eliminate\n1,0,1,\n2,0,1,\n3,0,2,3\n4,0,2,3\n");
  });

  it("--format json and md", () => {
    const j = JSON.parse(run("--design", boin30, "--format", "json").stdout);
    expect(j.type).toBe("boin");
    expect(j.rows[0]).toEqual({ n: 3, escalateAtMost: 0, deEscalateAtLeast: 2, eliminateAtLeast: 3 });
    const md = run("--design", boin30, "--format", "md").stdout;
    expect(md).toContain("| Escalate if # of DLT <= | 0 | 1 | 2 | 2 | 3 | 4 | 4 | 5 | 6 | 7 |");
  });

  it("gives the rule table of the A+B design (3+3: n = 3 and 6)", () => {
    const r = run("--design", "designs/sys6020-3plus3.json", "--format", "csv");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("n,escalate,deescalate,eliminate\n3,0,2,2\n6,1,2,2\n");
  });

  it("--check exits 0 for the shipped designs", () => {
    for (const f of ["designs/cd19-bcma.json", "designs/cd19-bcma-boin.json", "designs/sys6020-boin.json", "designs/s103-boin.json", "designs/sys6020-3plus3.json"]) {
      const r = run("--design", f, "--check");
      expect(r.status, `${f}: ${r.stdout}${r.stderr}`).toBe(0);
      expect(r.stdout).toContain("coherent");
    }
  });

  it("--check exits 1 and lists the problems of an incoherent user table", () => {
    const f = join(dir, "incoherent.json");
    writeFileSync(f, JSON.stringify({ design: { type: "table", target: 0.3, nCohorts: 2, rows: [{ n: 3, escalateAtMost: 2, deEscalateAtLeast: 2, eliminateAtLeast: 3 }, { n: 6, escalateAtMost: 1, deEscalateAtLeast: 1, eliminateAtLeast: 4 }] } }));
    const r = run("--design", f, "--check");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("n=3: escalates with up to 2 DLTs but de-escalates from 2");
    expect(r.stdout).toContain("n=3: escalates at 2/3 DLTs, an observed rate above the target 0.3");
    expect(r.stdout).toContain("n=6: escalation boundary 1 is below 2 at n=3 (non-monotone in n)");
    expect(r.stdout).toContain("n=6: de-escalates at 1/6 DLTs, an observed rate below the target 0.3");
  });

  it("bad input: one line on stderr, exit code 2, and no output file", () => {
    const out = join(dir, "never.txt");
    for (const args of [
      ["--design", boin30, "--max-n", "abc", "--out", out],
      ["--design", boin30, "--format", "xml", "--out", out],
      ["--design", join(dir, "missing.json"), "--out", out],
    ]) {
      const r = run(...args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(/^doseladder: /);
      expect(existsSync(out)).toBe(false);
    }
  });

  it("--out writes the table to a file", () => {
    const out = join(dir, "table.csv");
    const r = run("--design", boin30, "--format", "csv", "--out", out);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    expect(readFileSync(out, "utf8").split("\n")[1]).toBe("3,0,2,3");
  });
});
