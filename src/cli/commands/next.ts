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
import { BackfillTrialState } from "../../model/pending.js";
import {
  backfillAnswer,
  cohortInProgress,
  describeIfCompleted,
  ifCompleted,
  nextCohortDose,
  parseResponses,
  withBackfill,
  type CohortInProgress,
  type LiveBackfill,
} from "../live.js";

const FORMATS = ["text", "json"] as const;

/** Load a design for `numDoses` doses: from the file, from --doses, or from a fallback (e.g. the --truth length). */
export function designFromFlags(file: string, doses: string | undefined, fallback?: number): { name: string; design: Design } {
  const config = loadDesign(file);
  const k = doses !== undefined ? positiveInt("--doses", doses) : (config.doses ?? fallback);
  if (k === undefined) throw new UsageError(messages.dosesNeeded(file));
  const design = buildDesign(config, k);
  // outcome strings carry DLTs only; a design deciding on responses would read none
  if (design.jointOutcomes) throw new UsageError(`${file}: design type ${design.type} decides on responses, which outcome strings ("1NNN 2NTN") do not carry; next and paths do not support it yet`);
  return { name: config.name, design };
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
    .option("--backfill <text>", 'backfilling designs: backfilled patients whose window has closed, in escalation notation, e.g. "1NN 2NT"')
    .option("--backfill-pending <list>", 'backfilling designs: backfilled patients still in their window, as dose:days-followed, e.g. "1:5"')
    .option("--responses <doses>", 'backfilling designs: doses where a response has been seen, e.g. "1,2" (the open rule may need one)')
    .option("--format <f>", `output format: ${FORMATS.join("|")}`, "text")
    .option("--out <file>", "write the output to this file (atomically) instead of stdout")
    .action((opts) => {
      const format = choice("--format", opts.format, FORMATS);
      if (opts.out !== undefined) checkOutFile("--out", opts.out);
      const { name, design } = designFromFlags(opts.design, opts.doses);
      const K = design.numDoses;
      let cohorts = outcomesFlag("--outcomes", opts.outcomes, K);
      const windowDays = opts.window !== undefined ? positiveInt("--window", opts.window) : followUpSpan(loadDesign(opts.design).conduct);
      const pendingList = opts.pending !== undefined ? parsePendingFlag(String(opts.pending), K, windowDays) : [];
      const backfills = typeof design.backfillDose === "function";
      for (const [key, flag] of [["backfill", "--backfill"], ["backfillPending", "--backfill-pending"], ["responses", "--responses"]] as const)
        if (!backfills && opts[key] !== undefined) throw new UsageError(`${flag}: ${design.type} does not backfill (the design file has no backfill modifier)`);
      const bf: LiveBackfill | null = backfills
        ? {
            completed: opts.backfill !== undefined ? outcomesFlag("--backfill", opts.backfill, K) : [],
            pending: opts.backfillPending !== undefined ? parsePendingFlag(String(opts.backfillPending), K, windowDays, "--backfill-pending") : [],
            responses: opts.responses !== undefined ? parseResponses(String(opts.responses), K) : [],
          }
        : null;
      // a design that waits for every window: the pending patients are the cohort in progress
      const waiting = pendingList.length > 0 && !design.decidesWithPending;
      let inProgress: CohortInProgress | null = null;
      if (waiting) {
        const split = cohortInProgress(design, cohorts, pendingList);
        inProgress = split.cohort;
        cohorts = split.cohorts;
      }
      const r = replay(design, cohorts);
      for (const w of r.warnings) process.stderr.write(w + "\n");
      let s: TrialState = r.state;
      if (waiting && bf) s = withBackfill(design, r.state, bf, { dose: inProgress!.dose, done: inProgress!.known, dlts: inProgress!.dlts });
      else if (bf) s = withBackfill(design, r.state, bf, { dose: -1, done: 0, dlts: 0 });
      else if (pendingList.length > 0 && !waiting) s = withPending(r.state, pendingList, windowDays);
      const outcomesIf = waiting ? ifCompleted(design, cohorts, inProgress!, bf) : [];
      // while the cohort is in its window a waiting design has nothing to decide (the answer is
      // "wait", with what comes next); `dec` is then only the state's own decision, never shown
      const dec: Decision = design.decide(s);
      let known = s;
      if (waiting && inProgress!.known > 0) {
        known = s.clone();
        known.addCohort(inProgress!.dose, inProgress!.known, inProgress!.dlts, false);
      }
      let bfAnswer: { dose: number; why: string[]; cohortDose: number } | null = null;
      if (bf && s instanceof BackfillTrialState) {
        const cohortDose = waiting ? inProgress!.dose : nextCohortDose(dec);
        s.backfill.cohortDose = cohortDose < 0 ? 0 : cohortDose;
        bfAnswer = { ...backfillAnswer(design, s), cohortDose };
        if (cohortDose < 0) bfAnswer = { dose: -1, why: [], cohortDose };
      }
      const explain = waiting ? null : (design.explain?.(s) ?? null);
      const branches =
        !waiting && dec.action === Action.Chance
          ? (["yes", "no"] as const).map((name) => {
              const t = s.clone();
              t.mem[dec.slot] = name === "yes" ? dec.yes : dec.no;
              return { branch: name, ...settle(design, t, design.decide(t)) };
            })
          : [];
      const now = waiting ? { decision: dec, mtd: design.selectMtd(known) } : settle(design, s, dec);
      const waitText = waiting
        ? `wait until the ${inProgress!.pending} pending patient${inProgress!.pending === 1 ? "" : "s"} at dose ${inProgress!.dose + 1} complete${inProgress!.pending === 1 ? "s" : ""} the ${windowDays}-day DLT window (${design.type} decides on completed cohorts)`
        : "";
      const bfPer = bf
        ? Array.from({ length: K }, (_, d) => ({
            dose: d + 1,
            n: bf.completed.filter((c) => c.dose === d).reduce((a, c) => a + c.size, 0),
            y: bf.completed.filter((c) => c.dose === d).reduce((a, c) => a + c.dlts, 0),
            pending: bf.pending.filter((p) => p.dose === d).length,
          }))
        : [];
      const perDose = Array.from({ length: design.numDoses }, (_, d) => ({ dose: d + 1, n: s.n[d], y: s.y[d], en: s.en[d], ey: s.ey[d] }));
      if (format === "json") {
        const json = {
          design: name,
          type: design.type,
          outcomes: formatOutcomes(cohorts),
          doses: perDose,
          eliminatedFrom: s.eliminatedFrom < design.numDoses ? s.eliminatedFrom + 1 : null,
          decision: waiting ? { action: "wait", reason: "pending", text: waitText } : nextDecisionJson(dec),
          ...(pendingList.length > 0 ? { pending: pendingList.map((x) => ({ dose: x.dose + 1, days: x.days })), windowDays } : {}),
          ...(waiting
            ? {
                cohortInProgress: { dose: inProgress!.dose + 1, known: inProgress!.known, dlts: inProgress!.dlts, pending: inProgress!.pending },
                ifCompleted: outcomesIf.map((o) => ({ dltsAmongPending: o.dlts, decision: { ...decisionJson(o.decision), text: describeDecision(o.decision) } })),
              }
            : {}),
          ...(bf && bfAnswer
            ? {
                backfill: {
                  doses: bfPer,
                  responses: bf.responses.map((d) => d + 1),
                  cohortDose: bfAnswer.cohortDose >= 0 ? bfAnswer.cohortDose + 1 : null,
                  nextBackfillDose: bfAnswer.dose >= 0 ? bfAnswer.dose + 1 : null,
                  reserve: design.backfillReserve ?? 0,
                  rule: bfAnswer.why,
                },
              }
            : {}),
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
      if (waiting && inProgress!.known > 0) lines.push(`Cohort in progress at dose ${inProgress!.dose + 1}: ${inProgress!.dlts}/${inProgress!.known} known, ${inProgress!.pending} pending`);
      if (bf) {
        const tried = bfPer.filter((d) => d.n + d.pending > 0).map((d) => `dose ${d.dose}: ${d.y}/${d.n}` + (d.pending > 0 ? ` + ${d.pending} pending` : ""));
        lines.push(`Backfilled: ${tried.length ? tried.join(", ") : "none yet"}`);
        if (design.needsResponse) lines.push(`Responses seen at: ${bf.responses.length ? bf.responses.map((d) => `dose ${d + 1}`).join(", ") : "no dose (give --responses)"}`);
      }
      lines.push(`Next: ${waiting ? waitText : describeNext(dec)}`);
      if (waiting) {
        lines.push("Then, by the outcome of the pending patients:");
        lines.push(...describeIfCompleted(outcomesIf, inProgress!.pending));
      }
      if (bfAnswer) {
        if (bfAnswer.cohortDose < 0) lines.push("Backfill: none (backfilling ends with escalation)");
        else {
          const where = waiting ? `while the cohort at dose ${bfAnswer.cohortDose + 1} is pending` : `while the next cohort (dose ${bfAnswer.cohortDose + 1}) is pending`;
          const reserve = design.backfillReserve ?? 0;
          const first = reserve > 0 ? ` once ${reserve} wait for the next cohort (reserve)` : "";
          lines.push(bfAnswer.dose >= 0 ? `Backfill: ${where}, an arriving patient is treated at dose ${bfAnswer.dose + 1}${first}` : `Backfill: ${where}, no dose is open: an arriving patient is not backfilled`);
          for (const w of bfAnswer.why) lines.push(`  ${w}`);
        }
      }
      for (const b of branches) {
        lines.push(`  if ${dec.label ?? "chance"} ${b.branch}: ${describeDecision(b.decision)}${b.decision.action === Action.Stop ? `; MTD ${mtdText(b.mtd)}` : ""}`);
      }
      if (explain) lines.push(`Rule: ${explain}`);
      lines.push(!waiting && dec.action === Action.Stop ? `Selected MTD: ${mtdText(now.mtd)}` : `If the trial stopped now: MTD ${mtdText(now.mtd)}`);
      emit(lines.join("\n") + "\n", opts.out);
    });
}
