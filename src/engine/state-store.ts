/**
 * A growable hash set of fixed-width integer records, each given a dense id (0, 1, 2, ...) in
 * insertion order. The Monte Carlo state graph stores its trial states and its final states in
 * it. Records are compared in full, so ids are exact: equal records always get the same id.
 */

/** FNV-1a over the record, then MurmurHash3's fmix32 so that the low bits are well mixed. */
export function hashInts(r: Int32Array, offset: number, width: number): number {
  let h = 0x811c9dc5 | 0;
  for (let j = 0; j < width; j++) h = Math.imul(h ^ r[offset + j], 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** A store's contents as plain typed arrays (what {@link StateStore.contents} gives and {@link StateStore.from} takes). */
export interface StoreContents {
  readonly width: number;
  readonly limit: number;
  readonly size: number;
  readonly records: Int32Array;
  readonly hashes: Int32Array;
  readonly table: Int32Array;
}

export class StateStore {
  /** Ints per record. */
  readonly width: number;
  /** The most records the store will hold; `add` refuses more. */
  readonly limit: number;
  /** Records held. */
  size = 0;
  /** records[id * width ..] is record id. Replaced when the store grows: read it after every `add`. */
  records: Int32Array;
  private hashes: Int32Array;
  /** table[slot] = id + 1 (0 = empty); at most half full. */
  private table: Int32Array;
  private mask: number;

  constructor(width: number, limit: number, initial = 256) {
    this.width = width;
    this.limit = Math.max(1, limit);
    const cap = Math.max(1, Math.min(initial, this.limit));
    this.records = new Int32Array(cap * width);
    this.hashes = new Int32Array(cap);
    let t = 4;
    while (t < 2 * cap) t <<= 1;
    this.table = new Int32Array(t);
    this.mask = t - 1;
  }

  /**
   * A store holding `c` (taken over, not copied: a copy made by structured cloning, for one
   * thread to start from another's states instead of finding them again).
   */
  static from(c: StoreContents): StateStore {
    const s = new StateStore(c.width, c.limit, 1);
    s.records = c.records;
    s.hashes = c.hashes;
    s.table = c.table;
    s.mask = c.table.length - 1;
    s.size = c.size;
    return s;
  }

  /** A copy of the store's arrays, trimmed to the records held (the hash table whole). */
  contents(): StoreContents {
    return { width: this.width, limit: this.limit, size: this.size, records: this.records.slice(0, this.size * this.width), hashes: this.hashes.slice(0, this.size), table: this.table.slice() };
  }

  /** True when no further record can be added. */
  get full(): boolean {
    return this.size >= this.limit;
  }

  /** The id of record `r` (its first `width` ints), or -1 when it is not stored. */
  find(r: Int32Array, h = hashInts(r, 0, this.width)): number {
    const W = this.width;
    const rec = this.records;
    let slot = h & this.mask;
    for (;;) {
      const e = this.table[slot];
      if (e === 0) return -1;
      const id = e - 1;
      if (this.hashes[id] === h) {
        const o = id * W;
        let j = 0;
        while (j < W && rec[o + j] === r[j]) j++;
        if (j === W) return id;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /** Store record `r`, known to be absent, and return its id; -1 when the store is full. */
  add(r: Int32Array, h = hashInts(r, 0, this.width)): number {
    if (this.size >= this.limit) return -1;
    const W = this.width;
    const id = this.size;
    if ((id + 1) * W > this.records.length) this.grow();
    if (2 * (id + 1) > this.table.length) this.rehash(this.table.length * 2);
    this.records.set(r.subarray(0, W), id * W);
    this.hashes[id] = h;
    let slot = h & this.mask;
    while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
    this.table[slot] = id + 1;
    this.size++;
    return id;
  }

  /** Empty the store (keeping its memory). */
  clear(): void {
    for (let id = 0; id < this.size; id++) {
      let slot = this.hashes[id] & this.mask;
      while (this.table[slot] !== 0) {
        this.table[slot] = 0;
        slot = (slot + 1) & this.mask;
      }
    }
    this.size = 0;
  }

  private grow(): void {
    const cap = Math.min(this.limit, Math.max(1, this.records.length / this.width) * 2);
    const records = new Int32Array(cap * this.width);
    records.set(this.records);
    this.records = records;
    const hashes = new Int32Array(cap);
    hashes.set(this.hashes);
    this.hashes = hashes;
  }

  private rehash(size: number): void {
    this.table = new Int32Array(size);
    this.mask = size - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = this.hashes[id] & this.mask;
      while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
      this.table[slot] = id + 1;
    }
  }
}
