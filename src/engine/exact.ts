/**
 * Exact operating characteristics: instead of sampling trials, walk the tree of every cohort
 * outcome with its binomial probability, merging paths that reach the same trial state, so
 * the cost grows with the number of distinct states rather than the number of paths.
 *
 * States are processed level by level, a level being the total number of patients treated.
 * A treat decision moves a state to a higher level (each cohort has at least one patient); a
 * chance node (an SMC that agrees with probability q) adds no patient, so its two branches go
 * back into the same level and are processed later in it. Every state is therefore expanded
 * after all the paths into it have been added, once, with its total probability. (Should a
 * chance branch land on a state of its level that was already expanded, it is expanded again
 * with the new probability: by linearity the result is the same, merging only saves work.)
 *
 * A state is packed into a few integers: n, y, en, ey per dose, the current dose, the lowest
 * eliminated dose, the memory slots and, only when the cohort cap could end a trial, the cohort
 * count; each level keeps them in a hash table of packed records. Two states with the same name make the
 * same decisions from then on (the `TrialState.key()` contract), so merging them is exact.
 *
 * Every curve of a scenario is walked at once: a state carries one probability per curve,
 * because the states a design can reach do not depend on the truth.
 *
 * The result is the Monte Carlo engine's accumulator, filled with path probabilities instead
 * of counts, so every formatter works unchanged.
 */
import { Action, REASONS, type Decision } from "../model/decision.js";
import { TrialState } from "../model/state.js";
import type { Design } from "../designs/design.js";
import { UsageError, messages } from "../config/messages.js";
import { binomialPmfs } from "../random/binomial.js";
import { addTrial, type Layout } from "./accumulator.js";
import { DEFAULT_MAX_COHORTS, layoutFor } from "./monte-carlo.js";

/** Default bound on distinct states before exact enumeration gives up. */
export const DEFAULT_MAX_STATES = 2_000_000;

/** Exact enumeration is not possible for this design (unbounded, or too many states). */
export class ExactInfeasibleError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = "ExactInfeasibleError";
  }
}

/** Options of an exact run. */
export interface ExactOptions {
  /** Give up (ExactInfeasibleError) beyond this many distinct states. __Default:__ 2,000,000. */
  readonly maxStates?: number;
  /** The cohort cap, as in Monte Carlo (a trial reaching it stops with reason "cap"). */
  readonly maxCohorts?: number;
  /** Visit outcomes in reverse order (most DLTs first, chance "no" first): for testing order invariance. */
  readonly reverse?: boolean;
}

/** One truth curve for the exact engine. */
export interface ExactCurve {
  readonly truth: readonly number[];
  /** 0-based true MTD, or -1 without a target. */
  readonly trueMtd: number;
}

/** The result of an exact run: one accumulator per curve, and the number of distinct states expanded. */
export interface ExactRun {
  readonly layout: Layout;
  readonly accs: Float64Array[];
  readonly states: number;
}

const CAP = REASONS.indexOf("cap");

/**
 * The states of one level (total patients): an open-addressing hash table over packed integer
 * records (no strings, no per-state objects), with one probability per curve. Entries already
 * expanded (index < `done`) never absorb new probability: a later arrival at the same state
 * becomes a new entry, expanded on its own (correct by linearity).
 */
class Level {
  rec: Int32Array;
  probs: Float64Array;
  hashes: Int32Array;
  table: Int32Array;
  mask: number;
  count = 0;
  done = 0;
  constructor(
    private readonly R: number,
    private readonly C: number,
  ) {
    const cap = 64;
    this.rec = new Int32Array(cap * R);
    this.probs = new Float64Array(cap * C);
    this.hashes = new Int32Array(cap);
    this.table = new Int32Array(cap * 2);
    this.mask = cap * 2 - 1;
  }

  /** Add `w` to the state `r` (R ints) whose hash is `h`; returns true when a new entry was made. */
  add(r: Int32Array, h: number, w: Float64Array): boolean {
    const { R, C } = this;
    let slot = h & this.mask;
    for (;;) {
      const e = this.table[slot] - 1;
      if (e < 0) break;
      if (e >= this.done && this.hashes[e] === h) {
        const o = e * R;
        let same = true;
        for (let j = 0; j < R; j++) {
          if (this.rec[o + j] !== r[j]) {
            same = false;
            break;
          }
        }
        if (same) {
          const po = e * C;
          for (let c = 0; c < C; c++) this.probs[po + c] += w[c];
          return false;
        }
      }
      slot = (slot + 1) & this.mask;
    }
    const i = this.count++;
    if (i >= this.hashes.length) this.grow();
    this.rec.set(r, i * R);
    this.probs.set(w, i * C);
    this.hashes[i] = h;
    if (this.count * 2 > this.table.length) this.rehash();
    else this.table[slot] = i + 1;
    return true;
  }

