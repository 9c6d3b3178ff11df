/**
 * Opening a sweep file in the studio: its first cell (as `doseladder sweep` expands it: the first
 * design, the first value of every grid key that applies to it, the first scenario with its chosen
 * curves) with the sweep's run settings. A page cannot read the paths a sweep names, so each is
 * looked up by `find` (files opened with the sweep, then the examples in the page).
 */
import { applySetting } from "../sweep/apply.js";
import type { RunSettings } from "./compute.js";
import type { Json } from "./state.js";

/** A file the page has: its JSON and the name it goes by. */
export interface Found {
  readonly value: Json;
  readonly file: string;
}

export interface SweepCell {
  readonly design: Json;
  readonly designFile: string;
  readonly scenario: Json;
  readonly scenarioFile: string;
  readonly settings: Partial<RunSettings>;
  /** What was loaded, in one sentence. */
  readonly said: string;
}

const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** A sweep's relative path without its leading "./" and "../" ("../../designs/a.json" -> "designs/a.json"). */
export function sweepPath(path: string): string {
  return path.replace(/\\/g, "/").replace(/^(?:\.\.?\/)+/, "");
}

/**
 * The first cell of `sweep` (the JSON of `sweepFile`), or a message saying what is missing.
 * @param find looks a named file up: (path as the sweep writes it, "design" | "scenario").
 */
export function sweepFirstCell(sweep: Json, sweepFile: string, find: (path: string, kind: "design" | "scenario") => Found | undefined): SweepCell | string {
  const d0 = Array.isArray(sweep.designs) ? sweep.designs[0] : undefined;
  const s0raw = Array.isArray(sweep.scenarios) ? sweep.scenarios[0] : undefined;
  const s0 = typeof s0raw === "string" ? { file: s0raw } : s0raw;
  if (!isObj(d0)) return `${sweepFile}: designs[0]: expected a design file or an inline design`;
  if (!isObj(s0) || typeof s0.file !== "string") return `${sweepFile}: scenarios[0]: expected a scenario file`;
  let design: Json;
  let designFile: string;
  if (typeof d0.file === "string") {
    const f = find(d0.file, "design");
    if (!f) return `${sweepFile}: its first design, ${d0.file}, is not in the page: open it together with the sweep file`;
    design = JSON.parse(JSON.stringify(f.value)) as Json;
    designFile = f.file;
    if (d0.name !== undefined) design.name = d0.name;
  } else {
    design = JSON.parse(JSON.stringify(d0)) as Json;
    designFile = `${sweepFile.replace(/\.json$/, "")}-design-1.json`;
  }
  const found = find(s0.file, "scenario");
  if (!found) return `${sweepFile}: its first scenario, ${s0.file}, is not in the page: open it together with the sweep file`;
  const scenario = JSON.parse(JSON.stringify(found.value)) as Json;
  if (Array.isArray(s0.curves) && Array.isArray(scenario.curves)) {
    const all = scenario.curves as Json[];
    scenario.curves = (s0.curves as unknown[]).map((n) => all.find((c) => c.name === n)).filter((c): c is Json => c !== undefined);
  }
  // the first value of every grid key, where it applies (timing.<param> to the scenario's timing block)
  const applied: string[] = [];
  const grid = isObj(sweep.grid) ? sweep.grid : {};
  for (const [k, vals] of Object.entries(grid)) {
    if (!Array.isArray(vals) || vals.length === 0) continue;
    const v = vals[0] as unknown;
    let hit = false;
    if (k.startsWith("timing.")) {
      if (isObj(scenario.timing)) {
        scenario.timing[k.slice("timing.".length)] = v;
        hit = true;
      }
    } else if (isObj(design.design)) hit = applySetting(design, k, v);
    if (hit) applied.push(`${k}=${JSON.stringify(v)}`);
  }
  const settings: Partial<RunSettings> = {
    ...(typeof sweep.method === "string" ? { method: sweep.method } : {}),
    ...(sweep.trials !== undefined ? { trials: String(sweep.trials) } : {}),
    ...(sweep.seed !== undefined ? { seed: String(sweep.seed) } : {}),
    ...(sweep.maxCohorts !== undefined ? { maxCohorts: String(sweep.maxCohorts) } : {}),
  };
  const curves = Array.isArray(s0.curves) ? ` (curves ${(s0.curves as unknown[]).map((c) => JSON.stringify(c)).join(", ")})` : "";
  const set = Object.entries(settings).map(([k, v]) => `${k} ${v}`);
  const said = `${sweepFile}: opened its first cell: design ${designFile}${applied.length > 0 ? ` with ${applied.join(", ")}` : ""}, scenario ${found.file}${curves}${set.length > 0 ? `; run settings from the sweep: ${set.join(", ")}` : ""}`;
  return { design, designFile, scenario, scenarioFile: found.file, settings, said };
}
