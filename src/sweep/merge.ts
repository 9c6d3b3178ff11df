/**
 * Combining a sweep's partial files (from one directory or the shards of many) into its
 * results: one RunResult per cell and a long-format table with a column per grid parameter.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildDesign, trueMtd } from "../config/load.js";
import { ConfigError, UsageError } from "../config/messages.js";
import { layoutFor } from "../engine/monte-carlo.js";
import { finalStateBlock, resultHeader, type RunResult } from "../engine/run.js";
import { mergeInto } from "../engine/accumulator.js";
import { GENERATOR } from "../random/stream.js";
import { BLOCK_SIZE } from "../engine/monte-carlo.js";
import { summarize } from "../report/summary.js";
import { timedLayout } from "../engine/timed.js";
import { summarizeTiming, TIMING_CSV_COLUMNS, timingCsvValues } from "../report/timing.js";
import { CSV_COLUMNS, csvField, csvRows } from "../report/csv.js";
import { EFFICACY_CSV_COLUMNS, efficacyCsvValues } from "../report/efficacy.js";
import { VERSION } from "../version.js";
import type { PartialFile } from "./run.js";

/** One merged cell. */
export interface SweepCellResult {
  readonly index: number;
  readonly key: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly result: RunResult;
}

/** A merged sweep. */
export interface SweepResult {
  readonly doseladder: string;
  readonly sweep: string;
  readonly trials: number;
  readonly seed: string;
  readonly gridKeys: readonly string[];
  readonly cells: SweepCellResult[];
}

/** A partial file as read, with the folder it came from. */
export type ReadPartial = PartialFile & { readonly source: string };

/** Read every partial file under `dirs` (their cells/ folders), or only the file names `only` accepts. */
export function readPartials(dirs: readonly string[], only?: (name: string) => boolean): ReadPartial[] {
  const out: ReadPartial[] = [];
  const seen = new Map<string, string>();
  for (const dir of dirs) {
    const real = resolve(dir);
    if (seen.has(real)) throw new UsageError(`merge: ${dir} is given twice (as ${seen.get(real)} and ${dir}); give each shard's folder once`);
    seen.set(real, dir);
    const cellsDir = join(dir, "cells");
    let names: string[];
    try {
      names = readdirSync(cellsDir);
    } catch {
      throw new ConfigError(dir, "", "no cells/ folder here: not a sweep output directory");
    }
    for (const name of names.filter((n) => n.startsWith("cell-") && n.endsWith(".json") && (!only || only(n))).sort()) {
      const path = join(cellsDir, name);
      let p: PartialFile;
      try {
        p = JSON.parse(readFileSync(path, "utf8")) as PartialFile;
      } catch (e) {
        throw new ConfigError(path, "", `not a valid partial file (${(e as Error).message.split("\n")[0]})`);
      }
      if (p?.doseladderSweepPartial !== 1) throw new ConfigError(path, "", "not a doseladder sweep partial file");
      out.push({ ...p, source: dir });
    }
  }
  return out;
}

const shardText = (s: { index: number; count: number }) => `${s.index + 1}/${s.count}`;
const listOf = (xs: readonly string[], max = 4) => (xs.length <= max ? xs.join(", ") : `${xs.slice(0, max).join(", ")} and ${xs.length - max} more`);

/** What makes two groups of partials belong to different sweeps, in words. */
function whyDifferent(a: ReadPartial, b: ReadPartial): string {
  const where = (p: ReadPartial) => p.source;
  if (a.sweep.seed !== b.sweep.seed) return `different seeds ("${a.sweep.seed}" in ${where(a)}, "${b.sweep.seed}" in ${where(b)})`;
  if (a.sweep.trials !== b.sweep.trials) return `different trial counts (${a.sweep.trials} in ${where(a)}, ${b.sweep.trials} in ${where(b)})`;
  if (a.sweep.name !== b.sweep.name) return `different sweeps ("${a.sweep.name}" in ${where(a)}, "${b.sweep.name}" in ${where(b)})`;
  return `different versions of the sweep "${a.sweep.name}" (their cells differ: ${where(a)} and ${where(b)}); run every shard from the same sweep file`;
}