  /** Empty the level for reuse (keeps its arrays, so later levels allocate nothing). */
  clear(): void {
    this.count = 0;
    this.done = 0;
    this.table.fill(0);
  }

  private grow(): void {
    const cap = this.hashes.length * 2;
    const rec = new Int32Array(cap * this.R);
    rec.set(this.rec);
    this.rec = rec;
    const probs = new Float64Array(cap * this.C);
    probs.set(this.probs);
    this.probs = probs;
    const hashes = new Int32Array(cap);
    hashes.set(this.hashes);
    this.hashes = hashes;
  }

  /** Rebuild the table at twice the size (entries are inserted in index order). */
  private rehash(): void {
    this.table = new Int32Array(this.table.length * 2);
    this.mask = this.table.length - 1;
    for (let e = 0; e < this.count; e++) {
      let slot = this.hashes[e] & this.mask;
      while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
      this.table[slot] = e + 1;
    }
  }
}

/**
 * Exact operating characteristics of `design` under each curve.
 * @throws ExactInfeasibleError when the design has no finite maximum sample size or reaches more
 * than `maxStates` distinct states.
 * @example exactDesign(threePlusThree, [{ truth: [0.05, 0.1, 0.25, 0.4, 0.55], trueMtd: 2 }]).states // => 249 (the 3+3 of designs/sys6020-3plus3.json)
 */
