/**
 * Trial state: the sufficient statistics every design decides from.
 *
 * Per dose, the patients `n` and DLTs `y` of the escalation phase and `en`/`ey` of the
 * dose-expansion phase; the current dose; the lowest eliminated dose; a few integer memory
 * slots that designs and modifiers reserve (for example "the SMC declined at dose 2").
 * Decisions depend on this state alone, which is what lets the exact engine merge paths
 * that reach the same state.
 */

/** Read-only integer array view (a typed array a design must not write to). */
export interface ReadonlyInts {
  readonly [index: number]: number;
  readonly length: number;
}

/** What a design sees. It must not be mutated (the conformance suite checks this). */
export interface TrialView {
  readonly numDoses: number;
  /** Escalation-phase patients per dose. */
  readonly n: ReadonlyInts;
  /** Escalation-phase DLTs per dose. */
  readonly y: ReadonlyInts;
  /** Expansion-phase patients per dose. */
  readonly en: ReadonlyInts;
  /** Expansion-phase DLTs per dose. */
  readonly ey: ReadonlyInts;
  /** Design and modifier memory slots (0 = unset). */
  readonly mem: ReadonlyInts;
  /** The dose the last cohort was treated at (the start dose before any cohort). */
  readonly current: number;
  /** Doses with index >= this are eliminated; equals numDoses when none is. */
  readonly eliminatedFrom: number;
  /** Cohorts treated so far (escalation and expansion). */
  readonly cohorts: number;
  /** Patients treated in the escalation phase. */
  readonly escalationN: number;
  /** Patients treated in the expansion phase. */
  readonly expansionN: number;
}

/** The mutable state the engines own. Allocated once per engine run and reset per trial. */
export class TrialState implements TrialView {
  readonly numDoses: number;
  readonly n: Int32Array;
  readonly y: Int32Array;
  readonly en: Int32Array;
  readonly ey: Int32Array;
  readonly mem: Int32Array;
  current = 0;
  eliminatedFrom: number;
  cohorts = 0;
  escalationN = 0;
  expansionN = 0;

  /** One buffer behind n, y, en, ey and mem, so that a reset is one loop. */
  private readonly buffer: Int32Array;

  constructor(numDoses: number, memSlots: number) {
    this.numDoses = numDoses;
    const K = numDoses;
    this.buffer = new Int32Array(4 * K + memSlots);
    this.n = this.buffer.subarray(0, K);
    this.y = this.buffer.subarray(K, 2 * K);
    this.en = this.buffer.subarray(2 * K, 3 * K);
    this.ey = this.buffer.subarray(3 * K, 4 * K);
    this.mem = this.buffer.subarray(4 * K);
    this.eliminatedFrom = numDoses;
  }

  /** Back to an empty trial that starts at `startDose`. */
  reset(startDose: number): void {
    // a plain loop: for a few dozen entries it beats TypedArray.fill's call overhead
    const buf = this.buffer;
    for (let i = 0; i < buf.length; i++) buf[i] = 0;
    this.current = startDose;
    this.eliminatedFrom = this.numDoses;
    this.cohorts = 0;
    this.escalationN = 0;
    this.expansionN = 0;
  }

  /** Record a cohort of `size` patients with `dlts` DLTs at `dose`. */
  addCohort(dose: number, size: number, dlts: number, expansion: boolean): void {
    if (expansion) {
      this.en[dose] += size;
      this.ey[dose] += dlts;
      this.expansionN += size;
    } else {
      this.n[dose] += size;
      this.y[dose] += dlts;
      this.escalationN += size;
    }
    this.current = dose;
    this.cohorts++;
  }

  /**
   * Record one complete-information patient with latent tolerance `u`: observed at every dose,
   * with a DLT at dose d iff u < truth[d]. The patient counts once in the sample size.
   */
  addPanelPatient(u: number, truth: ArrayLike<number>): void {
    for (let d = 0; d < this.numDoses; d++) {
      this.n[d]++;
      if (u < truth[d]) this.y[d]++;
    }
    this.escalationN++;
  }

