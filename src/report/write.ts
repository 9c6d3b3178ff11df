/** Atomic output: write to a temporary file beside the target, then rename over it. */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Write `content` to `file` atomically: readers see the old file or the whole new one,
 * never a partial write, and an error leaves no temporary file behind.
 */
export function writeAtomic(file: string, content: string | Uint8Array): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.doseladder-tmp-${process.pid}-${Date.now()}-${basename(file)}`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
