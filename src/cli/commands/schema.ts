/** `doseladder schema design|scenario`: print the JSON Schema of a file kind. */
import { Command } from "commander";
import { designSchema, scenarioSchema, sweepSchema } from "../../config/schema.js";
import { choice } from "../options.js";

export function schemaCommand(): Command {
  return new Command("schema")
    .description("Print the JSON Schema of design, scenario or sweep files")
    .argument("<kind>", "design | scenario | sweep")
    .action((kind: string) => {
      const k = choice("kind", kind, ["design", "scenario", "sweep"] as const);
      const schema = k === "design" ? designSchema() : k === "scenario" ? scenarioSchema() : sweepSchema();
      process.stdout.write(JSON.stringify(schema, null, 2) + "\n");
    });
}
