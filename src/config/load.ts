/**
 * Read a design or scenario file, fill in defaults, validate, and return a frozen typed
 * object. Nothing after this re-checks: every error names the file and the field.
 */
import { readFileSync } from "node:fs";
import { DESIGNS, MODIFIERS, type DesignEntry } from "../designs/index.js";
import { pipe, type Design } from "../designs/design.js";
import { ConfigError, describeFsError, messages } from "./messages.js";
import { resolveParams } from "./params.js";
import { parseConduct, parseTiming } from "./timing.js";
import type { Curve, DesignConfig, Dose, Ladder, ScenarioConfig, TypedBlock } from "./types.js";
import { ASSOCIATION_MODELS, INDEPENDENT, associationProblem, type Association, type AssociationModel } from "../model/joint.js";

type Json = Record<string, unknown>;

/** 1-based line and column of a character offset. */
function lineColumn(text: string, offset: number): string {
  let line = 1;
  let col = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      col = 1;
    } else col++;
  }
  return `line ${line}, column ${col}`;
}

/**
 * Scan JSON text (outside strings) for what JSON.parse hides or words badly: the first token that is
 * not JSON (NaN, Infinity, a single quote...) and the first number literal too large to be finite
 * (1e309, which JSON.parse turns into Infinity), with the field path of that number.
 */
function scanJson(text: string): { bad?: { offset: number; token: string }; nonFinite?: { offset: number; literal: string; field: string } } {
  type Frame = { array: boolean; key: string; index: number };
  const stack: Frame[] = [];
  let lastString = "";
  const field = () =>
    stack
      .map((f, i) => (f.array ? `[${f.index}]` : i === 0 ? f.key : `.${f.key}`))
      .join("");
  const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      lastString = text.slice(i + 1, j);
      i = j + 1;
    } else if (c === " " || c === "\t" || c === "\n" || c === "\r") i++;
    else if (c === "{" || c === "[") {
      stack.push({ array: c === "[", key: "", index: 0 });
      i++;
    } else if (c === "}" || c === "]") {
      stack.pop();
      i++;
    } else if (c === ":") {
      if (stack.length > 0) stack[stack.length - 1].key = lastString;
      i++;
    } else if (c === ",") {
      if (stack.length > 0 && stack[stack.length - 1].array) stack[stack.length - 1].index++;
      i++;
    } else if (c === "-" || (c >= "0" && c <= "9")) {
      number.lastIndex = i;
      const m = number.exec(text);
      if (!m) return { bad: { offset: i, token: /^[-\w.+]+/.exec(text.slice(i))?.[0] ?? c } };
      if (!Number.isFinite(Number(m[0]))) return { nonFinite: { offset: i, literal: m[0], field: field() } };
      i += m[0].length;
    } else {
      const word = /^[A-Za-z_]\w*/.exec(text.slice(i, i + 40))?.[0];
      if (word === "true" || word === "false" || word === "null") i += word.length;
      else return { bad: { offset: i, token: word ?? c } };
    }
  }
  return {};
}

/** Parse JSON text (a leading UTF-8 byte-order mark is accepted), or throw a one-line ConfigError naming the file and the place. */
export function parseJsonText(raw: string, file: string): unknown {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const bad = scanJson(text).bad;
    if (bad && /^-?(NaN|Infinity)$/.test(bad.token)) {
      throw new ConfigError(file, "", messages.notJson(`${lineColumn(text, bad.offset)}: unexpected ${JSON.stringify(bad.token)}; JSON has no NaN or Infinity, write a number`));
    }
    const at = /at position (\d+)/.exec(msg);
    if (at) {
      const detail = msg.replace(/ in JSON at position \d+.*$/, "").replace(/^./, (x) => x.toLowerCase());
      throw new ConfigError(file, "", messages.notJson(`${lineColumn(text, Number(at[1]))}: ${detail}`));
    }
    if (bad) {
      const why = bad.token === "'" ? "; JSON strings take double quotes" : "";
      throw new ConfigError(file, "", messages.notJson(`${lineColumn(text, bad.offset)}: unexpected ${JSON.stringify(bad.token)}${why}`));
    }
    throw new ConfigError(file, "", messages.notJson(/end of JSON input/.test(msg) ? "the file ends too early" : msg.split("\n")[0]));
  }
  const nonFinite = scanJson(text).nonFinite;
  if (nonFinite) {
    throw new ConfigError(file, nonFinite.field, `${nonFinite.literal} is not a finite number (${lineColumn(text, nonFinite.offset)})`);
  }
  return value;
}

