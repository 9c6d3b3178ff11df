/**
 * `npm run bench`: throughput of the engines on this machine. It prints figures and asserts
 * nothing about speed (speed targets live here, never in unit tests).
 *
 * Every figure is the median of `--runs` runs (default 5), in CPU time (process.cpuUsage, all
 * threads of the process; for whole-process runs, user + system time of the child from
 * /usr/bin/time) and wall time. On a machine shared with other work the CPU time is the figure
 * to trust: wall time then also measures the others. Monte Carlo figures come in two kinds:
 * "cold" (a fresh design object, so the state graph is built inside the timing, as in a
 * one-off CLI run) and "warm" (the graph already built: the steady state of a long run).
 *
 *   npm run bench                      every section
 *   npm run bench -- mc ceiling        only these sections (see SECTIONS)
 *   npm run bench -- --runs 7          runs per figure
 *   npm run bench -- --json            the figures as JSON on stdout (the text goes to stderr)
 *
 * Sections are modular: a section is a {@link BenchSection} (a name, a title, and an async
 * function returning rows). Add one to SECTIONS, or put it in its own module listed in
 * EXTRA_MODULES: such a module exports `sections: BenchSection[]` (or a function
 * `bench(ctx): Promise<BenchRow[]>`, which becomes a section named after the module); a listed
 * module that does not exist is skipped.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildDesign, loadDesign, loadScenario, parseDesignConfig, trueMtd } from "../../src/config/load.js";
import type { DesignConfig } from "../../src/config/types.js";
import { exactDesign, type ExactCurve } from "../../src/engine/exact.js";
import { simulateConfig, simulateDesign } from "../../src/engine/simulate.js";
import { loadSweep } from "../../src/sweep/plan.js";
import { runSweep } from "../../src/sweep/run.js";
import { scenarioFor } from "../helpers/scenario-for.js";
import { ceilingBoin } from "./ceiling-boin.js";

/** One figure: the median over `runs` runs of CPU and wall time for `work` units (trials, states). */
export interface BenchRow {
  readonly section: string;
  readonly label: string;
  readonly runs: number;
  /** Median CPU milliseconds (all threads). */
  readonly cpuMs: number;
  /** Median wall milliseconds. */
  readonly wallMs: number;
  /** Units of work per run (trials, states), if any. */
  readonly work?: number;
  readonly unit?: string;
  /** work per CPU second, per wall second (medians of the runs' rates). */
  readonly perCpuSecond?: number;
  readonly perWallSecond?: number;
  /** Anything else the section reports (peak memory, ratios). */
  readonly extra?: Readonly<Record<string, number | string>>;
}

/** What a section gets. */
export interface BenchContext {
  /** Runs per figure. */
  readonly runs: number;
  /** Print a row as soon as it is measured. */
  report(row: BenchRow): void;
  /** Print a free-text line (a note, a ratio). */
  note(text: string): void;
}

export interface BenchSection {
  readonly name: string;
  readonly title: string;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}

/** Modules with further sections (relative to this file; compiled names). */
const EXTRA_MODULES = ["./timed.js"];

const cores = availableParallelism();
const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Time `fn` `runs` times (after `setup` each time, untimed): medians of CPU, wall, and rates. */
export async function measure(
  section: string,
  label: string,
  runs: number,
  fn: () => unknown,
  opts: { work?: number; unit?: string; setup?: () => unknown } = {},
): Promise<BenchRow> {
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let r = 0; r < runs; r++) {
    await opts.setup?.();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    const w = performance.now() - t0;
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    wall.push(w);
  }
  return row(section, label, runs, cpu, wall, opts.work, opts.unit);
}

function row(section: string, label: string, runs: number, cpu: number[], wall: number[], work?: number, unit?: string, extra?: Record<string, number | string>): BenchRow {
  return {
    section,
    label,
    runs,
    cpuMs: median(cpu),
    wallMs: median(wall),
    ...(work !== undefined
      ? { work, unit: unit ?? "trials", perCpuSecond: median(cpu.map((c) => (work / c) * 1000)), perWallSecond: median(wall.map((w) => (work / w) * 1000)) }
      : {}),
    ...(extra ? { extra } : {}),
  };
}

function formatRow(r: BenchRow): string {
  const base = `  ${r.label.padEnd(58)} cpu ${r.cpuMs.toFixed(0).padStart(6)} ms  wall ${r.wallMs.toFixed(0).padStart(6)} ms`;
  const rate = r.work !== undefined ? `  ${fmt(r.work).padStart(11)} ${r.unit}: ${fmt(r.perCpuSecond!).padStart(10)}/cpu-s ${fmt(r.perWallSecond!).padStart(10)}/wall-s` : "";
  const extra = r.extra ? "  " + Object.entries(r.extra).map(([k, v]) => `${k} ${typeof v === "number" ? fmt(v) : v}`).join(", ") : "";
  return base + rate + extra;
}

