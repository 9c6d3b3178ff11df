/**
 * JSON Schemas for design and scenario files, generated from the registry's parameter lists
 * so they can never drift from what the loader accepts. `doseladder schema design|scenario`
 * prints them; a file's "$schema" key can point an editor at the saved output.
 */
import { DESIGNS, MODIFIERS } from "../designs/index.js";
import { paramsObjectSchema, type ParamSpec } from "./params.js";
import { conductSchema, timingSchema } from "./timing.js";
import { ASSOCIATION_MODELS } from "../model/joint.js";

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
      conduct: conductSchema(),
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
            response: { type: "array", items: prob, description: "True response probability per dose (efficacy, assessed `timing.responseMonths` after the first infusion), one per rung; optional." },
            association: associationSchema("The association between DLT and response in the same patient for this curve (overrides the file's `association`)."),
          },
        },
      },
      association: associationSchema("The association between DLT and response in the same patient, for every curve that gives `response` and no association of its own. Default: independent."),
      timing: timingSchema(),
    },
  };
}

/**
 * The fields of an `association` block (a scenario's, or a curve's): the loader's checks are
 * parseAssociation's (src/config/load.ts); the schema below and the studio's form are made from
 * these.
 */
export const ASSOCIATION_PARAMS: readonly ParamSpec[] = [
  { name: "model", kind: "enum", values: ASSOCIATION_MODELS, description: "independent; odds-ratio (Plackett: the odds ratio of DLT and response); gumbel (EffTox's Gumbel-type model, parameter psi); gaussian (a Gaussian copula with correlation rho)." },
  { name: "value", kind: "number", description: "odds-ratio: the odds ratio (> 0, 1 = independent); gumbel: psi (0 = independent); gaussian: rho in (-1, 1). Not used by independent." },
];

function associationSchema(description: string): Record<string, unknown> {
  const [model, value] = ASSOCIATION_PARAMS;
  return {
    type: "object",
    additionalProperties: false,
    required: ["model"],
    description,
    properties: {
      model: { enum: [...ASSOCIATION_MODELS], description: model.description },
      value: { type: "number", description: value.description },
    },
  };
}

/** The JSON Schema of a sweep file. */
export function sweepSchema(): Record<string, unknown> {
  const designRef = designSchema();
  const designProps = designRef.properties as Record<string, unknown>;
  return {
    $schema: SCHEMA,
    title: "doseladder sweep file",
    type: "object",
    additionalProperties: false,
    required: ["designs", "scenarios"],
    properties: {
      $schema: { type: "string" },
      name: { type: "string" },
      description: { type: "string" },
      trials: { type: "integer", minimum: 1, default: 10000, description: "Monte Carlo trials per curve (cells computed exactly ignore it)." },
      seed: { type: ["string", "number"], default: "1", description: "Seed of the random streams." },
      method: { enum: ["auto", "exact", "monte-carlo"], default: "auto", description: "auto: exact where feasible, Monte Carlo otherwise." },
      maxCohorts: { type: "integer", minimum: 1, default: 1000, description: "Safety cap on cohorts per trial." },
      designs: {
        type: "array",
        minItems: 1,
        description: "Designs to compare: a design file (path relative to the sweep file, optional display name) or an inline design object.",
        items: {
          oneOf: [
            { type: "object", required: ["file"], additionalProperties: false, properties: { file: { type: "string" }, name: { type: "string" } } },
            { type: "object", required: ["design"], additionalProperties: false, properties: designProps },
          ],
        },
      },
      grid: {
        type: "object",
        description: "Parameter grids: a design parameter (e.g. target, cohortSize) or modifier-type.parameter (e.g. smc-review.q) mapped to the values to try; applied to every design that has it.",
        additionalProperties: { type: "array", minItems: 1 },
      },
      scenarios: {
        type: "array",
        minItems: 1,
        items: {
          oneOf: [
            { type: "string", description: "A scenario file (path relative to the sweep file)." },
            { type: "object", required: ["file"], additionalProperties: false, properties: { file: { type: "string" }, curves: { type: "array", items: { type: "string" } } } },
          ],
        },
      },
    },
  };
}
