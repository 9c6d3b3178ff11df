/**
 * Every failure is one line on stderr: exit 2 for bad input, 1 for an I/O failure, never a stack
 * trace, and nothing written. Each case below printed a stack trace, hung, or said something
 * misleading before issue 10.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const CLI = "dist/src/cli/main.js";
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const dir = mkdtempSync(join(tmpdir(), "doseladder-fail-"));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const RUN = ["run", "--design", "designs/sys6020-3plus3.json", "--scenario", "scenarios/sys6020.json", "--curve", "mtd-low"];

/** One line on stderr, no stack trace, the expected exit code, and (optionally) the message. */
function expectOneLine(r: { code: number | null; err: string }, code: 1 | 2, message?: RegExp) {
  expect(r.err.trim().split("\n"), r.err).toHaveLength(1);
  expect(r.err).not.toMatch(/^\s+at /m);
  expect(r.err).not.toContain("internal error");
  expect(r.code, r.err).toBe(code);
  if (message) expect(r.err).toMatch(message);
}

describe("--out", () => {
  it("a folder: exit 2 before computing, naming the folder", () => {
    const r = cli(...RUN, "--out", dir);
    expectOneLine(r, 2, /--out: .* is a folder; give a file name/);
  });
  it("a path through a file: exit 2", () => {
    const f = file("plain.txt", "x");
    expectOneLine(cli(...RUN, "--out", join(f, "out.txt")), 2, /plain\.txt is a file, not a folder/);
  });
  it("an unwritable place: exit 1 (I/O), no temporary file left", () => {
    let target: string;
    if (process.getuid?.() === 0) target = "/sys/doseladder-test-out.txt"; // root may write anywhere but here
    else {
      const ro = join(dir, "read-only");
      mkdirSync(ro);
      chmodSync(ro, 0o555);
      target = join(ro, "out.txt");
    }
    expectOneLine(cli(...RUN, "--out", target), 1, /permission denied|read-only|not permitted/);
    expect(existsSync(target)).toBe(false);
  });
  it("the same checks hold for report, table, paths, compare and scenarios", () => {
    expectOneLine(cli("report", "--design", "designs/sys6020-3plus3.json", "--truth", "0.1,0.2,0.3,0.4,0.5", "--out", dir), 2, /is a folder/);
    expectOneLine(cli("table", "--design", "designs/sys6020-boin.json", "--out", dir), 2, /is a folder/);
    expectOneLine(cli("paths", "--design", "designs/sys6020-3plus3.json", "--out", dir), 2, /is a folder/);
    expectOneLine(cli("scenarios", "random", "--doses", "4", "--target", "0.3", "--count", "3", "--out", dir), 2, /is a folder/);
    expectOneLine(
      cli("compare", "--design", "designs/sys6020-3plus3.json", "--design", "designs/sys6020-boin.json", "--truth", "0.1,0.2,0.3,0.4,0.5", "--out", dir),
      2,
      /is a folder/,
    );
  });
  it("next and protocol check --out before reading the outcomes or computing", () => {
    // the outcomes name dose 9 of 5 and the curve does not exist: an --out checked after them would report those instead
    expectOneLine(cli("next", "--design", "designs/sys6020-3plus3.json", "--outcomes", "9NNN", "--out", dir), 2, /--out: .* is a folder/);
    expectOneLine(cli("protocol", "--design", "designs/sys6020-3plus3.json", "--scenario", "scenarios/sys6020.json", "--curve", "no-such-curve", "--out", dir), 2, /--out: .* is a folder/);
    expectOneLine(
      cli("protocol", "--format", "docx", "--design", "designs/sys6020-3plus3.json", "--scenario", "scenarios/sys6020.json", "--curve", "no-such-curve", "--out", dir),
      2,
      /--out: .* is a folder/,
    );
  });
  it("sweep --out and merge --out that are files: exit 2", () => {
    const f = file("not-a-folder", "x");
    const sweep = file(
      "s.json",
      JSON.stringify({ trials: 10, designs: [{ file: resolve("designs/sys6020-3plus3.json") }], scenarios: [resolve("scenarios/sys6020.json")] }),
    );
    expectOneLine(cli("sweep", sweep, "--out", f), 2, /--out: .*not-a-folder is a file; give a folder/);
    expectOneLine(cli("merge", dir, "--out", f), 2, /is a file; give a folder/);
  });
});

