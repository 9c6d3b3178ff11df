#!/usr/bin/env node
/**
 * The doseladder command line. Commands are thin: parse flags, call the library, format.
 * Bad input of any kind prints one line on stderr and exits with code 2.
 */
import { Command, CommanderError } from "commander";
import { ConfigError, describeFsError, IoError, UsageError } from "../config/messages.js";
import { VERSION } from "../version.js";
import { compareCommand } from "./commands/compare.js";
import { reportCommand } from "./commands/report.js";
import { runCommand } from "./commands/run.js";
import { schemaCommand } from "./commands/schema.js";
import { mergeCommand, sweepCommand } from "./commands/sweep.js";
import { nextCommand } from "./commands/next.js";
import { pathsCommand } from "./commands/paths.js";
import { scenariosCommand } from "./commands/scenarios.js";
import { futilityCommand } from "./commands/futility.js";
import { simonCommand } from "./commands/simon.js";
import { tableCommand } from "./commands/table.js";
import { slurmCommand } from "./commands/slurm.js";
import { protocolCommand } from "./commands/protocol.js";
import { studioCommand } from "./commands/studio.js";

/** Exit codes: 0 success, 2 bad input, 1 anything else (an I/O failure, an internal error). */
export const EXIT_BAD_INPUT = 2;
export const EXIT_FAILURE = 1;

/** One line, whatever the error: a stack trace only with DOSELADDER_DEBUG=1. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

function fail(e: unknown): never {
  if (e instanceof ConfigError || e instanceof UsageError) {
    process.stderr.write(`doseladder: ${oneLine(e.message)}\n`);
    process.exit(EXIT_BAD_INPUT);
  }
  if (e instanceof CommanderError) {
    if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") process.exit(0);
    process.exit(EXIT_BAD_INPUT);
  }
  if (e instanceof IoError) {
    process.stderr.write(`doseladder: ${oneLine(e.message)}\n`);
    process.exit(EXIT_FAILURE);
  }
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.code === "string" && typeof err.syscall === "string") {
    // a file-system failure not caught where it happened: still one line
    process.stderr.write(`doseladder: ${err.syscall}${err.path ? ` ${err.path}` : ""}: ${describeFsError(err)}\n`);
    process.exit(EXIT_FAILURE);
  }
  if (process.env.DOSELADDER_DEBUG) process.stderr.write(`${err?.stack ?? String(e)}\n`);
  const hint = err instanceof RangeError ? " (the run is probably too large: fewer trials, doses or cohorts)" : "";
  process.stderr.write(`doseladder: internal error: ${oneLine(err?.message ?? String(e))}${hint}; DOSELADDER_DEBUG=1 shows the stack trace\n`);
  process.exit(EXIT_FAILURE);
}

export function program(): Command {
  const p = new Command("doseladder")
    .description("Dose-escalation trial simulator: operating characteristics of phase I designs")
    .version(VERSION)
    .showSuggestionAfterError(true);
  for (const c of [runCommand(), compareCommand(), reportCommand(), nextCommand(), pathsCommand(), sweepCommand(), mergeCommand(), slurmCommand(), tableCommand(), protocolCommand(), scenariosCommand(), schemaCommand(), simonCommand(), futilityCommand(), studioCommand()]) p.addCommand(c);
  const configure = (c: Command) => {
    c.exitOverride();
    c.configureOutput({ outputError: (str, write) => write(`doseladder: ${str.replace(/^error: /, "").trim().replace(/\s*\n\s*/g, " ")}\n`) });
    c.commands.forEach(configure);
  };
  configure(p);
  return p;
}

process.on("uncaughtException", fail);
program()
  .parseAsync(process.argv)
  .catch(fail);
