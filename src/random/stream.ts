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
