/**
 * `doseladder report` and `doseladder run --format html` through the compiled CLI
 * (dist/, built by `npx tsc -p tsconfig.json` before the tests run).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const CLI = resolve("dist/src/cli/main.js");
const dir = mkdtempSync(join(tmpdir(), "doseladder-report-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("doseladder report", () => {
  it("doseladder report --out FILE writes one self-contained HTML file with every curve", () => {
    const out = join(dir, "s103.html");
    const r = cli("report", "--design", "designs/s103.json", "--scenario", "scenarios/s103.json", "--method", "monte-carlo", "--trials", "300", "--seed", "cli-1", "--workers", "1", "--out", out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^doseladder: wrote .*s103\.html \(\d+ kB\)\n$/);
    const html = readFileSync(out, "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html.match(/<section class="curve"/g)).toHaveLength(5);
    expect(html).toContain('<script id="vega-library">');
    expect(html).toContain("<code>&quot;cli-1&quot;</code>");
  });

  it("doseladder report --curve NAME reports that curve only, and the same seed gives the same tables as run --format json", () => {
    const out = join(dir, "one.html");
    const args = ["--design", "designs/sys6020.json", "--scenario", "scenarios/sys6020.json", "--curve", "mtd-low", "--trials", "500", "--seed", "same", "--workers", "1"];
    expect(cli("report", ...args, "--out", out).code).toBe(0);
    const json = JSON.parse(cli("run", ...args, "--format", "json").stdout);
    const html = readFileSync(out, "utf8");
    expect(html.match(/<section class="curve"/g)).toHaveLength(1);
    json.curves[0].selection.forEach((p: number, d: number) => {
      expect(html).toContain(`data-key="selection" data-design="0" data-dose="${d + 1}" data-value="${p}">${p.toFixed(3)}</td>`);
    });
  });

  it("doseladder run --format html prints the same report to stdout", () => {
    const r = cli("run", "--design", "designs/s103.json", "--truth", "0.05,0.1,0.25,0.4", "--target", "0.25", "--trials", "200", "--workers", "1", "--format", "html");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.startsWith("<!doctype html>")).toBe(true);
    expect(r.stdout).toContain('<span class="curve-name">inline</span>');
  });

  it("doseladder report with bad input prints one line, exits 2 and writes no file", () => {
    const cases: [string[], RegExp][] = [
      [["--trials", "0"], /^doseladder: --trials: expected a positive integer, got "0"\n$/],
      [["--target-band", "2"], /^doseladder: --target-band: expected a probability in \[0, 1\], got "2"\n$/],
      [["--curve", "nope"], /^doseladder: scenarios\/s103\.json: curves: no curve named "nope"/],
    ];
    for (const [extra, message] of cases) {
      const out = join(dir, "bad", "never.html");
      const r = cli("report", "--design", "designs/s103.json", "--scenario", "scenarios/s103.json", "--workers", "1", "--out", out, ...extra);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
      if (existsSync(join(dir, "bad"))) expect(readdirSync(join(dir, "bad"))).toEqual([]);
    }
  });
});
