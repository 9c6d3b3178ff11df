/** `doseladder next`: the design's decision for the next cohort of a live trial, and the MTD if it stopped now. */
import { Command } from "commander";
import { buildDesign, loadDesign } from "../../config/load.js";
import { UsageError, messages } from "../../config/messages.js";
import type { Design } from "../../designs/design.js";
import { Action, describeDecision, type Decision } from "../../model/decision.js";
import { checkOutFile } from "../../report/write.js";
import { formatOutcomes, parseOutcomes, type Cohort } from "../../model/outcomes.js";
import type { TrialState } from "../../model/state.js";
import { decisionJson } from "../../engine/paths.js";
import { replay } from "../../engine/replay.js";
import { choice, positiveInt } from "../options.js";
import { emit } from "./run.js";
import { describeNext, followUpSpan, nextDecisionJson, parsePendingFlag, withPending } from "../pending.js";

const FORMATS = ["text", "json"] as const;

/** Load a design for `numDoses` doses: from the file, from --doses, or from a fallback (e.g. the --truth length). */
export function designFromFlags(file: string, doses: string | undefined, fallback?: number): { name: string; design: Design } {
  const config = loadDesign(file);
  const k = doses !== undefined ? positiveInt("--doses", doses) : (config.doses ?? fallback);
  if (k === undefined) throw new UsageError(messages.dosesNeeded(file));
  return { name: config.name, design: buildDesign(config, k) };
}

/** Parse an outcome string from a flag: a malformed one is a usage error (one line). */
export function outcomesFlag(flag: string, text: string, numDoses: number): Cohort[] {
  try {
    return parseOutcomes(text, numDoses);
  } catch (e) {
    throw new UsageError(`${flag}: ${(e as Error).message.replace(/^outcomes: /, "")}`);
  }
}

const mtdText = (m: number) => (m >= 0 ? `dose ${m + 1}` : "no dose");

/** The decision and the MTD after applying it, for one state (resolving nothing). */
function settle(design: Design, s: TrialState, dec: Decision): { decision: Decision; mtd: number } {
  const t = s.clone();
  if (dec.eliminateFrom >= 0) t.eliminate(dec.eliminateFrom);
  if (dec.writeSlot >= 0) t.mem[dec.writeSlot] = dec.writeValue;
  return { decision: dec, mtd: design.selectMtd(t) };
}

export function nextCommand(): Command {
  return new Command("next")
    .description('The design\'s decision for the next cohort of a live trial, e.g. --outcomes "1NNN 2NTN"')
    .requiredOption("--design <file>", "design file (JSON)")
    .requiredOption("--outcomes <text>", 'observed cohorts in escalation notation, e.g. "1NNN 2NTN" (dose, then N or T per patient)')
    .option("--doses <k>", "number of doses, when the design file does not name it")
    .option("--pending <list>", 'patients still inside the DLT window, as dose:days-followed, e.g. "2:14,2:20" (time-to-event designs decide with them)')
    .option("--window <days>", "DLT follow-up in days for --pending (default: the design file's conduct.windowDays, counted from the first infusion: plus the last infusion day when windowFrom is last; else 28)")
    .option("--format <f>", `output format: ${FORMATS.join("|")}`, "text")
    .option("--out <file>", "write the output to this file (atomically) instead of stdout")
    .action((opts) => {
      const format = choice("--format", opts.format, FORMATS);
      if (opts.out !== undefined) checkOutFile("--out", opts.out);
      const { name, design } = designFromFlags(opts.design, opts.doses);
      const cohorts = outcomesFlag("--outcomes", opts.outcomes, design.numDoses);
      const r = replay(design, cohorts);
      for (const w of r.warnings) process.stderr.write(w + "\n");
      const windowDays = opts.window !== undefined ? positiveInt("--window", opts.window) : followUpSpan(loadDesign(opts.design).conduct);
      const pendingList = opts.pending !== undefined ? parsePendingFlag(String(opts.pending), design.numDoses, windowDays) : [];
      const s = pendingList.length > 0 ? withPending(r.state, pendingList, windowDays) : r.state;
      const dec = design.decide(s);
      const explain = design.explain?.(s) ?? null;
      const branches =
        dec.action === Action.Chance
          ? (["yes", "no"] as const).map((name) => {
              const t = s.clone();
              t.mem[dec.slot] = name === "yes" ? dec.yes : dec.no;
              return { branch: name, ...settle(design, t, design.decide(t)) };
            })
          : [];
      const now = settle(design, s, dec);
      const perDose = Array.from({ length: design.numDoses }, (_, d) => ({ dose: d + 1, n: s.n[d], y: s.y[d], en: s.en[d], ey: s.ey[d] }));
      if (format === "json") {
        const json = {
          design: name,
          type: design.type,
          outcomes: formatOutcomes(cohorts),
          doses: perDose,
          eliminatedFrom: s.eliminatedFrom < design.numDoses ? s.eliminatedFrom + 1 : null,
          decision: nextDecisionJson(dec),
          ...(pendingList.length > 0 ? { pending: pendingList.map((x) => ({ dose: x.dose + 1, days: x.days })), windowDays } : {}),
          explain,
          branches: branches.map((b) => ({ branch: b.branch, decision: { ...decisionJson(b.decision), text: describeDecision(b.decision) }, mtd: b.mtd >= 0 ? b.mtd + 1 : null })),
          mtdIfStoppedNow: now.mtd >= 0 ? now.mtd + 1 : null,
          warnings: r.warnings,
        };
        emit(JSON.stringify(json, null, 2) + "\n", opts.out);
        return;
      }
      const lines: string[] = [];
      const patients = s.escalationN + s.expansionN;
      lines.push(`Design: ${name} [${design.type}]`);
      lines.push(`Observed: ${cohorts.length ? String(opts.outcomes).trim().replace(/\s+/g, " ") : "(nothing yet)"} (${cohorts.length} cohort${cohorts.length === 1 ? "" : "s"}, ${patients} patients)`);
      const tried = perDose.filter((d) => d.n + d.en > 0).map((d) => `dose ${d.dose}: ${d.y}/${d.n}` + (d.en > 0 ? ` + expansion ${d.ey}/${d.en}` : ""));
      if (tried.length) lines.push(`DLTs/patients: ${tried.join(", ")}`);
      if (s.eliminatedFrom < design.numDoses) lines.push(`Eliminated: doses ${s.eliminatedFrom + 1} and above`);
      if (pendingList.length > 0) lines.push(`Pending: ${pendingList.map((x) => `dose ${x.dose + 1} (${x.days} of ${windowDays} days)`).join(", ")}`);
      lines.push(`Next: ${describeNext(dec)}`);
      for (const b of branches) {
        lines.push(`  if ${dec.label ?? "chance"} ${b.branch}: ${describeDecision(b.decision)}${b.decision.action === Action.Stop ? `; MTD ${mtdText(b.mtd)}` : ""}`);
      }
      if (explain) lines.push(`Rule: ${explain}`);
      lines.push(dec.action === Action.Stop ? `Selected MTD: ${mtdText(now.mtd)}` : `If the trial stopped now: MTD ${mtdText(now.mtd)}`);
      emit(lines.join("\n") + "\n", opts.out);
    });
}
