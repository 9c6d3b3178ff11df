/** `doseladder schema design|scenario`: print the JSON Schema of a file kind. */
import { Command } from "commander";
import { designSchema, scenarioSchema } from "../../config/schema.js";
import { choice } from "../options.js";

export function schemaCommand(): Command {
  return new Command("schema")
    .description("Print the JSON Schema of design or scenario files")
    .argument("<kind>", "design | scenario")
    .action((kind: string) => {
      const k = choice("kind", kind, ["design", "scenario"] as const);
      process.stdout.write(JSON.stringify(k === "design" ? designSchema() : scenarioSchema(), null, 2) + "\n");
    });
}
