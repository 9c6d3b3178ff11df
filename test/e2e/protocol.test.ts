/**
 * `doseladder protocol` through the compiled CLI: the Word file is read back (a small zip
 * reader, test/helpers/unzip.ts, node:zlib's inflateRaw for the entries), its word/document.xml must hold real
 * Word tables, and every number of the decision and operating-characteristics tables must equal
 * the JSON output of `doseladder run --format json` for the same inputs, at the printed
 * precision. The expansion-monitoring boundaries are checked against the closed form
 * Pr(Beta(1 + y, 1 + n - y) > L) = Pr(Binomial(n + 1, L) <= y) (integer Beta parameters).
 * LibreOffice (Debian's libreoffice-writer-nogui, installed by .ci/run) converts the file to text
 * as a second reader; that check skips, saying why, when libreoffice is not installed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unzip } from "../helpers/unzip.js";

const CLI = resolve("dist/src/cli/main.js");
const dir = mkdtempSync(join(tmpdir(), "doseladder-protocol-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], cwd?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// ---- reading word/document.xml -------------------------------------------------------------

const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
const textOf = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1])).join("");

interface WordCell {
  text: string;
  span: number;
  bold: boolean;
}
/** The tables of a document.xml: rows of cells (text, gridSpan, bold). */
function wordTables(xml: string): WordCell[][][] {
  return [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) =>
    [...t[1].matchAll(/<w:tr(?: [^>]*)?>([\s\S]*?)<\/w:tr>/g)].map((r) =>
      [...r[1].matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => ({
        text: textOf(c[1]),
        span: Number(/<w:gridSpan w:val="(\d+)"\/>/.exec(c[1])?.[1] ?? 1),
        bold: /<w:b\/>|<w:b w:val="(true|1)"\/>/.test(c[1]),
      })),
    ),
  );
}

/** The paragraphs of the body outside tables. */
function wordParagraphs(xml: string): string[] {
  return [...xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, "").matchAll(/<w:p(?: [^>]*)?>([\s\S]*?)<\/w:p>/g)].map((m) => textOf(m[1])).filter((s) => s !== "");
}

// ---- the expected numbers, from the JSON output --------------------------------------------

/** Percent with one decimal and mean with one decimal: the table's printed precision. */
const pct = (p: number) => (100 * p).toFixed(1);
const one = (x: number) => x.toFixed(1);

/** A mean duration in days, in months (365.25 / 12 days) with one decimal. */
const months = (days: number) => (days / (365.25 / 12)).toFixed(1);

/** The rows the operating-characteristics table must hold, computed here from the JSON (a duration column when the run is in calendar time). */
function expectedOcRows(json: any): string[][] {
  const expansion = json.design.type.includes("+expansion");
  const timed = json.timing !== undefined;
  const d = (c: any, on: boolean) => (timed ? [on ? months(c.timing.duration.mean) : ""] : []);
  const rows: string[][] = [];
  json.curves.forEach((c: any, i: number) => {
    rows.push([`Scenario ${i + 1}: ${c.name}${c.trueMtd === 0 ? " (no acceptable dose)" : ` (true MTD: dose level ${c.trueMtd})`}`]);
    rows.push(["True DLT rate", ...c.truth.map(String), "", "", ...d(c, false)]);
    rows.push(["Selection %", ...c.selection.map(pct), pct(c.noMtd), "", ...d(c, false)]);
    if (expansion) {
      rows.push(["Patients, escalation", ...c.patients.map(one), "", one(c.sampleSize), ...d(c, true)]);
      rows.push(["Patients, expansion", ...c.expansionPatients.map(one), "", "", ...d(c, false)]);
    } else rows.push(["Patients treated", ...c.patients.map(one), "", one(c.sampleSize), ...d(c, true)]);
  });
  return rows;
}

/** The operating-characteristics rows of a Markdown section (scenario rows reduced to their one cell). */
function mdOcRows(md: string): string[][] {
  const tableRows = md
    .split("\n")
    .filter((l) => l.startsWith("| "))
    .map((l) => l.slice(2, -2).split(" | ").map((s) => s.replace(/^\*\*(.*)\*\*$/, "$1")));
  const start = tableRows.findIndex((r) => r[0] === "Dose level");
  return tableRows.slice(start + 1).map((r) => (r[0].startsWith("Scenario") ? [r[0]] : r));
}