/** Parse a JSON file, or throw a ConfigError naming it. */
export function readJson(file: string): Json {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(file, "", messages.unreadable(code === "EISDIR" ? "it is a folder (EISDIR)" : describeFsError(e)));
  }
  const value = parseJsonText(text, file);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ConfigError(file, "", messages.notObject());
  return value as Json;
}

function checkKeys(obj: Json, allowed: readonly string[], file: string, path: string): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) {
      throw new ConfigError(file, path ? `${path}.${k}` : k, `unknown field; expected one of: ${allowed.join(", ")}`);
    }
  }
}

function optString(obj: Json, key: string, file: string, path = ""): string {
  const v = obj[key];
  if (v === undefined) return "";
  if (typeof v !== "string") throw new ConfigError(file, path + key, `expected a string, got ${JSON.stringify(v)}`);
  return v;
}

function asObject(v: unknown, file: string, field: string): Json {
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    throw new ConfigError(file, field, `expected an object, got ${JSON.stringify(v)}`);
  }
  return v as Json;
}

function typedBlock(raw: unknown, kind: "design" | "modifier", file: string, field: string): TypedBlock {
  const obj = asObject(raw, file, field);
  const registry = kind === "design" ? DESIGNS : MODIFIERS;
  const type = obj.type;
  const entry = typeof type === "string" ? registry.get(type) : undefined;
  if (!entry) throw new ConfigError(file, `${field}.type`, messages.unknownType(kind, type, [...registry.keys()]));
  const rest = { ...obj };
  delete rest.type;
  const params = resolveParams(entry.params, rest, file, field);
  const prepare = (entry as DesignEntry).prepare;
  return Object.freeze({ type: entry.type, params: prepare ? prepare(params, file, field) : params });
}

/**
 * Refuse modifier stacks that cannot do what they say: a modifier given twice (the outer copy
 * would act on the inner one's phase: a second expansion after the first, a review of a review),
 * and an SMC review placed after (outside) an expansion, where a declined review would end the
 * trial without its expansion phase while the reviewed escalation is the one inside.
 */
function checkModifierStack(modifiers: readonly TypedBlock[], file: string): void {
  const first = new Map<string, number>();
  modifiers.forEach((m, i) => {
    const j = first.get(m.type);
    if (j !== undefined) {
      throw new ConfigError(file, `modifiers[${i}]`, `"${m.type}" is already modifiers[${j}]; a modifier can appear once (merge their settings into one)`);
    }
    first.set(m.type, i);
  });
  const expansion = first.get("expansion");
  const smc = first.get("smc-review");
  const eff = first.get("efficacy-expansion");
  if (eff !== undefined && expansion !== undefined) {
    throw new ConfigError(file, `modifiers[${Math.max(eff, expansion)}]`, `"efficacy-expansion" (modifiers[${eff}]) and "expansion" (modifiers[${expansion}]) are two expansion phases; keep one (efficacy-expansion has the toxicity monitoring of expansion: toxMonitor, toxLimit, toxCutoff)`);
  }
  if (eff !== undefined && eff !== modifiers.length - 1) {
    throw new ConfigError(file, `modifiers[${eff}]`, `"efficacy-expansion" must be the last modifier (it follows the whole escalation); move it after modifiers[${modifiers.length - 1}] ("${modifiers[modifiers.length - 1].type}")`);
  }
  if (expansion !== undefined && smc !== undefined && smc > expansion) {
    throw new ConfigError(
      file,
      `modifiers[${smc}]`,
      `"smc-review" comes after "expansion" (modifiers[${expansion}]): the review is of escalation cohorts, and a decline there would end the trial without its expansion phase; put "smc-review" before "expansion"`,
    );
  }
}