// ---------------------------------------------------------------------------------------------
// The designs measured

const SIX = [0.05, 0.1, 0.2, 0.3, 0.45, 0.6];
const inline = (design: Record<string, unknown>, label: string): DesignConfig => parseDesignConfig({ design }, `(bench ${label})`);

interface McCase {
  readonly label: string;
  readonly config: DesignConfig;
  readonly truth: readonly number[];
  readonly target: number;
  readonly trials: number;
}

function mcCases(): McCase[] {
  const sys = loadScenario("scenarios/sys6020.json");
  const middle = [...sys.curves.find((c) => c.name === "mtd-middle")!.truth];
  return [
    { label: "3+3 (SYS6020, 5 doses)", config: loadDesign("designs/sys6020-3plus3.json"), truth: middle, target: sys.target!, trials: 4_000_000 },
    { label: "3+3 + SMC + expansion (SYS6020)", config: loadDesign("designs/sys6020.json"), truth: middle, target: sys.target!, trials: 1_000_000 },
    { label: "BOIN 6 doses / 36 patients", config: inline({ type: "boin", target: 0.3, cohortSize: 3, nCohorts: 12 }, "boin"), truth: SIX, target: 0.3, trials: 2_000_000 },
    { label: "Keyboard 6 doses / 36 patients", config: inline({ type: "keyboard", target: 0.3, cohortSize: 3, nCohorts: 12 }, "keyboard"), truth: SIX, target: 0.3, trials: 2_000_000 },
    { label: "mTPI-2 6 doses / 36 patients", config: inline({ type: "mtpi2", target: 0.3, cohortSize: 3, nCohorts: 12 }, "mtpi2"), truth: SIX, target: 0.3, trials: 2_000_000 },
    { label: "i3+3 6 doses / 36 patients", config: inline({ type: "i3plus3", target: 0.3, cohortSize: 3, nCohorts: 12 }, "i3plus3"), truth: SIX, target: 0.3, trials: 2_000_000 },
    { label: "CRM 6 doses / 36 patients", config: inline({ type: "crm", target: 0.25, maxPatients: 36, cohortSize: 3 }, "crm"), truth: SIX, target: 0.25, trials: 1_000_000 },
  ];
}

const BOIN6 = { type: "boin", target: 0.3, cohortSize: 3, nCohorts: 12 };

// ---------------------------------------------------------------------------------------------
// Sections

/** In this thread: cold (fresh design, graph built in the timing) and warm (graph built). */
const mc: BenchSection = {
  name: "mc",
  title: "Monte Carlo in this thread (one core): cold = graph built inside the timing, warm = steady state",
  async run(ctx) {
    const rows: BenchRow[] = [];
    for (const c of mcCases()) {
      const K = c.truth.length;
      const job = { truth: c.truth, trueMtd: trueMtd(c.truth, c.target) };
      let design = buildDesign(c.config, K);
      const cold = await measure("mc", `${c.label}, cold`, ctx.runs, () => simulateDesign(design, job, { trials: c.trials, seed: "bench" }), {
        work: c.trials,
        setup: () => (design = buildDesign(c.config, K)),
      });
      ctx.report(cold);
      design = buildDesign(c.config, K);
      simulateDesign(design, job, { trials: c.trials, seed: "warm" }); // build the graph, warm the JIT
      const warm = await measure("mc", `${c.label}, warm`, ctx.runs, () => simulateDesign(design, job, { trials: c.trials, seed: "bench" }), { work: c.trials });
      ctx.report(warm);
      rows.push(cold, warm);
    }
    return rows;
  },
};

