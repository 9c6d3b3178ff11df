/**
 * Test helper: the exact selection distribution of a design without chance nodes, by walking
 * every cohort outcome with its binomial probability and merging identical states (a small
 * exact enumerator for reference checks; the project's exact engine is separate).
 * Returns P(select dose d) for d = 0..K-1, then P(no MTD), and the mean patients per dose.
 */
import { Action } from "../../src/model/decision.js";
import { TrialState } from "../../src/model/state.js";
import { binomialPmfs } from "../../src/random/binomial.js";
import type { Design } from "../../src/designs/design.js";

export interface ExactSelection {
  readonly selection: number[];
  readonly noMtd: number;
  readonly patients: number[];
  readonly terminalStates: number;
}

export function exactSelection(design: Design, truth: readonly number[]): ExactSelection {
  const K = design.numDoses;
  const memo = new Map<string, Float64Array>(); // per state: K+1 selection probabilities, then K expected future patients
  let terminal = 0;
  const pmfCache = new Map<string, Float64Array>();
  const pmf = (size: number, p: number) => {
    const key = `${size}|${p}`;
    let v = pmfCache.get(key);
    if (!v) pmfCache.set(key, (v = binomialPmfs(size, p)));
    return v;
  };
  const walk = (s: TrialState): Float64Array => {
    const key = s.key();
    const hit = memo.get(key);
    if (hit) return hit;
    const out = new Float64Array(2 * K + 1);
    const dec = design.decide(s);
    if (dec.action === Action.Chance) throw new Error("exactSelection: chance nodes are not supported");
    const next = s.clone();
    if (dec.eliminateFrom >= 0) next.eliminate(dec.eliminateFrom);
    if (dec.action === Action.Stop) {
      terminal++;
      const m = design.selectMtd(next);
      out[m < 0 ? K : m] = 1;
    } else {
      const probs = pmf(dec.size, truth[dec.dose]);
      for (let k = 0; k <= dec.size; k++) {
        if (probs[k] === 0) continue;
        const child = next.clone();
        child.addCohort(dec.dose, dec.size, k, dec.expansion);
        const sub = walk(child);
        for (let i = 0; i < out.length; i++) out[i] += probs[k] * sub[i];
      }
      out[K + 1 + dec.dose] += dec.size;
    }
    memo.set(key, out);
    return out;
  };
  const s = new TrialState(K, design.memSlots);
  s.reset(design.startDose);
  const r = walk(s);
  return {
    selection: Array.from(r.subarray(0, K)),
    noMtd: r[K],
    patients: Array.from(r.subarray(K + 1)),
    terminalStates: terminal,
  };
}