  /** Mark every dose at or above `from` eliminated (elimination is never undone). */
  eliminate(from: number): void {
    if (from >= 0 && from < this.eliminatedFrom) this.eliminatedFrom = from;
  }

  /** Make this state a copy of `other` (same dimensions). */
  copyFrom(other: TrialView): void {
    for (let d = 0; d < this.numDoses; d++) {
      this.n[d] = other.n[d];
      this.y[d] = other.y[d];
      this.en[d] = other.en[d];
      this.ey[d] = other.ey[d];
    }
    for (let i = 0; i < this.mem.length; i++) this.mem[i] = other.mem[i];
    this.current = other.current;
    this.eliminatedFrom = other.eliminatedFrom;
    this.cohorts = other.cohorts;
    this.escalationN = other.escalationN;
    this.expansionN = other.expansionN;
  }

  /** A new state equal to this one. */
  clone(): TrialState {
    const s = new TrialState(this.numDoses, this.mem.length);
    s.copyFrom(this);
    return s;
  }

  /**
   * A string naming the state for the exact engine. Two states with the same key make the
   * same decisions from here on, whatever path led to them. The cohort count is left out:
   * it only matters for the cohort cap, which the exact engine checks on its own.
   */
  key(): string {
    return `${this.n.join(",")}|${this.y.join(",")}|${this.en.join(",")}|${this.ey.join(",")}|${this.mem.join(",")}|${this.current}|${this.eliminatedFrom}`;
  }
}

/** Total patients, both phases. */
export function totalPatients(s: TrialView): number {
  return s.escalationN + s.expansionN;
}

/** Total DLTs, both phases. */
export function totalDlts(s: TrialView): number {
  let t = 0;
  for (let d = 0; d < s.numDoses; d++) t += s.y[d] + s.ey[d];
  return t;
}

/** Highest dose (0-based) with at least one escalation patient, or -1. */
export function highestTried(s: TrialView): number {
  for (let d = s.numDoses - 1; d >= 0; d--) if (s.n[d] > 0) return d;
  return -1;
}

/** Is `dose` eliminated? */
export function isEliminated(s: TrialView, dose: number): boolean {
  return dose >= s.eliminatedFrom;
}

/**
 * States as fixed-width integer records (the Monte Carlo state graph, the accumulator): n, y,
 * en, ey per dose, the memory slots, then current, eliminatedFrom, cohorts, escalationN, expansionN.
 */
/** Ints per state record: n, y, en, ey per dose, the memory slots, and five scalars. */
export function recordWidth(numDoses: number, memSlots: number): number {
  return 4 * numDoses + memSlots + 5;
}

/** Write `s` into r[0 .. width). */
export function writeRecord(s: TrialView, r: Int32Array): void {
  const K = s.numDoses;
  let i = 0;
  for (let d = 0; d < K; d++) {
    r[i++] = s.n[d];
    r[i++] = s.y[d];
    r[i++] = s.en[d];
    r[i++] = s.ey[d];
  }
  const mem = s.mem;
  for (let m = 0; m < mem.length; m++) r[i++] = mem[m];
  r[i++] = s.current;
  r[i++] = s.eliminatedFrom;
  r[i++] = s.cohorts;
  r[i++] = s.escalationN;
  r[i] = s.expansionN;
}

/** Make `s` the state stored at records[o ..]. */
export function readRecord(records: Int32Array, o: number, s: TrialState): void {
  const K = s.numDoses;
  let i = o;
  for (let d = 0; d < K; d++) {
    s.n[d] = records[i++];
    s.y[d] = records[i++];
    s.en[d] = records[i++];
    s.ey[d] = records[i++];
  }
  const mem = s.mem;
  for (let m = 0; m < mem.length; m++) mem[m] = records[i++];
  s.current = records[i++];
  s.eliminatedFrom = records[i++];
  s.cohorts = records[i++];
  s.escalationN = records[i++];
  s.expansionN = records[i];
}