describe("limits, named in the error", () => {
  it("--trials 1000000000000 states the maximum (run and compare)", () => {
    expectOneLine(cli(...RUN, "--method", "monte-carlo", "--trials", "1000000000000"), 2, /--trials: at most 100,000,000 trials per curve, got 1,000,000,000,000/);
    expectOneLine(
      cli("compare", "--design", "designs/sys6020-3plus3.json", "--design", "designs/sys6020-boin.json", "--truth", "0.1,0.2,0.3,0.4,0.5", "--trials", "1000000000000"),
      2,
      /at most 100,000,000/,
    );
  });
  it("a sweep file's trials beyond the maximum", () => {
    const sweep = file(
      "big.json",
      JSON.stringify({ trials: 1e12, designs: [{ file: resolve("designs/sys6020-3plus3.json") }], scenarios: [resolve("scenarios/sys6020.json")] }),
    );
    expectOneLine(cli("sweep", sweep, "--out", join(dir, "never")), 2, /trials: at most 100,000,000/);
    expect(existsSync(join(dir, "never"))).toBe(false);
  });
  it("table --max-n 100000 is refused at once (it used to hang)", () => {
    expectOneLine(cli("table", "--design", "designs/sys6020-boin.json", "--max-n", "100000"), 2, /--max-n: at most 1,000 patients at a dose/);
    expect(cli("table", "--design", "designs/sys6020-boin.json", "--max-n", "1000").code).toBe(0);
  });
  it("scenarios random --count 10000000 is refused at once (it used to run silently for minutes)", () => {
    expectOneLine(cli("scenarios", "random", "--doses", "5", "--target", "0.3", "--count", "10000000"), 2, /--count: at most 100,000 curves/);
  });
  it("paths --cohorts 10 for BOIN prints its table (it overflowed the call stack)", () => {
    const out = join(dir, "paths.txt");
    const r = cli("paths", "--design", "designs/sys6020-boin.json", "--cohorts", "10", "--out", out);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines.length).toBeGreaterThan(200_000);
    expect(lines[0]).toMatch(/^path\s+leaf\s+next/);
  });
});

