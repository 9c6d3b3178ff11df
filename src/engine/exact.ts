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
import { INDEPENDENT, responseGivenDlt } from "../model/joint.js";
import { addFinal, addTrial, type Layout } from "./accumulator.js";
import { DEFAULT_MAX_COHORTS, layoutFor } from "./monte-carlo.js";

/** Default bound on distinct states before exact enumeration gives up. */
export const DEFAULT_MAX_STATES = 10_000_000;

/**
 * Default bound on the ints of all state records made (4 bytes each): at least 10^8 (400 MB),
 * and 12 ints per allowed state. It binds for designs with wide states (many doses), whose
 * states cost more each: a 100-dose 3+3 state is 102 ints, a 6-dose BOIN state 9.
 */
export function defaultMaxStateInts(maxStates: number): number {
  return Math.max(100_000_000, 12 * maxStates);
}

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
  /** Give up beyond this many ints of state records made. __Default:__ {@link defaultMaxStateInts}(maxStates). */
  readonly maxStateInts?: number;
  /**
   * Give up early when the states so far predict more than `maxStates` in all: after each level,
   * the states made plus, for every level still to come, as many as the largest level so far
   * (levels grow until trials start to end), or, once a level holds {@link GROWTH_MIN} states and
   * the levels have grown in each of the last two steps, the level sizes that growth gives
   * (slowing down as it did in the last step; at the smaller rate when it did not slow). For
   * `auto`, which falls back to Monte Carlo, so that a hopeless enumeration stops soon instead of
   * at the limit. A wrong guess only makes `auto` simulate a design it could have enumerated.
   */
  readonly predict?: boolean;
  /** The cohort cap, as in Monte Carlo (a trial reaching it stops with reason "cap"). */
  readonly maxCohorts?: number;
  /** Visit outcomes in reverse order (most DLTs first, chance "no" first): for testing order invariance. */
  readonly reverse?: boolean;
}

/** One truth curve for the exact engine. */
export interface ExactCurve {
  readonly truth: readonly number[];
  /** The curve's response rates and association, for a design with a final-state phase (Design.finalStateOc). */
  readonly response?: readonly number[];
  readonly association?: import("../model/joint.js").Association;
  /** 0-based true MTD, or -1 without a target. */
  readonly trueMtd: number;
}

/** The result of an exact run: one accumulator per curve, and the number of distinct states expanded. */
export interface ExactRun {
  readonly layout: Layout;
  readonly accs: Float64Array[];
  readonly states: number;
  /**
   * Memory of the walk at its peak: the bytes the open levels' arrays held (records,
   * probabilities, hash tables, spare capacity included) after a level was expanded, and the
   * states they held then; peakBytes / peakStates is the cost of a state held.
   */
  readonly peakBytes: number;
  readonly peakStates: number;
}

const CAP = REASONS.indexOf("cap");

const fmtInt = (x: number): string => Math.round(x).toLocaleString("en-US");

/** A probe starts within this many slots (minus 1) of its base: about 16 KB of a level's table. */
const LOCAL_WINDOW = 2047;
/**
 * A level is crowding its windows when a new entry probes past CROWDED occupied slots and its new
 * entries so far have probed past CROWDED_MEAN slots on average: one long probe alone is the
 * ordinary tail of linear probing in a large level, not crowding, and spreading such a level over
 * its whole table would cost every later probe a cache miss.
 */
const CROWDED = 48;
const CROWDED_MEAN = 8;

/**
 * The prediction (ExactOptions.predict) projects the growth of the level sizes only from a level
 * of this many states on: smaller levels say little about the rate (and cost little).
 */
export const GROWTH_MIN = 10_000;

/** murmur3's finaliser: spreads an additive hash over a table's low bits (non-negative). */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h & 0x7fffffff;
}

/** Where {@link Level.warm}'s reads go, so that the compiler keeps them. */
let warmSink = 0;

/**
 * The states of one level (total patients): an open-addressing hash table over packed integer
 * records (no strings, no per-state objects), with one probability per curve. An entry's record
 * and its probabilities sit side by side in one buffer (the record padded to an even number of
 * ints, then C doubles), so that merging into an entry touches one place in memory, not two.
 * A table slot holds the entry's index + 1 and its hash side by side, so a probe reads one
 * place and compares a record only when the hashes agree. Entries already expanded
 * (index < `done`) never absorb new probability: a later arrival at the same state becomes a
 * new entry, expanded on its own (correct by linearity).
 */
