/**
 * Opening a sweep file in the studio: its cells, in the order and with the numbers `doseladder
 * sweep` gives them (src/sweep/plan.ts: design × grid combination, only the keys that apply to the
 * design and duplicate variants dropped, × scenario with its chosen curves), each with the sweep's
 * run settings. A page cannot read the paths a sweep names, so each is looked up by `find` (files
 * opened with the sweep, then the examples in the page). The loader checks a cell when it is
 * computed, as it does any edited file.
 */
import { applySetting, canonical, gridCombos } from "../sweep/apply.js";
import type { RunSettings } from "./compute.js";
import type { Json } from "./state.js";

/** A file the page has: its JSON and the name it goes by. */
export interface Found {
  readonly value: Json;
  readonly file: string;
}

export interface SweepCell {
  /** 0-based; the label counts from 1, as the `cell` column of `doseladder sweep`'s CSV does. */
  readonly index: number;
  readonly design: Json;
  readonly designFile: string;
  readonly scenario: Json;
  readonly scenarioFile: string;
  readonly settings: Partial<RunSettings>;
  /** The cell in a few words: "cell 2 of 6: design designs/x.json with q=0.5, scenario scenarios/y.json". */
  readonly label: string;
  /** What was loaded, in one sentence (for the page's file message). */
  readonly said: string;
}

const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const copy = (v: Json): Json => JSON.parse(JSON.stringify(v)) as Json;

/** A sweep's relative path without its leading "./" and "../" ("../../designs/a.json" -> "designs/a.json"). */
export function sweepPath(path: string): string {
  return path.replace(/\\/g, "/").replace(/^(?:\.\.?\/)+/, "");
}

const ordinal = (i: number, what: string) => (i === 0 ? `its first ${what}` : `its ${what} ${i + 1}`);

/**
 * Every cell of `sweep` (the JSON of `sweepFile`), or a message saying what is missing.
 * @param find looks a named file up: (path as the sweep writes it, "design" | "scenario").
 */
export function sweepCells(sweep: Json, sweepFile: string, find: (path: string, kind: "design" | "scenario") => Found | undefined): SweepCell[] | string {
  if (!Array.isArray(sweep.designs) || sweep.designs.length === 0 || !isObj(sweep.designs[0])) return `${sweepFile}: designs[0]: expected a design file or an inline design`;
  if (!Array.isArray(sweep.scenarios) || sweep.scenarios.length === 0) return `${sweepFile}: scenarios[0]: expected a scenario file`;
  // the designs, as the sweep names them
  const designs: { raw: Json; file: string; source: string }[] = [];
  for (const [i, d] of (sweep.designs as unknown[]).entries()) {
    if (!isObj(d)) return `${sweepFile}: designs[${i}]: expected a design file or an inline design`;
    if (typeof d.file === "string") {
      const f = find(d.file, "design");
      if (!f) return `${sweepFile}: ${ordinal(i, "design")}, ${d.file}, is not in the page: open it together with the sweep file`;
      const raw = copy(f.value);
      if (d.name !== undefined) raw.name = d.name;
      designs.push({ raw, file: f.file, source: f.file });
    } else designs.push({ raw: copy(d), file: `${sweepFile.replace(/\.json$/, "")}-design-${i + 1}.json`, source: `${sweepFile} designs[${i}]` });
  }
  // the scenarios, with the curves the sweep chooses
  const scenarios: { value: Json; file: string; curves?: unknown[] }[] = [];
  for (const [i, raw] of (sweep.scenarios as unknown[]).entries()) {
    const s = typeof raw === "string" ? { file: raw } : raw;
    if (!isObj(s) || typeof s.file !== "string") return `${sweepFile}: scenarios[${i}]: expected a scenario file`;
    const found = find(s.file, "scenario");
    if (!found) return `${sweepFile}: ${ordinal(i, "scenario")}, ${s.file}, is not in the page: open it together with the sweep file`;
    const value = copy(found.value);
    const curves = Array.isArray(s.curves) ? (s.curves as unknown[]) : undefined;
    if (curves && Array.isArray(value.curves)) {
      const all = value.curves as Json[];
      value.curves = curves.map((n) => all.find((c) => c.name === n)).filter((c): c is Json => c !== undefined);
    }
    scenarios.push({ value, file: found.file, curves });
  }
  // every combination of the grid's values, the first key varying slowest (as the sweep)
  const grid = isObj(sweep.grid) ? sweep.grid : {};
  const keys = Object.keys(grid).filter((k) => Array.isArray(grid[k]) && (grid[k] as unknown[]).length > 0);
  const combos = gridCombos(grid, keys);
  const settings: Partial<RunSettings> = {
    ...(typeof sweep.method === "string" ? { method: sweep.method } : {}),
    ...(sweep.trials !== undefined ? { trials: String(sweep.trials) } : {}),
    ...(sweep.seed !== undefined ? { seed: String(sweep.seed) } : {}),
    ...(sweep.maxCohorts !== undefined ? { maxCohorts: String(sweep.maxCohorts) } : {}),
  };
  const set = Object.entries(settings).map(([k, v]) => `${k} ${v}`);
  const made: Omit<SweepCell, "label" | "said">[] = [];
  const words: string[] = [];
  const seen = new Set<string>();
  for (const d of designs) {
    for (const combo of combos) {
      const variant = copy(d.raw);
      const applied: string[] = [];
      for (const [k, v] of Object.entries(combo)) if (!k.startsWith("timing.") && isObj(variant.design) && applySetting(variant, k, v)) applied.push(`${k}=${JSON.stringify(v)}`);
      // as the sweep: variants that differ in timing keys only are different cells even for a scenario without timing
      const timing = Object.fromEntries(Object.entries(combo).filter(([k]) => k.startsWith("timing.")));
      const variantKey = JSON.stringify(canonical({ source: d.source, variant, ...(Object.keys(timing).length > 0 ? { timing } : {}) }));
      if (seen.has(variantKey)) continue;
      seen.add(variantKey);
      for (const s of scenarios) {
        const scenario = copy(s.value);
        const here = [...applied];
        if (isObj(scenario.timing)) {
          for (const [k, v] of Object.entries(timing)) {
            (scenario.timing as Json)[k.slice("timing.".length)] = v;
            here.push(`${k}=${JSON.stringify(v)}`);
          }
        }
        const curves = s.curves ? ` (curves ${s.curves.map((c) => JSON.stringify(c)).join(", ")})` : "";
        words.push(`design ${d.file}${here.length > 0 ? ` with ${here.join(", ")}` : ""}, scenario ${s.file}${curves}`);
        made.push({ index: made.length, design: copy(variant), designFile: d.file, scenario, scenarioFile: s.file, settings });
      }
    }
  }
  const n = made.length;
  return made.map((c, i) => {
    const opened = i === 0 ? "opened its first cell" : `opened cell ${i + 1} of ${n}`;
    return { ...c, label: `cell ${i + 1} of ${n}: ${words[i]}`, said: `${sweepFile}: ${opened}: ${words[i]}${set.length > 0 ? `; run settings from the sweep: ${set.join(", ")}` : ""}` };
  });
}

/** The first cell of `sweep`, or a message saying what is missing (see {@link sweepCells}). */
export function sweepFirstCell(sweep: Json, sweepFile: string, find: (path: string, kind: "design" | "scenario") => Found | undefined): SweepCell | string {
  const cells = sweepCells(sweep, sweepFile, find);
  return typeof cells === "string" ? cells : cells[0];
}
