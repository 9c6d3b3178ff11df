/** Atomic output: write to a temporary file beside the target, then rename over it. */
import { accessSync, constants, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { describeFsError, IoError, UsageError } from "../config/messages.js";

/** The nearest part of `path` (itself or an ancestor) that exists, with its stat. */
function nearestExisting(path: string): { path: string; dir: boolean } {
  let p = resolve(path);
  for (;;) {
    try {
      return { path: p, dir: statSync(p).isDirectory() };
    } catch {
      const up = dirname(p);
      if (up === p) return { path: p, dir: true };
      p = up;
    }
  }
}

/**
 * Check, before any computing, that `file` can be written as a file: it is not a folder, no part of
 * its path is a file, and the nearest existing folder is writable.
 * @throws UsageError (a wrong path) or IoError (no permission).
 */
export function checkOutFile(flag: string, file: string): void {
  const at = nearestExisting(file);
  if (at.path === resolve(file)) {
    if (at.dir) throw new UsageError(`${flag}: ${file} is a folder; give a file name, e.g. ${join(file, "out.txt")}`);
    try {
      accessSync(at.path, constants.W_OK);
    } catch (e) {
      throw new IoError(`${flag}: cannot write ${file}: ${describeFsError(e)}`);
    }
    return;
  }
  if (!at.dir) throw new UsageError(`${flag}: cannot create ${file}: ${at.path} is a file, not a folder`);
  try {
    accessSync(at.path, constants.W_OK);
  } catch (e) {
    throw new IoError(`${flag}: cannot write into the folder ${at.path}: ${describeFsError(e)}`);
  }
}

/**
 * Check, before any computing, that `dir` can be an output folder: it is not a file, no part of
 * its path is a file, and the nearest existing folder is writable.
 * @throws UsageError (a wrong path) or IoError (no permission).
 */
export function checkOutDir(flag: string, dir: string): void {
  const at = nearestExisting(dir);
  if (!at.dir) {
    if (at.path === resolve(dir)) throw new UsageError(`${flag}: ${dir} is a file; give a folder (it holds several output files)`);
    throw new UsageError(`${flag}: cannot create the folder ${dir}: ${at.path} is a file, not a folder`);
  }
  try {
    accessSync(at.path, constants.W_OK);
  } catch (e) {
    throw new IoError(`${flag}: cannot write into the folder ${at.path}: ${describeFsError(e)}`);
  }
}

/**
 * Write `content` to `file` atomically: readers see the old file or the whole new one,
 * never a partial write, and an error leaves no temporary file behind.
 * @throws UsageError when `file` is a folder; IoError when it cannot be written.
 */
export function writeAtomic(file: string, content: string | Uint8Array): void {
  const dir = dirname(file);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new IoError(`cannot create the folder ${dir}: ${describeFsError(e)}`);
  }
  const tmp = join(dir, `.doseladder-tmp-${process.pid}-${Date.now()}-${basename(file)}`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    if ((e as NodeJS.ErrnoException).code === "EISDIR") throw new UsageError(`${file} is a folder; give a file name, e.g. ${join(file, "out.txt")}`);
    throw new IoError(`cannot write ${file}: ${describeFsError(e)}`);
  }
}
