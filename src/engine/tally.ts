/**
 * Terminal-state tally for a step-by-step Monte Carlo loop. Phase I trials end in far fewer
 * distinct states than there are trials (the 3+3 on five doses has 249 reachable states), so
 * instead of selecting the MTD and adding up statistics for every trial, the loop records each
 * final state in a hash table with a count, and once per block the distinct states are selected
 * and added to the accumulator with their counts as weights. Counts are integers, so the
 * accumulator holds exactly the sums a trial-by-trial addition would give.
 *
 * The engine (monte-carlo.ts) now tallies final states by their id in the state graph, with the
 * same first-seen order and flush points as this class; the class remains as the reference the
 * engine's tests compare against (test/unit/engine/monte-carlo.test.ts).
 *
 * A record holds everything selection, metrics and the accumulator read: n, y, en, ey per dose,
 * the memory slots, the current dose, the lowest eliminated dose, the cohort count, the
 * escalation and expansion sample sizes, and the stop reason.
 */
import { readRecord, recordWidth, TrialState, writeRecord } from "../model/state.js";

export class TerminalTally {
  /** Ints per record. */
  readonly width: number;
  private readonly capacity: number;
  private readonly mask: number;
  private readonly records: Int32Array;
  private readonly counts: Float64Array;
  /** slot of each used entry, in insertion order */
  private readonly used: Int32Array;
  /** table[slot] = entry index + 1 (0 = empty) */
  private readonly table: Int32Array;
  private size = 0;
  private readonly scratch: Int32Array;

  /** A tally for states of `numDoses` doses and `memSlots` memory slots, holding up to `capacity` distinct states between flushes. */
  constructor(numDoses: number, memSlots: number, capacity = 4096) {
    this.width = recordWidth(numDoses, memSlots) + 1; // the state record, then the stop reason
    this.capacity = capacity;
    let tableSize = 1;
    while (tableSize < 2 * capacity) tableSize <<= 1;
    this.mask = tableSize - 1;
    this.table = new Int32Array(tableSize);
    this.records = new Int32Array(capacity * this.width);
    this.counts = new Float64Array(capacity);
    this.used = new Int32Array(capacity);
    this.scratch = new Int32Array(this.width);
  }

  /** True when the next new state could not be stored (flush first). */
  get full(): boolean {
    return this.size >= this.capacity;
  }

  /** Record one finished trial in state `s` that stopped for `reason`. */
  add(s: TrialState, reason: number): void {
    const r = this.scratch;
    writeRecord(s, r);
    let i = this.width - 1;
    r[i++] = reason;
    let h = 0x811c9dc5 | 0;
    for (let j = 0; j < i; j++) h = Math.imul(h ^ r[j], 0x01000193);
    h ^= h >>> 15;
    const W = this.width;
    let slot = h & this.mask;
    for (;;) {
      const e = this.table[slot];
      if (e === 0) break;
      const o = (e - 1) * W;
      let same = true;
      for (let j = 0; j < W; j++) {
        if (this.records[o + j] !== r[j]) {
          same = false;
          break;
        }
      }
      if (same) {
        this.counts[e - 1]++;
        return;
      }
      slot = (slot + 1) & this.mask;
    }
    const e = this.size++;
    this.records.set(r, e * W);
    this.counts[e] = 1;
    this.used[e] = slot;
    this.table[slot] = e + 1;
  }

  /**
   * Call `visit(state, reason, count)` for every distinct state recorded since the last flush,
   * in the order first seen, then empty the tally. `state` is rebuilt into `into`.
   */
  flush(into: TrialState, visit: (s: TrialState, reason: number, count: number) => void): void {
    const W = this.width;
    for (let e = 0; e < this.size; e++) {
      const o = e * W;
      readRecord(this.records, o, into);
      const reason = this.records[o + W - 1];
      visit(into, reason, this.counts[e]);
      this.table[this.used[e]] = 0;
    }
    this.size = 0;
  }
}