/** The hand-written BOIN loop beside doseladder on the same design, truth and trial count. */
const ceiling: BenchSection = {
  name: "ceiling",
  title: "The practical ceiling: a minimal hand-written BOIN loop (test/bench/ceiling-boin.ts) beside doseladder, BOIN 6 doses / 36 patients",
  async run(ctx) {
    const trials = 2_000_000;
    const config = inline(BOIN6, "boin");
    const job = { truth: SIX, trueMtd: trueMtd(SIX, 0.3) };
    const design = buildDesign(config, 6);
    const ref = simulateDesign(design, job, { trials, seed: "warm" });
    const sel = ceilingBoin({ truth: SIX, target: 0.3, cohortSize: 3, nCohorts: 12, trials, seed: "warm" });
    // the same design? selection shares and mean sample size, within Monte Carlo error
    const L = ref.runner.layout;
    let worst = 0;
    for (let d = 0; d <= 6; d++) worst = Math.max(worst, Math.abs(ref.acc[L.sel + d] / trials - sel.selected[d] / trials));
    const meanN = ref.acc[L.totalN] / trials;
    ctx.note(`  same design check: largest selection-share difference ${(worst * 100).toFixed(2)} points (2 million trials each: a difference of 2 SE is about 0.1), mean sample size ${meanN.toFixed(3)} vs ${(sel.patients / trials).toFixed(3)}`);
    const rows: BenchRow[] = [];
    const cpuC: number[] = [];
    const wallC: number[] = [];
    const cpuD: number[] = [];
    const wallD: number[] = [];
    // interleaved, so that both see the same machine load
    for (let r = 0; r < ctx.runs; r++) {
      for (const [cpu, wall, fn] of [
        [cpuC, wallC, () => ceilingBoin({ truth: SIX, target: 0.3, cohortSize: 3, nCohorts: 12, trials, seed: `bench${r}` })],
        [cpuD, wallD, () => simulateDesign(design, job, { trials, seed: `bench${r}` })],
      ] as const) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        fn();
        wall.push(performance.now() - t0);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
      }
    }
    const c = row("ceiling", "hand-written BOIN loop", ctx.runs, cpuC, wallC, trials);
    const d = row("ceiling", "doseladder, warm (graph built)", ctx.runs, cpuD, wallD, trials);
    const ratio = d.perCpuSecond! / c.perCpuSecond!;
    const r = { ...d, extra: { "fraction of ceiling (CPU)": ratio.toFixed(3) } };
    ctx.report(c);
    ctx.report(r);
    rows.push(c, r);
    return rows;
  },
};

/**
 * simulateConfig with 1 thread and with as many threads as cores (this one and cores - 1
 * workers; threads started and graphs built inside the timing), at 10 and at 40 million trials:
 * a thread's fixed cost (start-up, graph, JIT warm-up) weighs less in the longer run, so the two
 * sizes separate the fixed cost from the per-trial scaling.
 */
const threads: BenchSection = {
  name: "threads",
  title: `Worker threads, BOIN 6 doses / 36 patients, 10 and 40 million trials (pool start-up and graph building included; ${cores} cores)`,
  async run(ctx) {
    const config = inline(BOIN6, "boin");
    const job = { truth: SIX, trueMtd: 3 };
    const rows: BenchRow[] = [];
    for (const trials of [10_000_000, 40_000_000]) {
      const pair: BenchRow[] = [];
      for (const workers of [1, cores]) {
        const label = `${trials / 1e6}M trials, ${workers === 1 ? "1 thread (no worker)" : `${workers} threads (this one and ${workers - 1} worker${workers > 2 ? "s" : ""})`}`;
        const r = await measure("threads", label, ctx.runs, () => simulateConfig(config, 6, [job], { trials, seed: "bench", workers }), { work: trials });
        ctx.report(r);
        pair.push(r);
      }
      if (cores > 1) {
        const [one, many] = pair;
        ctx.note(
          `  ${trials / 1e6}M: ${cores} threads over 1: ${(many.perCpuSecond! / one.perCpuSecond!).toFixed(2)}x per CPU second (1.0 = no overhead), ` +
            `${(one.wallMs / many.wallMs).toFixed(2)}x in wall time (meaningful on an idle machine only); extra CPU of the threads ${Math.round(many.cpuMs - one.cpuMs)} ms`,
        );
      }
      rows.push(...pair);
    }
    return rows;
  },
};