/** Validate a parsed design object (from a file or inline JSON). */
export function parseDesignConfig(obj: Json, file: string): DesignConfig {
  checkKeys(obj, ["$schema", "name", "description", "trial", "doses", "design", "modifiers", "conduct"], file, "");
  const doses = obj.doses;
  if (doses !== undefined && (typeof doses !== "number" || !Number.isInteger(doses) || doses < 1)) {
    throw new ConfigError(file, "doses", `expected an integer >= 1, got ${JSON.stringify(doses)}`);
  }
  if (obj.design === undefined) throw new ConfigError(file, "design", "is required (an object with a \"type\")");
  const design = typedBlock(obj.design, "design", file, "design");
  const mods = obj.modifiers ?? [];
  if (!Array.isArray(mods)) throw new ConfigError(file, "modifiers", `expected an array, got ${JSON.stringify(mods)}`);
  const modifiers = mods.map((m, i) => typedBlock(m, "modifier", file, `modifiers[${i}]`));
  checkModifierStack(modifiers, file);
  const config: DesignConfig = Object.freeze({
    file,
    name: optString(obj, "name", file) || file,
    description: optString(obj, "description", file),
    trial: optString(obj, "trial", file),
    doses: doses as number | undefined,
    design,
    modifiers: Object.freeze(modifiers),
    ...(obj.conduct !== undefined ? { conduct: parseConduct(obj.conduct, file) } : {}),
  });
  // Build once now so that semantic errors (e.g. inconsistent thresholds) surface at the door.
  buildDesign(config, config.doses ?? 3);
  return config;
}

/** Load and validate a design file. */
export function loadDesign(file: string): DesignConfig {
  return parseDesignConfig(readJson(file), file);
}

/**
 * Build the design a config describes, for a ladder of `numDoses` doses.
 * @throws ConfigError when the config names a different number of doses or its values are inconsistent.
 */
export function buildDesign(config: DesignConfig, numDoses: number): Design {
  if (config.doses !== undefined && config.doses !== numDoses) {
    throw new ConfigError(config.file, "doses", messages.doseCountMismatch(config.doses, numDoses));
  }
  let design: Design;
  try {
    design = DESIGNS.get(config.design.type)!.build(config.design.params, numDoses);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(config.file, "design", (e as Error).message);
  }
  return pipe(
    design,
    ...config.modifiers.map((m, i) => (inner: Design) => {
      try {
        return MODIFIERS.get(m.type)!.apply(inner, m.params);
      } catch (e) {
        throw new ConfigError(config.file, `modifiers[${i}]`, (e as Error).message);
      }
    }),
  );
}

function parseLadder(raw: unknown, file: string): Ladder {
  const obj = asObject(raw, file, "ladder");
  checkKeys(obj, ["unit", "doses"], file, "ladder");
  const unit = optString(obj, "unit", file, "ladder.");
  if (!Array.isArray(obj.doses) || obj.doses.length === 0) {
    throw new ConfigError(file, "ladder.doses", `expected a non-empty array of doses, got ${JSON.stringify(obj.doses)}`);
  }
  const doses: Dose[] = obj.doses.map((d, i) => {
    const field = `ladder.doses[${i}]`;
    if (typeof d === "number") return { label: String(d), amount: d };
    const o = asObject(d, file, field);
    checkKeys(o, ["label", "amount"], file, field);
    if (o.amount !== undefined && (typeof o.amount !== "number" || !(o.amount > 0))) {
      throw new ConfigError(file, `${field}.amount`, `expected a positive number, got ${JSON.stringify(o.amount)}`);
    }
    const label = optString(o, "label", file, `${field}.`) || (o.amount !== undefined ? String(o.amount) : `D${i + 1}`);
    return Object.freeze({ label, amount: o.amount as number | undefined });
  });
  return Object.freeze({ unit, doses: Object.freeze(doses) });
}

/** Check a truth curve; returns a frozen copy. */
export function parseTruth(raw: unknown, numDoses: number, file: string, field: string): readonly number[] {
  if (!Array.isArray(raw)) throw new ConfigError(file, field, `expected an array of probabilities, got ${JSON.stringify(raw)}`);
  if (raw.length !== numDoses) throw new ConfigError(file, field, messages.curveLength(raw.length, numDoses));
  raw.forEach((p, i) => {
    if (typeof p !== "number" || !Number.isFinite(p) || p < 0 || p > 1) {
      throw new ConfigError(file, `${field}[${i}]`, `expected a probability in [0, 1], got ${JSON.stringify(p)}`);
    }
  });
  return Object.freeze([...(raw as number[])]);
}