class Level {
  /** Entry e: its record at rec[e * stride ..], its probabilities at probs[e * stride / 2 + pOff ..]. */
  rec: Int32Array;
  probs: Float64Array;
  /** Entry e's probe base (see {@link Level.add}), kept to rehash without the records. */
  bases: Int32Array;
  /** Ints per entry: the record padded to even, then 2 per curve. */
  readonly stride: number;
  /** The offset, in doubles, of an entry's probabilities from stride / 2 * e. */
  readonly pOff: number;
  /** Pairs (index + 1, fingerprint) per slot; 0 = empty. At most half the slots are used. */
  table: Int32Array;
  mask: number;
  /** The span of a probe's start around its base: LOCAL_WINDOW, or the whole table once the level clusters. */
  window = LOCAL_WINDOW;
  count = 0;
  done = 0;
  /** Occupied slots passed by the probes of the entries made since the level was cleared. */
  private probeSum = 0;
  constructor(
    private readonly R: number,
    private readonly C: number,
    cap = 64,
  ) {
    const Rp = R + (R & 1);
    this.stride = Rp + 2 * C;
    this.pOff = Rp / 2;
    const buf = new ArrayBuffer(cap * this.stride * 4);
    this.rec = new Int32Array(buf);
    this.probs = new Float64Array(buf);
    this.bases = new Int32Array(cap);
    let t = 64;
    while (t < 2 * cap) t <<= 1;
    this.table = new Int32Array(t * 2);
    this.mask = t - 1;
  }

  /** Entries the arrays hold before growing. */
  get capacity(): number {
    return this.bases.length;
  }

  /**
   * Add `w` to the state `r` (R ints); returns true when a new entry was made. Its probe starts
   * at `base` plus `fp` within the level's window, and `fp` (a hash of the whole state) is
   * compared before the record. States with the same base, those differing only in their DLT
   * counts, so probe within one window of the table, which the cache keeps. When that crowds
   * the table (a level whose states nearly all share a base, as a complete-information panel's
   * do), the level spreads over the whole table instead. Only speed depends on it, never the result.
   */
  add(r: Int32Array, base: number, fp: number, w: Float64Array): boolean {
    const { R, C, stride } = this;
    const table = this.table;
    const rec = this.rec;
    let slot = (base + (fp & this.window)) & this.mask;
    let probes = 0;
    for (;;) {
      const e = table[2 * slot] - 1;
      if (e < 0) break;
      if (table[2 * slot + 1] === fp && e >= this.done) {
        const o = e * stride;
        let j = 0;
        while (j < R && rec[o + j] === r[j]) j++;
        if (j === R) {
          const po = (o >> 1) + this.pOff;
          for (let c = 0; c < C; c++) this.probs[po + c] += w[c];
          return false;
        }
      }
      slot = (slot + 1) & this.mask;
      probes++;
    }
    const i = this.count++;
    if (i >= this.capacity) this.grow(2 * this.capacity);
    const o = i * stride;
    this.rec.set(r, o);
    this.probs.set(w, (o >> 1) + this.pOff);
    this.bases[i] = base;
    this.probeSum += probes;
    if (probes > CROWDED && this.window !== -1 && this.probeSum > CROWDED_MEAN * this.count) {
      this.window = -1; // all bits: the start is spread over the whole table
      this.rehash(this.mask + 1);
      this.place(i, base, fp);
    } else if (this.count * 2 > this.mask + 1) {
      this.rehash((this.mask + 1) * 2);
      this.place(i, base, fp);
    } else {
      table[2 * slot] = i + 1;
      table[2 * slot + 1] = fp;
    }
    return true;
  }

  /**
   * Read the first table slot of each of `n` states with probe base `base` and fingerprints
   * mix(h), mix(h + step), ..., before they are added one by one: the reads are independent, so
   * the processor waits for their cache misses together instead of one after another (there is
   * no prefetch instruction in JavaScript). Only speed depends on it.
   */
  warm(base: number, h: number, step: number, n: number): void {
    const table = this.table;
    const win = this.window;
    const mask = this.mask;
    let t = 0;
    for (let k = 0; k < n; k++) t |= table[2 * ((base + (mix((h + Math.imul(k, step)) | 0) & win)) & mask)];
    warmSink ^= t;
  }

