/**
 * How a sweep's grid value applies to a design file's JSON, and the canonical form that tells
 * two design variants apart (no Node built-ins here: the studio page uses both, to open a sweep
 * file's cells in the sweep's order).
 */
import { DESIGNS, MODIFIERS } from "../designs/index.js";

type Json = Record<string, unknown>;

/** Apply one grid setting to a raw design object: a design parameter, or "modifier-type.param". */
export function applySetting(raw: Json, key: string, value: unknown): boolean {
  const design = raw.design as Json;
  // calendar time: "conduct.<param>" applies to designs with a conduct block ("timing.<param>" to scenarios, see timedScenario)
  if (key.startsWith("conduct.")) {
    const conduct = raw.conduct as Json | undefined;
    if (!conduct || typeof conduct !== "object") return false;
    conduct[key.slice("conduct.".length)] = value;
    return true;
  }
  if (key.startsWith("timing.")) return false;
  const dot = key.indexOf(".");
  if (dot < 0) {
    const entry = DESIGNS.get(String(design.type));
    if (!entry || !entry.params.some((p) => p.name === key)) return false;
    design[key] = value;
    return true;
  }
  const type = key.slice(0, dot);
  const param = key.slice(dot + 1);
  const mods = (raw.modifiers as Json[] | undefined) ?? [];
  const entry = MODIFIERS.get(type);
  if (!entry || !entry.params.some((p) => p.name === param)) return false;
  let hit = false;
  for (const m of mods) {
    if (m.type === type) {
      m[param] = value;
      hit = true;
    }
  }
  return hit;
}

/** Deep-sort keys so that equal configurations hash equally. */
export function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.keys(v as Json)
        .sort()
        .map((k) => [k, canonical((v as Json)[k])]),
    );
  }
  return v;
}

/** Every combination of the grid's values over `keys`, the first key varying slowest (a sweep's order). */
export function gridCombos(grid: Json, keys: readonly string[]): Record<string, unknown>[] {
  return keys.reduce<Record<string, unknown>[]>((acc, k) => acc.flatMap((c) => (grid[k] as unknown[]).map((v) => ({ ...c, [k]: v }))), [{}]);
}
