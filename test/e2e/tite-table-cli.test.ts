/**
 * `doseladder table` for a time-to-event design (runs the compiled CLI): the layout with
 * pending patients of Yuan et al. (2018) Table 1 (fixture with provenance) in table, CSV and
 * JSON, `--complete` for the untimed layout.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import table1 from "../reference/fixtures/tite-boin-table1.json" with { type: "json" };

const CLI = join(import.meta.dirname, "../../dist/src/cli/main.js");
const dir = mkdtempSync(join(tmpdir(), "doseladder-tite-table-"));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, "table", ...args], { encoding: "utf8", cwd: join(import.meta.dirname, "../..") });
const file = join(dir, "tite.json");
writeFileSync(file, JSON.stringify({ design: table1.design }));

describe("doseladder table, TITE-BOIN", () => {
  it("prints Table 1's lines in the terminal layout", () => {
    const r = run("--design", file);
    expect(r.status).toBe(0);
    const lines = r.stdout.split("\n");
    for (const row of table1.rows) {
      const want = [String(row.n), row.dlt, row.pending.join(" / "), row.decisions.join(" / ")];
      const line = lines.find((l) => {
        const parts = l.trim().split(/\s{2,}/);
        return parts[0] === want[0] && parts[1] === want[1];
      });
      expect(line?.trim().split(/\s{2,}/)).toEqual(want);
    }
  });

  it("CSV: one record per (n, DLTs, pending) with the STFT threshold", () => {
    const r = run("--design", file, "--format", "csv");
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("n,dlt,pending,decision,stft_threshold");
    expect(lines).toContain("9,1,4,ES,2.1506");
    expect(lines).toContain("3,0,2,SUS,");
    // every cell of n = 3..15 with 0 <= pending <= n - dlt
    expect(lines.length - 1).toBe([3, 6, 9, 12, 15].reduce((s, n) => s + ((n + 1) * (n + 2)) / 2, 0));
  });

  it("JSON: the published rows and the cells", () => {
    const j = JSON.parse(run("--design", file, "--format", "json").stdout);
    expect(j.rows).toEqual(table1.rows);
    const cell = j.cells.find((c: { n: number; dlt: number; pending: number }) => c.n === 9 && c.dlt === 2 && c.pending === 1);
    expect(cell.decision).toBe("SD 0.52");
  });

  it("--complete prints the untimed (BOIN) boundaries", () => {
    const r = run("--design", file, "--complete");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Escalate if # of DLT <=/);
  });
});