  /** Put entry `i` in its first free slot. */
  private place(i: number, base: number, fp: number): void {
    let slot = (base + (fp & this.window)) & this.mask;
    while (this.table[2 * slot] !== 0) slot = (slot + 1) & this.mask;
    this.table[2 * slot] = i + 1;
    this.table[2 * slot + 1] = fp;
  }

  /**
   * Make room for `n` entries without growing or rehashing while they arrive (the walk reserves
   * a level's expected size before filling it, which saves the copies of growing by doubling).
   */
  reserve(n: number): void {
    if (n > this.capacity) this.grow(n);
    let t = this.mask + 1;
    while (t < 2 * n) t <<= 1;
    if (t > this.mask + 1) this.rehash(t);
  }

  /** Empty the level for reuse (keeps its arrays, so later levels allocate nothing). */
  clear(): void {
    this.count = 0;
    this.done = 0;
    this.window = LOCAL_WINDOW;
    this.probeSum = 0;
    this.table.fill(0);
  }

  /** Bytes of memory the level's arrays hold (entries and table). */
  bytes(): number {
    return this.rec.byteLength + this.bases.byteLength + this.table.byteLength;
  }

  private grow(cap: number): void {
    const buf = new ArrayBuffer(cap * this.stride * 4);
    const rec = new Int32Array(buf);
    rec.set(this.rec.subarray(0, this.count * this.stride));
    this.rec = rec;
    this.probs = new Float64Array(buf);
    const bases = new Int32Array(cap);
    bases.set(this.bases.subarray(0, this.count));
    this.bases = bases;
  }

