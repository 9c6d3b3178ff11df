/**
 * Files other than JSON that a design names (a table design's CSV, `design.file`), as the page
 * has them: the user opens them with the design (file picker or drop), the page keeps them by
 * name, and every request to the engine carries them. In the page and its worker the loader's
 * `readFileSync` (the studio bundle's stand-in for node:fs, src/studio/build.ts) looks a path up
 * here by its last component, since a page knows no folders.
 */

/** The name under which the fs stand-in finds the opened files (a global: the stand-in is a separate module). */
export const OPENED_FILES_GLOBAL = "__doseladderOpenedFiles";

type Scope = Record<string, unknown>;

/** Make `files` (name -> text) the files the loader can read in this page or worker. */
export function setOpenedFiles(files: Readonly<Record<string, string>> | undefined): void {
  (globalThis as unknown as Scope)[OPENED_FILES_GLOBAL] = new Map(Object.entries(files ?? {}));
}

/** A key that changes when the opened files do (for results kept across edits). */
export function openedFilesKey(files: Readonly<Record<string, string>> | undefined): string {
  return files === undefined ? "" : JSON.stringify(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Whether a file of this name is a side file the page keeps (not a design, scenario or sweep). */
export function isSideFile(name: string): boolean {
  return /\.csv$/i.test(name);
}
