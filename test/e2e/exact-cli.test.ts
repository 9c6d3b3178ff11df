/** CLI end to end for run --method/--exact, next and paths (runs the compiled dist/ build). */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CLI = "dist/src/cli/main.js";
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const tmp = mkdtempSync(join(tmpdir(), "doseladder-exact-"));

describe("doseladder run --method", () => {
  it("--exact writes an exact result: method exact, no trials or seed, the state count", () => {
    const r = cli("run", "--design", "designs/sys6020-3plus3.json", "--scenario", "scenarios/sys6020.json", "--exact", "--format", "json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.method).toBe("exact");
    expect(j.trials).toBeNull();
    expect(j.seed).toBeNull();
    expect(j.exactStates).toBeGreaterThan(0);
  });

  it("auto (the default) runs exact when feasible and says so in the table header", () => {
    const r = cli("run", "--design", "designs/s103.json", "--scenario", "scenarios/s103.json", "--curve", "safe");
    expect(r.code).toBe(0);
    expect(r.out.split("\n")[0]).toMatch(/: exact \(\d+ distinct states enumerated\)$/);
  });

  it("auto falls back to Monte Carlo beyond --max-states, with a note on stderr", () => {
    const r = cli("run", "--design", "designs/sys6020.json", "--scenario", "scenarios/sys6020.json", "--curve", "safe", "--max-states", "50", "--trials", "500", "--workers", "1", "--format", "json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).method).toBe("monte-carlo");
    expect(r.err).toContain("running Monte Carlo instead");
  });

  it("--exact beyond --max-states: one line on stderr, exit 2, no output file", () => {
    const out = join(tmp, "never.json");
    const r = cli("run", "--design", "designs/sys6020.json", "--scenario", "scenarios/sys6020.json", "--exact", "--max-states", "50", "--out", out);
    expect(r.code).toBe(2);
    expect(r.err).toBe("doseladder: exact: the design reaches more than 50 distinct trial states (--max-states); use --method monte-carlo or raise --max-states\n");
    expect(existsSync(out)).toBe(false);
  });

  it("--method with an unknown value: exit 2", () => {
    const r = cli("run", "--design", "designs/s103.json", "--scenario", "scenarios/s103.json", "--method", "guess");
    expect(r.code).toBe(2);
    expect(r.err).toBe('doseladder: --method: expected one of auto, exact, monte-carlo, got "guess"\n');
  });
});

describe("doseladder next", () => {
  it('3+3 "1NNN 2NTN": treat 3 more at dose 2, MTD dose 1 if stopped now', () => {
    const r = cli("next", "--design", "designs/sys6020-3plus3.json", "--outcomes", "1NNN 2NTN");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Next: treat 3 at dose 2 (add patients at the current dose)\n");
    expect(r.out).toContain("Rule: dose 2: 1/3 DLTs, pending (needs B more)");
    expect(r.out).toContain("If the trial stopped now: MTD dose 1\n");
  });

  it('3+3 "1NNN 2NTT" as JSON: stop, MTD dose 1', () => {
    const r = cli("next", "--design", "designs/sys6020-3plus3.json", "--outcomes", "1NNN 2NTT", "--format", "json");
    const j = JSON.parse(r.out);
    expect(j.decision).toMatchObject({ action: "stop", reason: "dose-too-toxic" });
    expect(j.mtdIfStoppedNow).toBe(1);
  });

  it("a malformed outcome string: one line, exit 2", () => {
    const r = cli("next", "--design", "designs/sys6020-3plus3.json", "--outcomes", "1NXN");
    expect(r.code).toBe(2);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toMatch(/^doseladder: --outcomes: cannot read cohort "1NXN"/);
  });

  it("an off-design cohort: a warning on stderr, the decision still printed", () => {
    const r = cli("next", "--design", "designs/sys6020-3plus3.json", "--outcomes", "1NNN 3NNN");
    expect(r.code).toBe(0);
    expect(r.err).toContain("warning: cohort 2 (3NNN) differs from the design's recommendation");
    expect(r.out).toContain("Next: treat 3 at dose 4 (escalate)");
  });
});

describe("doseladder paths", () => {
  it("csv: one row per node, leaf probabilities summing to 1", () => {
    const r = cli("paths", "--design", "designs/sys6020-3plus3.json", "--cohorts", "2", "--truth", "0.05,0.1,0.25,0.4,0.55", "--format", "csv");
    expect(r.code).toBe(0);
    const lines = r.out.trim().split("\n");
    expect(lines[0]).toBe("from,path,depth,branch,leaf,action,dose,size,reason,mtd,probability");
    expect(lines).toHaveLength(1 + 13);
    const leafP = lines.slice(1).map((l) => l.split(",")).filter((c) => c[4] !== "").reduce((s, c) => s + Number(c[10]), 0);
    expect(Math.abs(leafP - 1)).toBeLessThan(1e-9);
  });

  it("table --from: starts from the replayed outcomes", () => {
    const r = cli("paths", "--design", "designs/sys6020-3plus3.json", "--cohorts", "1", "--from", "1NNN 2NTN");
    expect(r.code).toBe(0);
    const lines = r.out.trim().split("\n");
    expect(lines[1]).toMatch(/^1NNN 2NNT\s+treat 3 at dose 2 \(add patients at the current dose\)\s+dose 1$/);
    expect(lines).toHaveLength(2 + 4);
  });

  it("--truth of the wrong length: exit 2", () => {
    const r = cli("paths", "--design", "designs/sys6020-3plus3.json", "--truth", "0.1,0.2");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^doseladder: /);
  });

  it("--out writes the file atomically", () => {
    const out = join(tmp, "paths.json");
    const r = cli("paths", "--design", "designs/s103.json", "--cohorts", "1", "--format", "json", "--out", out);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8")).paths).toHaveLength(5);
  });
});
