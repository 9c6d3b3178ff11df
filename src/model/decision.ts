/**
 * What a design says should happen next: treat a cohort, stop, or flip a coin
 * (an explicit chance node, such as a Safety Monitoring Committee that adds patients
 * with probability q).
 *
 * Decisions are frozen objects built once, when a design is constructed, and shared
 * by every trial: the Monte Carlo hot loop never allocates one.
 */

/** The three kinds of decision. */
export const Action = { Treat: 0, Stop: 1, Chance: 2 } as const;
export type Action = (typeof Action)[keyof typeof Action];

/**
 * Every reason a decision can give, treat reasons first, then stop reasons.
 * A decision stores the index into this list, so reasons cost nothing to count.
 */
export const REASONS = [
  // treat
  "start",
  "escalate",
  "stay",
  "de-escalate",
  "expand-cohort",
  "expansion",
  // stop
  "max-n",
  "lowest-dose-too-toxic",
  "dose-too-toxic",
  "top-dose-passed",
  "mtd-declared",
  "smc-declined",
  "all-eliminated",
  "early-stop",
  "expansion-complete",
  "cap",
  "max-n-before-expansion",
  "max-n-in-expansion",
] as const;
export type Reason = (typeof REASONS)[number];

/** Stop reasons, in the order reports list them. */
export const STOP_REASONS: readonly Reason[] = REASONS.slice(REASONS.indexOf("max-n"));

/** Index of a reason in {@link REASONS}. */
export function reasonIndex(reason: Reason): number {
  return REASONS.indexOf(reason);
}

/** Human-readable sentence for each reason, used by `doseladder next` and reports. */
export const REASON_TEXT: Readonly<Record<Reason, string>> = {
  start: "start the trial",
  escalate: "escalate",
  stay: "stay at the current dose",
  "de-escalate": "de-escalate",
  "expand-cohort": "add patients at the current dose",
  expansion: "enrol in the dose-expansion phase",
  "max-n": "the maximum sample size is reached",
  "lowest-dose-too-toxic": "the lowest dose is too toxic",
  "dose-too-toxic": "a dose was too toxic; the MTD is below it",
  "top-dose-passed": "the highest dose was passed",
  "mtd-declared": "the MTD was confirmed",
  "smc-declined": "the Safety Monitoring Committee declined to add patients",
  "all-eliminated": "every dose is eliminated",
  "early-stop": "the early-stopping sample size was reached at the current dose",
  "expansion-complete": "the dose-expansion phase is complete",
  cap: "the safety cap on the number of cohorts was reached",
  "max-n-before-expansion": "the maximum total sample size was reached during escalation, so the dose-expansion phase was not reached",
  "max-n-in-expansion": "the maximum total sample size was reached during the dose-expansion phase",
};

/** A design's answer to "what next?". Read only the fields its `action` uses. */
export interface Decision {
  readonly action: Action;
  /** Treat: the dose (0-based index into the ladder). */
  readonly dose: number;
  /** Treat: how many patients. */
  readonly size: number;
  /** Treat: the patients belong to the dose-expansion phase (counted apart from escalation). */
  readonly expansion: boolean;
  /**
   * Treat: a complete-information panel. Each of the `size` patients has one latent tolerance
   * u and is observed at every dose (DLT at dose d iff u < p_d), so every dose gains `size`
   * patients. Used by the nonparametric optimal benchmark; `dose` is ignored.
   */
  readonly panel: boolean;
  /** Doses at or above this index (0..numDoses-1) become eliminated before the decision takes effect; -1 for none. */
  readonly eliminateFrom: number;
  /** Index into {@link REASONS}. */
  readonly reason: number;
  /** Chance: probability of the "yes" branch. */
  readonly p: number;
  /** Chance: the memory slot the outcome is written to. */
  readonly slot: number;
  /** Chance: the value written on "yes". */
  readonly yes: number;
  /** Chance: the value written on "no". */
  readonly no: number;
  /** Treat or stop: a memory slot to write when the decision takes effect; -1 for none. */
  readonly writeSlot: number;
  /** Treat or stop: the value written to `writeSlot`. */
  readonly writeValue: number;
  /** Chance: a short name for the branch point in dose-transition pathways (e.g. "SMC"); optional. */
  readonly label?: string;
}

const base = { dose: -1, size: 0, expansion: false, panel: false, eliminateFrom: -1, p: 0, slot: -1, yes: 0, no: 0, writeSlot: -1, writeValue: 0 };

/** A frozen "treat `size` patients at `dose`" decision. Build these once, at construction. */
export function treat(
  dose: number,
  size: number,
  reason: Reason,
  options: { eliminateFrom?: number; expansion?: boolean; writeSlot?: number; writeValue?: number; panel?: boolean } = {},
): Decision {
  return Object.freeze({
    ...base,
    action: Action.Treat,
    dose,
    size,
    reason: reasonIndex(reason),
    eliminateFrom: options.eliminateFrom ?? -1,
    expansion: options.expansion ?? false,
    panel: options.panel ?? false,
    writeSlot: options.writeSlot ?? -1,
    writeValue: options.writeValue ?? 0,
  });
}

/** A frozen "stop the trial" decision. */
export function stop(reason: Reason, eliminateFrom = -1): Decision {
  return Object.freeze({ ...base, action: Action.Stop, reason: reasonIndex(reason), eliminateFrom });
}

/** A stop decision for every reason index, shared (for modifiers that replay a stored reason). */
export const STOP_BY_REASON: readonly Decision[] = REASONS.map((r) => stop(r));

/**
 * A frozen chance node: with probability `p` the engine writes `yes` to memory slot `slot`,
 * otherwise `no`, and then asks the design again. The exact engine follows both branches.
 * `label` names the branch point in dose-transition pathways ("SMC yes" / "SMC no").
 */
export function chance(p: number, slot: number, yes: number, no: number, reason: Reason, label = "chance"): Decision {
  return Object.freeze({ ...base, action: Action.Chance, p, slot, yes, no, reason: reasonIndex(reason), label });
}

/** One line describing a decision, with 1-based dose numbers as protocols write them. */
export function describeDecision(d: Decision): string {
  const why = REASON_TEXT[REASONS[d.reason]];
  if (d.action === Action.Treat) {
    return `treat ${d.size} at dose ${d.dose + 1}${d.expansion ? " (expansion)" : ""} (${why})`;
  }
  if (d.action === Action.Stop) return `stop (${why})`;
  return `${d.label ?? "chance"} review: yes with probability ${d.p} (${why})`;
}
