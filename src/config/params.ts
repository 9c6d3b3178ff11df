/**
 * Declarative parameter specifications. Each design and modifier lists its parameters once;
 * from that list come validation (with messages naming the file and field), default values,
 * the JSON Schema that `doseladder schema` prints, and the README's tables.
 */
import { ConfigError } from "./messages.js";

/** One parameter of a design or modifier. */
export type ParamSpec =
  | { name: string; kind: "integer"; description: string; min?: number; max?: number; default?: number }
  | { name: string; kind: "number"; description: string; min?: number; max?: number; exclusiveMin?: number; exclusiveMax?: number; default?: number }
  | { name: string; kind: "probability"; description: string; open?: boolean; default?: number }
  | { name: string; kind: "boolean"; description: string; default?: boolean }
  | { name: string; kind: "string"; description: string; default?: string }
  | { name: string; kind: "enum"; description: string; values: readonly string[]; default?: string }
  | { name: string; kind: "probabilities"; description: string; default?: number[] }
  | { name: string; kind: "integers"; description: string; min?: number; default?: number[] }
  | { name: string; kind: "object"; description: string; schema: Record<string, unknown>; default?: unknown };

export type ParamValues = Record<string, unknown>;

function describeValue(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? s.slice(0, 57) + "..." : s;
}

/**
 * Check `raw` against `specs`, fill in defaults, and return a frozen object of resolved values.
 * Unknown keys (other than those in `allowExtra`) are errors.
 * @throws ConfigError naming `file` and `path.field`.
 */
export function resolveParams(
  specs: readonly ParamSpec[],
  raw: Record<string, unknown>,
  file: string,
  path: string,
  allowExtra: readonly string[] = [],
): ParamValues {
  const known = new Set([...specs.map((s) => s.name), ...allowExtra]);
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) {
      throw new ConfigError(file, `${path}.${key}`, `unknown option; expected one of: ${specs.map((s) => s.name).join(", ") || "(none)"}`);
    }
  }
  const out: ParamValues = {};
  for (const spec of specs) {
    const field = `${path}.${spec.name}`;
    const v = raw[spec.name];
    if (v === undefined) {
      if (spec.default === undefined) throw new ConfigError(file, field, "is required");
      out[spec.name] = spec.default;
      continue;
    }
    out[spec.name] = checkValue(spec, v, file, field);
  }
  return Object.freeze(out);
}

function checkValue(spec: ParamSpec, v: unknown, file: string, field: string): unknown {
  const bad = (expected: string): never => {
    throw new ConfigError(file, field, `expected ${expected}, got ${describeValue(v)}`);
  };
  switch (spec.kind) {
    case "integer": {
      if (typeof v !== "number" || !Number.isInteger(v)) bad("an integer");
      const x = v as number;
      if (spec.min !== undefined && x < spec.min) bad(`an integer >= ${spec.min}`);
      if (spec.max !== undefined && x > spec.max) bad(`an integer <= ${spec.max}`);
      return x;
    }
    case "number": {
      if (typeof v !== "number" || !Number.isFinite(v)) bad("a number");
      const x = v as number;
      if (spec.min !== undefined && x < spec.min) bad(`a number >= ${spec.min}`);
      if (spec.max !== undefined && x > spec.max) bad(`a number <= ${spec.max}`);
      if (spec.exclusiveMin !== undefined && x <= spec.exclusiveMin) bad(`a number > ${spec.exclusiveMin}`);
      if (spec.exclusiveMax !== undefined && x >= spec.exclusiveMax) bad(`a number < ${spec.exclusiveMax}`);
      return x;
    }
    case "probability": {
      if (typeof v !== "number" || !Number.isFinite(v)) bad(spec.open ? "a probability in (0, 1)" : "a probability in [0, 1]");
      const x = v as number;
      if (spec.open ? x <= 0 || x >= 1 : x < 0 || x > 1) bad(spec.open ? "a probability in (0, 1)" : "a probability in [0, 1]");
      return x;
    }
    case "boolean":
      if (typeof v !== "boolean") bad("true or false");
      return v;
    case "string":
      if (typeof v !== "string") bad("a string");
      return v;
    case "enum":
      if (typeof v !== "string" || !spec.values.includes(v)) bad(`one of ${spec.values.map((s) => `"${s}"`).join(", ")}`);
      return v;
    case "probabilities": {
      if (!Array.isArray(v) || v.length === 0) bad("a non-empty array of probabilities");
      (v as unknown[]).forEach((x, i) => {
        if (typeof x !== "number" || !Number.isFinite(x) || x < 0 || x > 1) {
          throw new ConfigError(file, `${field}[${i}]`, `expected a probability in [0, 1], got ${describeValue(x)}`);
        }
      });
      return Object.freeze([...(v as number[])]);
    }
    case "integers": {
      if (!Array.isArray(v) || v.length === 0) bad("a non-empty array of integers");
      (v as unknown[]).forEach((x, i) => {
        if (typeof x !== "number" || !Number.isInteger(x) || (spec.min !== undefined && x < spec.min)) {
          throw new ConfigError(file, `${field}[${i}]`, `expected an integer${spec.min !== undefined ? ` >= ${spec.min}` : ""}, got ${describeValue(x)}`);
        }
      });
      return Object.freeze([...(v as number[])]);
    }
    case "object":
      if (typeof v !== "object" || v === null) bad("an object");
      return v;
  }
}

/** JSON Schema for one parameter. */
export function paramSchema(spec: ParamSpec): Record<string, unknown> {
  const s: Record<string, unknown> = { description: spec.description };
  if (spec.default !== undefined) s.default = spec.default;
  switch (spec.kind) {
    case "integer":
      s.type = "integer";
      if (spec.min !== undefined) s.minimum = spec.min;
      if (spec.max !== undefined) s.maximum = spec.max;
      break;
    case "number":
      s.type = "number";
      if (spec.min !== undefined) s.minimum = spec.min;
      if (spec.max !== undefined) s.maximum = spec.max;
      if (spec.exclusiveMin !== undefined) s.exclusiveMinimum = spec.exclusiveMin;
      if (spec.exclusiveMax !== undefined) s.exclusiveMaximum = spec.exclusiveMax;
      break;
    case "probability":
      s.type = "number";
      if (spec.open) {
        s.exclusiveMinimum = 0;
        s.exclusiveMaximum = 1;
      } else {
        s.minimum = 0;
        s.maximum = 1;
      }
      break;
    case "boolean":
      s.type = "boolean";
      break;
    case "string":
      s.type = "string";
      break;
    case "enum":
      s.enum = [...spec.values];
      break;
    case "probabilities":
      s.type = "array";
      s.minItems = 1;
      s.items = { type: "number", minimum: 0, maximum: 1 };
      break;
    case "integers":
      s.type = "array";
      s.minItems = 1;
      s.items = { type: "integer", ...(spec.min !== undefined ? { minimum: spec.min } : {}) };
      break;
    case "object":
      Object.assign(s, spec.schema);
      break;
  }
  return s;
}

/** JSON Schema object for a parameter list plus a `type` discriminator. */
export function paramsObjectSchema(type: string, description: string, specs: readonly ParamSpec[]): Record<string, unknown> {
  const properties: Record<string, unknown> = { type: { const: type, description: "The design or modifier type." } };
  for (const spec of specs) properties[spec.name] = paramSchema(spec);
  const required = ["type", ...specs.filter((s) => s.default === undefined).map((s) => s.name)];
  return { type: "object", description, properties, required, additionalProperties: false };
}