/** Merge partials into per-cell results. Throws, saying what is wrong, when they are of different sweeps, a shard is given twice or missing. */
export function mergePartials(partials: readonly (PartialFile | ReadPartial)[]): SweepResult {
  if (partials.length === 0) throw new ConfigError("merge", "", "no partial files found");
  const all = partials.map((p) => ("source" in p ? p : { ...p, source: "(given)" })) as ReadPartial[];
  // one sweep: same identity (plan id when the files carry it; else name, seed and trial count)
  const identity = (p: ReadPartial) => p.sweep.id ?? `${p.sweep.name}\u0000${p.sweep.seed}\u0000${p.sweep.trials}`;
  const first = all[0];
  const other = all.find((p) => identity(p) !== identity(first));
  if (other) throw new ConfigError("merge", "", `the partial files are of ${whyDifferent(first, other)}`);
  const byKey = new Map<string, ReadPartial[]>();
  for (const p of all) {
    const list = byKey.get(p.key) ?? [];
    const twin = list.find((q) => q.shard.index === p.shard.index && q.shard.count === p.shard.count);
    if (twin) {
      throw new ConfigError("merge", "", `shard ${shardText(p.shard)} is given twice (in ${twin.source} and ${p.source}); give each shard once`);
    }
    const mixed = list.find((q) => q.shard.count !== p.shard.count);
    if (mixed) {
      throw new ConfigError(
        "merge",
        "",
        `cell ${p.cellIndex + 1} has shards of two different splits (${shardText(mixed.shard)} in ${mixed.source}, ${shardText(p.shard)} in ${p.source}); merge the shards of one run, all with the same --shard i/N`,
      );
    }
    list.push(p);
    byKey.set(p.key, list);
  }
  const sweep = first.sweep;
  const cells: SweepCellResult[] = [];
  for (const [key, list] of byKey) {
    list.sort((a, b) => a.shard.index - b.shard.index);
    const p0 = list[0];
    if (p0.method === "monte-carlo") {
      const covered = list.map((p) => p.blocks!).sort((a, b) => a[0] - b[0]);
      let at = 0;
      for (const [from, to] of covered) {
        if (from !== at) break;
        at = to;
      }
      if (at !== p0.totalBlocks) {
        const N = p0.shard.count;
        const have = new Set(list.map((p) => p.shard.index));
        const missing = Array.from({ length: N }, (_, i) => i).filter((i) => !have.has(i)).map((i) => `${i + 1}/${N}`);
        throw new ConfigError(
          "merge",
          "",
          `cell ${p0.cellIndex + 1} (${p0.cell.design.name} on ${p0.cell.scenario.name}) is incomplete: blocks up to ${at} of ${p0.totalBlocks}; missing shards: ${listOf(missing)}`,
        );
      }
    }
    const accs = p0.cell.scenario.curves.map(() => new Float64Array(p0.layoutLength));
    for (const p of list) p.accs.forEach((a, i) => mergeInto(accs[i], Float64Array.from(a)));
    const scenario = p0.cell.scenario;
    const design = buildDesign(p0.cell.design, scenario.ladder.doses.length);
    const L = layoutFor(design, p0.sweep.maxCohorts);
    const mc = p0.method === "monte-carlo";
    const T = timedLayout(L); // calendar-time cells carry the timing statistics after the untimed layout
    const result: RunResult = {
      ...resultHeader({ config: p0.cell.design, scenario }),
      method: p0.method,
      trials: mc ? p0.sweep.trials : null,
      seed: mc ? p0.sweep.seed : null,
      generator: mc ? GENERATOR : null,
      blockSize: mc ? BLOCK_SIZE : null,
      ...(mc || p0.exactStates === null ? {} : { exactStates: p0.exactStates }),
      curves: accs.map((acc, i) =>
        summarize(acc, L, {
          name: scenario.curves[i].name,
          truth: scenario.curves[i].truth,
          trueMtd: trueMtd(scenario.curves[i].truth, scenario.target),
          metricNames: design.metrics,
          method: p0.method,
          target: scenario.target ?? null,
        }),
      )
        .map((c, i) => (p0.layoutLength === T.length ? { ...c, timing: summarizeTiming(accs[i], T) } : c))
        // a design's final-state phase (efficacy-expansion): its block, as run writes it
        .map((c, i) => ({ ...c, ...finalStateBlock(design, accs[i], L, scenario.curves[i], mc) })),
    };
    cells.push({ index: p0.cellIndex, key, params: p0.cell.params, result });
  }
  cells.sort((a, b) => a.index - b.index);
  // a cell computed whole by one shard (exact) is absent, not incomplete, when that shard is missing
  if (sweep.cellCount !== undefined && cells.length < sweep.cellCount) {
    const have = new Set(cells.map((c) => c.index));
    const N = first.shard.count;
    const missing = Array.from({ length: sweep.cellCount }, (_, i) => i).filter((i) => !have.has(i));
    const shards = [...new Set(missing.map((i) => `${(i % N) + 1}/${N}`))];
    const why = N === 1 ? "the sweep has not finished: run it again to resume" : `missing shards: ${listOf(shards)}`;
    throw new ConfigError("merge", "", `${missing.length} of the sweep's ${sweep.cellCount} cells are missing (cells ${listOf(missing.map((i) => String(i + 1)))}); ${why}`);
  }
  return { doseladder: VERSION, sweep: sweep.name, trials: sweep.trials, seed: sweep.seed, gridKeys: sweep.gridKeys, cells };
}