/** The Monte Carlo version of each seed sweep in scenarios/sweeps, with 1 thread and with all cores. */
const sweep: BenchSection = {
  name: "sweep",
  title: "Sweeps: the Monte Carlo version of each seed sweep (scenarios/sweeps/*.json), 20,000 trials per curve",
  async run(ctx) {
    const rows: BenchRow[] = [];
    const dir = mkdtempSync(join(tmpdir(), "doseladder-bench-"));
    try {
      for (const f of readdirSync("scenarios/sweeps").filter((x) => x.endsWith(".json")).sort()) {
        const base = loadSweep(join("scenarios/sweeps", f));
        const plan = { ...base, method: "monte-carlo" as const, trials: 20_000 };
        const work = plan.cells.reduce((s, c) => s + c.scenario.curves.length, 0) * plan.trials;
        const pair: BenchRow[] = [];
        for (const workers of [1, cores]) {
          let n = 0;
          const r = await measure("sweep", `${f} (${plan.cells.length} cells), ${workers === 1 ? "1 thread" : `${workers} worker threads`}`, ctx.runs, () => runSweep(plan, join(dir, `${f}-${workers}-${n++}`), { workers }), { work });
          ctx.report(r);
          pair.push(r);
        }
        if (cores > 1) ctx.note(`  ${cores} workers over 1: ${(pair[1].perCpuSecond! / pair[0].perCpuSecond!).toFixed(2)}x per CPU second, ${(pair[0].wallMs / pair[1].wallMs).toFixed(2)}x in wall time`);
        rows.push(...pair);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return rows;
  },
};

/** Exact enumeration: every design file with its scenario, and BOIN 6 doses at 36, 48 and 60 patients. */
const exact: BenchSection = {
  name: "exact",
  title: "Exact enumeration (all curves of the design's scenario in one walk)",
  async run(ctx) {
    const cases: { label: string; config: DesignConfig; curves: ExactCurve[]; maxStates?: number }[] = [];
    for (const f of readdirSync("designs").filter((x) => x.endsWith(".json")).sort()) {
      const config = loadDesign(join("designs", f));
      const s = scenarioFor(config);
      if (s) cases.push({ label: f, config, curves: s.curves.map((c) => ({ truth: c.truth, trueMtd: trueMtd(c.truth, s.target), response: c.response, association: c.association })) });
    }
    for (const nCohorts of [12, 16, 20]) {
      cases.push({ label: `boin, 6 doses, ${nCohorts * 3} patients`, config: inline({ ...BOIN6, nCohorts }, "boin"), curves: [{ truth: SIX, trueMtd: 3 }] });
    }
    const rows: BenchRow[] = [];
    for (const c of cases) {
      const design = buildDesign(c.config, c.curves[0].truth.length);
      let states = 0;
      let perState = 0;
      try {
        // warm up; a design that cannot be enumerated is given up as auto gives it up (predict)
        const first = exactDesign(design, c.curves, { predict: true });
        states = first.states;
        perState = first.peakBytes / Math.max(1, first.peakStates);
      } catch (e) {
        ctx.note(`  ${c.label.padEnd(58)} not enumerated: ${(e as Error).message}`);
        continue;
      }
      const label = `${c.label} [${c.curves.length} curve${c.curves.length > 1 ? "s" : ""}]`;
      const m = await measure("exact", label, ctx.runs, () => exactDesign(design, c.curves), { work: states, unit: "states" });
      const r: BenchRow = { ...m, extra: { "bytes/state held": perState.toFixed(1) } };
      ctx.report(r);
      rows.push(r);
    }
    return rows;
  },
};

const here = fileURLToPath(new URL(".", import.meta.url));
const root = resolve(here, "../../..");
const CLI = join(root, "dist/src/cli/main.js");
const hasTime = existsSync("/usr/bin/time");

/** Run `args` in a child process `runs` times: medians of its CPU (user + system, /usr/bin/time) and wall time, and its peak RSS. */
function processRow(section: string, label: string, runs: number, args: string[], work?: number): BenchRow {
  const cpu: number[] = [];
  const wall: number[] = [];
  const rss: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const p = hasTime
      ? spawnSync("/usr/bin/time", ["-f", "BENCH %U %S %M", process.execPath, ...args], { encoding: "utf8", cwd: root, maxBuffer: 1 << 28 })
      : spawnSync(process.execPath, args, { encoding: "utf8", cwd: root, maxBuffer: 1 << 28 });
    wall.push(performance.now() - t0);
    if (p.status !== 0) throw new Error(`${label}: exit ${p.status}: ${p.stderr}`);
    const m = /BENCH ([\d.]+) ([\d.]+) (\d+)/.exec(p.stderr ?? "");
    if (m) {
      cpu.push((Number(m[1]) + Number(m[2])) * 1000);
      rss.push(Number(m[3]) / 1024);
    } else cpu.push(NaN);
  }
  return row(section, label, runs, cpu, wall, work, "trials", rss.length ? { "peak RSS MB": Math.round(median(rss)) } : undefined);
}

function benchFiles(dir: string): { design: string; scenario: string } {
  const design = join(dir, "boin6.json");
  const scenario = join(dir, "six.json");
  writeFileSync(design, JSON.stringify({ name: "bench BOIN", doses: 6, design: BOIN6 }));
  writeFileSync(scenario, JSON.stringify({ name: "bench", target: 0.3, ladder: { doses: SIX.map((_, i) => ({ label: `D${i + 1}` })) }, curves: [{ name: "six", truth: SIX }] }));
  return { design, scenario };
}

/** Whole processes of the CLI, as a user runs them. */
const cli: BenchSection = {
  name: "cli",
  title: `Whole-process CLI runs (node dist/src/cli/main.js; CPU = user + system${hasTime ? "" : ", not measured: /usr/bin/time missing"})`,
  async run(ctx) {
    const dir = mkdtempSync(join(tmpdir(), "doseladder-bench-"));
    const rows: BenchRow[] = [];
    try {
      const { design, scenario } = benchFiles(dir);
      const run = ["run", "--design", design, "--scenario", scenario, "--method", "monte-carlo", "--format", "json", "--seed", "bench"];
      for (const [label, args, work] of [
        ["node -e 0 (Node start-up alone)", ["-e", "0"], undefined],
        ["doseladder --help", [CLI, "--help"], undefined],
        ["BOIN 6x36, 100,000 trials", [CLI, ...run, "--trials", "100000"], 100_000],
        ["BOIN 6x36, 10 million trials, default threads", [CLI, ...run, "--trials", "10000000"], 10_000_000],
        ["BOIN 6x36, 10 million trials, --workers 1", [CLI, ...run, "--trials", "10000000", "--workers", "1"], 10_000_000],
      ] as const) {
        const r = processRow("cli", label, ctx.runs, [...args], work);
        ctx.report(r);
        rows.push(r);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return rows;
  },
};

/** Peak memory against the number of trials (one child process per figure). */
const memory: BenchSection = {
  name: "memory",
  title: "Peak RSS against the number of trials (BOIN 6x36 CLI run, --workers 1; one run each)",
  async run(ctx) {
    const dir = mkdtempSync(join(tmpdir(), "doseladder-bench-"));
    const rows: BenchRow[] = [];
    try {
      const { design, scenario } = benchFiles(dir);
      const run = [CLI, "run", "--design", design, "--scenario", scenario, "--method", "monte-carlo", "--format", "json", "--seed", "bench", "--workers", "1"];
      for (const trials of [1_000_000, 100_000_000]) {
        const r = processRow("memory", `${fmt(trials)} trials`, 1, [...run, "--trials", String(trials)], trials);
        ctx.report(r);
        rows.push(r);
      }
      const [a, b] = rows.map((r) => Number(r.extra?.["peak RSS MB"]));
      if (a && b) ctx.note(`  peak RSS at 100 million trials / at 1 million: ${(b / a).toFixed(2)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return rows;
  },
};

export const SECTIONS: BenchSection[] = [cli, mc, ceiling, threads, sweep, exact, memory];

async function extraSections(): Promise<BenchSection[]> {
  const out: BenchSection[] = [];
  for (const m of EXTRA_MODULES) {
    const url = new URL(m, import.meta.url);
    if (!existsSync(fileURLToPath(url))) continue;
    const mod = (await import(url.href)) as { sections?: BenchSection[]; bench?: (ctx: BenchContext) => Promise<BenchRow[]>; title?: string };
    if (mod.sections) out.push(...mod.sections);
    else if (mod.bench) out.push({ name: basename(m, ".js"), title: mod.title ?? basename(m, ".js"), run: mod.bench });
  }
  return out;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const json = argv.includes("--json");
  const ri = argv.indexOf("--runs");
  const runs = ri >= 0 ? Math.max(1, Number(argv[ri + 1])) : 5;
  const only = argv.filter((a, i) => !a.startsWith("--") && argv[i - 1] !== "--runs");
  const out = json ? (s: string) => process.stderr.write(s + "\n") : (s: string) => console.log(s);
  const all = [...SECTIONS, ...(await extraSections())];
  const unknown = only.filter((n) => !all.some((s) => s.name === n));
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown section ${unknown.join(", ")}; sections: ${all.map((s) => s.name).join(", ")}\n`);
    process.exit(2);
  }
  const machine = { cores, cpu: cpus()[0]?.model ?? "?", node: process.version, loadAverage: (await import("node:os")).loadavg()[0] };
  out(`doseladder bench: ${cores} cores (${machine.cpu}), Node ${process.version}, load average ${machine.loadAverage.toFixed(2)}; median of ${runs} runs; CPU time is the figure to trust on a shared machine`);
  const results: BenchRow[] = [];
  for (const s of all) {
    if (only.length > 0 && !only.includes(s.name)) continue;
    out(`${s.title}:`);
    const ctx: BenchContext = { runs, report: (r) => out(formatRow(r)), note: out };
    results.push(...(await s.run(ctx)));
  }
  if (json) process.stdout.write(JSON.stringify({ machine, runs, rows: results }, null, 2) + "\n");
}

void main();
