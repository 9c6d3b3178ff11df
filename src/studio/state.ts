/**
 * The studio's state: the design and scenario JSON as the user edits them (saved as they are),
 * their file names, the curve shown and the run settings; and how it travels in the URL
 * fragment (`#s=` + base64url of the UTF-8 JSON), so a link reproduces the view. Nothing here
 * touches the page: these are pure functions, tested in Node.
 */
import { DEFAULT_SETTINGS, type RunSettings } from "./compute.js";

export type Json = Record<string, unknown>;

export interface StudioState {
  design: Json;
  designFile: string;
  scenario: Json;
  scenarioFile: string;
  /** Index of the curve whose charts are shown. */
  curve: number;
  settings: RunSettings;
  /** Designs compared with the edited one on the same scenario (at most MAX_COMPARED), as opened. */
  compare?: ComparedDesign[];
  /** Files other than JSON opened in the page (name -> text): a table design's CSV. */
  files?: Record<string, string>;
}

/** A design compared side by side with the edited one: its JSON as opened, and its file name. */
export interface ComparedDesign {
  design: Json;
  designFile: string;
}

/** The edited design and at most three others: four designs side by side. */
export const MAX_COMPARED = 3;

const FRAGMENT_KEY = "s=";

function toBase64Url(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The URL fragment (without "#") that encodes `state`. */
export function encodeState(state: StudioState): string {
  const payload = { v: 1, d: state.design, df: state.designFile, s: state.scenario, sf: state.scenarioFile, c: state.curve, r: state.settings, ...(state.compare && state.compare.length > 0 ? { k: state.compare.map((x) => ({ d: x.design, df: x.designFile })) } : {}), ...(state.files && Object.keys(state.files).length > 0 ? { f: state.files } : {}) };
  return FRAGMENT_KEY + toBase64Url(new TextEncoder().encode(JSON.stringify(payload)));
}

/** The state a fragment encodes (with or without "#"), or undefined when it encodes none. */
export function decodeState(fragment: string): StudioState | undefined {
  const f = fragment.replace(/^#/, "");
  if (!f.startsWith(FRAGMENT_KEY)) return undefined;
  try {
    const p = JSON.parse(new TextDecoder().decode(fromBase64Url(f.slice(FRAGMENT_KEY.length)))) as Record<string, unknown>;
    const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
    if (p.v !== 1 || !isObj(p.d) || !isObj(p.s) || typeof p.df !== "string" || typeof p.sf !== "string") return undefined;
    const r = isObj(p.r) ? p.r : {};
    const settings = Object.fromEntries(
      Object.entries(DEFAULT_SETTINGS).map(([k, def]) => [k, typeof r[k] === "string" ? (r[k] as string) : def]),
    ) as unknown as RunSettings;
    const compare = Array.isArray(p.k)
      ? p.k.filter((x): x is Json => isObj(x) && isObj(x.d) && typeof x.df === "string").slice(0, MAX_COMPARED).map((x) => ({ design: x.d as Json, designFile: x.df as string }))
      : [];
    const files = isObj(p.f) ? Object.fromEntries(Object.entries(p.f).filter((e): e is [string, string] => typeof e[1] === "string")) : {};
    return { design: p.d, designFile: p.df, scenario: p.s, scenarioFile: p.sf, curve: typeof p.c === "number" && Number.isInteger(p.c) && p.c >= 0 ? p.c : 0, settings, ...(compare.length > 0 ? { compare } : {}), ...(Object.keys(files).length > 0 ? { files } : {}) };
  } catch {
    return undefined;
  }
}

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * The JSON value a number field's text stands for: undefined when empty (the field is left out
 * of the file, so its default applies), a number when the text is one, and otherwise the text
 * itself, so that the loader says what the CLI says of that file ("expected a number, got "x"").
 */
export function parseNumberText(text: string): unknown {
  const t = text.trim();
  if (t === "") return undefined;
  if (NUMBER.test(t)) {
    const x = Number(t);
    if (Number.isFinite(x)) return x;
  }
  return t;
}

/** A list field ("0.05, 0.1, 0.25"): undefined when empty, else each item as parseNumberText reads it. */
export function parseListText(text: string): unknown {
  const t = text.trim();
  if (t === "") return undefined;
  if (t.startsWith("[")) {
    try {
      return JSON.parse(t) as unknown;
    } catch {
      return t;
    }
  }
  return t.split(/[,\s]+/).filter((x) => x !== "").map((x) => parseNumberText(x));
}

/** How a value shows in a text field: numbers as JavaScript writes them, lists comma-separated, objects as JSON. */
export function formatValue(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === "number" || typeof x === "string")) return v.join(", ");
  return JSON.stringify(v);
}

/** The last path segment of a file name ("designs/sys6020.json" -> "sys6020.json"). */
export function baseName(file: string): string {
  return file.replace(/^.*[\\/]/, "") || file;
}

/** The JSON text a saved file holds: what `doseladder run` reads back to the same values. */
export function fileText(value: Json): string {
  return JSON.stringify(value, null, 2) + "\n";
}

/**
 * The field path of a problem mapped to the nearest field the page shows: "modifiers[0].q"
 * itself when `has` knows it, else its parents ("curves[2].truth[1]" -> "curves[2].truth" ->
 * "curves[2]" -> "curves"), else "".
 */
export function nearestField(field: string, has: (f: string) => boolean): string {
  let f = field;
  while (f !== "") {
    if (has(f)) return f;
    const cut = Math.max(f.lastIndexOf("."), f.lastIndexOf("["));
    f = cut > 0 ? f.slice(0, cut) : "";
  }
  return "";
}

/** Classify an opened JSON file by its top-level keys. */
export function fileKind(value: unknown): "design" | "scenario" | "sweep" | "unknown" {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "unknown";
  const o = value as Json;
  if ("designs" in o && "scenarios" in o) return "sweep";
  if ("design" in o) return "design";
  if ("ladder" in o || "curves" in o) return "scenario";
  return "unknown";
}