/** Whether any cell of the sweep ran in calendar time (then the long table has the timing columns). */
export function sweepTimed(s: SweepResult): boolean {
  return s.cells.some((c) => c.result.curves.some((k) => k.timing !== undefined));
}

/** Whether any cell has an efficacy block (efficacy-expansion): then the long table has the efficacy columns. */
export function sweepEfficacy(s: SweepResult): boolean {
  return s.cells.some((c) => c.result.curves.some((k) => k.efficacy !== undefined));
}

/**
 * Column names of the sweep's long table: `run --format csv`'s, with timed cells its timing
 * columns (TIMING_CSV_COLUMNS, empty on the rows of untimed cells), and with efficacy-expansion
 * cells the efficacy columns (EFFICACY_CSV_COLUMNS, empty on the rows of other cells), as `run`.
 */
export function sweepColumns(s: SweepResult): string[] {
  return ["cell", ...s.gridKeys, ...CSV_COLUMNS, ...(sweepTimed(s) ? TIMING_CSV_COLUMNS : []), ...(sweepEfficacy(s) ? EFFICACY_CSV_COLUMNS : [])];
}

/** The long table's rows (one per cell × curve × dose, plus a no-MTD row per cell × curve). */
export function sweepRows(s: SweepResult): unknown[][] {
  const timed = sweepTimed(s);
  const efficacy = sweepEfficacy(s);
  return s.cells.flatMap((c) => {
    const perCurve = c.result.ladder.doses.length + 1;
    return csvRows(c.result).map((row, i) => [
      c.index + 1,
      ...s.gridKeys.map((k) => c.params[k] ?? null),
      ...row,
      ...(timed ? timingCsvValues(c.result.curves[Math.floor(i / perCurve)].timing, i % perCurve) : []),
      ...(efficacy ? efficacyCsvValues(c.result.curves[Math.floor(i / perCurve)].efficacy, i % perCurve) : []),
    ]);
  });
}

export function sweepCsv(s: SweepResult): string {
  return [sweepColumns(s).join(","), ...sweepRows(s).map((r) => r.map(csvField).join(","))].join("\n") + "\n";
}

export function sweepJson(s: SweepResult): string {
  const cols = sweepColumns(s);
  const rows = sweepRows(s).map((r) => Object.fromEntries(cols.map((c, i) => [c, r[i] ?? null])));
  return JSON.stringify({ ...s, rows }, null, 2) + "\n";
}