/** Check a DLT-response association block; returns a frozen copy. */
export function parseAssociation(raw: unknown, file: string, field: string): Association {
  const o = asObject(raw, file, field);
  checkKeys(o, ["model", "value"], file, field);
  if (typeof o.model !== "string" || !(ASSOCIATION_MODELS as readonly string[]).includes(o.model)) {
    throw new ConfigError(file, `${field}.model`, `expected one of ${ASSOCIATION_MODELS.join(", ")}, got ${JSON.stringify(o.model)}`);
  }
  const model = o.model as AssociationModel;
  if (model === "independent") {
    if (o.value !== undefined) throw new ConfigError(file, `${field}.value`, "model \"independent\" takes no value");
    return INDEPENDENT;
  }
  if (o.value === undefined) throw new ConfigError(file, `${field}.value`, `is required for model "${model}"`);
  if (typeof o.value !== "number" || !Number.isFinite(o.value)) throw new ConfigError(file, `${field}.value`, `expected a finite number, got ${JSON.stringify(o.value)}`);
  const a: Association = Object.freeze({ model, value: o.value });
  const problem = associationProblem(a);
  if (problem !== undefined) throw new ConfigError(file, `${field}.value`, problem.replace(/^value: /, ""));
  return a;
}

/** True when the curve never decreases with dose. */
export function isMonotone(truth: readonly number[]): boolean {
  for (let i = 1; i < truth.length; i++) if (truth[i] < truth[i - 1]) return false;
  return true;
}

/** Validate a parsed scenario object. */
export function parseScenarioConfig(obj: Json, file: string): ScenarioConfig {
  checkKeys(obj, ["$schema", "name", "description", "trial", "ladder", "target", "curves", "association", "timing"], file, "");
  if (obj.ladder === undefined) throw new ConfigError(file, "ladder", "is required");
  const ladder = parseLadder(obj.ladder, file);
  const K = ladder.doses.length;
  const target = obj.target;
  if (target !== undefined && (typeof target !== "number" || !(target > 0 && target < 1))) {
    throw new ConfigError(file, "target", `expected a probability in (0, 1), got ${JSON.stringify(target)}`);
  }
  if (!Array.isArray(obj.curves) || obj.curves.length === 0) {
    throw new ConfigError(file, "curves", `expected a non-empty array of curves, got ${JSON.stringify(obj.curves)}`);
  }
  const warnings: string[] = [];
  const names = new Set<string>();
  const fileAssociation = obj.association === undefined ? INDEPENDENT : parseAssociation(obj.association, file, "association");
  const curves: Curve[] = obj.curves.map((c, i) => {
    const field = `curves[${i}]`;
    const o = asObject(c, file, field);
    checkKeys(o, ["name", "description", "truth", "response", "association"], file, field);
    if (typeof o.name !== "string" || o.name === "") throw new ConfigError(file, `${field}.name`, `expected a non-empty string, got ${JSON.stringify(o.name)}`);
    if (names.has(o.name)) throw new ConfigError(file, `${field}.name`, `duplicate curve name "${o.name}"`);
    names.add(o.name);
    const truth = parseTruth(o.truth, K, file, `${field}.truth`);
    if (!isMonotone(truth)) warnings.push(messages.nonMonotone(file, o.name));
    const response = o.response === undefined ? undefined : parseTruth(o.response, K, file, `${field}.response`);
    const association = o.association === undefined ? fileAssociation : parseAssociation(o.association, file, `${field}.association`);
    return Object.freeze({
      name: o.name,
      description: optString(o, "description", file, `${field}.`),
      truth,
      ...(response !== undefined ? { response } : {}),
      association,
    });
  });
  return Object.freeze({
    file,
    name: optString(obj, "name", file) || file,
    description: optString(obj, "description", file),
    trial: optString(obj, "trial", file),
    ladder,
    target: target as number | undefined,
    curves: Object.freeze(curves),
    warnings: Object.freeze(warnings),
    ...(obj.timing !== undefined ? { timing: parseTiming(obj.timing, file) } : {}),
  });
}

/** Load and validate a scenario file. */
export function loadScenario(file: string): ScenarioConfig {
  return parseScenarioConfig(readJson(file), file);
}

export { trueMtd } from "../model/truth.js";
