/** Flag parsing shared by the commands: each bad value is a UsageError with one line. */
import { availableParallelism } from "node:os";
import { messages, UsageError } from "../config/messages.js";

export function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`${flag}: expected a positive integer, got "${value}"`);
  }
  return n;
}

/** A positive integer no larger than `max` (the limit is named in the error). */
export function positiveIntAtMost(flag: string, value: string, max: number, what: string): number {
  const n = Number(value);
  if (/^\d+$/.test(value.trim()) && Number.isFinite(n) && n > max) throw new UsageError(messages.tooMany(flag, what, max, n));
  return positiveInt(flag, value);
}

export function choice<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw new UsageError(`${flag}: expected one of ${allowed.join(", ")}, got "${value}"`);
  return value as T;
}

export function probability(flag: string, value: string): number {
  const x = Number(value);
  if (value.trim() === "" || !Number.isFinite(x) || x < 0 || x > 1) throw new UsageError(`${flag}: expected a probability in [0, 1], got "${value}"`);
  return x;
}

/** "0.05,0.1,0.2" → [0.05, 0.1, 0.2]. */
export function probabilityList(flag: string, value: string): number[] {
  const parts = value.split(",");
  return parts.map((p, i) => {
    const x = Number(p);
    if (p.trim() === "" || !Number.isFinite(x) || x < 0 || x > 1) {
      throw new UsageError(`${flag}: value ${i + 1} ("${p}") is not a probability in [0, 1]`);
    }
    return x;
  });
}

/**
 * `--workers k`: a positive integer, at most the machine's cores (each thread costs memory and
 * start-up and a thread beyond the cores adds no speed); a larger value is lowered to the cores
 * with a note on stderr.
 */
export function workerCount(flag: string, value: string): number {
  const n = positiveInt(flag, value);
  const cores = availableParallelism();
  if (n <= cores) return n;
  process.stderr.write(`doseladder: note: ${flag} ${n} is more than this machine's ${cores} cores; using ${cores}\n`);
  return cores;
}
