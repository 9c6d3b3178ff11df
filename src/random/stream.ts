/**
 * Seeded random streams. A `Uniform` returns numbers in [0, 1), the contract of
 * `Math.random`, d3-random sources and simple-statistics' `randomSource`, but it is always
 * passed in explicitly: doseladder never falls back to `Math.random`.
 *
 * Independent sub-streams are split off by (seed, block index), so a Monte Carlo run gives
 * the same results however its blocks are spread over workers or shards.
 */
import seedrandom from "seedrandom";

/** A source of uniform numbers in [0, 1). */
export type Uniform = () => number;

/** The generator behind every stream (recorded in outputs). */
export const GENERATOR = "seedrandom.alea";

/** A seeded stream whose state can be captured and restored. */
export interface Stream extends Uniform {
  state(): object;
}

/**
 * The stream for block `block` of a run seeded with `seed`.
 * @example streamFor("2024", 0)() // => the same number on every machine
 */
export function streamFor(seed: string, block: number): Stream {
  return seedrandom.alea(`${seed}/${block}`, { state: true }) as unknown as Stream;
}

/** Rebuild a stream from a captured `state()`, to replay it from that point. */
export function restoreStream(state: object): Stream {
  return seedrandom.alea("", { state: state as seedrandom.State.Alea }) as unknown as Stream;
}

const ALEA_BUFFER = 512;

/**
 * The same Alea sequence as `streamFor(seed, block)`, generated in batches into a buffer with
 * the generator's state in local variables: the Monte Carlo loop reads one number with an
 * array access instead of a closure call and four property writes. The seeding is seedrandom's
 * own (its Mash hash of the seed string), so the numbers are exactly seedrandom.alea's.
 */
/**
 * Uniforms served from a buffer: a hot loop may keep `buf` and `pos` in local variables, read
 * buf[pos++] while pos < buf.length, and call `refill()` (which sets pos to 0) when it runs out,
 * writing its `pos` back before anyone else calls `next()`.
 */
export interface BufferedUniform {
  readonly buf: Float64Array;
  pos: number;
  refill(): void;
  next(): number;
}

/** A {@link BufferedUniform} over any `Uniform`, one number at a time (it never draws ahead). */
export class UniformBuffer implements BufferedUniform {
  readonly buf = new Float64Array(1);
  pos = 1;
  constructor(private readonly u: Uniform) {}
  refill(): void {
    this.buf[0] = this.u();
    this.pos = 0;
  }
  next(): number {
    if (this.pos === 1) this.refill();
    return this.buf[this.pos++];
  }
}

export class AleaBuffer implements BufferedUniform {
  readonly buf = new Float64Array(ALEA_BUFFER);
  pos = ALEA_BUFFER;
  /**
   * The generator's state (the next number is computed from it once the buffer is used up). A
   * hot loop may copy it into local variables and generate inline with the same recurrence
   * while the buffer is empty, writing it back before anyone else draws (see {@link step}).
   */
  c = 0;
  s0 = 0;
  s1 = 0;
  s2 = 0;

  /** Restart at block `block` of a run seeded with `seed`. */
  reseed(seed: string, block: number): void {
    const st = (seedrandom.alea(`${seed}/${block}`, { state: true }) as unknown as { state(): { c: number; s0: number; s1: number; s2: number } }).state();
    this.c = st.c;
    this.s0 = st.s0;
    this.s1 = st.s1;
    this.s2 = st.s2;
    this.pos = ALEA_BUFFER;
  }

  /** The next uniform in [0, 1). */
  next(): number {
    if (this.pos === ALEA_BUFFER) this.refill();
    return this.buf[this.pos++];
  }

  /**
   * The next number straight from the state, without the buffer: for code sharing the state
   * with an inline loop. Only while the buffer is empty (pos === buf.length), as after `reseed`.
   */
  step(): number {
    const t = 2091639 * this.s0 + this.c * 2.3283064365386963e-10; // 2^-32
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.c = t | 0;
    return (this.s2 = t - this.c);
  }

  /** Generate the next batch into `buf` and set `pos` to 0. */
  refill(): void {
    let c = this.c;
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    const buf = this.buf;
    for (let i = 0; i < ALEA_BUFFER; i++) {
      const t = 2091639 * s0 + c * 2.3283064365386963e-10; // 2^-32
      s0 = s1;
      s1 = s2;
      c = t | 0;
      s2 = t - c;
      buf[i] = s2;
    }
    this.c = c;
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.pos = 0;
  }
}
