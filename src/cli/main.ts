#!/usr/bin/env node
/**
 * The doseladder command line. Commands are thin: parse flags, call the library, format.
 * Bad input of any kind prints one line on stderr and exits with code 2.
 */
import { Command, CommanderError } from "commander";
import { ConfigError, UsageError } from "../config/messages.js";
import { VERSION } from "../version.js";
import { compareCommand } from "./commands/compare.js";
import { reportCommand } from "./commands/report.js";
import { runCommand } from "./commands/run.js";
import { schemaCommand } from "./commands/schema.js";
import { mergeCommand, sweepCommand } from "./commands/sweep.js";
import { nextCommand } from "./commands/next.js";
import { pathsCommand } from "./commands/paths.js";
import { scenariosCommand } from "./commands/scenarios.js";
import { tableCommand } from "./commands/table.js";
import { protocolCommand } from "./commands/protocol.js";

/** Exit codes: 0 success, 2 bad input, 1 anything else. */
export const EXIT_BAD_INPUT = 2;

function fail(e: unknown): never {
  if (e instanceof ConfigError || e instanceof UsageError) {
    process.stderr.write(`doseladder: ${e.message}\n`);
    process.exit(EXIT_BAD_INPUT);
  }
  if (e instanceof CommanderError) {
    if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") process.exit(0);
    process.exit(EXIT_BAD_INPUT);
  }
  process.stderr.write(`doseladder: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
}

export function program(): Command {
  const p = new Command("doseladder")
    .description("Dose-escalation trial simulator: operating characteristics of phase I designs")
    .version(VERSION)
    .showSuggestionAfterError(true);
  for (const c of [runCommand(), compareCommand(), reportCommand(), nextCommand(), pathsCommand(), sweepCommand(), mergeCommand(), tableCommand(), protocolCommand(), scenariosCommand(), schemaCommand()]) p.addCommand(c);
  const configure = (c: Command) => {
    c.exitOverride();
    c.configureOutput({ outputError: (str, write) => write(`doseladder: ${str.replace(/^error: /, "").trim().replace(/\s*\n\s*/g, " ")}\n`) });
    c.commands.forEach(configure);
  };
  configure(p);
  return p;
}

program()
  .parseAsync(process.argv)
  .catch(fail);