function binomCdf(y: number, n: number, p: number): number {
  let s = 0;
  let term = Math.pow(1 - p, n);
  for (let k = 0; k <= y; k++) {
    s += term;
    term *= ((n - k) / (k + 1)) * (p / (1 - p));
  }
  return s;
}

const SYS = ["--design", "designs/sys6020.json", "--scenario", "scenarios/sys6020.json"];
let sysJson: any;
let sysXml: string;
let sysDocx: string;

beforeAll(() => {
  const run = cli(["run", ...SYS, "--format", "json"]);
  expect(run.code, run.stderr).toBe(0);
  sysJson = JSON.parse(run.stdout);
  sysDocx = join(dir, "sys6020.docx");
  const r = cli(["protocol", ...SYS, "--format", "docx", "--out", sysDocx]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toBe("");
  expect(r.stderr).toMatch(/^doseladder: wrote .*sys6020\.docx \(\d+ kB\)\n$/);
  const files = unzip(readFileSync(sysDocx));
  expect(files.has("[Content_Types].xml")).toBe(true);
  sysXml = files.get("word/document.xml")!.toString("utf8");
});

describe("doseladder protocol --format docx", () => {
  it("holds real Word tables: the decision table, the expansion monitoring boundaries and the operating characteristics", () => {
    const tables = wordTables(sysXml);
    expect(tables).toHaveLength(3);
    expect(tables[0][0][0].text).toBe("Number of patients treated");
    expect(tables[2][0].map((c) => c.text)).toEqual(["Dose level", ...sysJson.ladder.doses.map((d: any) => d.label), "% stopped early", "Mean N"]);
    // the header row repeats on every page
    expect(sysXml.match(/<w:tblHeader\/>/g)?.length).toBeGreaterThanOrEqual(3);
  });

  it("every number of the operating-characteristics table equals run --format json (exact method)", () => {
    const oc = wordTables(sysXml)[2].slice(1);
    const expected = expectedOcRows(sysJson);
    expect(oc.map((r) => r.map((c) => c.text))).toEqual(expected);
    // scenario rows span the table; the true MTD is bold in the truth and selection rows
    const K = sysJson.ladder.doses.length;
    oc.filter((r) => r.length === 1).forEach((r) => expect(r[0].span).toBe(K + 3));
    sysJson.curves.forEach((c: any, i: number) => {
      const start = oc.findIndex((r) => r[0].text.startsWith(`Scenario ${i + 1}:`));
      const boldTruth = oc[start + 1].slice(1, K + 1).map((x) => x.bold);
      expect(boldTruth).toEqual(c.truth.map((_: number, d: number) => c.trueMtd === d + 1));
      expect(oc[start + 2][K + 1].bold).toBe(c.trueMtd === 0);
    });
  });

  const decisionRows = (json: any) => {
    const v = (x: number | null) => (x === null ? "-" : String(x));
    const rows = json.decisionTable;
    return [
      ["Number of patients treated", ...rows.map((r: any) => String(r.n))],
      ["Escalate if # of DLT <=", ...rows.map((r: any) => v(r.escalateAtMost))],
      ["Deescalate if # of DLT >=", ...rows.map((r: any) => v(r.deEscalateAtLeast))],
      ["Eliminate if # of DLT >=", ...rows.map((r: any) => v(r.eliminateAtLeast))],
    ];
  };

  it("the decision table equals the JSON's decisionTable, one column per number of patients (3+3 and BOIN)", () => {
    expect(wordTables(sysXml)[0].map((r) => r.map((c) => c.text))).toEqual(decisionRows(sysJson));
    const args = ["--design", "designs/sys6020-boin.json", "--scenario", "scenarios/sys6020.json", "--curve", "mtd-low"];
    const json = JSON.parse(cli(["run", ...args, "--format", "json"]).stdout);
    const out = join(dir, "boin.docx");
    expect(cli(["protocol", ...args, "--format", "docx", "--out", out]).code).toBe(0);
    const tables = wordTables(unzip(readFileSync(out)).get("word/document.xml")!.toString("utf8"));
    expect(tables).toHaveLength(2);
    expect(tables[0].map((r) => r.map((c) => c.text))).toEqual(decisionRows(json));
    // R BOIN 2.7.2 get.boundary(target = 0.25, ncohort = 10, cohortsize = 3), n = 3 and 6:
    // escalate <= 0, 1; de-escalate >= 1, 2; eliminate >= 3, 4
    expect(tables[0].map((r) => r.slice(1, 3).map((c) => c.text))).toEqual([["3", "6"], ["0", "1"], ["1", "2"], ["3", "4"]]);
  });

  it("the expansion monitoring boundaries are the smallest DLT counts with Pr(Binomial(n + 1, L) <= y) > cutoff", () => {
    const e = sysJson.design.parameters.expansion;
    expect([e.priorA, e.priorB]).toEqual([1, 1]); // the closed form holds for the Beta(1, 1) prior
    const t = wordTables(sysXml)[1].map((r) => r.map((c) => c.text));
    const ns = t[0].slice(1).map(Number);
    expect(ns.length).toBeGreaterThan(3);
    ns.forEach((n, i) => {
      let y = 0;
      while (!(binomCdf(y, n + 1, e.toxLimit) > e.cutoff)) y++;
      expect(Number(t[1][i + 1]), `n = ${n}`).toBe(y);
    });
    // SYS6020 hand check: 2 of 3 patients, Pr(p > 0.33) = Pr(Bin(4, 0.33) <= 2) = 0.8918 > 0.8, while 1 of 3 gives 0.5973
    expect(t[1][ns.indexOf(3) + 1]).toBe("2");
  });

  it("the prose carries the design's parameters and the run's facts as the JSON gives them", () => {
    const text = wordParagraphs(sysXml).join("\n");
    const p = sysJson.design.parameters;
    expect(text).toContain("a 3+3 design");
    expect(text).toContain(`cohorts of ${p.a}`);
    expect(text).toContain(`When ${p.smcReview.afterDlts} DLT has been observed among the first ${p.smcReview.afterPatients} patients`);
    expect(text).toContain(`enrols ${p.expansion.patients} patients in cohorts of ${p.expansion.cohortSize}, split between the MTD (${Math.ceil(p.expansion.patients / 2)})`);
    expect(text).toContain(`Pr(p > ${p.expansion.toxLimit} | data) > ${p.expansion.cutoff} under a Beta(1, 1) prior`);
    expect(text).toContain(`(${sysJson.exactStates} distinct trial states), with doseladder ${sysJson.doseladder}`);
    const pcs = sysJson.curves.map((c: any) => c.correctSelection as number);
    expect(text).toContain(`ranges from ${pct(Math.min(...pcs))}%`);
    expect(text).toContain(`to ${pct(Math.max(...pcs))}%`);
  });

  it("LibreOffice reads the same tables back (libreoffice --headless --convert-to txt)", (ctx) => {
    const lo = spawnSync("sh", ["-c", "command -v libreoffice"], { encoding: "utf8" });
    if (lo.status !== 0) {
      console.warn("SKIPPED LibreOffice check: libreoffice is not installed (apt-get install -y libreoffice-writer-nogui)");
      ctx.skip();
    }
    const outDir = join(dir, "lo");
    const profile = join(dir, "lo-profile");
    const r = spawnSync("libreoffice", [`-env:UserInstallation=file://${profile}`, "--headless", "--convert-to", "txt:Text", "--outdir", outDir, sysDocx], { encoding: "utf8", timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const lines = readFileSync(join(outDir, readdirSync(outDir)[0]), "utf8").replace(/^\uFEFF/, "").split(/\r?\n/);
    // each table cell is a line of its own: the expected rows appear in order
    const cells = expectedOcRows(sysJson).flat().filter((s) => s !== "");
    let at = lines.indexOf("Dose level");
    expect(at).toBeGreaterThan(0);
    for (const c of cells) {
      const next = lines.indexOf(c, at + 1);
      expect(next, `cell "${c}" after line ${at}`).toBeGreaterThan(at);
      at = next;
    }
  }, 120_000);
});

describe("doseladder protocol --format md", () => {
  it("a Monte Carlo run: the Markdown tables hold the numbers of run --format json with the same seed, and the method sentence says how they were computed", () => {
    const args = ["--design", "designs/sys6020-boin.json", "--scenario", "scenarios/sys6020.json", "--method", "monte-carlo", "--trials", "400", "--seed", "proto-1", "--workers", "1"];
    const json = JSON.parse(cli(["run", ...args, "--format", "json"]).stdout);
    const r = cli(["protocol", ...args]);
    expect(r.code, r.stderr).toBe(0);
    const md = r.stdout;
    const tableRows = md
      .split("\n")
      .filter((l) => l.startsWith("| "))
      .map((l) => l.slice(2, -2).split(" | ").map((s) => s.replace(/^\*\*(.*)\*\*$/, "$1")));
    const start = tableRows.findIndex((r) => r[0] === "Dose level");
    const oc = tableRows.slice(start + 1).map((r) => (r[0].startsWith("Scenario") ? [r[0]] : r));
    expect(oc).toEqual(expectedOcRows(json));
    const maxSe = Math.max(...json.curves.flatMap((c: any) => [...c.selectionSE, c.noMtdSE]));
    expect(md).toContain(`estimated from ${json.trials} simulated trials per scenario with doseladder ${json.doseladder} (seed "${json.seed}", generator ${json.generator})`);
    expect(md).toContain(`at most ${pct(maxSe)} percentage points`);
    const p = json.design.parameters;
    expect(md).toContain(`y/n ≤ λe = ${Number(p.lambdaE.toFixed(3))}`);
    expect(md).toContain(`y/n > λd = ${Number(p.lambdaD.toFixed(3))}`);
    // BOIN's published boundaries for target 0.25 (Liu & Yuan 2015, Table 1: λe = 0.197, λd = 0.298)
    expect(md).toContain("λe = 0.197");
    expect(md).toContain("λd = 0.298");
  });

  it("md and docx hold the same operating-characteristics numbers", () => {
    const md = cli(["protocol", ...SYS]).stdout;
    const words = wordTables(sysXml)[2].flat().map((c) => c.text).filter((s) => s !== "");
    const mdCells = md
      .split("\n")
      .filter((l) => l.startsWith("| "))
      .flatMap((l) => l.slice(2, -2).split(" | "))
      .map((s) => s.trim().replace(/^\*\*(.*)\*\*$/, "$1"))
      .filter((s) => s !== "");
    const fromDose = mdCells.indexOf("Dose level");
    expect(mdCells.slice(fromDose)).toEqual(words);
  });
});

describe("doseladder protocol in calendar time (timing and conduct blocks)", () => {
  const TIMED = ["--design", "designs/sys6020-timed.json", "--scenario", "scenarios/sys6020-timed.json", "--trials", "300", "--seed", "proto-timed", "--workers", "1"];
  let json: any;
  let md: string;
  let xml: string;
  beforeAll(() => {
    const run = cli(["run", ...TIMED, "--format", "json"]);
    expect(run.code, run.stderr).toBe(0);
    json = JSON.parse(run.stdout);
    const m = cli(["protocol", ...TIMED]);
    expect(m.code, m.stderr).toBe(0);
    md = m.stdout;
    const out = join(dir, "timed.docx");
    const w = cli(["protocol", ...TIMED, "--format", "docx", "--out", out]);
    expect(w.code, w.stderr).toBe(0);
    xml = unzip(readFileSync(out)).get("word/document.xml")!.toString("utf8");
  }, 120_000);

  it("the operating-characteristics table gains a mean-duration column whose every number equals the JSON's duration mean in months, in Markdown and in Word", () => {
    expect(json.timing).toBeDefined();
    const expected = expectedOcRows(json);
    expect(mdOcRows(md)).toEqual(expected);
    const oc = wordTables(xml).find((t) => t[0][0].text === "Dose level")!;
    expect(oc[0].map((c) => c.text)).toEqual(["Dose level", ...json.ladder.doses.map((d: any) => d.label), "% stopped early", "Mean N", "Mean duration (months)"]);
    expect(oc.slice(1).map((r) => r.map((c) => c.text))).toEqual(expected);
    // scenario rows span the widened table
    oc.slice(1).filter((r) => r.length === 1).forEach((r) => expect(r[0].span).toBe(json.ladder.doses.length + 4));
    // SYS6020 safe curve, hand check of the unit: days / (365.25 / 12), e.g. 1521.9 days = 50.0 months
    expect(months(1521.92)).toBe("50.0");
  });

  it("the conduct paragraph states the design's conduct block and the scenario's timing block as the JSON resolves them", () => {
    const c = json.timing.conduct;
    const s = json.timing.scenario;
    const last = c.infusionDays[c.infusionDays.length - 1];
    for (const text of [md, wordParagraphs(xml).join("\n")]) {
      expect(text).toContain("## Trial conduct and timing".slice(text === md ? 0 : 3));
      expect(text).toContain(`Each patient receives ${c.infusionDays.length} infusions, on days ${c.infusionDays.slice(0, -1).join(", ")} and ${last} after the first.`);
      expect(text).toContain(`a window of ${c.windowDays} days after the last infusion, so each patient is followed for ${last + c.windowDays} days from the first infusion`);
      expect(text).toContain(`dosed no earlier than ${c.sentinelDays} days after the sentinel's first infusion`);
      expect(text).toContain(`between ${c.reviewDays / 2} days and ${(3 * c.reviewDays) / 2} days (uniformly, ${c.reviewDays} days on average)`);
      expect(text).toContain(`a patient still waiting after ${c.maxWaitDays} days is lost to the trial`);
      expect(text).toContain("only when every patient of the cohort has completed the DLT window");
      expect(text).toContain(`referred as a Poisson process of ${s.rate} a month, ${s.expansionRate} a month once dose expansion has started`);
      expect(text).toContain(`${100 * s.screenFailure}% of referred patients fail screening`);
      expect(text).toContain(`mean ${s.manufacturingDays} days and standard deviation ${s.manufacturingSd} days`);
      expect(text).toContain(`manufacturing fails for ${100 * s.manufacturingFailure}% of enrolled patients`);
      expect(text).toContain(`${100 * s.nonEvaluable}% of dosed patients leave before the end of the window`);
      expect(text).toContain(s.infusionShares.map((x: number, k: number) => `infusion ${k + 1} in ${100 * x}% of cases`).slice(0, -1).join(", "));
      // the duration sentences
      const d = json.curves.map((cv: any) => cv.timing.duration.mean as number);
      expect(text).toContain(`The mean trial duration ranges from ${months(Math.min(...d))} months`);
      expect(text).toContain(`to ${months(Math.max(...d))} months`);
      expect(text).toContain(`and ${months(Math.max(...json.curves.map((cv: any) => cv.timing.duration.se)))} months for the mean duration`);
    }
  });

  it("a design that decides with pending patients (TITE-BOIN) and one that backfills (BF-BOIN) say so in the conduct paragraph; an untimed run has neither the paragraph nor the column", () => {
    const one = ["--scenario", "scenarios/sys6020-timed.json", "--trials", "60", "--curve", "mtd-middle", "--workers", "1"];
    const tite = cli(["protocol", "--design", "designs/sys6020-tite-boin.json", ...one]);
    expect(tite.code, tite.stderr).toBe(0);
    expect(tite.stdout).toContain("Dose decisions are taken with patients still inside their DLT window");
    expect(tite.stdout).not.toContain("The Safety Monitoring Committee reviews the data of each cohort");
    const bf = cli(["protocol", "--design", "designs/sys6020-bf-boin.json", ...one]);
    expect(bf.code, bf.stderr).toBe(0);
    expect(bf.stdout).toContain("newly referred patients may be backfilled at lower doses, as described under Backfilling");
    expect(bf.stdout).toContain("## Backfilling");
    const untimed = cli(["protocol", ...SYS]).stdout;
    expect(untimed).not.toContain("Trial conduct and timing");
    expect(untimed).not.toContain("Mean duration");
  });
});

describe("doseladder protocol: output and bad input", () => {
  it("--format docx without --out writes reports/<design>--<scenario>-protocol.docx", () => {
    const cwd = mkdtempSync(join(dir, "cwd-"));
    const r = cli(["protocol", "--design", resolve("designs/s103.json"), "--scenario", resolve("scenarios/s103.json"), "--format", "docx"], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(cwd, "reports", "s103--s103-protocol.docx"))).toBe(true);
    expect(wordTables(unzip(readFileSync(join(cwd, "reports", "s103--s103-protocol.docx"))).get("word/document.xml")!.toString("utf8"))).toHaveLength(2);
  });

  it("a bad flag prints one line, exits 2 and writes no file", () => {
    const cases: [string[], RegExp][] = [
      [["--format", "pdf"], /^doseladder: --format: expected one of md, docx, got "pdf"\n$/],
      [["--trials", "0", "--method", "monte-carlo"], /^doseladder: --trials: expected a positive integer, got "0"\n$/],
      [["--curve", "nope"], /^doseladder: scenarios\/sys6020\.json: curves: no curve named "nope"/],
    ];
    for (const [extra, message] of cases) {
      const out = join(dir, "bad", "never.docx");
      const r = cli(["protocol", ...SYS, "--out", out, ...(extra[0] === "--format" ? extra : ["--format", "docx", ...extra])]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    }
  });
});