  /** Rebuild the table with `size` slots (the entries made so far, in order). */
  private rehash(size: number): void {
    const old = this.table;
    this.table = new Int32Array(size * 2);
    this.mask = size - 1;
    for (let s = 0; s < old.length; s += 2) {
      const e1 = old[s];
      if (e1 !== 0) this.place(e1 - 1, this.bases[e1 - 1], old[s + 1]);
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
  const maxStateInts = options.maxStateInts ?? defaultMaxStateInts(maxStates);
  const maxCohorts = options.maxCohorts ?? DEFAULT_MAX_COHORTS;
  const reverse = options.reverse ?? false;
  const K = design.numDoses;
  const M = design.memSlots;
  const C = curves.length;
  const maxP = design.maxPatients;
  if (!Number.isFinite(maxP)) throw new ExactInfeasibleError(messages.exactUnbounded());
  // states pack their counts in 16-bit halves of an int (see R below)
  if (maxP > 0x7fff || design.numDoses > 0x7fff) {
    throw new ExactInfeasibleError(`exact: the design can enrol ${maxP} patients on ${design.numDoses} doses, beyond exact enumeration (at most 32,767); use --method monte-carlo`);
  }
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

  // A joint-outcome design (Design.jointOutcomes): per dose and curve, the pmfs of the responses
  // among m DLT patients and among m patients without a DLT (m = 0..S), at [r * C + c].
  const joint = design.jointOutcomes;
  const respPmf = (withDlt: boolean): Float64Array[][] =>
    Array.from({ length: K }, (_, d) =>
      Array.from({ length: S + 1 }, (_, m) => {
        const t = new Float64Array((m + 1) * C);
        curves.forEach((cv, c) => {
          if (!cv.response || cv.response.length !== K) throw new Error(`${design.type} decides on responses: every curve must give a response rate per dose`);
          const g = responseGivenDlt(cv.truth[d], cv.response[d], cv.association ?? INDEPENDENT);
          binomialPmfs(m, withDlt ? g.withDlt : g.withoutDlt).forEach((p, r) => (t[r * C + c] = p));
        });
        return t;
      }),
    );
  const respWith = joint ? respPmf(true) : [];
  const respWithout = joint ? respPmf(false) : [];

  // A state as R integers, two 16-bit fields per int (every count is below 2^15, checked above):
  // (n | y << 16) per dose; (en | ey << 16) per dose, only for designs with an expansion (else
  // they stay 0); (current | eliminatedFrom << 16); (escalation patients | cohorts << 16), the
  // escalation count kept because a complete-information panel patient counts at every dose,
  // the cohorts only when the cap binds; then the memory slots, whole ints.
  const X = design.maxExpansionPatients > 0;
  const iCE = X ? 2 * K : K;
  const iEsc = iCE + 1;
  const R = iEsc + 1 + M;
  const packed = new Int32Array(R);
  // An additive hash, sum of v_j * MUL[j] (mod 2^32) with fixed odd multipliers, so that a child
  // state's hash is its parent's plus the few terms that change; mixed before indexing a table.
  const MUL = new Int32Array(R);
  let seed = 0x9e3779b9 | 0;
  for (let j = 0; j < R; j++) {
    seed = (Math.imul(seed ^ (seed >>> 16), 0x85ebca6b) + 0x6a09e667) | 0;
    MUL[j] = seed | 1;
  }
  /** The (unmixed) additive hash of `packed`. */
  const hashOf = (): number => {
    let h = 0;
    for (let j = 0; j < R; j++) h = (h + Math.imul(packed[j], MUL[j])) | 0;
    return h;
  };
  /** Pack `s` into `packed` and return its (unmixed) additive hash. */
  const pack = (s: TrialState): number => {
    for (let d = 0; d < K; d++) packed[d] = s.n[d] | (s.y[d] << 16);
    if (X) for (let d = 0; d < K; d++) packed[K + d] = s.en[d] | (s.ey[d] << 16);
    packed[iCE] = s.current | (s.eliminatedFrom << 16);
    packed[iEsc] = s.escalationN | (capBinds ? s.cohorts << 16 : 0);
    for (let m = 0; m < M; m++) packed[iEsc + 1 + m] = s.mem[m];
    return hashOf();
  };
  /**
   * A state's probe base, from the additive hash's low 16 bits: every DLT count and every high
   * half of a packed int enters that hash times 2^16, so the low bits depend only on the n's,
   * the current dose, the escalation count and the memory slots. The states that differ only in
   * their DLT counts (a cohort's siblings, and most states merged into one) share a base.
   */
  const baseOf = (h: number): number => mix(h & 0xffff);
  const unpack = (rec: Int32Array, o: number, s: TrialState): void => {
    let expN = 0;
    for (let d = 0; d < K; d++) {
      const v = rec[o + d];
      s.n[d] = v & 0xffff;
      s.y[d] = v >>> 16;
      if (X) {
        const e = rec[o + K + d];
        expN += s.en[d] = e & 0xffff;
        s.ey[d] = e >>> 16;
      } else {
        s.en[d] = 0;
        s.ey[d] = 0;
      }
    }
    const ce = rec[o + iCE];
    s.current = ce & 0xffff;
    s.eliminatedFrom = ce >>> 16;
    const esc = rec[o + iEsc];
    const escN = esc & 0xffff;
    for (let m = 0; m < M; m++) s.mem[m] = rec[o + iEsc + 1 + m];
    s.escalationN = escN;
    s.expansionN = expN;
    // Without the cap, the cohort count is not part of a state's name; designs may only rely on
    // it being 0 exactly when no patient has been treated, which this lower bound keeps.
    s.cohorts = capBinds ? esc >>> 16 : Math.ceil((escN + expN) / S);
  };

  const levels: (Level | undefined)[] = new Array(maxP + 1);
  // the states each level held when it was expanded, and the level being expanded now
  const sizes = new Float64Array(maxP + 1);
  let expanding = 0;
  /**
   * The size to reserve for a level first reached while `expanding` is expanded: the expanding
   * level's size times the growth seen over the same gap before it (10 % spare), so that a
   * growing level is not copied and rehashed at each doubling. 0 (no reservation) without that
   * history or when levels shrink. Only memory and speed depend on it, never the result.
   */
  const expectedSize = (level: number): number => {
    const gap = level - expanding;
    const a = sizes[expanding];
    const b = gap > 0 && expanding - gap >= 0 ? sizes[expanding - gap] : 0;
    if (!(a > 0 && b > 0) || a <= b) return 0;
    return Math.min(Math.ceil(a * Math.min(S + 1, a / b) * 1.1), maxCreated - created + 1);
  };
  const pool: Level[] = []; // finished levels, reused (only the next maxCohortSize levels are ever open)
  let created = 0;
  const maxCreated = Math.min(maxStates, Math.floor(maxStateInts / R));
  /** Add weights `w` to the state in `packed`, with additive hash `h`, at `level`. */
  const addPacked = (level: number, h: number, w: Float64Array): void => {
    let any = false;
    for (let c = 0; c < C; c++) if (w[c] > 0) any = true;
    if (!any) return;
    let lv = levels[level];
    if (!lv) {
      lv = levels[level] = pool.pop() ?? new Level(R, C);
      const est = expectedSize(level);
      if (est > 0) lv.reserve(est);
    }
    if (lv.add(packed, baseOf(h), mix(h), w) && ++created > maxCreated) {
      if (created > maxStates) throw new ExactInfeasibleError(messages.exactTooManyStates(maxStates));
      throw new ExactInfeasibleError(`exact: the design's trial states take ${R} ints each, and more than ${fmtInt(maxStateInts / R)} of them (${fmtInt((maxStateInts * 4) / 2 ** 20)} MB) would be needed; use --method monte-carlo`);
    }
  };
  /** Add weights `w` to the state `s` at `level`. */
  const add = (level: number, s: TrialState, w: Float64Array): void => addPacked(level, pack(s), w);

  const work = new TrialState(K, M);
  const metrics = new Float64Array(Math.max(1, design.metrics.length));
  const hasMetrics = design.metrics.length > 0;
  const cur = new Float64Array(C);
  const w = new Float64Array(C);

  // a final-state phase (Design.finalStateOc): its values added with each final state's probability
  const evaluators = design.finalStateOc ? curves.map((cv) => design.finalStateOc!.forCurve(cv)) : undefined;
  const phaseValues = new Float64Array(Math.max(1, design.finalStateOc?.names.length ?? 0));
  const terminal = (reason: number): void => {
    const selected = design.selectMtd(work);
    if (hasMetrics) design.measure(work, metrics, 0);
    for (let c = 0; c < C; c++) {
      if (!(cur[c] > 0)) continue;
      addTrial(accs[c], L, work, selected, reason, curves[c].trueMtd, metrics, cur[c]);
      if (evaluators) {
        evaluators[c](work, phaseValues);
        addFinal(accs[c], L, phaseValues, cur[c], null);
      }
    }
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
    if (dec.expansion && !X) throw new Error(`${design.type}: an expansion cohort from a design that declares no expansion patients`);
    const iN = dec.expansion ? K + dec.dose : dec.dose; // n (low half) and y (high half)
    packed[iN] += size;
    h = (h + Math.imul(size, MUL[iN])) | 0;
    // escalation patients (low half) and, when the cap binds, one more cohort (high half)
    const dEsc = (dec.expansion ? 0 : size) + (capBinds ? 1 << 16 : 0);
    packed[iEsc] += dEsc;
    h = (h + Math.imul(dEsc, MUL[iEsc])) | 0;
    const dCur = dec.dose - (packed[iCE] & 0xffff);
    packed[iCE] += dCur;
    h = (h + Math.imul(dCur, MUL[iCE])) | 0;
    const v0 = packed[iN];
    if (joint && !dec.expansion) {
      // joint outcomes: k DLTs, rk responses among them and rn among the others (memory slots are whole ints)
      const iR = iEsc + 1 + joint.slot + dec.dose;
      const iB = iEsc + 1 + joint.slot + K + dec.dose;
      const r0 = packed[iR];
      const b0 = joint.both ? packed[iB] : 0;
      for (let j = 0; j <= size; j++) {
        const k = reverse ? size - j : j;
        packed[iN] = v0 + (k << 16);
        const hk = (h + Math.imul(k << 16, MUL[iN])) | 0;
        const pw = respWith[dec.dose][k];
        const pn = respWithout[dec.dose][size - k];
        for (let rk = 0; rk <= k; rk++) {
          let hb = hk;
          if (joint.both) {
            packed[iB] = b0 + rk;
            hb = (hb + Math.imul(rk, MUL[iB])) | 0;
          }
          for (let rn = 0; rn <= size - k; rn++) {
            packed[iR] = r0 + rk + rn;
            for (let c = 0; c < C; c++) w[c] = cur[c] * table[k * C + c] * pw[rk * C + c] * pn[rn * C + c];
            addPacked(next, (hb + Math.imul(rk + rn, MUL[iR])) | 0, w);
          }
        }
      }
      return;
    }
    // the cohort's outcomes share a probe base (they differ in a DLT count only): read their
    // table slots together first (the level exists once its first state is added)
    levels[next]?.warm(baseOf(h), h, MUL[iN] << 16, size + 1);
    for (let j = 0; j <= size; j++) {
      const k = reverse ? size - j : j;
      packed[iN] = v0 + (k << 16);
      for (let c = 0; c < C; c++) w[c] = cur[c] * table[k * C + c];
      addPacked(next, (h + Math.imul(k << 16, MUL[iN])) | 0, w);
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
          packed[d] += N + (below << 16);
        }
        if (dec.dose >= 0) packed[iCE] = (packed[iCE] & ~0xffff) | dec.dose;
        packed[iEsc] += N + (capBinds ? 1 << 16 : 0);
        for (let c = 0; c < C; c++) {
          let lw = logFact[N];
          for (let i = 0; i <= K; i++) {
            const k = counts[i];
            if (k > 0) lw += k * logQ[i * C + c] - logFact[k];
          }
          w[c] = cur[c] * Math.exp(lw);
        }
        addPacked(next, hashOf(), w);
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
  let peakBytes = 0;
  let peakStates = 0;
  let largest = 0;
  // the prediction's growth: the last level expanded (patients, states) and its per-patient rate
  let prevLevel = -1;
  let prevCount = 0;
  let prevRate = 0;
  // the smallest cohort met so far (the prediction steps through the levels to come by it)
  let minCohort = S;
  for (let level = 0; level <= maxP; level++) {
    const lv = levels[level];
    if (!lv) continue;
    expanding = level;
    sizes[level] = lv.count;
    for (let i = 0; i < lv.count; i++) {
      lv.done = i + 1; // a later arrival at this state (from a chance branch) is expanded on its own
      const o = i * lv.stride;
      const po = (o >> 1) + lv.pOff;
      for (let c = 0; c < C; c++) cur[c] = lv.probs[po + c];
      unpack(lv.rec, o, work);
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
      else {
        if (dec.size < minCohort) minCohort = dec.size;
        treatAll(level, dec);
      }
    }
    if (options.predict) {
      largest = Math.max(largest, lv.count);
      let open = 0;
      for (let l = level + 1; l <= maxP; l++) if (levels[l]) open++;
      // the levels still to come that a trial can reach: about one per cohort of the usual size
      const ahead = Math.max(0, Math.floor((maxP - level) / Math.max(1, minCohort)) - open);
      let predicted = created + ahead * largest;
      // levels still growing are projected from this level's size, one cohort at a time, by the
      // growth of the last step, slowing down by as much as it slowed in that step (BOIN's
      // levels grow about 2-fold a cohort, slowing by about 0.05 each; BOIN12's about 5-fold)
      const m = Math.max(1, minCohort);
      const rate = prevCount > 0 && lv.count > 0 ? Math.pow(lv.count / prevCount, m / (level - prevLevel)) : 0;
      if (lv.count >= GROWTH_MIN && rate > 1 && prevRate > 1) {
        const slowing = Math.max(0, prevRate - rate);
        let r = Math.min(rate, prevRate); // the current rate when it slowed, else the smaller
        let size = lv.count;
        let sum = 0;
        for (let k = 0; k < ahead && created + sum <= maxCreated; k++) {
          if (r > 1) size *= r;
          sum += size;
          r -= slowing;
        }
        predicted = Math.max(predicted, created + sum);
      }
      if (lv.count > 0) {
        prevRate = rate;
        prevCount = lv.count;
        prevLevel = level;
      }
      if (predicted > maxCreated) {
        throw new ExactInfeasibleError(`exact: after ${fmtInt(created)} distinct trial states, about ${fmtInt(predicted)} are predicted (more than ${fmtInt(maxCreated)}); use --method monte-carlo or raise --max-states`);
      }
    }
    // the memory held now: the open levels, the one just expanded (freed below) and the
    // finished ones kept for reuse
    let bytes = 0;
    let held = 0;
    for (const o of pool) bytes += o.bytes();
    for (let l = level; l <= Math.min(maxP, level + S); l++) {
      const o = levels[l];
      if (o) {
        bytes += o.bytes();
        held += o.count;
      }
    }
    if (bytes > peakBytes) {
      peakBytes = bytes;
      peakStates = held;
    }
    levels[level] = undefined;
    lv.clear();
    pool.push(lv);
  }
  return { layout: L, accs, states, peakBytes, peakStates };
}
