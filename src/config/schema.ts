/**
 * JSON Schemas for design and scenario files, generated from the registry's parameter lists
 * so they can never drift from what the loader accepts. `doseladder schema design|scenario`
 * prints them; a file's "$schema" key can point an editor at the saved output.
 */
import { DESIGNS, MODIFIERS } from "../designs/index.js";
import { paramsObjectSchema } from "./params.js";

const SCHEMA = "https://json-schema.org/draft/2020-12/schema";

/** The JSON Schema of a design file. */
export function designSchema(): Record<string, unknown> {
  return {
    $schema: SCHEMA,
    title: "doseladder design file",
    type: "object",
    additionalProperties: false,
    required: ["design"],
    properties: {
      $schema: { type: "string" },
      name: { type: "string", description: "A short name shown in reports." },
      description: { type: "string", description: "Free text: the protocol's rule, choices made and why." },
      trial: { type: "string", description: "Registry number of the trial, e.g. NCT06688435." },
      doses: { type: "integer", minimum: 1, description: "Number of doses the design is written for; must match the scenario's ladder." },
      design: { oneOf: [...DESIGNS.values()].map((e) => paramsObjectSchema(e.type, `${e.summary} ${e.reference}`, e.params)) },
      modifiers: {
        type: "array",
        description: "Applied in order: each modifier wraps the design built so far, so a later one has the final say.",
        items: { oneOf: [...MODIFIERS.values()].map((e) => paramsObjectSchema(e.type, e.summary, e.params)) },
      },
    },
  };
}

/** The JSON Schema of a scenario file. */
export function scenarioSchema(): Record<string, unknown> {
  const prob = { type: "number", minimum: 0, maximum: 1 };
  return {
    $schema: SCHEMA,
    title: "doseladder scenario file",
    type: "object",
    additionalProperties: false,
    required: ["ladder", "curves"],
    properties: {
      $schema: { type: "string" },
      name: { type: "string" },
      description: { type: "string" },
      trial: { type: "string", description: "Registry number of the trial, e.g. NCT06688435." },
      target: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1, description: "Target DLT rate: the true MTD is the dose whose true rate is closest to it." },
      ladder: {
        type: "object",
        additionalProperties: false,
        required: ["doses"],
        properties: {
          unit: { type: "string", description: "Unit of the dose amounts, e.g. CAR+ T cells/kg." },
          doses: {
            type: "array",
            minItems: 1,
            items: {
              oneOf: [
                { type: "number", exclusiveMinimum: 0 },
                {
                  type: "object",
                  additionalProperties: false,
                  properties: { label: { type: "string" }, amount: { type: "number", exclusiveMinimum: 0 } },
                },
              ],
            },
          },
        },
      },
      curves: {
        type: "array",
        minItems: 1,
        items: {
          type: "object",
          additionalProperties: false,
          required: ["name", "truth"],
          properties: {
            name: { type: "string", minLength: 1 },
            description: { type: "string" },
            truth: { type: "array", items: prob, description: "True DLT probability per dose, one per rung of the ladder." },
          },
        },
      },
    },
  };
}
