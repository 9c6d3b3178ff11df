/**
 * Combining a sweep's partial files (from one directory or the shards of many) into its
 * results: one RunResult per cell and a long-format table with a column per grid parameter.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { buildDesign, trueMtd } from "../config/load.js";
import { ConfigError } from "../config/messages.js";
import { layoutFor } from "../engine/monte-carlo.js";
import { resultHeader, type RunResult } from "../engine/run.js";
import { mergeInto } from "../engine/accumulator.js";
import { GENERATOR } from "../random/stream.js";
import { BLOCK_SIZE } from "../engine/monte-carlo.js";
import { summarize } from "../report/summary.js";
import { timedLayout } from "../engine/timed.js";
import { summarizeTiming } from "../report/timing.js";
import { CSV_COLUMNS, csvField, csvRows } from "../report/csv.js";
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

/** Read every partial file under `dirs` (their cells/ folders). */
export function readPartials(dirs: readonly string[]): PartialFile[] {
  const out: PartialFile[] = [];
  for (const dir of dirs) {
    const cellsDir = join(dir, "cells");
    let names: string[];
    try {
      names = readdirSync(cellsDir);
    } catch {
      throw new ConfigError(dir, "", "no cells/ folder here: not a sweep output directory");
    }
    for (const name of names.filter((n) => n.startsWith("cell-") && n.endsWith(".json")).sort()) {
      const path = join(cellsDir, name);
      let p: PartialFile;
      try {
        p = JSON.parse(readFileSync(path, "utf8")) as PartialFile;
      } catch (e) {
        throw new ConfigError(path, "", `not a valid partial file (${(e as Error).message})`);
      }
      if (p.doseladderSweepPartial !== 1) throw new ConfigError(path, "", "not a doseladder sweep partial file");
      out.push(p);
    }
  }
  return out;
}

/** Merge partials into per-cell results. Throws when a cell's shards are missing or inconsistent. */
export function mergePartials(partials: readonly PartialFile[]): SweepResult {
  if (partials.length === 0) throw new ConfigError("merge", "", "no partial files found");
  const byKey = new Map<string, PartialFile[]>();
  for (const p of partials) {
    const list = byKey.get(p.key) ?? [];
    // the same shard found twice (e.g. the same directory given twice) counts once
    if (!list.some((q) => q.shard.index === p.shard.index && q.shard.count === p.shard.count)) list.push(p);
    byKey.set(p.key, list);
  }
  const first = partials[0].sweep;
  const cells: SweepCellResult[] = [];
  for (const [key, list] of byKey) {
    list.sort((a, b) => a.shard.index - b.shard.index);
    const p0 = list[0];
    if (p0.sweep.name !== first.name || p0.sweep.seed !== first.seed || p0.sweep.trials !== first.trials) {
      throw new ConfigError("merge", "", `partials from different sweeps ("${first.name}" and "${p0.sweep.name}")`);
    }
    if (p0.method === "monte-carlo") {
      const covered = list.map((p) => p.blocks!).sort((a, b) => a[0] - b[0]);
      let at = 0;
      for (const [from, to] of covered) {
        if (from !== at) break;
        at = to;
      }
      if (at !== p0.totalBlocks) {
        throw new ConfigError("merge", "", `cell ${p0.cellIndex} (${p0.cell.design.name} on ${p0.cell.scenario.name}) is incomplete: blocks up to ${at} of ${p0.totalBlocks}; missing shards`);
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
        }),
      ).map((c, i) => (p0.layoutLength === T.length ? { ...c, timing: summarizeTiming(accs[i], T) } : c)),
    };
    cells.push({ index: p0.cellIndex, key, params: p0.cell.params, result });
  }
  cells.sort((a, b) => a.index - b.index);
  return { doseladder: VERSION, sweep: first.name, trials: first.trials, seed: first.seed, gridKeys: first.gridKeys, cells };
}

/** Column names of the sweep's long table. */
export function sweepColumns(s: SweepResult): string[] {
  return ["cell", ...s.gridKeys, ...CSV_COLUMNS];
}

/** The long table's rows (one per cell × curve × dose, plus a no-MTD row per cell × curve). */
export function sweepRows(s: SweepResult): unknown[][] {
  return s.cells.flatMap((c) => csvRows(c.result).map((row) => [c.index + 1, ...s.gridKeys.map((k) => c.params[k] ?? null), ...row]));
}

export function sweepCsv(s: SweepResult): string {
  return [sweepColumns(s).join(","), ...sweepRows(s).map((r) => r.map(csvField).join(","))].join("\n") + "\n";
}

export function sweepJson(s: SweepResult): string {
  const cols = sweepColumns(s);
  const rows = sweepRows(s).map((r) => Object.fromEntries(cols.map((c, i) => [c, r[i] ?? null])));
  return JSON.stringify({ ...s, rows }, null, 2) + "\n";
}
