/**
 * Sweep files: a grid of designs × parameter settings × scenarios, expanded into cells.
 * A cell is one design variant on one scenario (all its chosen curves); its key is a hash of
 * everything that determines its result, so finished cells can be recognised and skipped.
 */
import { createHash } from "node:crypto";
import { dirname, resolve } from "node:path";
import { DESIGNS, MODIFIERS } from "../designs/index.js";
import { buildDesign, loadDesign, loadScenario, parseDesignConfig, readJson } from "../config/load.js";
import { ConfigError, LIMITS, messages } from "../config/messages.js";
import type { DesignConfig, ScenarioConfig } from "../config/types.js";
import { blockValues, CONDUCT_PARAMS, parseTiming, TIMING_PARAMS } from "../config/timing.js";
import { applySetting, canonical, gridCombos } from "./apply.js";

/** How a cell is computed. */
export type SweepMethod = "auto" | "exact" | "monte-carlo";

/** One cell of a sweep. */
export interface Cell {
  /** Position in the sweep (stable for a given file). */
  readonly index: number;
  /** Hash of everything that determines the cell's result. */
  readonly key: string;
  readonly design: DesignConfig;
  /** The grid values applied to this design variant, by grid key (absent keys: not applicable). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly scenario: ScenarioConfig;
}

/** A validated, expanded sweep. */
export interface SweepPlan {
  readonly file: string;
  readonly name: string;
  readonly trials: number;
  readonly seed: string;
  readonly method: SweepMethod;
  readonly maxCohorts: number;
  /** Hash of the whole expanded sweep (every cell's key, in order): two plans with the same id give the same results. */
  readonly id: string;
  /** The grid keys, in file order (the output's parameter columns). */
  readonly gridKeys: readonly string[];
  readonly cells: readonly Cell[];
}

type Json = Record<string, unknown>;

function fail(file: string, field: string, problem: string): never {
  throw new ConfigError(file, field, problem);
}


/** Check a calendar-time grid key ("timing.<param>" or "conduct.<param>") names a parameter. */
function checkTimedKey(file: string, key: string): void {
  const [block, specs] = key.startsWith("timing.") ? ["timing", TIMING_PARAMS] : key.startsWith("conduct.") ? ["conduct", CONDUCT_PARAMS] : [undefined, []];
  if (block === undefined) return;
  const param = key.slice(block.length + 1);
  if (!specs.some((p) => p.name === param)) fail(file, `grid.${key}`, `unknown ${block} parameter "${param}"; expected one of: ${specs.map((p) => p.name).join(", ")}`);
}

/** The scenario with the combination's "timing.<param>" values applied (scenarios without a timing block are left alone). */
function timedScenario(file: string, scenario: ScenarioConfig, combo: Record<string, unknown>): { scenario: ScenarioConfig; applied: Record<string, unknown> } {
  const entries = Object.entries(combo).filter(([k]) => k.startsWith("timing."));
  if (entries.length === 0 || !scenario.timing) return { scenario, applied: {} };
  const raw: Json = { ...blockValues(scenario.timing) };
  if ((raw.infusionShares as unknown[]).length === 0) delete raw.infusionShares; // the default (equal shares) cannot be written as []
  for (const [k, v] of entries) raw[k.slice("timing.".length)] = v;
  try {
    return { scenario: { ...scenario, timing: parseTiming(raw, scenario.file) }, applied: Object.fromEntries(entries) };
  } catch (e) {
    return fail(file, "grid", `${(e as Error).message} (with ${entries.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ")})`);
  }
}

/**
 * A design with a final-state phase (efficacy-expansion) needs response rates on every curve of
 * the scenario (and a calendar-time form for timed cells): refuse, naming the sweep file and the design, before any cell runs.
 */
function checkFinalStatePhase(file: string, field: string, config: DesignConfig, scenario: ScenarioConfig): void {
  const phase = buildDesign(config, scenario.ladder.doses.length).finalStateOc;
  if (!phase) return;
  if ((scenario.timing !== undefined || config.conduct !== undefined) && !phase.timed) {
    fail(file, field, `design "${config.name}" has ${phase.label}, which is computed from the escalation's final state and has no calendar time yet; sweep it over scenarios without a timing block (${scenario.file} has one) and without a conduct block in the design`);
  }
  scenario.curves.forEach((c) => {
    try {
      phase.forCurve(c);
    } catch (e) {
      fail(file, field, `design "${config.name}" has ${phase.label}, but curve "${c.name}" of ${scenario.file} ${(e as Error).message}`);
    }
  });
}

/** Load, validate and expand a sweep file. */
export function loadSweep(file: string): SweepPlan {
  const obj = readJson(file);
  const base = dirname(file);
  const allowed = ["$schema", "name", "description", "trials", "seed", "method", "maxCohorts", "designs", "grid", "scenarios"];
  for (const k of Object.keys(obj)) if (!allowed.includes(k)) fail(file, k, `unknown field; expected one of: ${allowed.join(", ")}`);
  const trials = obj.trials ?? 10000;
  if (typeof trials !== "number" || !Number.isInteger(trials) || trials < 1) fail(file, "trials", `expected a positive integer, got ${JSON.stringify(trials)}`);
  if (trials > LIMITS.trials) fail(file, "trials", messages.tooMany("trials", "trials per curve", LIMITS.trials, trials).replace(/^trials: /, ""));
  const seed = obj.seed ?? "1";
  if (typeof seed !== "string" && typeof seed !== "number") fail(file, "seed", `expected a string, got ${JSON.stringify(seed)}`);
  const method = obj.method ?? "auto";
  if (!["auto", "exact", "monte-carlo"].includes(method as string)) fail(file, "method", `expected one of auto, exact, monte-carlo, got ${JSON.stringify(method)}`);
  const maxCohorts = obj.maxCohorts ?? 1000;
  if (typeof maxCohorts !== "number" || !Number.isInteger(maxCohorts) || maxCohorts < 1) fail(file, "maxCohorts", `expected a positive integer, got ${JSON.stringify(maxCohorts)}`);

  // designs: { "file": "..." } or an inline design object
  if (!Array.isArray(obj.designs) || obj.designs.length === 0) fail(file, "designs", "expected a non-empty array of designs");
  const rawDesigns: { raw: Json; source: string; field: string }[] = obj.designs.map((d, i) => {
    const field = `designs[${i}]`;
    if (typeof d !== "object" || d === null || Array.isArray(d)) fail(file, field, `expected an object, got ${JSON.stringify(d)}`);
    const o = d as Json;
    if (o.file !== undefined) {
      if (typeof o.file !== "string") fail(file, `${field}.file`, `expected a path, got ${JSON.stringify(o.file)}`);
      const path = resolve(base, o.file);
      loadDesign(path); // validates, naming that file
      const raw = readJson(path);
      if (o.name !== undefined) raw.name = o.name;
      return { raw, source: path, field };
    }
    parseDesignConfig(o, `${file} ${field}`);
    return { raw: o, source: `${file} ${field}`, field };
  });

  // grid: { key: [values...] }
  const grid = obj.grid ?? {};
  if (typeof grid !== "object" || grid === null || Array.isArray(grid)) fail(file, "grid", `expected an object of parameter: [values], got ${JSON.stringify(grid)}`);
  const gridKeys = Object.keys(grid as Json);
  for (const k of gridKeys) {
    const vals = (grid as Json)[k];
    if (!Array.isArray(vals) || vals.length === 0) fail(file, `grid.${k}`, `expected a non-empty array of values, got ${JSON.stringify(vals)}`);
    checkTimedKey(file, k);
  }
  const combos = gridCombos(grid as Json, gridKeys);

  // scenarios: { "file": "...", "curves": [names] }
  if (!Array.isArray(obj.scenarios) || obj.scenarios.length === 0) fail(file, "scenarios", "expected a non-empty array of scenarios");
  const scenarios: ScenarioConfig[] = obj.scenarios.map((s, i) => {
    const field = `scenarios[${i}]`;
    const o = (typeof s === "string" ? { file: s } : s) as Json;
    if (typeof o !== "object" || o === null || typeof o.file !== "string") fail(file, field, "expected a scenario file path or { \"file\": ..., \"curves\": [...] }");
    const sc = loadScenario(resolve(base, o.file as string));
    if (o.curves === undefined) return sc;
    if (!Array.isArray(o.curves)) fail(file, `${field}.curves`, "expected an array of curve names");
    const curves = (o.curves as unknown[]).map((name, j) => {
      const c = sc.curves.find((x) => x.name === name);
      if (!c) fail(file, `${field}.curves[${j}]`, `no curve named ${JSON.stringify(name)} in ${sc.file}; it has: ${sc.curves.map((x) => x.name).join(", ")}`);
      return c;
    });
    return { ...sc, curves };
  });

  // every grid key must name a parameter of at least one design (a typo would silently not vary anything)
  const validKeys = new Set<string>();
  for (const { raw } of rawDesigns) {
    const design = raw.design as Json;
    for (const p of DESIGNS.get(String(design.type))?.params ?? []) validKeys.add(p.name);
    for (const m of (raw.modifiers as Json[] | undefined) ?? []) for (const p of MODIFIERS.get(String(m.type))?.params ?? []) validKeys.add(`${m.type}.${p.name}`);
  }
  for (const k of gridKeys) {
    // calendar-time keys are checked against the timing and conduct parameters (checkTimedKey)
    if (validKeys.has(k) || k.startsWith("timing.") || k.startsWith("conduct.")) continue;
    const dot = k.indexOf(".");
    const type = dot >= 0 ? k.slice(0, dot) : "";
    const why = dot >= 0 && MODIFIERS.has(type) && ![...validKeys].some((v) => v.startsWith(`${type}.`))
      ? `no design in the sweep has a "${type}" modifier`
      : "matches no parameter of the sweep's designs";
    fail(file, `grid.${k}`, `${why}; valid keys: ${[...validKeys].join(", ")}, or timing.<param> / conduct.<param> for calendar time`);
  }

  // expand: design × grid combination (only the keys that apply to the design; duplicates dropped) × scenario
  const cells: Cell[] = [];
  const seen = new Set<string>();
  for (const { raw, source, field } of rawDesigns) {
    for (const combo of combos) {
      const variant = JSON.parse(JSON.stringify(raw)) as Json;
      const applied: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(combo)) if (applySetting(variant, k, v)) applied[k] = v;
      const timingCombo = Object.fromEntries(Object.entries(combo).filter(([k]) => k.startsWith("timing.")));
      const variantKey = JSON.stringify(canonical({ source, variant, ...(Object.keys(timingCombo).length > 0 ? { timing: timingCombo } : {}) }));
      if (seen.has(variantKey)) continue;
      seen.add(variantKey);
      let config: DesignConfig;
      try {
        config = parseDesignConfig(variant, source);
      } catch (e) {
        const where = Object.entries(applied).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ");
        fail(file, field, `${(e as Error).message}${where ? ` (with ${where})` : ""}`);
      }
      for (const base of scenarios) {
        const timed = timedScenario(file, base, combo);
        const scenario = timed.scenario;
        const cellParams = { ...applied, ...timed.applied };
        if (config.doses !== undefined && config.doses !== scenario.ladder.doses.length) {
          fail(file, field, `design "${config.name}" is for ${config.doses} doses but ${scenario.file} has ${scenario.ladder.doses.length}`);
        }
        checkFinalStatePhase(file, field, config, scenario);
        const key = createHash("sha256")
          .update(
            JSON.stringify(
              canonical({
                design: { ...config, file: undefined },
                params: cellParams,
                ...(scenario.timing ? { timing: blockValues(scenario.timing) } : {}),
                ladder: scenario.ladder,
                target: scenario.target ?? null,
                // response rates and association only when given, so cells of toxicity-only scenarios keep their keys
                curves: scenario.curves.map((c) => ({ name: c.name, truth: c.truth, ...(c.response ? { response: c.response } : {}), ...(c.association ? { association: c.association } : {}) })),
                trials,
                seed: String(seed),
                method,
                maxCohorts,
              }),
            ),
          )
          .digest("hex")
          .slice(0, 16);
        cells.push(Object.freeze({ index: cells.length, key, design: config, params: Object.freeze(cellParams), scenario }));
      }
    }
  }
  return Object.freeze({
    file,
    name: typeof obj.name === "string" ? obj.name : file,
    trials,
    seed: String(seed),
    method: method as SweepMethod,
    maxCohorts,
    id: createHash("sha256")
      .update(JSON.stringify({ gridKeys, cells: cells.map((c) => c.key) }))
      .digest("hex")
      .slice(0, 16),
    gridKeys: Object.freeze(gridKeys),
    cells: Object.freeze(cells),
  });
}