export function exactDesign(design: Design, curves: readonly ExactCurve[], options: ExactOptions = {}): ExactRun {
  const maxStates = options.maxStates ?? DEFAULT_MAX_STATES;
  const maxCohorts = options.maxCohorts ?? DEFAULT_MAX_COHORTS;
  const reverse = options.reverse ?? false;
  const K = design.numDoses;
  const M = design.memSlots;
  const C = curves.length;
  const maxP = design.maxPatients;
  if (!Number.isFinite(maxP)) throw new ExactInfeasibleError(messages.exactUnbounded());
  const L = layoutFor(design, maxCohorts);
  const accs = curves.map(() => new Float64Array(L.length));
  // The cohort cap can end a trial only if a trial can have maxCohorts cohorts (each has >= 1 patient).
  const capBinds = maxCohorts < maxP;
  const S = design.maxCohortSize;

  // pmf[dose][size]: b(k; size, p_c) at [k * C + c]
  const pmf: Float64Array[][] = Array.from({ length: K }, (_, d) =>
    Array.from({ length: S + 1 }, (_, size) => {
      const t = new Float64Array((size + 1) * C);
      curves.forEach((cv, c) => binomialPmfs(size, cv.truth[d]).forEach((p, k) => (t[k * C + c] = p)));
      return t;
    }),
  );

  // A state as R integers: n, y, en, ey per dose; current; eliminatedFrom; escalation patients
  // (not always the sum of n: a complete-information panel patient counts at every dose); memory;
  // cohorts (only when the cap binds).
  const R = 4 * K + 3 + M + (capBinds ? 1 : 0);
  const iEsc = 4 * K + 2;
  const packed = new Int32Array(R);
  // An additive hash, sum of v_j * MUL[j] (mod 2^32) with fixed odd multipliers, so that a child
  // state's hash is its parent's plus the few terms that change; mixed before indexing a table.
  const MUL = new Int32Array(R);
  let seed = 0x9e3779b9 | 0;
  for (let j = 0; j < R; j++) {
    seed = (Math.imul(seed ^ (seed >>> 16), 0x85ebca6b) + 0x6a09e667) | 0;
    MUL[j] = seed | 1;
  }
  /** Pack `s` into `packed` and return its (unmixed) additive hash. */
  const pack = (s: TrialState): number => {
    let i = 0;
    for (let d = 0; d < K; d++) {
      packed[i++] = s.n[d];
      packed[i++] = s.y[d];
      packed[i++] = s.en[d];
      packed[i++] = s.ey[d];
    }
    packed[i++] = s.current;
    packed[i++] = s.eliminatedFrom;
    packed[i++] = s.escalationN;
    for (let m = 0; m < M; m++) packed[i++] = s.mem[m];
    if (capBinds) packed[i++] = s.cohorts;
    let h = 0;
    for (let j = 0; j < R; j++) h = (h + Math.imul(packed[j], MUL[j])) | 0;
    return h;
  };
  /** murmur3's finaliser: spreads an additive hash over the table's low bits. */
  const mix = (h: number): number => {
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h & 0x7fffffff;
  };
  const unpack = (rec: Int32Array, o: number, s: TrialState): void => {
    let i = o;
    let expN = 0;
    for (let d = 0; d < K; d++) {
      s.n[d] = rec[i++];
      s.y[d] = rec[i++];
      expN += s.en[d] = rec[i++];
      s.ey[d] = rec[i++];
    }
    s.current = rec[i++];
    s.eliminatedFrom = rec[i++];
    const escN = rec[i++];
    for (let m = 0; m < M; m++) s.mem[m] = rec[i++];
    s.escalationN = escN;
    s.expansionN = expN;
    // Without the cap, the cohort count is not part of a state's name; designs may only rely on
    // it being 0 exactly when no patient has been treated, which this lower bound keeps.
    s.cohorts = capBinds ? rec[i++] : Math.ceil((escN + expN) / S);
  };

  const levels: (Level | undefined)[] = new Array(maxP + 1);
  const pool: Level[] = []; // finished levels, reused (only the next maxCohortSize levels are ever open)
  let created = 0;
  /** Add weights `w` to the state in `packed`, with additive hash `h`, at `level`. */
  const addPacked = (level: number, h: number, w: Float64Array): void => {
    let any = false;
    for (let c = 0; c < C; c++) if (w[c] > 0) any = true;
    if (!any) return;
    const lv = (levels[level] ??= pool.pop() ?? new Level(R, C));
    if (lv.add(packed, mix(h), w) && ++created > maxStates) throw new ExactInfeasibleError(messages.exactTooManyStates(maxStates));
  };
  /** Add weights `w` to the state `s` at `level`. */
  const add = (level: number, s: TrialState, w: Float64Array): void => addPacked(level, pack(s), w);

  const work = new TrialState(K, M);
  const metrics = new Float64Array(Math.max(1, design.metrics.length));
  const hasMetrics = design.metrics.length > 0;
  const cur = new Float64Array(C);
  const w = new Float64Array(C);

  const terminal = (reason: number): void => {
    const selected = design.selectMtd(work);
    if (hasMetrics) design.measure(work, metrics, 0);
    for (let c = 0; c < C; c++) if (cur[c] > 0) addTrial(accs[c], L, work, selected, reason, curves[c].trueMtd, metrics, cur[c]);
  };

  const branchChance = (level: number, dec: Decision): void => {
    const first = reverse ? dec.no : dec.yes;
    const second = reverse ? dec.yes : dec.no;
    const p1 = reverse ? 1 - dec.p : dec.p;
    work.mem[dec.slot] = first;
    for (let c = 0; c < C; c++) w[c] = cur[c] * p1;
    add(level, work, w);
    work.mem[dec.slot] = second;
    for (let c = 0; c < C; c++) w[c] = cur[c] * (1 - p1);
    add(level, work, w);
  };

  /** The children of a treat decision: pack the state once, then change only the cells a cohort touches. */
  const treatAll = (level: number, dec: Decision): void => {
    const size = dec.size;
    const next = level + size;
    if (next > maxP) throw new Error(`${design.type}: a cohort takes the trial to ${next} patients, above the design's bound of ${maxP}`);
    const table = pmf[dec.dose][size];
    let h = pack(work);
    const iN = 4 * dec.dose + (dec.expansion ? 2 : 0);
    const iY = iN + 1;
    const iCur = 4 * K;
    packed[iN] += size;
    h = (h + Math.imul(size, MUL[iN])) | 0;
    if (!dec.expansion) {
      packed[iEsc] += size;
      h = (h + Math.imul(size, MUL[iEsc])) | 0;
    }
    h = (h + Math.imul(dec.dose - packed[iCur], MUL[iCur])) | 0;
    packed[iCur] = dec.dose;
    if (capBinds) {
      packed[R - 1] += 1;
      h = (h + MUL[R - 1]) | 0;
    }
    const y0 = packed[iY];
    for (let j = 0; j <= size; j++) {
      const k = reverse ? size - j : j;
      packed[iY] = y0 + k;
      for (let c = 0; c < C; c++) w[c] = cur[c] * table[k * C + c];
      addPacked(next, (h + Math.imul(k, MUL[iY])) | 0, w);
    }
  };

  /**
   * The children of a complete-information panel of N patients: each patient's latent tolerance
   * falls in one of the K + 1 cells (0, p_1], (p_1, p_2], ..., (p_K, 1], so the cell counts are
   * multinomial and y_d is the count of the cells below p_d. Every composition of N into K + 1
   * parts is one child. This needs the same dose order for every curve, i.e. monotone curves.
   */
  const treatPanel = (level: number, dec: Decision): void => {
    const N = dec.size;
    const next = level + N;
    if (next > maxP) throw new Error(`${design.type}: a panel takes the trial to ${next} patients, above the design's bound of ${maxP}`);
    for (const cv of curves) {
      for (let d = 1; d < K; d++) {
        if (cv.truth[d] < cv.truth[d - 1]) throw new ExactInfeasibleError(messages.exactPanelNonMonotone());
      }
    }
    // log q_j per cell and curve (-Infinity for an empty cell)
    const logQ = new Float64Array((K + 1) * C);
    curves.forEach((cv, c) => {
      for (let j = 0; j <= K; j++) {
        const q = (j < K ? cv.truth[j] : 1) - (j > 0 ? cv.truth[j - 1] : 0);
        logQ[j * C + c] = q > 0 ? Math.log(q) : -Infinity;
      }
    });
    const logFact = new Float64Array(N + 1);
    for (let i = 1; i <= N; i++) logFact[i] = logFact[i - 1] + Math.log(i);
    pack(work);
    const base = Int32Array.from(packed);
    const counts = new Int32Array(K + 1);
    const visit = (j: number, left: number): void => {
      if (j === K) {
        counts[K] = left;
        let below = 0;
        packed.set(base);
        for (let d = 0; d < K; d++) {
          below += counts[d];
          packed[4 * d] += N;
          packed[4 * d + 1] += below;
        }
        packed[4 * K] = dec.dose < 0 ? packed[4 * K] : dec.dose;
        packed[iEsc] += N;
        if (capBinds) packed[R - 1] += 1;
        for (let c = 0; c < C; c++) {
          let lw = logFact[N];
          for (let i = 0; i <= K; i++) {
            const k = counts[i];
            if (k > 0) lw += k * logQ[i * C + c] - logFact[k];
          }
          w[c] = cur[c] * Math.exp(lw);
        }
        let h = 0;
        for (let r = 0; r < R; r++) h = (h + Math.imul(packed[r], MUL[r])) | 0;
        addPacked(next, h, w);
        return;
      }
      for (let k = 0; k <= left; k++) {
        counts[j] = reverse ? left - k : k;
        visit(j + 1, left - counts[j]);
      }
    };
    visit(0, N);
  };

  work.reset(design.startDose);
  cur.fill(1);
  add(0, work, cur);
  let states = 0;
  for (let level = 0; level <= maxP; level++) {
    const lv = levels[level];
    if (!lv) continue;
    for (let i = 0; i < lv.count; i++) {
      lv.done = i + 1; // a later arrival at this state (from a chance branch) is expanded on its own
      for (let c = 0; c < C; c++) cur[c] = lv.probs[i * C + c];
      unpack(lv.rec, i * R, work);
      states++;
      const dec = design.decide(work);
      if (dec.action === Action.Chance) {
        branchChance(level, dec);
        continue;
      }
      if (dec.eliminateFrom >= 0) work.eliminate(dec.eliminateFrom);
      if (dec.writeSlot >= 0) work.mem[dec.writeSlot] = dec.writeValue;
      if (dec.action === Action.Stop) terminal(dec.reason);
      else if (work.cohorts >= maxCohorts) terminal(CAP);
      else if (dec.panel) treatPanel(level, dec);
      else treatAll(level, dec);
    }
    levels[level] = undefined;
    lv.clear();
    pool.push(lv);
  }
  return { layout: L, accs, states };
}