describe("JSON files", () => {
  const scenario = readFileSync("scenarios/sys6020.json", "utf8");
  it("NaN: one line with the line and column", () => {
    const f = file("nan.json", scenario.replace("0.05", "NaN"));
    expectOneLine(cli("run", "--design", "designs/sys6020-3plus3.json", "--scenario", f), 2, /nan\.json: not valid JSON \(line \d+, column \d+: unexpected "NaN"; JSON has no NaN or Infinity/);
  });
  it("1e309: 'not a finite number', with the field", () => {
    const f = file("inf.json", scenario.replace("0.05", "1e309"));
    expectOneLine(cli("run", "--design", "designs/sys6020-3plus3.json", "--scenario", f), 2, /inf\.json: curves\[\d+\]\.truth\[\d+\]: 1e309 is not a finite number/);
  });
  it("a UTF-8 byte-order mark at the start is accepted (design, scenario and sweep files)", () => {
    const bom = "\ufeff";
    const s = file("bom-scenario.json", bom + scenario);
    const d = file("bom-design.json", bom + readFileSync("designs/sys6020-3plus3.json", "utf8"));
    const r = cli("run", "--design", d, "--scenario", s, "--curve", "mtd-low");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const plain = cli(...RUN);
    expect(r.out.split("\n").slice(2)).toEqual(plain.out.split("\n").slice(2));
    const sw = file("bom-sweep.json", bom + JSON.stringify({ trials: 10, method: "exact", designs: [{ file: d }], scenarios: [{ file: s, curves: ["mtd-low"] }] }));
    expect(cli("sweep", sw, "--out", join(dir, "bom-sweep"), "--format", "csv").code).toBe(0);
  });
  it("a syntax error gives the line and column, on one line", () => {
    const f = file("comma.json", '{\n  "ladder": { "doses": [1, 2] },\n  "curves": [ { "name": "a", "truth": [0.1, 0.2], } ]\n}\n');
    expectOneLine(cli("run", "--design", "designs/sys6020-3plus3.json", "--scenario", f), 2, /comma\.json: not valid JSON \(line 3, column \d+/);
  });
});

describe("a user decision table that table --check finds incoherent", () => {
  const incoherent = file(
    "incoherent-table.json",
    JSON.stringify({
      design: {
        type: "table",
        target: 0.3,
        cohortSize: 3,
        nCohorts: 4,
        rows: [
          { n: 3, escalateAtMost: 1, deEscalateAtLeast: 2, eliminateAtLeast: 3 },
          { n: 6, escalateAtMost: 1, deEscalateAtLeast: 3, eliminateAtLeast: 4 },
          { n: 9, escalateAtMost: 2, deEscalateAtLeast: 4, eliminateAtLeast: 5 },
          { n: 12, escalateAtMost: 2, deEscalateAtLeast: 5, eliminateAtLeast: 7 },
        ],
      },
    }),
  );
  it("runs with a one-line warning on stderr (run and compare)", () => {
    expect(cli("table", "--check", "--design", incoherent).code).toBe(1);
    const r = cli("run", "--design", incoherent, "--truth", "0.1,0.2,0.3", "--target", "0.3");
    expect(r.code).toBe(0);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toMatch(/^doseladder: warning: .*incoherent-table\.json: the decision table is incoherent \(1 problem, first: n=3: escalates at 1\/3 DLTs, an observed rate above the target 0\.3\); running it anyway; see doseladder table --check/);
    expect(r.out).toContain('Curve "inline"');
    const c = cli("compare", "--design", "designs/sys6020-boin.json", "--design", incoherent, "--truth", "0.1,0.2,0.3,0.4,0.5", "--trials", "200");
    expect(c.code).toBe(0);
    expect(c.err).toMatch(/^doseladder: warning: .*incoherent-table\.json: the decision table is incoherent/m);
  });
  it("a coherent user table runs without a warning", () => {
    const ok = file(
      "coherent-table.json",
      readFileSync(incoherent, "utf8").replace('{"n":3,"escalateAtMost":1', '{"n":3,"escalateAtMost":0'),
    );
    expect(cli("table", "--check", "--design", ok).code).toBe(0);
    const r = cli("run", "--design", ok, "--truth", "0.1,0.2,0.3", "--target", "0.3");
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
  });
});

describe("no command shows a stack trace on bad input", () => {
  const badDesign = file("bad-design.json", '{ "design": { "type": "boin", "target": 2 } }');
  const notJson = file("not-json.json", "{ nope");
  const cases: [string, string[]][] = [
    ["run: a folder as the design", ["run", "--design", "designs", "--truth", "0.1,0.2"]],
    ["run: an invalid design", ["run", "--design", badDesign, "--truth", "0.1,0.2"]],
    ["report: a missing scenario", ["report", "--design", "designs/sys6020-3plus3.json", "--scenario", join(dir, "missing.json")]],
    ["table: a design without a table", ["table", "--design", "designs/sys6020-crm.json"]],
    ["table: not JSON", ["table", "--design", notJson]],
    ["next: bad outcomes", ["next", "--design", "designs/sys6020-3plus3.json", "--outcomes", "9NNN"]],
    ["paths: a bad truth", ["paths", "--design", "designs/sys6020-3plus3.json", "--truth", "0.1,x"]],
    ["paths: --cohorts 0", ["paths", "--design", "designs/sys6020-3plus3.json", "--cohorts", "0"]],
    ["sweep: a folder as the sweep file", ["sweep", "scenarios"]],
    ["sweep: not JSON", ["sweep", notJson, "--out", join(dir, "x")]],
    ["merge: a folder without cells", ["merge", dir, "--out", join(dir, "merged")]],
    ["scenarios: a bad target", ["scenarios", "random", "--doses", "5", "--target", "2", "--count", "3"]],
    ["compare: one design", ["compare", "--design", "designs/sys6020-3plus3.json", "--truth", "0.1,0.2,0.3,0.4,0.5"]],
    ["schema: an unknown kind", ["schema", "nothing"]],
    ["an unknown option", ["run", "--desing", "x"]],
  ];
  for (const [name, args] of cases) {
    it(name, () => expectOneLine(cli(...args), 2));
  }
});
