/**
 * `doseladder next --pending` for a live TITE-BOIN trial (compiled CLI): the threshold of
 * Yuan et al. (2018) Table 1 at n = 9, 1 DLT, 4 pending (escalate if STFT >= 2.15, fixture),
 * suspension, and bad --pending input (one line, exit 2).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import table1 from "../reference/fixtures/tite-boin-table1.json" with { type: "json" };

const CLI = join(import.meta.dirname, "../../dist/src/cli/main.js");
const dir = mkdtempSync(join(tmpdir(), "doseladder-next-pending-"));
const file = join(dir, "tite.json");
writeFileSync(file, JSON.stringify({ doses: 5, design: { ...table1.design, nCohorts: 10 }, conduct: { windowDays: 30 } }));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, "next", "--design", file, ...args], { encoding: "utf8", cwd: join(import.meta.dirname, "../..") });
const json = (...args: string[]) => JSON.parse(run(...args, "--format", "json").stdout);

describe("doseladder next --pending", () => {
  const row = table1.rows.find((r) => r.n === 9 && r.dlt === "1")!;
  const threshold = Number(row.decisions[row.pending.indexOf("4")].split(" ")[1]); // 2.15
  it(`n = 9 at dose 2 with 1 DLT and 4 pending: escalates when STFT >= ${threshold}, else stays`, () => {
    // 5 completed (1 DLT) + 4 pending followed 20, 20, 20 and 5 days of 30: STFT 65/30 = 2.17
    const up = json("--outcomes", "1NNN 2NTNNN", "--pending", "2:20,2:20,2:20,2:5");
    expect(up.decision).toMatchObject({ action: "treat", dose: 3, reason: "escalate" });
    expect(up.explain).toMatch(/escalate if STFT >= 2\.15/);
    expect(64 / 30).toBeLessThan(threshold);
    const stay = json("--outcomes", "1NNN 2NTNNN", "--pending", "2:20,2:20,2:20,2:4");
    expect(stay.decision).toMatchObject({ action: "treat", dose: 2, reason: "stay" });
    expect(stay.pending).toHaveLength(4);
    expect(stay.windowDays).toBe(30);
  });

  it("suspends accrual when more than half the patients at the dose are pending, and says why", () => {
    const r = run("--outcomes", "1NNN", "--pending", "2:3,2:5");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Next: suspend accrual/);
    expect(r.stdout).toMatch(/Rule: dose 2: 0\/2 DLTs with 2 pending \(2\/2 > 0\.5\)/);
    expect(json("--outcomes", "1NNN", "--pending", "2:3,2:5").decision.action).toBe("suspend");
  });

  it("--window overrides the design's window", () => {
    // with a 100-day window the same days are a smaller share: STFT 0.65 < 2.15, stay
    expect(json("--outcomes", "1NNN 2NTNNN", "--pending", "2:20,2:20,2:20,2:5", "--window", "100").decision.reason).toBe("stay");
  });

  it("bad --pending: one line on stderr, exit 2", () => {
    for (const bad of ["2-14", "9:3", "2:30"]) {
      const r = run("--outcomes", "1NNN", "--pending", bad);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(/--pending/);
    }
  });
});
