/**
 * Dose-transition pathways (R escalation's `get_dose_paths`): every sequence of cohort
 * outcomes over the next K cohorts, with the dose the design gives after each, or its stop and
 * reason. Outcomes are counted, not ordered ("2NNT" stands for any one DLT among three), as in
 * the escalation package. With a truth curve, each path carries its probability; a chance node
 * (an SMC review) splits a path into its "yes" and "no" branches, weighted q and 1 - q.
 *
 * The leaves, paths that stopped ("terminal") and paths still running after K cohorts ("open"),
 * partition the outcomes, so their probabilities sum to one.
 */
import { Action, describeDecision, REASONS, type Decision } from "../model/decision.js";
import { TrialState } from "../model/state.js";
import type { Cohort } from "../model/outcomes.js";
import type { Design } from "../designs/design.js";
import { binomialPmf } from "../random/binomial.js";
import { UsageError } from "../config/messages.js";
import { replay, type Replay } from "./replay.js";

/** One node of the pathway tree. */
export interface PathNode {
  /** The outcomes so far, after the starting outcomes, e.g. "1NNN 2NTN"; chance branches appear as "{SMC yes}". */
  readonly path: string;
  /** Cohorts treated in this enumeration (0 at the root). */
  readonly depth: number;
  /** The chance branch that led here ("SMC yes"), or null. */
  readonly branch: string | null;
  /** The design's decision here (for a chance node, the chance node itself). */
  readonly decision: Decision;
  /** The decision as a sentence, with 1-based doses. */
  readonly next: string;
  /** The 0-based MTD the design would select if the trial ended here (after this decision's eliminations), or -1. */
  readonly mtd: number;
  /** "terminal" when the design stops here, "open" when K cohorts are done and it would go on, else null. */
  readonly leaf: "terminal" | "open" | null;
  /** Probability of the path under the truth curve (conditional on the starting outcomes), or null without one. */
  readonly probability: number | null;
}

/** Options of {@link dosePaths}. */
export interface PathOptions {
  /** Cohorts to enumerate. */
  readonly cohorts: number;
  /** Outcomes already observed ("1NNN 2NTN"), replayed first. __Default:__ none. */
  readonly from?: string | readonly Cohort[];
  /** True DLT probabilities per dose, to weight the paths. */
  readonly truth?: readonly number[];
  /** Give up (UsageError) beyond this many nodes. __Default:__ 1,000,000. */
  readonly maxNodes?: number;
}

/** The pathway tree, in depth-first order (a node before its children), with the replay of the starting outcomes. */
export interface Paths {
  readonly start: Replay;
  readonly nodes: PathNode[];
}

/** "2NNT": a cohort of `size` at 0-based `dose` with `dlts` DLTs, DLTs written last. */
function token(dose: number, size: number, dlts: number): string {
  return `${dose + 1}${"N".repeat(size - dlts)}${"T".repeat(dlts)}`;
}

/**
 * Enumerate the dose-transition pathways of `design` over the next `cohorts` cohorts.
 * @example dosePaths(threePlusThree, { cohorts: 1 }).nodes.map((n) => n.path) // => ["", "1NNN", "1NNT", "1NTT", "1TTT"]
 * @throws UsageError when the tree exceeds `maxNodes`.
 */
export function dosePaths(design: Design, options: PathOptions): Paths {
  const K = options.cohorts;
  const truth = options.truth;
  const maxNodes = options.maxNodes ?? 1_000_000;
  const start = replay(design, options.from ?? "");
  const nodes: PathNode[] = [];
  const push = (n: PathNode): void => {
    if (nodes.length >= maxNodes) {
      throw new UsageError(`paths: more than ${maxNodes.toLocaleString("en-US")} paths; ask for fewer --cohorts`);
    }
    nodes.push(n);
  };
  const join = (path: string, t: string) => (path ? `${path} ${t}` : t);

  // Depth-first with an explicit stack (children pushed in reverse, so they are visited in
  // order): a long chain of cohorts cannot overflow the call stack; maxNodes bounds the work.
  type Item = { s: TrialState; depth: number; path: string; branch: string | null; p: number };
  const stack: Item[] = [{ s: start.state.clone(), depth: 0, path: "", branch: null, p: 1 }];
  while (stack.length > 0) {
    const { s, depth, path, branch, p } = stack.pop()!;
    const dec = design.decide(s);
    const probability = truth ? p : null;
    if (dec.action === Action.Chance) {
      push({ path, depth, branch, decision: dec, next: describeDecision(dec), mtd: design.selectMtd(s), leaf: null, probability });
      const label = dec.label ?? "chance";
      const children: Item[] = [];
      for (const [value, name, q] of [
        [dec.yes, "yes", dec.p],
        [dec.no, "no", 1 - dec.p],
      ] as const) {
        const t = s.clone();
        t.mem[dec.slot] = value;
        children.push({ s: t, depth, path: join(path, `{${label} ${name}}`), branch: `${label} ${name}`, p: p * q });
      }
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
      continue;
    }
    const after = s.clone();
    if (dec.eliminateFrom >= 0) after.eliminate(dec.eliminateFrom);
    if (dec.writeSlot >= 0) after.mem[dec.writeSlot] = dec.writeValue;
    const mtd = design.selectMtd(after);
    const leaf = dec.action === Action.Stop ? "terminal" : depth >= K ? "open" : null;
    push({ path, depth, branch, decision: dec, next: describeDecision(dec), mtd, leaf, probability });
    if (leaf !== null) continue;
    for (let k = dec.size; k >= 0; k--) {
      const t = after.clone();
      t.addCohort(dec.dose, dec.size, k, dec.expansion);
      const pk = truth ? binomialPmf(k, dec.size, truth[dec.dose]) : 1;
      stack.push({ s: t, depth: depth + 1, path: join(path, token(dec.dose, dec.size, k)), branch: null, p: p * pk });
    }
  }
  return { start, nodes };
}

/** The leaves of a pathway tree. */
export function leaves(paths: Paths): PathNode[] {
  return paths.nodes.filter((n) => n.leaf !== null);
}

/** A node's decision as plain JSON (1-based dose, reason name). */
export function decisionJson(d: Decision): Record<string, unknown> {
  const reason = REASONS[d.reason];
  if (d.action === Action.Treat) return { action: "treat", dose: d.dose + 1, size: d.size, expansion: d.expansion, reason };
  if (d.action === Action.Stop) return { action: "stop", reason };
  return { action: "chance", label: d.label ?? "chance", p: d.p, reason };
}
